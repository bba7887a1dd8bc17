using System.Diagnostics;
using Lakehouse.Common.Configuration;
using Lakehouse.Common.Lake;
using Lakehouse.DataFrame;

namespace Lakehouse.Gold;

/// <summary>
/// The gold job: reads the silver tables, builds every aggregate and replaces each gold Delta table atomically
/// (one overwrite commit per table, so readers see the previous or the new content, never a mix).
/// </summary>
public static class GoldJob
{
    /// <summary>Runs the job on the lake folder <paramref name="lake"/>; <paramref name="asOf"/> is the date recency is measured from.</summary>
    public static GoldRunResult Run(LakehouseSession session, string lake, CostConfig? costs, DateOnly asOf, CancellationToken cancellationToken = default) =>
        Run(session, new LakeLayout(lake), costs, asOf, cancellationToken);

    /// <summary>
    /// Runs the job on <paramref name="layout"/>'s lake: silver tables are checked in its folder, and read and written by the
    /// session's engine at <see cref="LakeLayout.ForEngine"/> (so on Spark, Spark's Delta does the Delta work).
    /// </summary>
    public static GoldRunResult Run(LakehouseSession session, LakeLayout layout, CostConfig? costs, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(layout);
        var stopwatch = Stopwatch.StartNew();
        foreach (var table in new[] { "products", "order_lines", "customers" })
        {
            if (!Directory.Exists(Path.Combine(layout.SilverTable(table), "_delta_log")))
            {
                throw new InvalidOperationException($"The silver table '{table}' does not exist in '{layout.Root}'; run 'lakehouse silver' first.");
            }
        }

        var silver = new SilverInputs(
            session.Read.Delta(layout.ForEngine(layout.SilverTable("products"))),
            session.Read.Delta(layout.ForEngine(layout.SilverTable("order_lines"))),
            session.Read.Delta(layout.ForEngine(layout.SilverTable("customers"))));
        var tables = new List<GoldTableResult>();
        foreach (var (name, frame) in GoldAggregates.Build(session, silver, costs, asOf))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = stopwatch.Elapsed;
            var path = layout.ForEngine(layout.GoldTable(name));
            frame.Write.Format("delta").Mode(SaveMode.Overwrite).Save(path, cancellationToken);
            tables.Add(new GoldTableResult(name, session.Read.Delta(path).Count(cancellationToken), stopwatch.Elapsed - started));
        }

        var missingCost = session.Read.Delta(layout.ForEngine(layout.GoldTable("category_sales"))).Filter(Functions.Col("profit").IsNull()).Count(cancellationToken);
        return new GoldRunResult(tables, missingCost);
    }
}

/// <summary>What the gold job wrote.</summary>
/// <param name="Tables">Per table: rows and time.</param>
/// <param name="CategoriesWithoutProfit">Categories whose profit is NULL for lack of a cost basis (a warning).</param>
public sealed record GoldRunResult(IReadOnlyList<GoldTableResult> Tables, long CategoriesWithoutProfit);

/// <summary>One gold table written.</summary>
/// <param name="Table">Name.</param>
/// <param name="Rows">Rows.</param>
/// <param name="Duration">Time to build and write it.</param>
public sealed record GoldTableResult(string Table, long Rows, TimeSpan Duration);
