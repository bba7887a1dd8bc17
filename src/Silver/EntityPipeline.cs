using System.Text.RegularExpressions;
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
internal sealed partial class EntityPipeline
{
    internal const string RawColumn = "_raw";
    internal const string BatchColumn = "_batch_id";
    internal const string IngestDateColumn = "_ingest_date";
    internal const string RescuedColumn = "_rescued_data";
    internal const string RecordHashColumn = "_record_hash";

    /// <summary>Checked before the entity's own rules: a line that is not a JSON object cannot be anything else.</summary>
    internal static readonly QualityRule JsonObjectRule = new("json_object", "_is_object", RuleSeverity.Drop, "the record is not a JSON object");

    private readonly SilverEntity _entity;
    private readonly IReadOnlyList<QualityRule> _rules;

    public EntityPipeline(SilverEntity entity)
    {
        _entity = entity;
        _rules = [JsonObjectRule, .. entity.Rules];
        if (entity.Rules.FirstOrDefault(r => r.Reference is { } reference && !entity.Columns.Any(c => c.Name == reference.Column)) is { } unknown)
        {
            throw new ArgumentException($"Silver table '{entity.Table}': rule '{unknown.Name}' looks up column '{unknown.Reference!.Column}', which the table does not have; name one of its columns.", nameof(entity));
        }
    }

    /// <summary>The name of the flag column of rule <paramref name="index"/>: true when the row passes.</summary>
    public static string RuleFlag(int index) => "_rule_" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Every line of the given batches, with the batch id and ingest date; the files are read at <paramref name="layout"/>'s
    /// engine address when given (Spark's view of the lake), else where the catalog found them.
    /// </summary>
    public static Frame ReadBatches(LakehouseSession session, IReadOnlyList<BronzeBatch> batches, LakeLayout? layout = null)
    {
        Frame? all = null;
        foreach (var batch in batches)
        {
            var paths = batch.FilePaths.Select(path => layout?.ForEngine(path) ?? path).ToArray();
            var lines = (batch.IsCsv ? CsvRecords(session, paths) : session.Read.Text(paths).Select(Col("value").As(RawColumn)))
                .Select(
                    Col(RawColumn),
                    Lit(batch.Manifest.RunId).As(BatchColumn),
                    Lit(batch.Manifest.IngestDate).As(IngestDateColumn));
            all = all is null ? lines : all.Union(lines);
        }

        return all ?? throw new ArgumentException("There are no batches to read.", nameof(batches));
    }

    /// <summary>
    /// The rows of CSV part files as the JSON object text the JSON path reads (<c>to_json(struct(*))</c>), so that
    /// from_json, rescued data, rules and the quarantine's raw record work as for JSON lines. Spark's CSV defaults (comma,
    /// double quote, backslash escape, an empty value is NULL, every column a string) with the header naming the fields,
    /// plus multiLine, as bronze counts rows by RFC 4180 (a newline inside quotes is part of the value). PERMISSIVE mode,
    /// so no row is lost: a row with too few fields has NULL for the missing ones (left out of the JSON, as Spark's to_json
    /// does; rules on required fields then quarantine it); a row with too many keeps its first fields; Spark drops its
    /// extra values, the embedded engine too unless the row is among its file's first 20,480 (then they become fields
    /// <c>columnN</c>, kept in the rescued data).
    /// </summary>
    private static Frame CsvRecords(LakehouseSession session, string[] paths)
    {
        // One read per part: each file's own header names its fields (a multi-file read would take the first file's
        // header and match the other files' columns by position).
        Frame? all = null;
        foreach (var path in paths)
        {
            var rows = session.Read.Option("header", true).Option("mode", "PERMISSIVE").Option("multiLine", true).Csv(path);

            // Quoted, so that a header with dots names one column, not a struct path.
            var records = rows.Select(ToJson(Struct([.. rows.Columns.Select(name => Col("`" + name.Replace("`", "``", StringComparison.Ordinal) + "`"))])).As(RawColumn));
            all = all is null ? records : all.Union(records);
        }

        return all ?? throw new ArgumentException("A CSV batch has no part file.", nameof(paths));
    }

