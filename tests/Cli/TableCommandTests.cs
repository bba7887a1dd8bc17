using System.CommandLine;
using System.Text.Json;
using Lakehouse.Cli.Commands;
using Lakehouse.Delta;

namespace Lakehouse.Cli.Tests;

/// <summary>A lake in a temp folder with silver/products (3 versions) and gold/empty.</summary>
internal sealed class TestLake : IDisposable
{
    public TestLake()
    {
        Root = Directory.CreateTempSubdirectory("lakehouse-cli-lake-").FullName;
        var schema = new StructType([new StructField("id", PrimitiveType.Long, nullable: false), new StructField("title", PrimitiveType.String)]);
        using (var products = DeltaTable.ForPath(Path.Combine(Root, "silver", "products")))
        {
            products.Create(schema);
            products.Append("SELECT * FROM (VALUES (1, 'phone'), (2, 'lamp')) AS t(id, title)");
            products.Merge("SELECT * FROM (VALUES (2, 'desk lamp'), (3, 'chair')) AS s(id, title)", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        }

        using var empty = DeltaTable.ForPath(Path.Combine(Root, "gold", "empty"));
        empty.Create(schema);
    }

    public string Root { get; }

    public string Products => Path.Combine(Root, "silver", "products");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class TableCommandTests
{
    /// <summary>Runs <c>table ...</c> as the lakehouse CLI would: usage errors exit 2, failures 1.</summary>
    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(output, error, IsTerminal: false);
        var root = new RootCommand("test") { LakehouseCli.Verbose };
        root.Subcommands.Add(TableCommand.Build(console));
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await error.WriteLineAsync(string.Join("; ", parsed.Errors.Select(e => e.Message)));
            return (ExitCodes.Usage, output.ToString(), error.ToString());
        }

        var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task History_Table_ListsCommitsNewestFirstWithOperationsAndRows()
    {
        using var lake = new TestLake();
        var (exitCode, output, error) = await RunAsync("table", "history", lake.Products, "-f", "json");

        exitCode.Should().Be(0, error);
        using var document = JsonDocument.Parse(output);
        var rows = document.RootElement.EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("version").GetInt64()).Should().Equal(2, 1, 0);
        rows.Select(r => r.GetProperty("operation").GetString()).Should().Equal("MERGE", "WRITE", "CREATE TABLE");
        rows[0].GetProperty("rows_added").GetInt64().Should().Be(1);
        rows[0].GetProperty("rows_updated").GetInt64().Should().Be(1);
        rows[0].GetProperty("files_removed").GetInt64().Should().Be(1);
        rows[1].GetProperty("rows_added").GetInt64().Should().Be(2);
        rows[1].GetProperty("parameters").GetString().Should().Contain("\"mode\":\"Append\"");
        rows[0].GetProperty("timestamp").GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d");
    }

    [Fact]
    public async Task History_LakeNameWithLimit_PrintsAPlainTable()
    {
        using var lake = new TestLake();
        var (exitCode, output, _) = await RunAsync("table", "history", "silver.products", "--lake", lake.Root, "--limit", "1");

        exitCode.Should().Be(0);
        output.Should().StartWith("version | timestamp").And.Contain("MERGE").And.Contain("(1 row)");
    }

    [Fact]
    public async Task Describe_Table_ShowsVersionProtocolSchemaFilesAndSize()
    {
        using var lake = new TestLake();
        var (exitCode, output, _) = await RunAsync("table", "describe", "silver.products", "--lake", lake.Root, "-f", "csv");

        exitCode.Should().Be(0);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("property,value");
        lines.Should().Contain("version,2").And.Contain("protocol,\"minReaderVersion=1, minWriterVersion=2\"")
            .And.Contain("schema,\"id bigint NOT NULL, title string\"").And.Contain("files,1").And.Contain("properties,{}");
        lines.Should().Contain(l => l.StartsWith("size_bytes,", StringComparison.Ordinal) && l != "size_bytes,0");
    }

    [Fact]
    public async Task Vacuum_DryRunWithShortRetention_IsRefusedWithoutForce()
    {
        using var lake = new TestLake();
        var (exitCode, output, error) = await RunAsync("table", "vacuum", lake.Products, "--retention-hours", "0", "--dry-run");

        exitCode.Should().Be(1);
        output.Should().BeEmpty();
        error.TrimEnd().Should().NotContain("\n").And.StartWith("error: Refusing to VACUUM").And.Contain("168 hours");
    }

