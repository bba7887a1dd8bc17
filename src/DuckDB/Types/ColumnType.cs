using System.Globalization;
using Lakehouse.DuckDB.Native;

namespace Lakehouse.DuckDB.Types;

/// <summary>
/// A result column's DuckDB type, read once per result from its logical type (recursively for nested types),
/// so that reading a chunk needs no further native type calls.
/// </summary>
internal sealed class ColumnType
{
    private ColumnType(DuckDBTypeId id, string sqlName)
    {
        Id = id;
        SqlName = sqlName;
    }

    public DuckDBTypeId Id { get; }

    /// <summary>DuckDB's name for the type, e.g. DECIMAL(18,2), VARCHAR[], STRUCT("a" INTEGER).</summary>
    public string SqlName { get; }

    /// <summary>Physical storage of DECIMAL and ENUM values.</summary>
    public DuckDBTypeId InternalType { get; private init; }

    public byte Scale { get; private init; }

    public string[]? EnumValues { get; private init; }

    /// <summary>Element type of LIST and ARRAY; for MAP, the STRUCT(key, value) its entries are stored as.</summary>
    public ColumnType? Element { get; private init; }

    public ulong ArraySize { get; private init; }

    public (string Name, ColumnType Type)[]? Fields { get; private init; }

    public Type ClrType => Id switch
    {
        DuckDBTypeId.Boolean => typeof(bool),
        DuckDBTypeId.TinyInt => typeof(sbyte),
        DuckDBTypeId.SmallInt => typeof(short),
        DuckDBTypeId.Integer => typeof(int),
        DuckDBTypeId.BigInt => typeof(long),
        DuckDBTypeId.UTinyInt => typeof(byte),
        DuckDBTypeId.USmallInt => typeof(ushort),
        DuckDBTypeId.UInteger => typeof(uint),
        DuckDBTypeId.UBigInt => typeof(ulong),
        DuckDBTypeId.HugeInt => typeof(Int128),
        DuckDBTypeId.UHugeInt => typeof(UInt128),
        DuckDBTypeId.Float => typeof(float),
        DuckDBTypeId.Double => typeof(double),
        DuckDBTypeId.Decimal => typeof(decimal),
        DuckDBTypeId.Varchar or DuckDBTypeId.Enum => typeof(string),
        DuckDBTypeId.Blob => typeof(byte[]),
        DuckDBTypeId.Date => typeof(DateOnly),
        DuckDBTypeId.Time => typeof(TimeOnly),
        DuckDBTypeId.Timestamp or DuckDBTypeId.TimestampS or DuckDBTypeId.TimestampMs or DuckDBTypeId.TimestampNs => typeof(DateTime),
        DuckDBTypeId.TimestampTz => typeof(DateTimeOffset),
        DuckDBTypeId.Interval => typeof(DuckDBInterval),
        DuckDBTypeId.Uuid => typeof(Guid),
        DuckDBTypeId.List or DuckDBTypeId.Array => typeof(List<object?>),
        DuckDBTypeId.Struct => typeof(DuckDBStruct),
        DuckDBTypeId.Map => typeof(Dictionary<object, object?>),
        _ => typeof(object),
    };

