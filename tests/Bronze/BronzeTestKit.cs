using System.Collections.Concurrent;
using Lakehouse.ApiSimulator;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Bronze.Tests;

/// <summary>One simulator, one lake folder and a config pointing at both, per test.</summary>
internal sealed class BronzeTestKit : IAsyncDisposable
{
    private BronzeTestKit(RunningSimulator simulator, DirectoryInfo lake)
    {
        Simulator = simulator;
        Lake = lake;
    }

    public RunningSimulator Simulator { get; }

    public DirectoryInfo Lake { get; }

    public RecordingObserver Observer { get; } = new();

    public static async Task<BronzeTestKit> StartAsync(params FaultOptions[] faults)
    {
        var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions
        {
            DataDirectory = SharedFixtures.Path("dummyjson"),
            Faults = faults,
        });
        return new BronzeTestKit(simulator, Directory.CreateTempSubdirectory("lakehouse-bronze-"));
    }

    public PipelineConfig Config(int pageSize = 50, HttpConfig? http = null, AuthConfig? auth = null, params string[] entities) => new()
    {
        Sources =
        [
            new SourceConfig
            {
                Name = "dummyjson",
                Kind = SourceKind.Rest,
                BaseUrl = Simulator.BaseAddress.ToString(),
                Auth = auth,
                Http = http ?? new HttpConfig { BaseDelaySeconds = 0.01, MaxTotalWaitSeconds = 30 },
                Entities = (entities.Length == 0 ? ["products", "carts", "users"] : entities)
                    .Select(e => new EntityConfig { Name = e, Path = "/" + e, RecordsField = e, Pagination = new PaginationConfig { PageSize = pageSize } })
                    .ToList(),
            },
        ],
    };

    public BronzeJobOptions Options(string runId = "run-1") => new() { Lake = Lake.FullName, RunId = runId, Jitter = () => 0.5 };

    public Task<BronzeRunResult> RunAsync(PipelineConfig config, BronzeJobOptions? options = null, CancellationToken cancellationToken = default) =>
        BronzeJob.RunAsync(config, options ?? Options(), Observer, cancellationToken);

    /// <summary>Every file under the lake, relative path → bytes.</summary>
    public Dictionary<string, byte[]> LakeFiles() =>
        Lake.EnumerateFiles("*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(Lake.FullName, f.FullName), f => File.ReadAllBytes(f.FullName));

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        Lake.Delete(recursive: true);
    }
}

internal sealed class RecordingObserver : IBronzeObserver
{
    public ConcurrentQueue<(Uri Url, int Attempt, TimeSpan Delay, string Reason)> Retries { get; } = new();

    public void Retrying(string source, string entity, Uri url, int attempt, TimeSpan delay, string reason) => Retries.Enqueue((url, attempt, delay, reason));
}
