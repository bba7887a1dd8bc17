namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// A DataFrame operation that the Spark Connect backend cannot express faithfully, for example in-memory rows
/// (which Spark needs as Arrow IPC data). The plan is refused rather than sent in an approximate form.
/// </summary>
public sealed class SparkConnectCompilationException : NotSupportedException
{
    /// <summary>The backend name used in messages.</summary>
    public const string BackendName = "Spark Connect";

    /// <summary>Creates the exception for <paramref name="operation"/>, saying why it cannot be compiled.</summary>
    public SparkConnectCompilationException(string operation, string reason)
        : base($"{operation} is not supported by the {BackendName} backend: {reason}")
    {
        Operation = operation;
    }

    /// <summary>The plan node, expression or function that cannot be compiled, e.g. <c>CreateDataFrame with rows</c>.</summary>
    public string Operation { get; }

    /// <summary>The backend that refused the operation: always <see cref="BackendName"/>.</summary>
    public string Backend => BackendName;
}
