using System.CommandLine;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Secrets;
using Lakehouse.DataFrame;
using Lakehouse.SparkConnect;
using Lakehouse.SparkConnect.Client;

namespace Lakehouse.Cli.Commands;

/// <summary>
/// <c>--engine</c>, <c>--remote</c>, <c>--token-secret</c> and <c>--spark-lake</c>: where silver and gold run. Bronze always
/// runs in this process (it is HTTP and files, no engine work).
/// </summary>
internal sealed class EngineOptions
{
    private readonly Option<string> _engine = new("--engine")
    {
        Description = "Where silver and gold run: 'embedded' (DuckDB in this process) or 'spark' (Spark Connect: Apache Spark or Databricks).",
        DefaultValueFactory = _ => "embedded",
    };

    private readonly Option<string?> _remote = new("--remote") { Description = RemoteOption.Description };

    private readonly Option<string?> _tokenSecret = new("--token-secret") { Description = RemoteOption.TokenSecretDescription };

    private readonly Option<string?> _sparkLake = new("--spark-lake")
    {
        Description = "With --engine spark: the lake's address as Spark sees it (e.g. abfss://container@account.dfs.core.windows.net/lake) when --lake is this machine's view (a mount) of it; default: the --lake folder.",
    };

    public EngineOptions() => _engine.AcceptOnlyFromAmong("embedded", "spark");

    public void AddTo(Command command)
    {
        command.Options.Add(_engine);
        command.Options.Add(_remote);
        command.Options.Add(_tokenSecret);
        command.Options.Add(_sparkLake);
    }

    /// <summary>The engine the user chose, checked (a Spark engine needs --remote; the Spark options need --engine spark).</summary>
    public EngineChoice Read(ParseResult parsed)
    {
        var remote = parsed.GetValue(_remote);
        var sparkLake = parsed.GetValue(_sparkLake);
        if (parsed.GetValue(_engine) != "spark")
        {
            if (remote is not null || sparkLake is not null || parsed.GetValue(_tokenSecret) is not null)
            {
                throw new ArgumentException("--remote, --token-secret and --spark-lake are for --engine spark; add it, or drop them to run on the embedded engine.");
            }

            return new EngineChoice(EngineKind.Embedded, null, null);
        }

        if (remote is null)
        {
            throw new ArgumentException("--engine spark needs --remote sc://host:15002/ (or sc://<workspace>:443/;x-databricks-cluster-id=<id> with --token-secret).");
        }

        return new EngineChoice(EngineKind.Spark, RemoteOption.Connection(remote, parsed.GetValue(_tokenSecret)), sparkLake);
    }
}

/// <summary>The engine for a run: opens the session and lays the lake out for it.</summary>
/// <param name="Kind">Embedded or Spark.</param>
/// <param name="Remote">The Spark Connect endpoint (Spark only).</param>
/// <param name="SparkLake">The lake's address as Spark sees it, when not the lake folder itself (Spark only).</param>
internal sealed record EngineChoice(EngineKind Kind, SparkConnectConnectionString? Remote, string? SparkLake)
{
    /// <summary>The embedded engine.</summary>
    public static EngineChoice Embedded { get; } = new(EngineKind.Embedded, null, null);

    /// <summary>A new session on this engine.</summary>
    public LakehouseSession OpenSession() =>
        Kind == EngineKind.Spark ? SparkConnectSession.Create(Remote!) : LakehouseSession.Create();

    /// <summary>The layout of the lake folder <paramref name="lake"/>, as this engine addresses it.</summary>
    public LakeLayout Layout(string lake) => new(lake, SparkLake);
}

/// <summary>The Spark Connect endpoint options shared by <c>spark ping</c> and <c>--engine spark</c>.</summary>
internal static class RemoteOption
{
    public const string Description =
        "Spark Connect connection string: sc://host:15002/ or sc://<workspace>:443/;x-databricks-cluster-id=<id> (keep tokens out of it: use --token-secret).";

    public const string TokenSecretDescription = "Name of the secret holding the Spark Connect token (environment variable LAKEHOUSE_SECRET_<NAME>).";

    /// <summary>The parsed connection string, with the token read from the named secret (never from the command line).</summary>
    public static SparkConnectConnectionString Connection(string remote, string? tokenSecret)
    {
        var connection = SparkConnectConnectionString.Parse(remote);
        return tokenSecret is null ? connection : connection with { Token = new LocalSecretStore().Get(tokenSecret) };
    }
}
