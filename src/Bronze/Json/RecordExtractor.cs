using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Lakehouse.Bronze.Json;

/// <summary>What one response body holds: its records as raw byte slices, and the paging fields.</summary>
internal sealed class ExtractedPage
{
    public List<ReadOnlyMemory<byte>> Records { get; } = [];

    /// <summary>The key of each record (by the entity's key field), or null where it has none.</summary>
    public List<string?> Keys { get; } = [];

    public long? Total { get; set; }

    public string? Next { get; set; }

    public long Bytes { get; set; }

    /// <summary>The response's Link header, for link pagination.</summary>
    public string? LinkHeader { get; set; }
}

/// <summary>
/// Validates a JSON body in one pass with <see cref="Utf8JsonReader"/> and slices out each record's bytes
/// exactly as received (no deserialise/serialise round trip, which would be ~3x slower and could change the bytes).
/// </summary>
internal static class RecordExtractor
{
    /// <param name="body">The complete body.</param>
    /// <param name="recordsField">The top-level field with the records array, or null for a bare array.</param>
    /// <param name="keyField">The record field counted for duplicates.</param>
    /// <param name="totalField">A top-level number to report as <see cref="ExtractedPage.Total"/>, or null.</param>
    /// <param name="nextField">A top-level string to report as <see cref="ExtractedPage.Next"/>, or null.</param>
    /// <param name="maxDepth">Deeper nesting is refused.</param>
    /// <exception cref="BadResponseException">Not JSON, truncated, too deep, or without the records.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first page: skip the slow first JIT tier
    public static ExtractedPage Extract(ReadOnlyMemory<byte> body, string? recordsField, string keyField, string? totalField, string? nextField, int maxDepth)
    {
        var page = new ExtractedPage { Bytes = body.Length };
        var reader = new Utf8JsonReader(body.Span, new JsonReaderOptions { MaxDepth = maxDepth });
        try
        {
            if (!reader.Read())
            {
                throw new BadResponseException("the body is empty");
            }

            var foundRecords = false;
            if (recordsField is null)
            {
                Expect(ref reader, JsonTokenType.StartArray, "a JSON array of records");
                ReadRecords(ref reader, body, keyField, page);
                foundRecords = true;
            }
            else
            {
                Expect(ref reader, JsonTokenType.StartObject, $"a JSON object with a \"{recordsField}\" array");
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals(recordsField))
                    {
                        reader.Read();
                        Expect(ref reader, JsonTokenType.StartArray, $"\"{recordsField}\" to be an array");
                        ReadRecords(ref reader, body, keyField, page);
                        foundRecords = true;
                    }
                    else if (totalField is not null && reader.ValueTextEquals(totalField))
                    {
                        reader.Read();
                        page.Total = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var total)
                            ? total
                            : throw new BadResponseException($"\"{totalField}\" is not an integer");
                    }
                    else if (nextField is not null && reader.ValueTextEquals(nextField))
                    {
                        reader.Read();
                        page.Next = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            reader.Skip();
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }

            if (reader.Read())
            {
                throw new BadResponseException("there is more after the JSON value");
            }

            if (!foundRecords)
            {
                throw new BadResponseException($"the response has no \"{recordsField}\" field");
            }
        }
        catch (JsonException e)
        {
            throw new BadResponseException($"the body is not valid JSON ({e.Message})", e);
        }

        return page;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new BadResponseException($"expected {what}, found {reader.TokenType}");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadRecords(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, string keyField, ExtractedPage page)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new BadResponseException($"record {page.Records.Count} is a {reader.TokenType}, not a JSON object");
            }

            var start = (int)reader.TokenStartIndex;
            string? key = null;

            // Walk only the record's own fields; nested values are skipped in one call each.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = key is null && reader.ValueTextEquals(keyField);
                reader.Read();
                if (isKey)
                {
                    key = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            var record = body[start..(int)reader.BytesConsumed];
            page.Records.Add(record.Span.IndexOfAny((byte)'\n', (byte)'\r') >= 0 ? Compact(record.Span) : record);
            page.Keys.Add(key);
        }
    }

    /// <summary>
    /// Removes whitespace outside strings so that a pretty-printed record fits on one NDJSON line. Raw
    /// newlines cannot occur inside JSON strings, so only insignificant whitespace changes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static byte[] Compact(ReadOnlySpan<byte> json)
    {
        var output = new byte[json.Length];
        var length = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                output[length++] = b;
                if (b == (byte)'\\')
                {
                    output[length++] = json[++i];
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r'))
            {
                output[length++] = b;
                inString = b == (byte)'"';
            }
        }

        return output[..length];
    }
}
