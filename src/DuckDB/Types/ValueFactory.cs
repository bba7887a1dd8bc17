using System.Buffers.Binary;
using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using Lakehouse.DuckDB.Native;

namespace Lakehouse.DuckDB.Types;

/// <summary>
/// Turns a CLR value into a DuckDB value for binding or appending. Values travel as typed native values,
/// never as SQL text.
/// </summary>
internal static unsafe class ValueFactory
{
    /// <summary>The CLR types a parameter may have (besides null, lists, maps and <see cref="DuckDBStruct"/>).</summary>
    internal const string SupportedTypes =
        "bool, sbyte, byte, short, ushort, int, uint, long, ulong, Int128, UInt128, float, double, decimal, string, char, byte[], " +
        "DateOnly, TimeOnly, DateTime (TIMESTAMP), DateTimeOffset (TIMESTAMPTZ), Guid, DuckDBInterval, DuckDBStruct (STRUCT), IDictionary (MAP), IEnumerable (LIST)";

    public static ValueHandle Create(object? value)
    {
        var handle = CreateUnchecked(value);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new ArgumentException($"DuckDB could not make a value of the {value!.GetType().Name} '{value}'.", nameof(value));
        }

        return handle;
    }

    private static ValueHandle CreateUnchecked(object? value) => value switch
    {
        null or DBNull => NativeMethods.duckdb_create_null_value(),
        bool v => NativeMethods.duckdb_create_bool(v),
        sbyte v => NativeMethods.duckdb_create_int8(v),
        byte v => NativeMethods.duckdb_create_uint8(v),
        short v => NativeMethods.duckdb_create_int16(v),
        ushort v => NativeMethods.duckdb_create_uint16(v),
        int v => NativeMethods.duckdb_create_int32(v),
        uint v => NativeMethods.duckdb_create_uint32(v),
        long v => NativeMethods.duckdb_create_int64(v),
        ulong v => NativeMethods.duckdb_create_uint64(v),
        Int128 v => NativeMethods.duckdb_create_hugeint(new DuckDBHugeInt(v)),
        UInt128 v => NativeMethods.duckdb_create_uhugeint(new DuckDBUHugeInt { Lower = (ulong)v, Upper = (ulong)(v >> 64) }),
        float v => NativeMethods.duckdb_create_float(v),
        double v => NativeMethods.duckdb_create_double(v),
        decimal v => CreateDecimal(v),
        string v => CreateVarchar(v),
        char v => CreateVarchar(v.ToString()),
        byte[] v => CreateBlob(v),
        DateOnly v => NativeMethods.duckdb_create_date(v.DayNumber - UnixEpoch.DayNumber),
        TimeOnly v => NativeMethods.duckdb_create_time(v.Ticks / TimeSpan.TicksPerMicrosecond),
        DateTime v => NativeMethods.duckdb_create_timestamp(ToMicros(v.Ticks)),
        DateTimeOffset v => NativeMethods.duckdb_create_timestamp_tz(ToMicros(v.UtcTicks)),
        Guid v => CreateUuid(v),
        DuckDBInterval v => NativeMethods.duckdb_create_interval(new DuckDBIntervalStruct { Months = v.Months, Days = v.Days, Micros = v.Micros }),
        DuckDBStruct v => CreateStruct(v),
        IDictionary v => CreateMap(v),
        IEnumerable v => CreateList(v),
        _ => throw new NotSupportedException($"A value of type {value.GetType()} cannot be passed to DuckDB; supported: {SupportedTypes}."),
    };

    // Floor division: a tick count before 1970 rounds down to the microsecond, not toward the epoch.
    private static long ToMicros(long ticks) => Math.DivRem(ticks - UnixEpoch.Ticks, TimeSpan.TicksPerMicrosecond) is var (q, r) && r < 0 ? q - 1 : q;

    private static ValueHandle CreateVarchar(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        fixed (byte* p = bytes)
        {
            return NativeMethods.duckdb_create_varchar_length(p, (ulong)bytes.Length);
        }
    }

    private static ValueHandle CreateBlob(byte[] data)
    {
        fixed (byte* p = data)
        {
            return NativeMethods.duckdb_create_blob(p, (ulong)data.Length);
        }
    }

    private static ValueHandle CreateDecimal(decimal value)
    {
        var (unscaled, scale) = DecimalConversion.FromDecimal(value);
        var digits = Int128.Abs(unscaled) == 0 ? 1 : (int)Math.Floor(Math.Log10((double)Int128.Abs(unscaled))) + 1;
        var width = (byte)Math.Clamp(Math.Max(digits, scale + 1), 1, 38);
        return NativeMethods.duckdb_create_decimal(new DuckDBDecimal { Width = width, Scale = scale, Value = new DuckDBHugeInt(unscaled) });
    }

    private static ValueHandle CreateUuid(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return NativeMethods.duckdb_create_uuid(new DuckDBUHugeInt
        {
            Upper = BinaryPrimitives.ReadUInt64BigEndian(bytes),
            Lower = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        });
    }

    private static ValueHandle CreateList(IEnumerable items)
    {
        var values = new List<ValueHandle>();
        try
        {
            foreach (var item in items)
            {
                values.Add(Create(item));
            }

            using var elementType = ElementType(values, ElementClrType(items.GetType()), "list");
            return WithPointers(values, p => NativeMethods.duckdb_create_list_value(elementType.DangerousGetHandle(), p, (ulong)values.Count));
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }

    private static ValueHandle CreateMap(IDictionary map)
    {
        var keys = new List<ValueHandle>();
        var values = new List<ValueHandle>();
        try
        {
            foreach (DictionaryEntry entry in map)
            {
                keys.Add(Create(entry.Key));
                values.Add(Create(entry.Value));
            }

            var generic = map.GetType().GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))?.GetGenericArguments();
            using var keyType = ElementType(keys, generic?[0], "map key");
            using var valueType = ElementType(values, generic?[1], "map value");
            using var mapType = NativeMethods.duckdb_create_map_type(keyType.DangerousGetHandle(), valueType.DangerousGetHandle());
            return WithPointers(keys, k => WithPointers(values, v => NativeMethods.duckdb_create_map_value(mapType.DangerousGetHandle(), k, v, (ulong)keys.Count)));
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
            values.ForEach(v => v.Dispose());
        }
    }

    private static ValueHandle CreateStruct(DuckDBStruct value)
    {
        var values = new List<ValueHandle>();
        var names = new List<IntPtr>();
        try
        {
            foreach (var (name, field) in value)
            {
                values.Add(Create(field));
                names.Add(Marshal.StringToCoTaskMemUTF8(name));
            }

            var types = values.Select(v => NativeMethods.duckdb_get_value_type(v)).ToArray();
            fixed (IntPtr* typePointers = types)
            fixed (IntPtr* namePointers = names.ToArray())
            {
                using var structType = NativeMethods.duckdb_create_struct_type(typePointers, (byte**)namePointers, (ulong)values.Count);
                return WithPointers(values, p => NativeMethods.duckdb_create_struct_value(structType.DangerousGetHandle(), p));
            }
        }
        finally
        {
            values.ForEach(v => v.Dispose());
            names.ForEach(Marshal.FreeCoTaskMem);
        }
    }

    private delegate ValueHandle PointerFunc(IntPtr* pointers);

    private static ValueHandle WithPointers(List<ValueHandle> values, PointerFunc create)
    {
        // DuckDB rejects a null array even for zero elements, so an empty list still passes a real pointer.
        var pointers = values.Count == 0 ? new IntPtr[1] : values.Select(v => v.DangerousGetHandle()).ToArray();
        fixed (IntPtr* p = pointers)
        {
            var created = create(p);
            GC.KeepAlive(values);
            return created;
        }
    }

    /// <summary>
    /// The element type of a list or map: that of its non-NULL elements (which must agree), else the one
    /// the CLR collection type declares, else VARCHAR (a list of only NULLs casts to any list type).
    /// </summary>
    private static LogicalTypeHandle ElementType(List<ValueHandle> values, Type? declared, string what)
    {
        var typeIds = values
            .Select(v => NativeMethods.duckdb_get_value_type(v))
            .Where(t => NativeMethods.duckdb_get_type_id_borrowed(t) != DuckDBTypeId.SqlNull)
            .ToList();
        if (typeIds.Count > 0)
        {
            var distinct = typeIds.Select(NativeMethods.duckdb_get_type_id_borrowed).Distinct().ToList();
            if (distinct.Count > 1)
            {
                throw new ArgumentException($"The elements of a {what} must share one type; found {string.Join(", ", distinct)}.");
            }

            // The value's type is borrowed; a list of lists or structs needs the full nested type, so copy it through a value.
            return CopyType(typeIds[0]);
        }

        return NativeMethods.duckdb_create_logical_type(declared is null ? DuckDBTypeId.Varchar : TypeIdFor(declared));
    }

    private static LogicalTypeHandle CopyType(IntPtr borrowed)
    {
        // duckdb_create_list_type copies its child type; unwrapping it again yields an owned copy of the original.
        using var list = NativeMethods.duckdb_create_list_type(borrowed);
        return NativeMethods.duckdb_list_type_child_type(list);
    }

    private static Type? ElementClrType(Type collection) =>
        collection.IsArray ? collection.GetElementType()
        : collection.GetInterfaces().Append(collection).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static DuckDBTypeId TypeIdFor(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(bool) => DuckDBTypeId.Boolean,
        var t when t == typeof(sbyte) => DuckDBTypeId.TinyInt,
        var t when t == typeof(byte) => DuckDBTypeId.UTinyInt,
        var t when t == typeof(short) => DuckDBTypeId.SmallInt,
        var t when t == typeof(ushort) => DuckDBTypeId.USmallInt,
        var t when t == typeof(int) => DuckDBTypeId.Integer,
        var t when t == typeof(uint) => DuckDBTypeId.UInteger,
        var t when t == typeof(long) => DuckDBTypeId.BigInt,
        var t when t == typeof(ulong) => DuckDBTypeId.UBigInt,
        var t when t == typeof(Int128) => DuckDBTypeId.HugeInt,
        var t when t == typeof(float) => DuckDBTypeId.Float,
        var t when t == typeof(double) => DuckDBTypeId.Double,
        var t when t == typeof(byte[]) => DuckDBTypeId.Blob,
        var t when t == typeof(DateOnly) => DuckDBTypeId.Date,
        var t when t == typeof(DateTime) => DuckDBTypeId.Timestamp,
        var t when t == typeof(DateTimeOffset) => DuckDBTypeId.TimestampTz,
        var t when t == typeof(Guid) => DuckDBTypeId.Uuid,
        _ => DuckDBTypeId.Varchar,
    };
}
