using System.Collections;
using System.Globalization;
using System.Text.Json;
using Lakehouse.DuckDB;
using Spectre.Console;

namespace Lakehouse.Cli.Output;

/// <summary>Prints a result set in one of the <see cref="ResultFormat"/>s.</summary>
internal abstract class ResultWriter
{
    public static ResultWriter Create(ResultFormat format, CliConsole console, int maxRows) => format switch
    {
        ResultFormat.Csv => new CsvWriter(console.Out),
        ResultFormat.Json => new JsonWriter(console.Out),
        _ when console.IsTerminal => new TerminalTableWriter(console.Out, maxRows),
        _ => new PlainTableWriter(console.Out, maxRows),
    };

    public abstract void Write(DuckDBDataReader reader, CancellationToken cancellationToken);

    protected static string[] ColumnNames(DuckDBDataReader reader) =>
        Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();

    /// <summary>Reads up to <paramref name="maxRows"/> rows as text; counts the rest without keeping them.</summary>
    protected static (List<string[]> Rows, long Total) Buffer(DuckDBDataReader reader, int maxRows, CancellationToken cancellationToken)
    {
        var rows = new List<string[]>();
        long total = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (total++ < maxRows)
            {
                rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => ValueText.Format(reader.GetValue(i))).ToArray());
            }
        }

        return (rows, total);
    }

    protected static string Footer(int shown, long total) =>
        shown < total
            ? string.Create(CultureInfo.InvariantCulture, $"({total} rows, {shown} shown; use --max-rows or --format csv for all)")
            : string.Create(CultureInfo.InvariantCulture, $"({total} {(total == 1 ? "row" : "rows")})");

    private sealed class TerminalTableWriter(TextWriter output, int maxRows) : ResultWriter
    {
        public override void Write(DuckDBDataReader reader, CancellationToken cancellationToken)
        {
            var table = new Table().Border(TableBorder.Rounded);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                table.AddColumn(new TableColumn(new Markup($"[bold]{Markup.Escape(reader.GetName(i))}[/]\n[dim]{Markup.Escape(reader.GetDataTypeName(i))}[/]")));
            }

            var (rows, total) = Buffer(reader, maxRows, cancellationToken);
            foreach (var row in rows)
            {
                table.AddRow(row.Select(v => new Text(v)).ToArray());
            }

            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            console.Write(table);
            console.MarkupLine($"[dim]{Markup.Escape(Footer(rows.Count, total))}[/]");
        }
    }

    /// <summary>Aligned columns separated by " | ", for logs and pipes: no colours, no box characters.</summary>
    private sealed class PlainTableWriter(TextWriter output, int maxRows) : ResultWriter
    {
        public override void Write(DuckDBDataReader reader, CancellationToken cancellationToken)
        {
            var names = ColumnNames(reader);
            var (rows, total) = Buffer(reader, maxRows, cancellationToken);
            var widths = names.Select((n, i) => rows.Select(r => r[i].Length).Prepend(n.Length).Max()).ToArray();
            string Line(IReadOnlyList<string> cells) => string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();

            output.WriteLine(Line(names));
            output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
            foreach (var row in rows)
            {
                output.WriteLine(Line(row));
            }

            output.WriteLine(Footer(rows.Count, total));
        }
    }

    private sealed class CsvWriter(TextWriter output) : ResultWriter
    {
        public override void Write(DuckDBDataReader reader, CancellationToken cancellationToken)
        {
            output.WriteLine(string.Join(",", ColumnNames(reader).Select(Quote)));
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? string.Empty : Quote(ValueText.Format(reader.GetValue(i))))));
            }
        }

        private static string Quote(string value) =>
            value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>A JSON array written row by row; numbers stay numbers, decimals keep their exact digits.</summary>
    private sealed class JsonWriter(TextWriter output) : ResultWriter
    {
        public override void Write(DuckDBDataReader reader, CancellationToken cancellationToken)
        {
            var names = ColumnNames(reader);
            using var stream = new MemoryStream();
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            output.Write('[');
            var first = true;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                json.WriteStartObject();
                for (var i = 0; i < names.Length; i++)
                {
                    json.WritePropertyName(names[i]);
                    WriteValue(json, reader.GetValue(i));
                }

                json.WriteEndObject();
                json.Flush();
                output.Write(first ? "\n" : ",\n");
                output.Write(System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length));
                stream.SetLength(0);
                json.Reset();
                first = false;
            }

            output.WriteLine(first ? "]" : "\n]");
        }

        private static void WriteValue(Utf8JsonWriter json, object? value)
        {
            switch (value)
            {
                case null or DBNull:
                    json.WriteNullValue();
                    break;
                case bool b:
                    json.WriteBooleanValue(b);
                    break;
                case sbyte or byte or short or ushort or int or uint or long or ulong or decimal or Int128 or UInt128:
                    json.WriteRawValue(((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                    break;
                case double d when double.IsFinite(d):
                    json.WriteNumberValue(d);
                    break;
                case float f when float.IsFinite(f):
                    json.WriteNumberValue(f);
                    break;
                case DuckDBStruct s:
                    json.WriteStartObject();
                    foreach (var (name, field) in s)
                    {
                        json.WritePropertyName(name);
                        WriteValue(json, field);
                    }

                    json.WriteEndObject();
                    break;
                case IDictionary map:
                    json.WriteStartObject();
                    foreach (DictionaryEntry entry in map)
                    {
                        json.WritePropertyName(ValueText.Format(entry.Key));
                        WriteValue(json, entry.Value);
                    }

                    json.WriteEndObject();
                    break;
                case IEnumerable list and not string and not byte[]:
                    json.WriteStartArray();
                    foreach (var item in list)
                    {
                        WriteValue(json, item);
                    }

                    json.WriteEndArray();
                    break;
                default:
                    json.WriteStringValue(ValueText.Format(value));
                    break;
            }
        }
    }
}
