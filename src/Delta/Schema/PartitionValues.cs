using System.Globalization;
using System.Text;

namespace Lakehouse.Delta;

/// <summary>
/// Partition values in their serialized string form (PROTOCOL.md, Partition Value Serialization) parsed by type.
/// A null or empty string is NULL. Timestamps without an offset (<c>2021-09-08 11:11:11</c>) are read as UTC;
/// ISO-8601 values with <c>Z</c> or an offset are converted to UTC.
/// </summary>
public static class PartitionValues
{
    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// Parses a serialized partition value: string → string, long → long, integer → int, short → short,
    /// byte → sbyte, float → float, double → double, boolean → bool, binary → byte[], date → DateOnly,
    /// timestamp → DateTimeOffset (UTC), decimal → decimal. Returns null for NULL.
    /// </summary>
    /// <exception cref="FormatException">The value does not have the form PROTOCOL.md gives for the type.</exception>
    public static object? Parse(string? value, DeltaDataType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        try
        {
            return type switch
            {
                PrimitiveType { Name: "string" } => value,
                PrimitiveType { Name: "long" } => long.Parse(value, NumberStyles.AllowLeadingSign, inv),
                PrimitiveType { Name: "integer" } => int.Parse(value, NumberStyles.AllowLeadingSign, inv),
                PrimitiveType { Name: "short" } => short.Parse(value, NumberStyles.AllowLeadingSign, inv),
                PrimitiveType { Name: "byte" } => sbyte.Parse(value, NumberStyles.AllowLeadingSign, inv),
                PrimitiveType { Name: "float" } => float.Parse(value, NumberStyles.Float, inv),
                PrimitiveType { Name: "double" } => double.Parse(value, NumberStyles.Float, inv),
                PrimitiveType { Name: "boolean" } => ParseBoolean(value),
                PrimitiveType { Name: "binary" } => Encoding.Latin1.GetBytes(value),
                PrimitiveType { Name: "date" } => DateOnly.ParseExact(value, "yyyy-MM-dd", inv),
                PrimitiveType { Name: "timestamp" } => ParseTimestamp(value),
                DecimalType d => ParseDecimal(value, d),
                _ => throw new FormatException($"Type {type.SimpleString} cannot be a partition column."),
            };
        }
        catch (OverflowException ex)
        {
            throw new FormatException($"Partition value '{value}' is out of range for {type.SimpleString}.", ex);
        }
    }

    /// <summary>Parses a timestamp partition value to a UTC instant.</summary>
    public static DateTimeOffset ParseTimestamp(string value)
    {
        if (DateTimeOffset.TryParseExact(
                value,
                TimestampFormats,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var result))
        {
            return result.ToUniversalTime();
        }

        throw new FormatException($"'{value}' is not a Delta timestamp partition value (yyyy-MM-dd HH:mm:ss[.ffffff] or ISO-8601).");
    }

    /// <summary>
    /// The text to bind for a serialized partition value of <paramref name="type"/> (then cast to the column's DuckDB
    /// type), or null for NULL. Decimals are validated and passed as text, so values wider than System.Decimal
    /// (up to 38 digits) are exact; other types go through <see cref="Parse"/> and <see cref="ToSqlText"/>.
    /// </summary>
    /// <exception cref="FormatException">The value does not have the form PROTOCOL.md gives for the type.</exception>
    public static string? ToSqlParameter(string? value, DeltaDataType type)
    {
        if (type is DecimalType && !string.IsNullOrEmpty(value))
        {
            var digits = value.AsSpan().TrimStart("+-");
            var dot = digits.IndexOf('.');
            var integerPart = dot < 0 ? digits : digits[..dot];
            var fraction = dot < 0 ? [] : digits[(dot + 1)..];
            if (integerPart.IsEmpty || integerPart.ContainsAnyExcept("0123456789") || fraction.ContainsAnyExcept("0123456789") || (dot >= 0 && fraction.IsEmpty))
            {
                // Exponent forms (1E+3) and anything else go through the typed parser.
                return ToSqlText(Parse(value, type));
            }

            var decimalType = (DecimalType)type;
            if (integerPart.TrimStart('0').Length > decimalType.Precision - decimalType.Scale)
            {
                throw new FormatException($"Partition value '{value}' does not fit {type.SimpleString}.");
            }

            return value;
        }

        return ToSqlText(Parse(value, type));
    }

    /// <summary>
    /// The canonical text DuckDB casts to the column's SQL type without depending on its time zone or locale:
    /// timestamps as <c>yyyy-MM-dd HH:mm:ss.ffffff+00</c>, binary as <c>\xHH</c> escapes.
    /// </summary>
    public static string? ToSqlText(object? value) => value switch
    {
        null => null,
        string s => s,
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => string.Concat(bytes.Select(x => "\\x" + x.ToString("X2", CultureInfo.InvariantCulture))),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"Unsupported partition value type {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>Serializes a typed value as a partition value string (the writer's form; timestamps as ISO-8601 UTC).</summary>
    public static string? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        byte[] bytes => Encoding.Latin1.GetString(bytes),
        _ => ToSqlText(value),
    };

    private static bool ParseBoolean(string value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? true
        : string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? false
        : throw new FormatException($"'{value}' is not a boolean partition value (true or false).");

    private static decimal ParseDecimal(string value, DecimalType type)
    {
        var result = decimal.Parse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        var integerDigits = type.Precision - type.Scale;
        if (decimal.Truncate(Math.Abs(result)) >= Pow10(integerDigits))
        {
            throw new FormatException($"Partition value '{value}' does not fit {type.SimpleString}.");
        }

        return result;
    }

    private static decimal Pow10(int digits)
    {
        if (digits >= 28)
        {
            return decimal.MaxValue;
        }

        var result = 1m;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }

        return result;
    }
}
