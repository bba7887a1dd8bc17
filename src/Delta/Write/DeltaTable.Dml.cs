using System.Globalization;
using Lakehouse.DuckDB;
using Lakehouse.DuckDB.Sql;

namespace Lakehouse.Delta;

/// <summary>
/// Row-level operations as copy-on-write at file level: MERGE (upsert by key), DELETE, UPDATE, and VACUUM. Each reads
/// the files that may hold affected rows, rewrites only the files that do, and commits their <c>remove</c> with the
/// rewritten and new files' <c>add</c> in one commit. Predicates and expressions are DuckDB SQL over the table's
/// columns: quote identifiers (<see cref="DuckDBTypes.QuoteIdentifier"/>) and bind values as <c>$1</c>, <c>$2</c>, ...
/// </summary>
public sealed partial class DeltaTable
{
    private const string MatchedColumn = "__delta_matched";

    /// <summary>
    /// MERGE INTO the table USING the rows of <paramref name="sourceSql"/> ON equal <see cref="DeltaMergeOptions.KeyColumns"/>:
    /// WHEN MATCHED THEN UPDATE SET *, WHEN NOT MATCHED THEN INSERT *, and optionally WHEN NOT MATCHED BY SOURCE THEN
    /// DELETE. Only the files holding a matching key (or, with the delete clause, an unmatched row) are rewritten.
    /// Source columns are matched to the table's by name (see <see cref="Write"/> for schema enforcement).
    /// </summary>
    /// <exception cref="DeltaException">Several source rows match one target row (ambiguous, as Spark reports it).</exception>
    /// <exception cref="DeltaSchemaException">The source does not fit the schema, or lacks a key column.</exception>
    /// <exception cref="DeltaConcurrentModificationException">A concurrent commit removed files the MERGE read or added rows with its keys.</exception>
    public DeltaCommitResult Merge(string sourceSql, IReadOnlyList<object?>? parameters, DeltaMergeOptions options, CancellationToken cancellationToken = default) =>
        EngineErrors("MERGE", () => MergeCore(sourceSql, parameters, options, cancellationToken));

    private DeltaCommitResult MergeCore(string sourceSql, IReadOnlyList<object?>? parameters, DeltaMergeOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceSql);
        ArgumentNullException.ThrowIfNull(options);
        ValidateTxn(options.ApplicationId, options.ApplicationVersion);
        if (options.KeyColumns is null || options.KeyColumns.Count == 0)
        {
            throw new ArgumentException("A MERGE needs at least one key column.", nameof(options));
        }

        var snapshot = GetSnapshot(null, cancellationToken);
        DeltaLog.ValidateWriterProtocol(Path, snapshot.Protocol, snapshot.Schema);
        if (IsDone(snapshot, options.ApplicationId, options.ApplicationVersion))
        {
            return new DeltaCommitResult(snapshot.Version, [], Skipped: true, Attempts: 0);
        }

        if (IsAppendOnly(snapshot.Metadata) && (options.WhenMatchedUpdate || options.WhenNotMatchedBySourceDelete))
        {
            throw new DeltaException(Path, "Cannot MERGE with an update or delete clause: the table is append-only (delta.appendOnly = true)");
        }

