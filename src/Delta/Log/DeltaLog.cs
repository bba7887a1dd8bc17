using System.Globalization;
using System.Text.Json;

namespace Lakehouse.Delta;

/// <summary>Lists the log, picks a checkpoint, checks that commits are contiguous and replays them into a <see cref="Snapshot"/>.</summary>
internal sealed class DeltaLog(IDeltaLogStore store, ICheckpointSource? checkpoints)
{
    /// <summary>Reader features this reader implements (PROTOCOL.md says readers only acknowledge vacuumProtocolCheck).</summary>
    private static readonly HashSet<string> SupportedReaderFeatures = new(StringComparer.Ordinal) { "vacuumProtocolCheck", "columnMapping" };

    /// <summary>Writer features this writer implements at writer version 7.</summary>
    private static readonly HashSet<string> SupportedWriterFeatures = new(StringComparer.Ordinal) { "appendOnly", "invariants" };

    /// <summary>The last snapshot built, with the listing entry of its commit (to notice a table replaced underneath).</summary>
    private CachedSnapshot? _cache;

    public IDeltaLogStore Store => store;

    private string TablePath => store.TableRoot;

    /// <summary>The listing of the log, parsed. Throws <see cref="DeltaTableNotFoundException"/> when there is no table.</summary>
    public LogListing ListLog(CancellationToken cancellationToken)
    {
        if (!store.LogExists())
        {
            throw new DeltaTableNotFoundException(TablePath, "Not a Delta table: there is no _delta_log directory");
        }

        var listing = new LogListing();
        foreach (var entry in store.List(cancellationToken))
        {
            if (LogPaths.Parse(entry.Name) is not { } parsed)
            {
                continue;
            }

            switch (parsed.Kind)
            {
                case LogFileKind.Commit:
                    listing.Commits[parsed.Version] = entry;
                    break;
                case LogFileKind.Checkpoint:
                case LogFileKind.MultiPartCheckpoint:
                    if (!listing.CheckpointParts.TryGetValue(parsed.Version, out var parts))
                    {
                        listing.CheckpointParts[parsed.Version] = parts = [];
                    }

                    parts.Add(parsed);
                    break;
                default:
                    // UUID-named (v2) checkpoints are never used: tables that have them need the v2Checkpoint feature.
                    break;
            }
        }

        if (listing.Commits.Count == 0 && listing.CheckpointParts.Count == 0)
        {
            throw new DeltaTableNotFoundException(TablePath, "Not a Delta table: _delta_log holds no commit or checkpoint");
        }

        return listing;
    }

    /// <summary>The latest version: the highest commit or checkpoint version in the listing.</summary>
    public static long LatestVersion(LogListing listing) =>
        Math.Max(listing.Commits.Count > 0 ? listing.Commits.Keys.Max() : -1, listing.CheckpointParts.Count > 0 ? listing.CheckpointParts.Keys.Max() : -1);

