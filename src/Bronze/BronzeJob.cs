using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Lakehouse.Bronze.Http;
using Lakehouse.Bronze.Landing;
using Lakehouse.Bronze.Sources;
using Lakehouse.Common.Configuration;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Secrets;

namespace Lakehouse.Bronze;

/// <summary>
/// The bronze job: for every configured source and entity, fetch all records (resiliently) and land them
/// raw in the lake as one batch per run, whose manifest is written last. An entity that fails leaves no
/// batch; the other entities still run; the run fails if any entity failed.
/// </summary>
public static class BronzeJob
{
    /// <summary>Runs the job.</summary>
    public static async Task<BronzeRunResult> RunAsync(PipelineConfig config, BronzeJobOptions options, IBronzeObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        observer ??= IBronzeObserver.None;
        var runId = LakeName.Validate("run id", options.RunId ?? NewRunId(options.Time));
        var ingestDate = DateOnly.FromDateTime(options.Time.GetUtcNow().UtcDateTime);
        var layout = new LakeLayout(options.Lake);
        var secrets = options.Secrets ?? new LocalSecretStore(
            config.Secrets?.File is { } file ? Path.Combine(options.ConfigDirectory, file) : null);

        var selected = Select(config, options);
        var results = new List<EntityResult>();
        foreach (var (source, entities) in selected)
        {
            using var client = options.Handler is null
                ? new HttpClient(NewHandler(source), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan }
                : new HttpClient(options.Handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
            var headers = Headers(source, secrets);
            foreach (var entity in entities)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    results.Add(new EntityResult(source.Name, entity.Name, EntityStatus.Cancelled, null, "cancelled before it started", TimeSpan.Zero, null));
                    continue;
                }

                var fetcher = new ResilientFetcher(client, RetryOptions.From(source.Http), headers, options.Time, options.Jitter ?? Random.Shared.NextDouble);
                fetcher.Retrying += (url, attempt, delay, reason) => observer.Retrying(source.Name, entity.Name, url, attempt, delay, reason);
                var result = await RunEntityAsync(layout, source, entity, fetcher, runId, ingestDate, options, observer, cancellationToken);
                results.Add(result);
                observer.EntityFinished(result);
            }
        }

        return new BronzeRunResult(runId, results);
    }

    /// <summary>A new run id: the UTC start time plus a random suffix, so two runs in one second differ.</summary>
    public static string NewRunId(TimeProvider time) =>
        time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    private static async Task<EntityResult> RunEntityAsync(
        LakeLayout layout,
        SourceConfig source,
        EntityConfig entity,
        ResilientFetcher fetcher,
        string runId,
        DateOnly ingestDate,
        BronzeJobOptions options,
        IBronzeObserver observer,
        CancellationToken cancellationToken)
    {
        var extension = source.Kind == SourceKind.Files ? FileEntityIngester.ExtensionFor(entity) : "json";
        var batchPath = layout.BronzeBatch(source.Name, entity.Name, ingestDate, runId);
        using var writer = new BatchWriter(batchPath, extension);
        if (writer.AlreadyLanded)
        {
            return new EntityResult(source.Name, entity.Name, EntityStatus.AlreadyLanded, null, null, TimeSpan.Zero, batchPath);
        }

        observer.EntityStarted(source.Name, entity.Name);
        var started = options.Time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        void Progress(int records, long bytes) => observer.PageFetched(source.Name, entity.Name, records, bytes);
        try
        {
            var stats = source.Kind == SourceKind.Rest
                ? await new RestEntityIngester(source, entity, fetcher, Progress).IngestAsync(writer, cancellationToken)
                : await new FileEntityIngester(source, entity, options.ConfigDirectory, fetcher, Progress).IngestAsync(writer, cancellationToken);

            // A source that returns exactly what the entity's latest batch holds has no new data: land nothing, so that
            // re-running the pipeline on unchanged sources changes nothing downstream either.
            var files = writer.CompleteParts();
            if (BronzeCatalog.List(layout, source.Name, entity.Name).LastOrDefault() is { } latest
                && latest.Manifest.Files.Select(f => f.Sha256).SequenceEqual(files.Select(f => f.Sha256)))
            {
                writer.Abandon();
                return new EntityResult(source.Name, entity.Name, EntityStatus.Unchanged, null, $"same content as batch {latest.Manifest.RunId}; nothing landed", stopwatch.Elapsed, latest.Directory);
            }

            BatchManifest? manifest = null;
            var committed = writer.Commit(files => manifest = new BatchManifest
            {
                RunId = runId,
                Source = source.Name,
                Entity = entity.Name,
                SourceUrl = stats.SourceUrl,
                IngestDate = ingestDate,
                Format = extension == "csv" ? "csv" : "ndjson",
                Pages = stats.Pages,
                Records = stats.Records,
                DuplicateRecords = stats.Duplicates,
                ReportedTotal = stats.ReportedTotal,
                TotalDriftRestarts = stats.DriftRestarts,
                Files = files,
                StartedAt = started,
                FinishedAt = options.Time.GetUtcNow(),
                RetryWaitSeconds = Math.Round(fetcher.Waited.TotalSeconds, 3),
            });
            return committed
                ? new EntityResult(source.Name, entity.Name, EntityStatus.Landed, manifest, null, stopwatch.Elapsed, batchPath)
                : new EntityResult(source.Name, entity.Name, EntityStatus.AlreadyLanded, null, "another run with the same id landed it first", stopwatch.Elapsed, batchPath);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.Abandon();
            return new EntityResult(source.Name, entity.Name, EntityStatus.Cancelled, null, "cancelled; nothing was landed", stopwatch.Elapsed, null);
        }
        catch (Exception e) when (e is BronzeException or IOException or UnauthorizedAccessException or KeyNotFoundException or HttpRequestException)
        {
            writer.Abandon();
            return new EntityResult(source.Name, entity.Name, EntityStatus.Failed, null, e.Message, stopwatch.Elapsed, null);
        }
    }

    private static List<(SourceConfig Source, List<EntityConfig> Entities)> Select(PipelineConfig config, BronzeJobOptions options)
    {
        var sources = config.Sources.Where(s => options.Source is null || s.Name == options.Source).ToList();
        if (options.Source is not null && sources.Count == 0)
        {
            throw new ConfigurationException($"There is no source '{options.Source}'; the configuration has: {string.Join(", ", config.Sources.Select(s => s.Name))}.");
        }

        var selected = sources
            .Select(s => (s, s.Entities.Where(e => options.Entity is null || e.Name == options.Entity).ToList()))
            .Where(x => x.Item2.Count > 0)
            .ToList();
        if (options.Entity is not null && selected.Count == 0)
        {
            throw new ConfigurationException($"There is no entity '{options.Entity}' in {(options.Source is null ? "any source" : $"source '{options.Source}'")}.");
        }

        return selected;
    }

    private static Dictionary<string, string> Headers(SourceConfig source, ISecretStore secrets)
    {
        var headers = new Dictionary<string, string>(source.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        if (!headers.ContainsKey("Accept"))
        {
            headers["Accept"] = "application/json";
        }

        switch (source.Auth?.Kind)
        {
            case AuthKind.ApiKey:
                headers[source.Auth.Header!] = secrets.Get(source.Auth.Secret!);
                break;
            case AuthKind.Bearer:
                headers["Authorization"] = "Bearer " + secrets.Get(source.Auth.Secret!);
                break;
        }

        return headers;
    }

    private static SocketsHttpHandler NewHandler(SourceConfig source) => new()
    {
        MaxConnectionsPerServer = source.Http.Concurrency,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Brotli,
        ConnectTimeout = TimeSpan.FromSeconds(source.Http.TimeoutSeconds),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
    };
}

