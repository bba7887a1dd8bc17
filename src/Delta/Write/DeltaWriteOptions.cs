using Lakehouse.DuckDB;

namespace Lakehouse.Delta;

/// <summary>How a write treats the rows already in the table.</summary>
public enum DeltaSaveMode
{
    /// <summary>Add the new rows (a blind append: retried automatically when another writer commits first).</summary>
    Append,

    /// <summary>Replace every row of the table (removes all active files in the same commit).</summary>
    Overwrite,
}

/// <summary>Which partitions an overwrite replaces (Spark's <c>partitionOverwriteMode</c>).</summary>
public enum DeltaPartitionOverwriteMode
{
    /// <summary>Replace the whole table (or what <see cref="DeltaWriteOptions.ReplaceWhere"/> selects).</summary>
    Static,

    /// <summary>Replace only the partitions the new data has rows in; other partitions are kept.</summary>
    Dynamic,
}

/// <summary>Options of one write. Defaults: append, no application transaction, no schema evolution.</summary>
public sealed class DeltaWriteOptions
{
    /// <summary>Append (default) or overwrite.</summary>
    public DeltaSaveMode Mode { get; init; } = DeltaSaveMode.Append;

    /// <summary>
    /// With <see cref="DeltaSaveMode.Overwrite"/>: replace only the rows matching this predicate (DuckDB SQL over the
    /// table's columns; quote identifiers, bind values through <see cref="ReplaceWhereParameters"/>). Every written row
    /// must satisfy it, as in Spark. Files with matching rows are removed; their other rows are copied. Default: null.
    /// </summary>
    public string? ReplaceWhere { get; init; }

    /// <summary>The values of <c>$1</c>, <c>$2</c>, ... in <see cref="ReplaceWhere"/>. Default: none.</summary>
    public IReadOnlyList<object?>? ReplaceWhereParameters { get; init; }

    /// <summary>With <see cref="DeltaSaveMode.Overwrite"/> on a partitioned table: <see cref="DeltaPartitionOverwriteMode.Dynamic"/>
    /// replaces only the partitions written (on an unpartitioned table it replaces everything, as in Spark).
    /// Default: <see cref="DeltaPartitionOverwriteMode.Static"/>.</summary>
    public DeltaPartitionOverwriteMode PartitionOverwriteMode { get; init; } = DeltaPartitionOverwriteMode.Static;

    /// <summary>
    /// Additive schema evolution (Spark's <c>mergeSchema</c>): columns of the data that the table lacks are appended to
    /// the schema as nullable columns (a new <c>metaData</c> action); older files read them as NULL. Default: false, and
    /// such columns are refused with <see cref="DeltaSchemaException"/>.
    /// </summary>
    public bool MergeSchema { get; init; }

    /// <summary>
    /// The DuckDB connection to run the source query on; needed when it reads temp tables or views of that connection
    /// (temp objects are per connection). The operation creates and drops its own temp tables on it. Casts to
    /// <c>timestamp</c> columns use its TimeZone setting (keep it UTC, as Spark's session time zone). Default: null, a
    /// new connection to the table's database.
    /// </summary>
    public DuckDBConnection? Connection { get; init; }

    /// <summary>
    /// The application id of an idempotent write (PROTOCOL.md, Transaction Identifiers). When set with
    /// <see cref="ApplicationVersion"/>, the write is skipped if the table already records a version at or above it
    /// for this id, and the commit records the new version. Default: null (no <c>txn</c> action).
    /// </summary>
    public string? ApplicationId { get; init; }

    /// <summary>The application version of an idempotent write; required with <see cref="ApplicationId"/>.</summary>
    public long? ApplicationVersion { get; init; }
}

/// <summary>The outcome of a commit.</summary>
/// <param name="Version">The version committed, or the table's current version when the write was skipped.</param>
/// <param name="AddedFiles">The files added by the commit.</param>
/// <param name="Skipped">True when an idempotent write found its application version already committed.</param>
/// <param name="Attempts">How many versions were tried (1 when no other writer interfered).</param>
/// <param name="CheckpointFailure">The error of the checkpoint written after the commit, if that failed (the commit itself succeeded).</param>
/// <param name="Metrics">The commit's <c>operationMetrics</c> (e.g. <c>numTargetRowsInserted</c>), or null when nothing was committed.</param>
public sealed record DeltaCommitResult(
    long Version,
    IReadOnlyList<AddFile> AddedFiles,
    bool Skipped,
    int Attempts,
    Exception? CheckpointFailure = null,
    IReadOnlyDictionary<string, long>? Metrics = null)
{
    /// <summary>A metric of the commit, or 0 when absent.</summary>
    public long Metric(string name) => Metrics is not null && Metrics.TryGetValue(name, out var value) ? value : 0;
}

/// <summary>Options of a MERGE (upsert by key). Defaults: update matched rows, insert unmatched ones, keep the rest.</summary>
public sealed class DeltaMergeOptions
{
    /// <summary>The key columns: a target row matches a source row when every key is equal (NULL keys never match). Required.</summary>
    public required IReadOnlyList<string> KeyColumns { get; init; }

    /// <summary>WHEN MATCHED THEN UPDATE SET * (every column from the source). Default: true.</summary>
    public bool WhenMatchedUpdate { get; init; } = true;

    /// <summary>WHEN NOT MATCHED THEN INSERT *. Default: true.</summary>
    public bool WhenNotMatchedInsert { get; init; } = true;

    /// <summary>WHEN NOT MATCHED BY SOURCE THEN DELETE: target rows whose key is not in the source are deleted. Default: false.</summary>
    public bool WhenNotMatchedBySourceDelete { get; init; }

    /// <summary>Additive schema evolution (see <see cref="DeltaWriteOptions.MergeSchema"/>). Default: false.</summary>
    public bool MergeSchema { get; init; }

    /// <summary>The connection to run the source query on (see <see cref="DeltaWriteOptions.Connection"/>). Default: null, a new connection.</summary>
    public DuckDBConnection? Connection { get; init; }

    /// <summary>The application id of an idempotent MERGE (see <see cref="DeltaWriteOptions.ApplicationId"/>). Default: null.</summary>
    public string? ApplicationId { get; init; }

    /// <summary>The application version; required with <see cref="ApplicationId"/>.</summary>
    public long? ApplicationVersion { get; init; }
}

/// <summary>Options of a DELETE or UPDATE: the optional idempotent application transaction.</summary>
public sealed class DeltaDmlOptions
{
    /// <summary>The application id (see <see cref="DeltaWriteOptions.ApplicationId"/>). Default: null.</summary>
    public string? ApplicationId { get; init; }

    /// <summary>The application version; required with <see cref="ApplicationId"/>.</summary>
    public long? ApplicationVersion { get; init; }
}

/// <summary>The outcome of a VACUUM.</summary>
/// <param name="Files">The data files deleted (or, in a dry run, that would be), relative to the table root, sorted.</param>
/// <param name="Bytes">Their total size.</param>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="Retention">The retention period applied.</param>
public sealed record VacuumResult(IReadOnlyList<string> Files, long Bytes, bool DryRun, TimeSpan Retention);
