namespace Lakehouse.Delta;

/// <summary>A file of the <c>_delta_log</c> directory.</summary>
/// <param name="Name">The file name (no directory), e.g. <c>00000000000000000007.json</c>.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">Last modification time (the commit timestamp when in-commit timestamps are off).</param>
public sealed record LogFileEntry(string Name, long Size, DateTimeOffset LastModified);

/// <summary>
/// Storage of one table's transaction log. The correctness of concurrent writers rests on these guarantees,
/// which every implementation must give:
/// <list type="bullet">
/// <item><b>Atomic visibility</b>: a commit written by <see cref="WriteCommit"/> is seen whole or not at all; readers never see a partial file.</item>
/// <item><b>Mutual exclusion</b>: of all writers racing for one version, exactly one <see cref="WriteCommit"/> succeeds;
/// the others get <see cref="DeltaConcurrentModificationException"/>. An existing file is never overwritten.</item>
/// <item><b>Consistent listing</b>: once <see cref="WriteCommit"/> returned, <see cref="List"/> and <see cref="Read"/> see the file.</item>
/// </list>
/// Methods are synchronous and thread-safe.
/// </summary>
public interface IDeltaLogStore
{
    /// <summary>The table root (the directory that holds <c>_delta_log</c>).</summary>
    string TableRoot { get; }

    /// <summary>Whether the <c>_delta_log</c> directory exists.</summary>
    bool LogExists();

    /// <summary>Lists the files directly inside <c>_delta_log</c>, sorted by name (ordinal); hidden files (starting with '.') are left out. Empty if the directory is missing.</summary>
    IReadOnlyList<LogFileEntry> List(CancellationToken cancellationToken = default);

    /// <summary>Reads a file of <c>_delta_log</c> by name; null if it does not exist.</summary>
    byte[]? Read(string name, CancellationToken cancellationToken = default);

    /// <summary>Creates <c>_delta_log/&lt;version&gt;.json</c> put-if-absent, durably (see the guarantees above).</summary>
    /// <exception cref="DeltaConcurrentModificationException">The version exists already.</exception>
    void WriteCommit(long version, ReadOnlySpan<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a non-commit log file (a checkpoint, <c>_last_checkpoint</c>) by atomic replace: readers see the old
    /// or the new content, never a mix.
    /// </summary>
    void WriteReplace(string name, ReadOnlySpan<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The local path of <c>_delta_log/&lt;name&gt;</c>, for engines that read it directly (DuckDB).</summary>
    string LogFilePath(string name);

    /// <summary>The local path of a data file given its decoded path relative to the table root (or absolute).</summary>
    string DataFilePath(string decodedPath);
}
