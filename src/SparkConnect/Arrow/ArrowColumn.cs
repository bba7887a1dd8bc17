using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Lakehouse.SparkConnect.Arrow.Ipc;

namespace Lakehouse.SparkConnect.Arrow;

/// <summary>
/// The values of one field in one record batch. Values are decoded on demand from the stream's bytes.
/// </summary>
/// <remarks>
/// <see cref="GetValue"/> maps Arrow types to CLR values as follows:
/// <list type="bullet">
/// <item>null type: always <see langword="null"/>; boolean: <see cref="bool"/>.</item>
/// <item>int8/16/32/64: <see cref="sbyte"/>, <see cref="short"/>, <see cref="int"/>, <see cref="long"/>;
/// uint8/16/32/64: <see cref="byte"/>, <see cref="ushort"/>, <see cref="uint"/>, <see cref="ulong"/>.</item>
/// <item>float16/32/64: <see cref="Half"/>, <see cref="float"/>, <see cref="double"/>.</item>
/// <item>decimal128: <see cref="decimal"/>; a value outside <see cref="decimal"/>'s range (more than 96 bits
/// of digits, or more than 28 significant decimal places) throws <see cref="OverflowException"/>
/// rather than losing digits.</item>
/// <item>utf8 / large utf8: <see cref="string"/>; binary, large binary, fixed-size binary: <see cref="byte"/>[].</item>
/// <item>date32: <see cref="DateOnly"/>; date64: <see cref="DateTime"/> with <see cref="DateTimeKind.Unspecified"/>
/// (date64 counts milliseconds and may carry a time of day).</item>
/// <item>timestamp with a time zone (Spark TIMESTAMP): <see cref="DateTimeOffset"/> at offset zero, the instant;
/// convert it to <see cref="ArrowDataType.TimeZone"/> if wall-clock time in that zone is wanted.
/// Timestamp without a time zone (Spark TIMESTAMP_NTZ): <see cref="DateTime"/> with
/// <see cref="DateTimeKind.Unspecified"/>, the wall-clock reading.</item>
/// <item>time32/time64: <see cref="TimeSpan"/> since midnight (a <see cref="TimeSpan"/> because Arrow allows 24:00:00);
/// duration: <see cref="TimeSpan"/>.</item>
/// <item>Nanosecond values are truncated toward the past to .NET's 100-nanosecond ticks.</item>
/// <item>list, large list, fixed-size list: <see cref="IReadOnlyList{T}"/> of <see cref="object"/>;
/// struct: <see cref="IReadOnlyDictionary{TKey, TValue}"/> from field name to value, in field order;
/// map: <see cref="IReadOnlyList{T}"/> of <see cref="KeyValuePair{TKey, TValue}"/>.</item>
/// </list>
/// </remarks>
public sealed class ArrowColumn
{
    private const long UnixEpochTicks = 621_355_968_000_000_000;
    private const int UnixEpochDayNumber = 719_162;

    private readonly ReadOnlyMemory<byte> _validity;
    private readonly ReadOnlyMemory<byte>[] _buffers;
    private readonly ArrowColumn[] _children;

    internal ArrowColumn(
        ArrowField field,
        int length,
        int nullCount,
        ReadOnlyMemory<byte> validity,
        ReadOnlyMemory<byte>[] buffers,
        ArrowColumn[] children)
    {
        Field = field;
        Length = length;
        NullCount = nullCount;
        _validity = validity;
        _buffers = buffers;
        _children = children;
    }

    /// <summary>The field this column holds.</summary>
    public ArrowField Field { get; }

    /// <summary>Number of values (rows at the top level).</summary>
    public int Length { get; }

    /// <summary>Number of null values.</summary>
    public int NullCount { get; }

    /// <summary>Whether the value at <paramref name="row"/> is null.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in 0..Length-1.</exception>
    public bool IsNull(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Length);
        if (Field.DataType.Kind == ArrowTypeKind.Null)
        {
            return true;
        }