    /// <summary>
    /// The typed rows with rescued data and one flag per rule, plus the batch, the ingest date, the record's hash (the
    /// dedupe tie-break) and the raw record. Built to be cached compactly: the raw record is kept only on rows that break a
    /// drop rule (the quarantine needs it; for exploded entities it would otherwise be copied onto every line), and the
    /// record is parsed only for the fields the columns use (unknown fields still go to the rescued data).
    /// </summary>
    public Frame Transform(Frame raw) => Transform(raw, tables: null);

    /// <summary>
    /// <see cref="Transform(Frame)"/> with the silver tables the referential rules look values up in, by table name
    /// (see <see cref="References"/>); a referenced table that is missing holds no value, so every non-NULL value fails.
    /// </summary>
    public Frame Transform(Frame raw, IReadOnlyDictionary<string, Frame>? tables)
    {
        var known = RawFieldNames().Concat(_entity.DroppedFields).Distinct(StringComparer.Ordinal).ToArray();
        var schema = ParsedSchema();
        var parsed = raw
            .Filter(NotBlank(Col(RawColumn)))
            .Select(
                Col("*"),
                FromJson(Col(RawColumn), schema).As("r"),
                RescuedData(Col(RawColumn), known).As(RescuedColumn),
                Fingerprint(Col(RawColumn)).As(RecordHashColumn)); // once per record, before any explode

        if (_entity.ExplodeField is { } field)
        {
            // Each line carries the record without the exploded array (the engine would otherwise repeat it on every line).
            var rest = ((StructType)DataType.Parse(schema)).Fields.Select(f => f.Name).Where(n => !string.Equals(n, field, StringComparison.OrdinalIgnoreCase)).ToList();
            var record = rest.Count > 0 ? When(Col("r").IsNotNull(), Struct([.. rest.Select(n => Col("r").GetField(n).As(n))])).As("r") : Col("r");
            parsed = parsed
                .Select([.. parsed.Columns.Where(c => c != "r").Select(Col), record, PosExplode(Col("r").GetField(field))])
                .WithColumn("line_number", Col("pos") + 1)
                .WithColumnRenamed("col", "line")
                .Drop("pos");
        }

        var columns = _entity.Columns
            .Select(c => Expr(c.Expression).Cast(c.Type).As(c.Name))
            .Concat([Col(RescuedColumn), Col(RawColumn), Col(BatchColumn), Col(IngestDateColumn), Col(RecordHashColumn), Col("r").IsNotNull().As("_is_object")])
            .ToArray();
        var typed = WithLookups(parsed.Select(columns), tables);

        // Rules see the typed columns; every flag in one projection.
        var flags = _rules.Select((rule, i) => Coalesce(Expr(rule.Condition), Lit(false)).As(RuleFlag(i)));
        var flagged = typed.Select([Col("*"), .. flags]);

        return flagged.Select(
        [
            .. _entity.Columns.Select(c => Col(c.Name)),
            Col(RescuedColumn),
            Col(BatchColumn),
            Col(IngestDateColumn),
            Col(RecordHashColumn),
            When(!AllPass(RuleSeverity.Drop), Col(RawColumn)).As(RawColumn),
            .. _rules.Select((_, i) => Col(RuleFlag(i))),
        ]);
    }

    /// <summary>The distinct lookups of the entity's referential rules (<see cref="SilverEntity.References"/>).</summary>
    public IReadOnlyList<RuleReference> References => _entity.References;

