using System.Globalization;
using System.Text.Json;

namespace Lakehouse.Delta;

/// <summary>One commit of a table's history (Spark's <c>DESCRIBE HISTORY</c>).</summary>
/// <param name="Version">The table version.</param>
/// <param name="Timestamp">The commit timestamp (commitInfo.timestamp, else the commit file's modification time).</param>
/// <param name="Operation">The operation (WRITE, MERGE, DELETE, ...), or null when the commit has no commitInfo.</param>
/// <param name="OperationParameters">commitInfo.operationParameters (values as written: strings, JSON text otherwise).</param>
/// <param name="OperationMetrics">commitInfo.operationMetrics.</param>
/// <param name="FilesAdded">Number of <c>add</c> actions.</param>
/// <param name="FilesRemoved">Number of <c>remove</c> actions.</param>
/// <param name="RowsAdded">Sum of <c>numRecords</c> of the added files' statistics (null when a file has none).</param>
public sealed record DeltaHistoryEntry(
    long Version,
    DateTimeOffset Timestamp,
    string? Operation,
    IReadOnlyDictionary<string, string> OperationParameters,
    IReadOnlyDictionary<string, string> OperationMetrics,
    int FilesAdded,
    int FilesRemoved,
    long? RowsAdded)
{
    /// <summary>An operation metric as a number, or null when the commit does not record it.</summary>
    public long? Metric(string name) =>
        OperationMetrics.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}

/// <summary>The commit history.</summary>
public sealed partial class DeltaTable
{
    /// <summary>The commits still in the log, newest first (at most <paramref name="limit"/>). Versions only kept in a checkpoint are left out.</summary>
    public IReadOnlyList<DeltaHistoryEntry> History(int? limit = null, CancellationToken cancellationToken = default)
    {
        var listing = _log.ListLog(cancellationToken);
        var result = new List<DeltaHistoryEntry>();
        foreach (var (version, entry) in listing.Commits.Reverse())
        {
            if (limit is { } max && result.Count >= max)
            {
                break;
            }

            var name = LogPaths.CommitName(version);
            var bytes = Store.Read(name, cancellationToken);
            if (bytes is null)
            {
                continue;
            }

            var actions = ActionCodec.ParseCommit(bytes, Path, name);
            var info = actions.OfType<CommitInfoAction>().FirstOrDefault();
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
            if (info is not null)
            {
                using var document = JsonDocument.Parse(info.Json);
                Collect(document.RootElement, "operationParameters", parameters);
                Collect(document.RootElement, "operationMetrics", metrics);
            }

            var adds = actions.OfType<AddFile>().ToList();
            long? rows = 0;
            foreach (var add in adds)
            {
                rows = add.Stats is null ? null : rows + NumRecords(add);
            }

            var timestamp = info?.InCommitTimestamp ?? info?.Timestamp;
            result.Add(new DeltaHistoryEntry(
                version,
                timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : entry.LastModified,
                info?.Operation,
                parameters,
                metrics,
                adds.Count,
                actions.OfType<RemoveFile>().Count(),
                rows));
        }

        return result;

        static void Collect(JsonElement root, string property, Dictionary<string, string> into)
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in map.EnumerateObject())
                {
                    into[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }
        }
    }
}
