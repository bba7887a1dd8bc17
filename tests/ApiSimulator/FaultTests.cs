using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Lakehouse.ApiSimulator.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task RateLimit_FirstTwoRequests_Answer429WithRetryAfterSeconds()
    {
        await using var simulator = await StartAsync(new FaultOptions { RateLimit = FaultTrigger.First(2), RetryAfter = TimeSpan.FromSeconds(2) });
        using var client = new ApiClient(simulator.BaseAddress);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.Http.GetAsync("/products?limit=1");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
                response.Headers.GetValues("Retry-After").Should().Equal("2");
                (await response.Content.ReadAsStringAsync()).Should().Be("{\"message\":\"request limit exceeded, please wait a few seconds\"}");
            }
        }

        statuses.Should().Equal(HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK);
        simulator.FaultCount.Should().Be(2);
        simulator.RequestCount.Should().Be(3);
    }

    [Fact]
    public async Task RateLimit_HttpDateForm_AnnouncesClockPlusRetryAfter()
    {
        var now = new DateTimeOffset(2026, 11, 21, 20, 0, 0, 250, TimeSpan.Zero);
        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions
        {
            TimeProvider = new FixedClock(now),
            Faults = [new FaultOptions { RateLimit = FaultTrigger.Always, RetryAfter = TimeSpan.FromSeconds(3), RetryAfterFormat = RetryAfterFormat.HttpDate }],
        });
        using var client = new ApiClient(simulator.BaseAddress);

        using var response = await client.Http.GetAsync("/carts");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.GetValues("Retry-After").Single().Should().Be("Sat, 21 Nov 2026 20:00:04 GMT", "20:00:00.250 + 3 s, rounded up to whole seconds");
        response.Headers.RetryAfter!.Date.Should().Be(new DateTimeOffset(2026, 11, 21, 20, 0, 4, TimeSpan.Zero));
    }

    [Fact]
    public async Task ServerErrors_FailFirstThree_Answer500ThenRecover()
    {
        await using var simulator = await StartAsync(new FaultOptions { ServerErrors = FaultTrigger.First(3), ServerErrorStatusCode = 500 });
        using var client = new ApiClient(simulator.BaseAddress);

        var answers = new List<(int, JsonElement)>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.GetJsonAsync("/users/1"));
        }

        answers.Select(a => a.Item1).Should().Equal(500, 500, 500, 200);
        answers[0].Item2.GetProperty("message").GetString().Should().Be("Internal Server Error");
        simulator.FaultCount.Should().Be(3);
    }

    [Fact]
    public async Task ServerErrors_Rate_AreDeterministicForASeedAndNearTheRate()
    {
        var fault = new FaultOptions { ServerErrors = new FaultTrigger(Rate: 0.3) };

        var first = await StatusesAsync(fault, seed: 5, requests: 200);
        var again = await StatusesAsync(fault, seed: 5, requests: 200);
        var otherSeed = await StatusesAsync(fault, seed: 6, requests: 200);

        again.Should().Equal(first);
        otherSeed.Should().NotEqual(first);
        first.Count(s => s == 503).Should().BeInRange(40, 80);
        first.Should().OnlyContain(s => s == 503 || s == 200);
    }

    [Fact]
    public async Task Latency_Fixed_DelaysEveryMatchingResponse()
    {
        await using var simulator = await StartAsync(new FaultOptions { Latency = TimeSpan.FromMilliseconds(300), PathPrefix = "/products" });
        using var client = new ApiClient(simulator.BaseAddress);

        var stopwatch = Stopwatch.StartNew();
        await client.GetOkAsync("/products/1");

        stopwatch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task ConnectionReset_MidBody_FailsTheClientRead()
    {
        await using var simulator = await StartAsync(new FaultOptions { ConnectionReset = FaultTrigger.First(1) });
        using var client = new ApiClient(simulator.BaseAddress);

        var read = () => client.Http.GetByteArrayAsync("/carts?limit=0");

        var failure = await read.Should().ThrowAsync<Exception>();
        failure.Which.Should().Match<Exception>(e => e is HttpRequestException || e is IOException);
        (await client.GetOkAsync("/carts?limit=1")).GetProperty("carts").GetArrayLength().Should().Be(1, "only the first request is cut");
    }

    [Fact]
    public async Task ConnectionReset_AfterHeaders_FailsWhileReadingTheStream()
    {
        await using var simulator = await StartAsync(new FaultOptions { ConnectionReset = FaultTrigger.Always });
        using var client = new ApiClient(simulator.BaseAddress);

        using var response = await client.Http.GetAsync("/users?limit=0", HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var drain = () => stream.CopyToAsync(Stream.Null);

        await drain.Should().ThrowAsync<IOException>();
    }

    [Theory]
    [InlineData(TruncationMode.ContentLengthMismatch)]
    [InlineData(TruncationMode.ChunkedCutOff)]
    public async Task Truncation_CutConnection_FailsTheClientRead(TruncationMode mode)
    {
        await using var simulator = await StartAsync(new FaultOptions { Truncation = FaultTrigger.Always, TruncationMode = mode });
        using var client = new ApiClient(simulator.BaseAddress);

        using var response = await client.Http.GetAsync("/products?limit=0", HttpCompletionOption.ResponseHeadersRead);
        if (mode == TruncationMode.ContentLengthMismatch)
        {
            response.Content.Headers.ContentLength.Should().BeGreaterThan(100_000);
        }

        var read = () => response.Content.ReadAsByteArrayAsync();

        var failure = await read.Should().ThrowAsync<Exception>();
        failure.Which.Should().Match<Exception>(e => e is HttpRequestException || e is IOException);
    }

    [Fact]
    public async Task Truncation_IncompleteJson_ArrivesWhole_ButDoesNotParse()
    {
        await using var simulator = await StartAsync(new FaultOptions { Truncation = FaultTrigger.Always, TruncationMode = TruncationMode.IncompleteJson });
        using var client = new ApiClient(simulator.BaseAddress);

        using var response = await client.Http.GetAsync("/products?limit=5");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(bytes.Length);
        var parse = () => JsonDocument.Parse(bytes);
        parse.Should().Throw<JsonException>();
    }

    [Fact]
    public async Task NonJsonContentType_AnswersHtmlWithStatus200()
    {
        await using var simulator = await StartAsync(new FaultOptions { NonJsonContentType = FaultTrigger.First(1) });
        using var client = new ApiClient(simulator.BaseAddress);

        using var response = await client.Http.GetAsync("/products");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        body.Should().StartWith("<!DOCTYPE html>");
    }

    [Fact]
    public async Task TotalDrift_AfterTwoRequests_ReportsALargerTotal()
    {
        await using var simulator = await StartAsync(new FaultOptions { TotalDriftAfterRequests = 2, TotalDriftAmount = 5 });
        using var client = new ApiClient(simulator.BaseAddress);

        var totals = new List<int>();
        for (var skip = 0; skip < 120; skip += 30)
        {
            totals.Add((await client.GetOkAsync($"/products?skip={skip}")).GetProperty("total").GetInt32());
        }

        totals.Should().Equal(194, 194, 199, 199);
    }

    [Fact]
    public async Task MissingPage_NotFound_Answers404ForThatSkipOnly()
    {
        await using var simulator = await StartAsync(new FaultOptions { MissingPageSkip = 30, PathPrefix = "/carts" });
        using var client = new ApiClient(simulator.BaseAddress);

        var (status, body) = await client.GetJsonAsync("/carts?skip=30&limit=30");

        status.Should().Be(404);
        body.GetProperty("message").GetString().Should().Be("Page with skip '30' not found");
        (await client.GetOkAsync("/carts?skip=60&limit=30")).GetProperty("carts").GetArrayLength().Should().Be(30);
        (await client.GetOkAsync("/products?skip=30&limit=30")).GetProperty("products").GetArrayLength().Should().Be(30);
    }

    [Fact]
    public async Task MissingPage_Empty_AnswersNoRecordsWhileTotalSaysMore()
    {
        await using var simulator = await StartAsync(new FaultOptions { MissingPageSkip = 60, MissingPageMode = MissingPageMode.Empty });
        using var client = new ApiClient(simulator.BaseAddress);

        var page = await client.GetOkAsync("/users?skip=60&limit=30");

        page.GetProperty("users").GetArrayLength().Should().Be(0);
        page.GetProperty("total").GetInt32().Should().Be(208);
        page.GetProperty("limit").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task PathPrefix_OtherPaths_AreNotFaulted()
    {
        await using var simulator = await StartAsync(new FaultOptions { ServerErrors = FaultTrigger.Always, PathPrefix = "/carts" });
        using var client = new ApiClient(simulator.BaseAddress);

        (await client.GetJsonAsync("/carts/1")).Status.Should().Be(503);
        (await client.GetJsonAsync("/products/1")).Status.Should().Be(200);
        (await client.GetJsonAsync("/cartsX")).Status.Should().Be(404, "a prefix matches whole segments only");
        simulator.RequestCountFor("/carts/1").Should().Be(1);
    }

    private static Task<RunningSimulator> StartAsync(FaultOptions fault, long seed = 42) =>
        EcommerceApiSimulator.StartAsync(new SimulatorOptions { Seed = seed, Faults = [fault] });

    private static async Task<List<int>> StatusesAsync(FaultOptions fault, long seed, int requests)
    {
        await using var simulator = await StartAsync(fault, seed);
        using var client = new ApiClient(simulator.BaseAddress);
        var statuses = new List<int>();
        for (var i = 0; i < requests; i++)
        {
            using var response = await client.Http.GetAsync("/products/1");
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
