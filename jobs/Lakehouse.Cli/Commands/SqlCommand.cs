using System.CommandLine;
using Lakehouse.Cli.Output;
using Lakehouse.Cli.Sql;
using Lakehouse.DuckDB;

namespace Lakehouse.Cli.Commands;

/// <summary>
/// <c>lakehouse sql "&lt;query&gt;"</c>: runs SQL (DuckDB's dialect) on the embedded engine. Lake tables can be named as
/// <c>silver.&lt;table&gt;</c>, <c>gold.&lt;table&gt;</c>, <c>bronze.&lt;entity&gt;</c> (with <c>--lake</c>) and <c>delta.`path`</c>
/// (with <c>VERSION AS OF n</c> / <c>TIMESTAMP AS OF '...'</c>); see <see cref="LakeSql"/>.
/// </summary>
internal static class SqlCommand
{
    public static Command Build(CliConsole console)
    {
        var query = new Argument<string>("query")
        {
            Description = "The SQL to run, in DuckDB's dialect; several statements may be separated by ';' (the last one's rows are printed). "
                + "Lake tables: silver.<table>, gold.<table>, bronze.<entity> (with --lake) and delta.`path` [VERSION AS OF n | TIMESTAMP AS OF '...'].",
        };
        var lake = new Option<DirectoryInfo?>("--lake")
        {
            Description = "The lake directory; silver.*, gold.* and bronze.* names and relative file and delta.`path` paths in the query resolve inside it.",
        };
        var format = new Option<ResultFormat>("--format", "-f")
        {
            Description = "How to print the rows.",
            DefaultValueFactory = _ => ResultFormat.Table,
        };
        var maxRows = new Option<int>("--max-rows")
        {
            Description = "The most rows the table format prints (csv and json print all).",
            DefaultValueFactory = _ => 1000,
        };

        var command = new Command("sql", "Run a SQL query on the embedded engine and print its rows.") { query, lake, format, maxRows };
        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(
            parsed,
            console,
            ct => RunAsync(parsed.GetValue(query)!, parsed.GetValue(lake), parsed.GetValue(format), parsed.GetValue(maxRows), console, ct),
            cancellationToken));
        return command;
    }

    private static async Task RunAsync(string query, DirectoryInfo? lake, ResultFormat format, int maxRows, CliConsole console, CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string>();
        if (lake is not null)
        {
            if (!lake.Exists)
            {
                throw new DirectoryNotFoundException($"The lake directory '{lake.FullName}' does not exist; create it or pass an existing one with --lake.");
            }

            settings["file_search_path"] = lake.FullName;
        }

        using var database = DuckDBDatabase.Open(DuckDBDatabase.InMemory, settings);
        using var connection = database.Connect();
        // Spark's session time zone is the contract for timestamps; DuckDB would use the machine's.
        connection.ExecuteNonQuery("SET TimeZone = 'UTC'", cancellationToken: cancellationToken);
        // DuckDB work is synchronous; run it off the caller's thread so Ctrl+C can interrupt it.
        await Task.Run(
            () =>
            {
                var prepared = LakeSql.Prepare(connection, query, lake?.FullName, cancellationToken);
                using var reader = connection.ExecuteReader(prepared, cancellationToken: cancellationToken);
                ResultWriter.Create(format, console, maxRows).Write(reader, cancellationToken);
            },
            cancellationToken);
    }
}
