using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lakehouse.DuckDB;
using Lakehouse.DuckDB.Sql;

namespace Lakehouse.Delta;

/// <summary>The writer: create, append, overwrite, idempotent <c>txn</c> writes, optimistic concurrency and checkpoints.</summary>
public sealed partial class DeltaTable
{
    /// <summary>The <c>engineInfo</c> written in <c>commitInfo</c>.</summary>
    public const string EngineInfo = "Lakehouse.Delta/0.1.0";

    private const string GroupColumn = "__delta_write_group";
    private const string HiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__";

    /// <summary>
    /// Creates the table: version 0 with <c>commitInfo</c>, <c>protocol</c> (1,2) and <c>metaData</c> (Spark's schema JSON).
    /// </summary>
    /// <exception cref="DeltaException">The table exists already.</exception>
    /// <exception cref="ArgumentException">A partition column is not in the schema or not a primitive type, or the schema uses timestamp_ntz.</exception>
    public DeltaCommitResult Create(
        StructType schema,
        IReadOnlyList<string>? partitionColumns = null,
        IReadOnlyDictionary<string, string?>? configuration = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(schema);
        partitionColumns ??= [];
        foreach (var column in partitionColumns)
        {
            var field = schema.Find(column) ?? throw new ArgumentException($"Partition column '{column}' is not in the schema; columns: {string.Join(", ", schema.Fields.Select(f => f.Name))}.", nameof(partitionColumns));
            if (field.Type is not (PrimitiveType or DecimalType) || ReferenceEquals(field.Type, PrimitiveType.Binary))
            {
                throw new ArgumentException($"Partition column '{column}' has type {field.Type.SimpleString}; partition columns must be of a primitive type other than binary.", nameof(partitionColumns));
            }
        }

        if (schema.ToJson().Contains("\"timestamp_ntz\"", StringComparison.Ordinal))
        {
            throw new ArgumentException("timestamp_ntz columns need the timestampNtz table feature, which this writer does not implement; use timestamp.", nameof(schema));
        }

        if (Exists())
        {
            throw new DeltaException(Path, "Cannot create the table: it exists already");
        }

        var now = Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var metadata = new MetadataAction
        {
            Id = Guid.NewGuid().ToString(),
            SchemaString = schema.ToJson(),
            PartitionColumns = [.. partitionColumns.Select(c => schema.Find(c)!.Name)],
            Configuration = configuration ?? new Dictionary<string, string?>(),
            CreatedTime = now,
        };
        var commitInfo = CommitInfo(now, "CREATE TABLE", w =>
        {
            w.WriteString("isManaged", "false");
            w.WriteNull("description");
            w.WriteString("partitionBy", SparkJson(metadata.PartitionColumns));
            w.WriteString("properties", SparkJson(metadata.Configuration));
        }, readVersion: null, isBlindAppend: true, metrics: []);
        var actions = new DeltaAction[] { commitInfo, new ProtocolAction { MinReaderVersion = 1, MinWriterVersion = 2 }, metadata };
        try
        {
            Store.WriteCommit(0, ActionCodec.SerializeCommit(actions), cancellationToken);
        }
        catch (DeltaConcurrentModificationException)
        {
            throw new DeltaConcurrentModificationException(Path, 0, "Cannot create the table: another writer created it concurrently");
        }

        return new DeltaCommitResult(0, [], Skipped: false, Attempts: 1);
    }

