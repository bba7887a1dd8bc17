namespace Lakehouse.Delta;

/// <summary>One action of the transaction log (one line of a commit file, one row of a checkpoint).</summary>
public abstract class DeltaAction
{
    private protected DeltaAction()
    {
    }
}

/// <summary>The <c>protocol</c> action: versions and table features needed to read and write the table.</summary>
public sealed class ProtocolAction : DeltaAction
{
    /// <summary>Minimum reader protocol version.</summary>
    public required int MinReaderVersion { get; init; }

    /// <summary>Minimum writer protocol version.</summary>
    public required int MinWriterVersion { get; init; }

    /// <summary>Reader features (only when <see cref="MinReaderVersion"/> is 3), else null.</summary>
    public IReadOnlyList<string>? ReaderFeatures { get; init; }

    /// <summary>Writer features (only when <see cref="MinWriterVersion"/> is 7), else null.</summary>
    public IReadOnlyList<string>? WriterFeatures { get; init; }
}

/// <summary>The <c>format</c> struct of a <c>metaData</c> action.</summary>
public sealed class FormatSpec
{
    /// <summary>The file format provider, <c>parquet</c> for every table we write.</summary>
    public string Provider { get; init; } = "parquet";

    /// <summary>Format options (empty for parquet).</summary>
    public IReadOnlyDictionary<string, string?> Options { get; init; } = new Dictionary<string, string?>();
}

/// <summary>The <c>metaData</c> action: schema, partitioning and configuration.</summary>
public sealed class MetadataAction : DeltaAction
{
    /// <summary>Unique table id (a GUID in tables we create).</summary>
    public required string Id { get; init; }

    /// <summary>Optional user-provided name.</summary>
    public string? Name { get; init; }

    /// <summary>Optional user-provided description.</summary>
    public string? Description { get; init; }

    /// <summary>Encoding of the data files.</summary>
    public FormatSpec Format { get; init; } = new();

    /// <summary>Spark's JSON schema, as stored in the log.</summary>
    public required string SchemaString { get; init; }

    /// <summary>Partition column names, in order.</summary>
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];

    /// <summary>Table properties.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>Creation time in milliseconds since the Unix epoch.</summary>
    public long? CreatedTime { get; init; }
}

/// <summary>The <c>add</c> action: a logical file of the table.</summary>
public sealed class AddFile : DeltaAction
{
    /// <summary>The path as written in the log: a URI-encoded path relative to the table root (or absolute).</summary>
    public required string Path { get; init; }

    /// <summary>Partition values in their serialized string form; null values mean NULL.</summary>
    public IReadOnlyDictionary<string, string?> PartitionValues { get; init; } = new Dictionary<string, string?>();

    /// <summary>Size of the data file in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Creation time of the file in milliseconds since the Unix epoch.</summary>
    public long ModificationTime { get; init; }

    /// <summary>False when the action only rearranges existing data.</summary>
    public bool DataChange { get; init; } = true;

    /// <summary>Per-file statistics as a JSON string, or null.</summary>
    public string? Stats { get; init; }

    /// <summary>File tags, or null.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }

    /// <summary>The raw deletion vector descriptor JSON, or null. Files with one are refused by the reader.</summary>
    public string? DeletionVector { get; init; }

    /// <summary>Default generated row id of the first row (row tracking), or null.</summary>
    public long? BaseRowId { get; init; }

    /// <summary>First commit version that added this path (row tracking), or null.</summary>
    public long? DefaultRowCommitVersion { get; init; }

    /// <summary>The decoded path (RFC 2396 percent-decoding of <see cref="Path"/>).</summary>
    public string DecodedPath => LogPaths.DecodePath(Path);
}

/// <summary>The <c>remove</c> action: a tombstone for a logical file.</summary>
public sealed class RemoveFile : DeltaAction
{
    /// <summary>The URI-encoded path of the removed file.</summary>
    public required string Path { get; init; }

    /// <summary>When the removal happened, in milliseconds since the Unix epoch.</summary>
    public long? DeletionTimestamp { get; init; }

    /// <summary>False when the removal only rearranges data.</summary>
    public bool DataChange { get; init; } = true;

    /// <summary>True when <see cref="PartitionValues"/>, <see cref="Size"/> and <see cref="Tags"/> are present.</summary>
    public bool? ExtendedFileMetadata { get; init; }

    /// <summary>Partition values of the removed file, or null.</summary>
    public IReadOnlyDictionary<string, string?>? PartitionValues { get; init; }

    /// <summary>Size of the removed file, or null.</summary>
    public long? Size { get; init; }

    /// <summary>Statistics JSON, or null.</summary>
    public string? Stats { get; init; }

    /// <summary>Tags, or null.</summary>
    public IReadOnlyDictionary<string, string?>? Tags { get; init; }

    /// <summary>The raw deletion vector descriptor JSON, or null.</summary>
    public string? DeletionVector { get; init; }

    /// <summary>The decoded path.</summary>
    public string DecodedPath => LogPaths.DecodePath(Path);
}

/// <summary>The <c>txn</c> action: an application's progress marker for idempotent writes.</summary>
public sealed class TransactionAction : DeltaAction
{
    /// <summary>The application id.</summary>
    public required string AppId { get; init; }

    /// <summary>The application-defined version.</summary>
    public required long Version { get; init; }

    /// <summary>When the action was created, in milliseconds since the Unix epoch, or null.</summary>
    public long? LastUpdated { get; init; }
}

/// <summary>The <c>commitInfo</c> action: free-form provenance JSON, kept verbatim.</summary>
public sealed class CommitInfoAction : DeltaAction
{
    /// <summary>Creates the action from the JSON object text.</summary>
    public CommitInfoAction(string json)
    {
        Json = json;
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            Timestamp = TryLong(root, "timestamp");
            InCommitTimestamp = TryLong(root, "inCommitTimestamp");
            if (root.TryGetProperty("operation", out var op) && op.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                Operation = op.GetString();
            }
        }
    }

    /// <summary>The JSON object, exactly as read or written.</summary>
    public string Json { get; }

    /// <summary>The <c>timestamp</c> field, if it is a number.</summary>
    public long? Timestamp { get; }

    /// <summary>The <c>inCommitTimestamp</c> field, if it is a number.</summary>
    public long? InCommitTimestamp { get; }

    /// <summary>The <c>operation</c> field, if it is a string.</summary>
    public string? Operation { get; }

    private static long? TryLong(System.Text.Json.JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == System.Text.Json.JsonValueKind.Number
            && value.TryGetInt64(out var result) ? result : null;
}
