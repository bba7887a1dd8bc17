namespace Lakehouse.DataFrame;

/// <summary>
/// A plan or expression that cannot be resolved: an unknown or ambiguous column, a wrong argument count,
/// a type that does not fit. Thrown when the plan is built, like Spark's <c>AnalysisException</c>.
/// </summary>
public sealed class AnalysisException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AnalysisException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public AnalysisException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AnalysisException()
    {
    }
}
