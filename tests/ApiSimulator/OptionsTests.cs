namespace Lakehouse.ApiSimulator.Tests;

public sealed class OptionsTests
{
    public static TheoryData<SimulatorOptions, string> InvalidOptions => new()
    {
        { new SimulatorOptions { Port = -1 }, "Port" },
        { new SimulatorOptions { Port = 70000 }, "Port" },
        { new SimulatorOptions { Products = -1 }, "must not be negative" },
        { new SimulatorOptions { Users = 0 }, "Synthetic carts need" },
        { new SimulatorOptions { DataDirectory = " " }, "DataDirectory" },
        { new SimulatorOptions { PageCacheBytes = -1 }, "PageCacheBytes" },
        { new SimulatorOptions { Faults = [new FaultOptions { ServerErrors = new FaultTrigger(Rate: 1.5) }] }, "ServerErrors.Rate" },
        { new SimulatorOptions { Faults = [new FaultOptions { RateLimit = new FaultTrigger(FirstRequests: -1) }] }, "RateLimit.FirstRequests" },
        { new SimulatorOptions { Faults = [new FaultOptions { ServerErrorStatusCode = 404 }] }, "ServerErrorStatusCode" },
        { new SimulatorOptions { Faults = [new FaultOptions { PathPrefix = "carts" }] }, "PathPrefix" },
        { new SimulatorOptions { Faults = [new FaultOptions { Latency = TimeSpan.FromSeconds(-1) }] }, "Latency" },
        { new SimulatorOptions { Faults = [new FaultOptions { MissingPageSkip = -30 }] }, "MissingPageSkip" },
        { new SimulatorOptions { Faults = [new FaultOptions { TruncationMode = (TruncationMode)9 }] }, "TruncationMode" },
    };

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        var options = new SimulatorOptions();

        options.Validate();
        options.Port.Should().Be(0);
        options.Seed.Should().Be(42);
        (options.Products, options.Carts, options.Users).Should().Be((194, 208, 208));
        options.Faults.Should().BeEmpty();
        new FaultOptions().Validate();
    }

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidValue_ThrowsNamingTheOption(SimulatorOptions options, string expected)
    {
        var validate = options.Validate;

        validate.Should().Throw<ArgumentException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task StartAsync_MissingDataDirectory_ThrowsDirectoryNotFound()
    {
        var start = () => EcommerceApiSimulator.StartAsync(new SimulatorOptions { DataDirectory = "/nonexistent/dummyjson" });

        await start.Should().ThrowAsync<DirectoryNotFoundException>();
    }

    [Fact]
    public async Task RunUntilCancelledAsync_PrintsTheUrlServesAndReturnsOnCancel()
    {
        using var output = new StringWriter();
        using var cancellation = new CancellationTokenSource();
        var run = EcommerceApiSimulator.RunUntilCancelledAsync(new SimulatorOptions { Products = 3, Carts = 0, Users = 0 }, output, cancellation.Token);
        var line = await WaitForLineAsync(output);
        var url = line.Split(' ').Single(word => word.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));

        using var client = new ApiClient(new Uri(url));
        var page = await client.GetOkAsync("/products");
        await cancellation.CancelAsync();
        await run;

        page.GetProperty("total").GetInt32().Should().Be(3);
        line.Should().Contain("seed 42");
    }

    [Fact]
    public async Task TrailingSlash_RedirectsPermanentlyWithTheQuery()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions());
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = simulator.BaseAddress };

        using var response = await http.GetAsync("/products/?limit=1");

        ((int)response.StatusCode).Should().Be(301);
        response.Headers.Location!.OriginalString.Should().Be("/products?limit=1");
    }

    [Fact]
    public async Task UnknownPathOrMethod_AnswerJsonErrors()
    {
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions());
        using var client = new ApiClient(simulator.BaseAddress);

        (await client.GetJsonAsync("/recipes")).Status.Should().Be(404);
        using var post = await client.Http.PostAsync("/products/add", new StringContent("{}"));
        ((int)post.StatusCode).Should().Be(405);
    }

    private static async Task<string> WaitForLineAsync(StringWriter output)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var text = output.ToString();
            if (text.Contains('\n'))
            {
                return text.Trim();
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("The simulator printed no URL.");
    }
}
