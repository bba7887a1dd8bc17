using Lakehouse.DuckDB.Native;
using Lakehouse.DuckDB.Types;

namespace Lakehouse.DuckDB;

/// <summary>
/// A prepared SQL statement with parameters ($1, $2, ..., ?, or $name). Values are bound as typed
/// DuckDB values, never spliced into the SQL. Belongs to its connection: one thread at a time.
/// </summary>
public sealed class DuckDBPreparedStatement : IDisposable
{
    private const int ChangedRowsResult = 1;

    private readonly PreparedStatementHandle _handle;
    private readonly DuckDBConnection _connection;

    internal DuckDBPreparedStatement(PreparedStatementHandle handle, DuckDBConnection connection)
    {
        _handle = handle;
        _connection = connection;
    }

    /// <summary>How many parameters the statement has.</summary>
    public int ParameterCount => (int)NativeMethods.duckdb_nparams(_handle);

    /// <summary>Binds the 1-based parameter <paramref name="index"/>.</summary>
    /// <exception cref="NotSupportedException">The value's CLR type has no DuckDB counterpart.</exception>
    public DuckDBPreparedStatement Bind(int index, object? value)
    {
        if (index < 1 || index > ParameterCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The statement has {ParameterCount} parameter(s), numbered from 1.");
        }

        using var native = ValueFactory.Create(value);
        if (NativeMethods.duckdb_bind_value(_handle, (ulong)index, native) != DuckDBState.Success)
        {
            throw new DuckDBException(DuckDBErrorType.MismatchType, $"DuckDB could not bind a {value?.GetType().Name ?? "NULL"} value to parameter {index}.");
        }

        return this;
    }

    /// <summary>Binds the named parameter <c>$name</c>.</summary>
    public DuckDBPreparedStatement Bind(string name, object? value)
    {
        if (NativeMethods.duckdb_bind_parameter_index(_handle, out var index, name) != DuckDBState.Success)
        {
            throw new ArgumentException($"The statement has no parameter named '{name}'.", nameof(name));
        }

        return Bind((int)index, value);
    }

    /// <summary>Clears every bound value.</summary>
    public void ClearBindings() => NativeMethods.duckdb_clear_bindings(_handle);

    /// <summary>Runs the statement and streams its rows chunk by chunk.</summary>
    public DuckDBDataReader ExecuteReader(CancellationToken cancellationToken = default)
    {
        var (result, registration) = Execute(streaming: true, cancellationToken);
        return new DuckDBDataReader(result, registration, cancellationToken);
    }

    /// <summary>Runs the statement; returns the number of rows it changed (0 for statements that change none).</summary>
    public long ExecuteNonQuery(CancellationToken cancellationToken = default)
    {
        var (result, registration) = Execute(streaming: false, cancellationToken);
        using (result)
        using (registration)
        {
            return NativeMethods.duckdb_result_return_type(result.Value) == ChangedRowsResult
                ? (long)NativeMethods.duckdb_rows_changed(result)
                : 0;
        }
    }

    /// <summary>Frees the statement.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Executes through DuckDB's pending-result interface so that cancellation can interrupt it. The returned
    /// registration keeps interrupting on cancellation while a streaming result is still being read.
    /// </summary>
    private (ResultHandle Result, CancellationTokenRegistration Registration) Execute(bool streaming, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        cancellationToken.ThrowIfCancellationRequested();

        var state = streaming
            ? NativeMethods.duckdb_pending_prepared_streaming(_handle, out var pending)
            : NativeMethods.duckdb_pending_prepared(_handle, out pending);
        using (pending)
        {
            if (state != DuckDBState.Success)
            {
                throw DuckDBException.FromMessage(NativeMethods.BorrowString(NativeMethods.duckdb_pending_error(pending)));
            }

            var connection = _connection;
            var registration = cancellationToken.Register(static c => ((DuckDBConnection)c!).Interrupt(), connection);
            var result = ResultHandle.Allocate();
            if (NativeMethods.duckdb_execute_pending(pending, result) != DuckDBState.Success)
            {
                var error = ErrorOf(result, cancellationToken);
                registration.Dispose();
                result.Dispose();
                throw error;
            }

            return (result, registration);
        }
    }

    /// <summary>The exception for a failed result: cancellation wins over the interrupt error it caused.</summary>
    internal static Exception ErrorOf(ResultHandle result, CancellationToken cancellationToken)
    {
        var error = new DuckDBException(
            NativeMethods.duckdb_result_error_type(result),
            NativeMethods.BorrowString(NativeMethods.duckdb_result_error(result)) ?? "DuckDB reported an error without a message.");
        return cancellationToken.IsCancellationRequested && error.ErrorType == DuckDBErrorType.Interrupt
            ? new OperationCanceledException("The DuckDB query was cancelled.", error, cancellationToken)
            : error;
    }
}
