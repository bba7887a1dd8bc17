using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Lakehouse.Bronze.Http;

namespace Lakehouse.Bronze.Json;

/// <summary>What one response body holds: its records as raw byte slices, and the paging fields.</summary>
internal sealed class ExtractedPage : IDisposable
{
    /// <summary>Each record: a slice of the body, or a compacted copy of a pretty-printed one. Emptied by <see cref="RecordExtractor.ToNdjsonInPlace"/>.</summary>
    public List<ReadOnlyMemory<byte>> Records { get; } = [];

    /// <summary>Where each record starts in the body.</summary>
    public List<int> Starts { get; } = [];

    /// <summary>How many records the page holds (stays valid after <see cref="RecordExtractor.ToNdjsonInPlace"/>).</summary>
    public int RecordCount { get; set; }

    /// <summary>The key of each record that has one (by the entity's key field), for counting duplicates.</summary>
    public PageKeys Keys { get; } = new();

    /// <summary>The records as NDJSON lines, one per record, each ending in a newline; set by <see cref="RecordExtractor.ToNdjsonInPlace"/>.</summary>
    public ReadOnlyMemory<byte> Ndjson { get; set; }

    /// <summary>The pooled body the slices point into, returned on <see cref="Dispose"/>.</summary>
    public PooledBody? Body { get; set; }

    public long? Total { get; set; }

    public string? Next { get; set; }

    public long Bytes { get; set; }

    /// <summary>The response's Link header, for link pagination.</summary>
    public string? LinkHeader { get; set; }

    public void Dispose()
    {
        Body?.Dispose();
        Body = null;
    }
}

/// <summary>
/// Record keys, kept cheaply: a key whose text is a plain integer (digits, no leading zero, as ids are) is held as
/// a number, any other key as its text; "42" and 42 are the same key, as their texts are equal.
/// </summary>
internal sealed class PageKeys
{
    public List<long> Numbers { get; } = [];

    public List<string> Texts { get; } = [];

    public void Add(ReadOnlySpan<byte> utf8)
    {
        if (TryPlainInteger(utf8, out var number))
        {
            Numbers.Add(number);
        }
        else
        {
            Texts.Add(Encoding.UTF8.GetString(utf8));
        }
    }

    public void Add(string text)
    {
        if (text.Length <= MaxDigits && text.All(char.IsAsciiDigit))
        {
            Span<byte> utf8 = stackalloc byte[MaxDigits];
            Add(utf8[..Encoding.ASCII.GetBytes(text, utf8)]);
        }
        else
        {
            Texts.Add(text);
        }
    }

    public void AddRange(PageKeys other)
    {
        Numbers.AddRange(other.Numbers);
        Texts.AddRange(other.Texts);
    }

    private const int MaxDigits = 18; // fits a long with no overflow check

    private static bool TryPlainInteger(ReadOnlySpan<byte> utf8, out long value)
    {
        value = 0;
        if (utf8.IsEmpty || utf8.Length > MaxDigits || (utf8[0] == (byte)'0' && utf8.Length > 1))
        {
            return false;
        }

        foreach (var b in utf8)
        {
            var digit = b - (byte)'0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }
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
        var keyFieldUtf8 = Encoding.UTF8.GetBytes(keyField);
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
                ReadRecords(ref reader, body, keyFieldUtf8, page);
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
                        ReadRecords(ref reader, body, keyFieldUtf8, page);
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
    private static void ReadRecords(ref Utf8JsonReader reader, ReadOnlyMemory<byte> body, byte[] keyField, ExtractedPage page)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new BadResponseException($"record {page.Records.Count} is a {reader.TokenType}, not a JSON object");
            }

            var start = (int)reader.TokenStartIndex;
            var keyed = false;

            // Walk only the record's own fields; nested values are skipped in one call each.
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = !keyed && reader.ValueTextEquals(keyField);
                reader.Read();
                if (isKey)
                {
                    keyed = AddKey(ref reader, page.Keys);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }

            var record = body[start..(int)reader.BytesConsumed];
            page.Records.Add(record.Span.IndexOfAny((byte)'\n', (byte)'\r') >= 0 ? Compact(record.Span) : record);
            page.Starts.Add(start);
        }

        page.RecordCount = page.Records.Count;
    }

    /// <summary>Adds a string or number key; other values (null, objects) are no key.</summary>
    private static bool AddKey(ref Utf8JsonReader reader, PageKeys keys)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
            case JsonTokenType.String when !reader.ValueIsEscaped:
                keys.Add(reader.ValueSpan);
                return true;
            case JsonTokenType.String:
                keys.Add(reader.GetString()!);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Rewrites the body in place so that the page's records become consecutive NDJSON lines (each record, as
    /// received or compacted, then a newline) and sets <see cref="ExtractedPage.Ndjson"/> to them. Compact API
    /// output needs no copy at all: each separating comma becomes the newline. Every record moves left, never over a
    /// record not yet moved, because at least one byte (a comma) separates records. The record slices are invalid after.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToNdjsonInPlace(Memory<byte> body, ExtractedPage page)
    {
        if (page.Records.Count == 0)
        {
            page.Ndjson = ReadOnlyMemory<byte>.Empty;
            return;
        }

        var span = body.Span;
        var first = page.Starts[0];
        var write = first;
        for (var i = 0; i < page.Records.Count; i++)
        {
            var record = page.Records[i].Span;
            var start = page.Starts[i];
            if (write != start || (record.Length != 0 && !Unsafe.AreSame(ref MemoryMarshal.GetReference(record), ref span[start])))
            {
                record.CopyTo(span[write..]);
            }

            write += record.Length;
            span[write++] = (byte)'\n';
        }

        page.Records.Clear();
        page.Starts.Clear();
        page.Ndjson = body[first..write];
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
