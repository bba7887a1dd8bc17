using System.Globalization;
using Lakehouse.DuckDB;

namespace Lakehouse.Delta;

/// <summary>Options of a <see cref="DeltaTable"/>. Every option has a documented default.</summary>
public sealed class DeltaTableOptions
{
    /// <summary>The DuckDB database used to read checkpoints and data files and to write data files.
    /// Default: null, meaning the table opens a private in-memory database (TimeZone UTC) when it first needs one.</summary>
    public DuckDBDatabase? Database { get; init; }

    /// <summary>The clock for commit timestamps. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The log store. Default: a <see cref="LocalLogStore"/> for the table path.</summary>
    public IDeltaLogStore? LogStore { get; init; }

    /// <summary>A classic checkpoint is written after every commit whose version is a multiple of this. Default 10.</summary>
    public int CheckpointInterval { get; init; } = 10;

    /// <summary>How many times a blind append retries after losing a commit race. Default 100.</summary>
    public int MaxCommitAttempts { get; init; } = 100;
}

/// <summary>
/// A Delta table on the embedded engine: snapshots (with time travel), the DuckDB query that reads them, and
/// (see the writer methods) commits. Thread-safe; dispose it to release a private DuckDB database.
/// </summary>
public sealed partial class DeltaTable : IDisposable
{
    private readonly Lock _lock = new();
    private readonly DeltaLog _log;
    private DuckDBDatabase? _database;
    private bool _ownsDatabase;

    private DeltaTable(string path, DeltaTableOptions options)
    {
        Options = options;
        Store = options.LogStore ?? new LocalLogStore(path);
        _database = options.Database;
        _log = new DeltaLog(Store, new DuckDBCheckpointSource(Connect));
        if (options.CheckpointInterval < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CheckpointInterval, "CheckpointInterval must be at least 1.");
        }

        if (options.MaxCommitAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxCommitAttempts, "MaxCommitAttempts must be at least 1.");
        }
    }

    /// <summary>The table root directory.</summary>
    public string Path => Store.TableRoot;

    /// <summary>The log store.</summary>
    public IDeltaLogStore Store { get; }

    internal DeltaTableOptions Options { get; }

    /// <summary>Opens an existing table.</summary>
    /// <exception cref="DeltaTableNotFoundException">There is no Delta table at <paramref name="path"/>.</exception>
    public static DeltaTable Open(string path, DeltaTableOptions? options = null)
    {
        var table = new DeltaTable(path, options ?? new DeltaTableOptions());
        table._log.ListLog(CancellationToken.None);
        return table;
    }

    /// <summary>A handle on a path that may not hold a table yet (for creating a table).</summary>
    public static DeltaTable ForPath(string path, DeltaTableOptions? options = null) => new(path, options ?? new DeltaTableOptions());

    /// <summary>The latest version in the log.</summary>
    public long GetLatestVersion(CancellationToken cancellationToken = default) => DeltaLog.LatestVersion(_log.ListLog(cancellationToken));

    /// <summary>Whether the path holds a Delta table (a <c>_delta_log</c> with at least one commit or checkpoint).</summary>
    public bool Exists()
    {
        try
        {
            _log.ListLog(CancellationToken.None);
            return true;
        }
        catch (DeltaTableNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The snapshot at <paramref name="version"/>, or the latest when null.</summary>
    /// <exception cref="DeltaProtocolException">The table needs a feature this reader does not implement.</exception>
    /// <exception cref="DeltaLogCorruptException">The log is incomplete or invalid.</exception>
    public Snapshot GetSnapshot(long? version = null, CancellationToken cancellationToken = default) => _log.Load(version, cancellationToken);

    /// <summary>
    /// The snapshot as of a point in time: the latest version whose commit timestamp is at or before
    /// <paramref name="timestamp"/> (commit timestamps are the commit files' modification times, or in-commit
    /// timestamps when enabled, made strictly increasing as Spark does).
    /// </summary>
    /// <exception cref="DeltaException">The timestamp is before the first commit or after the latest one.</exception>
    public Snapshot GetSnapshotAsOf(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        var listing = _log.ListLog(cancellationToken);
        var latest = _log.Load(null, cancellationToken);
        var timestamps = _log.CommitTimestamps(listing, latest.Metadata, cancellationToken);
        if (timestamps.Count == 0 || timestamp < timestamps[0].Timestamp)
        {
            throw new DeltaException(Path, string.Create(CultureInfo.InvariantCulture,
                $"The timestamp {timestamp:O} is before the earliest available commit ({(timestamps.Count > 0 ? timestamps[0].Timestamp.ToString("O", CultureInfo.InvariantCulture) : "none")})"));
        }

        if (timestamp > timestamps[^1].Timestamp && timestamps[^1].Version == latest.Version)
        {
            // At or after the latest commit: Spark refuses timestamps after the latest commit; we follow it.
            throw new DeltaException(Path, string.Create(CultureInfo.InvariantCulture,
                $"The timestamp {timestamp:O} is after the latest commit (version {latest.Version} at {timestamps[^1].Timestamp:O})"));
        }

        var version = timestamps.Last(t => t.Timestamp <= timestamp).Version;
        return version == latest.Version ? latest : _log.Load(version, cancellationToken);
    }

    /// <summary>The DuckDB query that reads the rows of <paramref name="snapshot"/>.</summary>
    public DeltaQuery BuildReadQuery(Snapshot snapshot, CancellationToken cancellationToken = default)
    {
        using var connection = Connect();
        return DeltaScan.BuildQuery(snapshot, connection, cancellationToken);
    }

    /// <summary>Opens a connection to the table's DuckDB database (creating a private in-memory one if none was given).</summary>
    public DuckDBConnection Connect()
    {
        lock (_lock)
        {
            if (_database is null)
            {
                _database = DuckDBDatabase.Open();
                _ownsDatabase = true;

                // UTC time zone: casts between TIMESTAMP and TIMESTAMPTZ must not depend on the machine. (ICU is loaded
                // after start-up, so the setting cannot be passed to Open.)
                using var setup = _database.Connect();
                setup.ExecuteNonQuery("SET GLOBAL TimeZone = 'UTC'");
            }

            return _database.Connect();
        }
    }

    /// <summary>Releases the private DuckDB database, if the table opened one.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_ownsDatabase)
            {
                _database?.Dispose();
                _database = null;
                _ownsDatabase = false;
            }
        }
    }
}
