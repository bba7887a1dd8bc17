using System.CommandLine;
using Lakehouse.Common.Secrets;
using Lakehouse.SparkConnect.Client;

namespace Lakehouse.Cli.Commands;

/// <summary><c>lakehouse spark ping</c>: checks a Spark Connect endpoint (Spark or Databricks) for a user setting it up.</summary>
internal static class SparkCommand
{
    public static Command Build(CliConsole console)
    {
        var remote = new Option<string>("--remote")
        {
            Description = "Spark Connect connection string: sc://host:15002/ or sc://<workspace>:443/;x-databricks-cluster-id=<id> (keep tokens out of it: use --token-secret).",
            Required = true,
        };
        var tokenSecret = new Option<string?>("--token-secret") { Description = "Name of the secret holding the token (environment variable LAKEHOUSE_SECRET_<NAME>)." };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Give up after this many seconds.", DefaultValueFactory = _ => 30 };
        var ping = new Command("ping", "Connect, run SELECT 1 and print the server's Spark version.") { remote, tokenSecret, timeout };
        ping.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(
            parsed,
            console,
            async ct =>
            {
                var connection = SparkConnectConnectionString.Parse(parsed.GetValue(remote)!);
                if (parsed.GetValue(tokenSecret) is { } secret)
                {
                    connection = connection with { Token = new LocalSecretStore().Get(secret) };
                }

                await using var client = new SparkConnectClient(connection, new SparkConnectClientOptions { Timeout = TimeSpan.FromSeconds(parsed.GetValue(timeout)) });
                var version = await client.PingAsync(ct);
                await console.Out.WriteLineAsync($"Spark {version} at {connection} answered SELECT 1.");
            },
            cancellationToken));
        return new Command("spark", "Spark and Databricks through Spark Connect.") { ping };
    }
}
