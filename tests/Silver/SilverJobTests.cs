using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Silver.Tests;

public sealed class SilverJobTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);
    private static readonly DateOnly Day2 = new(2026, 11, 2);

    private readonly DirectoryInfo _lake = Directory.CreateTempSubdirectory("lakehouse-silver-");
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose()
    {
        _session.Dispose();
        _lake.Delete(recursive: true);
    }

    private static string Product(object id, string title = "Phone", string category = "smartphones", string price = "499.99", string discount = "10.5", string extra = "") =>
        $"{{\"id\":{id},\"title\":\"{title}\",\"category\":\"{category}\",\"price\":{price},\"discountPercentage\":{discount},\"stock\":5,\"sku\":\"abc-1\",\"images\":[\"https://cdn/x.png\"]{extra}}}";

    private SilverRunResult Run(params SilverEntity[] entities) =>
        SilverJob.Run(_session, new SilverJobOptions { Lake = _lake.FullName, RunId = "test-run", Time = new FixedTime(new DateTimeOffset(2026, 11, 3, 12, 0, 0, TimeSpan.Zero)) }, entities);

    private Frame Table(string name) => _session.Read.Delta(Path.Combine(_lake.FullName, "silver", name));

    [Fact]
    public void Products_CleanRecord_IsTypedPaddedTrimmedAndStripped()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(42, title: "  iPhone 9  ", category: " Mens-Shirts ", price: "549.90", extra: ",\"color\":\"red\"")]);

        var result = Run(DummyJsonProfile.Products("shop"));

        result.Tables.Single().BatchesApplied.Should().Be(1);
        var row = Table("products").Collect().Single();
        row.GetString("product_id").Should().Be("P000042");
        row.GetString("title").Should().Be("iPhone 9");
        row.GetString("category").Should().Be("mens-shirts");
        row.GetString("category_name").Should().Be("Mens Shirts");
        row.GetDecimal("price").Should().Be(549.90m);
        row.GetDecimal("discount_percent").Should().Be(10.50m);
        row.GetString("sku").Should().Be("ABC-1");
        row.GetString("_rescued_data").Should().Be("{\"color\":\"red\"}", "unknown fields are kept; dropped ones (images) are not");
        Table("products").Columns.Should().NotContain(c => c.Contains("image", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Keys_IdsOfMoreThanSixDigits_AreKeptWholeNotCut()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(100000), Product(1000000), Product(7)]);

        Run(DummyJsonProfile.Products("shop"));

        Table("products").OrderBy("source_id").Collect().Select(r => r.GetString("product_id")).Should().Equal("P000007", "P100000", "P1000000");
    }

    [Fact]
    public void Products_BadRecords_GoToQuarantineWithTheirReasonAndMetricsCountThem()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1,
        [
            Product(1),
            "{\"title\":\"no id\",\"category\":\"smartphones\",\"price\":1}",
            Product("\"abc\""),
            Product(3, price: "-5"),
            Product(4, category: "spaceships"),
            Product(5, discount: "150"),
            Product(6, price: "\"cheap\""),
            "{not json",
        ]);

        var result = Run(DummyJsonProfile.Products("shop"));

        Table("products").Collect().Select(r => r.GetString("product_id")).Should().Equal("P000001");
        var quarantine = Table("quarantine").Collect().Select(r => (r.GetString("rule"), r.GetString("raw_record"))).ToList();
        quarantine.Should().HaveCount(7);
        quarantine.Select(q => q.Item1).Should().BeEquivalentTo(
            ["id_is_integer", "id_is_integer", "price_non_negative", "known_category", "discount_in_range", "price_present", "json_object"]);
        quarantine.Should().Contain(("known_category", Product(4, category: "spaceships")), "the raw record is kept as received");
        result.Tables.Single().RowsQuarantined.Should().Be(7);

        var metrics = Table("dq_metrics").Collect().ToDictionary(r => r.GetString("rule")!, r => r.GetInt64("rows_failed"));
        metrics["id_is_integer"].Should().Be(3, "the record without an id, the one with id \"abc\", and the line that is not JSON");
        metrics["json_object"].Should().Be(1);
        metrics["known_category"].Should().BeGreaterThanOrEqualTo(1);
        metrics["price_non_negative"].Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void Run_Again_WithNoNewBatch_CommitsNothing()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1), Product(2)]);
        Run(DummyJsonProfile.Products("shop"));
        var versions = SilverVersions();

        var again = Run(DummyJsonProfile.Products("shop"));

        again.Tables.Single().BatchesApplied.Should().Be(0);
        SilverVersions().Should().BeEquivalentTo(versions);
        Table("products").Count().Should().Be(2);
    }

    [Fact]
    public void NewBatch_UpdatesByKeyAndKeepsPriceHistory()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1, price: "100.00"), Product(2, price: "5.00")]);
        Run(DummyJsonProfile.Products("shop"));
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r2", Day2, [Product(1, price: "90.00"), Product(3, price: "7.00")]);

        var result = Run(DummyJsonProfile.Products("shop"));

        result.Tables.Single().BatchesApplied.Should().Be(1);
        Table("products").Collect().ToDictionary(r => r.GetString("product_id")!, r => r.GetDecimal("price"))
            .Should().BeEquivalentTo(new Dictionary<string, decimal> { ["P000001"] = 90.00m, ["P000002"] = 5.00m, ["P000003"] = 7.00m });
        var history = Table("product_price_history").Collect().Where(r => r.GetString("product_id") == "P000001").OrderBy(r => r.GetTimestamp("valid_from")).ToList();
        history.Select(r => (r.GetDecimal("price"), r.GetBoolean("is_current"))).Should().Equal((100.00m, false), (90.00m, true));
        history[0].IsNullAt("valid_to").Should().BeFalse();
        Table("product_price_history").Collect().Count(r => r.GetBoolean("is_current")).Should().Be(3);
    }

    [Fact]
    public void DuplicateKeys_KeepOneRowAndTheLatestIngestWins()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1, price: "10.00"), Product(1, price: "10.00")]);
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r2", Day2, [Product(1, price: "12.00")]);

        Run(DummyJsonProfile.Products("shop"));

        Table("products").Collect().Select(r => r.GetDecimal("price")).Should().Equal(12.00m);
    }

    [Fact]
    public void OrderLines_AreExplodedFromCartsWithLineNumbers()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "carts", "r1", Day1,
        [
            "{\"id\":7,\"userId\":3,\"total\":30,\"discountedTotal\":27,\"totalProducts\":2,\"totalQuantity\":3,\"products\":[" +
            "{\"id\":1,\"title\":\"A\",\"price\":10,\"quantity\":1,\"total\":10,\"discountPercentage\":10,\"discountedTotal\":9}," +
            "{\"id\":2,\"title\":\"B\",\"price\":10,\"quantity\":2,\"total\":20,\"discountPercentage\":10,\"discountedTotal\":18}]}",
        ]);

        Run(DummyJsonProfile.Orders("shop"), DummyJsonProfile.OrderLines("shop"));

        var lines = Table("order_lines").OrderBy("line_number").Collect();
        lines.Select(r => (r.GetString("order_id"), r.GetInt32("line_number"), r.GetString("product_id"), r.GetInt32("quantity"), r.GetDecimal("net_amount")))
            .Should().Equal(("O000007", 1, "P000001", 1, 9.00m), ("O000007", 2, "P000002", 2, 18.00m));
        lines.Should().OnlyContain(r => r.GetString("customer_id") == "C000003" && r.GetDate("order_date") == Day1);
        Table("orders").Collect().Single().GetDecimal("net_amount").Should().Be(27.00m);
    }

    [Fact]
    public void FailRule_Broken_AbortsTheBatchWithoutAnyCommit()
    {
        var strict = DummyJsonProfile.Products("shop") with
        {
            Rules = [new QualityRule("price_present", "price is not null", RuleSeverity.Fail, "every product needs a price")],
        };
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1), Product(2, price: "null")]);

        var act = () => Run(strict);

        act.Should().Throw<DataQualityException>().WithMessage("*'price_present' (1 row(s): every product needs a price)*nothing of it was committed*");
        Directory.Exists(Path.Combine(_lake.FullName, "silver", "products")).Should().BeFalse();
        Directory.Exists(Path.Combine(_lake.FullName, "silver", "quarantine")).Should().BeFalse();
    }

    private Dictionary<string, int> SilverVersions() =>
        Directory.GetDirectories(Path.Combine(_lake.FullName, "silver"))
            .ToDictionary(d => Path.GetFileName(d)!, d => Directory.GetFiles(Path.Combine(d, "_delta_log"), "*.json").Length);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
