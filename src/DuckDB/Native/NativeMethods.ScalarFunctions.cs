using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// duckdb.h: "Scalar Functions". The callback runs on DuckDB's worker threads with a borrowed chunk and vector:
// plain pointers, valid only during the call.
internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ScalarFunctionHandle duckdb_create_scalar_function();

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_scalar_function(ref IntPtr function);

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void duckdb_scalar_function_set_name(ScalarFunctionHandle function, string name);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_scalar_function_add_parameter(ScalarFunctionHandle function, LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_scalar_function_set_return_type(ScalarFunctionHandle function, LogicalTypeHandle type);

    /// <summary>
    /// <paramref name="callback"/> is a <c>void (*)(duckdb_function_info, duckdb_data_chunk, duckdb_vector)</c>;
    /// DuckDB calls it once per chunk, from any of its threads, with the arguments flattened.
    /// </summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_scalar_function_set_function(ScalarFunctionHandle function, IntPtr callback);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_register_scalar_function(ConnectionHandle connection, ScalarFunctionHandle function);

    /// <summary>Fails the running query with <paramref name="error"/>; called from inside the callback.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void duckdb_scalar_function_set_error(IntPtr info, string error);

    /// <summary>The row count of a borrowed chunk (the callback's input).</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "duckdb_data_chunk_get_size")]
    internal static partial ulong duckdb_data_chunk_get_size_borrowed(IntPtr chunk);

    /// <summary>A column of a borrowed chunk (the callback's input).</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "duckdb_data_chunk_get_vector")]
    internal static partial IntPtr duckdb_data_chunk_get_vector_borrowed(IntPtr chunk, ulong column);

    /// <summary>Gives the vector a validity bitmap of its own, so that rows can be set NULL.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_vector_ensure_validity_writable(IntPtr vector);
}