    /// <summary>
    /// Writes the rows of a DuckDB query (<paramref name="sourceSql"/> with positional <paramref name="parameters"/>) to
    /// the table. Columns are matched by name (case-insensitively) and cast to the schema's types; columns the data lacks
    /// are NULL; columns the table lacks are refused with <see cref="DeltaSchemaException"/> unless
    /// <see cref="DeltaWriteOptions.MergeSchema"/> adds them. Partition columns become Hive-style directories. Each data
    /// file is written with <c>COPY ... (FORMAT parquet)</c> and its statistics are computed from the written file.
    /// Appends that lose a commit race re-read the log and retry; overwrites (full, <c>replaceWhere</c>, dynamic
    /// partition) fail when a concurrent commit touched what they read.
    /// </summary>
    /// <exception cref="DeltaProtocolException">The table needs a writer feature this writer does not implement.</exception>
    /// <exception cref="DeltaSchemaException">The data does not fit the table's schema.</exception>
    /// <exception cref="DeltaConcurrentModificationException">A concurrent commit conflicts, or every attempt lost its race.</exception>
    public DeltaCommitResult Write(string sourceSql, IReadOnlyList<object?>? parameters = null, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        EngineErrors("write", () => WriteCore(sourceSql, parameters, options, cancellationToken));

    /// <summary>Runs a write; an engine error (a failed cast, bad SQL in a predicate) becomes a <see cref="DeltaException"/> naming the table.</summary>
    private T EngineErrors<T>(string operation, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (DuckDBException ex)
        {
            throw new DeltaException(Path, $"The {operation} failed in the engine; nothing was committed: {ex.Message}", ex);
        }
    }

    private DeltaCommitResult WriteCore(string sourceSql, IReadOnlyList<object?>? parameters, DeltaWriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSql);
        options ??= new DeltaWriteOptions();
        ValidateTxn(options.ApplicationId, options.ApplicationVersion);
        if (options.Mode == DeltaSaveMode.Append && (options.ReplaceWhere is not null || options.PartitionOverwriteMode == DeltaPartitionOverwriteMode.Dynamic))
        {
            throw new ArgumentException("ReplaceWhere and a dynamic PartitionOverwriteMode need Mode = Overwrite.", nameof(options));
        }

        if (options.ReplaceWhere is not null && options.PartitionOverwriteMode == DeltaPartitionOverwriteMode.Dynamic)
        {
            throw new ArgumentException("ReplaceWhere and a dynamic PartitionOverwriteMode cannot be combined (Spark refuses it too).", nameof(options));
        }

        var snapshot = GetSnapshot(null, cancellationToken);
        DeltaLog.ValidateWriterProtocol(Path, snapshot.Protocol, snapshot.Schema);
        if (options.Mode == DeltaSaveMode.Overwrite && IsAppendOnly(snapshot.Metadata) && snapshot.Files.Count > 0)
        {
            throw new DeltaException(Path, "Cannot overwrite: the table is append-only (delta.appendOnly = true)");
        }

        if (IsDone(snapshot, options.ApplicationId, options.ApplicationVersion))
        {
            return new DeltaCommitResult(snapshot.Version, [], Skipped: true, Attempts: 0);
        }

        using var owned = options.Connection is null ? Connect() : null;
        var connection = options.Connection ?? owned!;
        var source = PrepareSource(connection, snapshot, sourceSql, parameters, options.MergeSchema, cancellationToken);
        var pending = new PendingCommit(snapshot, "WRITE", options.ApplicationId, options.ApplicationVersion) { NewMetadata = source.NewMetadata };
        var temps = new List<string>();
        try
        {
            if (options.Mode == DeltaSaveMode.Append)
            {
                pending.IsBlindAppend = source.NewMetadata is null;
                pending.Added.AddRange(WriteRows(connection, snapshot, source.Schema, source.Sql, parameters, cancellationToken));
                pending.Parameters = w =>
                {
                    w.WriteString("mode", "Append");
                    w.WriteString("partitionBy", SparkJson(snapshot.PartitionColumns));
                };
                AddWriteMetrics(pending);
            }
            else if (options.ReplaceWhere is { } predicate)
            {
                ReplaceWhere(connection, pending, source, parameters, predicate, options.ReplaceWhereParameters, temps, cancellationToken);
            }
            else if (options.PartitionOverwriteMode == DeltaPartitionOverwriteMode.Dynamic && snapshot.PartitionColumns.Count > 0)
            {
                DynamicOverwrite(connection, pending, source, parameters, cancellationToken);
            }
            else
            {
                pending.Added.AddRange(WriteRows(connection, snapshot, source.Schema, source.Sql, parameters, cancellationToken));
                pending.Removed.AddRange(snapshot.Files);
                pending.ReadPaths.UnionWith(snapshot.Files.Select(f => f.DecodedPath));
                pending.AddedConflicts = added => added.Count > 0;
                pending.ConflictDescription = "changed files the overwrite read";
                pending.Parameters = w =>
                {
                    w.WriteString("mode", "Overwrite");
                    w.WriteString("partitionBy", SparkJson(snapshot.PartitionColumns));
                };
                AddWriteMetrics(pending);
                pending.Metrics.Add(("numRemovedFiles", pending.Removed.Count));
            }

            return CommitPending(pending, cancellationToken);
        }
        finally
        {
            DropTemps(connection, temps);
        }
    }

    /// <summary>Appends rows (see <see cref="Write"/>).</summary>
    public DeltaCommitResult Append(string sourceSql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default) =>
        Write(sourceSql, parameters, new DeltaWriteOptions { Mode = DeltaSaveMode.Append }, cancellationToken);

    /// <summary>Replaces every row (see <see cref="Write"/>).</summary>
    public DeltaCommitResult Overwrite(string sourceSql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default) =>
        Write(sourceSql, parameters, new DeltaWriteOptions { Mode = DeltaSaveMode.Overwrite }, cancellationToken);

