using System.Globalization;

namespace Lakehouse.DuckDB.Types;

/// <summary>Exact conversion between DuckDB's scaled integers and System.Decimal; never rounds.</summary>
internal static class DecimalConversion
{
    private const int MaxDecimalScale = 28;
    private static readonly UInt128 MaxMantissa = (UInt128.One << 96) - 1;

    /// <summary>The decimal for <paramref name="unscaled"/> / 10^scale, or null when System.Decimal cannot hold it exactly.</summary>
    public static decimal? ToDecimal(Int128 unscaled, int scale)
    {
        var negative = Int128.IsNegative(unscaled);
        var magnitude = negative ? (UInt128)(-unscaled) : (UInt128)unscaled;

        // Trailing zeros of the fraction carry no value; dropping them may let a wide value fit.
        while ((magnitude > MaxMantissa || scale > MaxDecimalScale) && scale > 0 && magnitude % 10 == 0)
        {
            magnitude /= 10;
            scale--;
        }

        if (magnitude > MaxMantissa || scale > MaxDecimalScale)
        {
            return null;
        }

        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, (byte)scale);
    }

    /// <summary>Splits a decimal into its unscaled integer and scale.</summary>
    public static (Int128 Unscaled, byte Scale) FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var negative = bits[3] < 0;
        var scale = (byte)((bits[3] >> 16) & 0xFF);
        var unscaled = (Int128)magnitude;
        return (negative ? -unscaled : unscaled, scale);
    }

    /// <summary>Renders the exact value for error messages.</summary>
    public static string Format(Int128 unscaled, int scale)
    {
        var digits = Int128.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return Int128.IsNegative(unscaled) ? "-" + text : text;
    }
}
