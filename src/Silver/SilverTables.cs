using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using static Lakehouse.DataFrame.Functions;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Silver;

/// <summary>
/// The silver Delta tables: which batches each has applied (the app ids of its <c>txn</c> actions), idempotent
/// appends, and upserts by business key. Every write goes through the DataFrame writer with Spark's
/// <c>txnAppId</c>/<c>txnVersion</c> options, so one commit both changes the table and records the batch.
/// </summary>
internal sealed class SilverTables
{
    /// <summary>One row per quarantined record.</summary>
    public static readonly StructType QuarantineSchema = Schema(
        "struct<table_name:string,rule:string,reason:string,rules_broken:string,business_key:string,raw_record:string,batch_id:string,ingest_date:date,run_id:string,quarantined_at:timestamp>");

    /// <summary>One row per rule, table and batch.</summary>
    public static readonly StructType MetricsSchema = Schema(
        "struct<run_id:string,table_name:string,batch_id:string,rule:string,severity:string,rows_checked:bigint,rows_failed:bigint,measured_at:timestamp>");

    private const long AppliedVersion = 1;

    private readonly LakehouseSession _session;
    private readonly LakeLayout _layout;

    public SilverTables(LakehouseSession session, LakeLayout layout)
    {
        _session = session;
        _layout = layout;
    }

    /// <summary>The batches a table has applied (the app ids of its txn actions).</summary>
    public IReadOnlySet<string> AppliedBatches(string table)
    {
        using var delta = Lakehouse.Delta.DeltaTable.ForPath(_layout.SilverTable(table));
        return delta.Exists() ? delta.GetSnapshot().Transactions.Keys.ToHashSet(StringComparer.Ordinal) : new HashSet<string>();
    }

    /// <summary>
    /// Appends <paramref name="rows"/> (<paramref name="rowCount"/> of them, known to the caller) unless
    /// <paramref name="applicationId"/> was appended before; returns the rows written.
    /// </summary>
    public long AppendOnce(string table, Frame rows, long rowCount, string applicationId, CancellationToken cancellationToken)
    {
        if (AppliedBatches(table).Contains(applicationId))
        {
            return 0;
        }

        Save(rows, table, SaveMode.Append, applicationId, cancellationToken);
        return rowCount;
    }

    /// <summary>
    /// Upserts <paramref name="incoming"/> by the entity's business key (SCD type 1: the incoming row replaces the stored
    /// one) with a Delta MERGE that also records the batch as applied; only the files holding matched keys are
    /// rewritten. The first batch creates the table. Returns the rows upserted.
    /// </summary>
    public long Upsert(SilverEntity entity, Frame incoming, string applicationId, CancellationToken cancellationToken)
    {
        var path = _layout.SilverTable(entity.Table);
        if (!DeltaTable.IsDeltaTable(path))
        {
            // The commit's file statistics say how many rows it wrote: counting the rows first would compute them twice.
            Save(incoming, entity.Table, SaveMode.Overwrite, applicationId, cancellationToken);
            return RowsOfNewestCommit(path, applicationId) ?? incoming.Count(cancellationToken);
        }

        var merged = DeltaTable.ForPath(_session, _layout.ForEngine(path))
            .Merge(incoming, [.. entity.BusinessKey])
            .WhenMatchedUpdateAll()
            .WhenNotMatchedInsertAll()
            .WithTransaction(applicationId, AppliedVersion)
            .Execute(cancellationToken);
        return merged.RowsInserted + merged.RowsUpdated;
    }