    /// <summary>
    /// Writes a classic checkpoint of <paramref name="version"/> (default: latest) and updates <c>_last_checkpoint</c>.
    /// Expired tombstones (older than <c>delta.deletedFileRetentionDuration</c>, default one week) are left out.
    /// </summary>
    public void Checkpoint(long? version = null, CancellationToken cancellationToken = default)
    {
        var snapshot = GetSnapshot(version, cancellationToken);
        using var connection = Connect();
        CheckpointWriter.Write(connection, Store, snapshot, Options.TimeProvider.GetUtcNow(), cancellationToken);
    }

    /// <summary>Test hook: runs after the data files of a write are written and before its commit (a crash point).</summary>
    internal Action? BeforeCommit { get; set; }

    private static bool IsAppendOnly(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.appendOnly", out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private static void ValidateTxn(string? appId, long? appVersion)
    {
        if ((appId is null) != (appVersion is null))
        {
            throw new ArgumentException("ApplicationId and ApplicationVersion must be given together.");
        }
    }

    private static bool IsDone(Snapshot snapshot, string? appId, long? appVersion) =>
        appId is not null && snapshot.GetTransactionVersion(appId) is { } done && done >= appVersion;

    private static void AddWriteMetrics(PendingCommit pending)
    {
        pending.Metrics.Add(("numFiles", pending.Added.Count));
        pending.Metrics.Add(("numOutputRows", pending.Added.Sum(NumRecords)));
        pending.Metrics.Add(("numOutputBytes", pending.Added.Sum(f => f.Size)));
    }

    private void ReplaceWhere(DuckDBConnection connection, PendingCommit pending, PreparedSource source, IReadOnlyList<object?>? parameters, string predicate, IReadOnlyList<object?>? predicateParameters, List<string> temps, CancellationToken cancellationToken)
    {
        var snapshot = pending.Snapshot;
        var staged = TempName("replace_where");
        temps.Add(staged);
        connection.ExecuteNonQuery($"CREATE TEMP TABLE {staged} AS {source.Sql}", parameters, cancellationToken);
        var (check, checkParameters) = SqlTokenizer.CompactParameters($"SELECT count(*) FROM {staged} AS t WHERE ({predicate}) IS NOT TRUE", predicateParameters);
        var outside = Convert.ToInt64(connection.ExecuteScalar(check, checkParameters, cancellationToken), CultureInfo.InvariantCulture);
        if (outside > 0)
        {
            throw new DeltaException(Path, string.Create(CultureInfo.InvariantCulture,
                $"Data written out does not match replaceWhere '{predicate}': {outside} row(s) do not satisfy it; nothing was written"));
        }

        var deleted = DeleteMatching(connection, pending, source.Schema, predicate, predicateParameters, cancellationToken);
        List<AddFile> written;
        try
        {
            written = WriteRows(connection, snapshot, source.Schema, $"SELECT * FROM {staged}", null, cancellationToken);
        }
        catch
        {
            DeleteUncommitted(pending.Added); // the copies of the rewritten files
            throw;
        }

        pending.Added.InsertRange(0, written);
        pending.Parameters = w =>
        {
            w.WriteString("mode", "Overwrite");
            w.WriteString("partitionBy", SparkJson(snapshot.PartitionColumns));
            w.WriteString("predicate", predicate);
        };
        pending.Metrics.Add(("numFiles", written.Count));
        pending.Metrics.Add(("numOutputRows", written.Sum(NumRecords)));
        pending.Metrics.Add(("numOutputBytes", written.Sum(f => f.Size)));
        pending.Metrics.Add(("numRemovedFiles", pending.Removed.Count));
        pending.Metrics.Add(("numDeletedRows", deleted.Deleted));
        pending.Metrics.Add(("numCopiedRows", deleted.Copied));
        pending.Metrics.Add(("numAddedFiles", pending.Added.Count));
        pending.ConflictDescription = "added or removed files that the replaceWhere predicate covers";
    }

    private void DynamicOverwrite(DuckDBConnection connection, PendingCommit pending, PreparedSource source, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken)
    {
        var snapshot = pending.Snapshot;
        var written = WriteRows(connection, snapshot, source.Schema, source.Sql, parameters, cancellationToken);
        var partitionFields = snapshot.PartitionColumns.Select(c => source.Schema.Find(c)!).ToList();
        var keys = new HashSet<string>(written.Select(f => PartitionKey(f.PartitionValues, partitionFields)), StringComparer.Ordinal);
        pending.Added.AddRange(written);
        pending.Removed.AddRange(snapshot.Files.Where(f => keys.Contains(PartitionKey(f.PartitionValues, partitionFields))));
        pending.ReadPaths.UnionWith(pending.Removed.Select(f => f.DecodedPath));
        pending.AddedConflicts = added => added.Any(f => keys.Contains(PartitionKey(f.PartitionValues, partitionFields)));
        pending.ConflictDescription = "added or removed files in the partitions the dynamic overwrite replaces";
        pending.Parameters = w =>
        {
            w.WriteString("mode", "Overwrite");
            w.WriteString("partitionBy", SparkJson(snapshot.PartitionColumns));
            w.WriteString("partitionOverwriteMode", "DYNAMIC");
        };
        AddWriteMetrics(pending);
        pending.Metrics.Add(("numRemovedFiles", pending.Removed.Count));
    }

    /// <summary>A canonical key of a file's partition values (typed, so "1" and "01" or two timestamp spellings agree).</summary>
    private string PartitionKey(IReadOnlyDictionary<string, string?> values, List<StructField> partitionFields)
    {
        var builder = new StringBuilder();
        foreach (var field in partitionFields)
        {
            string? raw = null;
            foreach (var (key, value) in values)
            {
                if (string.Equals(key, field.Name, StringComparison.OrdinalIgnoreCase))
                {
                    raw = value;
                    break;
                }
            }

            string? canonical;
            try
            {
                canonical = PartitionValues.ToSqlParameter(raw, field.Type);
            }
            catch (FormatException ex)
            {
                throw new DeltaLogCorruptException(Path, $"Invalid partition value for '{field.Name}': {ex.Message}", ex);
            }

            builder.Append(canonical is null ? "N" : "V" + canonical.Length.ToString(CultureInfo.InvariantCulture) + ":" + canonical).Append('|');
        }

        return builder.ToString();
    }

    /// <summary>A write staged for commit: its snapshot, actions, metrics and what it read (for conflict checks).</summary>
    private sealed class PendingCommit(Snapshot snapshot, string operation, string? applicationId, long? applicationVersion)
    {
        public Snapshot Snapshot { get; } = snapshot;

        public string Operation { get; } = operation;

        public string? ApplicationId { get; } = applicationId;

        public long? ApplicationVersion { get; } = applicationVersion;

        public Action<Utf8JsonWriter> Parameters { get; set; } = _ => { };

        public bool IsBlindAppend { get; set; }

        public MetadataAction? NewMetadata { get; set; }

        public List<AddFile> Added { get; } = [];

        public List<AddFile> Removed { get; } = [];

        public List<(string Key, long Value)> Metrics { get; } = [];

        /// <summary>Decoded paths of the files the operation read: a concurrent commit that removed one conflicts.</summary>
        public HashSet<string> ReadPaths { get; } = new(StringComparer.Ordinal);

        /// <summary>Whether files added by concurrent commits intersect what the operation read; null for blind appends.</summary>
        public Func<IReadOnlyList<AddFile>, bool>? AddedConflicts { get; set; }

        public string ConflictDescription { get; set; } = "changed files this operation read";
    }

    /// <summary>The source of a write: a SELECT whose columns are the (possibly evolved) schema's, cast to its types.</summary>
    private sealed record PreparedSource(string Sql, StructType Schema, MetadataAction? NewMetadata);

    private DeltaCommitResult CommitPending(PendingCommit pending, CancellationToken cancellationToken)
    {
        BeforeCommit?.Invoke();
        try
        {
            return CommitLoop(pending, cancellationToken);
        }
        catch (DeltaConcurrentModificationException)
        {
            // Not committed, so no snapshot references these files: remove them rather than leave them for VACUUM.
            DeleteUncommitted(pending.Added);
            throw;
        }
    }

    private DeltaCommitResult CommitLoop(PendingCommit pending, CancellationToken cancellationToken)
    {
        var version = pending.Snapshot.Version + 1;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var actions = BuildActions(pending, now);
            try
            {
                Store.WriteCommit(version, ActionCodec.SerializeCommit(actions), cancellationToken);
            }
            catch (DeltaConcurrentModificationException) when (attempt < Options.MaxCommitAttempts)
            {
                var latest = GetLatestVersion(cancellationToken);
                if (CheckWinners(version, latest, pending, cancellationToken) == WinnerOutcome.AlreadyCommitted)
                {
                    DeleteUncommitted(pending.Added);
                    return new DeltaCommitResult(latest, [], Skipped: true, Attempts: attempt);
                }

                version = latest + 1;
                continue;
            }

            Exception? checkpointFailure = null;
            if (version % Options.CheckpointInterval == 0)
            {
                try
                {
                    Checkpoint(version, cancellationToken);
                }
                catch (Exception ex) when (ex is DeltaException or DuckDBException or IOException or UnauthorizedAccessException)
                {
                    // The commit is durable; a missing checkpoint only costs replay time, so report it instead of failing the write.
                    checkpointFailure = ex;
                }
            }

            var metrics = pending.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            return new DeltaCommitResult(version, pending.Added, Skipped: false, Attempts: attempt, checkpointFailure, metrics);
        }
    }

