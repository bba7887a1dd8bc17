using System.Buffers;
using System.Text.Json;
using Lakehouse.DuckDB;

namespace Lakehouse.Delta;

/// <summary>
/// Writes a classic single-file V1 checkpoint (PROTOCOL.md, Checkpoints): one row per protocol, metaData, txn, add and
/// remove (tombstone) action, each a struct column, with the column types of the protocol's checkpoint schema.
/// The actions are serialized by <see cref="ActionCodec"/> to a temporary NDJSON file, converted to parquet by DuckDB
/// (<c>read_json</c> with explicit column types), written under a temporary name and renamed into place. Then
/// <c>_last_checkpoint</c> is replaced. The log store must expose local paths.
/// </summary>
internal static class CheckpointWriter
{
    private const string Columns =
        "{'protocol': 'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])', "
        + "'metaData': 'STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options MAP(VARCHAR, VARCHAR)), schemaString VARCHAR, partitionColumns VARCHAR[], configuration MAP(VARCHAR, VARCHAR), createdTime BIGINT)', "
        + "'txn': 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)', "
        + "'add': 'STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR))', "
        + "'remove': 'STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT)'}";

    /// <summary>Spark's default <c>delta.deletedFileRetentionDuration</c>.</summary>
    private static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    /// <summary>
    /// Writes the checkpoint. Tombstones whose <c>deletionTimestamp</c> is older than <paramref name="now"/> minus
    /// <c>delta.deletedFileRetentionDuration</c> (default one week) have expired and are left out.
    /// </summary>
    public static void Write(DuckDBConnection connection, IDeltaLogStore store, Snapshot snapshot, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var retention = Retention(snapshot.Metadata);
        var expiredBefore = (now - retention).ToUnixTimeMilliseconds();
        var actions = new List<DeltaAction> { snapshot.Protocol, snapshot.Metadata };
        actions.AddRange(snapshot.Transactions.Values);
        actions.AddRange(snapshot.Files.Select(f => new AddFile
        {
            Path = f.Path,
            PartitionValues = f.PartitionValues,
            Size = f.Size,
            ModificationTime = f.ModificationTime,
            DataChange = false,
            Stats = f.Stats,
            Tags = f.Tags,
        }));
        actions.AddRange(snapshot.Tombstones.Where(r => r.DeletionTimestamp is not { } deleted || deleted >= expiredBefore).Select(r => new RemoveFile
        {
            Path = r.Path,
            DeletionTimestamp = r.DeletionTimestamp,
            DataChange = false,
            ExtendedFileMetadata = r.ExtendedFileMetadata,
            PartitionValues = r.PartitionValues,
            Size = r.Size,
        }));

        var name = LogPaths.CheckpointName(snapshot.Version);
        var unique = Guid.NewGuid().ToString("N");
        var jsonPath = store.LogFilePath($".{name}.{unique}.json.tmp");
        var parquetPath = store.LogFilePath($".{name}.{unique}.tmp");
        try
        {
            File.WriteAllBytes(jsonPath, ActionCodec.SerializeCommit(actions));
            connection.ExecuteNonQuery(
                $"COPY (SELECT \"protocol\", \"metaData\", \"txn\", \"add\", \"remove\" FROM read_json({DuckDBTypes.QuoteLiteral(jsonPath)}, format = 'newline_delimited', columns = {Columns})) "
                + $"TO {DuckDBTypes.QuoteLiteral(parquetPath)} (FORMAT parquet, COMPRESSION snappy)",
                cancellationToken: cancellationToken);
            var size = new FileInfo(parquetPath).Length;
            File.Move(parquetPath, store.LogFilePath(name), overwrite: true);

            var buffer = new ArrayBufferWriter<byte>();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("version", snapshot.Version);
                w.WriteNumber("size", actions.Count);
                w.WriteNumber("sizeInBytes", size);
                w.WriteNumber("numOfAddFiles", snapshot.Files.Count);
                w.WriteEndObject();
            }

            store.WriteReplace(LogPaths.LastCheckpoint, buffer.WrittenSpan, cancellationToken);
        }
        finally
        {
            File.Delete(jsonPath);
            File.Delete(parquetPath);
        }
    }

    /// <summary>The table's <c>delta.deletedFileRetentionDuration</c>, default one week.</summary>
    public static TimeSpan Retention(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.deletedFileRetentionDuration", out var configured) && configured is not null
            ? ParseInterval(configured) ?? DefaultRetention
            : DefaultRetention;

    /// <summary>Parses Spark's <c>interval N unit</c> (week, day, hour, minute, second; plural allowed); null when not understood.</summary>
    internal static TimeSpan? ParseInterval(string text)
    {
        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !string.Equals(parts[0], "interval", StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        return parts[2].ToLowerInvariant().TrimEnd('s') switch
        {
            "week" => TimeSpan.FromDays(7 * n),
            "day" => TimeSpan.FromDays(n),
            "hour" => TimeSpan.FromHours(n),
            "minute" => TimeSpan.FromMinutes(n),
            "second" => TimeSpan.FromSeconds(n),
            _ => null,
        };
    }
}