        using var owned = options.Connection is null ? Connect() : null;
        var connection = options.Connection ?? owned!;
        var source = PrepareSource(connection, snapshot, sourceSql, parameters, options.MergeSchema, cancellationToken);
        var keys = options.KeyColumns.Select(k => source.Schema.Find(k) ?? throw new DeltaSchemaException(Path,
            $"MERGE key column '{k}' is not in the table (columns: {string.Join(", ", source.Schema.Fields.Select(f => f.Name))})")).ToList();
        var temps = new List<string>();
        try
        {
            var src = TempName("merge_source");
            temps.Add(src);
            connection.ExecuteNonQuery($"CREATE TEMP TABLE {src} AS {source.Sql}", parameters, cancellationToken);
            string Equal(string t, string s) => string.Join(" AND ", keys.Select(k => $"{t}.{DuckDBTypes.QuoteIdentifier(k.Name)} = {s}.{DuckDBTypes.QuoteIdentifier(k.Name)}"));
            var fileColumn = DuckDBTypes.QuoteIdentifier(DeltaScan.SourceFileColumn);
            var target = DeltaScan.BuildInlineSql(snapshot, snapshot.Files, source.Schema, connection, includeFile: true, cancellationToken);

            if (options.WhenMatchedUpdate)
            {
                var keyList = string.Join(", ", keys.Select(k => DuckDBTypes.QuoteIdentifier(k.Name)));
                var ambiguous = Convert.ToInt64(connection.ExecuteScalar(
                    $"SELECT count(*) FROM (SELECT {keyList} FROM {src} GROUP BY {keyList} HAVING count(*) > 1) AS d WHERE EXISTS (SELECT 1 FROM ({target}) AS t WHERE {Equal("t", "d")})",
                    cancellationToken: cancellationToken), CultureInfo.InvariantCulture);
                if (ambiguous > 0)
                {
                    throw new DeltaException(Path, string.Create(CultureInfo.InvariantCulture,
                        $"Cannot perform Merge as multiple source rows matched and attempted to modify the same target row in the Delta table in possibly conflicting ways "
                        + $"({ambiguous} key(s) of {keyList} appear more than once in the source and exist in the table). Deduplicate the source by key first"));
                }
            }

            // Which files hold matched rows, and which hold unmatched ones.
            var byLocal = snapshot.Files.ToDictionary(f => DeltaScan.LocalPath(snapshot, f), StringComparer.Ordinal);
            var touched = new List<AddFile>();
            using (var reader = connection.ExecuteReader(
                $"SELECT {fileColumn}, bool_or(m), bool_or(NOT m) FROM (SELECT t.{fileColumn}, EXISTS (SELECT 1 FROM {src} AS s WHERE {Equal("t", "s")}) AS m FROM ({target}) AS t) GROUP BY 1",
                cancellationToken: cancellationToken))
            {
                while (reader.Read())
                {
                    var anyMatched = reader.GetBoolean(1);
                    var anyUnmatched = reader.GetBoolean(2);
                    if ((anyMatched && options.WhenMatchedUpdate) || (anyUnmatched && options.WhenNotMatchedBySourceDelete))
                    {
                        touched.Add(byLocal[reader.GetString(0)]);
                    }
                }
            }

            var matched = TempName("merge_matched");
            temps.Add(matched);
            connection.ExecuteNonQuery(
                $"CREATE TEMP TABLE {matched} AS SELECT s.*, EXISTS (SELECT 1 FROM ({target}) AS t WHERE {Equal("t", "s")}) AS {DuckDBTypes.QuoteIdentifier(MatchedColumn)} FROM {src} AS s",
                cancellationToken: cancellationToken);
            var m = DuckDBTypes.QuoteIdentifier(MatchedColumn);
            long sourceRows, matchedRows;
            using (var reader = connection.ExecuteReader($"SELECT count(*), count(*) FILTER (WHERE {m}) FROM {matched}", cancellationToken: cancellationToken))
            {
                reader.Read();
                sourceRows = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                matchedRows = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            }

            var columns = string.Join(", ", source.Schema.Fields.Select(f => DuckDBTypes.QuoteIdentifier(f.Name)));
            var sourcePick = (options.WhenMatchedUpdate, options.WhenNotMatchedInsert) switch
            {
                (true, true) => "true",
                (true, false) => m,
                (false, true) => $"NOT {m}",
                _ => "false",
            };
            // A target row of a rewritten file stays when it is matched but not updated, or unmatched and not deleted.
            var keep = (options.WhenMatchedUpdate, options.WhenNotMatchedBySourceDelete) switch
            {
                (true, true) => "false",
                (true, false) => "NOT tm",
                (false, true) => "tm",
                _ => "true",
            };
            long copied = 0, deletedBySource = 0;
            var parts = new List<string> { $"SELECT {columns} FROM {matched} WHERE {sourcePick}" };
            if (touched.Count > 0)
            {
                var rewrite = DeltaScan.BuildInlineSql(snapshot, touched, source.Schema, connection, includeFile: false, cancellationToken);
                var flagged = $"SELECT t.*, EXISTS (SELECT 1 FROM {src} AS s WHERE {Equal("t", "s")}) AS tm FROM ({rewrite}) AS t";
                using (var reader = connection.ExecuteReader($"SELECT count(*) FILTER (WHERE {keep}), count(*) FILTER (WHERE NOT tm) FROM ({flagged})", cancellationToken: cancellationToken))
                {
                    reader.Read();
                    copied = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
                    deletedBySource = options.WhenNotMatchedBySourceDelete ? Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture) : 0;
                }

                parts.Insert(0, $"SELECT {columns} FROM ({flagged}) WHERE {keep}");
            }

