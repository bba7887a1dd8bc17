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
        var directory = new LakeLayout(lake).BronzeBatch(source, entity, ingestDate, runId);
        Directory.CreateDirectory(directory);
        var lines = records.ToList();
        var bytes = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
        File.WriteAllBytes(Path.Combine(directory, "part-00000.json"), bytes);
        var manifest = new BatchManifest
        {
            RunId = runId,
            Source = source,
            Entity = entity,
            SourceUrl = "test://" + entity,
            IngestDate = ingestDate,
            Format = "ndjson",
            Pages = 1,
            Records = lines.Count,
            DuplicateRecords = 0,
            Files = [new BatchFile("part-00000.json", lines.Count, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)))],
            StartedAt = DateTimeOffset.UnixEpoch,
            FinishedAt = DateTimeOffset.UnixEpoch,
        };
        File.WriteAllBytes(Path.Combine(directory, LakeLayout.ManifestFileName), JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        return new BronzeBatch(directory, manifest);
    }
}
