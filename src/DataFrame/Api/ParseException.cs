namespace Lakehouse.DataFrame;

/// <summary>A Spark SQL expression or type name that does not parse; names the position and the reason.</summary>
public sealed class ParseException : Exception
{
    /// <summary>Creates the exception for <paramref name="text"/> failing at <paramref name="position"/> (0-based).</summary>
    public ParseException(string reason, string text, int position)
        : base($"{reason} (position {position + 1}) in: {text}")
    {
        Reason = reason;
        Text = text;
        Position = position;
    }

    /// <summary>Creates the exception.</summary>
    public ParseException(string message)
        : base(message)
    {
        Reason = message;
        Text = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        Text = string.Empty;
    }

    /// <summary>Creates the exception.</summary>
    public ParseException()
    {
        Reason = string.Empty;
        Text = string.Empty;
    }

    /// <summary>Why the text does not parse.</summary>
    public string Reason { get; }

    /// <summary>The text that was parsed.</summary>
    public string Text { get; }

    /// <summary>0-based character position of the failure.</summary>
    public int Position { get; }
}
