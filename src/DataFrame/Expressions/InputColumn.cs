namespace Lakehouse.DataFrame.Expressions;

/// <summary>
/// A column of the input by position. The analyzer creates it when it expands <c>*</c> or rewrites a plan;
/// users never build one, so it never needs a name lookup (and so it cannot be ambiguous).
/// </summary>
internal sealed record InputColumn(int Ordinal) : Expression;
