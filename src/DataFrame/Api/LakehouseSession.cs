using Lakehouse.DataFrame.Compilation.DuckDb;
using Lakehouse.DataFrame.Plan;
using Lakehouse.DuckDB;

namespace Lakehouse.DataFrame;

/// <summary>
/// The entry point, in Spark's <c>SparkSession</c> role, for the embedded engine: owns one DuckDB database and connection
/// (session time zone UTC). Not thread-safe: use one session per thread (or lock around it).
/// </summary>
public sealed class LakehouseSession : IDisposable
{
    private static readonly string[] QueryKeywords = ["SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE", "PIVOT", "UNPIVOT", "(", "EXPLAIN"];

    private readonly DuckDBDatabase _database;
    private readonly DuckDBConnection _connection;
    private int _openStreams;
    private bool _disposed;

    private LakehouseSession(DuckDBDatabase database)
    {
        _database = database;
        _connection = database.Connect();
        _connection.ExecuteNonQuery("SET TimeZone = 'UTC'");
        Read = new DataFrameReader(this);
    }

    /// <summary>Reads tables and files.</summary>
    public DataFrameReader Read { get; }

    /// <summary>The embedded engine's database (Delta reads and writes open their own connections to it).</summary>
    internal DuckDBDatabase Database
    {
        get
        {
            ThrowIfDisposed();
            return _database;
        }
    }

    /// <summary>
    /// The connection, for one statement. DuckDB ends a streaming result when the connection runs another statement,
    /// so this refuses while a <see cref="DataFrame.ToLocalIterator"/> enumeration is open, rather than cut it short.
    /// </summary>
    internal DuckDBConnection Connection
    {
        get
        {
            ThrowIfDisposed();
            if (_openStreams > 0)
            {
                throw new InvalidOperationException(
                    "A ToLocalIterator enumeration is still open on this session; finish or dispose it before the next action, or use Collect().");
            }

            return _connection;
        }
    }

    /// <summary>
    /// Opens a session on a DuckDB database (<c>":memory:"</c> by default). <paramref name="settings"/> are DuckDB
    /// settings such as <c>memory_limit</c> and <c>threads</c>.
    /// </summary>
    public static LakehouseSession Create(string databasePath = DuckDBDatabase.InMemory, IReadOnlyDictionary<string, string>? settings = null)
    {
        // DuckDB spills to ./.tmp of the working directory by default; spill under the system's temp folder instead.
        var effective = new Dictionary<string, string>(settings ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        effective.TryAdd("temp_directory", Path.Combine(Path.GetTempPath(), "lakehouse-duckdb-spill"));
        var database = DuckDBDatabase.Open(databasePath, effective);
        try
        {
            return new LakehouseSession(database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A DataFrame over a query in DuckDB's SQL dialect (not Spark SQL). A statement that is not a query (CREATE, INSERT,
    /// SET...) runs at once and gives an empty DataFrame, as <c>spark.sql</c> does for commands.
    /// </summary>
    public DataFrame Sql(string query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var text = query.Trim().TrimEnd(';').Trim();
        if (!QueryKeywords.Any(k => text.StartsWith(k, StringComparison.OrdinalIgnoreCase)))
        {
            ThrowIfDisposed();
            Connection.ExecuteNonQuery(text);
            return new DataFrame(this, new LocalRelation([], new StructType([])));
        }

        return new DataFrame(this, new SqlRead(text, Describe($"SELECT * FROM ({text}) AS q")));
    }

    /// <summary>A DataFrame over a table (or view) of the database.</summary>
    public DataFrame Table(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        var identifier = string.Join(".", Parsing.IdentifierPath.Split(tableName).Select(DuckDbSql.Identifier));
        try
        {
            return new DataFrame(this, new TableRead(tableName, Describe($"SELECT * FROM {identifier}")));
        }
        catch (DuckDBException e) when (e.ErrorType == DuckDBErrorType.Catalog)
        {
            throw new AnalysisException($"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{tableName}` cannot be found.", e);
        }
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
        _connection.Dispose();
        _database.Dispose();
    }

    internal bool IsDisposed => _disposed;

    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Runs a query as a stream; until <see cref="CloseStream"/>, other statements are refused.</summary>
    internal DuckDBDataReader OpenStream(string sql, CancellationToken cancellationToken)
    {
        var reader = Connection.ExecuteReader(sql, cancellationToken: cancellationToken);
        _openStreams++;
        return reader;
    }

    internal void CloseStream() => _openStreams--;

    /// <summary>The Spark columns of a query, from DuckDB's DESCRIBE.</summary>
    internal IReadOnlyList<PlanAttribute> Describe(string query)
    {
        ThrowIfDisposed();
        var columns = new List<PlanAttribute>();
        using var reader = Connection.ExecuteReader($"DESCRIBE {query}");
        while (reader.Read())
        {
            var name = reader.GetString(0);
            var typeName = reader.GetString(1);
            columns.Add(new PlanAttribute(name, DuckDbSql.ParseTypeName(typeName)));
        }

        return columns;
    }
}
