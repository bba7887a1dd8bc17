using System.Diagnostics;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Silver;

/// <summary>
/// The silver job: for every entity, apply each bronze batch not applied yet, exactly once, in ingest order.
/// A batch is applied by one commit to its silver table that carries a Delta <c>txn</c> (appId = the batch's id),
/// so a crash or a re-run never applies a batch twice or skips one; quarantine rows and per-rule metrics are
/// appended first, idempotently under the same appId. A fail rule that breaks aborts the batch before any commit.
/// </summary>
public static class SilverJob
{
    /// <summary>Quarantine table name.</summary>
    public const string QuarantineTable = "quarantine";

    /// <summary>Data-quality metrics table name.</summary>
    public const string MetricsTable = "dq_metrics";

    /// <summary>Categories table name (derived from products).</summary>
    public const string CategoriesTable = "categories";

    /// <summary>Runs the job for <paramref name="entities"/>.</summary>
    public static SilverRunResult Run(LakehouseSession session, SilverJobOptions options, IReadOnlyList<SilverEntity> entities, CancellationToken cancellationToken = default)
    {
        var layout = new LakeLayout(options.Lake, options.EngineLake);
        var tables = new SilverTables(session, layout);
        var results = new List<SilverTableResult>();
        foreach (var entity in entities)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(RunEntity(session, tables, layout, entity, options, cancellationToken));
        }

        if (entities.Any(e => e.Table == "products") && results.Any(r => r.Table == "products" && r.BatchesApplied > 0))
        {
            tables.RebuildCategories(cancellationToken);
        }

        return new SilverRunResult(options.RunId, results);
    }

    private static SilverTableResult RunEntity(LakehouseSession session, SilverTables tables, LakeLayout layout, SilverEntity entity, SilverJobOptions options, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var pipeline = new EntityPipeline(entity);
        var applied = tables.AppliedBatches(entity.Table);
        var pending = BronzeCatalog.List(layout, entity.Source, entity.Entity).Where(b => !applied.Contains(b.ApplicationId)).ToList();
        long rowsIn = 0, rowsAccepted = 0, rowsQuarantined = 0;
        var counts = new List<RuleCount>();
        foreach (var batch in pending)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Read per batch: a table written earlier in this run (products before order_lines) counts.
            var lookups = tables.Lookups(pipeline.References.Select(r => r.Table));
            var flagged = pipeline.Transform(EntityPipeline.ReadBatches(session, [batch], layout), lookups).Cache();
            Frame? repeatedKeys = null;
            try
            {
                // One aggregate over the cached rows gives the rule counts and the quarantine's size; nothing is counted twice.
                var (ruleCounts, quarantineRows) = pipeline.CountRules(flagged);
                var broken = ruleCounts.Where(c => c.Rule.Severity == RuleSeverity.Fail && c.Failed > 0).ToList();
                if (broken.Count > 0)
                {
                    throw new DataQualityException(entity.Table, batch.ApplicationId, broken);
                }

                var at = options.Time.GetUtcNow();
                var quarantined = pipeline.Quarantined(flagged, options.RunId, at);
                repeatedKeys = pipeline.RepeatedKeys(flagged).Cache();
                var accepted = pipeline.Accepted(flagged, repeatedKeys);
                rowsQuarantined += tables.AppendOnce(QuarantineTable, quarantined, quarantineRows, $"{entity.Table}/{batch.ApplicationId}", cancellationToken);
                tables.AppendOnce(MetricsTable, Metrics(session, entity, batch, options.RunId, at, ruleCounts), ruleCounts.Count, $"{entity.Table}/{batch.ApplicationId}", cancellationToken);
                var upserted = tables.Upsert(entity, accepted, batch.ApplicationId, cancellationToken);
                if (entity.HistoryTable is not null)
                {
                    tables.RecordHistory(entity, batch.ApplicationId, at, cancellationToken);
                }

                rowsIn += ruleCounts[0].Checked; // every entity has at least the json_object rule
                rowsAccepted += upserted;
                counts.AddRange(ruleCounts);
            }
            finally
            {
                repeatedKeys?.Unpersist();
                flagged.Unpersist();
            }
        }

        return new SilverTableResult(entity.Table, pending.Count, rowsIn, rowsAccepted, rowsQuarantined, [.. counts], stopwatch.Elapsed);
    }

    private static Frame Metrics(LakehouseSession session, SilverEntity entity, BronzeBatch batch, string runId, DateTimeOffset at, IReadOnlyList<RuleCount> counts) =>
        session.CreateDataFrame(
            counts.Select(c => (IReadOnlyList<object?>)[runId, entity.Table, batch.Manifest.RunId, c.Rule.Name, c.Rule.Severity.ToString().ToLowerInvariant(), c.Checked, c.Failed, at]),
            SilverTables.MetricsSchema);
}

/// <summary>Options of a silver run.</summary>
public sealed record SilverJobOptions
{
    /// <summary>The lake directory.</summary>
    public required string Lake { get; init; }

    /// <summary>The lake's address as the session's engine sees it (e.g. abfss://... for Spark), when not <see cref="Lake"/> itself.</summary>
    public string? EngineLake { get; init; }

    /// <summary>The run id recorded in quarantine and metrics rows.</summary>
    public required string RunId { get; init; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>What a silver run did per table.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Tables">Per table.</param>
public sealed record SilverRunResult(string RunId, IReadOnlyList<SilverTableResult> Tables);

/// <summary>What a silver run did to one table.</summary>
/// <param name="Table">The silver table.</param>
/// <param name="BatchesApplied">Bronze batches applied (0 when there was nothing new).</param>
/// <param name="RowsIn">Rows read (after exploding lines).</param>
/// <param name="RowsAccepted">Rows upserted.</param>
/// <param name="RowsQuarantined">Rows moved to quarantine.</param>
/// <param name="Rules">Per rule and batch: rows checked and broken.</param>
/// <param name="Duration">Wall time.</param>
public sealed record SilverTableResult(string Table, int BatchesApplied, long RowsIn, long RowsAccepted, long RowsQuarantined, IReadOnlyList<RuleCount> Rules, TimeSpan Duration);

/// <summary>A fail-severity rule was broken: the batch was not committed anywhere.</summary>
public sealed class DataQualityException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DataQualityException(string table, string batch, IReadOnlyList<RuleCount> broken)
        : base($"Silver table '{table}': batch {batch} breaks {string.Join(", ", broken.Select(b => $"'{b.Rule.Name}' ({b.Failed} row(s): {b.Rule.Reason})"))}; nothing of it was committed. Fix the source data or relax the rule's severity.")
    {
        Table = table;
        Broken = broken;
    }

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>The broken fail rules.</summary>
    public IReadOnlyList<RuleCount> Broken { get; }
}
