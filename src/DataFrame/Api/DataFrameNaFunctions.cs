using Lakehouse.DataFrame.Plan;

namespace Lakehouse.DataFrame;

/// <summary>NULL handling, as Spark's <c>DataFrameNaFunctions</c> (<c>df.Na</c>).</summary>
public sealed class DataFrameNaFunctions
{
    private readonly DataFrame _dataFrame;

    internal DataFrameNaFunctions(DataFrame dataFrame)
    {
        _dataFrame = dataFrame;
    }

    /// <summary>
    /// Replaces NULLs with <paramref name="value"/> in the named columns (all columns when none is named) whose type fits:
    /// numbers fill numeric columns (converted to the column's type), strings fill string columns, booleans boolean ones.
    /// </summary>
    public DataFrame Fill(object value, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(columnNames);
        var literal = Functions.ToLiteral(value);
        if (literal.Type is not (StringType or BooleanType) && !literal.Type.IsNumeric)
        {
            throw new ArgumentException($"Fill accepts numbers, strings and booleans, not {value.GetType().Name}.", nameof(value));
        }

        return _dataFrame.With(new NaFill(_dataFrame.Plan, columnNames, literal));
    }

    /// <summary>Replaces NULLs per column: <c>Fill(new Dictionary&lt;string, object&gt; { ["qty"] = 0, ["name"] = "?" })</c>.</summary>
    public DataFrame Fill(IReadOnlyDictionary<string, object> valuesByColumn)
    {
        ArgumentNullException.ThrowIfNull(valuesByColumn);
        var result = _dataFrame;
        foreach (var (column, value) in valuesByColumn)
        {
            result = result.Na.Fill(value, column);
        }

        return result;
    }

    /// <summary>
    /// Drops rows with NULLs in the named columns (all when none is named): <paramref name="how"/> "any" drops a row with
    /// any NULL, "all" only a row whose values are all NULL.
    /// </summary>
    public DataFrame Drop(string how = "any", params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        var count = columnNames.Length == 0 ? _dataFrame.Plan.Output.Count : columnNames.Length;
        var minNonNulls = how.ToLowerInvariant() switch
        {
            "any" => count,
            "all" => 1,
            _ => throw new ArgumentException($"how must be 'any' or 'all', not '{how}'.", nameof(how)),
        };
        return _dataFrame.With(new NaDrop(_dataFrame.Plan, columnNames, minNonNulls));
    }

    /// <summary>Drops rows with fewer than <paramref name="minNonNulls"/> non-NULL values among the named (or all) columns.</summary>
    public DataFrame Drop(int minNonNulls, params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        return _dataFrame.With(new NaDrop(_dataFrame.Plan, columnNames, minNonNulls));
    }
}
