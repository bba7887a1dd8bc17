using System.Text;
using Lakehouse.DuckDB.Native;
using Lakehouse.DuckDB.Types;

namespace Lakehouse.DuckDB;

/// <summary>
/// Bulk-inserts rows into one table, far faster than INSERT statements. Rows become visible when the
/// appender is flushed or closed; <see cref="Close"/> reports a failure that <see cref="Dispose"/> would hide.
/// </summary>
public sealed class DuckDBAppender : IDisposable
{
    private readonly AppenderHandle _handle;
    private readonly string _table;

    internal DuckDBAppender(DuckDBConnection connection, string table, string? schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        _table = table;
        if (NativeMethods.duckdb_appender_create_ext(connection.Handle, null, schema, table, out _handle) != DuckDBState.Success)
        {
            var error = Error();
            _handle.Dispose();
            throw error;
        }
    }

    /// <summary>Appends one row; values are in the table's column order.</summary>
    public DuckDBAppender AppendRow(params ReadOnlySpan<object?> values)
    {
        foreach (var value in values)
        {
            Check(AppendValue(value));
        }

        Check(NativeMethods.duckdb_appender_end_row(_handle));
        return this;
    }

    /// <summary>Writes buffered rows to the table.</summary>
    public void Flush() => Check(NativeMethods.duckdb_appender_flush(_handle));

    /// <summary>Flushes and closes; a constraint or conversion failure surfaces here.</summary>
    public void Close() => Check(NativeMethods.duckdb_appender_close(_handle));

    /// <summary>Closes the appender (flushing what it holds) and frees it.</summary>
    public void Dispose() => _handle.Dispose();

    private unsafe DuckDBState AppendValue(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return NativeMethods.duckdb_append_null(_handle);
            case long v:
                return NativeMethods.duckdb_append_int64(_handle, v);
            case double v:
                return NativeMethods.duckdb_append_double(_handle, v);
            case string v:
                var bytes = Encoding.UTF8.GetBytes(v);
                fixed (byte* p = bytes)
                {
                    return NativeMethods.duckdb_append_varchar_length(_handle, p, (ulong)bytes.Length);
                }

            default:
                using (var native = ValueFactory.Create(value))
                {
                    return NativeMethods.duckdb_append_value(_handle, native);
                }
        }
    }

    private void Check(DuckDBState state)
    {
        if (state != DuckDBState.Success)
        {
            throw Error();
        }
    }

    private DuckDBException Error()
    {
        using var error = NativeMethods.duckdb_appender_error_data(_handle);
        return error.IsInvalid || !NativeMethods.duckdb_error_data_has_error(error)
            ? new DuckDBException(DuckDBErrorType.Invalid, $"The appender for table '{_table}' failed.")
            : new DuckDBException(
                NativeMethods.duckdb_error_data_error_type(error),
                $"Appending to table '{_table}': {NativeMethods.BorrowString(NativeMethods.duckdb_error_data_message(error))}");
    }
}
