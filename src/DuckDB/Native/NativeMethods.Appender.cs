using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// duckdb.h: "Appender", "Error Data".
internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDBState duckdb_appender_create_ext(ConnectionHandle connection, string? catalog, string? schema, string table, out AppenderHandle appender);

    /// <summary>Caller-owned error data.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ErrorDataHandle duckdb_appender_error_data(AppenderHandle appender);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_appender_flush(AppenderHandle appender);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_appender_close(AppenderHandle appender);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_appender_destroy(ref IntPtr appender);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_appender_end_row(AppenderHandle appender);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_append_value(AppenderHandle appender, ValueHandle value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_append_null(AppenderHandle appender);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_append_int64(AppenderHandle appender, long value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_append_double(AppenderHandle appender, double value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static unsafe partial DuckDBState duckdb_append_varchar_length(AppenderHandle appender, byte* text, ulong length);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBErrorType duckdb_error_data_error_type(ErrorDataHandle error);

    /// <summary>Borrowed string, valid while the error data lives.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_error_data_message(ErrorDataHandle error);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool duckdb_error_data_has_error(ErrorDataHandle error);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_error_data(ref IntPtr error);
}
