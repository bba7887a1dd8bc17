using System.Text;
using Lakehouse.DuckDB.Native;

namespace Lakehouse.DuckDB.Types;

/// <summary>
/// Reads the values of one vector of a data chunk straight from DuckDB's memory. Valid only while the
/// chunk it came from is alive; nested types read their child vectors recursively.
/// </summary>
internal sealed unsafe class VectorReader
{
    private readonly ColumnType _type;
    private readonly string _columnName;
    private readonly IntPtr _data;
    private readonly ulong* _validity;
    private readonly VectorReader? _element;
    private readonly VectorReader[]? _fields;

    public VectorReader(ColumnType type, IntPtr vector, string columnName)
    {
        _type = type;
        _columnName = columnName;
        _data = NativeMethods.duckdb_vector_get_data(vector);
        _validity = (ulong*)NativeMethods.duckdb_vector_get_validity(vector);
        switch (type.Id)
        {
            case DuckDBTypeId.List or DuckDBTypeId.Map:
                _element = new VectorReader(type.Element!, NativeMethods.duckdb_list_vector_get_child(vector), columnName);
                break;
            case DuckDBTypeId.Array:
                _element = new VectorReader(type.Element!, NativeMethods.duckdb_array_vector_get_child(vector), columnName);
                break;
            case DuckDBTypeId.Struct:
                _fields = new VectorReader[type.Fields!.Length];
                for (var i = 0; i < _fields.Length; i++)
                {
                    _fields[i] = new VectorReader(type.Fields[i].Type, NativeMethods.duckdb_struct_vector_get_child(vector, (ulong)i), columnName);
                }

                break;
        }
    }

    public bool IsValid(ulong row) => _validity == null || (_validity[row >> 6] & (1UL << (int)(row & 63))) != 0;

    /// <summary>The value at <paramref name="row"/>, or null for SQL NULL.</summary>
    public object? GetValue(ulong row)
    {
        if (!IsValid(row))
        {
            return null;
        }

        return _type.Id switch
        {
            DuckDBTypeId.Boolean => Read<byte>(row) != 0,
            DuckDBTypeId.TinyInt => Read<sbyte>(row),
            DuckDBTypeId.SmallInt => Read<short>(row),
            DuckDBTypeId.Integer => Read<int>(row),
            DuckDBTypeId.BigInt => Read<long>(row),
            DuckDBTypeId.UTinyInt => Read<byte>(row),
            DuckDBTypeId.USmallInt => Read<ushort>(row),
            DuckDBTypeId.UInteger => Read<uint>(row),
            DuckDBTypeId.UBigInt => Read<ulong>(row),
            DuckDBTypeId.HugeInt => Read<DuckDBHugeInt>(row).ToInt128(),
            DuckDBTypeId.UHugeInt => ReadUHugeInt(row),
            DuckDBTypeId.Float => Read<float>(row),
            DuckDBTypeId.Double => Read<double>(row),
            DuckDBTypeId.Decimal => ReadDecimal(row),
            DuckDBTypeId.Varchar => GetString(row),
            DuckDBTypeId.Blob => DuckDBStringT.Read(_data, row).ToArray(),
            DuckDBTypeId.Enum => ReadEnum(row),
            DuckDBTypeId.Date => ToDate(Read<int>(row)),
            DuckDBTypeId.Time => new TimeOnly(Read<long>(row) * TimeSpan.TicksPerMicrosecond),
            DuckDBTypeId.Timestamp => ToDateTime(Read<long>(row), TimeSpan.TicksPerMicrosecond),
            DuckDBTypeId.TimestampS => ToDateTime(Read<long>(row), TimeSpan.TicksPerSecond),
            DuckDBTypeId.TimestampMs => ToDateTime(Read<long>(row), TimeSpan.TicksPerMillisecond),
            DuckDBTypeId.TimestampNs => ToDateTime(Read<long>(row) / 100, 1),
            DuckDBTypeId.TimestampTz => new DateTimeOffset(ToDateTime(Read<long>(row), TimeSpan.TicksPerMicrosecond).Ticks, TimeSpan.Zero),
            DuckDBTypeId.Interval => ReadInterval(row),
            DuckDBTypeId.Uuid => ReadUuid(row),
            DuckDBTypeId.List or DuckDBTypeId.Array => ReadList(row),
            DuckDBTypeId.Struct => ReadStruct(row),
            DuckDBTypeId.Map => ReadMap(row),
            DuckDBTypeId.SqlNull => null,
            _ => throw new NotSupportedException(
                $"Column '{_columnName}' has DuckDB type {_type.SqlName}, which this binding does not read; cast it in SQL, e.g. CAST(\"{_columnName}\" AS VARCHAR)."),
        };
    }