    /// <summary>
    /// SCD type 2 for the entity's history columns: a row whose tracked values changed (or that is new) gets its current
    /// history row closed (valid_to = <paramref name="at"/>, is_current = false) and a new current row from <paramref name="at"/>.
    /// </summary>
    public void RecordHistory(SilverEntity entity, string applicationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var key = entity.BusinessKey.Single();
        var tracked = entity.HistoryColumns;
        var historyPath = _layout.SilverTable(entity.HistoryTable!);
        var schema = new StructType(
            [
                new StructField(key, DataType.String),
                .. tracked.Select(c => new StructField(c, DataType.Parse(entity.Columns.Single(x => x.Name == c).Type))),
                new StructField("valid_from", DataType.Timestamp),
                new StructField("valid_to", DataType.Timestamp),
                new StructField("is_current", DataType.Boolean),
            ]);
        var history = DeltaTable.IsDeltaTable(historyPath) ? _session.Read.Delta(_layout.ForEngine(historyPath)) : _session.CreateDataFrame(Array.Empty<IReadOnlyList<object?>>(), schema);
        var current = _session.Read.Delta(EnginePath(entity.Table)).Select([key, .. tracked]);

        var open = history.Filter(Col("is_current")).Select([Col(key), .. tracked.Select(c => Col(c).As("_was_" + c))]);
        Column differs = Lit(false);
        foreach (var column in tracked)
        {
            differs |= !Col(column).EqNullSafe(Col("_was_" + column));
        }

        var changed = current.Join(open.WithColumn("_open", Lit(true)), [key], "left")
            .Filter(Col("_open").IsNull() | differs)
            .Select([key, .. tracked]);
        var changedKeys = changed.Select(Col(key)).WithColumn("_changed", Lit(true));
        var closed = history.Join(changedKeys, [key], "left")
            .Select(
            [
                Col(key),
                .. tracked.Select(Col),
                Col("valid_from"),
                When(Col("is_current") & Col("_changed").IsNotNull(), Lit(at)).Otherwise(Col("valid_to")).Cast(DataType.Timestamp).As("valid_to"),
                (Col("is_current") & Col("_changed").IsNull()).As("is_current"),
            ]);
        var opened = changed.Select(
        [
            Col(key),
            .. tracked.Select(Col),
            Lit(at).Cast(DataType.Timestamp).As("valid_from"),
            Lit(null).Cast(DataType.Timestamp).As("valid_to"),
            Lit(true).As("is_current"),
        ]);
        Save(closed.UnionByName(opened), entity.HistoryTable!, SaveMode.Overwrite, applicationId, cancellationToken);
    }

    /// <summary>
    /// The referenced silver tables (<paramref name="names"/>) that exist now, read where the engine sees them, for the
    /// referential rules (<see cref="EntityPipeline.Transform(Frame, IReadOnlyDictionary{string, Frame})"/>).
    /// </summary>
    public IReadOnlyDictionary<string, Frame> Lookups(IEnumerable<string> names) =>
        names.Distinct(StringComparer.Ordinal)
            .Where(name => DeltaTable.IsDeltaTable(_layout.SilverTable(name)))
            .ToDictionary(name => name, name => _session.Read.Delta(EnginePath(name)), StringComparer.Ordinal);

    /// <summary>categories: the distinct categories of silver products, rebuilt from them.</summary>
    public void RebuildCategories(CancellationToken cancellationToken)
    {
        var categories = _session.Read.Delta(EnginePath("products"))
            .GroupBy(Col("category"))
            .Agg(Max(Col("category_name")).As("category_name"), Count(Lit(1)).As("product_count"))
            .OrderBy("category");
        Save(categories, SilverJob.CategoriesTable, SaveMode.Overwrite, applicationId: null, cancellationToken);
    }

    /// <summary>The rows added by the newest commit if it is the one that recorded <paramref name="applicationId"/> (null when unsure).</summary>
    private static long? RowsOfNewestCommit(string path, string applicationId)
    {
        using var delta = Lakehouse.Delta.DeltaTable.ForPath(path);
        var snapshot = delta.GetSnapshot();
        var commit = delta.History(limit: 1).SingleOrDefault();
        var ours = commit is not null && commit.Version == snapshot.Version && snapshot.GetTransactionVersion(applicationId) is not null;
        return ours ? commit?.RowsAdded : null;
    }

    private static StructType Schema(string type) => (StructType)DataType.Parse(type);

    private void Save(Frame rows, string table, SaveMode mode, string? applicationId, CancellationToken cancellationToken)
    {
        var writer = rows.Write.Format("delta").Mode(mode);
        if (applicationId is not null)
        {
            writer = writer.Option("txnAppId", applicationId).Option("txnVersion", AppliedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        writer.Save(EnginePath(table), cancellationToken);
    }

    /// <summary>Where the session's engine reads and writes a silver table (metadata is read locally, at <see cref="LakeLayout.SilverTable"/>).</summary>
    private string EnginePath(string table) => _layout.ForEngine(_layout.SilverTable(table));
}
