namespace Lakehouse.Delta;

/// <summary>How a write treats the rows already in the table.</summary>
public enum DeltaSaveMode
{
    /// <summary>Add the new rows (a blind append: retried automatically when another writer commits first).</summary>
    Append,

    /// <summary>Replace every row of the table (removes all active files in the same commit).</summary>
    Overwrite,
}

/// <summary>Options of one write. Defaults: append, no application transaction.</summary>
public sealed class DeltaWriteOptions
{
    /// <summary>Append (default) or overwrite.</summary>
    public DeltaSaveMode Mode { get; init; } = DeltaSaveMode.Append;

    /// <summary>
    /// The application id of an idempotent write (PROTOCOL.md, Transaction Identifiers). When set with
    /// <see cref="ApplicationVersion"/>, the write is skipped if the table already records a version at or above it
    /// for this id, and the commit records the new version. Default: null (no <c>txn</c> action).
    /// </summary>
    public string? ApplicationId { get; init; }

    /// <summary>The application version of an idempotent write; required with <see cref="ApplicationId"/>.</summary>
    public long? ApplicationVersion { get; init; }
}

/// <summary>The outcome of a commit.</summary>
/// <param name="Version">The version committed, or the table's current version when the write was skipped.</param>
/// <param name="AddedFiles">The files added by the commit.</param>
/// <param name="Skipped">True when an idempotent write found its application version already committed.</param>
/// <param name="Attempts">How many versions were tried (1 when no other writer interfered).</param>
/// <param name="CheckpointFailure">The error of the checkpoint written after the commit, if that failed (the commit itself succeeded).</param>
public sealed record DeltaCommitResult(long Version, IReadOnlyList<AddFile> AddedFiles, bool Skipped, int Attempts, Exception? CheckpointFailure = null);