    /// <summary>A VARCHAR value without boxing.</summary>
    public string GetString(ulong row) => Encoding.UTF8.GetString(DuckDBStringT.Read(_data, row));

    private T Read<T>(ulong row)
        where T : unmanaged => ((T*)_data)[row];

    private UInt128 ReadUHugeInt(ulong row)
    {
        var value = Read<DuckDBUHugeInt>(row);
        return new UInt128(value.Upper, value.Lower);
    }

    private decimal ReadDecimal(ulong row)
    {
        Int128 unscaled = _type.InternalType switch
        {
            DuckDBTypeId.SmallInt => Read<short>(row),
            DuckDBTypeId.Integer => Read<int>(row),
            DuckDBTypeId.BigInt => Read<long>(row),
            _ => Read<DuckDBHugeInt>(row).ToInt128(),
        };
        return DecimalConversion.ToDecimal(unscaled, _type.Scale)
            ?? throw new OverflowException(
                $"Column '{_columnName}' holds {_type.SqlName} value {DecimalConversion.Format(unscaled, _type.Scale)}, which System.Decimal cannot hold exactly; cast it to VARCHAR or DOUBLE in SQL.");
    }

    private string ReadEnum(ulong row)
    {
        var index = _type.InternalType switch
        {
            DuckDBTypeId.UTinyInt => Read<byte>(row),
            DuckDBTypeId.USmallInt => Read<ushort>(row),
            _ => Read<uint>(row),
        };
        return _type.EnumValues![index];
    }

    private DuckDBInterval ReadInterval(ulong row)
    {
        var value = Read<DuckDBIntervalStruct>(row);
        return new DuckDBInterval(value.Months, value.Days, value.Micros);
    }

    private Guid ReadUuid(ulong row)
    {
        // DuckDB stores a UUID as a HUGEINT with the top bit flipped, so that signed order is UUID order.
        var value = Read<DuckDBHugeInt>(row);
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, (ulong)value.Upper ^ (1UL << 63));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], value.Lower);
        return new Guid(bytes, bigEndian: true);
    }

    private List<object?> ReadList(ulong row)
    {
        ulong offset, length;
        if (_type.Id == DuckDBTypeId.Array)
        {
            offset = row * _type.ArraySize;
            length = _type.ArraySize;
        }
        else
        {
            var entry = Read<DuckDBListEntry>(row);
            offset = entry.Offset;
            length = entry.Length;
        }

        var list = new List<object?>(checked((int)length));
        for (var i = offset; i < offset + length; i++)
        {
            list.Add(_element!.GetValue(i));
        }

        return list;
    }

    private DuckDBStruct ReadStruct(ulong row)
    {
        var fields = new KeyValuePair<string, object?>[_fields!.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = new(_type.Fields![i].Name, _fields[i].GetValue(row));
        }

        return new DuckDBStruct(fields);
    }

    private Dictionary<object, object?> ReadMap(ulong row)
    {
        var entry = Read<DuckDBListEntry>(row);
        var map = new Dictionary<object, object?>(checked((int)entry.Length));
        var entries = _element!;
        for (var i = entry.Offset; i < entry.Offset + entry.Length; i++)
        {
            var key = entries._fields![0].GetValue(i) ?? throw new InvalidOperationException($"Column '{_columnName}' has a MAP entry with a NULL key.");
            map[key] = entries._fields[1].GetValue(i);
        }

        return map;
    }

    private DateOnly ToDate(int days)
    {
        var dayNumber = (long)days + UnixEpoch.DayNumber;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            throw new OverflowException($"Column '{_columnName}' holds a DATE outside DateOnly's range (years 1-9999, or infinity); cast it to VARCHAR in SQL.");
        }

        return DateOnly.FromDayNumber((int)dayNumber);
    }

    private DateTime ToDateTime(long units, long ticksPerUnit)
    {
        try
        {
            return new DateTime(checked(UnixEpoch.Ticks + (units * ticksPerUnit)), DateTimeKind.Unspecified);
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException)
        {
            throw new OverflowException($"Column '{_columnName}' holds a {_type.SqlName} outside DateTime's range (years 1-9999, or infinity); cast it to VARCHAR in SQL.", e);
        }
    }
}