    private enum WinnerOutcome
    {
        Retry,
        AlreadyCommitted,
    }

    /// <summary>
    /// Checks the commits that won the race (versions <paramref name="from"/>..<paramref name="to"/>) for conflicts
    /// (PROTOCOL.md leaves the policy to the writer; this is Spark's Serializable level): a protocol or metadata change
    /// always conflicts; a removal of a file this operation read conflicts; added files conflict when they intersect what
    /// it read (<see cref="PendingCommit.AddedConflicts"/>). Blind appends read nothing and always retry.
    /// </summary>
    private WinnerOutcome CheckWinners(long from, long to, PendingCommit pending, CancellationToken cancellationToken)
    {
        var added = new List<AddFile>();
        for (var v = from; v <= to; v++)
        {
            var name = LogPaths.CommitName(v);
            var bytes = Store.Read(name, cancellationToken) ?? throw new DeltaLogCorruptException(Path, $"Commit {name} vanished after another writer created it");
            foreach (var action in ActionCodec.ParseCommit(bytes, Path, name))
            {
                switch (action)
                {
                    case ProtocolAction or MetadataAction:
                        throw new DeltaConcurrentModificationException(Path, v, string.Create(CultureInfo.InvariantCulture,
                            $"Version {v}, committed concurrently, changed the table's protocol or metadata; the {pending.Operation} was not committed"));
                    case TransactionAction t when t.AppId == pending.ApplicationId && t.Version >= pending.ApplicationVersion:
                        return WinnerOutcome.AlreadyCommitted;
                    case RemoveFile r when pending.ReadPaths.Contains(r.DecodedPath):
                        throw new DeltaConcurrentModificationException(Path, v, string.Create(CultureInfo.InvariantCulture,
                            $"Version {v}, committed concurrently, {pending.ConflictDescription} (it removed {r.Path}); the {pending.Operation} was not committed"));
                    case AddFile a:
                        added.Add(a);
                        break;
                    default:
                        break;
                }
            }
        }

        if (added.Count > 0 && pending.AddedConflicts is { } conflicts && conflicts(added))
        {
            throw new DeltaConcurrentModificationException(Path, to, string.Create(CultureInfo.InvariantCulture,
                $"Versions {from} to {to}, committed concurrently, {pending.ConflictDescription} (they added files it would have read); the {pending.Operation} was not committed"));
        }

        return WinnerOutcome.Retry;
    }

