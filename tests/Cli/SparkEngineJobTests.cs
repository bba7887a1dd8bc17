using System.Text.RegularExpressions;
using Lakehouse.ApiSimulator;
using Lakehouse.Common.Configuration;
using Lakehouse.DataFrame;
using Lakehouse.Gold;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Protocol;
using static Lakehouse.DataFrame.Functions;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Cli.Tests;

/// <summary>
/// The silver and gold jobs with <c>--engine spark</c> against the fake Spark Connect server (<see cref="SparkOverLake"/>):
/// what they send is checked against <c>SparkConnectPlanCompiler.CompileRelation</c> of the same DataFrames built
/// on a Spark session, never against hand-written protobuf.
/// </summary>
public sealed partial class SparkEngineJobTests : IDisposable
{
    private const string SparkLake = "abfss://lake@acct.dfs.core.windows.net/lake";

    private static readonly string[] GoldTables = ["category_sales", "daily_category_sales", "customer_summary", "product_performance"];

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lakehouse-spark-");

    public void Dispose() => _work.Delete(recursive: true);

    private string Lake => Path.Combine(_work.FullName, "lake");

    /// <summary>Lands the DummyJSON fixture in bronze (and builds silver on the embedded engine when asked).</summary>
    private async Task<string> LandAsync(bool silver)
    {
        await using var api = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { DataDirectory = SharedFixtures.Folder("dummyjson") });
        var config = await DummyJsonPipeline.WriteConfigAsync(_work.FullName, api.BaseAddress);
        var bronze = await Cli.RunAsync("bronze", "--config", config, "--lake", Lake, "--run-id", "r1");
        bronze.ExitCode.Should().Be(0, bronze.Error);
        if (silver)
        {
            var built = await Cli.RunAsync("silver", "--config", config, "--lake", Lake, "--run-id", "r1");
            built.ExitCode.Should().Be(0, built.Error);
        }

