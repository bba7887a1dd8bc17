using Lakehouse.Common.Configuration;
using Lakehouse.DataFrame;

namespace Lakehouse.Gold.Tests;

/// <summary>
/// Gold over Fake Store-shaped silver: order lines without prices are priced at the product's current price x quantity
/// (no discount), recorded as price_basis; the expected numbers are computed here in C# from the same rows.
/// </summary>
public sealed class GoldPriceFallbackTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private static StructType Schema(string type) => (StructType)DataType.Parse(type);

    // (product_id, title, category, price) as silver products holds them (Fake Store: no cost).
    private static readonly (string Id, string Title, string Category, decimal? Price)[] Products =
    [
        ("P000001", "Backpack", "mens-clothing", 109.95m),
        ("P000005", "Bracelet", "jewelery", 695.00m),
        ("P000009", "Hard drive", "electronics", 64.00m),
        ("P000010", "SSD", "electronics", 109.00m),
    ];

    // (order_id, line_number, product_id, customer_id, quantity): Fake Store cart lines carry no price.
    private static readonly (string Order, int Line, string Product, string Customer, int Quantity)[] Lines =
    [
        ("O000001", 1, "P000001", "C000001", 4),
        ("O000001", 2, "P000009", "C000001", 1),
        ("O000002", 1, "P000010", "C000002", 3),
        ("O000002", 2, "P000005", "C000002", 1),
        ("O000003", 1, "P000009", "C000001", 2),
        ("O000003", 2, "P000404", "C000001", 7), // a product silver does not have: no price, no invented amount
    ];

    private SilverInputs Silver()
    {
        var products = _session.CreateDataFrame(
            Products.Select(p => (IReadOnlyList<object?>)[p.Id, p.Title, p.Category, p.Category.Replace('-', ' '), p.Price, null]),
            Schema("struct<product_id:string,title:string,category:string,category_name:string,price:decimal(12,2),cost:decimal(12,2)>"));
        var lines = _session.CreateDataFrame(
            Lines.Select(l => (IReadOnlyList<object?>)[l.Order, l.Line, l.Product, l.Customer, new DateOnly(2020, 3, 2), null, l.Quantity, null, null, null]),
            Schema("struct<order_id:string,line_number:int,product_id:string,customer_id:string,order_date:date,unit_price:decimal(12,2),quantity:int,gross_amount:decimal(12,2),discount_percent:decimal(5,2),net_amount:decimal(12,2)>"));
        var customers = _session.CreateDataFrame(
            [["C000001", "John", "Doe", "john@gmail.com", "Kilcoole", null], ["C000002", "David", "Morrison", "morrison@gmail.com", "Kilcoole", null]],
            Schema("struct<customer_id:string,first_name:string,last_name:string,email:string,city:string,country:string>"));
        return new SilverInputs(products, lines, customers);
    }

    [Fact]
    public void LinesWithoutPrices_ArePricedAtTheProductsPriceTimesQuantity_WithoutDiscount()
    {
        var price = Products.ToDictionary(p => p.Id, p => p.Price);
        var category = Products.ToDictionary(p => p.Id, p => p.Category);
        var expected = Lines
            .Where(l => price.ContainsKey(l.Product))
            .GroupBy(l => category[l.Product])
            .ToDictionary(
                g => g.Key,
                g => (Revenue: g.Sum(l => Math.Round(price[l.Product]!.Value * l.Quantity, 2, MidpointRounding.AwayFromZero)), Units: g.Sum(l => (long)l.Quantity), Orders: g.Select(l => l.Order).Distinct().Count()));

        var gold = GoldAggregates.Build(_session, Silver(), new CostConfig { DefaultCostRatio = 0.5m }, new DateOnly(2020, 3, 10));
        var rows = gold["category_sales"].Collect().ToDictionary(r => r.GetString("category") ?? "(none)");

        foreach (var (name, (revenue, units, orders)) in expected)
        {
            var row = rows[name];
            row.GetDecimal("gross_revenue").Should().Be(revenue, name);
            row.GetDecimal("net_revenue").Should().Be(revenue, $"{name}: no discount is applied to a product-priced line");
            row.GetDecimal("discounts").Should().Be(0m);
            row.GetInt64("units").Should().Be(units);
            row.GetInt64("orders").Should().Be(orders);
            row.GetString("price_basis").Should().Be("product_price");
            row.GetInt64("lines_priced_from_product").Should().Be(Lines.Count(l => category.GetValueOrDefault(l.Product) == name));
            row.GetDecimal("cost_of_goods").Should().Be(Lines.Where(l => category.GetValueOrDefault(l.Product) == name)
                .Sum(l => Math.Round(price[l.Product]!.Value * 0.5m, 2, MidpointRounding.AwayFromZero) * l.Quantity));
        }

        var unknown = rows["(none)"];
        unknown.IsNullAt("gross_revenue").Should().BeTrue("a line whose product has no price gets no amount");
        unknown.IsNullAt("net_revenue").Should().BeTrue();
        unknown.IsNullAt("profit").Should().BeTrue("its cost cannot be known either");
        unknown.GetString("price_basis").Should().Be("none");
        unknown.GetString("cost_basis").Should().Be("none");
    }

    [Fact]
    public void CustomersAndProducts_UseTheProductPricedAmounts()
    {
        var gold = GoldAggregates.Build(_session, Silver(), costs: null, new DateOnly(2020, 3, 10));

        var david = gold["customer_summary"].Collect().Single(r => r.GetString("customer_id") == "C000002");
        david.GetDecimal("net_revenue").Should().Be((109.00m * 3) + 695.00m);

        var products = gold["product_performance"].Collect().ToDictionary(r => r.GetString("product_id")!);
        products["P000009"].GetDecimal("net_revenue").Should().Be(64.00m * 3);
        products["P000009"].GetString("price_basis").Should().Be("product_price");
        products["P000404"].IsNullAt("net_revenue").Should().BeTrue();
        products["P000404"].GetString("price_basis").Should().Be("none");

        gold["daily_category_sales"].Collect().Where(r => r.GetString("category") == "electronics")
            .Single().GetDecimal("net_revenue").Should().Be((64.00m * 3) + (109.00m * 3));
    }

    [Fact]
    public void ALineWithItsOwnAmounts_KeepsThem_EvenWhenTheProductPriceDiffers()
    {
        var silver = Silver();
        var priced = _session.CreateDataFrame(
            [["O000009", 1, "P000001", "C000001", new DateOnly(2020, 3, 3), 100.00m, 2, 200.00m, 10.00m, 180.00m],
             ["O000009", 2, "P000009", "C000001", new DateOnly(2020, 3, 3), null, 1, 70.00m, null, 70.00m]],
            Schema("struct<order_id:string,line_number:int,product_id:string,customer_id:string,order_date:date,unit_price:decimal(12,2),quantity:int,gross_amount:decimal(12,2),discount_percent:decimal(5,2),net_amount:decimal(12,2)>"));

        var gold = GoldAggregates.Build(_session, silver with { OrderLines = priced }, costs: null, new DateOnly(2020, 3, 10));
        var rows = gold["category_sales"].Collect().ToDictionary(r => r.GetString("category")!);

        rows["mens-clothing"].GetDecimal("gross_revenue").Should().Be(200.00m, "the line's own price wins over the product's 109.95");
        rows["mens-clothing"].GetDecimal("net_revenue").Should().Be(180.00m);
        rows["mens-clothing"].GetString("price_basis").Should().Be("line");
        rows["electronics"].GetDecimal("gross_revenue").Should().Be(70.00m, "a line with some amounts is never re-priced");
        rows["electronics"].GetString("price_basis").Should().Be("line");
        rows["electronics"].GetString("cost_basis").Should().Be("none", "without a unit price and a cost table, cost is not invented");
    }
}
