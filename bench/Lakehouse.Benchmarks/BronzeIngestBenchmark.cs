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
internal static class BronzeIngestBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var gigabytes = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 1.0;
        var lake = Directory.CreateTempSubdirectory("lakehouse-bench-");
        try
        {
            // Size the run from one page of carts, so that the bronze batch is about the requested size.
            await using var probe = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = 1000 });
            using var http = new HttpClient();
            var sample = await http.GetByteArrayAsync(new Uri(probe.BaseAddress, "carts?limit=1000"));
            var carts = (int)(gigabytes * 1e9 / (sample.Length / 1000.0));

            await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = carts, Products = 194, Users = 1000 });
            const int pageSize = 1000;
            var config = new PipelineConfig
            {
                Sources =
                [
                    new SourceConfig
                    {
                        Name = "sim",
                        Kind = SourceKind.Rest,
                        BaseUrl = simulator.BaseAddress.ToString(),
                        Http = new HttpConfig { Concurrency = 4 },
                        Entities = [new EntityConfig { Name = "carts", Path = "/carts", RecordsField = "carts", Pagination = new PaginationConfig { PageSize = pageSize } }],
                    },
                ],
            };

            // Baseline 1: the simulator serving the same pages, downloaded with the same concurrency and discarded.
            var serve = Stopwatch.StartNew();
            long served = 0;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, (carts + pageSize - 1) / pageSize),
                new ParallelOptions { MaxDegreeOfParallelism = 4 },
                async (page, ct) => Interlocked.Add(ref served, (await http.GetByteArrayAsync(new Uri(simulator.BaseAddress, $"carts?skip={page * pageSize}&limit={pageSize}"), ct)).LongLength));
            serve.Stop();

            // The job under test.
            var ingest = Stopwatch.StartNew();
            var result = await BronzeJob.RunAsync(config, new BronzeJobOptions { Lake = lake.FullName, RunId = "bench" });
            ingest.Stop();
            var landed = result.Entities.Single();
            if (landed.Status != EntityStatus.Landed)
            {
                throw new InvalidOperationException($"bronze failed: {landed.Error}");
            }

            // Baseline 2: a plain Utf8JsonReader walk over the landed bytes.
            var files = landed.Manifest!.Files.Select(f => File.ReadAllBytes(Path.Combine(landed.BatchPath!, f.Path))).ToList();
            var landedBytes = files.Sum(f => (long)f.Length);
            var scan = Stopwatch.StartNew();
            long tokens = 0;
            foreach (var file in files)
            {
                var reader = new Utf8JsonReader(file, new JsonReaderOptions { AllowMultipleValues = true });
                while (reader.Read())
                {
                    tokens++;
                }
            }

            scan.Stop();

            double Rate(long bytes, Stopwatch watch) => bytes / 1e6 / watch.Elapsed.TotalSeconds;
            var ingestRate = Rate(served, ingest);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"carts: {carts:N0} in {served / 1e6:N0} MB served, {landedBytes / 1e6:N0} MB landed ({landed.Manifest.Records:N0} records, {landed.Manifest.Files.Count} files, {tokens:N0} tokens)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"simulator serving (download+discard, 4 parallel): {Rate(served, serve),8:N0} MB/s  {serve.Elapsed.TotalSeconds:N2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bronze ingest (fetch+validate+land, 4 parallel):  {ingestRate,8:N0} MB/s  {ingest.Elapsed.TotalSeconds:N2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Utf8JsonReader scan of the landed bytes (1 core):  {Rate(landedBytes, scan),8:N0} MB/s  {scan.Elapsed.TotalSeconds:N2} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratios: ingest/serving {ingestRate / Rate(served, serve):N2}, ingest/scan {ingestRate / Rate(landedBytes, scan):N2}"));
        }
        finally
        {
            lake.Delete(recursive: true);
        }
    }
}
