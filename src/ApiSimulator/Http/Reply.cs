using System.Text.Json;
using Lakehouse.ApiSimulator.Data;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>A routed answer: a status and a function that writes the JSON body.</summary>
internal readonly record struct Reply(int Status, Func<JsonBody, CancellationToken, ValueTask> Write, bool IsFault = false)
{
    /// <summary>DummyJSON's error shape: <c>{"message": "..."}</c>.</summary>
    public static Reply Message(int status, string message, bool isFault = false) => new(status, (body, _) =>
    {
        body.Writer.WriteStartObject();
        body.Writer.WriteString("message"u8, message);
        body.Writer.WriteEndObject();
        return ValueTask.CompletedTask;
    }, isFault);

    public static Reply Record(IRecordSource source, int index, IReadOnlyList<string>? select) => new(200, (body, _) =>
    {
        if (select is null)
        {
            source.WriteRecord(index, body.Writer);
        }
        else
        {
            Projection.Write(source.GetElement(index), select, body.Writer);
        }

        return ValueTask.CompletedTask;
    });
}

/// <summary>DummyJSON's <c>select</c>: a new object with id and the chosen fields, absent ones left out.</summary>
internal static class Projection
{
    public static void Write(JsonElement record, IReadOnlyList<string> fields, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (record.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in fields)
            {
                if (record.TryGetProperty(field, out var value))
                {
                    writer.WritePropertyName(field);
                    value.WriteTo(writer);
                }
            }
        }

        writer.WriteEndObject();
    }
}