    /// <summary>
    /// Per reference, the found column: a left join with the table's distinct values (so that a row is never repeated),
    /// each marked true; the rule then reads a NULL as "not found". Without the table, the column is NULL throughout.
    /// </summary>
    private Frame WithLookups(Frame typed, IReadOnlyDictionary<string, Frame>? tables)
    {
        foreach (var (reference, i) in References.Select((r, i) => (r, i)))
        {
            if (tables is null || !tables.TryGetValue(reference.Table, out var table))
            {
                typed = typed.WithColumn(reference.FoundColumn, Lit(null).Cast("boolean"));
                continue;
            }

            if (!table.Columns.Contains(reference.TableColumn))
            {
                var rule = _rules.First(r => r.Reference == reference);
                throw new InvalidOperationException($"Silver table '{_entity.Table}': rule '{rule.Name}' looks values up in column '{reference.TableColumn}' of silver table '{reference.Table}', which has no such column; fix the rule's reference.");
            }

            var value = "_lookup_value_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var values = table.Select(Col(reference.TableColumn).As(value)).Distinct().WithColumn(reference.FoundColumn, Lit(true));
            typed = typed.Join(values, Col(reference.Column) == Col(value), "left"); // the flags' projection leaves the value out
        }

        return typed;
    }

    /// <summary>
    /// Rows that pass every drop and fail rule, deduplicated by business key with a deterministic winner: the latest
    /// ingest date, then the latest batch, then the greatest hash of the raw record (so that every line of an exploded
    /// record wins or loses together); records equal to the byte give one row. Computed key first, so that no engine
    /// has to hold whole partitions of rows (DESIGN.md section 7): the keys that occur more than once
    /// (<paramref name="repeatedKeys"/>, see <see cref="RepeatedKeys"/>); every other row is its key's only row (an
    /// anti-join); each repeated key's row is the grouped max of that order as one struct. Grouping and joining spill to disk.
    /// </summary>
    public Frame Accepted(Frame flagged, Frame repeatedKeys)
    {
        var passing = Passing(flagged);
        var keys = _entity.BusinessKey;
        string[] values = [.. _entity.Columns.Select(c => c.Name), RescuedColumn];
        var alone = passing.Join(repeatedKeys, SameKeyHash(), "left_anti")
            .Select([.. values.Select(Col), Col(BatchColumn).As("_source_batch"), Col(IngestDateColumn).As("_source_ingest_date")]);

        // The order as one struct, compared field by field, that also carries the winning row out of the aggregate (its
        // values only decide between records with equal hashes: equal records, or in theory a collision).
        var carried = values.Except(keys).ToList();
        Column[] order =
        [
            Col(IngestDateColumn).As("_w_ingest"),
            Col(BatchColumn).As("_w_batch"),
            Col(RecordHashColumn).As("_w_hash"),
            .. carried.Select((c, i) => Col(c).As($"_w_v{i}")),
        ];
        var winner = Col("_winner");
        var won = passing.Join(repeatedKeys, SameKeyHash(), "left_semi")
            .GroupBy([.. keys.Select(Col)])
            .Agg(Max(Struct(order)).As("_winner"))
            .Select(
            [
                .. values.Select(c => keys.Contains(c) ? Col(c) : winner.GetField($"_w_v{carried.IndexOf(c)}").As(c)),
                winner.GetField("_w_batch").As("_source_batch"),
                winner.GetField("_w_ingest").As("_source_ingest_date"),
            ]);
        return alone.Union(won);
    }

    /// <summary><see cref="Accepted(Frame, Frame)"/> with the repeated keys computed where they are used.</summary>
    public Frame Accepted(Frame flagged) => Accepted(flagged, RepeatedKeys(flagged));

    /// <summary>
    /// The hashes of the business keys that more than one passing row has (usually few: worth caching, as both sides of
    /// the dedupe use them), as column <c>_d_key_hash</c>. One 64-bit value groups and joins faster than the key's columns;
    /// a collision only sends a unique key through the repeated keys' path, which picks the same row. A NULL key is a key
    /// like any other, as in a window's partitions.
    /// </summary>
    public Frame RepeatedKeys(Frame flagged) =>
        Passing(flagged)
            .GroupBy(KeyHash().As("_d_key_hash"))
            .Agg(Count(Lit(1)).As("_rows"))
            .Filter(Col("_rows") > 1)
            .Select("_d_key_hash");