    private void DeleteUncommitted(List<AddFile> added)
    {
        foreach (var file in added)
        {
            File.Delete(Store.DataFilePath(file.DecodedPath));
        }
    }

    private static List<DeltaAction> BuildActions(PendingCommit pending, long now)
    {
        var actions = new List<DeltaAction>
        {
            CommitInfo(now, pending.Operation, pending.Parameters, pending.Snapshot.Version, pending.IsBlindAppend,
                [.. pending.Metrics.Select(m => (m.Key, m.Value.ToString(CultureInfo.InvariantCulture)))]),
        };
        if (pending.ApplicationId is { } appId)
        {
            actions.Add(new TransactionAction { AppId = appId, Version = pending.ApplicationVersion!.Value, LastUpdated = now });
        }

        if (pending.NewMetadata is { } metadata)
        {
            actions.Add(metadata);
        }

        actions.AddRange(pending.Removed.Select(f => new RemoveFile
        {
            Path = f.Path,
            DeletionTimestamp = now,
            DataChange = true,
            ExtendedFileMetadata = true,
            PartitionValues = f.PartitionValues,
            Size = f.Size,
        }));
        actions.AddRange(pending.Added);
        return actions;
    }

    private static long NumRecords(AddFile file)
    {
        if (file.Stats is null)
        {
            return 0;
        }

        using var document = JsonDocument.Parse(file.Stats);
        return document.RootElement.TryGetProperty("numRecords", out var n) ? n.GetInt64() : 0;
    }

    /// <summary>commitInfo in Spark's field order: timestamp, operation, operationParameters, readVersion, isolationLevel, isBlindAppend, operationMetrics, engineInfo, txnId.</summary>
    private static CommitInfoAction CommitInfo(long now, string operation, Action<Utf8JsonWriter> parameters, long? readVersion, bool isBlindAppend, List<(string Key, string Value)> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("timestamp", now);
            w.WriteString("operation", operation);
            w.WriteStartObject("operationParameters");
            parameters(w);
            w.WriteEndObject();
            if (readVersion is { } rv)
            {
                w.WriteNumber("readVersion", rv);
            }

            w.WriteString("isolationLevel", "Serializable");
            w.WriteBoolean("isBlindAppend", isBlindAppend);
            w.WriteStartObject("operationMetrics");
            foreach (var (key, value) in metrics)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
            w.WriteString("engineInfo", EngineInfo);
            w.WriteString("txnId", Guid.NewGuid().ToString());
            w.WriteEndObject();
        }

