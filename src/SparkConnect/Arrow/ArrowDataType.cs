using System.Globalization;

namespace Lakehouse.SparkConnect.Arrow;

/// <summary>The Arrow logical types this reader decodes.</summary>
public enum ArrowTypeKind
{
    /// <summary>Every value is null.</summary>
    Null,

    /// <summary>Bit-packed booleans.</summary>
    Boolean,

    /// <summary>Signed or unsigned integers of 8, 16, 32 or 64 bits.</summary>
    Int,

    /// <summary>IEEE 754 half, single or double precision.</summary>
    FloatingPoint,

    /// <summary>Fixed-point decimal, 128 bits.</summary>
    Decimal,

    /// <summary>UTF-8 text with 32-bit offsets.</summary>
    Utf8,

    /// <summary>UTF-8 text with 64-bit offsets.</summary>
    LargeUtf8,

    /// <summary>Bytes with 32-bit offsets.</summary>
    Binary,

    /// <summary>Bytes with 64-bit offsets.</summary>
    LargeBinary,

    /// <summary>Bytes of one fixed width.</summary>
    FixedSizeBinary,

    /// <summary>Days (32-bit) or milliseconds (64-bit) since 1970-01-01.</summary>
    Date,

    /// <summary>Time of day.</summary>
    Time,

    /// <summary>Point in time, with or without a time zone.</summary>
    Timestamp,

    /// <summary>Elapsed time.</summary>
    Duration,

    /// <summary>Variable-length list with 32-bit offsets.</summary>
    List,

    /// <summary>Variable-length list with 64-bit offsets.</summary>
    LargeList,

    /// <summary>List of a fixed length.</summary>
    FixedSizeList,

    /// <summary>Named child fields.</summary>
    Struct,

    /// <summary>List of key/value entries.</summary>
    Map,
}

/// <summary>Unit of time, date and timestamp values.</summary>
public enum ArrowTimeUnit
{
    /// <summary>Seconds.</summary>
    Second,

    /// <summary>Milliseconds.</summary>
    Millisecond,

    /// <summary>Microseconds.</summary>
    Microsecond,

    /// <summary>Nanoseconds.</summary>
    Nanosecond,
}

/// <summary>An Arrow type with its parameters (bit width, unit, time zone, precision and so on).</summary>
public sealed class ArrowDataType
{
    internal ArrowDataType(ArrowTypeKind kind)
    {
        Kind = kind;
    }

    /// <summary>The logical type.</summary>
    public ArrowTypeKind Kind { get; }

    /// <summary>Bits per value: integers (8..64), floating point (16, 32, 64), decimals (128), times (32, 64), dates (32 days, 64 milliseconds).</summary>
    public int BitWidth { get; internal init; }

    /// <summary>Whether an integer type is signed.</summary>
    public bool IsSigned { get; internal init; }

    /// <summary>Decimal precision (total digits).</summary>
    public int Precision { get; internal init; }

    /// <summary>Decimal scale (digits after the point).</summary>
    public int Scale { get; internal init; }

    /// <summary>Unit of time, timestamp and duration values.</summary>
    public ArrowTimeUnit Unit { get; internal init; }

    /// <summary>Time zone of a timestamp; null for a wall-clock timestamp without zone.</summary>
    public string? TimeZone { get; internal init; }

    /// <summary>Width of a fixed-size binary, or length of a fixed-size list.</summary>
    public int FixedWidth { get; internal init; }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ArrowTypeKind.Int => string.Create(CultureInfo.InvariantCulture, $"{(IsSigned ? "int" : "uint")}{BitWidth}"),
        ArrowTypeKind.FloatingPoint => string.Create(CultureInfo.InvariantCulture, $"float{BitWidth}"),
        ArrowTypeKind.Decimal => string.Create(CultureInfo.InvariantCulture, $"decimal{BitWidth}({Precision}, {Scale})"),
        ArrowTypeKind.Date => string.Create(CultureInfo.InvariantCulture, $"date{BitWidth}"),
        ArrowTypeKind.Time => string.Create(CultureInfo.InvariantCulture, $"time{BitWidth}[{Unit}]"),
        ArrowTypeKind.Timestamp => TimeZone is null ? $"timestamp[{Unit}]" : $"timestamp[{Unit}, {TimeZone}]",
        ArrowTypeKind.Duration => $"duration[{Unit}]",
        ArrowTypeKind.FixedSizeBinary or ArrowTypeKind.FixedSizeList =>
            string.Create(CultureInfo.InvariantCulture, $"{Kind}({FixedWidth})"),
        _ => Kind.ToString(),
    };
}
