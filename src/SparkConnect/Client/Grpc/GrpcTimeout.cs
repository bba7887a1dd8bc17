using System.Globalization;

namespace Lakehouse.SparkConnect.Client.Grpc;

/// <summary>The <c>grpc-timeout</c> header: at most 8 digits and a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>Formats a positive timeout, rounding up so that a tiny remainder never becomes zero.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(timeout.Ticks, 1);
        if (ticks < TimeSpan.TicksPerMillisecond)
        {
            return Unit(CeilingDivide(ticks, TimeSpan.TicksPerMicrosecond), 'u');
        }

        // Milliseconds up to ~27 hours, then coarser units; values are capped at the largest the header allows.
        foreach (var (perUnit, unit) in new[] { (TimeSpan.TicksPerMillisecond, 'm'), (TimeSpan.TicksPerSecond, 'S'), (TimeSpan.TicksPerMinute, 'M') })
        {
            var value = CeilingDivide(ticks, perUnit);
            if (value <= MaxValue)
            {
                return Unit(value, unit);
            }
        }

        return Unit(Math.Min(CeilingDivide(ticks, TimeSpan.TicksPerHour), MaxValue), 'H');
    }

    private static long CeilingDivide(long value, long divisor) => (value / divisor) + (value % divisor == 0 ? 0 : 1);

    private static string Unit(long value, char unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
