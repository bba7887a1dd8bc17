using System.Collections.Concurrent;
using System.Globalization;
using Lakehouse.Bronze;
using Spectre.Console;

namespace Lakehouse.Cli.Output;

/// <summary>
/// Shows bronze progress: a live display per entity (pages, records, MB/s) on a terminal, one structured
/// log line per event when redirected; then a summary table.
/// </summary>
internal static class BronzeProgress
{
    public static async Task<BronzeRunResult> RunAsync(CliConsole console, Func<IBronzeObserver, Task<BronzeRunResult>> run)
    {
        if (!console.IsTerminal)
        {
            return await run(new LogLineObserver(console.Error));
        }

        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        BronzeRunResult? result = null;
        await ansi.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async context => result = await run(new LiveObserver(context)));
        return result!;
    }

    public static void WriteSummary(CliConsole console, BronzeRunResult result)
    {
        var rows = result.Entities.Select(e => new[]
        {
            $"{e.Source}/{e.Entity}",
            e.Status.ToString(),
            e.Manifest?.Records.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Manifest?.Pages.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Manifest?.DuplicateRecords.ToString(CultureInfo.InvariantCulture) ?? "",
            e.Manifest is null ? "" : Megabytes(e.Manifest.Files.Sum(f => f.Bytes)),
            e.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture),
            e.Error ?? "",
        }).ToList();
        string[] header = ["entity", "status", "records", "pages", "duplicates", "MB", "seconds", "note"];
        if (console.IsTerminal)
        {
            var table = new Table().Border(TableBorder.Rounded).Title($"bronze run {result.RunId}");
            foreach (var h in header)
            {
                table.AddColumn(h);
            }

            rows.ForEach(r => table.AddRow(r.Select(Markup.Escape).ToArray()));
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Out) }).Write(table);
        }
        else
        {
            console.Out.WriteLine($"bronze run {result.RunId}");
            console.Out.WriteLine(string.Join('\t', header));
            rows.ForEach(r => console.Out.WriteLine(string.Join('\t', r)));
        }
    }

    private static string Megabytes(long bytes) => (bytes / 1e6).ToString("0.00", CultureInfo.InvariantCulture);

    private sealed class LogLineObserver(TextWriter log) : IBronzeObserver
    {
        private readonly object _gate = new();

        public void EntityStarted(string source, string entity) => Write($"event=entity_started source={source} entity={entity}");

        public void Retrying(string source, string entity, Uri url, int attempt, TimeSpan delay, string reason) =>
            Write($"event=retry source={source} entity={entity} attempt={attempt} delay_s={delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} url={url} reason=\"{reason}\"");

        public void EntityFinished(EntityResult result) =>
            Write($"event=entity_finished source={result.Source} entity={result.Entity} status={result.Status} records={result.Manifest?.Records ?? 0} seconds={result.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)}"
                + (result.Error is null ? "" : $" error=\"{result.Error}\""));

        private void Write(string line)
        {
            lock (_gate)
            {
                log.WriteLine(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) + " " + line);
            }
        }
    }

    private sealed class LiveObserver(ProgressContext context) : IBronzeObserver
    {
        private readonly ConcurrentDictionary<string, (ProgressTask Task, Counters Counters)> _entities = new();

        public void EntityStarted(string source, string entity)
        {
            var task = context.AddTask($"{source}/{entity}", maxValue: double.MaxValue);
            task.IsIndeterminate = true;
            _entities[$"{source}/{entity}"] = (task, new Counters());
        }

        public void PageFetched(string source, string entity, int records, long bytes)
        {
            if (_entities.TryGetValue($"{source}/{entity}", out var e))
            {
                var (pages, total, mb, rate) = e.Counters.Add(records, bytes);
                e.Task.Description = Markup.Escape($"{source}/{entity}: {pages} pages, {total} records, {mb:0.0} MB, {rate:0.0} MB/s");
            }
        }

        public void Retrying(string source, string entity, Uri url, int attempt, TimeSpan delay, string reason)
        {
            if (_entities.TryGetValue($"{source}/{entity}", out var e))
            {
                e.Task.Description = Markup.Escape($"{source}/{entity}: retry {attempt} in {delay.TotalSeconds:0.0} s ({reason})");
            }
        }

        public void EntityFinished(EntityResult result)
        {
            if (_entities.TryGetValue($"{result.Source}/{result.Entity}", out var e))
            {
                e.Task.Description = Markup.Escape($"{result.Source}/{result.Entity}: {result.Status}, {result.Manifest?.Records ?? 0} records");
                e.Task.IsIndeterminate = false;
                e.Task.StopTask();
            }
        }

        private sealed class Counters
        {
            private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
            private long _pages;
            private long _records;
            private long _bytes;

            public (long Pages, long Records, double Megabytes, double MegabytesPerSecond) Add(int records, long bytes)
            {
                var pages = Interlocked.Increment(ref _pages);
                var total = Interlocked.Add(ref _records, records);
                var mb = Interlocked.Add(ref _bytes, bytes) / 1e6;
                return (pages, total, mb, mb / Math.Max(_clock.Elapsed.TotalSeconds, 1e-3));
            }
        }
    }
}
