namespace Lakehouse.SparkConnect.Arrow.Ipc;

/// <summary>Exact conversion of an Arrow decimal (unscaled integer and scale) to <see cref="decimal"/>.</summary>
internal static class DecimalConversion
{
    private const int MaxDecimalScale = 28;
    private static readonly UInt128 MaxMantissa = (UInt128.One << 96) - 1;

    /// <summary>The exact value, or null when <see cref="decimal"/> cannot hold it without rounding.</summary>
    public static decimal? ToDecimal(Int128 unscaled, int scale)
    {
        var negative = Int128.IsNegative(unscaled);
        // Int128.MinValue has no positive counterpart, so take the magnitude in unsigned arithmetic.
        var magnitude = negative ? (UInt128)(-(unscaled + 1)) + 1 : (UInt128)unscaled;

        for (; scale < 0; scale++)
        {
            if (magnitude > MaxMantissa / 10)
            {
                return null;
            }

            magnitude *= 10;
        }

        // Trailing zeros beyond decimal's 28 places can go without changing the value.
        for (; scale > MaxDecimalScale && magnitude % 10 == 0; scale--)
        {
            magnitude /= 10;
        }

        if (scale > MaxDecimalScale || magnitude > MaxMantissa)
        {
            return null;
        }

        return new decimal(
            (int)(uint)magnitude,
            (int)(uint)(magnitude >> 32),
            (int)(uint)(magnitude >> 64),
            negative,
            (byte)scale);
    }
}
