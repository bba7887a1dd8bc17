using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using static Lakehouse.DataFrame.Functions;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Silver;

/// <summary>
/// The transformations of one <see cref="SilverEntity"/>, as DataFrames: raw lines → parsed record → (exploded) →
/// typed columns with rescued fields and one pass/fail flag per rule. Nothing here runs until an action.
/// </summary>
internal sealed class EntityPipeline
{
    internal const string RawColumn = "_raw";
    internal const string BatchColumn = "_batch_id";
    internal const string IngestDateColumn = "_ingest_date";
    internal const string RescuedColumn = "_rescued_data";

    /// <summary>Checked before the entity's own rules: a line that is not a JSON object cannot be anything else.</summary>
    internal static readonly QualityRule JsonObjectRule = new("json_object", "_is_object", RuleSeverity.Drop, "the record is not a JSON object");

    private readonly SilverEntity _entity;
    private readonly IReadOnlyList<QualityRule> _rules;

    public EntityPipeline(SilverEntity entity)
    {
        _entity = entity;
        _rules = [JsonObjectRule, .. entity.Rules];
    }

    /// <summary>The name of the flag column of rule <paramref name="index"/>: true when the row passes.</summary>
    public static string RuleFlag(int index) => "_rule_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every line of the given batches, with the batch id and ingest date.</summary>
    public static Frame ReadBatches(LakehouseSession session, IReadOnlyList<BronzeBatch> batches)
    {
        Frame? all = null;
        foreach (var batch in batches)
        {
            var lines = session.Read.Text([.. batch.FilePaths])
                .Select(
                    Col("value").As(RawColumn),
                    Lit(batch.Manifest.RunId).As(BatchColumn),
                    Lit(batch.Manifest.IngestDate).As(IngestDateColumn));
            all = all is null ? lines : all.Union(lines);
        }

        return all ?? throw new ArgumentException("There are no batches to read.", nameof(batches));
    }

    /// <summary>The typed rows with rescued data and rule flags (plus the raw record, batch and ingest date).</summary>
    public Frame Transform(Frame raw)
    {
        var known = RawFieldNames().Concat(_entity.DroppedFields).Distinct(StringComparer.Ordinal).ToArray();
        var parsed = raw
            .Filter(Col(RawColumn).IsNotNull() & (Trim(Col(RawColumn)) != ""))
            .WithColumn("r", FromJson(Col(RawColumn), _entity.RawSchema))
            .WithColumn(RescuedColumn, RescuedData(Col(RawColumn), known));

        if (_entity.ExplodeField is { } field)
        {
            parsed = parsed
                .Select(Col("*"), PosExplode(Col("r").GetField(field)))
                .WithColumn("line_number", Col("pos") + 1)
                .WithColumnRenamed("col", "line")
                .Drop("pos");
        }

        var columns = _entity.Columns
            .Select(c => Expr(c.Expression).Cast(c.Type).As(c.Name))
            .Concat([Col(RescuedColumn), Col(RawColumn), Col(BatchColumn), Col(IngestDateColumn), Col("r").IsNotNull().As("_is_object")])
            .ToArray();
        var typed = parsed.Select(columns);

        for (var i = 0; i < _rules.Count; i++)
        {
            typed = typed.WithColumn(RuleFlag(i), Coalesce(Expr(_rules[i].Condition), Lit(false)));
        }

        return typed;
    }

    /// <summary>Rows that pass every drop and fail rule, deduplicated by business key (latest ingest wins).</summary>
    public Frame Accepted(Frame flagged)
    {
        var passing = flagged.Filter(AllPass(RuleSeverity.Drop, RuleSeverity.Fail));
        var latestFirst = Window.PartitionBy([.. _entity.BusinessKey.Select(Col)])
            .OrderBy(Col(IngestDateColumn).Desc(), Col(BatchColumn).Desc(), Md5(Col(RawColumn)).Desc()); // a deterministic tie-break inside one batch, on both engines
        return passing
            .WithColumn("_winner", RowNumber().Over(latestFirst))
            .Filter(Col("_winner") == 1)
            .Select([.. _entity.Columns.Select(c => Col(c.Name)), Col(RescuedColumn), Col(BatchColumn).As("_source_batch"), Col(IngestDateColumn).As("_source_ingest_date")]);
    }

