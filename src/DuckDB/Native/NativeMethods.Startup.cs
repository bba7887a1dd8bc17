using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// duckdb.h: "Open Connect", "Configuration", "Helpers". Names follow the C API on purpose.
internal static partial class NativeMethods
{
    static NativeMethods() => NativeLibraryResolver.EnsureRegistered();

    /// <summary>Returns an error message that the caller must free with duckdb_free.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDBState duckdb_open_ext(string path, out DatabaseHandle database, ConfigHandle config, out IntPtr error);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_close(ref IntPtr database);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_connect(DatabaseHandle database, out ConnectionHandle connection);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_interrupt(ConnectionHandle connection);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_disconnect(ref IntPtr connection);

    /// <summary>Static string owned by DuckDB.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_library_version();

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBState duckdb_create_config(out ConfigHandle config);

    [LibraryImport(NativeLibraryResolver.LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial DuckDBState duckdb_set_config(ConfigHandle config, string name, string option);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_config(ref IntPtr config);

    /// <summary>Frees memory DuckDB allocated for the caller (strings it documents as caller-owned).</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_free(IntPtr pointer);

    /// <summary>Reads a caller-owned UTF-8 string and frees it.</summary>
    internal static string? TakeString(IntPtr owned)
    {
        if (owned == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(owned);
        }
        finally
        {
            duckdb_free(owned);
        }
    }

    /// <summary>Reads a UTF-8 string DuckDB keeps ownership of.</summary>
    internal static string? BorrowString(IntPtr borrowed) => Marshal.PtrToStringUTF8(borrowed);
}
