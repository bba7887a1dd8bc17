using System.Collections;
using System.Globalization;
using System.Text;

namespace Lakehouse.DataFrame;

/// <summary>Spark's text form of values (as <c>show()</c> prints them) and its table layout.</summary>
internal static class ValueFormatter
{
    public static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => s,
        bool b => b ? "true" : "false",
        double d => JavaDouble(d),
        float f => JavaFloat(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => Timestamp(instant),
        byte[] bytes => "[" + string.Join(" ", bytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture))) + "]",
        Row row => "{" + string.Join(", ", row.Values.Select(Format)) + "}",
        IDictionary map => "{" + string.Join(", ", map.Keys.Cast<object>().Select(k => $"{Format(k)} -> {Format(map[k])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Spark's <c>showString</c>: +---+ borders, cells right-aligned, cut to 17 characters + "..." beyond 20 when truncating.</summary>
    public static string Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<object?>> rows, bool hasMoreRows, int numRows, int truncate)
    {
        string Cell(object? value)
        {
            var text = Format(value);
            if (truncate > 0 && text.Length > truncate)
            {
                text = truncate < 4 ? text[..truncate] : text[..(truncate - 3)] + "...";
            }

            return text;
        }

        var cells = rows.Select(r => r.Select(Cell).ToList()).ToList();
        var headerCells = header.Select(h => truncate > 0 && h.Length > truncate ? Cell(h) : h).ToList();
        var widths = headerCells.Select((h, i) => Math.Max(3, Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length)))).ToList();
        var separator = "+" + string.Join("+", widths.Select(w => new string('-', w))) + "+\n";
        string Line(IReadOnlyList<string> values) =>
            "|" + string.Join("|", values.Select((v, i) => truncate > 0 ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))) + "|\n";

        var builder = new StringBuilder();
        builder.Append(separator).Append(Line(headerCells)).Append(separator);
        foreach (var row in cells)
        {
            builder.Append(Line(row));
        }

        builder.Append(separator);
        if (hasMoreRows)
        {
            builder.Append("only showing top ").Append(numRows.ToString(CultureInfo.InvariantCulture)).Append(numRows == 1 ? " row\n" : " rows\n");
        }

        return builder.ToString();
    }

    private static string Timestamp(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        return fraction == 0 ? text : text + "." + (fraction / 10).ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>Java's Double.toString: plain between 1e-3 and 1e7 (with at least one decimal), scientific (1.0E7) outside.</summary>
    internal static string JavaDouble(double value) => JavaFloating(value, value.ToString("R", CultureInfo.InvariantCulture));

    internal static string JavaFloat(float value) => JavaFloating(value, value.ToString("R", CultureInfo.InvariantCulture));

    private static string JavaFloating(double value, string shortest)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        var exponent = 0;
        var e = body.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..e];
        }

        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var digits = body.Replace(".", string.Empty, StringComparison.Ordinal);
        var pointPosition = (dot < 0 ? body.Length : dot) + exponent; // digits before the decimal point
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        pointPosition -= leadingZeros;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var magnitude = Math.Abs(value);
        string text;
        if (magnitude >= 1e-3 && magnitude < 1e7)
        {
            if (pointPosition <= 0)
            {
                text = "0." + new string('0', -pointPosition) + digits;
            }
            else if (pointPosition >= digits.Length)
            {
                text = digits + new string('0', pointPosition - digits.Length) + ".0";
            }
            else
            {
                text = digits[..pointPosition] + "." + digits[pointPosition..];
            }
        }
        else
        {
            var mantissa = digits.Length == 1 ? digits + ".0" : digits[..1] + "." + digits[1..];
            text = mantissa + "E" + (pointPosition - 1).ToString(CultureInfo.InvariantCulture);
        }

        return negative ? "-" + text : text;
    }
}