    /// <summary>Rows that break a drop rule: one quarantine row each, naming the first rule broken and all of them.</summary>
    public Frame Quarantined(Frame flagged, string runId, DateTimeOffset at)
    {
        var dropRules = _rules.Select((rule, index) => (rule, index)).Where(x => x.rule.Severity == RuleSeverity.Drop).ToList();
        if (dropRules.Count == 0)
        {
            return flagged.Filter(Lit(false)).Select(QuarantineColumns(Lit(null).Cast("string"), Lit(null).Cast("string"), Lit(null).Cast("string"), runId, at));
        }

        Column firstRule = Lit(null).Cast("string");
        Column firstReason = Lit(null).Cast("string");
        for (var i = dropRules.Count - 1; i >= 0; i--)
        {
            var (rule, index) = dropRules[i];
            firstRule = When(!Col(RuleFlag(index)), rule.Name).Otherwise(firstRule);
            firstReason = When(!Col(RuleFlag(index)), rule.Reason).Otherwise(firstReason);
        }

        var allBroken = ConcatWs(",", [.. dropRules.Select(x => When(!Col(RuleFlag(x.index)), x.rule.Name))]);
        return flagged
            .Filter(!AllPass(RuleSeverity.Drop))
            .Select(QuarantineColumns(firstRule, firstReason, allBroken, runId, at));
    }

    /// <summary>Per rule: rows checked and rows that broke it.</summary>
    public IReadOnlyList<RuleCount> CountRules(Frame flagged)
    {
        var aggregates = new List<Column> { Count(Lit(1)).As("_rows") };
        for (var i = 0; i < _rules.Count; i++)
        {
            aggregates.Add(Sum(When(Col(RuleFlag(i)), 0).Otherwise(1)).As(RuleFlag(i)));
        }

        var row = flagged.Agg(aggregates[0], [.. aggregates.Skip(1)]).Collect().Single();
        var checkedRows = row.GetInt64("_rows");
        return [.. _rules.Select((rule, i) => new RuleCount(rule, checkedRows, row.IsNullAt(RuleFlag(i)) ? 0 : row.GetInt64(RuleFlag(i))))];
    }

    private Column[] QuarantineColumns(Column rule, Column reason, Column allBroken, string runId, DateTimeOffset at) =>
    [
        Lit(_entity.Table).As("table_name"),
        rule.As("rule"),
        reason.As("reason"),
        allBroken.As("rules_broken"),
        ConcatWs("|", [.. _entity.BusinessKey.Select(k => Coalesce(Col(k).Cast("string"), Lit("NULL")))]).As("business_key"),
        Col(RawColumn).As("raw_record"),
        Col(BatchColumn).As("batch_id"),
        Col(IngestDateColumn).As("ingest_date"),
        Lit(runId).As("run_id"),
        Lit(at).As("quarantined_at"),
    ];

    private Column AllPass(params RuleSeverity[] severities)
    {
        Column all = Lit(true);
        for (var i = 0; i < _rules.Count; i++)
        {
            if (severities.Contains(_rules[i].Severity))
            {
                all &= Col(RuleFlag(i));
            }
        }

        return all;
    }

    private IEnumerable<string> RawFieldNames() =>
        ((StructType)DataType.Parse(_entity.RawSchema)).Fields.Select(f => f.Name);
}

/// <summary>How many rows a rule checked and how many broke it.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Checked">Rows checked.</param>
/// <param name="Failed">Rows that broke it.</param>
public sealed record RuleCount(QualityRule Rule, long Checked, long Failed);
