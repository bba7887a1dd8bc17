using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;

namespace Lakehouse.SparkConnect.Tests.Arrow;

/// <summary>
/// Expected values from Arrow's integration-test JSON (schema plus per-batch VALIDITY / DATA / OFFSET
/// arrays), converted to the CLR values <c>ArrowColumn.GetValue</c> documents.
/// </summary>
internal sealed class IntegrationJsonExpectation : IDisposable
{
    /// <summary>Marks a value that must make <c>GetValue</c> throw <see cref="OverflowException"/>.</summary>
    public static readonly object Overflow = new();

    private readonly JsonDocument _document;

    private IntegrationJsonExpectation(JsonDocument document)
    {
        _document = document;
    }

    public JsonElement Fields => _document.RootElement.GetProperty("schema").GetProperty("fields");

    public JsonElement Batches => _document.RootElement.GetProperty("batches");

    public static IntegrationJsonExpectation Load(string gzipPath)
    {
        using var file = File.OpenRead(gzipPath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        return new IntegrationJsonExpectation(JsonDocument.Parse(gzip));
    }

    public void Dispose() => _document.Dispose();

    /// <summary>The expected value of <paramref name="column"/> (described by <paramref name="field"/>) at <paramref name="row"/>.</summary>
    public static object? Value(JsonElement field, JsonElement column, int row)
    {
        var type = field.GetProperty("type");
        var typeName = type.GetProperty("name").GetString();
        if (typeName == "null")
        {
            return null;
        }

        if (column.TryGetProperty("VALIDITY", out var validity) && validity[row].GetInt32() == 0)
        {
            return null;
        }

        return typeName switch
        {
            "bool" => Data(column, row).GetBoolean(),
            "int" => Integer(type, Data(column, row)),
            "floatingpoint" => type.GetProperty("precision").GetString() switch
            {
                "HALF" => (Half)Data(column, row).GetDouble(),
                "SINGLE" => (float)Data(column, row).GetDouble(),
                _ => (object)Data(column, row).GetDouble(),
            },
            "decimal" => Decimal(BigInteger.Parse(Data(column, row).GetString()!, CultureInfo.InvariantCulture), type.GetProperty("scale").GetInt32()),
            "utf8" or "largeutf8" => Data(column, row).GetString(),
            "binary" or "largebinary" or "fixedsizebinary" => Convert.FromHexString(Data(column, row).GetString()!),
            "date" => type.GetProperty("unit").GetString() == "DAY"
                ? DateOnly.FromDayNumber(719_162 + Data(column, row).GetInt32())
                : new DateTime(DateTime.UnixEpoch.Ticks + (Int64(Data(column, row)) * TimeSpan.TicksPerMillisecond), DateTimeKind.Unspecified),
            "time" => TimeSpan.FromTicks(Ticks(Int64(Data(column, row)), type.GetProperty("unit").GetString()!)),
            "timestamp" => Timestamp(type, Int64(Data(column, row))),
            "duration" => TimeSpan.FromTicks(Ticks(Int64(Data(column, row)), type.GetProperty("unit").GetString()!)),
            "list" or "largelist" => List(field, column, row),
            "fixedsizelist" => FixedSizeList(field, type, column, row),
            "struct" => Struct(field, column, row),
            _ => throw new InvalidOperationException($"The test does not know how to expect type '{typeName}'."),
        };
    }

    private static JsonElement Data(JsonElement column, int row) => column.GetProperty("DATA")[row];

    // 64-bit integers are strings in the integration JSON; smaller ones are numbers.
    private static long Int64(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64();

    private static object Integer(JsonElement type, JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        var signed = type.GetProperty("isSigned").GetBoolean();
        return (type.GetProperty("bitWidth").GetInt32(), signed) switch
        {
            (8, true) => sbyte.Parse(text, CultureInfo.InvariantCulture),
            (8, false) => byte.Parse(text, CultureInfo.InvariantCulture),
            (16, true) => short.Parse(text, CultureInfo.InvariantCulture),
            (16, false) => ushort.Parse(text, CultureInfo.InvariantCulture),
            (32, true) => int.Parse(text, CultureInfo.InvariantCulture),
            (32, false) => uint.Parse(text, CultureInfo.InvariantCulture),
            (64, true) => long.Parse(text, CultureInfo.InvariantCulture),
            _ => (object)ulong.Parse(text, CultureInfo.InvariantCulture),
        };
    }

    private static object Decimal(BigInteger unscaled, int scale)
    {
        var limit = BigInteger.One << 96;
        if (BigInteger.Abs(unscaled) >= limit || scale > 28)
        {
            return Overflow;
        }

        return scale == 0 ? (decimal)unscaled : ScaleExactly(unscaled, scale);
    }

    // Builds the decimal from its text so the expected scale (trailing zeros) matches Arrow's.
    private static decimal ScaleExactly(BigInteger unscaled, int scale)
    {
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = (unscaled.Sign < 0 ? "-" : "") + digits[..^scale] + "." + digits[^scale..];
        return decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    private static long Ticks(long value, string unit) => unit switch
    {
        "SECOND" => value * TimeSpan.TicksPerSecond,
        "MILLISECOND" => value * TimeSpan.TicksPerMillisecond,
        "MICROSECOND" => value * TimeSpan.TicksPerMicrosecond,
        _ => (long)Math.Floor(value / 100m),
    };

    private static object Timestamp(JsonElement type, long value)
    {
        var ticks = DateTime.UnixEpoch.Ticks + Ticks(value, type.GetProperty("unit").GetString()!);
        return type.TryGetProperty("timezone", out _)
            ? (object)new DateTimeOffset(ticks, TimeSpan.Zero)
            : (object)new DateTime(ticks, DateTimeKind.Unspecified);
    }

    private static object?[] List(JsonElement field, JsonElement column, int row)
    {
        var offsets = column.GetProperty("OFFSET");
        var start = (int)Int64(offsets[row]);
        var end = (int)Int64(offsets[row + 1]);
        return Range(field.GetProperty("children")[0], column.GetProperty("children")[0], start, end);
    }

    private static object?[] FixedSizeList(JsonElement field, JsonElement type, JsonElement column, int row)
    {
        var size = type.GetProperty("listSize").GetInt32();
        return Range(field.GetProperty("children")[0], column.GetProperty("children")[0], row * size, (row + 1) * size);
    }

    private static object?[] Range(JsonElement childField, JsonElement childColumn, int start, int end) =>
        Enumerable.Range(start, end - start).Select(i => Value(childField, childColumn, i)).ToArray();

    private static Dictionary<string, object?> Struct(JsonElement field, JsonElement column, int row)
    {
        var childFields = field.GetProperty("children").EnumerateArray().ToList();
        var childColumns = column.GetProperty("children").EnumerateArray().ToList();
        return childFields.Zip(childColumns)
            .ToDictionary(pair => pair.First.GetProperty("name").GetString()!, pair => Value(pair.First, pair.Second, row));
    }
}
