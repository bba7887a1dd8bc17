namespace Lakehouse.Bronze.Sources;

/// <summary>What an ingester fetched into its batch.</summary>
internal sealed record IngestStats(string SourceUrl, int Pages, long Records, long Duplicates, long? ReportedTotal, int DriftRestarts);

/// <summary>Counts records per page and duplicate keys across the batch.</summary>
internal sealed class RecordCounter
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public int Pages { get; private set; }

    public long Records { get; private set; }

    public long Duplicates { get; private set; }

    public void AddPage(IEnumerable<string?> keys)
    {
        Pages++;
        foreach (var key in keys)
        {
            Records++;
            if (key is not null && !_keys.Add(key))
            {
                Duplicates++;
            }
        }
    }

    public void AddFile(long records)
    {
        Pages++;
        Records += records;
    }
}
