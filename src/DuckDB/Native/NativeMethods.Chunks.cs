using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// duckdb.h: "Data Chunk Interface", "Vector Interface", "Validity Mask Functions".
// Vectors are owned by their chunk: plain pointers, valid while the chunk handle lives.
internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ulong duckdb_data_chunk_get_size(DataChunkHandle chunk);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_data_chunk_get_vector(DataChunkHandle chunk, ulong column);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_vector_get_data(IntPtr vector);

    /// <summary>The validity bitmap (one bit per row, 1 = valid), or null when every row is valid.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_vector_get_validity(IntPtr vector);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_list_vector_get_child(IntPtr vector);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_array_vector_get_child(IntPtr vector);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_struct_vector_get_child(IntPtr vector, ulong index);
}
