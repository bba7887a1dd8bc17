namespace Lakehouse.Benchmarks;

/// <summary>Summaries of repeated measurements.</summary>
internal static class Samples
{
    /// <summary>The middle value; with an even count, the mean of the two middle values.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
