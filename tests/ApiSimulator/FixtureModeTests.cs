using System.Text.Json;

namespace Lakehouse.ApiSimulator.Tests;

public sealed class FixtureModeTests(FixtureSimulator fixture) : IClassFixture<FixtureSimulator>
{
    private readonly ApiClient _client = fixture.Client;

    public static TheoryData<string, int> Resources => new()
    {
        { "products", 194 },
        { "carts", 208 },
        { "users", 208 },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public async Task ListPaging_AllPages_ServeEveryFixtureRecordByteIdentical(string resource, int expected)
    {
        var fileRecords = FixtureRecords(resource);
        fileRecords.Should().HaveCount(expected);
        var served = new List<string>();
        for (var skip = 0; ; skip += 50)
        {
            var page = await _client.GetOkAsync($"/{resource}?limit=50&skip={skip}");
            page.GetProperty("total").GetInt32().Should().Be(expected);
            page.GetProperty("skip").GetInt32().Should().Be(skip);
            var records = page.GetProperty(resource).EnumerateArray().Select(r => r.GetRawText()).ToList();
            page.GetProperty("limit").GetInt32().Should().Be(records.Count);
            if (records.Count == 0)
            {
                break;
            }

            served.AddRange(records);
        }

        served.Should().Equal(fileRecords);
    }

    [Fact]
    public async Task ById_ExistingProduct_ServesTheFileBytesExactly()
    {
        var bytes = await _client.GetBytesAsync("/products/194");

        System.Text.Encoding.UTF8.GetString(bytes).Should().Be(FixtureRecords("products")[193]);
    }

    [Fact]
    public async Task List_NoLimit_DefaultsToThirtyRecords()
    {
        var page = await _client.GetOkAsync("/products");

        page.GetProperty("products").GetArrayLength().Should().Be(30);
        page.GetProperty("limit").GetInt32().Should().Be(30);
        page.GetProperty("skip").GetInt32().Should().Be(0);
        page.EnumerateObject().Select(p => p.Name).Should().Equal("products", "total", "skip", "limit");
    }

    [Fact]
    public async Task List_LimitZero_ReturnsAllRecords()
    {
        var page = await _client.GetOkAsync("/carts?limit=0");

        page.GetProperty("carts").GetArrayLength().Should().Be(208);
        page.GetProperty("limit").GetInt32().Should().Be(208);
    }

    [Fact]
    public async Task List_SkipNearEnd_ReturnsTheRemainder()
    {
        var page = await _client.GetOkAsync("/users?skip=200&limit=30");

        page.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetInt32()).Should().Equal(Enumerable.Range(201, 8));
        page.GetProperty("limit").GetInt32().Should().Be(8);
        page.GetProperty("skip").GetInt32().Should().Be(200);
    }

    [Fact]
    public async Task List_SkipBeyondTotal_ReturnsAnEmptyPage()
    {
        var page = await _client.GetOkAsync("/products?skip=1000");

        page.GetProperty("products").GetArrayLength().Should().Be(0);
        page.GetProperty("total").GetInt32().Should().Be(194);
    }

    [Fact]
    public async Task List_Select_ReturnsIdFirstThenTheSelectedFieldsOnly()
    {
        var page = await _client.GetOkAsync("/products?limit=3&select=title,price,noSuchField");

        foreach (var product in page.GetProperty("products").EnumerateArray())
        {
            product.EnumerateObject().Select(p => p.Name).Should().Equal("id", "title", "price");
        }

        var file = JsonDocument.Parse(FixtureRecords("products")[0]).RootElement;
        var first = page.GetProperty("products")[0];
        first.GetProperty("title").GetString().Should().Be(file.GetProperty("title").GetString());
        first.GetProperty("price").GetRawText().Should().Be(file.GetProperty("price").GetRawText());
    }

    [Fact]
    public async Task ById_Select_ProjectsOneRecord()
    {
        var user = await _client.GetOkAsync("/users/1?select=firstName,age");

        user.EnumerateObject().Select(p => p.Name).Should().Equal("id", "firstName", "age");
        user.GetProperty("firstName").GetString().Should().Be("Emily");
    }