        // An absent bitmap means no nulls (the writer may omit it when the null count is zero).
        return NullCount != 0 && !IsBitSet(_validity.Span, row);
    }

    /// <summary>The value at <paramref name="row"/>, or <see langword="null"/>; see the type mapping in the remarks.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in 0..Length-1.</exception>
    /// <exception cref="OverflowException">The value cannot be represented by the mapped CLR type.</exception>
    /// <exception cref="ArrowFormatException">The value's offsets point outside the stream's buffers.</exception>
    public object? GetValue(int row)
    {
        if (IsNull(row))
        {
            return null;
        }

        var type = Field.DataType;
        return type.Kind switch
        {
            ArrowTypeKind.Boolean => IsBitSet(_buffers[0].Span, row),
            ArrowTypeKind.Int => ReadInteger(type, row),
            ArrowTypeKind.FloatingPoint => ReadFloatingPoint(type, row),
            ArrowTypeKind.Decimal => ReadDecimal(type, row),
            ArrowTypeKind.Utf8 => Encoding.UTF8.GetString(VariableSlice(row, largeOffsets: false)),
            ArrowTypeKind.LargeUtf8 => Encoding.UTF8.GetString(VariableSlice(row, largeOffsets: true)),
            ArrowTypeKind.Binary => VariableSlice(row, largeOffsets: false).ToArray(),
            ArrowTypeKind.LargeBinary => VariableSlice(row, largeOffsets: true).ToArray(),
            ArrowTypeKind.FixedSizeBinary => _buffers[0].Span.Slice(row * type.FixedWidth, type.FixedWidth).ToArray(),
            ArrowTypeKind.Date => ReadDate(type, row),
            ArrowTypeKind.Time => TimeSpan.FromTicks(ToTicks(ReadTimeValue(type, row), type.Unit, row)),
            ArrowTypeKind.Timestamp => ReadTimestamp(type, row),
            ArrowTypeKind.Duration => TimeSpan.FromTicks(ToTicks(ReadInt64(row), type.Unit, row)),
            ArrowTypeKind.List => ReadList(row, largeOffsets: false),
            ArrowTypeKind.LargeList => ReadList(row, largeOffsets: true),
            ArrowTypeKind.FixedSizeList => ReadRange(_children[0], (long)row * type.FixedWidth, ((long)row + 1) * type.FixedWidth),
            ArrowTypeKind.Struct => ReadStruct(row),
            ArrowTypeKind.Map => ReadMap(row),
            _ => throw new InvalidOperationException($"Unhandled Arrow type {type}."),
        };
    }

    private static bool IsBitSet(ReadOnlySpan<byte> bitmap, int index) => (bitmap[index >> 3] & (1 << (index & 7))) != 0;

    private object ReadInteger(ArrowDataType type, int row)
    {
        var data = _buffers[0].Span;
        return (type.BitWidth, type.IsSigned) switch
        {
            (8, true) => (sbyte)data[row],
            (8, false) => data[row],
            (16, true) => BinaryPrimitives.ReadInt16LittleEndian(data[(row * 2)..]),
            (16, false) => BinaryPrimitives.ReadUInt16LittleEndian(data[(row * 2)..]),
            (32, true) => BinaryPrimitives.ReadInt32LittleEndian(data[(row * 4)..]),
            (32, false) => BinaryPrimitives.ReadUInt32LittleEndian(data[(row * 4)..]),
            (64, true) => BinaryPrimitives.ReadInt64LittleEndian(data[(row * 8)..]),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(data[(row * 8)..]),
        };
    }

    private object ReadFloatingPoint(ArrowDataType type, int row)
    {
        var data = _buffers[0].Span;
        return type.BitWidth switch
        {
            16 => BinaryPrimitives.ReadHalfLittleEndian(data[(row * 2)..]),
            32 => BinaryPrimitives.ReadSingleLittleEndian(data[(row * 4)..]),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(data[(row * 8)..]),
        };
    }

    private decimal ReadDecimal(ArrowDataType type, int row)
    {
        var unscaled = BinaryPrimitives.ReadInt128LittleEndian(_buffers[0].Span[(row * 16)..]);
        return DecimalConversion.ToDecimal(unscaled, type.Scale)
            ?? throw new OverflowException(string.Create(
                CultureInfo.InvariantCulture,
                $"Column '{Field.Name}' row {row}: decimal({type.Precision}, {type.Scale}) value with unscaled digits {unscaled} does not fit System.Decimal (96-bit mantissa, at most 28 decimal places)."));
    }

    private long ReadInt64(int row) => BinaryPrimitives.ReadInt64LittleEndian(_buffers[0].Span[(row * 8)..]);

    private long ReadTimeValue(ArrowDataType type, int row) => type.BitWidth == 32
        ? BinaryPrimitives.ReadInt32LittleEndian(_buffers[0].Span[(row * 4)..])
        : ReadInt64(row);

    private object ReadDate(ArrowDataType type, int row)
    {
        if (type.BitWidth == 32)
        {
            var days = (long)BinaryPrimitives.ReadInt32LittleEndian(_buffers[0].Span[(row * 4)..]);
            var dayNumber = UnixEpochDayNumber + days;
            if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
            {
                throw Unrepresentable(row, days, "DateOnly");
            }

            return DateOnly.FromDayNumber((int)dayNumber);
        }

        return new DateTime(ToDateTimeTicks(ReadInt64(row), ArrowTimeUnit.Millisecond, row), DateTimeKind.Unspecified);
    }

    private object ReadTimestamp(ArrowDataType type, int row)
    {
        var ticks = ToDateTimeTicks(ReadInt64(row), type.Unit, row);
        // Cast each branch: DateTime converts implicitly to DateTimeOffset, which would unify the two.
        return type.TimeZone is null
            ? (object)new DateTime(ticks, DateTimeKind.Unspecified)
            : (object)new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private long ToDateTimeTicks(long value, ArrowTimeUnit unit, int row)
    {
        var sinceEpoch = ToTicks(value, unit, row);
        if (sinceEpoch < -UnixEpochTicks || sinceEpoch > DateTime.MaxValue.Ticks - UnixEpochTicks)
        {
            throw Unrepresentable(row, value, "DateTime");
        }

        return UnixEpochTicks + sinceEpoch;
    }

    private long ToTicks(long value, ArrowTimeUnit unit, int row)
    {
        try
        {
            return unit switch
            {
                ArrowTimeUnit.Second => checked(value * TimeSpan.TicksPerSecond),
                ArrowTimeUnit.Millisecond => checked(value * TimeSpan.TicksPerMillisecond),
                ArrowTimeUnit.Microsecond => checked(value * TimeSpan.TicksPerMicrosecond),
                _ => FloorDivide(value, 100),
            };
        }
        catch (OverflowException)
        {
            throw Unrepresentable(row, value, "TimeSpan ticks");
        }
    }

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private OverflowException Unrepresentable(int row, long value, string target) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"Column '{Field.Name}' row {row}: {Field.DataType} value {value} is outside the range of {target}."));

    private ReadOnlySpan<byte> VariableSlice(int row, bool largeOffsets)
    {
        var (start, end) = Offsets(row, largeOffsets);
        var data = _buffers[1].Span;
        if (end > data.Length)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Column '{Field.Name}' row {row}: offsets {start}..{end} lie outside the {data.Length}-byte data buffer."));
        }

        return data[(int)start..(int)end];
    }

    private (long Start, long End) Offsets(int row, bool largeOffsets)
    {
        var offsets = _buffers[0].Span;
        var (start, end) = largeOffsets
            ? (BinaryPrimitives.ReadInt64LittleEndian(offsets[(row * 8)..]), BinaryPrimitives.ReadInt64LittleEndian(offsets[((row + 1) * 8)..]))
            : (BinaryPrimitives.ReadInt32LittleEndian(offsets[(row * 4)..]), (long)BinaryPrimitives.ReadInt32LittleEndian(offsets[((row + 1) * 4)..]));
        if (start < 0 || end < start)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Column '{Field.Name}' row {row}: offsets {start}..{end} are not ascending."));
        }

        return (start, end);
    }

    private object?[] ReadList(int row, bool largeOffsets)
    {
        var (start, end) = Offsets(row, largeOffsets);
        return ReadRange(_children[0], start, end);
    }

    private object?[] ReadRange(ArrowColumn child, long start, long end)
    {
        if (end > child.Length)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Column '{Field.Name}': child range {start}..{end} exceeds the child's {child.Length} values."));
        }

        var values = new object?[end - start];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = child.GetValue((int)start + i);
        }

        return values;
    }

    private Dictionary<string, object?> ReadStruct(int row)
    {
        var values = new Dictionary<string, object?>(_children.Length, StringComparer.Ordinal);
        foreach (var child in _children)
        {
            values[child.Field.Name] = child.GetValue(row);
        }

        return values;
    }

    private KeyValuePair<object?, object?>[] ReadMap(int row)
    {
        var (start, end) = Offsets(row, largeOffsets: false);
        var entries = _children[0];
        if (end > entries.Length)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Column '{Field.Name}' row {row}: map entries {start}..{end} exceed the {entries.Length} entries."));
        }

        var keys = entries._children[0];
        var values = entries._children[1];
        var pairs = new KeyValuePair<object?, object?>[end - start];
        for (var i = 0; i < pairs.Length; i++)
        {
            var entry = (int)start + i;
            pairs[i] = new KeyValuePair<object?, object?>(keys.GetValue(entry), values.GetValue(entry));
        }

        return pairs;
    }
}
