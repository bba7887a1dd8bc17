using System.Globalization;
using System.Text.Json;
using Lakehouse.ApiSimulator;
using Lakehouse.DataFrame;

namespace Lakehouse.Cli.Tests;

/// <summary>The whole pipeline, end to end, through the CLI.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("lakehouse-run-");

    public void Dispose() => _work.Delete(recursive: true);

    private string Lake => Path.Combine(_work.FullName, "lake");

    /// <summary>Per category, from the raw DummyJSON files alone: units, gross, net and orders of the cart lines.</summary>
    private static Dictionary<string, (long Units, decimal Gross, decimal Net, int Orders)> ExpectedFromRawJson()
    {
        using var products = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.Path("dummyjson", "products.json")));
        using var carts = JsonDocument.Parse(File.ReadAllBytes(SharedFixtures.Path("dummyjson", "carts.json")));
        var category = products.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetInt64(), p => p.GetProperty("category").GetString()!);
        var totals = new Dictionary<string, (long Units, decimal Gross, decimal Net, HashSet<long> Orders)>();
        foreach (var cart in carts.RootElement.EnumerateArray())
        {
            foreach (var line in cart.GetProperty("products").EnumerateArray())
            {
                var key = category[line.GetProperty("id").GetInt64()];
                var (units, gross, net, orders) = totals.TryGetValue(key, out var t) ? t : (0L, 0m, 0m, new HashSet<long>());
                orders.Add(cart.GetProperty("id").GetInt64());
                totals[key] = (
                    units + line.GetProperty("quantity").GetInt64(),
                    gross + Cents(line.GetProperty("total")),
                    net + Cents(line.GetProperty("discountedTotal")),
                    orders);
            }
        }

        return totals.ToDictionary(t => t.Key, t => (t.Value.Units, t.Value.Gross, t.Value.Net, t.Value.Orders.Count));
    }

    /// <summary>Money as silver stores it: decimal(12,2), rounded half up (DummyJSON's totals carry float noise such as 99.99000000000001).</summary>
    private static decimal Cents(JsonElement value) =>
        Math.Round(decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture), 2, MidpointRounding.AwayFromZero);

    private List<Row> CategorySales()
    {
        using var session = LakehouseSession.Create();
        return session.Read.Delta(Path.Combine(Lake, "gold", "category_sales")).Collect();
    }

    [Fact]
    public async Task Run_OnTheDummyJsonFixture_GoldMatchesTheRawJsonAndASecondRunChangesNothing()
    {
        await using var api = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { DataDirectory = SharedFixtures.Folder("dummyjson") });
        var config = await DummyJsonPipeline.WriteConfigAsync(_work.FullName, api.BaseAddress);

        var (exitCode, output, error) = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "first");

        exitCode.Should().Be(0, error + output);
        var expected = ExpectedFromRawJson();
        var gold = CategorySales();
        gold.Select(r => r.GetString("category")).Should().BeEquivalentTo(expected.Keys);
        foreach (var row in gold)
        {
            var (units, gross, net, orders) = expected[row.GetString("category")!];
            row.GetInt64("units").Should().Be(units);
            row.GetDecimal("gross_revenue").Should().Be(gross);
            row.GetDecimal("net_revenue").Should().Be(net);
            row.GetDecimal("discounts").Should().Be(gross - net);
            row.GetInt64("orders").Should().Be(orders);
            row.GetString("cost_basis").Should().Be("default_ratio");
        }

        output.Should().Contain("gold.category_sales");
        var lakeBefore = Directory.GetFiles(Lake, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}gold{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

        var second = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "second");

        second.ExitCode.Should().Be(0, second.Error);
        second.Out.Should().Contain("\tUnchanged\t");
        Directory.GetFiles(Lake, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}gold{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Should().Equal(lakeBefore, "no bronze batch and no silver commit is added when nothing changed");
        CategorySales().Select(r => r.ToString()).Should().BeEquivalentTo(gold.Select(r => r.ToString()), "gold's content is identical");
    }

    [Fact]
    public async Task RunDemo_RunsEverythingAndPrintsTheCategoryTable()
    {
        var (exitCode, output, error) = await Cli.RunAsync("run", "--demo", "--lake", Lake);

        exitCode.Should().Be(0, error);
        error.Should().Contain("demo: API simulator on http://127.0.0.1:");
        output.Should().Contain("gold.category_sales").And.Contain("category_ratio").And.Contain("run ");
        CategorySales().Should().ContainSingle(r => r.GetBoolean("is_highest_profit"));
    }

    [Fact]
    public async Task Run_WithoutConfigOrDemo_SaysWhatToDo()
    {
        var (exitCode, _, error) = await Cli.RunAsync("run", "--lake", Lake);

        exitCode.Should().Be(1);
        error.Should().Contain("--config").And.Contain("--demo");
    }
}
