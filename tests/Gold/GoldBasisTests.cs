using Lakehouse.Common.Configuration;
using Lakehouse.DataFrame;
using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.Gold.Tests;

/// <summary>The per-group basis (one value, else 'mixed') and the cost ratio's type, which gold chooses for speed only.</summary>
public sealed class GoldBasisTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void OneOrMixed_IsTheGroupsOnlyValue_ElseMixed_IgnoringNulls_AsCountDistinctIs()
    {
        var rows = _session.CreateDataFrame(
            [
                ["same", "line"], ["same", "line"],
                ["two", "line"], ["two", "product_price"],
                ["with-null", "product_price"], ["with-null", null],
                ["only-null", null], ["only-null", null],
                ["single", "none"],
            ],
            (StructType)DataType.Parse("struct<g:string,basis:string>"));

        var grouped = rows.GroupBy(Col("g")).Agg(CountDistinct(Col("basis")).As("distinct"), [Max(Col("basis")).As("any"), .. GoldAggregates.BasisBounds("basis")]);
        var result = GoldAggregates.OneOrMixed(grouped, "basis").Collect().ToDictionary(r => r.GetString("g")!);

        result.Should().HaveCount(5);
        result["same"].GetString("basis").Should().Be("line");
        result["two"].GetString("basis").Should().Be("mixed");
        result["with-null"].GetString("basis").Should().Be("product_price");
        result["only-null"].GetString("basis").Should().Be("mixed");
        result["single"].GetString("basis").Should().Be("none");
        result.Values.Should().OnlyContain(r => r.GetString("basis") == (r.GetInt64("distinct") == 1 ? r.GetString("any") : "mixed"), "the count(DISTINCT) definition");
        grouped.Columns.Should().Contain(["_min_basis", "_max_basis"]);
        result["same"].Schema.Fields.Select(f => f.Name).Should().NotContain(["_min_basis", "_max_basis"]);
    }

    [Theory]
    [InlineData(0.70, null, 5)]
    [InlineData(9.9999, 0.5, 5)]
    [InlineData(0.70, 10.0, 6)]
    [InlineData(12.5, null, 6)]
    public void CostRatioType_IsNarrowWhenEveryRatioIsBelowTen(double category, double? fallback, int precision)
    {
        var costs = new CostConfig { CategoryCostRatio = new Dictionary<string, decimal> { ["laptops"] = (decimal)category }, DefaultCostRatio = (decimal?)fallback };

        GoldAggregates.CostRatioType(costs).Should().Be(new DecimalType(precision, 4));
        GoldAggregates.CostRatioType(null).Should().Be(new DecimalType(5, 4));
    }

    [Theory]
    [InlineData(0.7, 1400.00)]
    [InlineData(12.5, 25000.00)]
    public void CategorySales_CostsLinesAtTheRatio_WhateverItsWidth(double ratio, double expectedCost)
    {
        var products = _session.CreateDataFrame(
            [["P000001", "Laptop", "laptops", "Laptops", 1000.00m, null]],
            (StructType)DataType.Parse("struct<product_id:string,title:string,category:string,category_name:string,price:decimal(12,2),cost:decimal(12,2)>"));
        var lines = _session.CreateDataFrame(
            [["O000001", 1, "P000001", "C000001", new DateOnly(2026, 11, 1), 1000.00m, 2, 2000.00m, 1800.00m]],
            (StructType)DataType.Parse("struct<order_id:string,line_number:int,product_id:string,customer_id:string,order_date:date,unit_price:decimal(12,2),quantity:int,gross_amount:decimal(12,2),net_amount:decimal(12,2)>"));
        var customers = _session.CreateDataFrame([["C000001", "Ada"]], (StructType)DataType.Parse("struct<customer_id:string,first_name:string>"));
        var costs = new CostConfig { CategoryCostRatio = new Dictionary<string, decimal> { ["laptops"] = (decimal)ratio } };

        var row = GoldAggregates.CategorySales(GoldAggregates.CostedLines(_session, new SilverInputs(products, lines, customers), costs)).Collect().Single();

        row.GetDecimal("cost_of_goods").Should().Be((decimal)expectedCost, "2 units x round(1000.00 x ratio, 2)");
        row.GetString("cost_basis").Should().Be("category_ratio");
        row.GetString("price_basis").Should().Be("line");
    }
}
