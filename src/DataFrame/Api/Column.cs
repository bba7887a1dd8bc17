using Lakehouse.DataFrame.Expressions;

namespace Lakehouse.DataFrame;

/// <summary>
/// A column expression, as in Spark. Operators build expressions: <c>Col("a") == 1</c> is the Spark expression
/// <c>a = 1</c>, not a C# comparison (as in .NET for Spark). Columns are immutable.
/// </summary>
#pragma warning disable CS0660, CS0661 // == builds an expression; Equals keeps reference semantics (as dotnet/spark's Column)
public sealed class Column
#pragma warning restore CS0660, CS0661
{
    internal Column(Expression expression)
    {
        Expression = expression;
    }

    internal Expression Expression { get; }

    /// <summary>Adds (Spark <c>+</c>).</summary>
    public static Column operator +(Column left, object right) => Binary("+", left, right);

    /// <summary>Subtracts (Spark <c>-</c>).</summary>
    public static Column operator -(Column left, object right) => Binary("-", left, right);

    /// <summary>Multiplies (Spark <c>*</c>).</summary>
    public static Column operator *(Column left, object right) => Binary("*", left, right);

    /// <summary>Divides; integers divide to a double and division by zero gives NULL (Spark <c>/</c>).</summary>
    public static Column operator /(Column left, object right) => Binary("/", left, right);

    /// <summary>Remainder with the sign of the dividend (Spark <c>%</c>).</summary>
    public static Column operator %(Column left, object right) => Binary("%", left, right);

    /// <summary>Negates.</summary>
    public static Column operator -(Column operand) => Call("negative", operand);

    /// <summary>Boolean NOT.</summary>
    public static Column operator !(Column operand) => Call("not", operand);

    /// <summary>Equality expression (Spark <c>===</c>); NULL when either side is NULL.</summary>
    public static Column operator ==(Column left, object? right) => Binary("==", left, right);

    /// <summary>Inequality expression (Spark <c>=!=</c>).</summary>
    public static Column operator !=(Column left, object? right) => Binary("!=", left, right);

    /// <summary>Less than.</summary>
    public static Column operator <(Column left, object right) => Binary("<", left, right);

    /// <summary>Less than or equal.</summary>
    public static Column operator <=(Column left, object right) => Binary("<=", left, right);

    /// <summary>Greater than.</summary>
    public static Column operator >(Column left, object right) => Binary(">", left, right);

    /// <summary>Greater than or equal.</summary>
    public static Column operator >=(Column left, object right) => Binary(">=", left, right);

    /// <summary>Boolean AND.</summary>
    public static Column operator &(Column left, object right) => Binary("and", left, right);

    /// <summary>Boolean OR.</summary>
    public static Column operator |(Column left, object right) => Binary("or", left, right);

    /// <summary>Adds.</summary>
    public Column Plus(object other) => this + other;

    /// <summary>Subtracts.</summary>
    public Column Minus(object other) => this - other;

    /// <summary>Multiplies.</summary>
    public Column Multiply(object other) => this * other;

    /// <summary>Divides.</summary>
    public Column Divide(object other) => this / other;

    /// <summary>Remainder.</summary>
    public Column Mod(object other) => this % other;

    /// <summary>Equality expression.</summary>
    public Column EqualTo(object? other) => Binary("==", this, other);

    /// <summary>Inequality expression.</summary>
    public Column NotEqual(object? other) => Binary("!=", this, other);

    /// <summary>Null-safe equality (<c>&lt;=&gt;</c>): true when both are NULL.</summary>
    public Column EqNullSafe(object? other) => Binary("<=>", this, other);

    /// <summary>Greater than.</summary>
    public Column Gt(object other) => this > other;

    /// <summary>Less than.</summary>
    public Column Lt(object other) => this < other;

    /// <summary>Greater than or equal.</summary>
    public Column Geq(object other) => this >= other;

    /// <summary>Less than or equal.</summary>
    public Column Leq(object other) => this <= other;

    /// <summary>Boolean AND.</summary>
    public Column And(Column other) => this & other;

    /// <summary>Boolean OR.</summary>
    public Column Or(Column other) => this | other;

    /// <summary>True when the value is NULL.</summary>
    public Column IsNull() => Call("isnull", this);

    /// <summary>True when the value is not NULL.</summary>
    public Column IsNotNull() => Call("isnotnull", this);

    /// <summary>True when the value equals one of <paramref name="values"/> (SQL IN).</summary>
    public Column IsIn(params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(new FunctionCall("in", [Expression, .. values.Select(v => Functions.Lit(v).Expression)]));
    }

    /// <summary>SQL LIKE with <c>%</c> and <c>_</c>.</summary>
    public Column Like(string pattern) => Binary("like", this, pattern);

    /// <summary>Regular-expression search (Java regex in Spark; RE2 here: lookarounds and backreferences fail clearly).</summary>
    public Column RLike(string pattern) => Binary("rlike", this, pattern);

    /// <summary>lower &lt;= value &lt;= upper.</summary>
    public Column Between(object lower, object upper) => (this >= lower) & (this <= upper);

    /// <summary>Substring from 1-based <paramref name="position"/> (Spark <c>substr</c>).</summary>
    public Column Substr(int position, int length) => Functions.Substring(this, position, length);

    /// <summary>Casts with Spark's non-ANSI semantics: a value that does not convert becomes NULL.</summary>
    public Column Cast(DataType to)
    {
        ArgumentNullException.ThrowIfNull(to);
        return new(new CastExpression(Expression, to));
    }

    /// <summary>Casts to a Spark type name (<c>"long"</c>, <c>"decimal(10,2)"</c>...).</summary>
    public Column Cast(string to) => Cast(DataType.Parse(to));

    /// <summary>Names the column.</summary>
    public Column Alias(string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        return new(new AliasExpression(Expression is AliasExpression a ? a.Child : Expression, alias));
    }

    /// <summary>Names the column.</summary>
    public Column As(string alias) => Alias(alias);

    /// <summary>Names the column.</summary>
    public Column Name(string alias) => Alias(alias);

    /// <summary>Ascending sort, NULLs first (Spark's default).</summary>
    public Column Asc() => Order(ascending: true, nullsFirst: true);

    /// <summary>Ascending sort, NULLs first.</summary>
    public Column AscNullsFirst() => Order(ascending: true, nullsFirst: true);

    /// <summary>Ascending sort, NULLs last.</summary>
    public Column AscNullsLast() => Order(ascending: true, nullsFirst: false);

    /// <summary>Descending sort, NULLs last (Spark's default).</summary>
    public Column Desc() => Order(ascending: false, nullsFirst: false);

    /// <summary>Descending sort, NULLs first.</summary>
    public Column DescNullsFirst() => Order(ascending: false, nullsFirst: true);

    /// <summary>Descending sort, NULLs last.</summary>
    public Column DescNullsLast() => Order(ascending: false, nullsFirst: false);

    /// <summary>Adds a branch to a <see cref="Functions.When"/> chain.</summary>
    /// <exception cref="InvalidOperationException">The column is not a When chain, or Otherwise was already called.</exception>
    public Column When(Column condition, object? value)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (Expression is not CaseWhen { Else: null } caseWhen)
        {
            throw new InvalidOperationException("When can only follow Functions.When(...) or another When(...), before Otherwise(...).");
        }

        return new(caseWhen with { Branches = [.. caseWhen.Branches, new WhenBranch(condition.Expression, Functions.Lit(value).Expression)] });
    }

    /// <summary>The value when no branch of a When chain matches (else NULL).</summary>
    /// <exception cref="InvalidOperationException">The column is not a When chain, or Otherwise was already called.</exception>
    public Column Otherwise(object? value)
    {
        if (Expression is not CaseWhen { Else: null } caseWhen)
        {
            throw new InvalidOperationException("Otherwise can only follow Functions.When(...) and be called once.");
        }

        return new(caseWhen with { Else = Functions.Lit(value).Expression });
    }

    /// <summary>A field of a struct column.</summary>
    public Column GetField(string fieldName) => new(new ExtractValue(Expression, new Literal(fieldName, DataType.String)));

    /// <summary>An array element by 0-based index, or a map value by key (Spark <c>getItem</c>).</summary>
    public Column GetItem(object key) => new(new ExtractValue(Expression, Functions.Lit(key).Expression));

    /// <summary>Applies an aggregate or window function over a window.</summary>
    public Column Over(WindowSpec window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return new(new WindowExpression(Expression, window.Definition));
    }

    /// <summary>Applies an aggregate function over the whole result (an empty window).</summary>
    public Column Over() => new(new WindowExpression(Expression, WindowSpecDefinition.Empty));

    /// <inheritdoc />
    public override string ToString() => ExpressionAnalyzer.NameOf(Expression, []);

    internal static Column Call(string name, params Column[] arguments) => new(new FunctionCall(name, [.. arguments.Select(a => a.Expression)]));

    private static Column Binary(string name, Column left, object? right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return new(new FunctionCall(name, [left.Expression, Functions.Lit(right).Expression]));
    }

    private Column Order(bool ascending, bool nullsFirst) =>
        new(new SortOrder(Expression is SortOrder s ? s.Child : Expression, ascending, nullsFirst));
}