        return config;
    }

    private static SilverInputs SilverOf(LakehouseSession session, Func<string, string> address, Common.Lake.LakeLayout layout) => new(
        session.Read.Delta(address(layout.SilverTable("products"))),
        session.Read.Delta(address(layout.SilverTable("order_lines"))),
        session.Read.Delta(address(layout.SilverTable("customers"))));

    /// <summary>Every data source path in a message (relations nest).</summary>
    private static IEnumerable<string> PathsIn(Google.Protobuf.IMessage message) =>
        PathList().Matches(message.ToString() ?? "").SelectMany(m => QuotedString().Matches(m.Groups[1].Value).Select(q => Regex.Unescape(q.Groups[1].Value)));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Gold_OnSpark_WritesEachTableAsTheCompiledAggregateAndReadsOnlyThroughSpark(bool withSparkLake)
    {
        var config = await LandAsync(silver: true);
        var costs = PipelineConfigLoader.Load(config).Costs;
        var asOf = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var spark = await SparkOverLake.StartAsync(Lake, withSparkLake ? SparkLake : null);
        var layout = spark.Layout;
        var expected = GoldTables.ToDictionary(
            name => name,
            name => spark.Twin((session, address) => GoldAggregates.Build(session, SilverOf(session, address, layout), costs, asOf)[name]).Spark);
        // Read back after the writes: the job's check for categories without a cost basis, and the table the CLI prints.
        spark.TwinLater((session, address) => session.Read.Delta(address(layout.GoldTable("category_sales"))).Filter(Col("profit").IsNull()));
        Frame Printed(LakehouseSession session, Func<string, string> address) => session.Read.Delta(address(layout.GoldTable("category_sales")))
            .Select("category", "orders", "units", "net_revenue", "profit", "margin", "profit_rank", "is_highest_profit", "is_lowest_profit", "cost_basis");
        spark.TwinLater(Printed);
        string[] sparkArgs = withSparkLake ? ["--spark-lake", SparkLake] : [];

        var (exitCode, output, error) = await Cli.RunAsync(["gold", "--config", config, "--lake", Lake, "--engine", "spark", "--remote", spark.Remote, .. sparkArgs]);

        exitCode.Should().Be(0, error + output);
        spark.Unexpected.Should().BeEmpty();
        var executed = spark.CliExecutions.Select(e => e.Plan).ToList();
        var writes = executed.Where(p => p.Command?.WriteOperation is not null).Select(p => p.Command.WriteOperation).ToList();
        writes.Select(w => w.Path).Should().Equal(GoldTables.Select(t => layout.ForEngine(layout.GoldTable(t))));
        for (var i = 0; i < GoldTables.Length; i++)
        {
            writes[i].Source.Should().Be("delta");
            writes[i].Mode.Should().Be(WriteOperation.Types.SaveMode.Overwrite);
            writes[i].Options.Should().BeEmpty();
            writes[i].Input.Should().Be(SparkConnectPlanCompiler.CompileRelation(expected[GoldTables[i]]), GoldTables[i]);
        }

        // Each write is followed by Spark's count of the table it wrote; then the cost check and the printed table.
        Frame GoldTable(string name) => spark.Spark.Read.Delta(layout.ForEngine(layout.GoldTable(name)));
        var countOf = (Frame frame) => SparkConnectPlanCompiler.CompileRelation(frame.GroupBy(Array.Empty<Column>()).Count());
        executed.Should().HaveCount(2 * GoldTables.Length + 2);
        for (var i = 0; i < GoldTables.Length; i++)
        {
            executed[2 * i].Command.WriteOperation.Should().BeSameAs(writes[i]);
            executed[(2 * i) + 1].Root.Should().Be(countOf(GoldTable(GoldTables[i])));
        }

        executed[^2].Root.Should().Be(countOf(GoldTable("category_sales").Filter(Col("profit").IsNull())));
        executed[^1].Root.Should().Be(SparkConnectPlanCompiler.CompileRelation(Printed(spark.Spark, layout.ForEngine)));

        // Every read is Spark's: a schema request per Delta table read (silver, each gold table counted, then category_sales
        // twice), and no other analysis (nothing cached, nothing explained).
        spark.CliAnalyses.Should().OnlyContain(a => a.AnalyzeCase == AnalyzePlanRequest.AnalyzeOneofCase.Schema);
        spark.CliAnalyses.Select(a => a.Schema.Plan.Root.Read.DataSource.Paths.Single()).Should().Equal(
        [
            .. new[] { "products", "order_lines", "customers" }.Select(t => layout.ForEngine(layout.SilverTable(t))),
            .. GoldTables.Select(t => layout.ForEngine(layout.GoldTable(t))),
            layout.ForEngine(layout.GoldTable("category_sales")),
            layout.ForEngine(layout.GoldTable("category_sales")),
        ]);

        // Data goes through Spark only: every path it was given is the lake's address on Spark.
        var paths = spark.CliAnalyses.SelectMany(PathsIn).Concat(executed.SelectMany(PathsIn)).Concat(writes.Select(w => w.Path)).ToList();
        paths.Should().NotBeEmpty().And.OnlyContain(p => p.StartsWith(layout.EngineRoot + "/", StringComparison.Ordinal));
        paths.Where(p => p.Contains("/silver/", StringComparison.Ordinal)).Distinct().Should().BeEquivalentTo(
            new[] { "products", "order_lines", "customers" }.Select(t => layout.ForEngine(layout.SilverTable(t))));
        if (withSparkLake)
        {
            paths.Should().OnlyContain(p => p.StartsWith(SparkLake + "/", StringComparison.Ordinal));
        }

        // What the CLI printed came back from "Spark" as Arrow: the categories the aggregate computes.
        output.Should().Contain("(lake: " + layout.EngineRoot + ")");
        using var check = LakehouseSession.Create();
        var categories = GoldAggregates.Build(check, SilverOf(check, p => p, layout), costs, asOf)["category_sales"].Collect().Select(r => r.GetString("category")!).ToList();
        categories.Should().NotBeEmpty();
        output.Should().ContainAll(categories);
    }

    [GeneratedRegex("\"paths\": \\[([^\\]]*)\\]")]
    private static partial Regex PathList();

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex QuotedString();
}