/// <summary>Options for one bronze run.</summary>
public sealed record BronzeJobOptions
{
    /// <summary>The lake directory.</summary>
    public required string Lake { get; init; }

    /// <summary>The directory relative file locations in the configuration resolve against.</summary>
    public string ConfigDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The run id; a new one by default. Re-running a landed run id changes nothing.</summary>
    public string? RunId { get; init; }

    /// <summary>Only this source (all by default).</summary>
    public string? Source { get; init; }

    /// <summary>Only this entity (all by default).</summary>
    public string? Entity { get; init; }

    /// <summary>Secrets; environment variables and the configured secrets file by default.</summary>
    public ISecretStore? Secrets { get; init; }

    /// <summary>The clock for dates, timeouts and retry delays.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Jitter source in [0, 1) for backoff; random by default (tests pin it).</summary>
    public Func<double>? Jitter { get; init; }

    /// <summary>An HTTP handler to use instead of a new one per source (tests, proxies).</summary>
    public HttpMessageHandler? Handler { get; init; }
}

/// <summary>How an entity's ingestion ended.</summary>
public enum EntityStatus
{
    /// <summary>A new batch was landed.</summary>
    Landed,

    /// <summary>This run id had already landed the entity; nothing changed.</summary>
    AlreadyLanded,

    /// <summary>The source returned exactly the content of the entity's latest batch; nothing was landed.</summary>
    Unchanged,

    /// <summary>It failed; no batch was landed.</summary>
    Failed,

    /// <summary>Stopped by the user; no batch was landed.</summary>
    Cancelled,
}

/// <summary>The outcome of one entity.</summary>
/// <param name="Source">The source.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Status">How it ended.</param>
/// <param name="Manifest">The landed batch's manifest, when landed.</param>
/// <param name="Error">Why it failed or was skipped.</param>
/// <param name="Duration">Wall time.</param>
/// <param name="BatchPath">The batch folder, when it exists.</param>
public sealed record EntityResult(string Source, string Entity, EntityStatus Status, BatchManifest? Manifest, string? Error, TimeSpan Duration, string? BatchPath);

/// <summary>The outcome of a bronze run.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="Entities">Each entity's outcome.</param>
public sealed record BronzeRunResult(string RunId, IReadOnlyList<EntityResult> Entities)
{
    /// <summary>True when no entity failed or was cancelled.</summary>
    public bool Succeeded => Entities.All(e => e.Status is EntityStatus.Landed or EntityStatus.AlreadyLanded or EntityStatus.Unchanged);
}

/// <summary>Receives progress; implementations must be thread-safe (pages arrive from parallel fetches).</summary>
public interface IBronzeObserver
{
    /// <summary>An observer that ignores everything.</summary>
    static IBronzeObserver None { get; } = new NoObserver();

    /// <summary>An entity started.</summary>
    void EntityStarted(string source, string entity) { }

    /// <summary>A page or file was read.</summary>
    void PageFetched(string source, string entity, int records, long bytes) { }

    /// <summary>A request failed and will be retried after <paramref name="delay"/>.</summary>
    void Retrying(string source, string entity, Uri url, int attempt, TimeSpan delay, string reason) { }

    /// <summary>An entity finished (landed, skipped, failed or cancelled).</summary>
    void EntityFinished(EntityResult result) { }

    private sealed class NoObserver : IBronzeObserver;
}
