namespace Lakehouse.Delta;

/// <summary>
/// The state of a table at one version, reconstructed from the log (PROTOCOL.md, Action Reconciliation):
/// the latest protocol and metadata, the active files, the tombstones and the latest <c>txn</c> per application.
/// Immutable.
/// </summary>
public sealed class Snapshot
{
    private readonly Dictionary<string, TransactionAction> _transactions;

    internal Snapshot(
        IDeltaLogStore store,
        long version,
        ProtocolAction protocol,
        MetadataAction metadata,
        StructType schema,
        IReadOnlyList<AddFile> files,
        IReadOnlyList<RemoveFile> tombstones,
        Dictionary<string, TransactionAction> transactions,
        long? checkpointVersion,
        DateTimeOffset timestamp)
    {
        Store = store;
        Version = version;
        Protocol = protocol;
        Metadata = metadata;
        Schema = schema;
        Files = files;
        Tombstones = tombstones;
        _transactions = transactions;
        CheckpointVersion = checkpointVersion;
        Timestamp = timestamp;
    }

    /// <summary>The table root directory.</summary>
    public string TablePath => Store.TableRoot;

    /// <summary>The table version of this snapshot.</summary>
    public long Version { get; }

    /// <summary>The protocol in force.</summary>
    public ProtocolAction Protocol { get; }

    /// <summary>The table metadata in force.</summary>
    public MetadataAction Metadata { get; }

    /// <summary>The parsed table schema.</summary>
    public StructType Schema { get; }

    /// <summary>The partition column names, in order.</summary>
    public IReadOnlyList<string> PartitionColumns => Metadata.PartitionColumns;

    /// <summary>The active files (the newest <c>add</c> per path), sorted by path.</summary>
    public IReadOnlyList<AddFile> Files { get; }

    /// <summary>The tombstones (<c>remove</c> actions whose path is not active), sorted by path.</summary>
    public IReadOnlyList<RemoveFile> Tombstones { get; }

    /// <summary>The latest <c>txn</c> action per application id.</summary>
    public IReadOnlyDictionary<string, TransactionAction> Transactions => _transactions;

    /// <summary>The version of the checkpoint the replay started from, or null when it started at version 0.</summary>
    public long? CheckpointVersion { get; }

    /// <summary>The commit timestamp of <see cref="Version"/> (in-commit timestamp when enabled, else the commit file's modification time).</summary>
    public DateTimeOffset Timestamp { get; }

    internal IDeltaLogStore Store { get; }

    /// <summary>The latest application version recorded by <c>txn</c> for <paramref name="appId"/>, or null.</summary>
    public long? GetTransactionVersion(string appId) =>
        _transactions.TryGetValue(appId, out var txn) ? txn.Version : null;

    /// <summary>The sum of the sizes of the active files.</summary>
    public long SizeInBytes => Files.Sum(f => f.Size);
}
