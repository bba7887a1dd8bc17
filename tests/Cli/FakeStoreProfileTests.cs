using System.Globalization;
using System.Text.Json;
using Lakehouse.DataFrame;

namespace Lakehouse.Cli.Tests;

/// <summary>
/// The Fake Store profile end to end (bronze → silver → gold) on small samples written by hand in the shape
/// fakestoreapi.com documents (bare arrays; carts with date, userId and lines of productId + quantity; nested rating,
/// name and address), landed through a files source. Gold's expected numbers are computed here from the raw JSON.
/// </summary>
public sealed class FakeStoreProfileTests : IDisposable
{
    private const string ProductsJson = """
        [
          { "id": 1, "title": "Fjallraven - Foldsack No. 1 Backpack, Fits 15 Laptops", "price": 109.95, "description": "Your perfect pack for everyday use.",
            "category": "men's clothing", "image": "https://fakestoreapi.com/img/81fPKd-2AYL._AC_SL1500_.jpg", "rating": { "rate": 3.9, "count": 120 } },
          { "id": 5, "title": "John Hardy Women's Legends Naga Gold & Silver Dragon Station Chain Bracelet", "price": 695, "description": "From our Legends Collection.",
            "category": "jewelery", "image": "https://fakestoreapi.com/img/71pWzhdJNwL._AC_UL640_QL65_ML3_.jpg", "rating": { "rate": 4.6, "count": 400 } },
          { "id": 9, "title": "WD 2TB Elements Portable External Hard Drive - USB 3.0", "price": 64, "description": "USB 3.0 and USB 2.0 compatibility.",
            "category": "electronics", "image": "https://fakestoreapi.com/img/61IBBVJvSDL._AC_SY879_.jpg", "rating": { "rate": 3.3, "count": 203 } },
          { "id": 15, "title": "BIYLACLESEN Women's 3-in-1 Snowboard Jacket Winter Coats", "price": 56.99, "description": "Note: The Jackets is US standard size.",
            "category": "women's clothing", "image": "https://fakestoreapi.com/img/51Y5NI-I5jL._AC_UX679_.jpg", "rating": { "rate": 2.6, "count": 235 } },
          { "id": 21, "title": "Wooden train", "price": 12.5, "description": "Not a Fake Store category.",
            "category": "toys", "image": "https://example.com/train.jpg", "rating": { "rate": 4.0, "count": 3 } }
        ]
        """;

    private const string CartsJson = """
        [
          { "id": 1, "userId": 1, "date": "2020-03-02T00:00:00.000Z", "products": [ { "productId": 1, "quantity": 4 }, { "productId": 9, "quantity": 1 } ], "__v": 0 },
          { "id": 2, "userId": 2, "date": "2020-01-02T00:00:00.000Z", "products": [ { "productId": 5, "quantity": 2 }, { "productId": 15, "quantity": 3 } ], "__v": 0 },
          { "id": 3, "userId": 1, "date": "2020-03-02T00:00:00.000Z", "products": [ { "productId": 9, "quantity": 6 }, { "productId": 1, "quantity": 0 } ], "__v": 0 }
        ]
        """;

    private const string UsersJson = """
        [
          { "address": { "geolocation": { "lat": "-37.3159", "long": "81.1496" }, "city": "kilcoole", "street": "new road", "number": 7682, "zipcode": "12926-3874" },
            "id": 1, "email": "John@Gmail.com", "username": "johnd", "password": "m38rmF$", "name": { "firstname": "john", "lastname": "doe" }, "phone": "1-570-236-7033", "__v": 0 },
          { "address": { "geolocation": { "lat": "-37.3159", "long": "81.1496" }, "city": "kilcoole", "street": "Lovers Ln", "number": 7267, "zipcode": "12926-3874" },
            "id": 2, "email": "morrison@gmail.com", "username": "mor_2314", "password": "83r5^_", "name": { "firstname": "david", "lastname": "morrison" }, "phone": "1-570-236-7033", "__v": 0 }
        ]
        """;

    private readonly TempDirectory _work = new();

    public void Dispose() => _work.Dispose();

    private string Lake => Path.Combine(_work.Path, "lake");

    private async Task<string> WriteConfig()
    {
        var landing = Path.Combine(_work.Path, "fakestore");
        Directory.CreateDirectory(landing);
        await File.WriteAllTextAsync(Path.Combine(landing, "products.json"), ProductsJson);
        await File.WriteAllTextAsync(Path.Combine(landing, "carts.json"), CartsJson);
        await File.WriteAllTextAsync(Path.Combine(landing, "users.json"), UsersJson);
        var config = Path.Combine(_work.Path, "pipeline.json");
        await File.WriteAllTextAsync(config, """
            {
              "sources": [ { "name": "fakestore", "kind": "files", "profile": "fakestore",
                "entities": [
                  { "name": "products", "location": "fakestore/products.json", "format": "json" },
                  { "name": "carts", "location": "fakestore/carts.json", "format": "json" },
                  { "name": "users", "location": "fakestore/users.json", "format": "json" } ] } ],
              "costs": { "categoryCostRatio": { "electronics": 0.8 } }
            }
            """);
        return config;
    }

    private List<Row> Read(string layer, string table)
    {
        using var session = LakehouseSession.Create();
        return session.Read.Delta(Path.Combine(Lake, layer, table)).Collect();
    }

