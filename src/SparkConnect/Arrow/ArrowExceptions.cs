namespace Lakehouse.SparkConnect.Arrow;

/// <summary>
/// The bytes are not a valid Arrow IPC stream (truncated, corrupt metadata, buffers outside the body).
/// Retrying with the same bytes cannot succeed.
/// </summary>
public sealed class ArrowFormatException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong.</summary>
    public ArrowFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the failure that revealed it.</summary>
    public ArrowFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The stream is valid Arrow but uses a feature this reader refuses rather than misread, such as
/// compressed bodies (LZ4_FRAME, ZSTD), dictionary encoding, unions, view types or big-endian data.
/// </summary>
public sealed class ArrowNotSupportedException : NotSupportedException
{
    /// <summary>Creates the exception for <paramref name="feature"/> found in <paramref name="streamName"/>.</summary>
    public ArrowNotSupportedException(string streamName, string feature, string message)
        : base(message)
    {
        StreamName = streamName;
        Feature = feature;
    }

    /// <summary>The name the caller gave the stream (or a generic description).</summary>
    public string StreamName { get; }

    /// <summary>The unsupported feature, for example <c>compression LZ4_FRAME</c>.</summary>
    public string Feature { get; }
}
