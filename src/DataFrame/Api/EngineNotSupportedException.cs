namespace Lakehouse.DataFrame;

/// <summary>
/// An operation the session's engine cannot run, for example reading a Delta table's log locally on a Spark session.
/// The message names the operation and the engine it needs.
/// </summary>
public sealed class EngineNotSupportedException : NotSupportedException
{
    /// <summary>Creates the exception for <paramref name="operation"/>, which <paramref name="engine"/> cannot run.</summary>
    /// <param name="operation">What was asked, for example <c>DeltaTable.Transactions</c>.</param>
    /// <param name="engine">The engine of the session.</param>
    /// <param name="reason">Why, and what to do instead.</param>
    public EngineNotSupportedException(string operation, EngineKind engine, string reason)
        : base($"{operation} needs the embedded engine and this session runs on {engine}: {reason}")
    {
        Operation = operation;
        Engine = engine;
    }

    /// <summary>The operation that was refused.</summary>
    public string Operation { get; }

    /// <summary>The engine of the session that refused it.</summary>
    public EngineKind Engine { get; }
}
