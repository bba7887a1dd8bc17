using Spectre.Console;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Cli.Output;

/// <summary>Small result tables for job summaries: boxed on a terminal, tab-separated when redirected.</summary>
internal static class TableText
{
    public static void Write(CliConsole console, string title, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        if (console.IsTerminal)
        {
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
            foreach (var column in header)
            {
                table.AddColumn(Markup.Escape(column));
            }

            foreach (var row in rows)
            {
                table.AddRow([.. row.Select(Markup.Escape)]);
            }

            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) }).Write(table);
            return;
        }

        console.Out.WriteLine(title);
        console.Out.WriteLine(string.Join('\t', header));
        foreach (var row in rows)
        {
            console.Out.WriteLine(string.Join('\t', row));
        }
    }

    public static void Write(CliConsole console, string title, Frame frame)
    {
        var rows = frame.Collect().Select(r => r.Values.Select(v => ValueText.Format(v)).ToArray()).ToList();
        Write(console, title, frame.Columns, rows);
    }
}
