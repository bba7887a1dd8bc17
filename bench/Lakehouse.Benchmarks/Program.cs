using Lakehouse.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], Task>>(StringComparer.Ordinal)
{
    ["bronze-ingest"] = BronzeIngestBenchmark.RunAsync,
    ["plan-compile"] = PlanCompileBenchmark.RunAsync,
    ["silver-gold"] = SilverGoldBenchmark.RunAsync,
    ["delta-commit"] = DeltaBenchmarks.CommitAsync,
    ["delta-snapshot"] = DeltaBenchmarks.SnapshotAsync,
    ["delta-write"] = DeltaBenchmarks.WriteAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var benchmark))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Lakehouse.Benchmarks -- <{string.Join("|", benchmarks.Keys)}> [options]");
    return 2;
}

await benchmark(args[1..]);
return 0;
