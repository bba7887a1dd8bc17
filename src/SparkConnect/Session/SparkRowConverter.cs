using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Arrow;

namespace Lakehouse.SparkConnect.Session;

/// <summary>
/// Turns the values the Arrow reader gives (see <see cref="ArrowColumn.GetValue"/>) into the CLR forms <see cref="Row"/>
/// documents, so a row from Spark reads like a row from the embedded engine: arrays as <see cref="List{T}"/>, structs as
/// <see cref="Row"/>, maps as <see cref="Dictionary{TKey, TValue}"/>, timestamps as <see cref="DateTimeOffset"/> in UTC.
/// </summary>
internal static class SparkRowConverter
{
    /// <summary>The rows of one record batch, typed by <paramref name="schema"/> (the DataFrame's schema).</summary>
    /// <exception cref="Client.SparkConnectException">The batch has another number of columns than the schema.</exception>
    public static IEnumerable<Row> Rows(ArrowRecordBatch batch, StructType schema, string name)
    {
        if (batch.Columns.Count != schema.Fields.Count)
        {
            throw new Client.SparkConnectException("ExecutePlan", Client.GrpcStatusCode.Internal, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{name} has {batch.Columns.Count} columns but the DataFrame has {schema.Fields.Count} ({string.Join(", ", schema.FieldNames)})."));
        }

        for (var row = 0; row < batch.RowCount; row++)
        {
            var values = new object?[schema.Fields.Count];
            for (var column = 0; column < values.Length; column++)
            {
                values[column] = Convert(batch.GetValue(column, row), schema.Fields[column].DataType);
            }

            yield return new Row(schema, values);
        }
    }

    /// <summary>One Arrow value in the form <see cref="Row"/> documents for <paramref name="type"/>.</summary>
    public static object? Convert(object? value, DataType type)
    {
        switch (value)
        {
            case null:
                return null;
            case IReadOnlyDictionary<string, object?> structValue when type is StructType structType:
                return new Row(structType, [.. structType.Fields.Select(f => Convert(structValue.GetValueOrDefault(f.Name), f.DataType))]);
            case KeyValuePair<object?, object?>[] entries:
                {
                    var mapType = type as MapType;
                    var map = new Dictionary<object, object?>(entries.Length);
                    foreach (var (key, entry) in entries)
                    {
                        map[Convert(key, mapType?.KeyType ?? DataType.String)!] = Convert(entry, mapType?.ValueType ?? DataType.String);
                    }

                    return map;
                }

            case object?[] list:
                {
                    var elementType = type is ArrayType array ? array.ElementType : DataType.String;
                    return list.Select(v => Convert(v, elementType)).ToList();
                }

            case DateTimeOffset instant:
                return instant.ToUniversalTime();
            default:
                return value;
        }
    }
}
