using Lakehouse.DataFrame.Plan;

namespace Lakehouse.DataFrame.Engines;

/// <summary>
/// What a <see cref="LakehouseSession"/> runs on. The DataFrame API builds engine-neutral logical plans; every action
/// (schemas of sources, rows, counts, writes, views, caches, Delta MERGE) goes through this seam. The embedded engine is
/// <see cref="DuckDbEngine"/>; the Spark Connect engine lives in Lakehouse.SparkConnect and plugs in through
/// <see cref="LakehouseSession.FromEngine"/>. Implementations are used from one thread at a time (as the session is).
/// </summary>
internal interface ISessionEngine : IDisposable
{
    /// <summary>Which engine this is.</summary>
    EngineKind Kind { get; }

    /// <summary>
    /// <c>session.Sql(text)</c>: a query becomes a leaf plan with its columns; a command runs now and gives an empty
    /// local relation (as Spark's <c>spark.sql</c> runs commands eagerly).
    /// </summary>
    LogicalPlan Sql(string text);

    /// <summary>The columns of a catalog table or view.</summary>
    IReadOnlyList<PlanAttribute> TableColumns(string tableName);

    /// <summary>
    /// The read of files through a data source (parquet, json, csv, text...): checks what the engine can check and
    /// resolves the columns (from <paramref name="schema"/> when given, else by inference).
    /// </summary>
    DataSourceRead ReadFiles(string format, IReadOnlyList<string> paths, IReadOnlyDictionary<string, string> options, StructType? schema);

    /// <summary>A Delta table's snapshot (latest, or the <c>versionAsOf</c>/<c>timestampAsOf</c> options).</summary>
    LogicalPlan ReadDelta(string path, IReadOnlyDictionary<string, string> options);

    /// <summary>True when <paramref name="path"/> holds a Delta table.</summary>
    bool IsDeltaTable(string path);

    /// <summary>Fails unless <paramref name="path"/> holds a Delta table (<c>DeltaTable.ForPath</c>).</summary>
    void RequireDeltaTable(string path);

    /// <summary>The latest transaction version per application id recorded in the table's log.</summary>
    IReadOnlyDictionary<string, long> DeltaTransactions(string path);

    /// <summary>Number of rows of the plan.</summary>
    long Count(LogicalPlan plan, CancellationToken cancellationToken);

    /// <summary>The rows of the plan, produced lazily as the engine returns them (nothing runs before the first MoveNext).</summary>
    IEnumerable<Row> Stream(LogicalPlan plan, CancellationToken cancellationToken);

    /// <summary>What the engine makes of the plan (DuckDB SQL, or Spark's explain string).</summary>
    string Explain(LogicalPlan plan);

    /// <summary>Registers the plan as a temporary view of the session.</summary>
    void CreateOrReplaceTempView(LogicalPlan plan, string viewName);

    /// <summary>Keeps the plan's rows for later actions; returns the plan to use from now on and how to release it.</summary>
    (LogicalPlan Plan, Action Unpersist) Cache(LogicalPlan plan);

    /// <summary><c>Write...Save(path)</c>.</summary>
    void Save(LogicalPlan plan, WriteRequest write, string path, CancellationToken cancellationToken);

    /// <summary><c>Write...SaveAsTable(name)</c>.</summary>
    void SaveAsTable(LogicalPlan plan, WriteRequest write, string tableName, CancellationToken cancellationToken);

    /// <summary><c>DeltaTable.ForPath(...).Merge(...)...Execute()</c>.</summary>
    DeltaMergeMetrics Merge(MergeRequest merge, CancellationToken cancellationToken);
}

/// <summary>A DataFrameWriter's settings: format, save mode, options (case-insensitive keys) and partition columns.</summary>
internal sealed record WriteRequest(string Format, SaveMode Mode, IReadOnlyDictionary<string, string> Options, IReadOnlyList<string> PartitionBy)
{
    /// <summary>An option's value by case-insensitive key, or null.</summary>
    public string? Option(string key) => Options.FirstOrDefault(o => o.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>A MERGE of <see cref="Source"/> into the Delta table at <see cref="Path"/>, matching on key columns.</summary>
internal sealed record MergeRequest(
    string Path,
    LogicalPlan Source,
    IReadOnlyList<string> Keys,
    bool WhenMatchedUpdateAll,
    bool WhenNotMatchedInsertAll,
    bool WhenNotMatchedBySourceDelete,
    string? ApplicationId,
    long? ApplicationVersion);
