using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lakehouse.ApiSimulator;
using Lakehouse.Bronze;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Benchmarks;

/// <summary>
/// Bronze ingest of ~N GB of synthetic carts from the local simulator, against two baselines measured in the
/// same process on the same bytes: the simulator's own serving rate (download and discard) and a plain
/// <see cref="Utf8JsonReader"/> scan of the landed bytes (the floor for validating JSON on one core).
/// </summary>
/// <remarks>
/// <c>bronze-ingest [GB] [--repeat N] [--concurrency N] [--page-size N] [--lake DIR] [--simulator in-process|process]
/// [--page-cache] [--no-warmup]</c>. Every phase reports its wall-clock rate and the CPU seconds it used per GB (the machine is
/// shared, so CPU per GB is the steadier number). <c>--simulator process</c> runs the simulator in a child process
/// (this program with <c>--serve</c>), which also splits the CPU between client and server; <c>--page-cache</c> lets the
/// simulator keep every rendered page (filled before timing), so that it costs little more than its socket writes. A short warm-up first
/// lets the JIT reach its optimised tier, as it has in any run longer than a few seconds.
/// </remarks>
internal static class BronzeIngestBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        if (args.Contains("--serve"))
        {
            await ServeAsync(int.Parse(Option(args, "--carts") ?? "1000", CultureInfo.InvariantCulture), args.Contains("--page-cache"));
            return;
        }

        var gigabytes = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
        var repeat = int.Parse(Option(args, "--repeat") ?? "3", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "4", CultureInfo.InvariantCulture);
        var pageSize = int.Parse(Option(args, "--page-size") ?? "1000", CultureInfo.InvariantCulture);
        var pageCache = args.Contains("--page-cache");
        var separateProcess = (Option(args, "--simulator") ?? "in-process") switch
        {
            "in-process" => false,
            "process" => true,
            var other => throw new ArgumentException($"--simulator is 'in-process' or 'process', not '{other}'."),
        };
        var lake = Option(args, "--lake") is { } parent
            ? Directory.CreateDirectory(Path.Combine(parent, "lakehouse-bench-" + Guid.NewGuid().ToString("N")[..8]))
            : Directory.CreateTempSubdirectory("lakehouse-bench-");
        try
        {
            // Size the run from one page of carts, so that the bronze batch is about the requested size.
            int carts;
            await using (var probe = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = 1000 }))
            {
                using var probeClient = new HttpClient();
                var sample = await probeClient.GetByteArrayAsync(new Uri(probe.BaseAddress, "carts?limit=1000"));
                carts = (int)(gigabytes * 1e9 / (sample.Length / 1000.0));
            }

            await using var simulator = await Simulator.StartAsync(carts, separateProcess, pageCache);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
            var pages = (carts + pageSize - 1) / pageSize;
            PipelineConfig Config(Uri baseAddress) => new()
            {
                Sources =
                [
                    new SourceConfig
                    {
                        Name = "sim",
                        Kind = SourceKind.Rest,
                        BaseUrl = baseAddress.ToString(),
                        Http = new HttpConfig { Concurrency = concurrency },
                        Entities = [new EntityConfig { Name = "carts", Path = "/carts", RecordsField = "carts", Pagination = new PaginationConfig { PageSize = pageSize } }],
                    },
                ],
            };

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"carts: {carts:N0} in {pages:N0} pages of {pageSize}; {concurrency} requests in flight; simulator {(separateProcess ? "in a child process" : "in this process")}{(pageCache ? " with every page cached" : "")}; lake under {lake.FullName}; {Environment.ProcessorCount} cores"));
            if (!args.Contains("--no-warmup"))
            {
                // Warm-up: every phase on ~100 MB (a small simulator for the job), so that no phase is timed with unoptimised
                // code or a cold thread pool; with --page-cache every page once, so that every timed phase reads cached pages.
                await ServeAsync(http, simulator.BaseAddress, pageCache ? pages : Math.Min(pages, 100), pageSize, concurrency);
                await using var small = await Simulator.StartAsync(Math.Min(carts, 100 * pageSize), separateProcess, pageCache);
                var warm = await BronzeJob.RunAsync(Config(small.BaseAddress), new BronzeJobOptions { Lake = lake.FullName, RunId = "warm-up" });
                if (!warm.Succeeded)
                {
                    throw new InvalidOperationException($"warm-up failed: {warm.Entities[0].Error}");
                }

                _ = Scan(Directory.EnumerateFiles(warm.Entities[0].BatchPath!, "part-*").Select(File.ReadAllBytes).ToList());
                Directory.Delete(warm.Entities[0].BatchPath!, recursive: true);
            }

            var ingestRates = new List<double>();
            var serveRates = new List<double>();
            var scanRates = new List<double>();
            for (var run = 1; run <= repeat; run++)
            {
                // Baseline 1: the simulator serving the same pages, downloaded with the same concurrency and discarded.
                var serve = Measure.Start(simulator);
                var served = await ServeAsync(http, simulator.BaseAddress, pages, pageSize, concurrency);
                serve.Stop();

                // The job under test.
                var ingest = Measure.Start(simulator);
                var result = await BronzeJob.RunAsync(Config(simulator.BaseAddress), new BronzeJobOptions { Lake = lake.FullName, RunId = $"bench-{run}" });
                ingest.Stop();
                var landed = result.Entities.Single();
                if (landed.Status != EntityStatus.Landed)
                {
                    throw new InvalidOperationException($"bronze failed: {landed.Error}");
                }

                // Baseline 2: a plain Utf8JsonReader walk over the landed bytes, on one core.
                var files = landed.Manifest!.Files.Select(f => File.ReadAllBytes(Path.Combine(landed.BatchPath!, f.Path))).ToList();
                var landedBytes = files.Sum(f => (long)f.Length);
                var scan = Measure.Start(null);
                var tokens = Scan(files);
                scan.Stop();
                Directory.Delete(landed.BatchPath!, recursive: true);

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: {served / 1e6:N0} MB served, {landedBytes / 1e6:N0} MB landed ({landed.Manifest.Records:N0} records, {landed.Manifest.Files.Count} files, {tokens:N0} tokens)"));
                Console.WriteLine($"  simulator serving (download+discard):  {serve.Report(served)}");
                Console.WriteLine($"  bronze ingest (fetch+validate+land):   {ingest.Report(served)}");
                Console.WriteLine($"  Utf8JsonReader scan (1 core):          {scan.Report(landedBytes)}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratios: ingest/serving {ingest.Rate(served) / serve.Rate(served):N2}, ingest/scan {ingest.Rate(served) / scan.Rate(landedBytes):N2}"));
                ingestRates.Add(ingest.Rate(served));
                serveRates.Add(serve.Rate(served));
                scanRates.Add(scan.Rate(landedBytes));
            }

            static string Summary(List<double> rates) => string.Create(CultureInfo.InvariantCulture, $"median {Samples.Median(rates),5:N0} MB/s (min {rates.Min():N0}, max {rates.Max():N0})");
            Console.WriteLine($"over {repeat} run(s): bronze ingest {Summary(ingestRates)}; serving {Summary(serveRates)}; scan {Summary(scanRates)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median ratios: ingest/serving {Samples.Median(ingestRates.Zip(serveRates, (i, s) => i / s).ToList()):N2}, ingest/scan {Samples.Median(ingestRates.Zip(scanRates, (i, s) => i / s).ToList()):N2}"));
        }
        finally
        {
            lake.Delete(recursive: true);
        }
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Downloads every page with <paramref name="concurrency"/> requests in flight, into a reused buffer, and discards it.</summary>
    private static async Task<long> ServeAsync(HttpClient http, Uri baseAddress, int pages, int pageSize, int concurrency)
    {
        long served = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, pages),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (page, ct) =>
            {
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
                using var response = await http.GetAsync(new Uri(baseAddress, $"carts?skip={page * pageSize}&limit={pageSize}"), HttpCompletionOption.ResponseHeadersRead, ct);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    Interlocked.Add(ref served, read);
                }

                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            });
        return served;
    }

    private static long Scan(List<byte[]> files)
    {
        long tokens = 0;
        foreach (var file in files)
        {
            var reader = new Utf8JsonReader(file, new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                tokens++;
            }
        }

        return tokens;
    }

    /// <summary>The benchmark's data set; with <paramref name="pageCache"/>, room for every page (1 GB of carts is ~1 GB of pages).</summary>
    private static SimulatorOptions Options(int carts, bool pageCache) => new()
    {
        Carts = carts,
        Products = 194,
        Users = 1000,
        PageCacheBytes = pageCache ? (long)(carts * 1.1 * 1000) + (64 << 20) : 0,
    };

    /// <summary>The child-process side of <c>--simulator process</c>: serve until standard input closes.</summary>
    private static async Task ServeAsync(int carts, bool pageCache)
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(Options(carts, pageCache));
        Console.WriteLine(simulator.BaseAddress);
        await Console.In.ReadToEndAsync();
    }

    /// <summary>The simulator, in this process or in a child process whose CPU time can be read separately.</summary>
    private sealed class Simulator : IAsyncDisposable
    {
        private readonly RunningSimulator? _inProcess;
        private readonly Process? _child;

        private Simulator(Uri baseAddress, RunningSimulator? inProcess, Process? child)
        {
            BaseAddress = baseAddress;
            _inProcess = inProcess;
            _child = child;
        }

        public Uri BaseAddress { get; }

        /// <summary>CPU time of the child process, or null when the simulator runs in this process.</summary>
        public TimeSpan? ChildCpu
        {
            get
            {
                if (_child is null)
                {
                    return null;
                }

                _child.Refresh();
                return _child.TotalProcessorTime;
            }
        }

        public static async Task<Simulator> StartAsync(int carts, bool separateProcess, bool pageCache)
        {
            if (!separateProcess)
            {
                var simulator = await EcommerceApiSimulator.StartAsync(Options(carts, pageCache));
                return new Simulator(simulator.BaseAddress, simulator, null);
            }

            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                start.ArgumentList.Add(typeof(BronzeIngestBenchmark).Assembly.Location);
            }

            foreach (var argument in new[] { "bronze-ingest", "--serve", "--carts", carts.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            if (pageCache)
            {
                start.ArgumentList.Add("--page-cache");
            }

            var child = Process.Start(start)!;
            var line = await child.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("the simulator process exited before it listened");
            return new Simulator(new Uri(line), null, child);
        }

        public async ValueTask DisposeAsync()
        {
            if (_inProcess is not null)
            {
                await _inProcess.DisposeAsync();
            }

            if (_child is not null)
            {
                _child.StandardInput.Close();
                await _child.WaitForExitAsync();
                _child.Dispose();
            }
        }
    }

    /// <summary>Wall time and CPU time of one phase (this process, plus the simulator's child process if any).</summary>
    private sealed class Measure
    {
        private readonly Simulator? _simulator;
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private readonly TimeSpan _cpu0;
        private readonly TimeSpan? _childCpu0;
        private TimeSpan _cpu;
        private TimeSpan? _childCpu;

        private Measure(Simulator? simulator)
        {
            _simulator = simulator;
            _childCpu0 = simulator?.ChildCpu;
            _cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        }

        public static Measure Start(Simulator? simulator) => new(simulator);

        public void Stop()
        {
            _wall.Stop();
            _cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu0;
            _childCpu = _simulator?.ChildCpu - _childCpu0;
        }

        public double Rate(long bytes) => bytes / 1e6 / _wall.Elapsed.TotalSeconds;

        public string Report(long bytes)
        {
            var gb = bytes / 1e9;
            var cpu = _childCpu is { } child
                ? $"CPU {(_cpu + child).TotalSeconds / gb,5:N2} s/GB (client {_cpu.TotalSeconds / gb:N2} + simulator {child.TotalSeconds / gb:N2})"
                : $"CPU {_cpu.TotalSeconds / gb,5:N2} s/GB";
            return string.Create(CultureInfo.InvariantCulture, $"{Rate(bytes),6:N0} MB/s  {_wall.Elapsed.TotalSeconds,6:N2} s  {cpu}");
        }
    }
}
