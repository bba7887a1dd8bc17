namespace Lakehouse.ApiSimulator.Tests;

public sealed class PageCacheTests
{
    private static readonly string[] Requests =
    [
        "/carts?skip=0&limit=5",
        "/carts?skip=5&limit=5",
        "/carts",
        "/products?limit=4&select=title,price&sortBy=price&order=desc",
        "/products/categories",
        "/users/3",
    ];

    [Fact]
    public async Task CachedPages_AreByteIdenticalToGeneratedOnes_ForEveryPathAndQuery()
    {
        var options = new SimulatorOptions { Seed = 3, Products = 50, Carts = 40, Users = 20 };
        await using var plain = await EcommerceApiSimulator.StartAsync(options);
        await using var cached = await EcommerceApiSimulator.StartAsync(options with { PageCacheBytes = 1 << 20 });
        using var plainClient = new ApiClient(plain.BaseAddress);
        using var cachedClient = new ApiClient(cached.BaseAddress);

        foreach (var request in Requests)
        {
            var expected = await plainClient.GetBytesAsync(request);
            var first = await cachedClient.GetBytesAsync(request);
            var again = await cachedClient.GetBytesAsync(request);

            first.Should().Equal(expected, "{0} rendered into the cache must match the streamed page", request);
            again.Should().Equal(expected, "{0} answered from the cache must match the streamed page", request);
        }
    }

    [Fact]
    public async Task CachedPage_TouchedByAFaultRule_IsGeneratedWithTheFault()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions
        {
            Carts = 30,
            PageCacheBytes = 1 << 20,
            Faults = [new FaultOptions { PathPrefix = "/carts", TotalDriftAfterRequests = 1, TotalDriftAmount = 7 }],
        });
        using var client = new ApiClient(simulator.BaseAddress);

        var clean = await client.GetOkAsync("/carts?limit=5");
        var drifted = await client.GetOkAsync("/carts?limit=5");

        clean.GetProperty("total").GetInt32().Should().Be(30);
        drifted.GetProperty("total").GetInt32().Should().Be(37, "the stored page must not hide the drift rule");
    }

    [Fact]
    public async Task FullCache_StillAnswersEveryPage()
    {
        var options = new SimulatorOptions { Carts = 40 };
        await using var plain = await EcommerceApiSimulator.StartAsync(options);
        await using var tiny = await EcommerceApiSimulator.StartAsync(options with { PageCacheBytes = 600 });
        using var plainClient = new ApiClient(plain.BaseAddress);
        using var tinyClient = new ApiClient(tiny.BaseAddress);

        foreach (var request in new[] { "/carts?limit=1", "/carts?limit=20", "/carts?limit=1", "/carts?limit=20" })
        {
            (await tinyClient.GetBytesAsync(request)).Should().Equal(await plainClient.GetBytesAsync(request), request);
        }
    }
}