    [Fact]
    public async Task List_SortByPriceDesc_OrdersByNumberDescending()
    {
        var page = await _client.GetOkAsync("/products?sortBy=price&order=desc&limit=0&select=price");

        var prices = page.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("price").GetDouble()).ToList();
        prices.Should().HaveCount(194).And.BeInDescendingOrder();
        prices[0].Should().Be(36999.99);
    }

    [Fact]
    public async Task List_SortByTitleWithoutOrder_SortsAscendingByCodeUnits()
    {
        var page = await _client.GetOkAsync("/products?sortBy=title&limit=0&select=title");

        var titles = page.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("title").GetString()!).ToList();
        titles.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    [Fact]
    public async Task List_SortThenSkip_PagesThroughTheSortedOrder()
    {
        var all = await _client.GetOkAsync("/users?sortBy=age&order=asc&limit=0&select=age");
        var page = await _client.GetOkAsync("/users?sortBy=age&order=asc&limit=10&skip=5&select=age");

        Ids(page, "users").Should().Equal(Ids(all, "users").Skip(5).Take(10));
    }

    [Fact]
    public async Task List_SortByFieldSomeRecordsLack_PutsThoseFirstAscendingAndLastDescending()
    {
        var ascending = await _client.GetOkAsync("/products?sortBy=brand&limit=0&select=brand");
        var descending = await _client.GetOkAsync("/products?sortBy=brand&order=desc&limit=0&select=brand");

        var brandsUp = ascending.GetProperty("products").EnumerateArray().Select(Brand).ToList();
        var brandsDown = descending.GetProperty("products").EnumerateArray().Select(Brand).ToList();
        brandsUp.Take(92).Should().OnlyContain(b => b == null);
        brandsUp.Skip(92).Should().BeInAscendingOrder(StringComparer.Ordinal);
        brandsDown.Skip(102).Should().OnlyContain(b => b == null);
        brandsDown.Take(102).Should().BeInDescendingOrder(StringComparer.Ordinal);

        static string? Brand(JsonElement product) => product.TryGetProperty("brand", out var brand) ? brand.GetString() : null;
    }

    [Fact]
    public async Task Pages_FetchedConcurrently_AllArriveComplete()
    {
        var pages = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _client.GetOkAsync($"/carts?limit=26&skip={i * 26}")));

        pages.SelectMany(p => Ids(p, "carts")).Should().Equal(Enumerable.Range(1, 208));
    }

    [Fact]
    public async Task CategoryList_ReturnsTwentyFourSlugsInFirstSeenOrder()
    {
        var list = await _client.GetOkAsync("/products/category-list");

        var slugs = list.EnumerateArray().Select(s => s.GetString()).ToList();
        slugs.Should().HaveCount(24);
        slugs.Take(3).Should().Equal("beauty", "fragrances", "furniture");
    }

    [Fact]
    public async Task Categories_ReturnSlugNameAndUrlObjects()
    {
        var categories = await _client.GetOkAsync("/products/categories");

        categories.GetArrayLength().Should().Be(24);
        var decoration = categories.EnumerateArray().Single(c => c.GetProperty("slug").GetString() == "home-decoration");
        decoration.GetProperty("name").GetString().Should().Be("Home Decoration");
        decoration.GetProperty("url").GetString().Should().Be("https://dummyjson.com/products/category/home-decoration");
    }

    [Fact]
    public async Task ProductsByCategory_ReturnsOnlyThatCategoryWithItsTotal()
    {
        var page = await _client.GetOkAsync("/products/category/smartphones?limit=5");

        page.GetProperty("total").GetInt32().Should().Be(16);
        page.GetProperty("products").EnumerateArray().Should().HaveCount(5)
            .And.OnlyContain(p => p.GetProperty("category").GetString() == "smartphones");
    }

    [Fact]
    public async Task Search_MatchesTitleOrDescriptionCaseInsensitively()
    {
        var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Folder("dummyjson"), "products.json"))).RootElement
            .EnumerateArray()
            .Where(p => p.GetProperty("title").GetString()!.Contains("phone", StringComparison.OrdinalIgnoreCase)
                || p.GetProperty("description").GetString()!.Contains("phone", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.GetProperty("id").GetInt32()).ToList();

        var page = await _client.GetOkAsync("/products/search?q=PHONE&limit=0");

        expected.Should().NotBeEmpty();
        Ids(page, "products").Should().Equal(expected);
    }

    [Fact]
    public async Task Carts_SelectAndSortBy_AreIgnoredAsInDummyJson()
    {
        var page = await _client.GetOkAsync("/carts?limit=2&select=userId&sortBy=total&order=desc");

        Ids(page, "carts").Should().Equal(1, 2);
        page.GetProperty("carts")[0].TryGetProperty("products", out _).Should().BeTrue();
    }

    [Fact]
    public async Task CartsOfUser_ReturnsThatUsersCarts()
    {
        var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Folder("dummyjson"), "carts.json"))).RootElement
            .EnumerateArray().Where(c => c.GetProperty("userId").GetInt32() == 33).Select(c => c.GetProperty("id").GetInt32()).ToList();

        var page = await _client.GetOkAsync("/carts/user/33");

        Ids(page, "carts").Should().Equal(expected);
        page.GetProperty("total").GetInt32().Should().Be(expected.Count);
    }

    [Theory]
    [InlineData("/products/999", 404, "Product with id '999' not found")]
    [InlineData("/products/01", 404, "Product with id '01' not found")]
    [InlineData("/carts/999", 404, "Cart with id '999' not found")]
    [InlineData("/users/999", 404, "User with id '999' not found")]
    [InlineData("/users/abc", 400, "Invalid user id 'abc'")]
    [InlineData("/carts/user/abc", 400, "Invalid user id 'abc'")]
    [InlineData("/carts/user/999", 404, "User with id '999' not found")]
    [InlineData("/products?limit=abc", 400, "Invalid 'limit' - must be a number")]
    [InlineData("/products?skip=x", 400, "Invalid 'skip' - must be a number")]
    [InlineData("/products?sortBy=price&order=up", 400, "Order can be: 'asc' or 'desc'")]
    [InlineData("/products?delay=9000", 400, "Delay cannot be greater than 5 seconds")]
    public async Task Errors_BadIdOrQuery_AnswerDummyJsonsStatusAndMessage(string pathAndQuery, int status, string message)
    {
        var (actualStatus, body) = await _client.GetJsonAsync(pathAndQuery);

        actualStatus.Should().Be(status);
        body.EnumerateObject().Select(p => p.Name).Should().Equal("message");
        body.GetProperty("message").GetString().Should().Be(message);
    }

    [Fact]
    public async Task Responses_Json_CarryTheJsonContentType()
    {
        using var response = await _client.Http.GetAsync("/carts/1");

        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
    }

    private static List<int> Ids(JsonElement page, string resource) =>
        page.GetProperty(resource).EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToList();

    /// <summary>Each record's source text as it appears in the fixture file.</summary>
    private static List<string> FixtureRecords(string resource)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(SharedFixtures.Folder("dummyjson"), resource + ".json")));
        return document.RootElement.EnumerateArray().Select(r => r.GetRawText()).ToList();
    }
}
