using Lakehouse.Bronze.Json;

namespace Lakehouse.Bronze.Sources;

/// <summary>What an ingester fetched into its batch.</summary>
internal sealed record IngestStats(string SourceUrl, int Pages, long Records, long Duplicates, long? ReportedTotal, int DriftRestarts);

/// <summary>Counts records per page and duplicate keys across the batch.</summary>
internal sealed class RecordCounter
{
    private readonly HashSet<long> _numbers = [];
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);

    public int Pages { get; private set; }

    public long Records { get; private set; }

    public long Duplicates { get; private set; }

    public void AddPage(int records, PageKeys keys)
    {
        Pages++;
        Records += records;
        foreach (var key in keys.Numbers)
        {
            if (!_numbers.Add(key))
            {
                Duplicates++;
            }
        }

        foreach (var key in keys.Texts)
        {
            if (!_texts.Add(key))
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
