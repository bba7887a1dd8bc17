using Lakehouse.DuckDB.Functions;
using Lakehouse.DuckDB.Native;

namespace Lakehouse.DuckDB;

/// <summary>
/// An open DuckDB database, in memory or in a file. Thread-safe: open it once and let each thread
/// <see cref="Connect"/> its own connection (a connection is used by one thread at a time).
/// </summary>
public sealed class DuckDBDatabase : IDisposable
{
    /// <summary>The path that opens a private in-memory database.</summary>
    public const string InMemory = ":memory:";

    private readonly DatabaseHandle _handle;

    private DuckDBDatabase(DatabaseHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The database file, or <see cref="InMemory"/>.</summary>
    public string Path { get; }

    /// <summary>The version of the loaded libduckdb, e.g. v1.5.6.</summary>
    public static string LibraryVersion => NativeMethods.BorrowString(NativeMethods.duckdb_library_version()) ?? "unknown";

    /// <summary>
    /// Opens (or creates) a database, with our own scalar functions registered (<c>lakehouse_*</c>, which the
    /// DataFrame compiler's SQL uses). <paramref name="settings"/> are DuckDB configuration options applied at
    /// start-up, e.g. <c>memory_limit</c>, <c>threads</c>. Settings that belong to an extension (such as ICU's
    /// <c>TimeZone</c>) cannot be given here, before extensions load: run <c>SET GLOBAL TimeZone = 'UTC'</c> after opening.
    /// </summary>
    /// <exception cref="DuckDBException">DuckDB refused the path or a setting.</exception>
    public static DuckDBDatabase Open(string path = InMemory, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (NativeMethods.duckdb_create_config(out var config) != DuckDBState.Success)
        {
            config.Dispose();
            throw new DuckDBException(DuckDBErrorType.OutOfMemory, "DuckDB could not allocate its configuration.");
        }

        using (config)
        {
            foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            {
                if (NativeMethods.duckdb_set_config(config, name, value) != DuckDBState.Success)
                {
                    throw new DuckDBException(DuckDBErrorType.InvalidConfiguration, $"DuckDB does not accept the setting '{name}' = '{value}'.");
                }
            }

            if (NativeMethods.duckdb_open_ext(path, out var database, config, out var error) != DuckDBState.Success)
            {
                database.Dispose();
                throw DuckDBException.FromMessage(NativeMethods.TakeString(error));
            }

            var opened = new DuckDBDatabase(database, path);
            try
            {
                using var connection = opened.Connect();
                LakehouseFunctions.Register(connection.Handle);
                return opened;
            }
            catch
            {
                opened.Dispose();
                throw;
            }
        }
    }

    /// <summary>Opens a new connection to this database.</summary>
    public DuckDBConnection Connect()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (NativeMethods.duckdb_connect(_handle, out var connection) != DuckDBState.Success)
        {
            connection.Dispose();
            throw new DuckDBException(DuckDBErrorType.Connection, $"Could not connect to the DuckDB database '{Path}'.");
        }

        return new DuckDBConnection(connection, this);
    }

    /// <summary>Closes the database; connections still open keep it alive until they close.</summary>
    public void Dispose() => _handle.Dispose();
}
