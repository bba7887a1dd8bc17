using System.CommandLine;
using Lakehouse.Cli.Commands;

namespace Lakehouse.Cli;

/// <summary>The <c>lakehouse</c> command line: parsing, dispatch, exit codes and error reporting.</summary>
internal static class LakehouseCli
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show full error details (stack traces) when a command fails.",
        Recursive = true,
    };

    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand(
            "Lakehouse: bronze, silver and gold jobs for e-commerce data on Delta Lake, on an embedded DuckDB engine or on Spark.")
        {
            Verbose,
        };
        root.Subcommands.Add(SqlCommand.Build(console));
        root.Subcommands.Add(BronzeCommand.Build(console));
        foreach (var job in RunCommand.Build(console))
        {
            root.Subcommands.Add(job);
        }

        root.Subcommands.Add(InitCommand.Build(console));
        root.Subcommands.Add(ApiCommand.Build(console));
        root.Subcommands.Add(SparkCommand.Build(console));
        root.Subcommands.Add(TableCommand.Build(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        var root = Build(console);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await console.Error.WriteLineAsync();
            ShowHelp(root, parsed.CommandResult.Command, console.Error);
            return ExitCodes.Usage;
        }

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // let the command stop cleanly instead of the process dying mid-write
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellation.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Runs a command body, turning failures into one clear line on stderr and an exit code.</summary>
    public static Task<int> GuardAsync(ParseResult parsed, CliConsole console, Func<CancellationToken, Task> body, CancellationToken cancellationToken, bool cancelledIsSuccess = false) =>
        GuardAsync(
            parsed,
            console,
            async ct =>
            {
                await body(ct);
                return ExitCodes.Success;
            },
            cancellationToken,
            cancelledIsSuccess);

    /// <summary>Runs a command body that decides its own exit code.</summary>
    /// <param name="parsed">The parsed command line (for --verbose).</param>
    /// <param name="console">Where errors go.</param>
    /// <param name="body">The command; returns its exit code.</param>
    /// <param name="cancellationToken">Cancelled by Ctrl+C.</param>
    /// <param name="cancelledIsSuccess">True for servers, which Ctrl+C stops normally.</param>
    public static async Task<int> GuardAsync(ParseResult parsed, CliConsole console, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken, bool cancelledIsSuccess = false)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (cancelledIsSuccess)
            {
                return ExitCodes.Success;
            }

            await console.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await console.Error.WriteLineAsync("error: " + OneLine(e.Message));
            if (parsed.GetValue(Verbose))
            {
                await console.Error.WriteLineAsync(e.ToString());
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>DuckDB's messages span lines (the query and a caret); a terminal error is one line.</summary>
    internal static string OneLine(string message) =>
        string.Join(" ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void ShowHelp(RootCommand root, Command command, TextWriter writer)
    {
        var path = new List<string>();
        for (var c = command; c is not null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, c.Name);
        }

        path.Add("--help");
        root.Parse(path).Invoke(new InvocationConfiguration { Output = writer });
    }
}
