using System.Diagnostics;
using System.Globalization;
using Lakehouse.Delta;
using Lakehouse.DuckDB;

namespace Lakehouse.Benchmarks;

/// <summary>
/// Delta writer and reader costs, each against a baseline measured in the same process:
/// <c>delta-commit</c> (per-append overhead over DuckDB's own COPY of the same rows), <c>delta-snapshot</c> (snapshot load
/// of a table with 1,000 commits: from a checkpoint, checkpoint + commits, and full JSON replay), <c>delta-write</c>
/// (append throughput against <c>COPY ... TO</c> parquet of the same data).
/// </summary>
internal static class DeltaBenchmarks
{
    private static readonly StructType Sales = new(
    [
        new StructField("id", PrimitiveType.Long),
        new StructField("ts", PrimitiveType.Timestamp),
        new StructField("customer", PrimitiveType.String),
        new StructField("quantity", PrimitiveType.Integer),
        new StructField("price", PrimitiveType.Double),
    ]);

    private const string SalesSql =
        "SELECT i AS id, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i % 31536000) AS ts, 'customer-' || (i % 100000) AS customer, "
        + "CAST(i % 7 + 1 AS INTEGER) AS quantity, (i % 10000) / 100.0 AS price FROM range({0}) t(i)";

    /// <summary><c>delta-commit [appends=200]</c>: milliseconds per one-row append, and a one-row COPY for comparison.</summary>
    public static Task CommitAsync(string[] args)
    {
        var appends = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var root = Directory.CreateTempSubdirectory("lakehouse-bench-delta-");
        try
        {
            using var database = DuckDBDatabase.Open();
            using var table = DeltaTable.ForPath(Path.Combine(root.FullName, "t"), new DeltaTableOptions { Database = database });
            table.Create(Sales);
            table.Append(string.Format(CultureInfo.InvariantCulture, SalesSql, 1)); // warm-up
            var append = new List<double>();
            for (var i = 0; i < appends; i++)
            {
                var watch = Stopwatch.StartNew();
                table.Append(string.Format(CultureInfo.InvariantCulture, SalesSql, 1));
                append.Add(watch.Elapsed.TotalMilliseconds);
            }

            using var connection = database.Connect();
            var copy = new List<double>();
            for (var i = 0; i < appends; i++)
            {
                var file = Path.Combine(root.FullName, $"copy-{i}.parquet");
                var watch = Stopwatch.StartNew();
                connection.ExecuteNonQuery($"COPY ({string.Format(CultureInfo.InvariantCulture, SalesSql, 1)}) TO {DuckDBTypes.QuoteLiteral(file)} (FORMAT parquet, COMPRESSION snappy)");
                copy.Add(watch.Elapsed.TotalMilliseconds);
            }

            var appendMedian = Median(append);
            var copyMedian = Median(copy);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"delta-commit: {appends} one-row appends (checkpoint every 10 commits included): median {appendMedian:N2} ms, p90 {Percentile(append, 0.9):N2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline one-row COPY TO parquet: median {copyMedian:N2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"commit overhead per append (median append - median copy): {appendMedian - copyMedian:N2} ms"));
        }
        finally
        {
            root.Delete(recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary><c>delta-snapshot [commits=1000] [loads=20]</c>: snapshot load time of a table with that many commits.</summary>
    public static Task SnapshotAsync(string[] args)
    {
        var commits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var loads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var root = Directory.CreateTempSubdirectory("lakehouse-bench-delta-");
        try
        {
            using var database = DuckDBDatabase.Open();
            var path = Path.Combine(root.FullName, "t");
            var build = Stopwatch.StartNew();
            using (var table = DeltaTable.ForPath(path, new DeltaTableOptions { Database = database, CheckpointInterval = 10 }))
            {
                table.Create(Sales);
                for (var i = 1; i <= commits; i++)
                {
                    table.Append(string.Format(CultureInfo.InvariantCulture, SalesSql, 1));
                }
            }

            build.Stop();
            // A new handle per load: a handle caches its last snapshot, and this measures a cold load.
            Snapshot Load(string root, long? version)
            {
                using var handle = DeltaTable.Open(root, new DeltaTableOptions { Database = database });
                return handle.GetSnapshot(version);
            }

            using var reader = DeltaTable.Open(path, new DeltaTableOptions { Database = database });
            var latest = reader.GetLatestVersion();
            var fromCheckpoint = Measure(loads, () => Load(path, latest));
            var withCommits = Measure(loads, () => Load(path, latest - 1));

            // Full JSON replay: the same log without its checkpoints.
            var bare = Path.Combine(root.FullName, "bare");
            Directory.CreateDirectory(Path.Combine(bare, "_delta_log"));
            foreach (var file in Directory.EnumerateFiles(Path.Combine(path, "_delta_log"), "*.json"))
            {
                File.Copy(file, Path.Combine(bare, "_delta_log", Path.GetFileName(file)));
            }

            var fullReplay = Measure(Math.Max(3, loads / 4), () => Load(bare, null));
            var files = reader.GetSnapshot().Files.Count;
            // A handle that holds version latest-2 and then sees one more commit (no checkpoint in between) replays just that commit.
            var incrementalSamples = new List<double>();
            for (var i = 0; i < loads; i++)
            {
                using var handle = DeltaTable.Open(path, new DeltaTableOptions { Database = database });
                handle.GetSnapshot(latest - 2);
                var watch = Stopwatch.StartNew();
                handle.GetSnapshot(latest - 1);
                incrementalSamples.Add(watch.Elapsed.TotalMilliseconds);
            }

            var incremental = Median(incrementalSamples);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"delta-snapshot: {commits} commits, {files} active files (built in {build.Elapsed.TotalSeconds:N1} s, {commits / build.Elapsed.TotalSeconds:N0} appends/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load latest (checkpoint at {latest}):             median {fromCheckpoint:N2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load version {latest - 1} (checkpoint + 9 commits): median {withCommits:N2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cached handle, one new commit (incremental):       median {incremental:N2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline full JSON replay of {latest + 1} commits:  median {fullReplay:N2} ms (checkpoint speed-up {fullReplay / fromCheckpoint:N1}x)"));
        }
        finally
        {
            root.Delete(recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary><c>delta-write [rows=5000000] [rounds=3]</c>: Delta append against DuckDB's COPY TO parquet of the same rows.</summary>
    public static Task WriteAsync(string[] args)
    {
        var rows = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 5_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var root = Directory.CreateTempSubdirectory("lakehouse-bench-delta-");
        try
        {
            using var database = DuckDBDatabase.Open();
            using var connection = database.Connect();
            connection.ExecuteNonQuery("SET TimeZone = 'UTC'");
            connection.ExecuteNonQuery($"CREATE TABLE source AS {string.Format(CultureInfo.InvariantCulture, SalesSql, rows)}");
            using var table = DeltaTable.ForPath(Path.Combine(root.FullName, "t"), new DeltaTableOptions { Database = database });
            table.Create(Sales);
            var delta = new List<double>();
            var copy = new List<double>();
            long deltaBytes = 0, copyBytes = 0;
            for (var round = 0; round < rounds; round++)
            {
                // Alternate so that neither side always runs on a warmer cache.
                var file = Path.Combine(root.FullName, $"copy-{round}.parquet");
                var watch = Stopwatch.StartNew();
                connection.ExecuteNonQuery($"COPY (SELECT * FROM source) TO {DuckDBTypes.QuoteLiteral(file)} (FORMAT parquet, COMPRESSION snappy)");
                copy.Add(watch.Elapsed.TotalSeconds);
                copyBytes = new FileInfo(file).Length;

                watch.Restart();
                var result = table.Append("SELECT * FROM source");
                delta.Add(watch.Elapsed.TotalSeconds);
                deltaBytes = result.AddedFiles.Sum(f => f.Size);
            }

            var deltaMedian = Median(delta);
            var copyMedian = Median(copy);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"delta-write: {rows:N0} rows x {rounds} rounds, parquet {copyBytes / 1e6:N0} MB (delta file {deltaBytes / 1e6:N0} MB)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"COPY TO parquet:  median {copyMedian:N3} s  ({rows / copyMedian / 1e6:N2} M rows/s)  runs {string.Join(", ", copy.Select(s => s.ToString("N3", CultureInfo.InvariantCulture)))}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Delta append:     median {deltaMedian:N3} s  ({rows / deltaMedian / 1e6:N2} M rows/s)  runs {string.Join(", ", delta.Select(s => s.ToString("N3", CultureInfo.InvariantCulture)))}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio Delta/COPY: {deltaMedian / copyMedian:N2} (target <= 1.2)"));
        }
        finally
        {
            root.Delete(recursive: true);
        }

        return Task.CompletedTask;
    }

    private static double Measure(int times, Action action)
    {
        action(); // warm-up
        var samples = new List<double>();
        for (var i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return Median(samples);
    }

    private static double Median(List<double> samples) => Percentile(samples, 0.5);

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }
}
