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
}
