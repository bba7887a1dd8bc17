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
                    ? $", CAST(CAST(floor(epoch_us(min({c})) / 1000) AS BIGINT) AS VARCHAR), CAST(CAST(floor(epoch_us(max({c})) / 1000) AS BIGINT) AS VARCHAR)"
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
                var min = reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
                var max = reader.IsDBNull(ordinal + 1) ? null : reader.GetString(ordinal + 1);
                ordinal += 2;
                // DuckDB orders NaN above every number: a NaN maximum means the column has NaN, and then no bound is safe.
                if (min is not null && max is not null && !(field.Type is PrimitiveType { Name: "float" or "double" } && max.Contains("nan", StringComparison.OrdinalIgnoreCase)))
                {
                    mins.Add((field, min));
                    maxs.Add((field, max));
                }
            }
        }

        return Serialize(numRecords, mins, maxs, nullCounts);
    }

    /// <summary>
    /// The statistics from what <c>COPY ... (FORMAT parquet, RETURN_STATS true)</c> returned for the file (row count and
    /// per-column <c>min</c>/<c>max</c>/<c>null_count</c> gathered while writing), so the file need not be read back.
    /// Same rules as <see cref="Compute"/>; null when a value is not in the expected form (the caller then computes them).
    /// </summary>
    public static string? FromCopyStatistics(long numRecords, object? columnStatistics, IReadOnlyList<StructField> dataFields, int indexedColumns)
    {
        if (columnStatistics is not System.Collections.IDictionary columns)
        {
            return null;
        }

        var candidates = indexedColumns < 0 ? dataFields : dataFields.Take(indexedColumns);
        var stats = candidates.Where(f => f.Type is PrimitiveType or DecimalType).ToList();
        var nullCounts = new List<(string, long)>();
        var mins = new List<(StructField, string)>();
        var maxs = new List<(StructField, string)>();
        foreach (var field in stats)
        {
            if (columns[DuckDBTypes.QuoteIdentifier(field.Name)] is not System.Collections.IDictionary column
                || column["null_count"] is not string nulls
                || !long.TryParse(nulls, NumberStyles.None, CultureInfo.InvariantCulture, out var nullCount))
            {
                return null;
            }

            nullCounts.Add((field.Name, nullCount));
            if (!HasMinMax(field.Type) || (column["has_nan"] as string) == "true")
            {
                continue;
            }

            if (column["min"] is string min && column["max"] is string max)
            {
                if (ReferenceEquals(field.Type, PrimitiveType.Timestamp))
                {
                    if (ParseTimestamp(min) is not { } minTs || ParseTimestamp(max) is not { } maxTs)
                    {
                        return null;
                    }

                    min = FloorMilliseconds(minTs).ToString(CultureInfo.InvariantCulture);
                    max = FloorMilliseconds(maxTs).ToString(CultureInfo.InvariantCulture);
                }

                mins.Add((field, min));
                maxs.Add((field, max));
            }
            else if (nullCount < numRecords)
            {
                return null; // values but no min/max (for example very long strings): compute them instead
            }
        }

        return Serialize(numRecords, mins, maxs, nullCounts);
    }

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFzz", "yyyy-MM-dd HH:mm:ss.FFFFFFzzz"];

    private static DateTimeOffset? ParseTimestamp(string text) =>
        DateTimeOffset.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value : null;

    private static long FloorMilliseconds(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return (long)Math.Floor(ticks / (double)TimeSpan.TicksPerMillisecond);
    }

    private static string Serialize(long numRecords, List<(StructField Field, string Text)> mins, List<(StructField Field, string Text)> maxs, List<(string Name, long Count)> nullCounts)
    {
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
