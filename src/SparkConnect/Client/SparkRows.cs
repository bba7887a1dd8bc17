using Lakehouse.SparkConnect.Arrow;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Client;

/// <summary>The rows of a collected relation, decoded from the Arrow batches Spark streamed back.</summary>
public sealed class SparkRows
{
    internal SparkRows(ArrowSchema? schema, DataType? sparkSchema, IReadOnlyList<IReadOnlyList<object?>> rows)
    {
        Schema = schema;
        SparkSchema = sparkSchema;
        Rows = rows;
    }

    /// <summary>The Arrow schema of the result, or <see langword="null"/> when the server sent no Arrow batch.</summary>
    public ArrowSchema? Schema { get; }

    /// <summary>Spark's own schema of the result when the server sent one (<c>ExecutePlanResponse.schema</c>).</summary>
    public DataType? SparkSchema { get; }

    /// <summary>The column names, in order (empty without a schema).</summary>
    public IReadOnlyList<string> ColumnNames => Schema?.Fields.Select(f => f.Name).ToArray() ?? [];

    /// <summary>The rows in the order Spark sent them; values follow <see cref="ArrowColumn.GetValue"/>'s type mapping.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    /// <summary>The rows of Arrow IPC data a result carries inline (a command's <c>LocalRelation</c>), named <paramref name="name"/> in errors.</summary>
    internal static SparkRows FromArrow(ReadOnlyMemory<byte> data, string name)
    {
        var reader = new ArrowStreamReader(data, name);
        var rows = new List<IReadOnlyList<object?>>();
        AddRows(rows, reader);
        return new SparkRows(reader.Schema, null, rows);
    }

    /// <summary>Appends one value list per row of every record batch of <paramref name="reader"/>; returns how many rows it added.</summary>
    internal static int AddRows(List<IReadOnlyList<object?>> rows, ArrowStreamReader reader)
    {
        var before = rows.Count;
        foreach (var batch in reader.ReadBatches())
        {
            for (var row = 0; row < batch.RowCount; row++)
            {
                var values = new object?[batch.Columns.Count];
                for (var column = 0; column < values.Length; column++)
                {
                    values[column] = batch.GetValue(column, row);
                }

                rows.Add(values);
            }
        }

        return rows.Count - before;
    }
}
