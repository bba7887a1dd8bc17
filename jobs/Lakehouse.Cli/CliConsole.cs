namespace Lakehouse.Cli;

/// <summary>Where a command writes, and whether a person is watching (a terminal) or a program (redirected).</summary>
/// <param name="Out">Standard output: results.</param>
/// <param name="Error">Standard error: errors, progress and usage.</param>
/// <param name="IsTerminal">True when standard output is an interactive terminal.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool IsTerminal)
{
    public static CliConsole System => new(Console.Out, Console.Error, !Console.IsOutputRedirected);
}
