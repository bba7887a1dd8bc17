using System.Security.Cryptography;
using System.Text.Json;

namespace Lakehouse.ApiSimulator.Tests;

public sealed class SyntheticModeTests
{
    private static readonly string[] DummyJsonCategories =
    [
        "beauty", "fragrances", "furniture", "groceries", "home-decoration", "kitchen-accessories", "laptops",
        "mens-shirts", "mens-shoes", "mens-watches", "mobile-accessories", "motorcycle", "skin-care", "smartphones",
        "sports-accessories", "sunglasses", "tablets", "tops", "vehicle", "womens-bags", "womens-dresses",
        "womens-jewellery", "womens-shoes", "womens-watches",
    ];

    [Fact]
    public async Task Responses_SameSeed_AreByteIdenticalAcrossServers()
    {
        var options = new SimulatorOptions { Seed = 7, Products = 300, Carts = 500, Users = 100 };

        var first = await AllResponsesAsync(options);
        var second = await AllResponsesAsync(options);

        second.Should().Equal(first);
    }

    [Fact]
    public async Task Responses_DifferentSeed_DifferForEveryResource()
    {
        var first = await AllResponsesAsync(new SimulatorOptions { Seed = 1 });
        var second = await AllResponsesAsync(new SimulatorOptions { Seed = 2 });

        for (var i = 0; i < first.Count; i++)
        {
            second[i].Should().NotBe(first[i]);
        }
    }

