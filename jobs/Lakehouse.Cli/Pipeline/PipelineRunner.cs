using System.Diagnostics;
using System.Globalization;
using Lakehouse.Bronze;
using Lakehouse.Cli.Commands;
using Lakehouse.Cli.Output;
using Lakehouse.Common.Configuration;
using Lakehouse.DataFrame;
using Lakehouse.Gold;
using Lakehouse.Silver;

namespace Lakehouse.Cli.Pipeline;

/// <summary>Runs bronze, then silver, then gold with one run id, and prints what each did.</summary>
/// <remarks>Bronze runs in this process; silver and gold run on <paramref name="engine"/>.</remarks>
internal sealed class PipelineRunner(CliConsole console, TimeProvider time, EngineChoice engine)
{
    public async Task<int> RunAsync(PipelineConfig config, string configDirectory, string lake, string runId, bool bronze, bool silver, bool gold, CancellationToken cancellationToken)
    {
        var summary = new List<string[]>();
        var failed = false;
        var entities = silver || gold ? SilverEntities.For(config) : [];
        if (silver)
        {
            // Before bronze: a typo in a declared table fails in seconds, not after ingestion. Planning is local (our analyzer).
            using var planner = LakehouseSession.Create();
            SilverEntities.CheckDeclaredPlans(planner, config);
        }

        var layout = engine.Layout(lake);
        using var session = silver || gold ? engine.OpenSession() : null;

        if (bronze)
        {
            var stopwatch = Stopwatch.StartNew();
            var options = new BronzeJobOptions { Lake = lake, ConfigDirectory = configDirectory, RunId = runId, Time = time };
            var result = await BronzeProgress.RunAsync(console, observer => BronzeJob.RunAsync(config, options, observer, cancellationToken));
            BronzeProgress.WriteSummary(console, result);
            failed |= !result.Succeeded;
            summary.Add(["bronze", Count(result.Entities.Sum(e => e.Manifest?.Records ?? 0)), Count(result.Entities.Count(e => e.Status == EntityStatus.Landed)) + " batches", "", Seconds(stopwatch.Elapsed), result.Succeeded ? "ok" : "failed"]);
        }

        if (silver && !failed)
        {
            var stopwatch = Stopwatch.StartNew();
            SilverEntities.CheckBronzeFormats(entities, lake);
            var result = SilverJob.Run(session!, new SilverJobOptions { Lake = lake, EngineLake = engine.SparkLake, RunId = runId, Time = time }, entities, cancellationToken);
            WriteSilver(result);
            summary.Add(["silver", Count(result.Tables.Sum(t => t.RowsIn)), Count(result.Tables.Sum(t => t.RowsAccepted)), Count(result.Tables.Sum(t => t.RowsQuarantined)), Seconds(stopwatch.Elapsed), "ok"]);
        }

        var missing = SilverEntities.GoldInputs.Where(t => entities.All(e => e.Table != t)).ToList();
        if (gold && !failed && missing.Count > 0)
        {
            await console.Error.WriteLineAsync($"gold skipped: the configuration builds no silver {string.Join(", ", missing)} (give a source a \"profile\", or declare those tables); the other silver tables are built.");
            summary.Add(["gold", "", "", "", "0.00", "skipped"]);
        }
        else if (gold && !failed)
        {
            var stopwatch = Stopwatch.StartNew();
            var result = GoldJob.Run(session!, layout, config.Costs, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);
            summary.Add(["gold", "", Count(result.Tables.Sum(t => t.Rows)), "", Seconds(stopwatch.Elapsed), "ok"]);
            if (result.CategoriesWithoutProfit > 0)
            {
                await console.Error.WriteLineAsync($"warning: {result.CategoriesWithoutProfit} categories have no cost basis, so their profit is NULL; add \"costs\" to the configuration (see the README).");
            }

            TableText.Write(console, $"gold.category_sales (lake: {layout.EngineRoot})", session!.Read.Delta(layout.ForEngine(layout.GoldTable("category_sales")))
                .Select("category", "orders", "units", "net_revenue", "profit", "margin", "profit_rank", "is_highest_profit", "is_lowest_profit", "cost_basis"));
        }

        TableText.Write(console, $"run {runId}", ["job", "rows in", "rows out", "quarantined", "seconds", "status"], summary);
        return failed ? ExitCodes.Failure : ExitCodes.Success;
    }

    private void WriteSilver(SilverRunResult result) =>
        TableText.Write(
            console,
            "silver",
            ["table", "batches", "rows in", "upserted", "quarantined", "seconds"],
            [.. result.Tables.Select(t => new[] { t.Table, Count(t.BatchesApplied), Count(t.RowsIn), Count(t.RowsAccepted), Count(t.RowsQuarantined), Seconds(t.Duration) })]);

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
}
