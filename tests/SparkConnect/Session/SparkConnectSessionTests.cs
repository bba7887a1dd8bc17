using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Client;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Protocol;
using Lakehouse.SparkConnect.Session;
using static Lakehouse.DataFrame.Functions;
using DataType = Lakehouse.DataFrame.DataType;
using DeltaTable = Lakehouse.DataFrame.DeltaTable;
using SaveMode = Lakehouse.DataFrame.SaveMode;
using StructField = Lakehouse.DataFrame.StructField;
using StructType = Lakehouse.DataFrame.StructType;

namespace Lakehouse.SparkConnect.Tests.Session;

public sealed class SparkConnectSessionTests
{
    private const string OrdersPath = "abfss://lake@account.dfs.core.windows.net/bronze/orders";
    private const string ProductsTable = "abfss://lake@account.dfs.core.windows.net/silver/products";

    private static readonly StructType Orders = new(
    [
        new StructField("id", DataType.Long),
        new StructField("customer", DataType.String),
        new StructField("amount", new DecimalType(12, 2)),
        new StructField("placed_at", DataType.Timestamp),
        new StructField("day", DataType.Date),
    ]);

    private static readonly object?[][] OrderRows =
    [
        [1L, "ada", 10.50m, new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), new DateOnly(2024, 1, 2)],
        [2L, null, 0.99m, new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero), new DateOnly(2024, 1, 3)],
        [3L, "bob", null, null, null],
        [4L, "cy", 1234567890.12m, new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero), new DateOnly(1999, 12, 31)],
        [5L, "dee", -3.00m, new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero), new DateOnly(2024, 6, 1)],
    ];

    [Fact]
    public async Task Engine_SparkSession_IsSparkAndEmbeddedSessionIsEmbedded()
    {
        await using var spark = await FakeSpark.StartAsync();
        using var session = spark.OpenSession();
        using var embedded = LakehouseSession.Create();

        session.Engine.Should().Be(EngineKind.Spark);
        embedded.Engine.Should().Be(EngineKind.Embedded);
        spark.Requests.Should().BeEmpty("opening a session does not call the server");
    }

    [Fact]
    public async Task FirstCall_SetsTheSparkSessionTimeZoneToUtcOnce()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        using var session = spark.OpenSession();

        session.Read.Json(OrdersPath).Write.Format("delta").Save(ProductsTable);

        spark.Requests.Select(r => r.Method).Should().Equal("Config", "AnalyzePlan", "ExecutePlan");
        ((ConfigRequest)spark.Requests[0].Message).Operation.Set.Pairs.Should().Equal(new KeyValue { Key = "spark.sql.session.timeZone", Value = "UTC" });
    }

    [Fact]
    public async Task ReadJson_NoSchema_TakesSparksSchemaFromAnalyzePlanAndPassesThePathThrough()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        using var session = spark.OpenSession();

        var orders = session.Read.Option("multiLine", "false").Json(OrdersPath);

        orders.Schema.Should().Be(Orders);
        var analysis = spark.Analyses.Should().ContainSingle().Subject;
        analysis.Schema.Plan.Root.Should().Be(SparkConnectPlanCompiler.CompileRelation(orders));
        analysis.Schema.Plan.Root.Read.DataSource.Paths.Should().Equal(OrdersPath);
        analysis.Schema.Plan.Root.Read.DataSource.Format.Should().Be("json");
    }

    [Fact]
    public async Task Collect_MultiBatchArrowResult_DecodesEveryRowAndSendsTheCompiledRelation()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        spark.RowsPerBatch = 2;
        using var session = spark.OpenSession();
        var query = session.Read.Json(OrdersPath).Filter("amount IS NULL OR amount < 2000").OrderBy(Col("id"));
        spark.Rows = (query.Schema, OrderRows);

        var rows = query.Collect();

        rows.Select(r => r.Values.ToArray()).Should().BeEquivalentTo(OrderRows, o => o.WithStrictOrdering());
        rows[0].GetTimestamp("placed_at").Offset.Should().Be(TimeSpan.Zero);
        rows[0].GetDecimal("amount").Should().Be(10.50m);
        rows[0].Schema.Should().Be(query.Schema);
        var execute = spark.ExecutePlans.Should().ContainSingle().Subject;
        execute.Plan.Root.Should().Be(SparkConnectPlanCompiler.CompileRelation(query));
    }

    [Fact]
    public async Task ToLocalIterator_RowsOfTheFirstBatch_ArriveBeforeTheServerSendsTheNextBatch()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        var firstRowSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        spark.AfterFirstBatch = firstRowSeen.Task;
        using var session = spark.OpenSession();
        var orders = session.Read.Json(OrdersPath);
        spark.Rows = (orders.Schema, OrderRows);

        var seen = new List<long>();
        await Task.Run(() =>
        {
            foreach (var row in orders.ToLocalIterator())
            {
                seen.Add(row.GetInt64("id"));
                firstRowSeen.TrySetResult();
            }
        });

        // The server holds the second batch back until the first row reached the caller: without streaming this hangs
        // until the server's 30 s wait fails the call.
        seen.Should().Equal(1L, 2L, 3L, 4L, 5L);
    }

    [Fact]
    public async Task ToLocalIterator_StoppedAfterTheFirstRow_ResetsTheServersStream()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        spark.AfterFirstBatch = new TaskCompletionSource().Task;
        using var session = spark.OpenSession();
        var orders = session.Read.Json(OrdersPath);
        spark.Rows = (orders.Schema, OrderRows);

        var first = await Task.Run(() => orders.ToLocalIterator().First());

        first.GetInt64("id").Should().Be(1);
        await spark.RequestAborted.WaitAsync(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task Count_SendsSparksGroupByCountOfTheDataFrameAndReadsTheBigint()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        using var session = spark.OpenSession();
        var orders = session.Read.Json(OrdersPath).Filter(Col("amount") > Lit(1));
        spark.Rows = (new StructType([new StructField("count", DataType.Long, false)]), [[42L]]);

        var count = orders.Count();

        count.Should().Be(42);
        spark.ExecutePlans.Single().Plan.Root.Should().Be(SparkConnectPlanCompiler.CompileRelation(orders.GroupBy(Array.Empty<Column>()).Count()));
    }

    [Fact]
    public async Task ShowString_RowsFromSeveralBatches_FormatsSparksTableOfTheFirstRows()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("id", DataType.Long), new StructField("name", DataType.String)]);
        spark.RowsPerBatch = 1;
        using var session = spark.OpenSession();
        var people = session.Table("people");
        spark.Rows = (people.Schema, [[1L, "ada"], [2L, null], [3L, "a longer name"]]);

        var text = people.ShowString(numRows: 2);

        text.Should().Be(
            "+---+----+\n" +
            "| id|name|\n" +
            "+---+----+\n" +
            "|  1| ada|\n" +
            "|  2|NULL|\n" +
            "+---+----+\n" +
            "only showing top 2 rows\n");
        spark.ExecutePlans.Single().Plan.Root.Should().Be(SparkConnectPlanCompiler.CompileRelation(people.Limit(3)));
        spark.Analyses.Single().Schema.Plan.Root.Read.NamedTable.UnparsedIdentifier.Should().Be("people");
    }

    [Fact]
    public async Task SaveDelta_WithTransactionOptions_SendsAWriteOperationForSparksDelta()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        using var session = spark.OpenSession();
        var orders = session.Read.Json(OrdersPath).Select("id", "customer");

        orders.Write.Format("delta").Mode("append").Option("txnAppId", "batch-2024-01-02").Option("txnVersion", "7").Save(ProductsTable);

        var write = spark.ExecutePlans.Single().Plan.Command.WriteOperation;
        write.Source.Should().Be("delta");
        write.Path.Should().Be(ProductsTable);
        write.Mode.Should().Be(WriteOperation.Types.SaveMode.Append);
        write.Options.Should().Equal(new Dictionary<string, string> { ["txnAppId"] = "batch-2024-01-02", ["txnVersion"] = "7" });
        write.Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(orders));
    }

    [Fact]
    public async Task SaveAsTable_Overwrite_SendsAWriteOperationToTheTable()
    {
        await using var spark = await FakeSpark.StartAsync();
        using var session = spark.OpenSession();
        var range = session.Range(3);

        range.Write.Format("delta").Mode(SaveMode.Overwrite).PartitionBy("id").SaveAsTable("gold.numbers");

        var write = spark.ExecutePlans.Single().Plan.Command.WriteOperation;
        write.Table.TableName.Should().Be("gold.numbers");
        write.Table.SaveMethod.Should().Be(WriteOperation.Types.SaveTable.Types.TableSaveMethod.SaveAsTable);
        write.Mode.Should().Be(WriteOperation.Types.SaveMode.Overwrite);
        write.PartitioningColumns.Should().Equal("id");
        write.Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(range));
    }

    [Fact]
    public async Task Merge_WithTransaction_SendsTheViewTheTxnConfsTheMergeSqlThenCleansUp()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("id", DataType.String), new StructField("title", DataType.String)]);
        spark.MergeResult = [[5L, 2L, 0L, 3L]];
        using var session = spark.OpenSession();
        var incoming = session.CreateDataFrame([["P000001", "Mascara"], ["P000002", "Lipstick"]], spark.Schema);
        var path = ProductsTable + "/odd`name";

        var metrics = DeltaTable.ForPath(session, path)
            .Merge(incoming, "id")
            .WhenMatchedUpdateAll()
            .WhenNotMatchedInsertAll()
            .WithTransaction("batch-2024-01-02", 1)
            .Execute();

        metrics.Should().Be(new DeltaMergeMetrics(false, RowsInserted: 3, RowsUpdated: 2, RowsDeleted: 0));
        var requests = spark.Requests.Skip(1).ToList();
        spark.Requests[0].Method.Should().Be("Config", "the session's time zone is set first");
        requests.Select(r => r.Method).Should().Equal("AnalyzePlan", "ExecutePlan", "Config", "ExecutePlan", "Config", "ExecutePlan");
        ((AnalyzePlanRequest)requests[0].Message).Schema.Plan.Root.Read.DataSource.Should().Match<Read.Types.DataSource>(d => d.Format == "delta" && d.Paths.Single() == path);

        var view = ((ExecutePlanRequest)requests[1].Message).Plan.Command.CreateDataframeView;
        view.Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(incoming));
        view.Replace.Should().BeTrue();
        view.IsGlobal.Should().BeFalse();
        view.Name.Should().MatchRegex("^lakehouse_merge_source_[0-9a-f]{32}$");

        ((ConfigRequest)requests[2].Message).Operation.Set.Pairs.Should().Equal(
            new KeyValue { Key = "spark.databricks.delta.write.txnAppId", Value = "batch-2024-01-02" },
            new KeyValue { Key = "spark.databricks.delta.write.txnVersion", Value = "1" });
        ((ExecutePlanRequest)requests[3].Message).Plan.Command.SqlCommand.Sql.Should().Be(
            "MERGE INTO delta.`abfss://lake@account.dfs.core.windows.net/silver/products/odd``name` AS t " +
            $"USING `{view.Name}` AS s ON t.`id` = s.`id` WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
        ((ConfigRequest)requests[4].Message).Operation.Unset.Keys.Should().Equal(
            "spark.databricks.delta.write.txnAppId", "spark.databricks.delta.write.txnVersion");
        ((ExecutePlanRequest)requests[5].Message).Plan.Command.SqlCommand.Sql.Should().Be($"DROP VIEW IF EXISTS `{view.Name}`");
    }

    [Fact]
    public async Task Merge_SparkAnswersNoMetricsRow_IsReportedAsSkipped()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("id", DataType.String)]);
        spark.MergeResult = [];
        using var session = spark.OpenSession();
        var incoming = session.CreateDataFrame([["P000001"]], spark.Schema);

        var metrics = DeltaTable.ForPath(session, ProductsTable).Merge(incoming, "id").WhenNotMatchedInsertAll().Execute();

        metrics.Should().Be(new DeltaMergeMetrics(true, 0, 0, 0));
        spark.Requests.Where(r => r.Method == "Config").Should().ContainSingle("no transaction was given, so only the session's time zone is set")
            .Which.Message.Should().Match<ConfigRequest>(c => c.Operation.Set.Pairs.Single().Key == "spark.sql.session.timeZone");
    }

    [Fact]
    public async Task Merge_SparkFailsTheStatement_SurfacesSparksErrorAfterUnsettingTheTxnAndDroppingTheView()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("id", DataType.String)]);
        spark.MergeError = new("org.apache.spark.sql.delta.DeltaAnalysisException", "DELTA_MERGE_UNRESOLVED_EXPRESSION", "[DELTA_MERGE_UNRESOLVED_EXPRESSION] Cannot resolve t.id");
        using var session = spark.OpenSession();
        var incoming = session.CreateDataFrame([["P000001"]], spark.Schema);
        var merge = DeltaTable.ForPath(session, ProductsTable).Merge(incoming, "id").WhenMatchedUpdateAll().WithTransaction("batch-9", 9);

        var act = () => merge.Execute();

        act.Should().Throw<SparkConnectException>().Which.ErrorClass.Should().Be("DELTA_MERGE_UNRESOLVED_EXPRESSION");
        spark.Requests.Select(r => r.Method).Should().Equal("Config", "AnalyzePlan", "ExecutePlan", "Config", "ExecutePlan", "Config", "ExecutePlan");
        ((ConfigRequest)spark.Requests[5].Message).Operation.Unset.Keys.Should().Contain("spark.databricks.delta.write.txnAppId");
        spark.ExecutePlans.Last().Plan.Command.SqlCommand.Sql.Should().StartWith("DROP VIEW IF EXISTS `lakehouse_merge_source_");
    }

    [Fact]
    public async Task Merge_TxnConfsCouldNotBeUnset_NextWriteUnsetsThemBeforeItRuns()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("id", DataType.String)]);
        spark.MergeError = new("org.apache.spark.SparkException", "INTERNAL_ERROR", "boom");
        spark.ConfigUnsetFailures = 2;
        using var session = spark.OpenSession();
        var incoming = session.CreateDataFrame([["P000001"]], spark.Schema);
        var merge = () => DeltaTable.ForPath(session, ProductsTable).Merge(incoming, "id").WhenMatchedUpdateAll().WithTransaction("batch-9", 9).Execute();
        merge.Should().Throw<SparkConnectException>().WithMessage("*boom*");
        var before = spark.Requests.Count;

        incoming.Write.Format("delta").Mode("append").Save(ProductsTable);

        // Left set, the confs would make Spark's Delta commit (or skip) this unrelated write as batch-9.
        var after = spark.Requests.Skip(before).ToList();
        after.Select(r => r.Method).Should().Equal("Config", "ExecutePlan");
        ((ConfigRequest)after[0].Message).Operation.Unset.Keys.Should().Equal(
            "spark.databricks.delta.write.txnAppId", "spark.databricks.delta.write.txnVersion");
        ((ExecutePlanRequest)after[1].Message).Plan.Command.WriteOperation.Path.Should().Be(ProductsTable);
    }

    [Fact]
    public async Task Merge_KeyNotInSource_FailsBeforeAnythingIsSentToRun()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("id", DataType.String)]);
        using var session = spark.OpenSession();
        var incoming = session.CreateDataFrame([["P000001"]], spark.Schema);
        var builder = DeltaTable.ForPath(session, ProductsTable).Merge(incoming, "sku").WhenMatchedUpdateAll();

        var act = () => builder.Execute();

        act.Should().Throw<AnalysisException>().WithMessage("*`sku`*not a column of the source*id*");
        spark.ExecutePlans.Should().BeEmpty();
    }

    [Fact]
    public async Task DeltaTransactions_OnSpark_FailsNamingTheOperationAndTheEmbeddedEngine()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("id", DataType.String)]);
        using var session = spark.OpenSession();
        var table = DeltaTable.ForPath(session, ProductsTable);

        var act = () => table.Transactions();

        var error = act.Should().Throw<EngineNotSupportedException>().Which;
        error.Operation.Should().Be("DeltaTable.Transactions");
        error.Engine.Should().Be(EngineKind.Spark);
        error.Message.Should().Contain("DeltaTable.Transactions needs the embedded engine").And.Contain("txnAppId");
        spark.Analyses.Should().ContainSingle("only ForPath asked Spark whether the table exists");
        spark.ExecutePlans.Should().BeEmpty();
    }

    [Fact]
    public async Task IsDeltaTable_SparkSaysMissingDeltaTable_IsFalseAndForPathFailsClearly()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.AnalyzeError = new("org.apache.spark.sql.delta.DeltaAnalysisException", "DELTA_MISSING_DELTA_TABLE", $"[DELTA_MISSING_DELTA_TABLE] {ProductsTable} is not a Delta table.");
        using var session = spark.OpenSession();

        DeltaTable.IsDeltaTable(session, ProductsTable).Should().BeFalse();
        var act = () => DeltaTable.ForPath(session, ProductsTable);

        act.Should().Throw<AnalysisException>().WithMessage($"*DELTA_MISSING_DELTA_TABLE*{ProductsTable}*");
    }

    [Fact]
    public async Task Table_SparkAnalysisError_BecomesAnAnalysisExceptionWithSparksMessage()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.AnalyzeError = new("org.apache.spark.sql.AnalysisException", "TABLE_OR_VIEW_NOT_FOUND", "[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.");
        using var session = spark.OpenSession();

        var act = () => session.Table("nope");

        act.Should().Throw<AnalysisException>().WithMessage("[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.")
            .WithInnerException<SparkConnectException>();
    }

    [Fact]
    public async Task Sql_QueryIsAnalyzedAndCommandRunsAsASqlCommand()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = new StructType([new StructField("n", DataType.Integer, false)]);
        using var session = spark.OpenSession();

        var query = session.Sql("SELECT 1 AS n");
        var command = session.Sql("CREATE TABLE IF NOT EXISTS t (id BIGINT) USING delta;");

        query.Schema.Should().Be(spark.Schema);
        command.Columns.Should().BeEmpty();
        spark.Analyses.Single().Schema.Plan.Root.Sql.Query.Should().Be("SELECT 1 AS n");
        spark.ExecutePlans.Single().Plan.Command.SqlCommand.Sql.Should().Be("CREATE TABLE IF NOT EXISTS t (id BIGINT) USING delta");
    }

    [Fact]
    public async Task CreateOrReplaceTempView_SendsAReplacingLocalViewCommand()
    {
        await using var spark = await FakeSpark.StartAsync();
        using var session = spark.OpenSession();
        var range = session.Range(5).Filter(Col("id") > Lit(1));

        range.CreateOrReplaceTempView("ids");

        var view = spark.ExecutePlans.Single().Plan.Command.CreateDataframeView;
        view.Name.Should().Be("ids");
        view.Replace.Should().BeTrue();
        view.IsGlobal.Should().BeFalse();
        view.Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(range));
    }

    [Fact]
    public async Task CacheThenUnpersist_SendsSparksPersistAndUnpersistOfTheSameRelation()
    {
        await using var spark = await FakeSpark.StartAsync();
        using var session = spark.OpenSession();
        var range = session.Range(5);

        var cached = range.Cache();
        cached.Unpersist();

        spark.ExecutePlans.Should().BeEmpty("persist is lazy on Spark");
        var expected = SparkConnectPlanCompiler.CompileRelation(range);
        spark.Analyses.Select(a => a.AnalyzeCase).Should().Equal(AnalyzePlanRequest.AnalyzeOneofCase.Persist, AnalyzePlanRequest.AnalyzeOneofCase.Unpersist);
        spark.Analyses[0].Persist.Relation.Should().Be(expected);
        spark.Analyses[1].Unpersist.Relation.Should().Be(expected);
        SparkConnectPlanCompiler.CompileRelation(cached).Should().Be(expected);
    }

    [Fact]
    public async Task Collect_ServerSendsFewerColumnsThanTheDataFrame_FailsNamingTheColumns()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Orders;
        using var session = spark.OpenSession();
        var orders = session.Read.Json(OrdersPath);
        spark.Rows = (new StructType([new StructField("id", DataType.Long)]), [[1L]]);

        var act = () => orders.Collect();

        act.Should().Throw<SparkConnectException>().WithMessage("*1 columns but the DataFrame has 5 (id, customer, amount, placed_at, day)*");
    }

    [Fact]
    public void MergeSql_PathWithAControlCharacter_IsRefusedBeforeAnySql()
    {
        using var session = LakehouseSession.Create();
        var source = session.Range(1);
        var merge = new Lakehouse.DataFrame.Engines.MergeRequest("abfss://x/y\n; DROP TABLE z", source.Plan, ["id"], true, true, false, null, null);

        var act = () => SparkMergeSql.Build(merge, "v");

        act.Should().Throw<ArgumentException>().WithMessage("*control character*");
    }

    [Fact]
    public async Task Dispose_ThenAnAction_FailsAsDisposed()
    {
        await using var spark = await FakeSpark.StartAsync();
        var session = spark.OpenSession();
        var range = session.Range(1);
        session.Dispose();

        var act = () => range.Count();

        act.Should().Throw<ObjectDisposedException>();
        spark.Requests.Should().BeEmpty();
    }
}
