namespace Lakehouse.SparkConnect.Arrow;

/// <summary>A set of rows: one <see cref="ArrowColumn"/> per schema field, all of the same length.</summary>
public sealed class ArrowRecordBatch
{
    internal ArrowRecordBatch(int rowCount, IReadOnlyList<ArrowColumn> columns)
    {
        RowCount = rowCount;
        Columns = columns;
    }

    /// <summary>Number of rows (may be zero).</summary>
    public int RowCount { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<ArrowColumn> Columns { get; }

    /// <summary>The value of column <paramref name="column"/> at <paramref name="row"/>; see <see cref="ArrowColumn.GetValue"/>.</summary>
    public object? GetValue(int column, int row) => Columns[column].GetValue(row);
}
