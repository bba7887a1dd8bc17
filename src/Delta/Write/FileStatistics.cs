using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Lakehouse.DuckDB;

namespace Lakehouse.Delta;

/// <summary>
/// Per-file statistics (PROTOCOL.md, Per-file Statistics) computed with one aggregate over the written parquet file:
/// <c>numRecords</c>, and for top-level primitive columns <c>nullCount</c>, plus <c>minValues</c>/<c>maxValues</c>
/// (not for boolean and binary, as Spark; timestamps truncated to milliseconds; non-finite floats left out).
/// Nested columns get no statistics. Only the first <c>delta.dataSkippingNumIndexedCols</c> data columns (default 32,
/// -1 for all) are indexed, as in Spark.
/// </summary>
internal static class FileStatistics
{
    /// <summary>Spark's default of <c>delta.dataSkippingNumIndexedCols</c>: statistics for the first 32 columns.</summary>
    public const int DefaultIndexedColumns = 32;

    public static string Compute(DuckDBConnection connection, string parquetPath, IReadOnlyList<StructField> dataFields, int indexedColumns, CancellationToken cancellationToken)
    {
        var candidates = indexedColumns < 0 ? dataFields : dataFields.Take(indexedColumns);
        var stats = candidates.Where(f => f.Type is PrimitiveType or DecimalType).ToList();
        var select = new StringBuilder("SELECT CAST(count(*) AS VARCHAR)");
        foreach (var field in stats)
        {
            var c = DuckDBTypes.QuoteIdentifier(field.Name);
            select.Append(CultureInfo.InvariantCulture, $", CAST(count(*) - count({c}) AS VARCHAR)");
            if (HasMinMax(field.Type))
            {
                select.Append(ReferenceEquals(field.Type, PrimitiveType.Timestamp)
                    ? $", CAST(epoch_ms(min({c})) AS VARCHAR), CAST(epoch_ms(max({c})) AS VARCHAR)"
                    : $", CAST(min({c}) AS VARCHAR), CAST(max({c}) AS VARCHAR)");
            }
        }

        select.Append(" FROM read_parquet($1)");
        using var reader = connection.ExecuteReader(select.ToString(), [parquetPath], cancellationToken);
        reader.Read();
        var numRecords = long.Parse(reader.GetString(0), CultureInfo.InvariantCulture);
        var nullCounts = new List<(string, long)>();
        var mins = new List<(StructField, string)>();
        var maxs = new List<(StructField, string)>();
        var ordinal = 1;
        foreach (var field in stats)
        {
            nullCounts.Add((field.Name, long.Parse(reader.GetString(ordinal++), CultureInfo.InvariantCulture)));
            if (HasMinMax(field.Type))
            {
                if (!reader.IsDBNull(ordinal))
                {
                    mins.Add((field, reader.GetString(ordinal)));
                }

                ordinal++;
                if (!reader.IsDBNull(ordinal))
                {
                    maxs.Add((field, reader.GetString(ordinal)));
                }

                ordinal++;
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("numRecords", numRecords);
            WriteValues(w, "minValues", mins);
            WriteValues(w, "maxValues", maxs);
            w.WriteStartObject("nullCount");
            foreach (var (name, count) in nullCounts)
            {
                w.WriteNumber(name, count);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool HasMinMax(DeltaDataType type) =>
        !ReferenceEquals(type, PrimitiveType.Boolean) && !ReferenceEquals(type, PrimitiveType.Binary);

    private static void WriteValues(Utf8JsonWriter w, string name, List<(StructField Field, string Text)> values)
    {
        w.WriteStartObject(name);
        foreach (var (field, text) in values)
        {
            switch (field.Type)
            {
                case DecimalType:
                case PrimitiveType { Name: "long" or "integer" or "short" or "byte" }:
                    w.WritePropertyName(field.Name);
                    w.WriteRawValue(text);
                    break;
                case PrimitiveType { Name: "float" or "double" }:
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
                    {
                        w.WriteNumber(field.Name, d);
                    }

                    break;
                case PrimitiveType { Name: "timestamp" }:
                    var instant = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, CultureInfo.InvariantCulture));
                    w.WriteString(field.Name, instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                    break;
                default:
                    // string and date (DuckDB prints dates as yyyy-MM-dd)
                    w.WriteString(field.Name, text);
                    break;
            }
        }

        w.WriteEndObject();
    }
}
