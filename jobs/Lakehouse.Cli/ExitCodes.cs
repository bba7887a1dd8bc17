namespace Lakehouse.Cli;

/// <summary>The process exit codes every subcommand uses.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command was understood but failed while running (bad SQL, missing file, engine error).</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong: unknown command or option, missing argument.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
