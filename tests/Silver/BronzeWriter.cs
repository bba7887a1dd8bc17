using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lakehouse.Common.Lake;

namespace Lakehouse.Silver.Tests;

/// <summary>Lands hand-made bronze batches (records as NDJSON lines plus a manifest), as the bronze job would.</summary>
internal static class BronzeWriter
{
    public static BronzeBatch Land(string lake, string source, string entity, string runId, DateOnly ingestDate, IEnumerable<string> records)
    {
        var lines = records.ToList();
        return Write(lake, source, entity, runId, ingestDate, "part-00000.json", "ndjson", string.Concat(lines.Select(l => l + "\n")), lines.Count);
    }

    /// <summary>Lands one CSV file byte for byte, as bronze does for a <c>csv</c> files source.</summary>
    public static BronzeBatch LandCsv(string lake, string source, string entity, string runId, DateOnly ingestDate, string content, int records) =>
        Write(lake, source, entity, runId, ingestDate, "part-00000.csv", "csv", content, records);

    /// <summary>Lands several CSV files as the parts of one batch (a files source whose location matches several files).</summary>
    public static BronzeBatch LandCsvParts(string lake, string source, string entity, string runId, DateOnly ingestDate, params string[] contents)
    {
        var batch = Write(lake, source, entity, runId, ingestDate, "part-00000.csv", "csv", contents[0], 0);
        var files = new List<BatchFile>(batch.Manifest.Files);
        for (var i = 1; i < contents.Length; i++)
        {
            var name = $"part-{i:D5}.csv";
            var bytes = Encoding.UTF8.GetBytes(contents[i]);
            File.WriteAllBytes(Path.Combine(batch.Directory, name), bytes);
            files.Add(new BatchFile(name, 0, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }

        return batch with { Manifest = batch.Manifest with { Files = files } };
    }

    private static BronzeBatch Write(string lake, string source, string entity, string runId, DateOnly ingestDate, string fileName, string format, string content, int records)
    {
        var directory = new LakeLayout(lake).BronzeBatch(source, entity, ingestDate, runId);
        Directory.CreateDirectory(directory);
        var bytes = Encoding.UTF8.GetBytes(content);
        File.WriteAllBytes(Path.Combine(directory, fileName), bytes);
        var manifest = new BatchManifest
        {
            RunId = runId,
            Source = source,
            Entity = entity,
            SourceUrl = "test://" + entity,
            IngestDate = ingestDate,
            Format = format,
            Pages = 1,
            Records = records,
            DuplicateRecords = 0,
            Files = [new BatchFile(fileName, records, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)))],
            StartedAt = DateTimeOffset.UnixEpoch,
            FinishedAt = DateTimeOffset.UnixEpoch,
        };
        File.WriteAllBytes(Path.Combine(directory, LakeLayout.ManifestFileName), JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        return new BronzeBatch(directory, manifest);
    }
}
