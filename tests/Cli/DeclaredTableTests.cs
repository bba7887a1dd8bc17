using Lakehouse.Common.Configuration;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using Lakehouse.Silver;
using Lakehouse.SparkConnect.Compiler;
using DeltaLogTable = Lakehouse.Delta.DeltaTable;

namespace Lakehouse.Cli.Tests;

/// <summary>A silver table declared in the configuration, from a files source through bronze and silver, end to end.</summary>
public sealed class DeclaredTableTests : IDisposable
{
    private const string Table = """
        {
          "name": "stores", "source": "landing", "entity": "stores",
          "droppedFields": [ "manager_phone" ],
          "columns": [
            { "name": "store_id", "type": "string", "expression": "concat('S', lpad(r.id, 4, '0'))", "description": "Store key." },
            { "name": "name", "type": "string", "expression": "trim(r.name)" },
            { "name": "city", "type": "string", "expression": "trim(r.city)" },
            { "name": "opened_on", "type": "date", "expression": "to_date(r.opened, 'yyyy-MM-dd')" },
            { "name": "area_m2", "type": "decimal(8,2)", "expression": "cast(r.`area m2` as decimal(8,2))" }
          ],
          "businessKey": [ "store_id" ],
          "rules": [
            { "name": "name_present", "condition": "name is not null and name <> ''", "severity": "drop", "reason": "the store has no name" },
            { "name": "area_non_negative", "condition": "area_m2 >= 0", "severity": "drop", "reason": "the area is missing or negative" },
            { "name": "opened_is_date", "condition": "opened_on is not null", "severity": "warn", "reason": "the opening date is not a date" }
          ]
        }
        """;

    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Lake => Path.Combine(_work.Path, "lake");