    public static ColumnType From(LogicalTypeHandle type)
    {
        var id = NativeMethods.duckdb_get_type_id(type);
        switch (id)
        {
            case DuckDBTypeId.Decimal:
            {
                var width = NativeMethods.duckdb_decimal_width(type);
                var scale = NativeMethods.duckdb_decimal_scale(type);
                return new ColumnType(id, string.Create(CultureInfo.InvariantCulture, $"DECIMAL({width},{scale})"))
                {
                    Scale = scale,
                    InternalType = NativeMethods.duckdb_decimal_internal_type(type),
                };
            }

            case DuckDBTypeId.Enum:
            {
                var values = new string[NativeMethods.duckdb_enum_dictionary_size(type)];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = NativeMethods.TakeString(NativeMethods.duckdb_enum_dictionary_value(type, (ulong)i)) ?? string.Empty;
                }

                return new ColumnType(id, "ENUM") { InternalType = NativeMethods.duckdb_enum_internal_type(type), EnumValues = values };
            }

            case DuckDBTypeId.List:
            {
                using var child = NativeMethods.duckdb_list_type_child_type(type);
                var element = From(child);
                return new ColumnType(id, element.SqlName + "[]") { Element = element };
            }

            case DuckDBTypeId.Array:
            {
                using var child = NativeMethods.duckdb_array_type_child_type(type);
                var element = From(child);
                var size = NativeMethods.duckdb_array_type_array_size(type);
                return new ColumnType(id, string.Create(CultureInfo.InvariantCulture, $"{element.SqlName}[{size}]")) { Element = element, ArraySize = size };
            }

            case DuckDBTypeId.Struct:
            {
                var fields = new (string, ColumnType)[NativeMethods.duckdb_struct_type_child_count(type)];
                for (var i = 0; i < fields.Length; i++)
                {
                    var name = NativeMethods.TakeString(NativeMethods.duckdb_struct_type_child_name(type, (ulong)i)) ?? string.Empty;
                    using var child = NativeMethods.duckdb_struct_type_child_type(type, (ulong)i);
                    fields[i] = (name, From(child));
                }

                var sql = "STRUCT(" + string.Join(", ", fields.Select(f => QuoteIdentifier(f.Item1) + " " + f.Item2.SqlName)) + ")";
                return new ColumnType(id, sql) { Fields = fields };
            }

            case DuckDBTypeId.Map:
            {
                using var keyType = NativeMethods.duckdb_map_type_key_type(type);
                using var valueType = NativeMethods.duckdb_map_type_value_type(type);
                var key = From(keyType);
                var value = From(valueType);
                var entry = new ColumnType(DuckDBTypeId.Struct, "STRUCT") { Fields = [("key", key), ("value", value)] };
                return new ColumnType(id, $"MAP({key.SqlName}, {value.SqlName})") { Element = entry };
            }

            default:
                return new ColumnType(id, SimpleName(id));
        }
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string SimpleName(DuckDBTypeId id) => id switch
    {
        DuckDBTypeId.Boolean => "BOOLEAN",
        DuckDBTypeId.TinyInt => "TINYINT",
        DuckDBTypeId.SmallInt => "SMALLINT",
        DuckDBTypeId.Integer => "INTEGER",
        DuckDBTypeId.BigInt => "BIGINT",
        DuckDBTypeId.UTinyInt => "UTINYINT",
        DuckDBTypeId.USmallInt => "USMALLINT",
        DuckDBTypeId.UInteger => "UINTEGER",
        DuckDBTypeId.UBigInt => "UBIGINT",
        DuckDBTypeId.HugeInt => "HUGEINT",
        DuckDBTypeId.UHugeInt => "UHUGEINT",
        DuckDBTypeId.Float => "FLOAT",
        DuckDBTypeId.Double => "DOUBLE",
        DuckDBTypeId.Varchar => "VARCHAR",
        DuckDBTypeId.Blob => "BLOB",
        DuckDBTypeId.Date => "DATE",
        DuckDBTypeId.Time => "TIME",
        DuckDBTypeId.Timestamp => "TIMESTAMP",
        DuckDBTypeId.TimestampS => "TIMESTAMP_S",
        DuckDBTypeId.TimestampMs => "TIMESTAMP_MS",
        DuckDBTypeId.TimestampNs => "TIMESTAMP_NS",
        DuckDBTypeId.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDBTypeId.Interval => "INTERVAL",
        DuckDBTypeId.Uuid => "UUID",
        DuckDBTypeId.SqlNull => "NULL",
        DuckDBTypeId.Union => "UNION",
        DuckDBTypeId.Bit => "BIT",
        DuckDBTypeId.TimeTz => "TIME WITH TIME ZONE",
        DuckDBTypeId.BigNum => "BIGNUM",
        DuckDBTypeId.TimeNs => "TIME_NS",
        _ => id.ToString().ToUpperInvariant(),
    };
}
