using System.Reflection;
using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

/// <summary>
/// Resolves the "duckdb" library name to the libduckdb the build placed next to our assemblies, and turns
/// a missing library into an error that names the file and the command that fixes it.
/// </summary>
internal static class NativeLibraryResolver
{
    internal const string LibraryName = "duckdb";

    private static int _registered;

    internal static string FileName =>
        OperatingSystem.IsWindows() ? "duckdb.dll" : OperatingSystem.IsMacOS() ? "libduckdb.dylib" : "libduckdb.so";

    /// <summary>Registers the resolver once; called before the first native call.</summary>
    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        var directory = AppContext.BaseDirectory;
        var path = Path.Combine(directory, FileName);
        if (NativeLibrary.TryLoad(path, out var handle) || NativeLibrary.TryLoad(libraryName, assembly, searchPath, out handle))
        {
            return handle;
        }

        throw new DllNotFoundException(
            $"DuckDB's native library '{FileName}' was not found in '{directory}'. " +
            "Run 'dotnet build' from the repository root: the build fetches it from the npm registry (build/duckdb-native.mjs; needs Node.js/npm).");
    }
}
