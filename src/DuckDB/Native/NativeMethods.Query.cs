using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// duckdb.h: "Query Execution", "Result Functions", "Prepared Statements", "Extract Statements", "Pending Result Interface".
internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial ulong duckdb_extract_statements(ConnectionHandle connection, string query, out ExtractedStatementsHandle statements);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_prepare_extracted_statement(ConnectionHandle connection, ExtractedStatementsHandle statements, ulong index, out PreparedStatementHandle statement);

    /// <summary>Borrowed string.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_extract_statements_error(ExtractedStatementsHandle statements);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_extracted(ref IntPtr statements);

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDBState duckdb_prepare(ConnectionHandle connection, string query, out PreparedStatementHandle statement);

    /// <summary>Borrowed string.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_prepare_error(PreparedStatementHandle statement);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_prepare(ref IntPtr statement);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ulong duckdb_nparams(PreparedStatementHandle statement);

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDBState duckdb_bind_parameter_index(PreparedStatementHandle statement, out ulong index, string name);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_bind_value(PreparedStatementHandle statement, ulong index, ValueHandle value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_clear_bindings(PreparedStatementHandle statement);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_pending_prepared(PreparedStatementHandle statement, out PendingResultHandle pending);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_pending_prepared_streaming(PreparedStatementHandle statement, out PendingResultHandle pending);

    /// <summary>Borrowed string.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_pending_error(PendingResultHandle pending);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_pending(ref IntPtr pending);

    /// <summary>Fills <paramref name="result"/> even on failure (with the error), so it must always be destroyed.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_execute_pending(PendingResultHandle pending, ResultHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_result(IntPtr result);

    /// <summary>Borrowed string, valid while the result lives.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_column_name(ResultHandle result, ulong column);

    /// <summary>Caller-owned type.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_column_logical_type(ResultHandle result, ulong column);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ulong duckdb_column_count(ResultHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ulong duckdb_rows_changed(ResultHandle result);

    /// <summary>Borrowed string.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_result_error(ResultHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBErrorType duckdb_result_error_type(ResultHandle result);

    /// <summary>duckdb_result_type: 1 = changed rows (INSERT/UPDATE/DELETE), 3 = query result.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial int duckdb_result_return_type(DuckDBResultStruct result);

    /// <summary>The next chunk of a (streaming) result, or an invalid handle at the end.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DataChunkHandle duckdb_fetch_chunk(DuckDBResultStruct result);
}