    public Snapshot Load(long? version, CancellationToken cancellationToken)
    {
        var listing = ListLog(cancellationToken);
        var latest = LatestVersion(listing);
        var target = version ?? latest;
        if (target < 0 || target > latest)
        {
            throw new DeltaException(TablePath, string.Create(CultureInfo.InvariantCulture, $"Version {target} does not exist; the latest version is {latest}"));
        }

        if (FromCache(listing, target, cancellationToken) is { } cached)
        {
            return cached;
        }

        var candidates = CompleteCheckpoints(listing, target);
        // On a local file system the listing is complete, so the newest complete checkpoint it shows is used;
        // _last_checkpoint (ReadLastCheckpointHint) is only a hint and an empty or corrupt one is never trusted.
        Exception? firstFailure = null;
        foreach (var checkpoint in candidates.Append(-1L))
        {
            var start = checkpoint + 1;
            if (checkpoint < 0 && !listing.Commits.ContainsKey(0))
            {
                break;
            }

            for (var v = start; v <= target; v++)
            {
                if (!listing.Commits.ContainsKey(v))
                {
                    var from = checkpoint >= 0 ? $"the checkpoint at {checkpoint.ToString(CultureInfo.InvariantCulture)}" : "0";
                    var message = $"Commit {LogPaths.CommitName(v)} is missing: versions must be contiguous from {from} to {target.ToString(CultureInfo.InvariantCulture)}";
                    if (firstFailure is not null)
                    {
                        message += $" (a newer checkpoint could not be read: {firstFailure.Message})";
                    }

                    throw new DeltaLogCorruptException(TablePath, message, firstFailure);
                }
            }

            ReplayState state;
            try
            {
                state = new ReplayState(TablePath);
                if (checkpoint >= 0)
                {
                    ApplyCheckpoint(state, listing.CheckpointParts[checkpoint], cancellationToken);
                }
            }
            catch (Exception ex) when (ex is not DeltaProtocolException and not OperationCanceledException && checkpoint >= 0)
            {
                // An unreadable checkpoint: fall back to an older one, or to replaying every commit.
                firstFailure ??= ex;
                continue;
            }

            for (var v = start; v <= target; v++)
            {
                var name = LogPaths.CommitName(v);
                var bytes = store.Read(name, cancellationToken)
                    ?? throw new DeltaLogCorruptException(TablePath, $"Commit {name} disappeared while reading the log");
                foreach (var action in ActionCodec.ParseCommit(bytes, TablePath, name))
                {
                    state.Apply(action);
                }
            }

            return Remember(listing, Build(state, target, checkpoint >= 0 ? checkpoint : null, CommitTimestamp(listing, target, state.Metadata, cancellationToken)));
        }

        throw firstFailure is null
            ? new DeltaLogCorruptException(TablePath, string.Create(CultureInfo.InvariantCulture, $"Cannot reconstruct version {target}: commit 0 is missing and there is no usable checkpoint"))
            : new DeltaLogCorruptException(TablePath, $"Cannot reconstruct version {target}: no checkpoint could be read ({firstFailure.Message})", firstFailure);
    }

    /// <summary>
    /// The snapshot of <paramref name="target"/> from the cached one: itself, or the cached state with the commits after it
    /// replayed (versions are immutable, so this equals a full load). Null when the cache cannot serve: no cache, a
    /// target older than the cache, a missing commit, or the cached commit file changed (the table was replaced).
    /// </summary>
    private Snapshot? FromCache(LogListing listing, long target, CancellationToken cancellationToken)
    {
        var cache = Volatile.Read(ref _cache);
        if (cache is null || cache.Snapshot.Version > target
            || !listing.Commits.TryGetValue(cache.Snapshot.Version, out var entry) || entry != cache.Commit)
        {
            return null;
        }

        // A newer checkpoint is what a fresh load would start from (it also drops expired tombstones): use it instead.
        if (CompleteCheckpoints(listing, target).FirstOrDefault(-1) > (cache.Snapshot.CheckpointVersion ?? -1))
        {
            return null;
        }

        if (cache.Snapshot.Version == target)
        {
            return cache.Snapshot;
        }

        for (var v = cache.Snapshot.Version + 1; v <= target; v++)
        {
            if (!listing.Commits.ContainsKey(v))
            {
                return null;
            }
        }

        var state = ReplayState.From(TablePath, cache.Snapshot);
        for (var v = cache.Snapshot.Version + 1; v <= target; v++)
        {
            var name = LogPaths.CommitName(v);
            var bytes = store.Read(name, cancellationToken) ?? throw new DeltaLogCorruptException(TablePath, $"Commit {name} disappeared while reading the log");
            foreach (var action in ActionCodec.ParseCommit(bytes, TablePath, name))
            {
                state.Apply(action);
            }
        }

        return Remember(listing, Build(state, target, cache.Snapshot.CheckpointVersion, CommitTimestamp(listing, target, state.Metadata, cancellationToken)));
    }

    private Snapshot Remember(LogListing listing, Snapshot snapshot)
    {
        if (listing.Commits.TryGetValue(snapshot.Version, out var entry) && (_cache is null || _cache.Snapshot.Version <= snapshot.Version))
        {
            Volatile.Write(ref _cache, new CachedSnapshot(snapshot, entry));
        }

        return snapshot;
    }

    private sealed record CachedSnapshot(Snapshot Snapshot, LogFileEntry Commit);

