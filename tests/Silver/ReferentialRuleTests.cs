using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Silver.Tests;

/// <summary>The referential rule <c>product_exists</c> (order lines whose product is in silver products) and its lookups.</summary>
public sealed class ReferentialRuleTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);
    private static readonly DateOnly Day2 = new(2026, 11, 2);

    private readonly DirectoryInfo _lake = Directory.CreateTempSubdirectory("lakehouse-silver-ref-");
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose()
    {
        _session.Dispose();
        _lake.Delete(recursive: true);
    }

    private static string Product(int id) =>
        $"{{\"id\":{id},\"title\":\"Thing {id}\",\"category\":\"smartphones\",\"price\":10,\"discountPercentage\":0,\"stock\":5,\"sku\":\"s-{id}\"}}";

    /// <summary>A cart whose lines have these product ids (null: a line without an id), each 1 × 10.</summary>
    private static string Cart(int id, params int?[] products)
    {
        var lines = products.Select(p => (p is { } pid ? $"\"id\":{pid}," : "") + "\"title\":\"x\",\"price\":10,\"quantity\":1,\"total\":10,\"discountPercentage\":0,\"discountedTotal\":10");
        return $"{{\"id\":{id},\"userId\":1,\"total\":{10 * products.Length},\"discountedTotal\":{10 * products.Length},\"totalProducts\":{products.Length},\"totalQuantity\":{products.Length},\"products\":[{string.Join(",", lines.Select(l => "{" + l + "}"))}]}}";
    }

    private SilverRunResult Run(params SilverEntity[] entities) =>
        SilverJob.Run(_session, new SilverJobOptions { Lake = _lake.FullName, RunId = "ref-run" }, entities);

    private Frame Table(string name) => _session.Read.Delta(Path.Combine(_lake.FullName, "silver", name));

    /// <summary>(rows_checked, rows_failed) of a rule's metrics rows for order_lines, per bronze batch.</summary>
    private List<(string? Batch, long Checked, long Failed)> LineMetrics(string rule) =>
        [.. Table("dq_metrics").Collect()
            .Where(r => r.GetString("table_name") == "order_lines" && r.GetString("rule") == rule)
            .Select(r => (r.GetString("batch_id"), r.GetInt64("rows_checked"), r.GetInt64("rows_failed")))
            .OrderBy(m => m.Item1, StringComparer.Ordinal)];

    [Fact]
    public void OrderLines_ProductNotInSilverProducts_IsKeptAndCountedAsFailingProductExists()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1), Product(2)]);
        BronzeWriter.Land(_lake.FullName, "shop", "carts", "r1", Day1, [Cart(7, 1, 99), Cart(8, 2)]);

        var result = Run([.. DummyJsonProfile.Entities("shop")]);

        Table("order_lines").Collect().Select(r => r.GetString("product_id")).Should().BeEquivalentTo(["P000001", "P000099", "P000002"], "a warn rule keeps the line");
        LineMetrics("product_exists").Should().Equal([("r1", 3L, 1L)]);
        var rule = result.Tables.Single(t => t.Table == "order_lines").Rules.Single(c => c.Rule.Name == "product_exists");
        (rule.Checked, rule.Failed, rule.Rule.Severity).Should().Be((3L, 1L, RuleSeverity.Warn));
        Table("quarantine").Collect().Should().NotContain(r => r.GetString("rule") == "product_exists" || r.GetString("table_name") == "order_lines");
    }

    [Fact]
    public void OrderLines_WithoutProduct_FailProductPresentButNotProductExists()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1)]);
        BronzeWriter.Land(_lake.FullName, "shop", "carts", "r1", Day1, [Cart(7, 1, null)]);

        Run([.. DummyJsonProfile.Entities("shop")]);

        LineMetrics("product_exists").Should().Equal([("r1", 2L, 0L)], "a NULL product is product_present's to report");
        LineMetrics("product_present").Should().Equal([("r1", 2L, 1L)]);
        Table("quarantine").Collect().Where(r => r.GetString("table_name") == "order_lines").Select(r => r.GetString("rule")).Should().Equal("product_present");
        Table("order_lines").Collect().Select(r => r.GetString("product_id")).Should().Equal("P000001");
    }

    [Fact]
    public void OrderLines_CheckedAgainstProductsAsTheyStandWhenTheBatchIsApplied()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1)]);
        BronzeWriter.Land(_lake.FullName, "shop", "carts", "r1", Day1, [Cart(7, 1)]);

        // order_lines first: silver products does not exist yet, so no product is known.
        Run(DummyJsonProfile.OrderLines("shop"), DummyJsonProfile.Products("shop"));

        LineMetrics("product_exists").Should().Equal([("r1", 1L, 1L)]);
        Table("products").Count().Should().Be(1);

        // A later batch of carts is checked against the products applied by then.
        BronzeWriter.Land(_lake.FullName, "shop", "carts", "r2", Day2, [Cart(8, 1)]);
        Run(DummyJsonProfile.OrderLines("shop"), DummyJsonProfile.Products("shop"));

        LineMetrics("product_exists").Should().Equal([("r1", 1L, 1L), ("r2", 1L, 0L)]);
    }

    [Fact]
    public void OrderLines_ProductsAppliedEarlierInTheSameRun_Count()
    {
        BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1)]);
        BronzeWriter.Land(_lake.FullName, "shop", "carts", "r1", Day1, [Cart(7, 1)]);

        Run(DummyJsonProfile.Products("shop"), DummyJsonProfile.OrderLines("shop"));

        LineMetrics("product_exists").Should().Equal([("r1", 1L, 0L)]);
    }

    [Fact]
    public void FakeStoreOrderLines_ProductNotInSilverProducts_IsKeptAndCounted()
    {
        BronzeWriter.Land(_lake.FullName, "fs", "products", "r1", Day1,
        [
            "{\"id\":1,\"title\":\"Backpack\",\"price\":109.95,\"description\":\"d\",\"category\":\"men's clothing\",\"rating\":{\"rate\":3.9,\"count\":120}}",
            "{\"id\":2,\"title\":\"Robot\",\"price\":9.5,\"description\":\"d\",\"category\":\"toys\",\"rating\":{\"rate\":4,\"count\":1}}",
        ]);
        BronzeWriter.Land(_lake.FullName, "fs", "carts", "r1", Day1,
            ["{\"id\":1,\"userId\":1,\"date\":\"2020-03-02T00:00:00.000Z\",\"products\":[{\"productId\":1,\"quantity\":4},{\"productId\":2,\"quantity\":1}]}"]);

        Run([.. FakeStoreProfile.Entities("fs")]);

        LineMetrics("product_exists").Should().Equal([("r1", 2L, 1L)], "product 2 was quarantined (unknown category), so it is not in silver products");
        Table("order_lines").Collect().Select(r => r.GetString("product_id")).Should().BeEquivalentTo(["P000001", "P000002"]);
    }

    private static SilverEntity Visits(params QualityRule[] rules) => new()
    {
        Table = "visits",
        Source = "shop",
        Entity = "visits",
        RawSchema = "struct<id:string,city:string>",
        Columns = [new("visit_id", "string", "r.id", "test"), new("city", "string", "r.city", "test")],
        BusinessKey = ["visit_id"],
        Rules = rules,
    };

    private Frame Visits() => _session.CreateDataFrame(
        [
            ["{\"id\":\"1\",\"city\":\"Oslo\"}", "b", Day1],
            ["{\"id\":\"2\",\"city\":\"Rome\"}", "b", Day1],
            ["{\"id\":\"3\"}", "b", Day1],
        ],
        (StructType)DataType.Parse("struct<_raw:string,_batch_id:string,_ingest_date:date>"));

    [Fact]
    public void Exists_OnAColumnTheTableDoesNotHave_IsRefusedNamingTheRule()
    {
        var act = () => new EntityPipeline(Visits(QualityRule.Exists("known_town", "town", "stores", "store_city", RuleSeverity.Warn, "x")));

        act.Should().Throw<ArgumentException>().WithMessage("Silver table 'visits': rule 'known_town' looks up column 'town'*");
    }

    [Fact]
    public void Exists_InAColumnTheReferencedTableDoesNotHave_IsRefusedNamingBoth()
    {
        var pipeline = new EntityPipeline(Visits(QualityRule.Exists("known_city", "city", "stores", "town", RuleSeverity.Warn, "x")));
        var stores = _session.CreateDataFrame([["Oslo"]], (StructType)DataType.Parse("struct<store_city:string>"));

        var act = () => pipeline.Transform(Visits(), new Dictionary<string, Frame> { ["stores"] = stores });

        act.Should().Throw<InvalidOperationException>().WithMessage("*rule 'known_city' looks values up in column 'town' of silver table 'stores', which has no such column*");
    }

    /// <summary>A lookup column with repeated values neither repeats rows nor loses any, and only its values pass.</summary>
    [Fact]
    public void Transform_LookupColumnWithRepeatedValues_KeepsOneRowPerRecord()
    {
        var pipeline = new EntityPipeline(Visits(QualityRule.Exists("known_city", "city", "stores", "store_city", RuleSeverity.Warn, "no store in that city")));
        var raw = Visits();
        var stores = _session.CreateDataFrame([["Oslo"], ["Oslo"], ["Paris"]], (StructType)DataType.Parse("struct<store_city:string>"));

        var flagged = pipeline.Transform(raw, new Dictionary<string, Frame> { ["stores"] = stores });
        var withoutTable = pipeline.Transform(raw);

        flagged.Collect().ToDictionary(r => r.GetString("visit_id")!, r => r.GetBoolean(EntityPipeline.RuleFlag(1)))
            .Should().BeEquivalentTo(new Dictionary<string, bool> { ["1"] = true, ["2"] = false, ["3"] = true });
        withoutTable.Collect().ToDictionary(r => r.GetString("visit_id")!, r => r.GetBoolean(EntityPipeline.RuleFlag(1)))
            .Should().BeEquivalentTo(new Dictionary<string, bool> { ["1"] = false, ["2"] = false, ["3"] = true }, "a missing table knows no value");
        pipeline.References.Should().Equal(new RuleReference("city", "stores", "store_city"));
    }
}
