using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Plan;

namespace Lakehouse.DataFrame;

/// <summary>A grouped DataFrame, as Spark's <c>RelationalGroupedDataset</c>; output is the keys, then the aggregates.</summary>
public sealed class GroupedData
{
    private readonly DataFrame _dataFrame;
    private readonly IReadOnlyList<Expression> _keys;

    internal GroupedData(DataFrame dataFrame, IReadOnlyList<Expression> keys)
    {
        _dataFrame = dataFrame;
        _keys = keys;
    }

    /// <summary>Aggregates each group: <c>Agg(Sum("amount").Alias("total"), Count("*"))</c>.</summary>
    public DataFrame Agg(Column aggregate, params Column[] more)
    {
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(more);
        return _dataFrame.With(new Aggregate(_dataFrame.Plan, _keys, [aggregate.Expression, .. more.Select(c => c.Expression)]));
    }

    /// <summary>Aggregates by column name and function name, as Spark's <c>agg(Map("a" -&gt; "max"))</c>.</summary>
    public DataFrame Agg(IReadOnlyDictionary<string, string> columnToFunction)
    {
        ArgumentNullException.ThrowIfNull(columnToFunction);
        var aggregates = columnToFunction.Select(pair =>
        {
            // Spark's strToExpr: "size" and "count" of "*" count rows; "average"/"mean" are avg; "std" is stddev.
            var function = pair.Value.ToLowerInvariant() switch
            {
                "size" when pair.Key == "*" => "count",
                "average" => "avg",
                var name => FunctionCatalog.CanonicalName(name),
            };
            Expression argument = pair.Key == "*" ? new StarExpression(null) : ColumnReference.Parse(pair.Key);
            return (Expression)new FunctionCall(function, [argument]);
        }).ToList();
        if (aggregates.Count == 0)
        {
            throw new ArgumentException("Give at least one aggregate.", nameof(columnToFunction));
        }

        return _dataFrame.With(new Aggregate(_dataFrame.Plan, _keys, aggregates));
    }

    /// <summary>Rows per group, in a column named <c>count</c>.</summary>
    public DataFrame Count() => Agg(Functions.Count(Functions.Lit(1)).Alias("count"));

    /// <summary>Sum of each named column (all numeric non-key columns when none is named).</summary>
    public DataFrame Sum(params string[] columnNames) => Numeric("sum", columnNames);

    /// <summary>Average of each named column (all numeric non-key columns when none is named).</summary>
    public DataFrame Avg(params string[] columnNames) => Numeric("avg", columnNames);

    /// <summary>Same as <see cref="Avg"/>.</summary>
    public DataFrame Mean(params string[] columnNames) => Numeric("avg", columnNames);

    /// <summary>Minimum of each named column.</summary>
    public DataFrame Min(params string[] columnNames) => Numeric("min", columnNames);

    /// <summary>Maximum of each named column.</summary>
    public DataFrame Max(params string[] columnNames) => Numeric("max", columnNames);

    private DataFrame Numeric(string function, string[] columnNames)
    {
        var input = _dataFrame.Plan.Output;
        var names = columnNames.Length > 0
            ? columnNames
            : [.. input.Where(a => a.DataType.IsNumeric).Select(a => a.Name)];
        foreach (var name in names)
        {
            var resolved = ExpressionAnalyzer.Resolve(ColumnReference.Parse(name), input);
            if (!resolved.DataType.IsNumeric)
            {
                throw new AnalysisException($"[UNSUPPORTED_DATA_TYPE] `{name}` is {resolved.DataType.SimpleString}, not a numeric column; {function} needs numbers.");
            }
        }

        var aggregates = names.Select(n => (Expression)new FunctionCall(function, [ColumnReference.Parse(n)])).ToList();
        if (aggregates.Count == 0)
        {
            throw new AnalysisException($"There are no numeric columns to {function}.");
        }

        return _dataFrame.With(new Aggregate(_dataFrame.Plan, _keys, aggregates));
    }
}
