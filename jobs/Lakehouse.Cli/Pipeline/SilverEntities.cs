using Lakehouse.Common.Configuration;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using static Lakehouse.DataFrame.Functions;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Cli.Pipeline;

/// <summary>The silver tables a configuration asks for: each source mapped by its built-in profile, then the declared tables.</summary>
internal static class SilverEntities
{
    /// <summary>The tables gold needs; without all of them gold is skipped.</summary>
    public static readonly IReadOnlyList<string> GoldInputs = ["products", "order_lines", "customers"];

    public static IReadOnlyList<SilverEntity> For(PipelineConfig config)
    {
        var entities = new List<SilverEntity>();
        foreach (var source in config.Sources)
        {
            if (config.ProfileFor(source.Name) is { } profile)
            {
                entities.AddRange(SourceProfiles.Entities(profile, source.Name));
            }
        }

        entities.AddRange((config.SilverTables ?? []).Select(DeclaredTables.ToEntity));

        if (entities.Count == 0)
        {
            throw new ConfigurationException("The configuration builds no silver table: give a source \"profile\": \"dummyjson\" (or \"fakestore\"), or declare tables in \"silverTables\" (see 'lakehouse init').");
        }

        return entities;
    }

    /// <summary>
    /// Refuses tables over bronze batches silver cannot read: it reads JSON lines and CSV (header row) part files, so a
    /// batch that mixes CSV with other part files is refused (its lines would be read as neither). Says what to do instead.
    /// </summary>
    public static void CheckBronzeFormats(IReadOnlyList<SilverEntity> entities, string lake)
    {
        var layout = new LakeLayout(lake);
        foreach (var entity in entities)
        {
            var mixed = BronzeCatalog.List(layout, entity.Source, entity.Entity).FirstOrDefault(b => b.MixesCsv);
            if (mixed is not null)
            {
                throw new ConfigurationException(
                    $"Silver table '{entity.Table}' reads {entity.Source}/{entity.Entity}, whose bronze batch {mixed.Manifest.RunId} mixes CSV and other part files; " +
                    "silver reads a batch either as CSV or as JSON lines, so land that entity again with one \"format\".");
            }
        }
    }

    /// <summary>
    /// Builds (without running) the plan of each declared table over no rows, as silver shapes its input (the parsed record
    /// r, and line / line_number when exploding), so an unknown field, column or function, or a type error, is reported
    /// with the table and the column or rule before any job runs. Plans validate when built.
    /// </summary>
    public static void CheckDeclaredPlans(LakehouseSession session, PipelineConfig config)
    {
        foreach (var (table, i) in (config.SilverTables ?? []).Select((t, i) => (t, i)))
        {
            var entity = DeclaredTables.ToEntity(table);
            var at = $"$.silverTables[{i}]";
            var input = session.CreateDataFrame(
                Array.Empty<IReadOnlyList<object?>>(),
                new StructType([new StructField("_raw", DataType.String), new StructField("_batch_id", DataType.String), new StructField("_ingest_date", DataType.Date)]));
            var parsed = input.WithColumn("r", FromJson(Col("_raw"), entity.RawSchema));
            if (entity.ExplodeField is { } field)
            {
                parsed = Plan($"{at}.explodeField", entity, () => parsed
                    .Select(Col("*"), PosExplode(Col("r").GetField(field)))
                    .WithColumn("line_number", Col("pos") + 1)
                    .WithColumnRenamed("col", "line")
                    .Drop("pos"));
            }

            var columns = new List<Column>();
            foreach (var (column, j) in entity.Columns.Select((c, j) => (c, j)))
            {
                Plan($"{at}.columns[{j}].expression", entity, () =>
                {
                    var typed = Expr(column.Expression).Cast(column.Type).As(column.Name);
                    columns.Add(typed);
                    return parsed.Select(typed);
                });
            }

            // A referential rule's condition reads the lookup column the pipeline adds (checked on load: the table and column exist).
            var lookups = entity.References.Select(r => Lit(true).As(r.FoundColumn));
            var rows = parsed.Select([.. columns, Lit(true).As("_is_object"), .. lookups]);
            foreach (var (rule, j) in entity.Rules.Select((r, j) => (r, j)))
            {
                Plan($"{at}.rules[{j}].condition", entity, () => rows.Select(Coalesce(Expr(rule.Condition), Lit(false)).Cast(DataType.Boolean)));
            }
        }

        static Frame Plan(string where, SilverEntity entity, Func<Frame> build)
        {
            try
            {
                return build();
            }
            catch (Exception e) when (e is AnalysisException or ParseException or ArgumentException or NotSupportedException)
            {
                throw new ConfigurationException($"{where}: table '{entity.Table}': {e.Message}", e);
            }
        }
    }
}
