using System.Globalization;
using System.Text.RegularExpressions;
using Lakehouse.ApiSimulator;
using Lakehouse.Cli.Pipeline;
using Lakehouse.Common.Configuration;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using Lakehouse.Silver;
using Lakehouse.SparkConnect.Arrow;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Protocol;
using Lakehouse.SparkConnect.Session;
using Frame = Lakehouse.DataFrame.DataFrame;
using StructField = Lakehouse.DataFrame.StructField;
using StructType = Lakehouse.DataFrame.StructType;

namespace Lakehouse.Cli.Tests;

/// <summary>
/// <c>lakehouse silver --engine spark</c> on the DummyJSON fixture against <see cref="SparkOverLake"/>. The job's own
/// building blocks (EntityPipeline's frames, SilverTables' steps) are rebuilt on a Spark session over the fake and
/// compiled; the job must send exactly those relations, in the order of its contract: per entity and bronze batch, the
/// quarantine and metrics appends and the upsert under that batch's transaction, then categories.
/// </summary>
public sealed partial class SilverOnSparkTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lakehouse-silver-spark-");

    public void Dispose() => _work.Delete(recursive: true);

    private string Lake => Path.Combine(_work.FullName, "lake");

    private string EmbeddedLake => Path.Combine(_work.FullName, "embedded-lake");

    private string Config => Path.Combine(_work.FullName, "pipeline.json");

    /// <summary>Lands products and users, and carts when <paramref name="carts"/> is true.</summary>
    private async Task BronzeAsync(string runId, string? dataDirectory = null, bool carts = false)
    {
        await using var api = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { DataDirectory = dataDirectory ?? SharedFixtures.Folder("dummyjson") });
        await DummyJsonPipeline.WriteConfigAsync(_work.FullName, api.BaseAddress, carts);
        var bronze = await Cli.RunAsync("bronze", "--config", Config, "--lake", Lake, "--run-id", runId);
        bronze.ExitCode.Should().Be(0, bronze.Error);
    }

    /// <summary>The same bronze in another lake, where silver runs on the embedded engine.</summary>
    private async Task<(int ExitCode, string Out, string Error)> EmbeddedSilverAsync(string runId)
    {
        CopyDirectory(Path.Combine(Lake, "bronze"), Path.Combine(EmbeddedLake, "bronze"));
        return await Cli.RunAsync("silver", "--config", Config, "--lake", EmbeddedLake, "--run-id", runId);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>The DummyJSON fixture with the first product's price raised: bronze lands a new products batch only.</summary>
    private string RepricedFixture()
    {
        var folder = Path.Combine(_work.FullName, "repriced");
        CopyDirectory(SharedFixtures.Folder("dummyjson"), folder);
        var file = Path.Combine(folder, "products.json");
        var products = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsArray();
        products[0]!["price"] = products[0]!["price"]!.GetValue<decimal>() + 1.25m;
        File.WriteAllText(file, products.ToJsonString());
        return folder;
    }

    private static long Rows(LakehouseSession session, string table) => session.Read.Delta(table).Count();

    [Fact]
    public Task Silver_OnSpark_SendsTheCompiledPlansOfEachBatchUnderItsTransactionThenMergesTheNextBatch() => SilverOnSparkAsync(carts: false);

    /// <summary>The whole fixture, carts included (orders, and order_lines exploded from each cart's products).</summary>
    [Fact]
    public Task Silver_OnSparkWithCarts_CompilesOrderLines() => SilverOnSparkAsync(carts: true);

    /// <summary>With --spark-lake: Spark reads the bronze files and writes the tables at the lake's cloud address.</summary>
    [Fact]
    public Task Silver_OnSparkWithSparkLake_SendsEveryPathUnderThatAddress() => SilverOnSparkAsync(carts: true, SparkLake);

    private const string SparkLake = "abfss://lake@acct.dfs.core.windows.net/lake";

    /// <summary>Where the engine reads and writes a silver table.</summary>
    private static string EngineTable(LakeLayout layout, string table) => layout.ForEngine(layout.SilverTable(table));

    private async Task SilverOnSparkAsync(bool carts, string? sparkLake = null)
    {
        await BronzeAsync("b1", carts: carts);
        var entities = SilverEntities.For(PipelineConfigLoader.Load(Config));
        await using var spark = await SparkOverLake.StartAsync(Lake, sparkLake);
        string[] sparkArgs = sparkLake is null ? [] : ["--spark-lake", sparkLake];
        var job = new SilverJobTwins(spark, entities, "s1", "b1");

        var (exitCode, output, error) = await Cli.RunAsync(["silver", "--config", Config, "--lake", Lake, "--run-id", "s1", "--engine", "spark", "--remote", spark.Remote, .. sparkArgs]);

        exitCode.Should().Be(0, error + output);
        spark.Unexpected.Should().BeEmpty();
        job.Pending.Should().BeEmpty("the twins of every batch were built, those reading silver tables when the job got to them");
        var layout = spark.Layout;
        var writes = spark.CliExecutions.Select(e => e.Plan.Command).Where(c => c?.WriteOperation is not null).Select(c => c.WriteOperation).ToList();
        var expectedWrites = new List<(string Path, WriteOperation.Types.SaveMode Mode, string? AppId)>();
        foreach (var (entity, batch) in job.Batches)
        {
            var batchId = $"{entity.Table}/{batch.ApplicationId}";
            expectedWrites.Add((EngineTable(layout, SilverJob.QuarantineTable), WriteOperation.Types.SaveMode.Append, batchId));
            expectedWrites.Add((EngineTable(layout, SilverJob.MetricsTable), WriteOperation.Types.SaveMode.Append, batchId));
            expectedWrites.Add((EngineTable(layout, entity.Table), WriteOperation.Types.SaveMode.Overwrite, batch.ApplicationId)); // a new table
            if (entity.HistoryTable is { } history)
            {
                expectedWrites.Add((EngineTable(layout, history), WriteOperation.Types.SaveMode.Overwrite, batch.ApplicationId));
            }
        }

        expectedWrites.Add((EngineTable(layout, SilverJob.CategoriesTable), WriteOperation.Types.SaveMode.Overwrite, null));
        writes.Select(w => (w.Path, w.Mode, w.Options.TryGetValue("txnAppId", out var id) ? id : null)).Should().Equal(expectedWrites);
        writes.Where(w => w.Options.ContainsKey("txnAppId")).Should().OnlyContain(w => w.Options["txnVersion"] == "1" && w.Source == "delta");

        // The upserts are the compiled Accepted frames; the appends and history the compiled frames of the same steps.
        foreach (var (entity, batch) in job.Batches)
        {
            writes.Single(w => w.Path == EngineTable(layout, entity.Table)).Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(job.Accepted[SilverJobTwins.Key(entity, batch)]), entity.Table);
        }

        job.QuarantineMatched.Should().BeEquivalentTo(job.Batches.Select(b => SilverJobTwins.Key(b.Entity, b.Batch)));
        foreach (var (entity, batch) in job.Batches.Where(b => b.Entity.Table == "order_lines"))
        {
            // product_exists: the lines the job persisted were looked up in the silver products it had just written.
            var sent = SparkConnectPlanCompiler.CompileRelation(job.Flagged[SilverJobTwins.Key(entity, batch)]).ToString();
            sent.Should().Contain(EngineTable(layout, "products"), "order_lines reads silver products, written earlier in the run");
            job.RuleCounts[SilverJobTwins.Key(entity, batch)].Should().ContainSingle(c => c.Rule.Name == "product_exists" && c.Checked > 0);
        }

        job.MetricsMatched.Should().BeEquivalentTo(job.Batches.Select(b => SilverJobTwins.Key(b.Entity, b.Batch)), "each metrics append holds the embedded engine's rule counts");
        job.StepsMatched.Should().Equal([.. entities.Where(e => e.HistoryTable is not null).Select(e => e.HistoryTable!), SilverJob.CategoriesTable]);

        // Per batch, the flagged rows and the repeated keys were persisted on Spark for their several uses, and released.
        var persisted = spark.CliAnalyses.Where(a => a.AnalyzeCase == AnalyzePlanRequest.AnalyzeOneofCase.Persist).Select(a => a.Persist.Relation).ToList();
        var unpersisted = spark.CliAnalyses.Where(a => a.AnalyzeCase == AnalyzePlanRequest.AnalyzeOneofCase.Unpersist).Select(a => a.Unpersist.Relation).ToList();
        var flaggedAndRepeated = job.Batches.Select(b => SilverJobTwins.Key(b.Entity, b.Batch))
            .Select(k => (Flagged: SparkConnectPlanCompiler.CompileRelation(job.Flagged[k]), Repeated: SparkConnectPlanCompiler.CompileRelation(job.RepeatedKeys[k])))
            .ToList();
        persisted.Should().Equal(flaggedAndRepeated.SelectMany(p => new[] { p.Flagged, p.Repeated }));
        unpersisted.Should().Equal(flaggedAndRepeated.SelectMany(p => new[] { p.Repeated, p.Flagged }));

        // The lake "Spark" wrote holds what the embedded engine's own silver run writes from the same bronze.
        var embedded = await EmbeddedSilverAsync("s1");
        embedded.ExitCode.Should().Be(0, embedded.Error);
        AssertSameTables(entities);

        // A second bronze batch (products repriced): the table exists, so the upsert is a MERGE on Spark under the batch's
        // transaction, and the price history gets a new version.
        await BronzeAsync("b2", RepricedFixture(), carts);
        var before = spark.CliExecutions.Count;
        var next = new SilverJobTwins(spark, entities, "s2", "b2");

        var second = await Cli.RunAsync(["silver", "--config", Config, "--lake", Lake, "--run-id", "s2", "--engine", "spark", "--remote", spark.Remote, .. sparkArgs]);

        second.ExitCode.Should().Be(0, second.Error + second.Out);
        spark.Unexpected.Should().BeEmpty();
        var commands = spark.CliExecutions.Skip(before).Select(e => e.Plan.Command).Where(c => c is not null).ToList();
        var merges = commands.Where(c => c.SqlCommand?.Sql.StartsWith("MERGE", StringComparison.Ordinal) == true).Select(c => c.SqlCommand.Sql).ToList();
        next.Batches.Select(b => b.Entity.Table).Should().Equal("products");
        merges.Should().HaveCount(next.Batches.Count);
        var views = commands.Where(c => c.CreateDataframeView is not null).Select(c => c.CreateDataframeView).ToList();
        for (var i = 0; i < next.Batches.Count; i++)
        {
            var (entity, batch) = next.Batches[i];
            views[i].Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(next.Accepted[SilverJobTwins.Key(entity, batch)]), entity.Table);
            merges[i].Should().Be(
                $"MERGE INTO delta.`{EngineTable(layout, entity.Table)}` AS t USING `{views[i].Name}` AS s ON "
                + string.Join(" AND ", entity.BusinessKey.Select(k => $"t.`{k}` = s.`{k}`"))
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        }

        // Each MERGE ran under its batch's transaction: Delta's txn confs set just before it.
        var sets = spark.Fake.Requests.Where(r => r.Method == "Config").Select(r => ((ConfigRequest)r.Message).Operation)
            .Where(o => o.OpTypeCase == ConfigRequest.Types.Operation.OpTypeOneofCase.Set && o.Set.Pairs.Any(p => p.Key == SparkConnectEngine.TxnAppIdConf))
            .Select(o => o.Set.Pairs.ToDictionary(p => p.Key, p => p.Value)).ToList();
        sets.Select(s => (s[SparkConnectEngine.TxnAppIdConf], s[SparkConnectEngine.TxnVersionConf])).Should().Equal(next.Batches.Select(b => (b.Batch.ApplicationId, "1")));
        spark.Fake.Confs.Should().NotContainKey(SparkConnectEngine.TxnAppIdConf, "the client unsets them after each MERGE");

        var embeddedSecond = await EmbeddedSilverAsync("s2");
        embeddedSecond.ExitCode.Should().Be(0, embeddedSecond.Error);
        AssertSameTables(entities);
        next.MetricsMatched.Should().HaveCount(next.Batches.Count);
        next.QuarantineMatched.Should().HaveCount(next.Batches.Count);
        next.StepsMatched.Should().Equal("product_price_history", SilverJob.CategoriesTable);
        using var check = LakehouseSession.Create();
        check.Read.Delta(Path.Combine(Lake, "silver", "product_price_history")).Filter(!Lakehouse.DataFrame.Functions.Col("is_current")).Count()
            .Should().Be(1, "the repriced product's first price was closed");
    }

    private void AssertSameTables(IReadOnlyList<SilverEntity> entities)
    {
        using var session = LakehouseSession.Create();
        var tables = entities.Select(e => e.Table)
            .Concat(entities.Where(e => e.HistoryTable is not null).Select(e => e.HistoryTable!))
            .Concat([SilverJob.QuarantineTable, SilverJob.MetricsTable, SilverJob.CategoriesTable]);
        foreach (var table in tables)
        {
            var exists = Lakehouse.DataFrame.DeltaTable.IsDeltaTable(Path.Combine(EmbeddedLake, "silver", table));
            Lakehouse.DataFrame.DeltaTable.IsDeltaTable(Path.Combine(Lake, "silver", table)).Should().Be(exists, table);
            if (!exists)
            {
                continue; // orders and order_lines: no carts were landed
            }

            var onSpark = Rows(session, Path.Combine(Lake, "silver", table));
            onSpark.Should().Be(Rows(session, Path.Combine(EmbeddedLake, "silver", table)), table);
            if (entities.Any(e => e.Table == table))
            {
                onSpark.Should().BePositive(table);
            }
        }

        // Applied batches are recorded alike (the txn app ids the next run reads locally).
        foreach (var entity in entities.Where(e => Lakehouse.DataFrame.DeltaTable.IsDeltaTable(Path.Combine(EmbeddedLake, "silver", e.Table))))
        {
            using var spark = Lakehouse.Delta.DeltaTable.ForPath(Path.Combine(Lake, "silver", entity.Table));
            using var embedded = Lakehouse.Delta.DeltaTable.ForPath(Path.Combine(EmbeddedLake, "silver", entity.Table));
            spark.GetSnapshot().Transactions.Keys.Should().BeEquivalentTo(embedded.GetSnapshot().Transactions.Keys, entity.Table);
        }
    }

    /// <summary>
    /// The silver job's plans for the batches of one bronze run, rebuilt from its own building blocks on both sessions of
    /// <see cref="SparkOverLake"/>, and the fake's answers for the steps whose plans depend on the moment they run.
    /// </summary>
    private sealed partial class SilverJobTwins
    {
        private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;
        private readonly SparkOverLake _spark;
        private readonly string _runId;
        private readonly Dictionary<string, (EntityPipeline Pipeline, Frame Spark, Frame Embedded)> _flagged = [];
        private readonly HashSet<string> _pending = [];

        public SilverJobTwins(SparkOverLake spark, IReadOnlyList<SilverEntity> entities, string runId, string bronzeRun)
        {
            _spark = spark;
            _runId = runId;
            var layout = spark.Layout;
            Batches = [.. entities.SelectMany(e => BronzeCatalog.List(layout, e.Source, e.Entity).Where(b => b.Manifest.RunId == bronzeRun).Select(b => (e, b)))];
            Batches.Should().NotBeEmpty();
            for (var i = 0; i < Batches.Count; i++)
            {
                var (entity, batch) = Batches[i];
                if (new EntityPipeline(entity).References.Count == 0)
                {
                    Expect(entity, batch);
                    continue;
                }

                // Its rules look up silver tables (order_lines: products) that the job writes in this run: its twins read
                // them as the job does once every batch before it is applied, that is when the job gets to it.
                var before = Batches.Take(i).ToList();
                _pending.Add(Key(entity, batch));
                spark.ExpectLater(() =>
                {
                    if (!before.All(b => Applied(b.Entity, b.Batch)))
                    {
                        return false;
                    }

                    Expect(entity, batch);
                    _pending.Remove(Key(entity, batch));
                    return true;
                });
            }

            spark.RelationFallback = Fallback;
            spark.WriteFallback = WriteStep;
        }

        /// <summary>The batches whose twins are still to be built (they wait for the job to reach them).</summary>
        public IReadOnlyCollection<string> Pending => _pending;

        /// <summary>The twins and answers of one entity's batch: its flagged rows, repeated keys, accepted rows and rule counts.</summary>
        private void Expect(SilverEntity entity, BronzeBatch batch)
        {
            var spark = _spark;
            var layout = spark.Layout;
            var pipeline = new EntityPipeline(entity);
            var references = pipeline.References.Select(r => r.Table).ToList();
            // The referenced tables as the job reads them: those that exist now, where each session's engine sees them.
            var (flagged, flaggedHere) = spark.Twin((session, _) => pipeline.Transform(
                EntityPipeline.ReadBatches(session, [batch], session == spark.Embedded ? null : layout),
                new SilverTables(session, session == spark.Embedded ? new LakeLayout(layout.Root) : layout).Lookups(references)));
            flaggedHere = flaggedHere.Cache(); // as the job caches it: counts, quarantine, repeated keys and the dedupe read it
            var key = Key(entity, batch);
            _flagged[key] = (pipeline, flagged, flaggedHere);
            Flagged[key] = flagged;
            var (repeated, repeatedHere) = spark.Twin((session, _) => pipeline.RepeatedKeys(session == spark.Embedded ? flaggedHere : flagged));
            repeatedHere = repeatedHere.Cache(); // as the job
            RepeatedKeys[key] = repeated;
            Accepted[key] = spark.Twin((session, _) => session == spark.Embedded ? pipeline.Accepted(flaggedHere, repeatedHere) : pipeline.Accepted(flagged, repeated)).Spark;

            // CountRules collects its aggregate itself: its relation is what it sends on a Spark session, its answer the
            // embedded engine's counts.
            var (rules, quarantined) = pipeline.CountRules(flaggedHere);
            RuleCounts[key] = rules;
            var schema = new StructType([.. new[] { "_rows", "_quarantined" }.Concat(rules.Select((_, i) => EntityPipeline.RuleFlag(i))).Select(n => new StructField(n, Lakehouse.DataFrame.DataType.Long))]);
            var answer = (schema, (IReadOnlyList<IReadOnlyList<object?>>)[[rules[0].Checked, quarantined, .. rules.Select(r => (object?)r.Failed)]]);
            var sent = spark.Capture(() => pipeline.CountRules(flagged), answer);
            spark.Answer((Relation)sent.Should().ContainSingle().Subject, answer);
        }

        /// <summary>True when the lake's table of <paramref name="entity"/> has applied <paramref name="batch"/>.</summary>
        private bool Applied(SilverEntity entity, BronzeBatch batch)
        {
            var path = _spark.Layout.SilverTable(entity.Table);
            if (!Lakehouse.DataFrame.DeltaTable.IsDeltaTable(path))
            {
                return false;
            }

            using var delta = Lakehouse.Delta.DeltaTable.ForPath(path);
            return delta.GetSnapshot().Transactions.ContainsKey(batch.ApplicationId);
        }

        /// <summary>Per entity and batch (orders and order_lines read the same bronze batch).</summary>
        public List<(SilverEntity Entity, BronzeBatch Batch)> Batches { get; }

        public Dictionary<string, Frame> Flagged { get; } = [];

        /// <summary>The key of an entity's batch in <see cref="Flagged"/>, <see cref="Accepted"/> and <see cref="RuleCounts"/>.</summary>
        public static string Key(SilverEntity entity, BronzeBatch batch) => $"{entity.Table}/{batch.ApplicationId}";

        public Dictionary<string, Frame> Accepted { get; } = [];

        public Dictionary<string, Frame> RepeatedKeys { get; } = [];

        public Dictionary<string, IReadOnlyList<RuleCount>> RuleCounts { get; } = [];

        public List<string> QuarantineMatched { get; } = [];

        public List<string> MetricsMatched { get; } = [];

        public List<string> StepsMatched { get; } = [];

        /// <summary>The timestamp literals of a plan: one of them is the moment the job stamped its rows with.</summary>
        private static IEnumerable<DateTimeOffset> StampsOf(Google.Protobuf.IMessage message) =>
            TimestampLiteral().Matches(message.ToString() ?? "")
                .Select(m => Epoch.AddTicks(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 10))
                .Distinct();

        private Frame? Fallback(Relation relation)
        {
            if (relation.RelTypeCase == Relation.RelTypeOneofCase.LocalRelation)
            {
                return Metrics(relation);
            }

            // The quarantine rows carry the run id and the moment the job took: rebuilt with the moment the plan holds.
            foreach (var ((entity, batch), at) in Batches.Where(b => _flagged.ContainsKey(Key(b.Entity, b.Batch))).SelectMany(b => StampsOf(relation).Select(at => (b, at))))
            {
                var (pipeline, flagged, flaggedHere) = _flagged[Key(entity, batch)];
                var twin = _spark.Twin((session, _) => pipeline.Quarantined(session == _spark.Embedded ? flaggedHere : flagged, _runId, at));
                if (SparkConnectPlanCompiler.CompileRelation(twin.Spark).Equals(relation))
                {
                    QuarantineMatched.Add(Key(entity, batch));
                    return twin.Embedded;
                }
            }

            return null;
        }

        /// <summary>The metrics rows (a local relation): decoded, they must be the embedded engine's rule counts of one batch.</summary>
        private Frame? Metrics(Relation relation)
        {
            var reader = new ArrowStreamReader(relation.LocalRelation.Data.Memory, "metrics");
            var rows = reader.ReadBatches().SelectMany(b => SparkRowConverter.Rows(b, SilverTables.MetricsSchema, "metrics")).ToList();
            var twin = _spark.Twin((session, _) => session.CreateDataFrame(rows, SilverTables.MetricsSchema));
            if (!SparkConnectPlanCompiler.CompileRelation(twin.Spark).Equals(relation))
            {
                return null;
            }

            foreach (var (entity, batch) in Batches.Where(b => RuleCounts.ContainsKey(Key(b.Entity, b.Batch))))
            {
                var counts = RuleCounts[Key(entity, batch)];
                var expected = counts.Select(c => ((string?)_runId, (string?)entity.Table, (string?)batch.Manifest.RunId, (string?)c.Rule.Name, c.Checked, c.Failed));
                var actual = rows.Select(r => (r.GetString("run_id"), r.GetString("table_name"), r.GetString("batch_id"), r.GetString("rule"), r.GetInt64("rows_checked"), r.GetInt64("rows_failed")));
                if (actual.SequenceEqual(expected))
                {
                    MetricsMatched.Add(Key(entity, batch));
                    return twin.Embedded;
                }
            }

            return null;
        }

        /// <summary>History and categories: SilverTables' own step, run on a Spark session (its write must be the job's) and then on the lake.</summary>
        private bool WriteStep(WriteOperation write)
        {
            var layout = _spark.Layout;
            var history = Batches.Select(b => b.Entity).FirstOrDefault(e => e.HistoryTable is { } h && EngineTable(layout, h) == write.Path);
            Action<SilverTables> step;
            string name;
            if (history is not null && StampsOf(write.Input).ToList() is [var at])
            {
                var appId = write.Options["txnAppId"];
                step = tables => tables.RecordHistory(history, appId, at, CancellationToken.None);
                name = history.HistoryTable!;
            }
            else if (write.Path == EngineTable(layout, SilverJob.CategoriesTable))
            {
                step = tables => tables.RebuildCategories(CancellationToken.None);
                name = SilverJob.CategoriesTable;
            }
            else
            {
                return false;
            }

            var sent = _spark.Capture(() => step(new SilverTables(_spark.Spark, layout)));
            if (sent is not [Command { WriteOperation: { } expected }] || !expected.Equals(write))
            {
                return false;
            }

            step(new SilverTables(_spark.Embedded, new LakeLayout(layout.Root)));
            StepsMatched.Add(name);
            return true;
        }

        [GeneratedRegex("\"timestamp\": \"(-?[0-9]+)\"")]
        private static partial Regex TimestampLiteral();
    }
}