    [Fact]
    public async Task Vacuum_ForcedZeroRetention_DeletesTheRemovedFile()
    {
        using var lake = new TestLake();
        var (dryCode, dryOut, dryError) = await RunAsync("table", "vacuum", lake.Products, "--retention-hours", "0", "--force", "--dry-run", "-f", "csv");
        dryCode.Should().Be(0);
        dryOut.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
        dryError.Should().StartWith("would delete 1 file(s)");

        var (exitCode, _, error) = await RunAsync("table", "vacuum", lake.Products, "--retention-hours", "0", "--force");
        exitCode.Should().Be(0);
        error.Should().StartWith("deleted 1 file(s)");
        Directory.EnumerateFiles(lake.Products, "*.parquet").Should().ContainSingle();
        using var table = DeltaTable.Open(lake.Products);
        table.GetSnapshot().Files.Should().ContainSingle();
    }

    [Fact]
    public async Task Checkpoint_Table_WritesTheCheckpointOfTheLatestVersion()
    {
        using var lake = new TestLake();
        var (exitCode, output, _) = await RunAsync("table", "checkpoint", lake.Products, "-f", "json");

        exitCode.Should().Be(0);
        JsonDocument.Parse(output).RootElement[0].GetProperty("version").GetInt64().Should().Be(2);
        File.Exists(Path.Combine(lake.Products, "_delta_log", "00000000000000000002.checkpoint.parquet")).Should().BeTrue();
        using var table = DeltaTable.Open(lake.Products);
        table.GetSnapshot().CheckpointVersion.Should().Be(2);
    }

    [Fact]
    public async Task Describe_NotATable_ExitsOneWithOneLine()
    {
        using var lake = new TestLake();
        var (exitCode, _, error) = await RunAsync("table", "describe", Path.Combine(lake.Root, "nothing"));

        exitCode.Should().Be(1);
        error.TrimEnd().Should().NotContain("\n").And.StartWith("error: Not a Delta table");
    }

    [Fact]
    public async Task Describe_LakeNameWithDotDot_IsRefused()
    {
        using var lake = new TestLake();
        var (exitCode, _, error) = await RunAsync("table", "describe", "silver...", "--lake", lake.Root);

        exitCode.Should().Be(1);
        error.Should().Contain("is not allowed");
    }

    [Fact]
    public async Task Table_WithoutSubcommandArgument_ExitsTwo()
    {
        var (exitCode, _, _) = await RunAsync("table", "history");

        exitCode.Should().Be(2);
    }
}

public sealed class SqlLakeCommandTests
{
    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await LakehouseCli.RunAsync(args, new CliConsole(output, error, IsTerminal: false));
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Sql_SilverName_ReadsTheDeltaTableOfTheLake()
    {
        using var lake = new TestLake();
        var (exitCode, output, error) = await RunAsync("sql", "SELECT id, title FROM silver.products ORDER BY id", "--lake", lake.Root, "-f", "csv");

        exitCode.Should().Be(0, error);
        output.Should().Be("id,title\n1,phone\n2,desk lamp\n3,chair\n".Replace("\n", Environment.NewLine));
    }

    [Fact]
    public async Task Sql_DeltaPathVersionAsOf_ReadsTheOlderVersion()
    {
        using var lake = new TestLake();
        var (exitCode, output, _) = await RunAsync("sql", "SELECT title FROM delta.`silver/products` VERSION AS OF 1 WHERE id = 2", "--lake", lake.Root, "-f", "csv");

        exitCode.Should().Be(0);
        output.Should().Be("title\nlamp\n".Replace("\n", Environment.NewLine));
    }

    [Fact]
    public async Task Sql_MissingLakeTable_ExitsOneNamingIt()
    {
        using var lake = new TestLake();
        var (exitCode, _, error) = await RunAsync("sql", "SELECT * FROM gold.nothing", "--lake", lake.Root);

        exitCode.Should().Be(1);
        error.TrimEnd().Should().NotContain("\n").And.StartWith("error: Not a Delta table").And.Contain("nothing");
    }
}
