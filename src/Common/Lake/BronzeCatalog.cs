using System.Globalization;
using System.Text.Json;

namespace Lakehouse.Common.Lake;

/// <summary>A landed bronze batch: its manifest and where its files are.</summary>
/// <param name="Directory">The batch folder.</param>
/// <param name="Manifest">Its manifest.</param>
public sealed record BronzeBatch(string Directory, BatchManifest Manifest)
{
    /// <summary>The id silver records, per table, to apply each batch exactly once (a Delta txn appId).</summary>
    public string ApplicationId => $"bronze/{Manifest.Source}/{Manifest.Entity}/{Manifest.RunId}";

    /// <summary>The part files, in order.</summary>
    public IEnumerable<string> FilePaths => Manifest.Files.Select(f => Path.Combine(Directory, f.Path));

    /// <summary>True when every part is a CSV file (bronze lands a <c>csv</c> files source byte for byte, as .csv parts).</summary>
    public bool IsCsv => Manifest.Files.Count > 0 && Manifest.Files.All(IsCsvPart);

    /// <summary>True when some parts are CSV and others are not (a batch silver can read neither way).</summary>
    public bool MixesCsv => !IsCsv && Manifest.Files.Any(IsCsvPart);

    private static bool IsCsvPart(BatchFile file) => file.Path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Finds the batches of a bronze entity: only folders whose manifest exists count.</summary>
public static class BronzeCatalog
{
    private static readonly JsonSerializerOptions ManifestJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Every landed batch of <paramref name="source"/>/<paramref name="entity"/>, oldest first (ingest date, then run id).</summary>
    public static IReadOnlyList<BronzeBatch> List(LakeLayout layout, string source, string entity)
    {
        var root = layout.BronzeEntity(source, entity);
        if (!System.IO.Directory.Exists(root))
        {
            return [];
        }

        var batches = new List<BronzeBatch>();
        foreach (var dateFolder in System.IO.Directory.EnumerateDirectories(root, "ingest_date=*"))
        {
            foreach (var runFolder in System.IO.Directory.EnumerateDirectories(dateFolder, "run_id=*"))
            {
                var manifestPath = Path.Combine(runFolder, LakeLayout.ManifestFileName);
                if (!File.Exists(manifestPath))
                {
                    continue; // an unfinished or crashed batch: not data
                }

                var manifest = JsonSerializer.Deserialize<BatchManifest>(File.ReadAllBytes(manifestPath), ManifestJson)
                    ?? throw new InvalidDataException($"The bronze manifest '{manifestPath}' is empty.");
                batches.Add(new BronzeBatch(runFolder, manifest));
            }
        }

        return [.. batches
            .OrderBy(b => b.Manifest.IngestDate)
            .ThenBy(b => b.Manifest.RunId, StringComparer.Ordinal)];
    }

    /// <summary>The ingest date of a batch, as Spark and DuckDB write dates.</summary>
    public static string IngestDateText(BronzeBatch batch) => batch.Manifest.IngestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
