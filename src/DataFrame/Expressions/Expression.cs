namespace Lakehouse.DataFrame.Expressions;

/// <summary>
/// An unresolved expression tree node (Spark's <c>Expression</c> as Spark Connect sends it): names are
/// resolved against a plan's output when a plan node is built.
/// </summary>
internal abstract record Expression;

/// <summary>
/// A column by (possibly qualified or nested) name: <c>a</c>, <c>l.a</c>, <c>d.field</c>. A reference taken from a
/// DataFrame (<c>df["a"]</c>) is bound to that DataFrame's column by <see cref="AttributeId"/>; the first
/// <see cref="BoundParts"/> name parts name the column, the rest are struct fields.
/// </summary>
internal sealed record ColumnReference(IReadOnlyList<string> NameParts, long? AttributeId = null, int BoundParts = 0) : Expression
{
    public static ColumnReference Parse(string name) => new(Parsing.IdentifierPath.Split(name));

    public string DisplayName => string.Join(".", NameParts);

    public bool Equals(ColumnReference? other) =>
        other is not null && NameParts.SequenceEqual(other.NameParts) && AttributeId == other.AttributeId && BoundParts == other.BoundParts;

    public override int GetHashCode() => HashCode.Combine(DisplayName, AttributeId, BoundParts);
}

/// <summary><c>*</c> or <c>alias.*</c>.</summary>
internal sealed record StarExpression(string? Qualifier) : Expression;

/// <summary>A typed constant. <see cref="Value"/> is a CLR value matching <see cref="Type"/> (or null).</summary>
internal sealed record Literal(object? Value, DataType Type) : Expression
{
    public bool Equals(Literal? other) =>
        other is not null && Type == other.Type && (Value is System.Collections.IEnumerable items and not string && other.Value is System.Collections.IEnumerable otherItems and not string
            ? items.Cast<object?>().SequenceEqual(otherItems.Cast<object?>())
            : Equals(Value, other.Value));

    public override int GetHashCode() => HashCode.Combine(Type, Value is string or not System.Collections.IEnumerable ? Value : null);
}

/// <summary>A call of a function or operator from the <see cref="FunctionCatalog"/>.</summary>
internal sealed record FunctionCall(string Name, IReadOnlyList<Expression> Arguments, bool IsDistinct = false) : Expression
{
    public bool Equals(FunctionCall? other) =>
        other is not null && Name == other.Name && IsDistinct == other.IsDistinct && Arguments.SequenceEqual(other.Arguments);

    public override int GetHashCode() => HashCode.Combine(Name, IsDistinct, Arguments.Count);
}

/// <summary><c>expr AS name</c>.</summary>
internal sealed record AliasExpression(Expression Child, string Name) : Expression;

/// <summary><c>CAST(expr AS type)</c> with Spark's non-ANSI semantics (failure gives NULL).</summary>
internal sealed record CastExpression(Expression Child, DataType TargetType) : Expression;

/// <summary>A sort key.</summary>
internal sealed record SortOrder(Expression Child, bool Ascending, bool NullsFirst) : Expression
{
    public static SortOrder Default(Expression child) => child as SortOrder ?? new SortOrder(child, Ascending: true, NullsFirst: true);
}

/// <summary>One <c>WHEN condition THEN value</c> branch.</summary>
internal sealed record WhenBranch(Expression Condition, Expression Value);

/// <summary><c>CASE WHEN ... THEN ... ELSE ... END</c>.</summary>
internal sealed record CaseWhen(IReadOnlyList<WhenBranch> Branches, Expression? Else) : Expression
{
    public bool Equals(CaseWhen? other) => other is not null && Branches.SequenceEqual(other.Branches) && Equals(Else, other.Else);

    public override int GetHashCode() => HashCode.Combine(Branches.Count, Else);
}

/// <summary><c>struct.field</c> or <c>array[index]</c> / <c>map[key]</c> (Spark's UnresolvedExtractValue).</summary>
internal sealed record ExtractValue(Expression Child, Expression Extraction) : Expression;

/// <summary>A window function applied over a window.</summary>
internal sealed record WindowExpression(Expression Function, WindowSpecDefinition Spec) : Expression;

/// <summary>An expression written as Spark SQL text; <see cref="Parsed"/> is its tree. Spark Connect sends the text.</summary>
internal sealed record ExpressionString(string Text, Expression Parsed) : Expression;

/// <summary>PARTITION BY / ORDER BY / frame of a window.</summary>
internal sealed record WindowSpecDefinition(IReadOnlyList<Expression> PartitionBy, IReadOnlyList<SortOrder> OrderBy, WindowFrame? Frame)
{
    public static WindowSpecDefinition Empty { get; } = new([], [], null);

    public bool Equals(WindowSpecDefinition? other) =>
        other is not null && PartitionBy.SequenceEqual(other.PartitionBy) && OrderBy.SequenceEqual(other.OrderBy) && Equals(Frame, other.Frame);

    public override int GetHashCode() => HashCode.Combine(PartitionBy.Count, OrderBy.Count, Frame);
}

/// <summary>Frame kind of a window.</summary>
internal enum FrameType
{
    Rows,
    Range,
}

/// <summary>
/// A window frame. Boundaries are offsets relative to the current row like Spark's API:
/// <see cref="long.MinValue"/> is UNBOUNDED PRECEDING, 0 is CURRENT ROW, <see cref="long.MaxValue"/> is UNBOUNDED FOLLOWING.
/// </summary>
internal sealed record WindowFrame(FrameType Type, long Lower, long Upper);
