using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Lakehouse.Delta;

/// <summary>
/// Reads and writes log actions as single-line JSON (PROTOCOL.md, Actions). Unknown actions and unknown fields are
/// ignored when reading; JSON <c>null</c> is read as an absent field. Writing follows the field order and names of
/// PROTOCOL.md and omits absent optional fields.
/// </summary>
internal static class ActionCodec
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses a newline-delimited commit file. Blank lines are skipped.</summary>
    public static List<DeltaAction> ParseCommit(ReadOnlySpan<byte> content, string tablePath, string fileName)
    {
        var actions = new List<DeltaAction>();
        var lineNumber = 0;
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            // Tolerate a UTF-8 byte order mark written by some tools.
            content = content[3..];
        }

        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            line = line.TrimEnd((byte)'\r');
            if (line.IsEmpty || line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0)
            {
                continue;
            }

            DeltaAction? action;
            try
            {
                action = ParseLine(line);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new DeltaLogCorruptException(tablePath, $"Invalid action on line {lineNumber} of {fileName}: {ex.Message}", ex);
            }

            if (action is not null)
            {
                actions.Add(action);
            }
        }

        return actions;
    }

    /// <summary>Parses one action line (<c>{"add":{...}}</c>); returns null for unknown actions.</summary>
    public static DeltaAction? ParseLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("an action must be a JSON object");
        }

        DeltaAction? result = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            DeltaAction? parsed = property.Name switch
            {
                "add" => ParseAdd(property.Value),
                "remove" => ParseRemove(property.Value),
                "metaData" => ParseMetadata(property.Value),
                "protocol" => ParseProtocol(property.Value),
                "txn" => ParseTxn(property.Value),
                "commitInfo" => new CommitInfoAction(property.Value.GetRawText()),
                _ => null,
            };
            if (parsed is not null)
            {
                if (result is not null)
                {
                    throw new JsonException("a line holds more than one action");
                }

                result = parsed;
            }
        }

        return result;
    }

    internal static AddFile ParseAdd(JsonElement e) => new()
    {
        Path = RequiredString(e, "path"),
        PartitionValues = StringMap(e, "partitionValues") ?? new Dictionary<string, string?>(),
        Size = OptionalLong(e, "size") ?? 0,
        ModificationTime = OptionalLong(e, "modificationTime") ?? 0,
        DataChange = OptionalBool(e, "dataChange") ?? true,
        Stats = OptionalString(e, "stats"),
        Tags = StringMap(e, "tags"),
        DeletionVector = OptionalRaw(e, "deletionVector"),
        BaseRowId = OptionalLong(e, "baseRowId"),
        DefaultRowCommitVersion = OptionalLong(e, "defaultRowCommitVersion"),
    };

    internal static RemoveFile ParseRemove(JsonElement e) => new()
    {
        Path = RequiredString(e, "path"),
        DeletionTimestamp = OptionalLong(e, "deletionTimestamp"),
        DataChange = OptionalBool(e, "dataChange") ?? true,
        ExtendedFileMetadata = OptionalBool(e, "extendedFileMetadata"),
        PartitionValues = StringMap(e, "partitionValues"),
        Size = OptionalLong(e, "size"),
        Stats = OptionalString(e, "stats"),
        Tags = StringMap(e, "tags"),
        DeletionVector = OptionalRaw(e, "deletionVector"),
    };

    internal static MetadataAction ParseMetadata(JsonElement e)
    {
        var format = new FormatSpec();
        if (e.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.Object)
        {
            format = new FormatSpec
            {
                Provider = OptionalString(f, "provider") ?? "parquet",
                Options = StringMap(f, "options") ?? new Dictionary<string, string?>(),
            };
        }

        return new MetadataAction
        {
            Id = OptionalString(e, "id") ?? string.Empty,
            Name = OptionalString(e, "name"),
            Description = OptionalString(e, "description"),
            Format = format,
            SchemaString = RequiredString(e, "schemaString"),
            PartitionColumns = StringList(e, "partitionColumns") ?? [],
            Configuration = StringMap(e, "configuration") ?? new Dictionary<string, string?>(),
            CreatedTime = OptionalLong(e, "createdTime"),
        };
    }

    internal static ProtocolAction ParseProtocol(JsonElement e) => new()
    {
        MinReaderVersion = (int)(OptionalLong(e, "minReaderVersion") ?? throw new JsonException("protocol.minReaderVersion is missing")),
        MinWriterVersion = (int)(OptionalLong(e, "minWriterVersion") ?? throw new JsonException("protocol.minWriterVersion is missing")),
        ReaderFeatures = StringList(e, "readerFeatures"),
        WriterFeatures = StringList(e, "writerFeatures"),
    };

    internal static TransactionAction ParseTxn(JsonElement e) => new()
    {
        AppId = RequiredString(e, "appId"),
        Version = OptionalLong(e, "version") ?? throw new JsonException("txn.version is missing"),
        LastUpdated = OptionalLong(e, "lastUpdated"),
    };

    private static string RequiredString(JsonElement e, string name) =>
        OptionalString(e, name) ?? throw new JsonException($"required field '{name}' is missing");

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            _ => throw new JsonException($"field '{name}' must be a string"),
        } : null;

    private static string? OptionalRaw(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetRawText() : null;

    private static long? OptionalLong(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l)
            ? l
            : throw new JsonException($"field '{name}' must be an integer");
    }

    private static bool? OptionalBool(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new JsonException($"field '{name}' must be a boolean"),
        };
    }

    private static Dictionary<string, string?>? StringMap(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"field '{name}' must be an object");
        }

        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in v.EnumerateObject())
        {
            map[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.Null => null,
                _ => p.Value.GetRawText(),
            };
        }

        return map;
    }

    private static List<string>? StringList(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"field '{name}' must be an array");
        }

        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            list.Add(item.GetString() ?? throw new JsonException($"field '{name}' holds a null"));
        }

        return list;
    }

    /// <summary>Serializes actions as a commit file: one JSON object per line, each line ending in '\n'.</summary>
    public static byte[] SerializeCommit(IEnumerable<DeltaAction> actions)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var action in actions)
        {
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                WriteAction(writer, action);
            }

            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes one action as a single JSON line (without the newline).</summary>
    public static string SerializeLine(DeltaAction action)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteAction(writer, action);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteAction(Utf8JsonWriter w, DeltaAction action)
    {
        w.WriteStartObject();
        switch (action)
        {
            case CommitInfoAction c:
                w.WritePropertyName("commitInfo");
                w.WriteRawValue(c.Json);
                break;
            case ProtocolAction p:
                w.WriteStartObject("protocol");
                w.WriteNumber("minReaderVersion", p.MinReaderVersion);
                w.WriteNumber("minWriterVersion", p.MinWriterVersion);
                WriteList(w, "readerFeatures", p.ReaderFeatures);
                WriteList(w, "writerFeatures", p.WriterFeatures);
                w.WriteEndObject();
                break;
            case MetadataAction m:
                w.WriteStartObject("metaData");
                w.WriteString("id", m.Id);
                WriteOptional(w, "name", m.Name);
                WriteOptional(w, "description", m.Description);
                w.WriteStartObject("format");
                w.WriteString("provider", m.Format.Provider);
                WriteMap(w, "options", m.Format.Options);
                w.WriteEndObject();
                w.WriteString("schemaString", m.SchemaString);
                WriteList(w, "partitionColumns", m.PartitionColumns);
                WriteMap(w, "configuration", m.Configuration);
                if (m.CreatedTime is { } created)
                {
                    w.WriteNumber("createdTime", created);
                }

                w.WriteEndObject();
                break;
            case AddFile a:
                w.WriteStartObject("add");
                w.WriteString("path", a.Path);
                WriteMap(w, "partitionValues", a.PartitionValues);
                w.WriteNumber("size", a.Size);
                w.WriteNumber("modificationTime", a.ModificationTime);
                w.WriteBoolean("dataChange", a.DataChange);
                WriteOptional(w, "stats", a.Stats);
                WriteMap(w, "tags", a.Tags);
                if (a.DeletionVector is not null)
                {
                    w.WritePropertyName("deletionVector");
                    w.WriteRawValue(a.DeletionVector);
                }

                WriteOptional(w, "baseRowId", a.BaseRowId);
                WriteOptional(w, "defaultRowCommitVersion", a.DefaultRowCommitVersion);
                w.WriteEndObject();
                break;
            case RemoveFile r:
                w.WriteStartObject("remove");
                w.WriteString("path", r.Path);
                WriteOptional(w, "deletionTimestamp", r.DeletionTimestamp);
                w.WriteBoolean("dataChange", r.DataChange);
                if (r.ExtendedFileMetadata is { } extended)
                {
                    w.WriteBoolean("extendedFileMetadata", extended);
                }

                WriteMap(w, "partitionValues", r.PartitionValues);
                WriteOptional(w, "size", r.Size);
                WriteOptional(w, "stats", r.Stats);
                WriteMap(w, "tags", r.Tags);
                if (r.DeletionVector is not null)
                {
                    w.WritePropertyName("deletionVector");
                    w.WriteRawValue(r.DeletionVector);
                }

                w.WriteEndObject();
                break;
            case TransactionAction t:
                w.WriteStartObject("txn");
                w.WriteString("appId", t.AppId);
                w.WriteNumber("version", t.Version);
                WriteOptional(w, "lastUpdated", t.LastUpdated);
                w.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"Unknown action type {action.GetType().Name}.", nameof(action));
        }

        w.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string?>? map)
    {
        if (map is null)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            if (value is null)
            {
                w.WriteNull(key);
            }
            else
            {
                w.WriteString(key, value);
            }
        }

        w.WriteEndObject();
    }
}