            var pending = new PendingCommit(snapshot, "MERGE", options.ApplicationId, options.ApplicationVersion) { NewMetadata = source.NewMetadata };
            pending.Added.AddRange(WriteRows(connection, snapshot, source.Schema, string.Join(" UNION ALL ", parts), null, cancellationToken));
            pending.Removed.AddRange(touched);
            pending.ReadPaths.UnionWith(snapshot.Files.Select(f => f.DecodedPath));
            pending.AddedConflicts = added => Convert.ToInt64(connection.ExecuteScalar(
                $"SELECT count(*) FROM ({DeltaScan.BuildInlineSql(snapshot, added, source.Schema, connection, includeFile: false, cancellationToken)}) AS t WHERE EXISTS (SELECT 1 FROM {src} AS s WHERE {Equal("t", "s")})",
                cancellationToken: cancellationToken), CultureInfo.InvariantCulture) > 0;
            pending.ConflictDescription = "added or removed files that the MERGE read";
            var predicate = string.Join(" AND ", keys.Select(k => $"(target.{k.Name} = source.{k.Name})"));
            pending.Parameters = w =>
            {
                w.WriteString("predicate", SparkJson<string[]>([predicate]));
                w.WriteString("matchedPredicates", options.WhenMatchedUpdate ? """[{"actionType":"update"}]""" : "[]");
                w.WriteString("notMatchedPredicates", options.WhenNotMatchedInsert ? """[{"actionType":"insert"}]""" : "[]");
                w.WriteString("notMatchedBySourcePredicates", options.WhenNotMatchedBySourceDelete ? """[{"actionType":"delete"}]""" : "[]");
            };
            var inserted = options.WhenNotMatchedInsert ? sourceRows - matchedRows : 0;
            var updated = options.WhenMatchedUpdate ? matchedRows : 0;
            pending.Metrics.Add(("numSourceRows", sourceRows));
            pending.Metrics.Add(("numTargetRowsInserted", inserted));
            pending.Metrics.Add(("numTargetRowsUpdated", updated));
            pending.Metrics.Add(("numTargetRowsDeleted", deletedBySource));
            pending.Metrics.Add(("numTargetRowsCopied", copied));
            pending.Metrics.Add(("numOutputRows", inserted + updated + copied));
            pending.Metrics.Add(("numTargetFilesAdded", pending.Added.Count));
            pending.Metrics.Add(("numTargetFilesRemoved", pending.Removed.Count));
            pending.Metrics.Add(("numTargetRowsMatchedUpdated", updated));
            pending.Metrics.Add(("numTargetRowsNotMatchedBySourceDeleted", deletedBySource));
            pending.Metrics.Add(("numTargetBytesAdded", pending.Added.Sum(f => f.Size)));
            pending.Metrics.Add(("numTargetBytesRemoved", pending.Removed.Sum(f => f.Size)));
            return CommitPending(pending, cancellationToken);
        }
        finally
        {
            DropTemps(connection, temps);
        }
    }

    /// <summary>
    /// DELETE FROM the table WHERE <paramref name="predicate"/> (null: every row). Files without matching rows are kept;
    /// files whose rows all match are removed; the others are rewritten without the matching rows. Rows for which the
    /// predicate is NULL are kept, as in SQL.
    /// </summary>
    /// <exception cref="DeltaConcurrentModificationException">A concurrent commit removed files the DELETE read or added rows matching the predicate.</exception>
    public DeltaCommitResult Delete(string? predicate = null, IReadOnlyList<object?>? parameters = null, DeltaDmlOptions? options = null, CancellationToken cancellationToken = default) =>
        EngineErrors("DELETE", () => DeleteCore(predicate, parameters, options, cancellationToken));

    private DeltaCommitResult DeleteCore(string? predicate, IReadOnlyList<object?>? parameters, DeltaDmlOptions? options, CancellationToken cancellationToken)
    {
        options ??= new DeltaDmlOptions();
        ValidateTxn(options.ApplicationId, options.ApplicationVersion);
        var snapshot = GetSnapshot(null, cancellationToken);
        DeltaLog.ValidateWriterProtocol(Path, snapshot.Protocol, snapshot.Schema);
        if (IsDone(snapshot, options.ApplicationId, options.ApplicationVersion))
        {
            return new DeltaCommitResult(snapshot.Version, [], Skipped: true, Attempts: 0);
        }

        if (IsAppendOnly(snapshot.Metadata))
        {
            throw new DeltaException(Path, "Cannot DELETE: the table is append-only (delta.appendOnly = true)");
        }

        using var connection = Connect();
        var pending = new PendingCommit(snapshot, "DELETE", options.ApplicationId, options.ApplicationVersion);
        var (deleted, copied) = DeleteMatching(connection, pending, snapshot.Schema, predicate, parameters, cancellationToken);
        pending.Parameters = w => w.WriteString("predicate", SparkJson<string[]>(predicate is null ? [] : [predicate]));
        pending.Metrics.Add(("numRemovedFiles", pending.Removed.Count));
        pending.Metrics.Add(("numAddedFiles", pending.Added.Count));
        pending.Metrics.Add(("numDeletedRows", deleted));
        pending.Metrics.Add(("numCopiedRows", copied));
        pending.Metrics.Add(("numRemovedBytes", pending.Removed.Sum(f => f.Size)));
        pending.Metrics.Add(("numAddedBytes", pending.Added.Sum(f => f.Size)));
        pending.ConflictDescription = "added or removed files that the DELETE read";
        return CommitPending(pending, cancellationToken);
    }

    /// <summary>
    /// UPDATE the table SET column = expression (each <paramref name="set"/> entry; expressions are DuckDB SQL over the
    /// old row, cast to the column's type) WHERE <paramref name="predicate"/> (null: every row). Only files with
    /// matching rows are rewritten. A row may move to another partition when a partition column is set.
    /// </summary>
    /// <exception cref="ArgumentException">A column to set is not in the table.</exception>
    public DeltaCommitResult Update(IReadOnlyDictionary<string, string> set, string? predicate = null, IReadOnlyList<object?>? parameters = null, DeltaDmlOptions? options = null, CancellationToken cancellationToken = default) =>
        EngineErrors("UPDATE", () => UpdateCore(set, predicate, parameters, options, cancellationToken));

    private DeltaCommitResult UpdateCore(IReadOnlyDictionary<string, string> set, string? predicate, IReadOnlyList<object?>? parameters, DeltaDmlOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count == 0)
        {
            throw new ArgumentException("An UPDATE needs at least one column to set.", nameof(set));
        }

        options ??= new DeltaDmlOptions();
        ValidateTxn(options.ApplicationId, options.ApplicationVersion);
        var snapshot = GetSnapshot(null, cancellationToken);
        DeltaLog.ValidateWriterProtocol(Path, snapshot.Protocol, snapshot.Schema);
        var schema = snapshot.Schema;
        var assignments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (column, expression) in set)
        {
            var field = schema.Find(column) ?? throw new ArgumentException(
                $"Cannot UPDATE column '{column}': it is not in the table (columns: {string.Join(", ", schema.Fields.Select(f => f.Name))}).", nameof(set));
            ArgumentException.ThrowIfNullOrWhiteSpace(expression, nameof(set));
            assignments[field.Name] = expression;
        }

        if (IsDone(snapshot, options.ApplicationId, options.ApplicationVersion))
        {
            return new DeltaCommitResult(snapshot.Version, [], Skipped: true, Attempts: 0);
        }

        if (IsAppendOnly(snapshot.Metadata))
        {
            throw new DeltaException(Path, "Cannot UPDATE: the table is append-only (delta.appendOnly = true)");
        }

        using var connection = Connect();
        var condition = predicate is null ? "true" : $"({predicate}) IS TRUE";
        var pending = new PendingCommit(snapshot, "UPDATE", options.ApplicationId, options.ApplicationVersion);
        var (touched, matchedRows, totalRows) = FilesMatching(connection, snapshot, schema, condition, parameters, cancellationToken);
        if (touched.Count > 0)
        {
            var rewrite = DeltaScan.BuildInlineSql(snapshot, touched, schema, connection, includeFile: false, cancellationToken);
            var projection = schema.Fields.Select(f =>
            {
                var name = DuckDBTypes.QuoteIdentifier(f.Name);
                return assignments.TryGetValue(f.Name, out var expression)
                    ? $"CASE WHEN {condition} THEN CAST(({expression}) AS {DuckDBTypes.ToSql(f.Type)}) ELSE t.{name} END AS {name}"
                    : $"t.{name} AS {name}";
            });
            pending.Added.AddRange(WriteRows(connection, snapshot, schema, $"SELECT {string.Join(", ", projection)} FROM ({rewrite}) AS t", parameters, cancellationToken));
            pending.Removed.AddRange(touched);
        }

        pending.ReadPaths.UnionWith(snapshot.Files.Select(f => f.DecodedPath));
        pending.AddedConflicts = AddedRowsMatch(connection, snapshot, schema, condition, parameters, cancellationToken);
        pending.ConflictDescription = "added or removed files that the UPDATE read";
        pending.Parameters = w => w.WriteString("predicate", SparkJson<string[]>(predicate is null ? [] : [predicate]));
        pending.Metrics.Add(("numRemovedFiles", pending.Removed.Count));
        pending.Metrics.Add(("numAddedFiles", pending.Added.Count));
        pending.Metrics.Add(("numUpdatedRows", matchedRows));
        pending.Metrics.Add(("numCopiedRows", totalRows - matchedRows));
        pending.Metrics.Add(("numRemovedBytes", pending.Removed.Sum(f => f.Size)));
        pending.Metrics.Add(("numAddedBytes", pending.Added.Sum(f => f.Size)));
        return CommitPending(pending, cancellationToken);
    }

    /// <summary>
    /// Stages the deletion of the rows matching <paramref name="predicate"/> into <paramref name="pending"/>: files whose rows
    /// all match are removed, files with some matching rows are rewritten; returns the deleted and copied row counts.
    /// </summary>
    private (long Deleted, long Copied) DeleteMatching(DuckDBConnection connection, PendingCommit pending, StructType schema, string? predicate, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken)
    {
        var snapshot = pending.Snapshot;
        var condition = predicate is null ? "true" : $"({predicate}) IS TRUE";
        var (touched, deleted, total) = FilesMatching(connection, snapshot, schema, condition, parameters, cancellationToken, out var partial);
        if (partial.Count > 0)
        {
            var rewrite = DeltaScan.BuildInlineSql(snapshot, partial, schema, connection, includeFile: false, cancellationToken);
            pending.Added.AddRange(WriteRows(connection, snapshot, schema, $"SELECT * FROM ({rewrite}) AS t WHERE NOT ({condition})", parameters, cancellationToken));
        }

        pending.Removed.AddRange(touched);
        pending.ReadPaths.UnionWith(snapshot.Files.Select(f => f.DecodedPath));
        pending.AddedConflicts = AddedRowsMatch(connection, snapshot, schema, condition, parameters, cancellationToken);
        return (deleted, total - deleted);
    }

    private (List<AddFile> Touched, long Matching, long Total) FilesMatching(DuckDBConnection connection, Snapshot snapshot, StructType schema, string condition, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken) =>
        FilesMatching(connection, snapshot, schema, condition, parameters, cancellationToken, out _);

    /// <summary>
    /// The files that hold rows satisfying <paramref name="condition"/>, how many rows match and how many rows those
    /// files have; <paramref name="partial"/> gets the files where only some rows match.
    /// </summary>
    private (List<AddFile> Touched, long Matching, long Total) FilesMatching(
        DuckDBConnection connection, Snapshot snapshot, StructType schema, string condition, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken, out List<AddFile> partial)
    {
        partial = [];
        var touched = new List<AddFile>();
        if (snapshot.Files.Count == 0)
        {
            return (touched, 0, 0);
        }

        var fileColumn = DuckDBTypes.QuoteIdentifier(DeltaScan.SourceFileColumn);
        var scan = DeltaScan.BuildInlineSql(snapshot, snapshot.Files, schema, connection, includeFile: true, cancellationToken);
        var byLocal = snapshot.Files.ToDictionary(f => DeltaScan.LocalPath(snapshot, f), StringComparer.Ordinal);
        long matching = 0, total = 0;
        var (sql, values) = SqlTokenizer.CompactParameters(
            $"SELECT {fileColumn}, count(*) FILTER (WHERE {condition}), count(*) FROM ({scan}) AS t GROUP BY 1 HAVING count(*) FILTER (WHERE {condition}) > 0", parameters);
        using var reader = connection.ExecuteReader(sql, values, cancellationToken);
        while (reader.Read())
        {
            var file = byLocal[reader.GetString(0)];
            var hits = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
            var rows = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
            touched.Add(file);
            matching += hits;
            total += rows;
            if (hits < rows)
            {
                partial.Add(file);
            }
        }

        return (touched, matching, total);
    }

    /// <summary>A conflict check: whether files added concurrently hold rows that satisfy <paramref name="condition"/>.</summary>
    private static Func<IReadOnlyList<AddFile>, bool> AddedRowsMatch(DuckDBConnection connection, Snapshot snapshot, StructType schema, string condition, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken) =>
        added =>
        {
            var (sql, values) = SqlTokenizer.CompactParameters(
                $"SELECT count(*) FROM ({DeltaScan.BuildInlineSql(snapshot, added, schema, connection, includeFile: false, cancellationToken)}) AS t WHERE {condition}", parameters);
            return Convert.ToInt64(connection.ExecuteScalar(sql, values, cancellationToken), CultureInfo.InvariantCulture) > 0;
        };

    /// <summary>
    /// VACUUM: deletes the files under the table root that the table no longer needs and that are older than the
    /// retention period: files removed from the table (tombstones older than the retention) and orphans that no commit
    /// references (left by crashed writers). Files of the current snapshot and of tombstones within the retention are
    /// never deleted; <c>_delta_log</c> and hidden files ('.' or '_' prefixed) are left alone. Empty directories left
    /// behind are removed.
    /// </summary>
    /// <param name="retention">How old an unreferenced file must be; default the table's <c>delta.deletedFileRetentionDuration</c> (7 days).</param>
    /// <param name="dryRun">List the files without deleting them.</param>
    /// <param name="force">Allow a retention shorter than the table's (it can break concurrent writers and time travel).</param>
    /// <param name="cancellationToken">Stops the listing or deletion between files.</param>
    /// <exception cref="ArgumentException">The retention is shorter than the table's and <paramref name="force"/> is false.</exception>
    public VacuumResult Vacuum(TimeSpan? retention = null, bool dryRun = false, bool force = false, CancellationToken cancellationToken = default)
    {
        var snapshot = GetSnapshot(null, cancellationToken);
        var tableRetention = CheckpointWriter.Retention(snapshot.Metadata);
        var applied = retention ?? tableRetention;
        if (applied < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(retention), retention, "The retention must not be negative.");
        }

        if (applied < tableRetention && !force)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Refusing to VACUUM {Path} with a retention of {applied.TotalHours} hours: the table keeps removed files for {tableRetention.TotalHours} hours (delta.deletedFileRetentionDuration). A shorter retention can delete files that running readers or writers still use; force it only when none are."), nameof(retention));
        }

        var cutoff = Options.TimeProvider.GetUtcNow() - applied;
        var cutoffMs = cutoff.ToUnixTimeMilliseconds();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in snapshot.Files)
        {
            keep.Add(System.IO.Path.GetFullPath(Store.DataFilePath(file.DecodedPath)));
        }

        foreach (var tombstone in snapshot.Tombstones.Where(t => t.DeletionTimestamp is not { } deleted || deleted >= cutoffMs))
        {
            keep.Add(System.IO.Path.GetFullPath(Store.DataFilePath(tombstone.DecodedPath)));
        }

        var victims = new List<(string Relative, string Full, long Size)>();
        Collect(new DirectoryInfo(Store.TableRoot), isRoot: true);
        victims.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        if (!dryRun)
        {
            foreach (var victim in victims)
            {
                cancellationToken.ThrowIfCancellationRequested();
                File.Delete(victim.Full);
            }

            RemoveEmptyDirectories(new DirectoryInfo(Store.TableRoot), isRoot: true);
        }

        return new VacuumResult([.. victims.Select(v => v.Relative)], victims.Sum(v => v.Size), dryRun, applied);

        void Collect(DirectoryInfo directory, bool isRoot)
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (IsHidden(entry.Name, entry is DirectoryInfo))
                {
                    continue;
                }

                if (entry is DirectoryInfo sub)
                {
                    if (!(isRoot && sub.Name == "_delta_log"))
                    {
                        Collect(sub, isRoot: false);
                    }

                    continue;
                }

                var file = (FileInfo)entry;
                var full = System.IO.Path.GetFullPath(file.FullName);
                if (!keep.Contains(full) && new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) < cutoff)
                {
                    victims.Add((System.IO.Path.GetRelativePath(Store.TableRoot, full).Replace('\\', '/'), full, file.Length));
                }
            }
        }
    }

    /// <summary>Spark's rule: names starting with '.' or '_' are hidden, except partition directories (<c>_col=value</c>).</summary>
    private static bool IsHidden(string name, bool isDirectory) =>
        (name.StartsWith('.') || name.StartsWith('_')) && !(isDirectory && name.Contains('=', StringComparison.Ordinal));

    private static bool RemoveEmptyDirectories(DirectoryInfo directory, bool isRoot)
    {
        var empty = true;
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo sub && !IsHidden(sub.Name, isDirectory: true) && !(isRoot && sub.Name == "_delta_log"))
            {
                empty &= RemoveEmptyDirectories(sub, isRoot: false);
            }
            else
            {
                empty = false;
            }
        }

        if (empty && !isRoot)
        {
            try
            {
                directory.Delete();
            }
            catch (IOException)
            {
                return false; // a writer created a file in it meanwhile
            }
        }

        return empty;
    }
}
