using Lakehouse.ApiSimulator;
using Lakehouse.Cli.Commands;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Cli.Tests;

public sealed class BronzeCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lakehouse-cli-");

    public void Dispose() => _work.Delete(recursive: true);


    [Fact]
    public void InitExample_IsAValidConfiguration()
    {
        var config = PipelineConfigLoader.Parse(InitCommand.Example, "example");

        config.Sources.Single().Entities.Select(e => e.Name).Should().Equal("products", "carts", "users");
    }

    [Fact]
    public async Task Init_ThenBronzeAgainstTheSimulator_LandsAndLogs()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { DataDirectory = SharedFixtures.Path("dummyjson") });
        var config = Path.Combine(_work.FullName, "pipeline.json");
        (await Cli.RunAsync("init", "--config", config)).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("http://127.0.0.1:5055", simulator.BaseAddress.ToString().TrimEnd('/')));

        var (exitCode, output, error) = await Cli.RunAsync("bronze", "--config", config, "--lake", Path.Combine(_work.FullName, "lake"), "--run-id", "cli-1");

        exitCode.Should().Be(0, error);
        output.Should().Contain("dummyjson/carts\tLanded\t208");
        error.Should().Contain("event=entity_finished source=dummyjson entity=users status=Landed records=208");
        Directory.GetFiles(Path.Combine(_work.FullName, "lake"), "_manifest.json", SearchOption.AllDirectories).Should().HaveCount(3);
    }

    [Fact]
    public async Task Init_ExistingFile_IsNotOverwritten()
    {
        var config = Path.Combine(_work.FullName, "pipeline.json");
        await File.WriteAllTextAsync(config, "mine");

        var (exitCode, _, error) = await Cli.RunAsync("init", "--config", config);

        exitCode.Should().Be(1);
        error.Should().Contain("already exists");
        (await File.ReadAllTextAsync(config)).Should().Be("mine");
    }

    [Fact]
    public async Task Bronze_InvalidConfig_ExitsOneNamingTheProblem()
    {
        var config = Path.Combine(_work.FullName, "bad.json");
        await File.WriteAllTextAsync(config, """{ "sources": [ { "name": "..", "kind": "rest", "baseUrl": "http://x", "entities": [] } ] }""");

        var (exitCode, _, error) = await Cli.RunAsync("bronze", "--config", config, "--lake", _work.FullName);

        exitCode.Should().Be(1);
        error.Should().StartWith("error: ").And.Contain("$.sources[0].name: '..'");
    }

    [Fact]
    public async Task Bronze_WithoutLake_IsAUsageError()
    {
        var (exitCode, _, error) = await Cli.RunAsync("bronze", "--config", "x.json");

        exitCode.Should().Be(2);
        error.Should().Contain("--lake");
    }
}
