namespace Lakehouse.DataFrame;

/// <summary>
/// A Delta table for operations that are not plain writes, in the shape of delta-spark's <c>DeltaTable</c>:
/// <c>DeltaTable.ForPath(session, path).Merge(source, "id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().Execute()</c>.
/// MERGE matches on key columns (equality; NULL keys never match). On the embedded engine it rewrites only the files
/// holding matched keys; on Spark it runs as Spark SQL <c>MERGE INTO delta.`path`</c> and Spark's Delta does the work.
/// </summary>
public sealed class DeltaTable
{
    private readonly LakehouseSession _session;

    private DeltaTable(LakehouseSession session, string path)
    {
        _session = session;
        Path = path;
    }

    /// <summary>The table's folder (on Spark, the path as Spark sees it, e.g. <c>abfss://...</c>).</summary>
    public string Path { get; }

    /// <summary>The table at <paramref name="path"/>, which must exist.</summary>
    public static DeltaTable ForPath(LakehouseSession session, string path)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        session.Backend.RequireDeltaTable(path);
        return new DeltaTable(session, path);
    }

    /// <summary>True when the local folder <paramref name="path"/> holds a Delta table (embedded engine; see the overload with a session).</summary>
    public static bool IsDeltaTable(string path) => Directory.Exists(System.IO.Path.Combine(path, "_delta_log"));

    /// <summary>True when <paramref name="path"/> holds a Delta table, as the session's engine sees it (on Spark, Spark is asked).</summary>
    public static bool IsDeltaTable(LakehouseSession session, string path)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return session.Backend.IsDeltaTable(path);
    }

    /// <summary>
    /// The latest transaction version per application id in the table's log (the <c>txn</c> actions that
    /// <see cref="DeltaMergeBuilder.WithTransaction"/> and the <c>txnAppId</c>/<c>txnVersion</c> write options record).
    /// Reads the Delta log locally, so only the embedded engine has it: on Spark it throws
    /// <see cref="EngineNotSupportedException"/> (Spark's Delta skips an already-applied (appId, version) by itself).
    /// </summary>
    public IReadOnlyDictionary<string, long> Transactions() => _session.Backend.DeltaTransactions(Path);

    /// <summary>The table's latest snapshot as a DataFrame.</summary>
    public DataFrame ToDF() => _session.Read.Delta(Path);

    /// <summary>Starts a MERGE of <paramref name="source"/> into this table, matching rows on <paramref name="keyColumns"/>.</summary>
    public DeltaMergeBuilder Merge(DataFrame source, params string[] keyColumns)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (keyColumns.Length == 0)
        {
            throw new ArgumentException("Give at least one key column to match source and target rows on.", nameof(keyColumns));
        }

        return new DeltaMergeBuilder(_session, Path, source, keyColumns);
    }
}

/// <summary>The clauses of a MERGE (see <see cref="DeltaTable.Merge"/>); nothing runs until <see cref="Execute"/>.</summary>
public sealed class DeltaMergeBuilder
{
    private readonly LakehouseSession _session;
    private readonly string _path;
    private readonly DataFrame _source;
    private readonly IReadOnlyList<string> _keys;
    private bool _update;
    private bool _insert;
    private bool _deleteNotMatchedBySource;
    private string? _appId;
    private long? _appVersion;

    internal DeltaMergeBuilder(LakehouseSession session, string path, DataFrame source, IReadOnlyList<string> keys)
    {
        _session = session;
        _path = path;
        _source = source;
        _keys = keys;
    }

    /// <summary>A target row with a matching source row takes all of the source row's values.</summary>
    public DeltaMergeBuilder WhenMatchedUpdateAll()
    {
        _update = true;
        return this;
    }

    /// <summary>A source row without a matching target row is inserted.</summary>
    public DeltaMergeBuilder WhenNotMatchedInsertAll()
    {
        _insert = true;
        return this;
    }

    /// <summary>A target row without a matching source row is deleted.</summary>
    public DeltaMergeBuilder WhenNotMatchedBySourceDelete()
    {
        _deleteNotMatchedBySource = true;
        return this;
    }

    /// <summary>Makes the MERGE idempotent, as Spark's <c>txnAppId</c>/<c>txnVersion</c>: it commits once per (appId, version).</summary>
    public DeltaMergeBuilder WithTransaction(string appId, long version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        _appId = appId;
        _appVersion = version;
        return this;
    }

    /// <summary>Runs the MERGE in one commit; returns the rows inserted, updated and deleted.</summary>
    public DeltaMergeMetrics Execute(CancellationToken cancellationToken = default)
    {
        if (!_update && !_insert && !_deleteNotMatchedBySource)
        {
            throw new InvalidOperationException("A MERGE needs at least one clause: WhenMatchedUpdateAll, WhenNotMatchedInsertAll or WhenNotMatchedBySourceDelete.");
        }

        return _session.Backend.Merge(
            new Engines.MergeRequest(_path, _source.Plan, _keys, _update, _insert, _deleteNotMatchedBySource, _appId, _appVersion),
            cancellationToken);
    }
}

/// <summary>What a MERGE did.</summary>
/// <param name="Skipped">True when its transaction had already committed (nothing was done).</param>
/// <param name="RowsInserted">Target rows inserted.</param>
/// <param name="RowsUpdated">Target rows updated.</param>
/// <param name="RowsDeleted">Target rows deleted.</param>
public sealed record DeltaMergeMetrics(bool Skipped, long RowsInserted, long RowsUpdated, long RowsDeleted);
