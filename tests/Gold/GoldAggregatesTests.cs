using Lakehouse.Common.Configuration;
using Lakehouse.DataFrame;

namespace Lakehouse.Gold.Tests;

public sealed class GoldAggregatesTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private static StructType Schema(string type) => (StructType)DataType.Parse(type);

    private SilverInputs Silver(decimal? laptopSourceCost = null)
    {
        var products = _session.CreateDataFrame(
            [
                ["P000001", "Laptop", "laptops", "Laptops", 1000.00m, laptopSourceCost],
                ["P000002", "Phone", "smartphones", "Smartphones", 500.00m, null],
                ["P000003", "Lipstick", "beauty", "Beauty", 10.00m, null],
            ],
            Schema("struct<product_id:string,title:string,category:string,category_name:string,price:decimal(12,2),cost:decimal(12,2)>"));
        var lines = _session.CreateDataFrame(
            [
                ["O000001", 1, "P000001", "C000001", new DateOnly(2026, 11, 1), 1000.00m, 2, 2000.00m, 1800.00m],
                ["O000001", 2, "P000003", "C000001", new DateOnly(2026, 11, 1), 10.00m, 3, 30.00m, 30.00m],
                ["O000002", 1, "P000002", "C000002", new DateOnly(2026, 11, 2), 500.00m, 1, 500.00m, 450.00m],
                ["O000003", 1, "P000003", "C000001", new DateOnly(2026, 11, 3), 10.00m, 1, 10.00m, 9.00m],
            ],
            Schema("struct<order_id:string,line_number:int,product_id:string,customer_id:string,order_date:date,unit_price:decimal(12,2),quantity:int,gross_amount:decimal(12,2),net_amount:decimal(12,2)>"));
        var customers = _session.CreateDataFrame(
            [
                ["C000001", "Ada", "Lovelace", "ada@example.com", "London", "UK"],
                ["C000002", "Alan", "Turing", "alan@example.com", "Wilmslow", "UK"],
            ],
            Schema("struct<customer_id:string,first_name:string,last_name:string,email:string,city:string,country:string>"));
        return new SilverInputs(products, lines, customers);
    }

    private static readonly CostConfig Ratios = new()
    {
        CategoryCostRatio = new Dictionary<string, decimal> { ["laptops"] = 0.70m, ["smartphones"] = 0.60m, ["beauty"] = 0.20m },
    };

    [Fact]
    public void CategorySales_WithCategoryCostRatios_ComputesRevenueProfitMarginAndRanks()
    {
        var gold = GoldAggregates.Build(_session, Silver(), Ratios, new DateOnly(2026, 11, 10));

        var rows = gold["category_sales"].Collect().ToDictionary(r => r.GetString("category")!);

        var laptops = rows["laptops"];
        laptops.GetInt64("orders").Should().Be(1);
        laptops.GetInt64("units").Should().Be(2);
        laptops.GetDecimal("gross_revenue").Should().Be(2000.00m);
        laptops.GetDecimal("discounts").Should().Be(200.00m);
        laptops.GetDecimal("net_revenue").Should().Be(1800.00m);
        laptops.GetDecimal("cost_of_goods").Should().Be(1400.00m, "2 units x (1000.00 x 0.70)");
        laptops.GetDecimal("profit").Should().Be(400.00m);
        laptops.GetDecimal("margin").Should().Be(0.2222m);
        laptops.GetString("cost_basis").Should().Be("category_ratio");

        var beauty = rows["beauty"];
        beauty.GetInt64("orders").Should().Be(2);
        beauty.GetInt64("units").Should().Be(4);
        beauty.GetDecimal("net_revenue").Should().Be(39.00m);
        beauty.GetDecimal("cost_of_goods").Should().Be(8.00m, "4 units x (10.00 x 0.20)");
        beauty.GetDecimal("profit").Should().Be(31.00m);
        beauty.GetDecimal("avg_order_value").Should().Be(19.50m);
        beauty.GetDecimal("avg_sale_per_line").Should().Be(19.50m);

        rows["smartphones"].GetDecimal("profit").Should().Be(150.00m, "450.00 - 500.00 x 0.60");
        rows.Values.Single(r => r.GetBoolean("is_highest_profit")).GetString("category").Should().Be("laptops");
        rows.Values.Single(r => r.GetBoolean("is_lowest_profit")).GetString("category").Should().Be("beauty");
        rows.Values.Select(r => r.GetInt32("profit_rank")).Should().BeEquivalentTo([1, 2, 3]);
    }

    [Fact]
    public void CategorySales_WithoutAnyCostBasis_LeavesProfitNullRatherThanInventingIt()
    {
        var gold = GoldAggregates.Build(_session, Silver(), costs: null, new DateOnly(2026, 11, 10));

        var rows = gold["category_sales"].Collect();

        rows.Should().OnlyContain(r => r.IsNullAt("profit") && r.IsNullAt("cost_of_goods") && r.GetString("cost_basis") == "none");
        rows.Should().OnlyContain(r => !r.GetBoolean("is_highest_profit") && !r.GetBoolean("is_lowest_profit"));
        rows.Sum(r => r.GetDecimal("net_revenue")).Should().Be(2289.00m);
    }

    [Fact]
    public void CategorySales_SourceCostWinsOverTheRatio()
    {
        var gold = GoldAggregates.Build(_session, Silver(laptopSourceCost: 900.00m), Ratios, new DateOnly(2026, 11, 10));

        var laptops = gold["category_sales"].Collect().Single(r => r.GetString("category") == "laptops");

        laptops.GetDecimal("cost_of_goods").Should().Be(1800.00m);
        laptops.GetDecimal("profit").Should().Be(0.00m);
        laptops.GetString("cost_basis").Should().Be("source");
    }

    [Fact]
    public void DailyCategorySales_GroupsByDateAndCategory()
    {
        var gold = GoldAggregates.Build(_session, Silver(), Ratios, new DateOnly(2026, 11, 10));

        var rows = gold["daily_category_sales"].Collect();

        rows.Select(r => (r.GetDate("order_date"), r.GetString("category"), r.GetDecimal("net_revenue"))).Should().Equal(
            (new DateOnly(2026, 11, 1), "beauty", 30.00m),
            (new DateOnly(2026, 11, 1), "laptops", 1800.00m),
            (new DateOnly(2026, 11, 2), "smartphones", 450.00m),
            (new DateOnly(2026, 11, 3), "beauty", 9.00m));
    }

    [Fact]
    public void CustomerSummary_CountsOrdersRevenueAndRecency()
    {
        var gold = GoldAggregates.Build(_session, Silver(), Ratios, new DateOnly(2026, 11, 10));

        var ada = gold["customer_summary"].Collect().First();

        ada.GetString("customer_id").Should().Be("C000001");
        ada.GetString("first_name").Should().Be("Ada");
        ada.GetInt64("orders").Should().Be(2);
        ada.GetDecimal("net_revenue").Should().Be(1839.00m);
        ada.GetDate("first_order_date").Should().Be(new DateOnly(2026, 11, 1));
        ada.GetDate("last_order_date").Should().Be(new DateOnly(2026, 11, 3));
        ada.GetInt32("recency_days").Should().Be(7);
    }

    [Fact]
    public void ProductPerformance_RanksByRevenueAndUnits()
    {
        var gold = GoldAggregates.Build(_session, Silver(), Ratios, new DateOnly(2026, 11, 10));

        var rows = gold["product_performance"].Collect();

        rows.Select(r => r.GetString("product_id")).Should().Equal("P000001", "P000002", "P000003");
        rows.Single(r => r.GetString("product_id") == "P000003").GetInt32("units_rank").Should().Be(1);
    }
}
