namespace Lakehouse.Cli.Tests;

/// <summary><c>--engine</c>, <c>--remote</c> and <c>--token-secret</c> on the jobs: misuse says what to do, and a token never shows.</summary>
public sealed class EngineOptionTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lakehouse-engine-");

    public void Dispose() => _work.Delete(recursive: true);

    private string Config()
    {
        var path = Path.Combine(_work.FullName, "pipeline.json");
        File.WriteAllText(path, """
            { "sources": [ { "name": "dummyjson", "kind": "rest", "baseUrl": "http://127.0.0.1:1",
                "entities": [ { "name": "products", "path": "/products", "recordsField": "products" } ] } ],
              "profiles": { "dummyjson": "dummyjson" } }
            """);
        return path;
    }

    [Theory]
    [InlineData("bronze")]
    [InlineData("silver")]
    [InlineData("gold")]
    [InlineData("run")]
    public async Task EngineSparkWithoutRemote_ExitsOneOnOneLineSayingWhatToAdd(string job)
    {
        var (exitCode, output, error) = await Cli.RunAsync(job, "--config", Config(), "--lake", Path.Combine(_work.FullName, "lake"), "--engine", "spark");

        exitCode.Should().Be(1);
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain("--remote sc://");
        output.Should().BeEmpty();
        Directory.Exists(Path.Combine(_work.FullName, "lake", "bronze")).Should().BeFalse("nothing runs before the options are checked");
    }

    [Fact]
    public async Task Bronze_EngineSpark_LandsInThisProcessWithoutContactingSpark()
    {
        await using var spark = await Lakehouse.SparkConnect.Tests.Session.FakeSpark.StartAsync();
        var landing = Directory.CreateDirectory(Path.Combine(_work.FullName, "landing"));
        File.WriteAllText(Path.Combine(landing.FullName, "stores.ndjson"), "{\"id\":1}\n{\"id\":2}\n");
        var config = Path.Combine(_work.FullName, "files.json");
        File.WriteAllText(config, """
            { "sources": [ { "name": "landing", "kind": "files",
                "entities": [ { "name": "stores", "location": "landing/*.ndjson", "format": "ndjson" } ] } ] }
            """);

        var (exitCode, output, error) = await Cli.RunAsync("bronze", "--config", config, "--lake", Path.Combine(_work.FullName, "lake"), "--engine", "spark", "--remote", spark.ConnectionString());

        exitCode.Should().Be(0, error + output);
        spark.Requests.Should().BeEmpty("bronze is HTTP and files in the CLI, whatever the engine");
        Directory.GetFiles(Path.Combine(_work.FullName, "lake", "bronze", "landing", "stores"), "_manifest.json", SearchOption.AllDirectories).Should().ContainSingle();
    }

    [Theory]
    [InlineData("bronze", "--remote", "sc://127.0.0.1:15002/")]
    [InlineData("silver", "--remote", "sc://127.0.0.1:15002/")]
    [InlineData("gold", "--remote", "sc://127.0.0.1:15002/")]
    [InlineData("gold", "--spark-lake", "abfss://lake@acct.dfs.core.windows.net/lake")]
    [InlineData("silver", "--token-secret", "databricks-pat")]
    public async Task SparkOptionWithoutEngineSpark_ExitsOneOnOneLineNamingEngineSpark(string job, string option, string value)
    {
        var (exitCode, output, error) = await Cli.RunAsync(job, "--config", Config(), "--lake", Path.Combine(_work.FullName, "lake"), option, value);

        exitCode.Should().Be(1);
        error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("error: ").And.Contain("--engine spark");
        output.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TokenSecret_ItsValueNeverAppearsInTheOutput(bool verbose)
    {
        // A token turns on TLS: against a plain-text endpoint the connection fails, the path where a careless error would echo it.
        var name = "engine-test-" + Guid.NewGuid().ToString("N")[..8];
        var variable = "LAKEHOUSE_SECRET_" + name.ToUpperInvariant().Replace('-', '_');
        var token = "dapi" + Guid.NewGuid().ToString("N");
        await using var spark = await Lakehouse.SparkConnect.Tests.Session.FakeSpark.StartAsync();
        Environment.SetEnvironmentVariable(variable, token);
        try
        {
            var lake = Path.Combine(_work.FullName, "lake");
            foreach (var table in new[] { "products", "order_lines", "customers" })
            {
                Directory.CreateDirectory(Path.Combine(lake, "silver", table, "_delta_log")); // so that gold goes on to call Spark
            }

            string[] flags = verbose ? ["--verbose"] : [];
            var (exitCode, output, error) = await Cli.RunAsync(
            [
                "gold", "--config", Config(), "--lake", lake, "--engine", "spark",
                "--remote", spark.ConnectionString(";x-databricks-cluster-id=0123-456789-abc"), "--token-secret", name, .. flags,
            ]);

            exitCode.Should().NotBe(0);
            error.Should().StartWith("error: ").And.Contain("TLS", "the token turned TLS on and the connection was tried");
            (output + error).Should().NotContain(token).And.NotContain(token[4..]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }
}
