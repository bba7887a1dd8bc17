using Lakehouse.DataFrame.Engines;
using Lakehouse.DataFrame.Plan;
using Lakehouse.DuckDB;

namespace Lakehouse.DataFrame;

/// <summary>
/// The entry point, in Spark's <c>SparkSession</c> role. <see cref="Create"/> opens a session on the embedded engine
/// (one DuckDB database and connection, session time zone UTC); Lakehouse.SparkConnect's <c>SparkConnectSession.Create</c>
/// opens one on Apache Spark or Databricks. The same DataFrame code runs on either (<see cref="Engine"/> says which).
/// Not thread-safe: use one session per thread (or lock around it).
/// </summary>
public sealed class LakehouseSession : IDisposable
{
    private readonly ISessionEngine _engine;
    private bool _disposed;

    private LakehouseSession(ISessionEngine engine)
    {
        _engine = engine;
        Read = new DataFrameReader(this);
    }

    /// <summary>Reads tables and files.</summary>
    public DataFrameReader Read { get; }

    /// <summary>The engine this session runs its actions on.</summary>
    public EngineKind Engine => _engine.Kind;

    /// <summary>The engine, for one action (refused once the session is disposed).</summary>
    internal ISessionEngine Backend
    {
        get
        {
            ThrowIfDisposed();
            return _engine;
        }
    }

    /// <summary>
    /// Opens a session on the embedded engine, a DuckDB database (<c>":memory:"</c> by default). <paramref name="settings"/>
    /// are DuckDB settings such as <c>memory_limit</c> and <c>threads</c>.
    /// </summary>
    public static LakehouseSession Create(string databasePath = DuckDBDatabase.InMemory, IReadOnlyDictionary<string, string>? settings = null) =>
        new(DuckDbEngine.Open(databasePath, settings));

    /// <summary>
    /// A DataFrame over a query in the engine's SQL dialect: DuckDB's on the embedded engine, Spark SQL on Spark. A
    /// statement that is not a query (CREATE, INSERT, SET...) runs at once and gives an empty DataFrame, as
    /// <c>spark.sql</c> does for commands.
    /// </summary>
    public DataFrame Sql(string query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var text = query.Trim().TrimEnd(';').Trim();
        return new DataFrame(this, Backend.Sql(text));
    }

    /// <summary>A DataFrame over a table (or view) of the session's catalog.</summary>
    public DataFrame Table(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new DataFrame(this, new TableRead(tableName, Backend.TableColumns(tableName)));
    }

    /// <summary>A bigint column <c>id</c> from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive).</summary>
    public DataFrame Range(long start, long end, long step = 1) => new(this, new RangePlan(start, end, step));

    /// <summary>A bigint column <c>id</c> from 0 to <paramref name="end"/> (exclusive).</summary>
    public DataFrame Range(long end) => Range(0, end);

    /// <summary>A DataFrame of in-memory rows; each row has one value per schema field (CLR values as <see cref="Row"/> documents).</summary>
    public DataFrame CreateDataFrame(IEnumerable<IReadOnlyList<object?>> rows, StructType schema)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(schema);
        return new DataFrame(this, new LocalRelation([.. rows], schema));
    }

    /// <summary>A DataFrame of in-memory rows.</summary>
    public DataFrame CreateDataFrame(IEnumerable<Row> rows, StructType schema) =>
        CreateDataFrame(rows.Select(r => r.Values), schema);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _engine.Dispose();
    }

    /// <summary>A session on another engine (the Spark Connect engine of Lakehouse.SparkConnect); the session owns it.</summary>
    internal static LakehouseSession FromEngine(ISessionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new LakehouseSession(engine);
    }

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
