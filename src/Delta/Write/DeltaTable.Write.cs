using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lakehouse.DuckDB;

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
            w.WriteString("partitionBy", JsonSerializer.Serialize(metadata.PartitionColumns));
            w.WriteString("properties", JsonSerializer.Serialize(metadata.Configuration));
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
    /// the table. Columns are matched by name and cast to the schema's types; partition columns become Hive-style
    /// directories. Each data file is written with <c>COPY ... (FORMAT parquet)</c> and its statistics are computed from
    /// the written file. Appends that lose a commit race re-read the log and retry; overwrites retry only when the
    /// winning commits changed no files.
    /// </summary>
    /// <exception cref="DeltaProtocolException">The table needs a writer feature this writer does not implement.</exception>
    /// <exception cref="DeltaConcurrentModificationException">A concurrent commit conflicts, or every attempt lost its race.</exception>
    public DeltaCommitResult Write(string sourceSql, IReadOnlyList<object?>? parameters = null, DeltaWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSql);
        options ??= new DeltaWriteOptions();
        if ((options.ApplicationId is null) != (options.ApplicationVersion is null))
        {
            throw new ArgumentException("ApplicationId and ApplicationVersion must be given together.", nameof(options));
        }

        var snapshot = GetSnapshot(null, cancellationToken);
        DeltaLog.ValidateWriterProtocol(Path, snapshot.Protocol, snapshot.Schema);
        if (options.Mode == DeltaSaveMode.Overwrite && IsAppendOnly(snapshot.Metadata) && snapshot.Files.Count > 0)
        {
            throw new DeltaException(Path, "Cannot overwrite: the table is append-only (delta.appendOnly = true)");
        }

        if (options.ApplicationId is { } appId && snapshot.GetTransactionVersion(appId) is { } done && done >= options.ApplicationVersion)
        {
            return new DeltaCommitResult(snapshot.Version, [], Skipped: true, Attempts: 0);
        }

        var added = WriteDataFiles(snapshot, sourceSql, parameters, cancellationToken);
        try
        {
            return Commit(snapshot, added, options, cancellationToken);
        }
        catch (DeltaConcurrentModificationException)
        {
            // Not committed, so no snapshot references these files: remove them rather than leave them for VACUUM.
            DeleteUncommitted(added);
            throw;
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

    private static bool IsAppendOnly(MetadataAction metadata) =>
        metadata.Configuration.TryGetValue("delta.appendOnly", out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    private DeltaCommitResult Commit(Snapshot snapshot, List<AddFile> added, DeltaWriteOptions options, CancellationToken cancellationToken)
    {
        var readVersion = snapshot.Version;
        var version = readVersion + 1;
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
            var actions = BuildWriteActions(snapshot, added, options, now);
            try
            {
                Store.WriteCommit(version, ActionCodec.SerializeCommit(actions), cancellationToken);
            }
            catch (DeltaConcurrentModificationException) when (attempt < Options.MaxCommitAttempts)
            {
                var latest = GetLatestVersion(cancellationToken);
                if (CheckWinners(version, latest, options, cancellationToken) == WinnerOutcome.AlreadyCommitted)
                {
                    DeleteUncommitted(added);
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

            return new DeltaCommitResult(version, added, Skipped: false, Attempts: attempt, checkpointFailure);
        }
    }

    private enum WinnerOutcome
    {
        Retry,
        AlreadyCommitted,
    }

    /// <summary>Checks the commits that won the race (versions <paramref name="from"/>..<paramref name="to"/>) for conflicts.</summary>
    private WinnerOutcome CheckWinners(long from, long to, DeltaWriteOptions options, CancellationToken cancellationToken)
    {
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
                            $"Version {v}, committed concurrently, changed the table's protocol or metadata; the write was not committed"));
                    case TransactionAction t when t.AppId == options.ApplicationId && t.Version >= options.ApplicationVersion:
                        return WinnerOutcome.AlreadyCommitted;
                    case AddFile or RemoveFile when options.Mode == DeltaSaveMode.Overwrite:
                        throw new DeltaConcurrentModificationException(Path, v, string.Create(CultureInfo.InvariantCulture,
                            $"Version {v}, committed concurrently, changed files the overwrite read; the overwrite was not committed"));
                    default:
                        break;
                }
            }
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

    private List<DeltaAction> BuildWriteActions(Snapshot snapshot, List<AddFile> added, DeltaWriteOptions options, long now)
    {
        var overwrite = options.Mode == DeltaSaveMode.Overwrite;
        var removes = overwrite
            ? snapshot.Files.Select(f => new RemoveFile
            {
                Path = f.Path,
                DeletionTimestamp = now,
                DataChange = true,
                ExtendedFileMetadata = true,
                PartitionValues = f.PartitionValues,
                Size = f.Size,
            }).ToList()
            : [];
        var metrics = new List<(string, string)>
        {
            ("numFiles", added.Count.ToString(CultureInfo.InvariantCulture)),
            ("numOutputRows", added.Sum(NumRecords).ToString(CultureInfo.InvariantCulture)),
            ("numOutputBytes", added.Sum(f => f.Size).ToString(CultureInfo.InvariantCulture)),
        };
        if (overwrite)
        {
            metrics.Add(("numRemovedFiles", removes.Count.ToString(CultureInfo.InvariantCulture)));
        }

        var actions = new List<DeltaAction>
        {
            CommitInfo(now, "WRITE", w =>
            {
                w.WriteString("mode", overwrite ? "Overwrite" : "Append");
                w.WriteString("partitionBy", JsonSerializer.Serialize(snapshot.PartitionColumns));
            }, snapshot.Version, isBlindAppend: !overwrite, metrics),
        };
        if (options.ApplicationId is { } appId)
        {
            actions.Add(new TransactionAction { AppId = appId, Version = options.ApplicationVersion!.Value, LastUpdated = now });
        }

        actions.AddRange(removes);
        actions.AddRange(added);
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
        using (var w = new Utf8JsonWriter(buffer))
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

    private List<AddFile> WriteDataFiles(Snapshot snapshot, string sourceSql, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken)
    {
        var schema = snapshot.Schema;
        var partitionFields = snapshot.PartitionColumns.Select(c => schema.Find(c)!).ToList();
        var partitionNames = new HashSet<string>(partitionFields.Select(f => f.Name), StringComparer.OrdinalIgnoreCase);
        var dataFields = schema.Fields.Where(f => !partitionNames.Contains(f.Name)).ToList();
        var temp = DuckDBTypes.QuoteIdentifier("__delta_write_" + Guid.NewGuid().ToString("N"));
        var group = DuckDBTypes.QuoteIdentifier(GroupColumn);

        var indexedColumns = snapshot.Metadata.Configuration.TryGetValue("delta.dataSkippingNumIndexedCols", out var configured)
            && int.TryParse(configured, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : FileStatistics.DefaultIndexedColumns;
        using var connection = Connect();
        // Spark stores an empty string partition value as NULL (__HIVE_DEFAULT_PARTITION__); do the same before grouping.
        var projection = string.Join(", ", schema.Fields.Select(f =>
        {
            var cast = $"CAST(src.{DuckDBTypes.QuoteIdentifier(f.Name)} AS {DuckDBTypes.ToSql(f.Type)})";
            var value = partitionNames.Contains(f.Name) && ReferenceEquals(f.Type, PrimitiveType.String) ? $"NULLIF({cast}, '')" : cast;
            return $"{value} AS {DuckDBTypes.QuoteIdentifier(f.Name)}";
        }));
        var grouping = partitionFields.Count == 0
            ? "1"
            : $"dense_rank() OVER (ORDER BY {string.Join(", ", partitionFields.Select(f => DuckDBTypes.QuoteIdentifier(f.Name)))})";
        connection.ExecuteNonQuery($"CREATE TEMP TABLE {temp} AS SELECT *, {grouping} AS {group} FROM (SELECT {projection} FROM ({sourceSql}) AS src)", parameters, cancellationToken);
        try
        {
            foreach (var field in schema.Fields.Where(f => !f.Nullable))
            {
                var nulls = Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM {temp} WHERE {DuckDBTypes.QuoteIdentifier(field.Name)} IS NULL", cancellationToken: cancellationToken), CultureInfo.InvariantCulture);
                if (nulls > 0)
                {
                    throw new DeltaException(Path, string.Create(CultureInfo.InvariantCulture, $"Column '{field.Name}' is not nullable, but the data has {nulls} NULL value(s); nothing was written"));
                }
            }

            var groups = new List<(long Group, string?[] Values)>();
            var selectGroups = partitionFields.Count == 0
                ? $"SELECT DISTINCT {group} FROM {temp} ORDER BY 1"
                : $"SELECT DISTINCT {group}, {string.Join(", ", partitionFields.Select(f => f.Type is DecimalType ? $"CAST({DuckDBTypes.QuoteIdentifier(f.Name)} AS VARCHAR)" : DuckDBTypes.QuoteIdentifier(f.Name)))} FROM {temp} ORDER BY 1";
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

            var added = new List<AddFile>();
            var columns = string.Join(", ", dataFields.Select(f => DuckDBTypes.QuoteIdentifier(f.Name)));
            foreach (var (groupId, values) in groups)
            {
                var directory = string.Join("/", partitionFields.Select((f, i) =>
                    LogPaths.EscapePartitionValue(f.Name) + "=" + (values[i] is { } v ? LogPaths.EscapePartitionValue(v) : HiveDefaultPartition)));
                var fileName = string.Create(CultureInfo.InvariantCulture, $"part-{added.Count:D5}-{Guid.NewGuid()}-c000.snappy.parquet");
                var relative = directory.Length == 0 ? fileName : directory + "/" + fileName;
                var local = Store.DataFilePath(relative);
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(local)!);
                connection.ExecuteNonQuery(
                    string.Create(CultureInfo.InvariantCulture, $"COPY (SELECT {columns} FROM {temp} WHERE {group} = {groupId}) TO {DuckDBTypes.QuoteLiteral(local)} (FORMAT parquet, COMPRESSION snappy)"),
                    cancellationToken: cancellationToken);
                var info = new FileInfo(local);
                added.Add(new AddFile
                {
                    Path = LogPaths.EncodePath(relative),
                    PartitionValues = partitionFields.Select((f, i) => (f.Name, values[i])).ToDictionary(p => p.Name, p => p.Item2),
                    Size = info.Length,
                    ModificationTime = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero).ToUnixTimeMilliseconds(),
                    DataChange = true,
                    Stats = FileStatistics.Compute(connection, local, dataFields, indexedColumns, cancellationToken),
                });
            }

            return added;
        }
        finally
        {
            connection.ExecuteNonQuery($"DROP TABLE IF EXISTS {temp}", cancellationToken: CancellationToken.None);
        }
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