    [Fact]
    public async Task RecordById_EqualsTheSameRecordInAListPage()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Products = 1000 });
        using var client = new ApiClient(simulator.BaseAddress);

        var page = await client.GetOkAsync("/products?skip=500&limit=1");
        var byId = await client.GetBytesAsync("/products/501");

        System.Text.Encoding.UTF8.GetString(byId).Should().Be(page.GetProperty("products")[0].GetRawText());
    }

    [Fact]
    public async Task Products_HaveDummyJsonsShapeAndCategories()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Products = 2000 });
        using var client = new ApiClient(simulator.BaseAddress);

        var products = (await client.GetOkAsync("/products?limit=0")).GetProperty("products").EnumerateArray().ToList();
        var categories = (await client.GetOkAsync("/products/category-list")).EnumerateArray().Select(c => c.GetString()).ToList();

        products.Should().HaveCount(2000);
        categories.Should().BeEquivalentTo(DummyJsonCategories);
        products.Select(p => p.GetProperty("id").GetInt32()).Should().Equal(Enumerable.Range(1, 2000));
        products.Select(p => p.GetProperty("sku").GetString()).Should().OnlyHaveUniqueItems();
        var first = products[0].EnumerateObject().Select(p => p.Name).Where(n => n != "brand");
        first.Should().Equal(
            "id", "title", "description", "category", "price", "discountPercentage", "rating", "stock", "tags", "sku",
            "weight", "dimensions", "warrantyInformation", "shippingInformation", "availabilityStatus", "reviews",
            "returnPolicy", "minimumOrderQuantity", "meta", "images", "thumbnail");
        products.Should().OnlyContain(p => p.GetProperty("price").GetDouble() > 0 && p.GetProperty("rating").GetDouble() <= 5);
        products.Where(p => !p.TryGetProperty("brand", out _)).Should().NotBeEmpty("groceries carry no brand, as in DummyJSON");
        products.Select(p => p.GetProperty("category").GetString()).Distinct().Should().HaveCount(24);
    }

    [Fact]
    public async Task Carts_LinesAndTotalsAreConsistentWithProducts()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Products = 50, Carts = 300, Users = 40 });
        using var client = new ApiClient(simulator.BaseAddress);

        var products = (await client.GetOkAsync("/products?limit=0")).GetProperty("products").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetInt32());
        var carts = (await client.GetOkAsync("/carts?limit=0")).GetProperty("carts").EnumerateArray().ToList();

        carts.Should().HaveCount(300);
        foreach (var cart in carts)
        {
            var lines = cart.GetProperty("products").EnumerateArray().ToList();
            lines.Select(l => l.GetProperty("id").GetInt32()).Should().OnlyHaveUniqueItems();
            foreach (var line in lines)
            {
                var product = products[line.GetProperty("id").GetInt32()];
                line.GetProperty("title").GetString().Should().Be(product.GetProperty("title").GetString());
                line.GetProperty("price").GetDecimal().Should().Be(product.GetProperty("price").GetDecimal());
                line.GetProperty("thumbnail").GetString().Should().Be(product.GetProperty("thumbnail").GetString());
                line.GetProperty("total").GetDecimal().Should().Be(line.GetProperty("price").GetDecimal() * line.GetProperty("quantity").GetInt32());
                line.GetProperty("discountedTotal").GetDecimal().Should().BeLessThanOrEqualTo(line.GetProperty("total").GetDecimal());
            }

            cart.GetProperty("total").GetDecimal().Should().Be(lines.Sum(l => l.GetProperty("total").GetDecimal()));
            cart.GetProperty("discountedTotal").GetDecimal().Should().Be(lines.Sum(l => l.GetProperty("discountedTotal").GetDecimal()));
            cart.GetProperty("totalProducts").GetInt32().Should().Be(lines.Count);
            cart.GetProperty("totalQuantity").GetInt32().Should().Be(lines.Sum(l => l.GetProperty("quantity").GetInt32()));
            cart.GetProperty("userId").GetInt32().Should().BeInRange(1, 40);
        }
    }

    [Fact]
    public async Task Carts_UserIds_AreSkewedTowardsRepeatCustomers()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = 5000, Users = 1000 });
        using var client = new ApiClient(simulator.BaseAddress);

        var carts = (await client.GetOkAsync("/carts?limit=0")).GetProperty("carts").EnumerateArray().ToList();
        var cartsPerUser = carts.GroupBy(c => c.GetProperty("userId").GetInt32()).Select(g => g.Count()).OrderDescending().ToList();

        // Uniform draws would give the top 10% of buyers about 10-20% of carts; a skew gives them far more.
        cartsPerUser.Take(100).Sum().Should().BeGreaterThan(2000);
        cartsPerUser.Count.Should().BeLessThan(1000, "some users never buy");
    }

    [Fact]
    public async Task CartsOfUser_MatchTheCartsListFilteredByUserId()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = 2000, Users = 100 });
        using var client = new ApiClient(simulator.BaseAddress);
        var all = (await client.GetOkAsync("/carts?limit=0")).GetProperty("carts").EnumerateArray().ToList();
        var userId = all[0].GetProperty("userId").GetInt32();

        var page = await client.GetOkAsync($"/carts/user/{userId}?limit=0");

        page.GetProperty("carts").EnumerateArray().Select(c => c.GetRawText())
            .Should().Equal(all.Where(c => c.GetProperty("userId").GetInt32() == userId).Select(c => c.GetRawText()));
    }

    [Fact]
    public async Task Users_IncludeTheSensitiveNestedFields()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Users = 20 });
        using var client = new ApiClient(simulator.BaseAddress);

        var user = await client.GetOkAsync("/users/20");

        user.GetProperty("id").GetInt32().Should().Be(20);
        foreach (var field in new[] { "password", "ssn", "ein", "ip", "macAddress", "birthDate", "email", "phone" })
        {
            user.GetProperty(field).GetString().Should().NotBeNullOrEmpty(field);
        }

        user.GetProperty("bank").GetProperty("cardNumber").GetString().Should().MatchRegex("^[0-9]{16}$");
        user.GetProperty("address").GetProperty("coordinates").GetProperty("lat").ValueKind.Should().Be(JsonValueKind.Number);
        user.GetProperty("company").GetProperty("address").GetProperty("city").GetString().Should().NotBeNullOrEmpty();
        user.GetProperty("crypto").GetProperty("wallet").GetString().Should().StartWith("0x");
        user.GetProperty("role").GetString().Should().BeOneOf("admin", "moderator", "user");
    }

    [Fact]
    public async Task Carts_HundredThousand_StreamInOneResponse()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Products = 5000, Carts = 100_000, Users = 20_000 });
        using var client = new ApiClient(simulator.BaseAddress);

        using var response = await client.Http.GetAsync("/carts?limit=0", HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentLength.Should().BeNull("large pages are streamed chunked, not buffered");
        await using var stream = await response.Content.ReadAsStreamAsync();
        var (count, total, hash) = await CountCartsAsync(stream);

        count.Should().Be(100_000);
        total.Should().Be(100_000);
        hash.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Ids_OutOfRangeOrNotCanonical_AreNotFound()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Products = 10 });
        using var client = new ApiClient(simulator.BaseAddress);

        (await client.GetJsonAsync("/products/11")).Status.Should().Be(404);
        (await client.GetJsonAsync("/products/0")).Status.Should().Be(404);
        (await client.GetJsonAsync("/products/+1")).Status.Should().Be(404);
        (await client.GetJsonAsync("/products/10")).Status.Should().Be(200);
    }

    private static async Task<List<string>> AllResponsesAsync(SimulatorOptions options)
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(options);
        using var client = new ApiClient(simulator.BaseAddress);
        var responses = new List<string>();
        foreach (var path in new[] { "/products?limit=0", "/carts?limit=0", "/users?limit=0" })
        {
            responses.Add(Convert.ToHexString(SHA256.HashData(await client.GetBytesAsync(path))));
        }

        return responses;
    }

    /// <summary>Reads the envelope with a forward-only reader, holding one buffer, never the whole body.</summary>
    private static async Task<(int Count, int Total, string Hash)> CountCartsAsync(Stream stream)
    {
        var count = 0;
        var total = -1;
        var depth = 0;
        var buffer = new byte[1 << 16];
        var filled = 0;
        var state = new JsonReaderState();
        string? pendingProperty = null;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(filled));
            sha.AppendData(buffer, filled, read);
            filled += read;
            var final = read == 0;
            var consumed = Scan(buffer.AsSpan(0, filled), final, ref state, ref depth, ref count, ref total, ref pendingProperty);
            Array.Copy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
            if (final)
            {
                return (count, total, Convert.ToHexString(sha.GetHashAndReset()));
            }

            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
    }

    private static int Scan(ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref int depth, ref int count, ref int total, ref string? property)
    {
        var reader = new Utf8JsonReader(data, final, state);
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    if (depth == 2)
                    {
                        count++;
                    }

                    depth++;
                    break;
                case JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1:
                    property = reader.GetString();
                    break;
                case JsonTokenType.Number when depth == 1 && property == "total":
                    total = reader.GetInt32();
                    break;
            }
        }

        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }
}