        return new CommitInfoAction(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static readonly JsonSerializerOptions SparkJsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON as Spark's Jackson writes it into operationParameters (no \u escapes for quotes, '&lt;', '+', ...).</summary>
    private static string SparkJson<T>(T value) => JsonSerializer.Serialize(value, SparkJsonOptions);

    private static string TempName(string purpose) => DuckDBTypes.QuoteIdentifier($"__delta_{purpose}_{Guid.NewGuid():N}");

    private static void DropTemps(DuckDBConnection connection, List<string> temps)
    {
        foreach (var temp in temps)
        {
            connection.ExecuteNonQuery($"DROP TABLE IF EXISTS {temp}", cancellationToken: CancellationToken.None);
        }
    }

    /// <summary>
    /// Schema enforcement (and opt-in evolution) of a write's source: columns are matched by name, case-insensitively;
    /// columns the table lacks are refused, or with <paramref name="mergeSchema"/> appended to the schema as nullable
    /// columns; columns the data lacks are NULL (refused when not nullable). Returns the casting SELECT.
    /// </summary>
    private PreparedSource PrepareSource(DuckDBConnection connection, Snapshot snapshot, string sourceSql, IReadOnlyList<object?>? parameters, bool mergeSchema, CancellationToken cancellationToken)
    {
        var columns = new List<(string Name, string Type)>();
        using (var reader = connection.ExecuteReader($"SELECT * FROM ({sourceSql}) AS src LIMIT 0", parameters, cancellationToken))
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns.Add((reader.GetName(i), reader.GetDataTypeName(i)));
            }
        }

