using System.Globalization;
using System.Runtime.InteropServices;
using Lakehouse.Delta.Native;

namespace Lakehouse.Delta;

/// <summary>
/// The log store for a local (POSIX or Windows) file system.
/// Commits: write a hidden temp file in <c>_delta_log</c>, fsync it, then <c>link(2)</c> it to the final name
/// (EEXIST means another writer took the version), then delete the temp file. <c>File.Move(overwrite: false)</c> is
/// not used on Linux/macOS because .NET implements it as a check followed by rename, so two writers can both "win".
/// On Windows the fallback is <c>File.Move(overwrite: false)</c>, which maps to <c>MoveFileEx</c> without
/// <c>MOVEFILE_REPLACE_EXISTING</c> and fails if the target exists.
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
        var finalPath = LogFilePath(LogPaths.CommitName(version));
        var tempPath = TempPath(finalPath);
        try
        {
            WriteTemp(tempPath, content);
            if (OperatingSystem.IsWindows())
            {
                try
                {
                    File.Move(tempPath, finalPath, overwrite: false);
                }
                catch (IOException) when (File.Exists(finalPath))
                {
                    throw Taken(version);
                }
            }
            else if (LibC.link(tempPath, finalPath) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == LibC.EEXIST)
                {
                    throw Taken(version);
                }

                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"link({tempPath}, {finalPath}) failed with errno {errno}: {Marshal.GetPInvokeErrorMessage(errno)}"));
            }
        }
        finally
        {
            DeleteQuietly(tempPath);
        }
    }

    /// <inheritdoc />
    public void WriteReplace(string name, ReadOnlySpan<byte> content, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(_logDirectory);
        var finalPath = LogFilePath(name);
        var tempPath = TempPath(finalPath);
        try
        {
            WriteTemp(tempPath, content);
            File.Move(tempPath, finalPath, overwrite: true);
        }
        finally
        {
            DeleteQuietly(tempPath);
        }
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

    private DeltaConcurrentModificationException Taken(long version) =>
        new(TableRoot, version, string.Create(CultureInfo.InvariantCulture, $"Version {version} was committed by another writer"));

    /// <summary>A hidden, unique temp name beside the final file (hidden names are never read as log files).</summary>
    private static string TempPath(string finalPath) =>
        Path.Combine(Path.GetDirectoryName(finalPath)!, $".{Path.GetFileName(finalPath)}.{Guid.NewGuid():N}.tmp");

    private static void WriteTemp(string tempPath, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Removes a temp file; a failure must not turn a durable commit into a reported error (a stray hidden file is harmless).</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