    /// <summary>Complete checkpoints (classic, or multi-part with every part) not newer than <paramref name="target"/>, newest first.</summary>
    private static List<long> CompleteCheckpoints(LogListing listing, long target)
    {
        var result = new List<long>();
        foreach (var (version, parts) in listing.CheckpointParts)
        {
            if (version <= target && SelectParts(parts) is not null)
            {
                result.Add(version);
            }
        }

        result.Sort((a, b) => b.CompareTo(a));
        return result;
    }

    /// <summary>The files of one complete checkpoint: the classic file, else a multi-part set with all its parts.</summary>
    private static List<LogFileName>? SelectParts(List<LogFileName> parts)
    {
        var classic = parts.FirstOrDefault(p => p.Kind == LogFileKind.Checkpoint);
        if (classic.Name is not null)
        {
            return [classic];
        }

        foreach (var group in parts.Where(p => p.Kind == LogFileKind.MultiPartCheckpoint).GroupBy(p => p.Parts).OrderByDescending(g => g.Key))
        {
            var present = group.Select(p => p.Part).Distinct().Count();
            if (present == group.Key)
            {
                return [.. group.OrderBy(p => p.Part)];
            }
        }

        return null;
    }

    /// <summary>Reads <c>_last_checkpoint</c>; null when it is missing, empty or not valid JSON with a version.</summary>
    public long? ReadLastCheckpointHint(CancellationToken cancellationToken)
    {
        var bytes = store.Read(LogPaths.LastCheckpoint, cancellationToken);
        if (bytes is null || bytes.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("version", out var v)
                && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var version) && version >= 0
                ? version
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void ApplyCheckpoint(ReplayState state, List<LogFileName> parts, CancellationToken cancellationToken)
    {
        if (checkpoints is null)
        {
            throw new InvalidOperationException("No checkpoint reader is configured.");
        }

        var selected = SelectParts(parts)!;
        var actions = checkpoints.ReadCheckpoint([.. selected.Select(p => store.LogFilePath(p.Name))], TablePath, cancellationToken);
        foreach (var action in actions)
        {
            state.Apply(action);
        }
    }

    /// <summary>Commit timestamps of every listed commit (monotonized as Spark does), for time travel by timestamp.</summary>
    public List<(long Version, DateTimeOffset Timestamp)> CommitTimestamps(LogListing listing, MetadataAction? metadata, CancellationToken cancellationToken)
    {
        var result = new List<(long, DateTimeOffset)>();
        DateTimeOffset? previous = null;
        foreach (var (version, _) in listing.Commits.OrderBy(c => c.Key))
        {
            var ts = CommitTimestamp(listing, version, metadata, cancellationToken);
            if (previous is { } p && ts <= p)
            {
                ts = p.AddMilliseconds(1);
            }

            result.Add((version, ts));
            previous = ts;
        }

        return result;
    }

    /// <summary>
    /// The commit timestamp of a version (PROTOCOL.md, In-Commit Timestamps): <c>commitInfo.inCommitTimestamp</c> when
    /// <c>delta.enableInCommitTimestamps</c> is true and the version is at or after the enablement version; otherwise
    /// the commit file's modification time.
    /// </summary>
    private DateTimeOffset CommitTimestamp(LogListing listing, long version, MetadataAction? metadata, CancellationToken cancellationToken)
    {
        if (metadata is not null
            && metadata.Configuration.TryGetValue("delta.enableInCommitTimestamps", out var enabled)
            && string.Equals(enabled, "true", StringComparison.OrdinalIgnoreCase))
        {
            var enablementVersion = metadata.Configuration.TryGetValue("delta.inCommitTimestampEnablementVersion", out var ev)
                && long.TryParse(ev, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
            if (version >= enablementVersion && store.Read(LogPaths.CommitName(version), cancellationToken) is { } bytes)
            {
                var info = ActionCodec.ParseCommit(bytes, TablePath, LogPaths.CommitName(version)).OfType<CommitInfoAction>().FirstOrDefault();
                if (info?.InCommitTimestamp is { } ict)
                {
                    return DateTimeOffset.FromUnixTimeMilliseconds(ict);
                }
            }
        }

        // A version whose commit file was cleaned up (only its checkpoint is left) has no known timestamp.
        return listing.Commits.TryGetValue(version, out var entry) ? entry.LastModified : DateTimeOffset.MinValue;
    }

    private Snapshot Build(ReplayState state, long version, long? checkpointVersion, DateTimeOffset timestamp)
    {
        var protocol = state.Protocol ?? throw new DeltaLogCorruptException(
            TablePath, string.Create(CultureInfo.InvariantCulture, $"No protocol found in the log up to version {version}"));
        ValidateReaderProtocol(protocol, state.Metadata);
        var metadata = state.Metadata ?? throw new DeltaLogCorruptException(
            TablePath, string.Create(CultureInfo.InvariantCulture, $"No metadata found in the log up to version {version}"));

        StructType schema;
        try
        {
            schema = StructType.Parse(metadata.SchemaString);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw new DeltaLogCorruptException(TablePath, $"The table schema cannot be read: {ex.Message}", ex);
        }

        if (ContainsTimestampNtz(schema))
        {
            throw new DeltaProtocolException(TablePath, "timestampNtz", "Unsupported Delta table feature 'timestampNtz': the schema has a timestamp_ntz column");
        }

        if (ContainsTypeChanges(schema))
        {
            throw new DeltaProtocolException(TablePath, "typeWidening", "Unsupported Delta table feature 'typeWidening': the schema records type changes (delta.typeChanges)");
        }

        foreach (var column in metadata.PartitionColumns)
        {
            if (schema.Find(column) is null)
            {
                throw new DeltaLogCorruptException(TablePath, $"Partition column '{column}' is not in the schema");
            }
        }

        var files = state.Files.Values.ToList();
        if (files.Any(f => f.DeletionVector is not null))
        {
            throw new DeltaProtocolException(TablePath, "deletionVectors", "Unsupported Delta table feature 'deletionVectors': active files have deletion vectors");
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var tombstones = state.Tombstones.Values.ToList();
        tombstones.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new Snapshot(store, version, protocol, metadata, schema, files, tombstones, state.Transactions, checkpointVersion, timestamp);
    }

    /// <summary>Refuses protocols this reader cannot read correctly.</summary>
    private void ValidateReaderProtocol(ProtocolAction protocol, MetadataAction? metadata)
    {
        var reader = protocol.MinReaderVersion;
        if (reader is < 1 or > 3)
        {
            throw new DeltaProtocolException(TablePath, "readerVersion", string.Create(
                CultureInfo.InvariantCulture,
                $"Unsupported Delta protocol reader version {reader}: this reader implements reader versions 1 to 3 (minReaderVersion {reader}, minWriterVersion {protocol.MinWriterVersion})"));
        }

        var mappingMode = metadata is not null && metadata.Configuration.TryGetValue("delta.columnMapping.mode", out var mode) ? mode : null;
        var usesColumnMapping = mappingMode is not null && !string.Equals(mappingMode, "none", StringComparison.OrdinalIgnoreCase);
        if (reader >= 2 && usesColumnMapping)
        {
            throw new DeltaProtocolException(TablePath, "columnMapping", $"Unsupported Delta table feature 'columnMapping' (mode '{mappingMode}')");
        }

        if (reader == 3)
        {
            var unsupported = (protocol.ReaderFeatures ?? []).Where(f => !SupportedReaderFeatures.Contains(f)).ToList();
            if (unsupported.Count > 0)
            {
                throw new DeltaProtocolException(TablePath, unsupported[0], $"Unsupported Delta table feature(s) for reading: {string.Join(", ", unsupported)}");
            }
        }
    }

    /// <summary>Refuses to write tables whose writer protocol needs what this writer does not implement.</summary>
    public static void ValidateWriterProtocol(string tablePath, ProtocolAction protocol, StructType schema)
    {
        var writer = protocol.MinWriterVersion;
        if (writer is > 2 and not 7)
        {
            throw new DeltaProtocolException(tablePath, "writerVersion", string.Create(
                CultureInfo.InvariantCulture, $"Unsupported Delta protocol writer version {writer}: this writer implements writer version 2 (and 7 with appendOnly, invariants)"));
        }

        if (writer == 7)
        {
            var unsupported = (protocol.WriterFeatures ?? []).Where(f => !SupportedWriterFeatures.Contains(f)).ToList();
            if (unsupported.Count > 0)
            {
                throw new DeltaProtocolException(tablePath, unsupported[0], $"Unsupported Delta table feature(s) for writing: {string.Join(", ", unsupported)}");
            }
        }

        if (ContainsMetadataKey(schema, "delta.invariants"))
        {
            throw new DeltaProtocolException(tablePath, "invariants", "Unsupported for writing: the schema has column invariants (delta.invariants), which this writer cannot enforce");
        }
    }

    private static bool ContainsTimestampNtz(DeltaDataType type) => type switch
    {
        PrimitiveType p => ReferenceEquals(p, PrimitiveType.TimestampNtz),
        ArrayType a => ContainsTimestampNtz(a.ElementType),
        MapType m => ContainsTimestampNtz(m.KeyType) || ContainsTimestampNtz(m.ValueType),
        StructType s => s.Fields.Any(f => ContainsTimestampNtz(f.Type)),
        _ => false,
    };

    private static bool ContainsTypeChanges(StructType schema) => ContainsMetadataKey(schema, "delta.typeChanges");

    private static bool ContainsMetadataKey(DeltaDataType type, string key) => type switch
    {
        ArrayType a => ContainsMetadataKey(a.ElementType, key),
        MapType m => ContainsMetadataKey(m.KeyType, key) || ContainsMetadataKey(m.ValueType, key),
        StructType s => s.Fields.Any(f => f.MetadataJson.Contains($"\"{key}\"", StringComparison.Ordinal) || ContainsMetadataKey(f.Type, key)),
        _ => false,
    };
}

/// <summary>The parsed listing of <c>_delta_log</c>.</summary>
internal sealed class LogListing
{
    public SortedDictionary<long, LogFileEntry> Commits { get; } = [];

    public SortedDictionary<long, List<LogFileName>> CheckpointParts { get; } = [];
}

/// <summary>Action reconciliation state (PROTOCOL.md, Action Reconciliation).</summary>
internal sealed class ReplayState(string tablePath)
{
    public ProtocolAction? Protocol { get; private set; }

    public MetadataAction? Metadata { get; private set; }

    public Dictionary<string, AddFile> Files { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, RemoveFile> Tombstones { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TransactionAction> Transactions { get; } = new(StringComparer.Ordinal);

    /// <summary>The state a snapshot was built from (its files, tombstones, transactions, protocol and metadata).</summary>
    public static ReplayState From(string tablePath, Snapshot snapshot)
    {
        var state = new ReplayState(tablePath) { Protocol = snapshot.Protocol, Metadata = snapshot.Metadata };
        foreach (var file in snapshot.Files)
        {
            state.Files[state.Key(file.DecodedPath, file.DeletionVector)] = file;
        }

        foreach (var tombstone in snapshot.Tombstones)
        {
            state.Tombstones[state.Key(tombstone.DecodedPath, tombstone.DeletionVector)] = tombstone;
        }

        foreach (var (appId, txn) in snapshot.Transactions)
        {
            state.Transactions[appId] = txn;
        }

        return state;
    }

    public void Apply(DeltaAction action)
    {
        switch (action)
        {
            case ProtocolAction p:
                Protocol = p;
                break;
            case MetadataAction m:
                Metadata = m;
                break;
            case TransactionAction t:
                Transactions[t.AppId] = t;
                break;
            case AddFile a:
                var addKey = Key(a.DecodedPath, a.DeletionVector);
                Tombstones.Remove(addKey);
                Files[addKey] = a;
                break;
            case RemoveFile r:
                var removeKey = Key(r.DecodedPath, r.DeletionVector);
                Files.Remove(removeKey);
                Tombstones[removeKey] = r;
                break;
            default:
                break;
        }
    }

    private string Key(string decodedPath, string? deletionVector)
    {
        if (decodedPath.Length == 0)
        {
            throw new DeltaLogCorruptException(tablePath, "A file action has an empty path");
        }

        // The logical file key is (path, deletionVector.uniqueId); without DVs it is the path. DV tables are refused later.
        return deletionVector is null ? decodedPath : decodedPath + "\u0000" + deletionVector;
    }
}