    private async Task<string> WriteConfig(string format, string fileName, string content)
    {
        var landing = Path.Combine(_work.Path, "landing");
        Directory.CreateDirectory(landing);
        await File.WriteAllTextAsync(Path.Combine(landing, fileName), content);
        var config = Path.Combine(_work.Path, "pipeline.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "sources": [ { "name": "landing", "kind": "files",
                "entities": [ { "name": "stores", "location": "landing/{{fileName}}", "format": "{{format}}" } ] } ],
              "silverTables": [ {{Table}} ]
            }
            """);
        return config;
    }

    private List<Row> Read(string table)
    {
        using var session = LakehouseSession.Create();
        return session.Read.Delta(Path.Combine(Lake, "silver", table)).Collect();
    }

    private long Version(string table)
    {
        using var delta = DeltaLogTable.ForPath(Path.Combine(Lake, "silver", table));
        return delta.GetLatestVersion();
    }

    /// <summary>A second silver run with no new bronze batch: no commit on any table, the same rows.</summary>
    private async Task AssertSilverAgainCommitsNothing(string config, int stores, int quarantined)
    {
        var versions = (Stores: Version("stores"), Quarantine: Version("quarantine"), Metrics: Version("dq_metrics"));
        var again = await Cli.RunAsync("silver", "--config", config, "--lake", Lake, "--run-id", "second");

        again.ExitCode.Should().Be(0, again.Error);
        (Version("stores"), Version("quarantine"), Version("dq_metrics")).Should().Be(versions, "a re-run with no new bronze batch commits nothing");
        Read("stores").Should().HaveCount(stores);
        Read("quarantine").Should().HaveCount(quarantined);
    }

    /// <summary>A CSV files source of one store, landed in bronze: the configuration and its batch.</summary>
    private async Task<(string Config, BronzeBatch Batch)> LandOneCsvStore()
    {
        var config = await WriteConfig("csv", "stores.csv", "id,name,city,opened,area m2\r\n1,Berlin,Berlin,2021-03-15,120\r\n");
        (await Cli.RunAsync("bronze", "--config", config, "--lake", Lake, "--run-id", "first")).ExitCode.Should().Be(0);
        return (config, BronzeCatalog.List(new LakeLayout(Lake), "landing", "stores").Single());
    }

    [Fact]
    public async Task DeclaredTable_FromAJsonLanding_IsBuiltCheckedQuarantinedAndAppliedOnce()
    {
        var config = await WriteConfig("json", "stores.json", """
            [
              {"id": "1", "name": " Berlin Mitte ", "city": "Berlin", "opened": "2021-03-15", "area m2": "120.5", "manager_phone": "+49 30 1234567", "region": "east"},
              {"id": "2", "name": "Hamburg Altona", "city": "Hamburg", "opened": "2022-07-01", "area m2": "98"},
              {"id": "3", "name": "Munich", "city": "München", "opened": "not a date", "area m2": "-5"},
              {"id": "4", "name": "", "city": "Köln", "opened": "2020-01-01", "area m2": "80"},
              {"id": "5", "name": "Dresden", "city": "Dresden", "opened": "someday", "area m2": "75"}
            ]
            """);

        var (exitCode, output, error) = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "first");

        exitCode.Should().Be(0, error + output);
        error.Should().Contain("gold skipped: the configuration builds no silver products, order_lines, customers");
        var stores = Read("stores").ToDictionary(r => r.GetString("store_id")!);
        stores.Keys.Should().BeEquivalentTo(["S0001", "S0002", "S0005"]);
        stores["S0001"].GetString("name").Should().Be("Berlin Mitte");
        stores["S0001"].GetDate("opened_on").Should().Be(new DateOnly(2021, 3, 15));
        stores["S0001"].GetDecimal("area_m2").Should().Be(120.50m);
        stores["S0001"].GetString("_rescued_data").Should().Be("""{"region":"east"}""", "unknown fields are rescued, dropped ones are not");
        stores["S0005"].IsNullAt("opened_on").Should().BeTrue("a warn rule keeps the row");
        string.Join("\n", stores.Values.Select(r => r.ToString())).Should().NotContain("1234567");

        var quarantine = Read("quarantine").ToDictionary(r => r.GetString("business_key")!);
        quarantine.Keys.Should().BeEquivalentTo(["S0003", "S0004"]);
        quarantine["S0003"].GetString("rule").Should().Be("area_non_negative");
        quarantine["S0003"].GetString("reason").Should().Be("the area is missing or negative");
        quarantine["S0004"].GetString("rule").Should().Be("name_present");
        quarantine["S0004"].GetString("reason").Should().Be("the store has no name");
        quarantine["S0004"].GetString("raw_record").Should().Contain("\"Köln\"");
        Read("dq_metrics").Single(m => m.GetString("rule") == "opened_is_date").GetInt64("rows_failed").Should().Be(2);

        await AssertSilverAgainCommitsNothing(config, stores: 3, quarantined: 2);
    }

    [Fact]
    public async Task DeclaredTable_WithAnExistsRule_QuarantinesRowsWhoseValueIsNotInTheTableBuiltBefore()
    {
        var landing = Path.Combine(_work.Path, "landing");
        Directory.CreateDirectory(landing);
        await File.WriteAllTextAsync(Path.Combine(landing, "stores.json"), """[ {"id": "1", "name": "Berlin", "city": "Berlin", "opened": "2021-03-15", "area m2": "120"} ]""");
        await File.WriteAllTextAsync(Path.Combine(landing, "visits.json"), """[ {"visit": "v1", "store": "1"}, {"visit": "v2", "store": "7"}, {"visit": "v3"} ]""");
        var config = Path.Combine(_work.Path, "pipeline.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "sources": [ { "name": "landing", "kind": "files", "entities": [
                { "name": "stores", "location": "landing/stores.json", "format": "json" },
                { "name": "visits", "location": "landing/visits.json", "format": "json" } ] } ],
              "silverTables": [ {{Table}}, {
                "name": "visits", "source": "landing", "entity": "visits",
                "columns": [
                  { "name": "visit_id", "type": "string", "expression": "r.visit" },
                  { "name": "store_id", "type": "string", "expression": "concat('S', lpad(r.store, 4, '0'))" } ],
                "businessKey": [ "visit_id" ],
                "rules": [ { "name": "store_exists", "exists": { "column": "store_id", "in": "stores.store_id" }, "severity": "drop", "reason": "the store is unknown" } ] } ]
            }
            """);

        var (exitCode, output, error) = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "first");

        exitCode.Should().Be(0, error + output);
        Read("visits").Select(r => r.GetString("visit_id")).Should().BeEquivalentTo(["v1", "v3"], "S0001 was built before in the same run; a NULL store passes");
        var quarantined = Read("quarantine").Where(r => r.GetString("table_name") == "visits").Single();
        (quarantined.GetString("rule"), quarantined.GetString("reason"), quarantined.GetString("business_key")).Should().Be(("store_exists", "the store is unknown", "v2"));
        Read("dq_metrics").Single(m => m.GetString("rule") == "store_exists").GetInt64("rows_failed").Should().Be(1);
    }

    [Fact]
    public async Task DeclaredTable_NewBatch_UpsertsByBusinessKey()
    {
        var config = await WriteConfig("json", "stores.json", """[ {"id": "1", "name": "Berlin", "city": "Berlin", "opened": "2021-03-15", "area m2": "120"} ]""");
        (await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "first")).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(
            Path.Combine(_work.Path, "landing", "stores.json"),
            """[ {"id": "1", "name": "Berlin Mitte", "city": "Berlin", "opened": "2021-03-15", "area m2": "125"}, {"id": "6", "name": "Leipzig", "city": "Leipzig", "opened": "2023-05-01", "area m2": "60"} ]""");

        var (exitCode, _, error) = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "second");

        exitCode.Should().Be(0, error);
        var stores = Read("stores").ToDictionary(r => r.GetString("store_id")!);
        stores.Keys.Should().BeEquivalentTo(["S0001", "S0006"]);
        stores["S0001"].GetString("name").Should().Be("Berlin Mitte");
        stores["S0001"].GetDecimal("area_m2").Should().Be(125m);
    }

    [Theory]
    [InlineData("trim(r.city)", "trim(citty)", "$.silverTables[0].columns[2].expression: table 'stores': ")]
    [InlineData("trim(r.city)", "no_such_function(r.city)", "$.silverTables[0].columns[2].expression: table 'stores': ")]
    [InlineData("opened_on is not null", "opened_at is not null", "$.silverTables[0].rules[2].condition: table 'stores': ")]
    [InlineData("trim(r.city)", "trim(r.city", "$.silverTables[0].columns[2].expression: table 'stores': ")]
    public async Task DeclaredTable_WithAnExpressionThatCannotRun_FailsBeforeBronzeNamingTheTableAndField(string valid, string broken, string expected)
    {
        var config = await WriteConfig("json", "stores.json", """[ {"id": "1", "name": "Berlin", "city": "Berlin", "opened": "2021-03-15", "area m2": "120"} ]""");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace(valid, broken, StringComparison.Ordinal));

        var (exitCode, _, error) = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "first");

        exitCode.Should().Be(1);
        error.Should().StartWith("error: " + expected);
        error.Trim().Should().NotContain("\n", "the error is one line");
        Directory.Exists(Path.Combine(Lake, "bronze")).Should().BeFalse("nothing is ingested for a configuration that cannot run");
    }

    [Fact]
    public async Task DeclaredTable_FromACsvLanding_IsBuiltCheckedQuarantinedAndAppliedOnce()
    {
        // Row 3 breaks a drop rule, row 6 has too few fields (its area is NULL), row 7 one field too many.
        var config = await WriteConfig("csv", "stores.csv",
            "id,name,city,opened,area m2,manager_phone\r\n" +
            "1, Berlin Mitte ,Berlin,2021-03-15,120.5,+49 30 1234567\r\n" +
            "2,\"Hamburg, Altona\",Hamburg,2022-07-01,98,\r\n" +
            "3,Munich,\"München\",not a date,-5,\r\n" +
            "5,Dresden,Dresden,someday,75,\r\n" +
            "6,Erfurt,Erfurt\r\n" +
            "7,Jena,Jena,2020-01-01,50,,surplus\r\n" +
            "8,\"Gera\r\nOst\",Gera,2019-09-09,40,\r\n");

        var (exitCode, output, error) = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "first");

        exitCode.Should().Be(0, error + output);
        var stores = Read("stores").ToDictionary(r => r.GetString("store_id")!);
        stores.Keys.Should().BeEquivalentTo(["S0001", "S0002", "S0005", "S0007", "S0008"]);
        stores["S0001"].GetString("name").Should().Be("Berlin Mitte");
        stores["S0001"].GetDate("opened_on").Should().Be(new DateOnly(2021, 3, 15));
        stores["S0001"].GetDecimal("area_m2").Should().Be(120.50m);
        stores["S0001"].IsNullAt("_rescued_data").Should().BeTrue("every header column is known or dropped");
        stores["S0002"].GetString("name").Should().Be("Hamburg, Altona", "a quoted field keeps its comma");
        stores["S0005"].IsNullAt("opened_on").Should().BeTrue("a warn rule keeps the row");
        stores["S0008"].GetString("name").Should().Be("Gera\r\nOst", "a newline inside quotes is part of the value");
        stores["S0007"].GetString("_rescued_data").Should().Contain("\"surplus\"", "a value beyond the header is rescued, not lost");
        string.Join("\n", stores.Values.Select(r => r.ToString())).Should().NotContain("1234567");

        var quarantine = Read("quarantine").ToDictionary(r => r.GetString("business_key")!);
        quarantine.Keys.Should().BeEquivalentTo(["S0003", "S0006"]);
        quarantine["S0003"].GetString("rule").Should().Be("area_non_negative");
        quarantine["S0003"].GetString("reason").Should().Be("the area is missing or negative");
        using (var raw = System.Text.Json.JsonDocument.Parse(quarantine["S0003"].GetString("raw_record")!))
        {
            raw.RootElement.GetProperty("city").GetString().Should().Be("München", "the raw record is the CSV row as a JSON object");
            raw.RootElement.GetProperty("area m2").GetString().Should().Be("-5");
            raw.RootElement.TryGetProperty("manager_phone", out _).Should().BeFalse("an empty field is NULL, left out as Spark's to_json does");
        }

        quarantine["S0006"].GetString("rule").Should().Be("area_non_negative", "the short row's missing area is NULL");
        quarantine["S0006"].GetString("raw_record").Should().Contain("\"Erfurt\"");
        Read("dq_metrics").Single(m => m.GetString("rule") == "opened_is_date").GetInt64("rows_failed").Should().Be(3);

        await AssertSilverAgainCommitsNothing(config, stores: 5, quarantined: 2);
    }

    [Fact]
    public async Task DeclaredTable_CsvBatch_CompilesToASparkConnectPlanReadingCsvAsJsonObjects()
    {
        var (config, batch) = await LandOneCsvStore();
        var entity = DeclaredTables.ToEntity(PipelineConfigLoader.Load(config).SilverTables!.Single());
        using var session = LakehouseSession.Create();

        var flagged = new EntityPipeline(entity).Transform(EntityPipeline.ReadBatches(session, [batch]));
        var plan = SparkConnectPlanCompiler.CompileRelation(flagged).ToString();

        batch.IsCsv.Should().BeTrue();
        plan.Should().Contain("\"format\": \"csv\"").And.Contain("\"header\": \"true\"").And.Contain("\"mode\": \"PERMISSIVE\"").And.Contain("\"multiLine\": \"true\"")
            .And.Contain("\"functionName\": \"struct\"").And.Contain("\"functionName\": \"to_json\"").And.Contain("\"functionName\": \"from_json\"")
            .And.Contain("area m2");
        plan.Should().NotContain("\"format\": \"text\"", "a CSV batch is not read as lines");
    }

    [Fact]
    public async Task DeclaredTable_OverABatchMixingCsvAndJsonParts_IsRefusedWithWhatToDo()
    {
        var (config, batch) = await LandOneCsvStore();
        var manifestPath = Path.Combine(batch.Directory, LakeLayout.ManifestFileName);
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["files"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{"path": "part-00001.json", "records": 0, "bytes": 0, "sha256": ""}"""));
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());

        var (exitCode, _, error) = await Cli.RunAsync("silver", "--config", config, "--lake", Lake, "--run-id", "second");

        exitCode.Should().Be(1);
        error.Should().Contain("Silver table 'stores' reads landing/stores, whose bronze batch first mixes CSV and other part files")
            .And.Contain("land that entity again with one \"format\"");
        Directory.Exists(Path.Combine(Lake, "silver", "stores")).Should().BeFalse();
    }
}
