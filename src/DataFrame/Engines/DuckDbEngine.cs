using System.Globalization;
using Lakehouse.DataFrame.Compilation.DuckDb;
using Lakehouse.DataFrame.Plan;
using Lakehouse.DataFrame.Sources;
using Lakehouse.Delta;
using Lakehouse.DuckDB;
using LogTable = Lakehouse.Delta.DeltaTable;

namespace Lakehouse.DataFrame.Engines;

/// <summary>
/// The embedded engine: one DuckDB database and connection (session time zone UTC); plans compile to DuckDB SQL and
/// Delta tables are read and written by our Delta log code. Not thread-safe, as the session.
/// </summary>
internal sealed class DuckDbEngine : ISessionEngine
{
    private static readonly string[] QueryKeywords = ["SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "SUMMARIZE", "PIVOT", "UNPIVOT", "(", "EXPLAIN"];

    private static readonly Dictionary<string, string[]> SupportedWriteOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["parquet"] = ["compression"],
        ["json"] = ["compression"],
        ["csv"] = ["header", "sep", "delimiter", "quote", "escape", "nullValue", "compression"],
    };

    private static readonly string[] Compressions = ["none", "uncompressed", "snappy", "gzip", "zstd", "lz4"];

    private static long _cacheCounter;

    private readonly DuckDBDatabase _database;
    private readonly DuckDBConnection _connection;
    private int _openStreams;
    private bool _disposed;

    private DuckDbEngine(DuckDBDatabase database)
    {
        _database = database;
        _connection = database.Connect();
        _connection.ExecuteNonQuery("SET TimeZone = 'UTC'");
    }

    public EngineKind Kind => EngineKind.Embedded;

    /// <summary>The database (Delta reads and writes open their own connections to it).</summary>
    public DuckDBDatabase Database
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _database;
        }
    }

    /// <summary>
    /// The connection, for one statement. DuckDB ends a streaming result when the connection runs another statement,
    /// so this refuses while a ToLocalIterator enumeration is open, rather than cut it short.
    /// </summary>
    private DuckDBConnection Connection
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_openStreams > 0)
            {
                throw new InvalidOperationException(
                    "A ToLocalIterator enumeration is still open on this session; finish or dispose it before the next action, or use Collect().");
            }

            return _connection;
        }
    }

    /// <summary>Opens the engine on a DuckDB database; <paramref name="settings"/> are DuckDB settings.</summary>
    public static DuckDbEngine Open(string databasePath, IReadOnlyDictionary<string, string>? settings)
    {
        // DuckDB spills to ./.tmp of the working directory by default; spill under the system's temp folder instead.
        var effective = new Dictionary<string, string>(settings ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        effective.TryAdd("temp_directory", Path.Combine(Path.GetTempPath(), "lakehouse-duckdb-spill"));
        var database = DuckDBDatabase.Open(databasePath, effective);
        try
        {
            return new DuckDbEngine(database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    public LogicalPlan Sql(string text)
    {
        if (!QueryKeywords.Any(k => text.StartsWith(k, StringComparison.OrdinalIgnoreCase)))
        {
            Connection.ExecuteNonQuery(text);
            return new LocalRelation([], new StructType([]));
        }

        return new SqlRead(text, Describe($"SELECT * FROM ({text}) AS q"));
    }

    public IReadOnlyList<PlanAttribute> TableColumns(string tableName)
    {
        var identifier = string.Join(".", Parsing.IdentifierPath.Split(tableName).Select(DuckDbSql.Identifier));
        try
        {
            return Describe($"SELECT * FROM {identifier}");
        }
        catch (DuckDBException e) when (e.ErrorType == DuckDBErrorType.Catalog)
        {
            throw new AnalysisException($"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{tableName}` cannot be found.", e);
        }
    }

    public DataSourceRead ReadFiles(string format, IReadOnlyList<string> paths, IReadOnlyDictionary<string, string> options, StructType? schema)
    {
        foreach (var path in paths.Where(p => !File.Exists(p) && !Directory.Exists(p) && !p.Contains('*', StringComparison.Ordinal)))
        {
            throw new AnalysisException($"[PATH_NOT_FOUND] Path does not exist: {path}.");
        }

        var columns = format == "text"
            ? [new PlanAttribute("value", DataType.String)]
            : schema is not null
                ? schema.Fields.Select(f => new PlanAttribute(f.Name, f.DataType, f.Nullable)).ToList()
                : InferColumns(format, paths, options);
        return new DataSourceRead(format, paths, options, schema, columns);
    }

    public LogicalPlan ReadDelta(string path, IReadOnlyDictionary<string, string> options) => DeltaSource.Read(Database, path, options);

    public bool IsDeltaTable(string path) => Directory.Exists(Path.Combine(path, "_delta_log"));

    public void RequireDeltaTable(string path)
    {
        using var table = LogTable.Open(path);
    }

    public IReadOnlyDictionary<string, long> DeltaTransactions(string path)
    {
        using var table = LogTable.ForPath(path, new DeltaTableOptions { Database = Database });
        return table.Exists()
            ? table.GetSnapshot().Transactions.ToDictionary(t => t.Key, t => t.Value.Version, StringComparer.Ordinal)
            : new Dictionary<string, long>(StringComparer.Ordinal);
    }

    public long Count(LogicalPlan plan, CancellationToken cancellationToken)
    {
        var value = Connection.ExecuteScalar($"SELECT count(*) FROM ({DuckDbCompiler.CompileQuery(plan)}) AS q", cancellationToken: cancellationToken);
        return Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    public IEnumerable<Row> Stream(LogicalPlan plan, CancellationToken cancellationToken)
    {
        var sql = DuckDbCompiler.CompileQuery(plan);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return StreamRows(sql, plan.Schema, cancellationToken);
    }

    public string Explain(LogicalPlan plan) => DuckDbCompiler.CompileQuery(plan);

    public void CreateOrReplaceTempView(LogicalPlan plan, string viewName) =>
        Connection.ExecuteNonQuery($"CREATE OR REPLACE TEMP VIEW {DuckDbSql.Identifier(viewName)} AS {DuckDbCompiler.CompileQuery(plan)}");

    /// <summary>Eager, like Spark's <c>localCheckpoint()</c>: the rows go into a table of the session's database.</summary>
    public (LogicalPlan Plan, Action Unpersist) Cache(LogicalPlan plan)
    {
        var name = "__lakehouse_cache_" + Interlocked.Increment(ref _cacheCounter).ToString(CultureInfo.InvariantCulture);
        var table = DuckDbSql.Identifier(name);
        Connection.ExecuteNonQuery($"CREATE TABLE {table} AS {DuckDbCompiler.CompileQuery(plan)}");
        var columns = plan.Output.Select(a => new PlanAttribute(a.Name, a.DataType, a.Nullable)).ToList();
        return (new SqlRead($"SELECT * FROM {table}", columns), () =>
        {
            if (!_disposed)
            {
                Connection.ExecuteNonQuery($"DROP TABLE IF EXISTS {table}");
            }
        });
    }

    public void Save(LogicalPlan plan, WriteRequest write, string path, CancellationToken cancellationToken)
    {
        if (write.Format == "delta")
        {
            foreach (var key in write.Options.Keys.Where(k => !DeltaSource.WriteOptions.Contains(k, StringComparer.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"The delta option '{key}' is not supported; supported: {string.Join(", ", DeltaSource.WriteOptions)}.");
            }

            DeltaSource.Write(Database, plan, path, write.Mode, write.Options, write.PartitionBy, cancellationToken);
            return;
        }

        if (!SupportedWriteOptions.TryGetValue(write.Format, out var supported))
        {
            throw new NotSupportedException($"The format '{write.Format}' cannot be written; use parquet, json or csv.");
        }

        CheckWriteOptions(write, supported);
        var exists = File.Exists(path) || (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any());
        if (exists)
        {
            switch (write.Mode)
            {
                case SaveMode.ErrorIfExists:
                    throw new AnalysisException($"[PATH_ALREADY_EXISTS] Path {path} already exists. Set the mode to overwrite, append or ignore.");
                case SaveMode.Ignore:
                    return;
                case SaveMode.Overwrite:
                    if (File.Exists(path))
                    {
                        File.Delete(path);
                    }
                    else
                    {
                        Directory.Delete(path, recursive: true);
                    }

                    break;
                default:
                    break;
            }
        }

        Directory.CreateDirectory(path);
        var copyOptions = new List<string> { "FORMAT " + write.Format };
        copyOptions.AddRange(FormatOptions(write));
        string target;
        if (write.PartitionBy.Count > 0)
        {
            var columns = write.PartitionBy.Select(n => DuckDbSql.Identifier(plan.Output.First(a => a.HasName(n)).Name));
            copyOptions.Add($"PARTITION_BY ({string.Join(", ", columns)})");
            copyOptions.Add("FILENAME_PATTERN 'part-{uuid}'");
            copyOptions.Add("APPEND");
            target = path;
        }
        else
        {
            target = Path.Combine(path, $"part-00000-{Guid.NewGuid():D}.{write.Format}");
        }

        Connection.ExecuteNonQuery(
            $"COPY ({DuckDbCompiler.CompileQuery(plan)}) TO {DuckDbSql.String(target)} ({string.Join(", ", copyOptions)})",
            cancellationToken: cancellationToken);
    }

    public void SaveAsTable(LogicalPlan plan, WriteRequest write, string tableName, CancellationToken cancellationToken)
    {
        var table = string.Join(".", Parsing.IdentifierPath.Split(tableName).Select(DuckDbSql.Identifier));
        var query = DuckDbCompiler.CompileQuery(plan);
        var exists = TableExists(table);
        var sql = (write.Mode, exists) switch
        {
            (SaveMode.ErrorIfExists, true) => throw new AnalysisException($"[TABLE_OR_VIEW_ALREADY_EXISTS] Table {tableName} already exists. Set the mode to overwrite, append or ignore."),
            (SaveMode.Ignore, true) => null,
            (SaveMode.Append, true) => $"INSERT INTO {table} BY NAME {query}",
            (SaveMode.Overwrite, _) => $"CREATE OR REPLACE TABLE {table} AS {query}",
            _ => $"CREATE TABLE {table} AS {query}",
        };
        if (sql is not null)
        {
            Connection.ExecuteNonQuery(sql, cancellationToken: cancellationToken);
        }
    }

    public DeltaMergeMetrics Merge(MergeRequest merge, CancellationToken cancellationToken)
    {
        using var table = LogTable.Open(merge.Path, new DeltaTableOptions { Database = Database });
        var result = table.Merge(
            DuckDbCompiler.CompileQuery(merge.Source),
            [],
            new DeltaMergeOptions
            {
                KeyColumns = merge.Keys,
                WhenMatchedUpdate = merge.WhenMatchedUpdateAll,
                WhenNotMatchedInsert = merge.WhenNotMatchedInsertAll,
                WhenNotMatchedBySourceDelete = merge.WhenNotMatchedBySourceDelete,
                ApplicationId = merge.ApplicationId,
                ApplicationVersion = merge.ApplicationVersion,
            },
            cancellationToken);
        return new DeltaMergeMetrics(
            result.Skipped,
            result.Metric("numTargetRowsInserted"),
            result.Metric("numTargetRowsUpdated"),
            result.Metric("numTargetRowsDeleted"));
    }

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

    /// <summary>The Spark columns of a query, from DuckDB's DESCRIBE.</summary>
    private List<PlanAttribute> Describe(string query)
    {
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

    private List<PlanAttribute> InferColumns(string format, IReadOnlyList<string> paths, IReadOnlyDictionary<string, string> options)
    {
        var probe = DuckDbSources.TableFunction(format, paths, options, columns: null);
        var described = Describe($"SELECT * FROM {probe}");
        switch (format)
        {
            case "json":
                // Spark infers JSON numbers as bigint/double, keeps strings as strings and sorts the columns by name.
                return [.. described
                    .Select(a => a with { DataType = JsonType(a.DataType) })
                    .OrderBy(a => a.Name, StringComparer.Ordinal)];
            case "csv" when !DuckDbSources.IsTrue(options, "header"):
                return [.. described.Select((a, i) => a with { Name = "_c" + i.ToString(CultureInfo.InvariantCulture) })];
            default:
                return described;
        }
    }

    private static DataType JsonType(DataType type) => type switch
    {
        var t when t.IsIntegral => DataType.Long,
        FloatType or DecimalType => DataType.Double,
        DateType or TimestampType => DataType.String,
        ArrayType array => new ArrayType(JsonType(array.ElementType)),
        StructType structType => new StructType(structType.Fields.Select(f => f with { DataType = JsonType(f.DataType) }).OrderBy(f => f.Name, StringComparer.Ordinal)),
        NullType => DataType.String,
        _ => type,
    };

    private IEnumerable<Row> StreamRows(string sql, StructType schema, CancellationToken cancellationToken)
    {
        using var reader = Connection.ExecuteReader(sql, cancellationToken: cancellationToken);
        _openStreams++;
        try
        {
            var fields = schema.Fields;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var values = new object?[fields.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = Row.FromEngine(reader.GetValue(i), fields[i].DataType);
                }

                yield return new Row(schema, values);
            }
        }
        finally
        {
            _openStreams--;
        }
    }

    private bool TableExists(string table)
    {
        try
        {
            Connection.ExecuteNonQuery($"DESCRIBE {table}");
            return true;
        }
        catch (DuckDBException e) when (e.ErrorType is DuckDBErrorType.Catalog)
        {
            return false;
        }
    }

    private static void CheckWriteOptions(WriteRequest write, string[] supported)
    {
        foreach (var key in write.Options.Keys.Where(k => !supported.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The {write.Format} write option '{key}' is not supported; supported: {string.Join(", ", supported)}.");
        }

        if (write.Option("compression") is { } compression && !Compressions.Contains(compression, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Unknown compression '{compression}'; use one of {string.Join(", ", Compressions)}.");
        }
    }

    private static IEnumerable<string> FormatOptions(WriteRequest write)
    {
        if (write.Option("compression") is { } compression)
        {
            var normalized = compression.ToLowerInvariant() is "none" or "uncompressed" ? "uncompressed" : compression.ToLowerInvariant();
            yield return "COMPRESSION " + DuckDbSql.String(write.Format == "parquet" ? normalized : normalized == "uncompressed" ? "none" : normalized);
        }

        if (write.Format == "parquet")
        {
            yield break;
        }

        // Spark's default text forms of dates and timestamps (ISO 8601, UTC with 'Z').
        yield return "DATEFORMAT " + DuckDbSql.String("%Y-%m-%d");
        yield return "TIMESTAMPFORMAT " + DuckDbSql.String("%Y-%m-%dT%H:%M:%S.%gZ");
        if (write.Format != "csv")
        {
            yield break;
        }

        yield return "HEADER " + (string.Equals(write.Option("header"), "true", StringComparison.OrdinalIgnoreCase) ? "true" : "false");
        if ((write.Option("sep") ?? write.Option("delimiter")) is { } delimiter)
        {
            yield return "DELIMITER " + DuckDbSql.String(delimiter);
        }

        if (write.Option("quote") is { } quote)
        {
            yield return "QUOTE " + DuckDbSql.String(quote);
        }

        // Spark escapes quotes inside quoted values with a backslash (DuckDB would double them).
        yield return "ESCAPE " + DuckDbSql.String(write.Option("escape") ?? "\\");

        yield return "NULLSTR " + DuckDbSql.String(write.Option("nullValue") ?? string.Empty);
    }
}
