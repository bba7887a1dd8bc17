using System.Runtime.InteropServices;

namespace Lakehouse.Storage;

/// <summary>
/// Atomic file creation on the local filesystem.
/// </summary>
/// <remarks>
/// Guarantees: <see cref="WriteAtomic"/> never leaves a half-written file under the final name (write to a
/// temporary sibling, fsync, rename). <see cref="TryCreateExclusive"/> is put-if-absent: of any number of
/// concurrent callers for one path exactly one succeeds, and the file appears whole. On Linux and macOS it
/// uses <c>link(2)</c> (which fails with EEXIST when the name is taken), because <c>File.Move</c> without
/// overwrite checks and renames in two steps and lets two writers both win. On Windows it uses
/// <c>MoveFileEx</c> without the replace flag, which is atomic there.
/// </remarks>
public static partial class LocalFiles
{
    private const int EEXIST = 17; // the same on Linux and macOS

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, replacing it atomically if it exists.</summary>
    public static void WriteAtomic(string path, ReadOnlySpan<byte> content)
    {
        var temp = TempSibling(path);
        try
        {
            WriteDurably(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> with <paramref name="content"/> only if no file has that name.
    /// Returns false (and changes nothing) when it already exists.
    /// </summary>
    public static bool TryCreateExclusive(string path, ReadOnlySpan<byte> content)
    {
        var temp = TempSibling(path);
        try
        {
            WriteDurably(temp, content);
            return OperatingSystem.IsWindows() ? MoveWithoutReplace(temp, path) : Link(temp, path);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Moves a finished file into place under a name that must not exist yet.</summary>
    public static bool TryMoveExclusive(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            return MoveWithoutReplace(source, destination);
        }

        if (!Link(source, destination))
        {
            return false;
        }

        File.Delete(source);
        return true;
    }

    private static string TempSibling(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    private static void WriteDurably(string path, ReadOnlySpan<byte> content)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
    }

    private static bool Link(string existing, string created)
    {
        if (link(existing, created) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            return false;
        }

        throw new IOException($"Could not create '{created}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    private static bool MoveWithoutReplace(string source, string destination)
    {
        try
        {
            File.Move(source, destination, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(destination))
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int link(string existing, string created);
}
