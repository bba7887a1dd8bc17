using System.CommandLine;
using Lakehouse.SparkConnect.Client;

namespace Lakehouse.Cli.Commands;

/// <summary><c>lakehouse spark ping</c>: checks a Spark Connect endpoint (Spark or Databricks) for a user setting it up.</summary>
internal static class SparkCommand
{
    public static Command Build(CliConsole console)
    {
        var remote = new Option<string>("--remote") { Description = RemoteOption.Description, Required = true };
        var tokenSecret = new Option<string?>("--token-secret") { Description = RemoteOption.TokenSecretDescription };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Give up after this many seconds.", DefaultValueFactory = _ => 30 };
        var ping = new Command("ping", "Connect, run SELECT 1 and print the server's Spark version.") { remote, tokenSecret, timeout };
        ping.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(
            parsed,
            console,
            async ct =>
            {
                var connection = RemoteOption.Connection(parsed.GetValue(remote)!, parsed.GetValue(tokenSecret));

                await using var client = new SparkConnectClient(connection, new SparkConnectClientOptions { Timeout = TimeSpan.FromSeconds(parsed.GetValue(timeout)) });
                var version = await client.PingAsync(ct);
                await console.Out.WriteLineAsync($"Spark {version} at {connection} answered SELECT 1.");
            },
            cancellationToken));
        return new Command("spark", "Spark and Databricks through Spark Connect.") { ping };
    }
}
