namespace Lakehouse.Cli.Tests;

public sealed class SqlCommandTests
{

    [Fact]
    public async Task Sql_SimpleQuery_PrintsTheValueAndExitsZero()
    {
        var (exitCode, output, error) = await Cli.RunAsync("sql", "SELECT 42 AS answer");

        exitCode.Should().Be(0);
        error.Should().BeEmpty();
        output.Split('\n', StringSplitOptions.TrimEntries).Should().ContainInOrder("answer", "------", "42", "(1 row)");
    }

    [Fact]
    public async Task Sql_SyntaxError_ExitsOneWithDuckDbsMessageOnOneLine()
    {
        var (exitCode, output, error) = await Cli.RunAsync("sql", "SELEC 1");

        exitCode.Should().Be(1);
        output.Should().BeEmpty();
        error.TrimEnd('\n').Should().NotContain("\n").And.StartWith("error: Parser Error: syntax error at or near \"SELEC\"");
        error.Should().NotContain("   at ", "stack traces appear only with --verbose");
    }

    [Fact]
    public async Task Sql_SyntaxErrorWithVerbose_AddsTheStackTrace()
    {
        var (exitCode, _, error) = await Cli.RunAsync("sql", "SELEC 1", "--verbose");

        exitCode.Should().Be(1);
        error.Should().Contain("DuckDBException").And.Contain("   at ");
    }

    [Fact]
    public async Task Sql_WithoutQuery_ExitsTwoWithUsage()
    {
        var (exitCode, output, error) = await Cli.RunAsync("sql");

        exitCode.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().Contain("Required argument missing").And.Contain("Usage:").And.Contain(" sql <query> [options]");
    }

    [Fact]
    public async Task UnknownCommand_ExitsTwo()
    {
        var (exitCode, _, error) = await Cli.RunAsync("nope");

        exitCode.Should().Be(2);
        error.Should().Contain("'nope'");
    }

    [Fact]
    public async Task Version_PrintsTheProductVersion()
    {
        var (exitCode, output, _) = await Cli.RunAsync("--version");

        exitCode.Should().Be(0);
        output.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task Sql_CsvFormat_QuotesPerRfc4180AndLeavesNullEmpty()
    {
        var (exitCode, output, _) = await Cli.RunAsync("sql", "SELECT 'a,b' AS x, 'say \"hi\"' AS y, NULL AS z, 1.50::DECIMAL(5,2) AS d", "--format", "csv");

        exitCode.Should().Be(0);
        output.Should().Be("x,y,z,d\n\"a,b\",\"say \"\"hi\"\"\",,1.50\n".Replace("\n", Environment.NewLine));
    }

    [Fact]
    public async Task Sql_JsonFormat_KeepsTypes()
    {
        var (exitCode, output, _) = await Cli.RunAsync("sql", "SELECT 1 AS i, 2.50::DECIMAL(5,2) AS d, 'ü' AS s, NULL AS n, [1, 2] AS l, DATE '2024-02-29' AS day FROM range(2)", "-f", "json");

        exitCode.Should().Be(0);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        document.RootElement.GetArrayLength().Should().Be(2);
        var row = document.RootElement[0];
        row.GetProperty("i").GetInt32().Should().Be(1);
        row.GetProperty("d").GetRawText().Should().Be("2.50");
        row.GetProperty("s").GetString().Should().Be("ü");
        row.GetProperty("n").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        row.GetProperty("l").GetArrayLength().Should().Be(2);
        row.GetProperty("day").GetString().Should().Be("2024-02-29");
    }

    [Fact]
    public async Task Sql_JsonFormat_EmptyResultIsAnEmptyArray()
    {
        var (_, output, _) = await Cli.RunAsync("sql", "SELECT 1 AS i WHERE false", "-f", "json");

        System.Text.Json.JsonDocument.Parse(output).RootElement.GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Sql_TableFormat_TruncatesAtMaxRowsAndSaysSo()
    {
        var (exitCode, output, _) = await Cli.RunAsync("sql", "SELECT * FROM range(5) t(i)", "--max-rows", "2");

        exitCode.Should().Be(0);
        output.Should().Contain("(5 rows, 2 shown");
        output.Should().NotContain("\n4");
    }

    [Fact]
    public async Task Sql_Lake_ResolvesRelativePathsInsideIt()
    {
        var lake = Directory.CreateTempSubdirectory("lakehouse-cli-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(lake.FullName, "people.csv"), "name,age\nAda,36\n");

            var (exitCode, output, error) = await Cli.RunAsync("sql", "SELECT name FROM 'people.csv' WHERE age = 36", "--lake", lake.FullName, "-f", "csv");

            error.Should().BeEmpty();
            exitCode.Should().Be(0);
            output.Should().Contain("Ada");
        }
        finally
        {
            lake.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Sql_MissingLake_ExitsOneNamingIt()
    {
        var (exitCode, _, error) = await Cli.RunAsync("sql", "SELECT 1", "--lake", "/no/such/lake");

        exitCode.Should().Be(1);
        error.Should().Contain("'/no/such/lake' does not exist");
    }

    [Fact]
    public async Task Sql_TimestampsAreShownInUtc()
    {
        var (_, output, _) = await Cli.RunAsync("sql", "SELECT TIMESTAMPTZ '2024-01-01 10:00:00+02' AS t", "-f", "csv");

        output.Should().Contain("2024-01-01 08:00:00+00");
    }
}
