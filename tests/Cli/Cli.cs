namespace Lakehouse.Cli.Tests;

/// <summary>Runs the CLI in-process, as a redirected (non-terminal) console sees it.</summary>
internal static class Cli
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LakehouseCli.RunAsync(args, new CliConsole(output, error, IsTerminal: false));
        return (exitCode, output.ToString(), error.ToString());
    }
}
