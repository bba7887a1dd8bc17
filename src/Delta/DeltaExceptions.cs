namespace Lakehouse.Delta;

/// <summary>Base class of every failure raised by the Delta transaction log code.</summary>
/// <remarks>The message always names the table. <see cref="IsTransient"/> tells callers whether a retry can help.</remarks>
public class DeltaException : Exception
{
    /// <summary>Creates an exception for the table at <paramref name="tablePath"/>.</summary>
    public DeltaException(string tablePath, string message, Exception? innerException = null)
        : base($"{message} (table: {tablePath})", innerException)
    {
        TablePath = tablePath;
    }

    /// <summary>The root directory of the table concerned.</summary>
    public string TablePath { get; }

    /// <summary>True when repeating the operation may succeed (for example a lost commit race).</summary>
    public virtual bool IsTransient => false;
}

/// <summary>The path holds no Delta table: there is no <c>_delta_log</c> directory or it has no commits.</summary>
public sealed class DeltaTableNotFoundException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaTableNotFoundException(string tablePath, string message)
        : base(tablePath, message)
    {
    }
}

/// <summary>The table needs a protocol version or a table feature this library does not implement.</summary>
/// <remarks>Raised instead of returning rows that could be wrong (PROTOCOL.md, Table Features).</remarks>
public sealed class DeltaProtocolException : DeltaException
{
    /// <summary>Creates the exception for the named feature.</summary>
    public DeltaProtocolException(string tablePath, string feature, string message)
        : base(tablePath, message)
    {
        Feature = feature;
    }

    /// <summary>The protocol feature that is not supported, e.g. <c>deletionVectors</c> or <c>readerVersion</c>.</summary>
    public string Feature { get; }
}

/// <summary>The transaction log is inconsistent: a missing commit, no protocol or metadata, an unreadable action.</summary>
public sealed class DeltaLogCorruptException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaLogCorruptException(string tablePath, string message, Exception? innerException = null)
        : base(tablePath, message, innerException)
    {
    }
}

/// <summary>Another writer created the commit for <see cref="Version"/> first (put-if-absent lost the race).</summary>
public sealed class DeltaConcurrentModificationException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaConcurrentModificationException(string tablePath, long version, string message)
        : base(tablePath, message)
    {
        Version = version;
    }

    /// <summary>The version that was already taken.</summary>
    public long Version { get; }

    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>The data of a write does not fit the table's schema (extra, duplicate or missing NOT NULL columns), or a MERGE source is ambiguous.</summary>
public sealed class DeltaSchemaException : DeltaException
{
    /// <summary>Creates the exception.</summary>
    public DeltaSchemaException(string tablePath, string message)
        : base(tablePath, message)
    {
    }
}
