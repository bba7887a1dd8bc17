using System.Text.Json;
using Lakehouse.ApiSimulator;
using Lakehouse.Cli.Commands;
using Lakehouse.Common.Configuration;
using Lakehouse.DataFrame;

namespace Lakehouse.Cli.Tests;

/// <summary>The configuration 'lakehouse init' writes runs end to end, its declared table included.</summary>
public sealed class InitExampleTests : IDisposable
{
    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void InitExample_SelectsTheProfileOnTheSourceAndDeclaresATable()
    {
        var config = PipelineConfigLoader.Parse(InitCommand.Example, "example");

        config.ProfileFor("dummyjson").Should().Be("dummyjson");
        config.SilverTables.Should().ContainSingle().Which.Name.Should().Be("product_reviews");
    }

    [Fact]
    public async Task InitThenRun_BuildsTheDeclaredTableNextToTheProfilesTables()
    {
        await using var api = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { DataDirectory = SharedFixtures.Folder("dummyjson") });
        var config = Path.Combine(_work.Path, "pipeline.json");
        var lake = Path.Combine(_work.Path, "lake");
        (await Cli.RunAsync("init", "--config", config)).ExitCode.Should().Be(0);
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config)).Replace("http://127.0.0.1:5055", api.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));

        var (exitCode, output, error) = await Cli.RunAsync("run", "--config", config, "--lake", lake, "--run-id", "init-1");

        exitCode.Should().Be(0, error + output);
        using var products = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.Path("dummyjson", "products.json")));
        var reviews = products.RootElement.EnumerateArray()
            .SelectMany(p => p.GetProperty("reviews").EnumerateArray().Select((r, i) => (Product: p.GetProperty("id").GetInt64(), Number: i + 1, Rating: r.GetProperty("rating").GetInt32())))
            .ToList();
        using var session = LakehouseSession.Create();
        var rows = session.Read.Delta(Path.Combine(lake, "silver", "product_reviews")).Collect();
        var valid = reviews.Where(r => r.Rating is >= 1 and <= 5).ToList();
        rows.Should().HaveCount(valid.Count);
        rows.Select(r => (r.GetString("product_id"), r.GetInt32("review_number"), r.GetInt32("rating")))
            .Should().BeEquivalentTo(valid.Select(r => ($"P{r.Product:D6}", r.Number, r.Rating)));
        rows.Should().OnlyContain(r => r.IsNullAt("_rescued_data"), "the product's other fields are listed as dropped");
        string.Join("\n", rows.Select(r => r.ToString())).Should().NotContain("@x.dummyjson.com", "reviewer e-mails are not parsed");
        output.Should().Contain("product_reviews").And.Contain("gold.category_sales");
    }
}
