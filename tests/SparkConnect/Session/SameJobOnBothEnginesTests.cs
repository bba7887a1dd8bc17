using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Protocol;
using static Lakehouse.DataFrame.Functions;
using DataType = Lakehouse.DataFrame.DataType;
using DeltaTable = Lakehouse.DataFrame.DeltaTable;
using StructField = Lakehouse.DataFrame.StructField;
using StructType = Lakehouse.DataFrame.StructType;

namespace Lakehouse.SparkConnect.Tests.Session;

/// <summary>One job-shaped function, written once against <see cref="LakehouseSession"/>, run on both engines.</summary>
public sealed class SameJobOnBothEnginesTests
{
    private const string Bronze = "abfss://lake@account.dfs.core.windows.net/bronze/products/run_id=2";
    private const string Table = "abfss://lake@account.dfs.core.windows.net/silver/products";

    private static readonly StructType Products = new([new StructField("id", DataType.Long), new StructField("title", DataType.String)]);

    [Fact]
    public void UpsertJob_EmbeddedEngine_CreatesThenMergesTheLocalDeltaTable()
    {
        using var folder = new TempDirectory();
        var bronze = Path.Combine(folder.Path, "products.json");
        var table = Path.Combine(folder.Path, "silver_products");
        using var session = LakehouseSession.Create();

        File.WriteAllLines(bronze, ["{\"id\": 1, \"title\": \" Mascara \"}", "{\"id\": 2, \"title\": \"Lipstick\"}"]);
        var created = UpsertJob(session, bronze, table, batch: 1);
        File.WriteAllLines(bronze, ["{\"id\": 2, \"title\": \"Lip gloss\"}", "{\"id\": 3, \"title\": \"Powder\"}"]);
        var merged = UpsertJob(session, bronze, table, batch: 2);
        var again = UpsertJob(session, bronze, table, batch: 2);

        created.Should().Be(2);
        merged.Should().Be(2, "one row updated, one inserted");
        again.Should().Be(0, "batch 2 was already applied");
        session.Read.Delta(table).OrderBy("id").Collect().Select(r => r.GetString("title")).Should().Equal("Mascara", "Lip gloss", "Powder");
    }

    [Fact]
    public async Task UpsertJob_SparkEngineNewTable_CountsThenWritesTheSameDataFrameWithItsTransaction()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.AnalyzeError = new("org.apache.spark.sql.delta.DeltaAnalysisException", "DELTA_PATH_DOES_NOT_EXIST", "[DELTA_PATH_DOES_NOT_EXIST] no table");
        spark.Rows = (new StructType([new StructField("count", DataType.Long, false)]), [[2L]]);
        using var session = spark.OpenSession();

        var written = UpsertJob(session, Bronze, Table, batch: 1);

        written.Should().Be(2);
        var cleaned = Clean(session, Bronze);
        var executed = spark.ExecutePlans.Select(e => e.Plan).ToList();
        executed.Should().HaveCount(2);
        executed[0].Root.Should().Be(SparkConnectPlanCompiler.CompileRelation(cleaned.GroupBy(Array.Empty<Column>()).Count()));
        var write = executed[1].Command.WriteOperation;
        write.Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(cleaned));
        write.Source.Should().Be("delta");
        write.Path.Should().Be(Table);
        write.Options.Should().Equal(new Dictionary<string, string> { ["txnAppId"] = "products", ["txnVersion"] = "1" });
        spark.Analyses.Select(a => a.AnalyzeCase).Should().Equal(
            AnalyzePlanRequest.AnalyzeOneofCase.Persist, AnalyzePlanRequest.AnalyzeOneofCase.Schema, AnalyzePlanRequest.AnalyzeOneofCase.Unpersist);
    }

    [Fact]
    public async Task UpsertJob_SparkEngineExistingTable_MergesTheSameDataFrameUnderItsTransaction()
    {
        await using var spark = await FakeSpark.StartAsync();
        spark.Schema = Products;
        spark.MergeResult = [[2L, 1L, 0L, 1L]];
        using var session = spark.OpenSession();

        var upserted = UpsertJob(session, Bronze, Table, batch: 2);

        upserted.Should().Be(2);
        var cleaned = Clean(session, Bronze);
        var executed = spark.ExecutePlans.Select(e => e.Plan).ToList();
        executed.Should().HaveCount(3);
        executed[0].Command.CreateDataframeView.Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(cleaned));
        executed[1].Command.SqlCommand.Sql.Should().StartWith("MERGE INTO delta.`" + Table + "` AS t USING ");
        executed[2].Command.SqlCommand.Sql.Should().StartWith("DROP VIEW IF EXISTS ");
        spark.Requests.Where(r => r.Method == "Config").Select(r => ((ConfigRequest)r.Message).Operation.OpTypeCase).Should().Equal(
            ConfigRequest.Types.Operation.OpTypeOneofCase.Set,
            ConfigRequest.Types.Operation.OpTypeOneofCase.Set,
            ConfigRequest.Types.Operation.OpTypeOneofCase.Unset);
        spark.Analyses.First().Persist.Relation.Should().Be(SparkConnectPlanCompiler.CompileRelation(cleaned));
    }

    private static Lakehouse.DataFrame.DataFrame Clean(LakehouseSession session, string bronze) =>
        session.Read.Schema(Products).Json(bronze)
            .Filter(Col("id").IsNotNull())
            .WithColumn("title", Trim(Col("title")));

    // The shape of a silver job: read, clean, keep the batch for two actions, create or upsert once per batch.
    private static long UpsertJob(LakehouseSession session, string bronze, string table, long batch)
    {
        var cleaned = Clean(session, bronze).Cache();
        try
        {
            if (!DeltaTable.IsDeltaTable(session, table))
            {
                var rows = cleaned.Count();
                cleaned.Write.Format("delta").Option("txnAppId", "products").Option("txnVersion", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)).Save(table);
                return rows;
            }

            var metrics = DeltaTable.ForPath(session, table).Merge(cleaned, "id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll()
                .WithTransaction("products", batch).Execute();
            return metrics.RowsInserted + metrics.RowsUpdated;
        }
        finally
        {
            cleaned.Unpersist();
        }
    }
}
