using System.Globalization;
using Lakehouse.Storage;

namespace Lakehouse.Delta;

/// <summary>
/// The log store for a local (POSIX or Windows) file system.
/// Commits are put-if-absent through <see cref="LocalFiles.TryCreateExclusive"/>: a hidden temp file in <c>_delta_log</c>,
/// fsync, then <c>link(2)</c> to the final name (EEXIST means another writer took the version), then the temp file is
/// removed; on Windows <c>MoveFileEx</c> without replace. Checkpoints and <c>_last_checkpoint</c> are replaced with
/// <see cref="LocalFiles.WriteAtomic"/> (temp, fsync, rename).
/// </summary>
public sealed class LocalLogStore : IDeltaLogStore
{
    private readonly string _logDirectory;

    /// <summary>Creates a store for the table at <paramref name="tableRoot"/>.</summary>
    public LocalLogStore(string tableRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(tableRoot);
        TableRoot = Path.GetFullPath(tableRoot);
        _logDirectory = Path.Combine(TableRoot, "_delta_log");
    }

    /// <inheritdoc />
    public string TableRoot { get; }

    /// <inheritdoc />
    public bool LogExists() => Directory.Exists(_logDirectory);

    /// <inheritdoc />
    public IReadOnlyList<LogFileEntry> List(CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(_logDirectory))
        {
            return [];
        }

        var result = new List<LogFileEntry>();
        foreach (var info in new DirectoryInfo(_logDirectory).EnumerateFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (info.Name.StartsWith('.'))
            {
                // Hidden files: our in-flight temp files and Hadoop .crc sidecars; they may vanish while we list.
                continue;
            }

            try
            {
                result.Add(new LogFileEntry(info.Name, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)));
            }
            catch (FileNotFoundException)
            {
                // Deleted between the directory read and the stat.
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    /// <inheritdoc />
    public byte[]? Read(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return File.ReadAllBytes(LogFilePath(name));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void WriteCommit(long version, ReadOnlySpan<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_logDirectory);
        if (!LocalFiles.TryCreateExclusive(LogFilePath(LogPaths.CommitName(version)), content))
        {
            throw new DeltaConcurrentModificationException(TableRoot, version, string.Create(CultureInfo.InvariantCulture, $"Version {version} was committed by another writer"));
        }
    }

    /// <inheritdoc />
    public void WriteReplace(string name, ReadOnlySpan<byte> content, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_logDirectory);
        LocalFiles.WriteAtomic(LogFilePath(name), content);
    }

    /// <inheritdoc />
    public string LogFilePath(string name)
    {
        LogPaths.ValidateFileName(name);
        return Path.Combine(_logDirectory, name);
    }

    /// <inheritdoc />
    public string DataFilePath(string decodedPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(decodedPath);
        if (decodedPath.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(decodedPath).LocalPath;
        }

        return Path.IsPathRooted(decodedPath)
            ? decodedPath
            : Path.Combine(TableRoot, decodedPath.Replace('/', Path.DirectorySeparatorChar));
    }
}
