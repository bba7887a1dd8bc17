using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lakehouse.Delta;

/// <summary>Spark's JSON schema representation (PROTOCOL.md, Schema Serialization Format), read and written.</summary>
internal static class SchemaJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static StructType ParseSchema(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return ParseType(document.RootElement) as StructType
                ?? throw new FormatException("The schema must be a struct type.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Invalid schema JSON: {ex.Message}", ex);
        }
    }

    private static DeltaDataType ParseType(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.String)
        {
            return ParsePrimitive(e.GetString()!);
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"A type must be a string or an object, not {e.ValueKind}.");
        }

        var kind = e.GetProperty("type").GetString();
        switch (kind)
        {
            case "struct":
                var fields = new List<StructField>();
                foreach (var f in e.GetProperty("fields").EnumerateArray())
                {
                    var name = f.GetProperty("name").GetString() ?? throw new FormatException("A field name is null.");
                    var nullable = !f.TryGetProperty("nullable", out var n) || n.GetBoolean();
                    var metadata = f.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m.GetRawText() : "{}";
                    fields.Add(new StructField(name, ParseType(f.GetProperty("type")), nullable, metadata));
                }

                return new StructType(fields);
            case "array":
                return new ArrayType(
                    ParseType(e.GetProperty("elementType")),
                    !e.TryGetProperty("containsNull", out var cn) || cn.GetBoolean());
            case "map":
                return new MapType(
                    ParseType(e.GetProperty("keyType")),
                    ParseType(e.GetProperty("valueType")),
                    !e.TryGetProperty("valueContainsNull", out var vn) || vn.GetBoolean());
            default:
                throw new FormatException($"Unsupported complex type '{kind}'; expected struct, array or map.");
        }
    }

    private static DeltaDataType ParsePrimitive(string name)
    {
        if (PrimitiveType.FromName(name) is { } primitive)
        {
            return primitive;
        }

        if (name == "decimal")
        {
            return new DecimalType(10, 0);
        }

        if (name.StartsWith("decimal(", StringComparison.Ordinal) && name.EndsWith(')'))
        {
            var parts = name["decimal(".Length..^1].Split(',');
            if (parts.Length == 2
                && int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var precision)
                && int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var scale))
            {
                return new DecimalType(precision, scale);
            }
        }

        throw new FormatException(
            $"Unsupported data type '{name}'; expected one of string, long, integer, short, byte, float, double, boolean, binary, date, timestamp, timestamp_ntz, decimal(p,s).");
    }

    public static string WriteType(DeltaDataType type)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, type);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter w, DeltaDataType type)
    {
        switch (type)
        {
            case PrimitiveType p:
                w.WriteStringValue(p.Name);
                break;
            case DecimalType d:
                w.WriteStringValue(d.SimpleString);
                break;
            case ArrayType a:
                w.WriteStartObject();
                w.WriteString("type", "array");
                w.WritePropertyName("elementType");
                Write(w, a.ElementType);
                w.WriteBoolean("containsNull", a.ContainsNull);
                w.WriteEndObject();
                break;
            case MapType m:
                w.WriteStartObject();
                w.WriteString("type", "map");
                w.WritePropertyName("keyType");
                Write(w, m.KeyType);
                w.WritePropertyName("valueType");
                Write(w, m.ValueType);
                w.WriteBoolean("valueContainsNull", m.ValueContainsNull);
                w.WriteEndObject();
                break;
            case StructType s:
                w.WriteStartObject();
                w.WriteString("type", "struct");
                w.WriteStartArray("fields");
                foreach (var f in s.Fields)
                {
                    w.WriteStartObject();
                    w.WriteString("name", f.Name);
                    w.WritePropertyName("type");
                    Write(w, f.Type);
                    w.WriteBoolean("nullable", f.Nullable);
                    w.WritePropertyName("metadata");
                    w.WriteRawValue(f.MetadataJson);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unknown type {type.GetType().Name}.", nameof(type));
        }
    }
}
