namespace Lakehouse.Bronze;

/// <summary>An ingestion failure that retrying will not fix (or that retries did not fix); nothing of the batch was landed.</summary>
public sealed class BronzeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BronzeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A response that was received but is unusable (not JSON, truncated, missing its records); retried like a 5xx.</summary>
internal sealed class BadResponseException(string message, Exception? inner = null) : Exception(message, inner);