        var duplicate = columns.GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DeltaSchemaException(Path, $"The data has the column '{duplicate.Key}' more than once (names are case-insensitive)");
        }

        var schema = snapshot.Schema;
        var extras = columns.Where(c => schema.Find(c.Name) is null).ToList();
        MetadataAction? newMetadata = null;
        if (extras.Count > 0)
        {
            if (!mergeSchema)
            {
                throw new DeltaSchemaException(Path,
                    $"A schema mismatch detected when writing to the Delta table: the data has column(s) {string.Join(", ", extras.Select(e => $"'{e.Name}' ({e.Type})"))} "
                    + $"that the table does not have (table columns: {string.Join(", ", schema.Fields.Select(f => $"{f.Name} {f.Type.SimpleString}"))}). "
                    + "Remove them, or enable MergeSchema to add them as nullable columns");
            }

            schema = new StructType(schema.Fields.Concat(extras.Select(e => new StructField(e.Name, FromDuckDBType(e.Type, e.Name), nullable: true))));
            var old = snapshot.Metadata;
            newMetadata = new MetadataAction
            {
                Id = old.Id,
                Name = old.Name,
                Description = old.Description,
                Format = old.Format,
                SchemaString = schema.ToJson(),
                PartitionColumns = old.PartitionColumns,
                Configuration = old.Configuration,
                CreatedTime = old.CreatedTime,
            };
        }

        var byName = columns.ToDictionary(c => c.Name, c => c.Name, StringComparer.OrdinalIgnoreCase);
        var partitionNames = new HashSet<string>(snapshot.PartitionColumns, StringComparer.OrdinalIgnoreCase);
        var projection = new List<string>();
        foreach (var field in schema.Fields)
        {
            var sqlType = DuckDBTypes.ToSql(field.Type);
            var target = DuckDBTypes.QuoteIdentifier(field.Name);
            if (!byName.TryGetValue(field.Name, out var sourceName))
            {
                if (!field.Nullable)
                {
                    throw new DeltaSchemaException(Path, $"Column '{field.Name}' is not nullable, but the data has no such column; nothing was written");
                }

                projection.Add($"CAST(NULL AS {sqlType}) AS {target}");
                continue;
            }

            var cast = $"CAST(src.{DuckDBTypes.QuoteIdentifier(sourceName)} AS {sqlType})";
            // Spark stores an empty string partition value as NULL (__HIVE_DEFAULT_PARTITION__); do the same.
            projection.Add(partitionNames.Contains(field.Name) && ReferenceEquals(field.Type, PrimitiveType.String) ? $"NULLIF({cast}, '') AS {target}" : $"{cast} AS {target}");
        }

        return new PreparedSource($"SELECT {string.Join(", ", projection)} FROM ({sourceSql}) AS src", schema, newMetadata);
    }

    /// <summary>The Delta type of a new column, from the DuckDB type of the data (schema evolution).</summary>
    private DeltaDataType FromDuckDBType(string sqlType, string column)
    {
        switch (sqlType)
        {
            case "BOOLEAN": return PrimitiveType.Boolean;
            case "TINYINT": return PrimitiveType.Byte;
            case "SMALLINT": return PrimitiveType.Short;
            case "INTEGER": return PrimitiveType.Integer;
            case "BIGINT": return PrimitiveType.Long;
            case "FLOAT": return PrimitiveType.Float;
            case "DOUBLE": return PrimitiveType.Double;
            case "VARCHAR": return PrimitiveType.String;
            case "BLOB": return PrimitiveType.Binary;
            case "DATE": return PrimitiveType.Date;
            case "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS": return PrimitiveType.Timestamp;
            default:
                break;
        }

        if (sqlType.StartsWith("DECIMAL(", StringComparison.Ordinal) && sqlType.EndsWith(')'))
        {
            var parts = sqlType["DECIMAL(".Length..^1].Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var precision)
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var scale))
            {
                return new DecimalType(precision, scale);
            }
        }

        throw new DeltaSchemaException(Path, $"Cannot add column '{column}': its type {sqlType} has no Delta type this writer adds by schema evolution (cast it to a primitive or decimal type)");
    }

    /// <summary>
    /// Writes the rows of <paramref name="relationSql"/> (columns exactly the fields of <paramref name="schema"/>, cast)
    /// as data files, one per partition, and returns their <c>add</c> actions with statistics. NOT NULL columns are
    /// checked; on a violation every file written is deleted.
    /// </summary>
    private List<AddFile> WriteRows(DuckDBConnection connection, Snapshot snapshot, StructType schema, string relationSql, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken)
    {
        var partitionFields = snapshot.PartitionColumns.Select(c => schema.Find(c)!).ToList();
        var partitionNames = new HashSet<string>(partitionFields.Select(f => f.Name), StringComparer.OrdinalIgnoreCase);
        var dataFields = schema.Fields.Where(f => !partitionNames.Contains(f.Name)).ToList();
        var indexedColumns = snapshot.Metadata.Configuration.TryGetValue("delta.dataSkippingNumIndexedCols", out var configured)
            && int.TryParse(configured, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : FileStatistics.DefaultIndexedColumns;
        var columns = string.Join(", ", dataFields.Select(f => DuckDBTypes.QuoteIdentifier(f.Name)));
        var notNullable = schema.Fields.Where(f => !f.Nullable).ToList();
        var added = new List<AddFile>();
        (relationSql, parameters) = SqlTokenizer.CompactParameters(relationSql, parameters);

        if (partitionFields.Count == 0)
        {
            // Unpartitioned: stream the query straight into one file, then check it (no intermediate copy).
            var relative = string.Create(CultureInfo.InvariantCulture, $"part-00000-{Guid.NewGuid()}-c000.snappy.parquet");
            var local = Store.DataFilePath(relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(local)!);
            try
            {
                var copied = CopyToParquet(connection, $"SELECT {columns} FROM ({relationSql}) AS r", parameters, local, cancellationToken);
                CheckNotNull(connection, "read_parquet($1)", [local], notNullable, cancellationToken);
                var file = DescribeWrittenFile(connection, relative, local, new Dictionary<string, string?>(), dataFields, indexedColumns, copied, cancellationToken);
                if (NumRecords(file) == 0)
                {
                    File.Delete(local);
                    return added;
                }

                added.Add(file);
                return added;
            }
            catch
            {
                File.Delete(local);
                throw;
            }
        }

        var temp = TempName("write");
        var group = DuckDBTypes.QuoteIdentifier(GroupColumn);
        var grouping = $"dense_rank() OVER (ORDER BY {string.Join(", ", partitionFields.Select(f => DuckDBTypes.QuoteIdentifier(f.Name)))})";
        connection.ExecuteNonQuery($"CREATE TEMP TABLE {temp} AS SELECT *, {grouping} AS {group} FROM ({relationSql}) AS r", parameters, cancellationToken);
        try
        {
            CheckNotNull(connection, temp, null, notNullable, cancellationToken);
            var groups = new List<(long Group, string?[] Values)>();
            var selectGroups = $"SELECT DISTINCT {group}, {string.Join(", ", partitionFields.Select(f => f.Type is DecimalType ? $"CAST({DuckDBTypes.QuoteIdentifier(f.Name)} AS VARCHAR)" : DuckDBTypes.QuoteIdentifier(f.Name)))} FROM {temp} ORDER BY 1";
            using (var reader = connection.ExecuteReader(selectGroups, cancellationToken: cancellationToken))
            {
                while (reader.Read())
                {
                    var values = new string?[partitionFields.Count];
                    for (var i = 0; i < values.Length; i++)
                    {
                        values[i] = reader.IsDBNull(i + 1) ? null : SerializePartitionValue(reader.GetValue(i + 1));
                    }

                    groups.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), values));
                }
            }

            try
            {
                foreach (var (groupId, values) in groups)
                {
                    var directory = string.Join("/", partitionFields.Select((f, i) =>
                        LogPaths.EscapePartitionValue(f.Name) + "=" + (values[i] is { } v ? LogPaths.EscapePartitionValue(v) : HiveDefaultPartition)));
                    var fileName = string.Create(CultureInfo.InvariantCulture, $"part-{added.Count:D5}-{Guid.NewGuid()}-c000.snappy.parquet");
                    var relative = directory + "/" + fileName;
                    var local = Store.DataFilePath(relative);
                    Directory.CreateDirectory(System.IO.Path.GetDirectoryName(local)!);
                    var copied = CopyToParquet(connection, string.Create(CultureInfo.InvariantCulture, $"SELECT {columns} FROM {temp} WHERE {group} = {groupId}"), null, local, cancellationToken);
                    var partitionValues = partitionFields.Select((f, i) => (f.Name, values[i])).ToDictionary(p => p.Name, p => p.Item2);
                    added.Add(DescribeWrittenFile(connection, relative, local, partitionValues, dataFields, indexedColumns, copied, cancellationToken));
                }
            }
            catch
            {
                DeleteUncommitted(added);
                throw;
            }

            return added;
        }
        finally
        {
            connection.ExecuteNonQuery($"DROP TABLE IF EXISTS {temp}", cancellationToken: CancellationToken.None);
        }
    }

    private void CheckNotNull(DuckDBConnection connection, string relation, IReadOnlyList<object?>? parameters, List<StructField> fields, CancellationToken cancellationToken)
    {
        foreach (var field in fields)
        {
            var nulls = Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM {relation} WHERE {DuckDBTypes.QuoteIdentifier(field.Name)} IS NULL", parameters, cancellationToken), CultureInfo.InvariantCulture);
            if (nulls > 0)
            {
                throw new DeltaException(Path, string.Create(CultureInfo.InvariantCulture, $"Column '{field.Name}' is not nullable, but the data has {nulls} NULL value(s); nothing was written"));
            }
        }
    }

    /// <summary>Writes one parquet file with DuckDB's COPY and returns the row count and column statistics it gathered while writing.</summary>
    private static (long Count, object? ColumnStatistics) CopyToParquet(DuckDBConnection connection, string selectSql, IReadOnlyList<object?>? parameters, string local, CancellationToken cancellationToken)
    {
        using var reader = connection.ExecuteReader(
            $"COPY ({selectSql}) TO {DuckDBTypes.QuoteLiteral(local)} (FORMAT parquet, COMPRESSION snappy, RETURN_STATS true)", parameters, cancellationToken);
        if (!reader.Read())
        {
            return (-1, null);
        }

        var count = Convert.ToInt64(reader.GetValue(reader.GetOrdinal("count")), CultureInfo.InvariantCulture);
        var statistics = reader.GetValue(reader.GetOrdinal("column_statistics"));
        return (count, statistics is DBNull ? null : statistics);
    }

    private AddFile DescribeWrittenFile(
        DuckDBConnection connection, string relative, string local, Dictionary<string, string?> partitionValues, List<StructField> dataFields, int indexedColumns, (long Count, object? ColumnStatistics) copied, CancellationToken cancellationToken)
    {
        var info = new FileInfo(local);
        var stats = copied.Count >= 0 ? FileStatistics.FromCopyStatistics(copied.Count, copied.ColumnStatistics, dataFields, indexedColumns) : null;
        return new AddFile
        {
            Path = LogPaths.EncodePath(relative),
            PartitionValues = partitionValues,
            Size = info.Length,
            ModificationTime = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero).ToUnixTimeMilliseconds(),
            DataChange = true,
            Stats = stats ?? FileStatistics.Compute(connection, local, dataFields, indexedColumns, cancellationToken),
        };
    }

    /// <summary>A typed value read from DuckDB, in the partition value form of PROTOCOL.md (empty strings become NULL as in Spark).</summary>
    private static string? SerializePartitionValue(object value) => value switch
    {
        string s => s.Length == 0 ? null : s,
        float f => JavaFloating(f.ToString("R", CultureInfo.InvariantCulture)),
        double d => JavaFloating(d.ToString("R", CultureInfo.InvariantCulture)),
        _ => PartitionValues.Serialize(value),
    };

    /// <summary>Java prints integral floating values with ".0" (1.0, not 1).</summary>
    private static string JavaFloating(string text) => text.All(c => char.IsAsciiDigit(c) || c == '-') ? text + ".0" : text;
}