    private Frame Passing(Frame flagged) => flagged.Filter(AllPass(RuleSeverity.Drop, RuleSeverity.Fail));

    /// <summary>The business key's hash; the engines hash a NULL too.</summary>
    private Column KeyHash() => Fingerprint(Struct([.. _entity.BusinessKey.Select(Col)]));

    /// <summary>Rows whose key hash is one of the repeated keys' (<see cref="RepeatedKeys"/>).</summary>
    private Column SameKeyHash() => KeyHash() == Col("_d_key_hash");

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

    /// <summary>Per rule: rows checked and rows that broke it; and the rows that break at least one drop rule (the quarantine).</summary>
    public (IReadOnlyList<RuleCount> Rules, long Quarantined) CountRules(Frame flagged)
    {
        var aggregates = new List<Column> { Count(Lit(1)).As("_rows"), Sum(When(AllPass(RuleSeverity.Drop), 0).Otherwise(1)).As("_quarantined") };
        for (var i = 0; i < _rules.Count; i++)
        {
            aggregates.Add(Sum(When(Col(RuleFlag(i)), 0).Otherwise(1)).As(RuleFlag(i)));
        }

        var row = flagged.Agg(aggregates[0], [.. aggregates.Skip(1)]).Collect().Single();
        var checkedRows = row.GetInt64("_rows");
        long Sum0(string name) => row.IsNullAt(name) ? 0 : row.GetInt64(name);
        return ([.. _rules.Select((rule, i) => new RuleCount(rule, checkedRows, Sum0(RuleFlag(i))))], Sum0("_quarantined"));
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

    /// <summary>
    /// Not NULL and not only spaces; trimming copies the line, so only lines that start with a space are trimmed (trimming
    /// every record cost more than parsing it).
    /// </summary>
    private static Column NotBlank(Column line) => line.IsNotNull() & (line != "") & (!line.Like(" %") | (Trim(line) != ""));

    /// <summary>
    /// The raw schema with only the top-level fields the columns read (<c>r.field</c>) and the exploded field, so that the
    /// engine does not build values nobody reads (orders would otherwise parse every cart's lines). All of it when a column
    /// uses <c>r</c> as a whole.
    /// </summary>
    internal string ParsedSchema()
    {
        var schema = (StructType)DataType.Parse(_entity.RawSchema);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var expression in _entity.Columns.Select(c => c.Expression))
        {
            if (WholeRecord().IsMatch(expression))
            {
                return _entity.RawSchema;
            }

            used.UnionWith(FieldOfRecord().Matches(expression).Select(m => m.Groups[1].Value.Trim('`')));
        }

        if (_entity.ExplodeField is { } field)
        {
            used.Add(field);
        }

        var kept = schema.Fields.Where(f => used.Contains(f.Name)).ToList();
        if (kept.Count == 0 || kept.Count == schema.Fields.Count)
        {
            return _entity.RawSchema;
        }

        // Names that need quoting do not survive SimpleString: then parse everything rather than guess.
        var pruned = new StructType(kept).SimpleString;
        return RoundTrips(pruned, kept) ? pruned : _entity.RawSchema;
    }

    private static bool RoundTrips(string text, List<StructField> fields)
    {
        try
        {
            return DataType.Parse(text) is StructType parsed && parsed.Fields.Select(f => f.Name).SequenceEqual(fields.Select(f => f.Name), StringComparer.Ordinal);
        }
        catch (ParseException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"(?<![\w.`])r\s*\.\s*(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex FieldOfRecord();

    [GeneratedRegex(@"(?<![\w.`])r(?!\s*[\w.`(])")]
    private static partial Regex WholeRecord();

    private IEnumerable<string> RawFieldNames() =>
        ((StructType)DataType.Parse(_entity.RawSchema)).Fields.Select(f => f.Name);
}

/// <summary>How many rows a rule checked and how many broke it.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Checked">Rows checked.</param>
/// <param name="Failed">Rows that broke it.</param>
public sealed record RuleCount(QualityRule Rule, long Checked, long Failed);
