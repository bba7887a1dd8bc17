using Lakehouse.DuckDB.Native;

namespace Lakehouse.DuckDB;

/// <summary>
/// A connection to a <see cref="DuckDBDatabase"/>. Not thread-safe: use it from one thread at a time
/// (open one connection per thread). At most one reader is open per connection: a new query ends
/// the previous reader's stream.
/// </summary>
public sealed class DuckDBConnection : IDisposable
{
    private readonly DuckDBDatabase _database;

    internal DuckDBConnection(ConnectionHandle handle, DuckDBDatabase database)
    {
        Handle = handle;
        _database = database;
    }

    internal ConnectionHandle Handle { get; }

    /// <summary>The database this connection belongs to.</summary>
    public DuckDBDatabase Database => _database;

    /// <summary>
    /// Runs <paramref name="sql"/> (one or more statements separated by ';') and streams the last statement's
    /// rows. <paramref name="parameters"/> bind to $1, $2, ... (or ?) of a single statement; they are never
    /// spliced into the SQL text.
    /// </summary>
    /// <exception cref="DuckDBException">DuckDB reported an error.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the query was interrupted.</exception>
    public DuckDBDataReader ExecuteReader(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        using var last = PrepareAllButLast(sql, parameters, cancellationToken);
        return last.ExecuteReader(cancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/> and returns the number of rows the last statement changed.</summary>
    public long ExecuteNonQuery(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        using var last = PrepareAllButLast(sql, parameters, cancellationToken);
        return last.ExecuteNonQuery(cancellationToken);
    }

    /// <summary>Runs <paramref name="sql"/> and returns the first column of the first row, or null.</summary>
    public object? ExecuteScalar(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        using var reader = ExecuteReader(sql, parameters, cancellationToken);
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetValue(0) : null;
    }

    /// <summary>Prepares a single statement for repeated execution with different parameters.</summary>
    public DuckDBPreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        if (NativeMethods.duckdb_prepare(Handle, sql, out var statement) != DuckDBState.Success)
        {
            var message = NativeMethods.BorrowString(NativeMethods.duckdb_prepare_error(statement));
            statement.Dispose();
            throw DuckDBException.FromMessage(message);
        }

        return new DuckDBPreparedStatement(statement, this);
    }

    /// <summary>Opens an appender that bulk-inserts rows into <paramref name="table"/>.</summary>
    public DuckDBAppender CreateAppender(string table, string? schema = null) => new(this, table, schema);

    /// <summary>Asks the query running on this connection to stop; it fails with an <see cref="DuckDBErrorType.Interrupt"/> error.</summary>
    public void Interrupt() => NativeMethods.duckdb_interrupt(Handle);

    /// <summary>Closes the connection.</summary>
    public void Dispose() => Handle.Dispose();

    /// <summary>Runs every statement but the last, and returns the last one prepared and bound.</summary>
    private DuckDBPreparedStatement PrepareAllButLast(string sql, IReadOnlyList<object?>? parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ObjectDisposedException.ThrowIf(Handle.IsClosed, this);
        using var extracted = ExtractStatements(sql);
        var count = extracted.Count;
        if (parameters is { Count: > 0 } && count > 1)
        {
            throw new ArgumentException("Parameters can only be bound to a single SQL statement; split the script or run the statements separately.", nameof(parameters));
        }

        for (ulong i = 0; i + 1 < count; i++)
        {
            using var statement = extracted.Prepare(this, i);
            statement.ExecuteNonQuery(cancellationToken);
        }

        var last = extracted.Prepare(this, count - 1);
        try
        {
            for (var i = 0; i < (parameters?.Count ?? 0); i++)
            {
                last.Bind(i + 1, parameters![i]);
            }

            return last;
        }
        catch
        {
            last.Dispose();
            throw;
        }
    }

    private ExtractedStatements ExtractStatements(string sql)
    {
        var count = NativeMethods.duckdb_extract_statements(Handle, sql, out var handle);
        if (count == 0)
        {
            var message = NativeMethods.BorrowString(NativeMethods.duckdb_extract_statements_error(handle));
            handle.Dispose();
            throw message is null
                ? new ArgumentException("The SQL text contains no statement.", nameof(sql))
                : DuckDBException.FromMessage(message);
        }

        return new ExtractedStatements(handle, count);
    }

    private readonly record struct ExtractedStatements(ExtractedStatementsHandle Handle, ulong Count) : IDisposable
    {
        public DuckDBPreparedStatement Prepare(DuckDBConnection connection, ulong index)
        {
            if (NativeMethods.duckdb_prepare_extracted_statement(connection.Handle, Handle, index, out var statement) != DuckDBState.Success)
            {
                var message = NativeMethods.BorrowString(NativeMethods.duckdb_prepare_error(statement));
                statement.Dispose();
                throw DuckDBException.FromMessage(message);
            }

            return new DuckDBPreparedStatement(statement, connection);
        }

        public void Dispose() => Handle.Dispose();
    }
}