    [Fact]
    public async Task Run_MapsFakeStoreOntoTheSilverTables()
    {
        var config = await WriteConfig();

        var (exitCode, output, error) = await Cli.RunAsync("run", "--config", config, "--lake", Lake, "--run-id", "fs-1");

        exitCode.Should().Be(0, error + output);
        var products = Read("silver", "products").ToDictionary(r => r.GetString("product_id")!);
        products.Keys.Should().BeEquivalentTo(["P000001", "P000005", "P000009", "P000015"], "the 'toys' product breaks known_category");
        products["P000001"].GetString("category").Should().Be("mens-clothing");
        products["P000001"].GetString("category_name").Should().Be("Mens Clothing");
        products["P000015"].GetString("category").Should().Be("womens-clothing");
        products["P000005"].GetString("category").Should().Be("jewelery");
        products["P000005"].GetDecimal("price").Should().Be(695.00m);
        products["P000001"].GetDouble("rating").Should().Be(3.9);
        products["P000001"].IsNullAt("brand").Should().BeTrue();
        products.Values.Should().OnlyContain(p => p.IsNullAt("_rescued_data"), "image is dropped, every other field is mapped");
        Read("silver", "categories").Select(r => r.GetString("category")).Should().BeEquivalentTo(["electronics", "jewelery", "mens-clothing", "womens-clothing"]);

        var customers = Read("silver", "customers").ToDictionary(r => r.GetString("customer_id")!);
        customers["C000001"].GetString("first_name").Should().Be("John");
        customers["C000001"].GetString("last_name").Should().Be("Doe");
        customers["C000001"].GetString("email").Should().Be("john@gmail.com");
        customers["C000001"].GetString("city").Should().Be("Kilcoole");
        customers["C000001"].GetString("postal_code").Should().Be("12926-3874");
        var customerText = string.Join("\n", customers.Values.Select(r => r.ToString()));
        customerText.Should().NotContain("johnd").And.NotContain("m38rmF").And.NotContain("81.1496", "username, password and geolocation never reach silver");

        var orders = Read("silver", "orders").ToDictionary(r => r.GetString("order_id")!);
        orders["O000002"].GetDate("order_date").Should().Be(new DateOnly(2020, 1, 2));
        orders["O000002"].GetString("customer_id").Should().Be("C000002");
        orders["O000002"].GetInt32("line_count").Should().Be(2);

        var lines = Read("silver", "order_lines");
        lines.Should().HaveCount(5, "six cart lines, one with quantity 0");
        lines.Should().OnlyContain(l => l.IsNullAt("unit_price") && l.IsNullAt("gross_amount") && l.IsNullAt("net_amount"), "the source has no line prices");
        var quarantine = Read("silver", "quarantine");
        quarantine.Select(q => (q.GetString("table_name"), q.GetString("rule"))).Should().BeEquivalentTo([("products", "known_category"), ("order_lines", "quantity_positive")]);

        var expected = ExpectedFromRawJson();
        var gold = Read("gold", "category_sales").ToDictionary(r => r.GetString("category")!);
        gold.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (category, (units, revenue, orderCount)) in expected)
        {
            gold[category].GetInt64("units").Should().Be(units, category);
            gold[category].GetDecimal("gross_revenue").Should().Be(revenue, category);
            gold[category].GetDecimal("net_revenue").Should().Be(revenue, category);
            gold[category].GetInt64("orders").Should().Be(orderCount, category);
            gold[category].GetString("price_basis").Should().Be("product_price");
        }

        gold["electronics"].GetDecimal("cost_of_goods").Should().Be(Math.Round(64m * 0.8m, 2) * 7);
        gold["jewelery"].IsNullAt("profit").Should().BeTrue("no cost basis for jewelery: profit is not invented");
        error.Should().Contain("have no cost basis");
    }

    /// <summary>Per category, from the raw JSON alone: units, revenue at the product's price, and orders (lines with quantity &gt; 0).</summary>
    private static Dictionary<string, (long Units, decimal Revenue, int Orders)> ExpectedFromRawJson()
    {
        using var products = JsonDocument.Parse(ProductsJson);
        using var carts = JsonDocument.Parse(CartsJson);
        var byId = products.RootElement.EnumerateArray().ToDictionary(
            p => p.GetProperty("id").GetInt64(),
            p => (Category: p.GetProperty("category").GetString()!.Replace("'", string.Empty, StringComparison.Ordinal).Replace(' ', '-'), Price: decimal.Parse(p.GetProperty("price").GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)));
        var totals = new Dictionary<string, (long Units, decimal Revenue, HashSet<long> Orders)>();
        foreach (var cart in carts.RootElement.EnumerateArray())
        {
            foreach (var line in cart.GetProperty("products").EnumerateArray())
            {
                var quantity = line.GetProperty("quantity").GetInt64();
                if (quantity <= 0)
                {
                    continue;
                }

                var (category, price) = byId[line.GetProperty("productId").GetInt64()];
                var (units, revenue, orders) = totals.TryGetValue(category, out var t) ? t : (0L, 0m, new HashSet<long>());
                orders.Add(cart.GetProperty("id").GetInt64());
                totals[category] = (units + quantity, revenue + Math.Round(price * quantity, 2), orders);
            }
        }

        return totals.ToDictionary(t => t.Key, t => (t.Value.Units, t.Value.Revenue, t.Value.Orders.Count));
    }
}
