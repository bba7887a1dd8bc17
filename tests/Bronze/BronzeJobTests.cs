using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lakehouse.ApiSimulator;
using Lakehouse.Bronze.Json;
using Lakehouse.Common.Configuration;
using Lakehouse.Common.Secrets;

namespace Lakehouse.Bronze.Tests;

public sealed class BronzeJobTests
{
    private static string[] FixtureRecords(string entity)
    {
        var bytes = File.ReadAllBytes(SharedFixtures.Path("dummyjson", entity + ".json"));
        var page = RecordExtractor.Extract(bytes, null, "id", null, null, 64);
        return page.Records.Select(r => Encoding.UTF8.GetString(RecordExtractor.Compact(r.Span))).ToArray();
    }

    private static string[] LandedRecords(EntityResult result) =>
        result.Manifest!.Files.SelectMany(f => File.ReadAllLines(Path.Combine(result.BatchPath!, f.Path))).ToArray();

    [Fact]
    public async Task Run_AgainstTheDummyJsonFixture_LandsEveryRecordExactlyAsServed()
    {
        await using var kit = await BronzeTestKit.StartAsync();

        var result = await kit.RunAsync(kit.Config(pageSize: 50));

        result.Succeeded.Should().BeTrue(string.Join("; ", result.Entities.Select(e => e.Error)));
        foreach (var (entity, count) in new[] { ("products", 194), ("carts", 208), ("users", 208) })
        {
            var landed = result.Entities.Single(e => e.Entity == entity);
            landed.Status.Should().Be(EntityStatus.Landed);
            landed.Manifest!.Records.Should().Be(count);
            landed.Manifest.ReportedTotal.Should().Be(count);
            landed.Manifest.DuplicateRecords.Should().Be(0);
            LandedRecords(landed).Should().Equal(FixtureRecords(entity), $"{entity} must be landed record for record, byte for byte, in the API's order");
        }
    }

    [Fact]
    public async Task Run_WritesTheLayoutAndAManifestWhoseHashesMatchTheFiles()
    {
        await using var kit = await BronzeTestKit.StartAsync();

        var result = await kit.RunAsync(kit.Config(entities: "carts"));

        var carts = result.Entities.Single();
        Path.GetRelativePath(kit.Lake.FullName, carts.BatchPath!).Should().MatchRegex(@"^bronze/dummyjson/carts/ingest_date=\d{4}-\d{2}-\d{2}/run_id=run-1$");
        var manifestPath = Path.Combine(carts.BatchPath!, "_manifest.json");
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        manifest.RootElement.GetProperty("runId").GetString().Should().Be("run-1");
        manifest.RootElement.GetProperty("records").GetInt64().Should().Be(208);
        manifest.RootElement.GetProperty("pages").GetInt32().Should().Be(5);
        foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
        {
            var bytes = File.ReadAllBytes(Path.Combine(carts.BatchPath!, file.GetProperty("path").GetString()!));
            file.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(bytes)));
            file.GetProperty("bytes").GetInt64().Should().Be(bytes.Length);
        }

        Directory.GetFiles(carts.BatchPath!).Select(Path.GetFileName).Should().BeEquivalentTo(["part-00000.json", "_manifest.json"]);
    }

    [Fact]
    public async Task Run_SameRunIdAgain_ChangesNothing()
    {
        await using var kit = await BronzeTestKit.StartAsync();
        await kit.RunAsync(kit.Config(entities: "products"));
        var before = kit.LakeFiles();

        var again = await kit.RunAsync(kit.Config(entities: "products"));

        again.Entities.Single().Status.Should().Be(EntityStatus.AlreadyLanded);
        kit.LakeFiles().Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Run_NewRunIdButUnchangedSource_LandsNothing()
    {
        await using var kit = await BronzeTestKit.StartAsync();
        await kit.RunAsync(kit.Config(entities: "products"), kit.Options("run-1"));
        var before = kit.LakeFiles();

        var again = await kit.RunAsync(kit.Config(entities: "products"), kit.Options("run-2"));

        var products = again.Entities.Single();
        products.Status.Should().Be(EntityStatus.Unchanged);
        products.Error.Should().Contain("run-1");
        again.Succeeded.Should().BeTrue();
        kit.LakeFiles().Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Run_RateLimitedWithRetryAfterSeconds_WaitsAndLands()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { RateLimit = FaultTrigger.First(2), RetryAfter = TimeSpan.FromSeconds(1) });

        var result = await kit.RunAsync(kit.Config(entities: "products"));

        result.Succeeded.Should().BeTrue();
        kit.Observer.Retries.Should().HaveCount(2).And.OnlyContain(r => r.Reason == "HTTP 429" && r.Delay == TimeSpan.FromSeconds(1));
        result.Entities.Single().Manifest!.RetryWaitSeconds.Should().Be(2);
    }

    [Fact]
    public async Task Run_RateLimitedWithRetryAfterDate_WaitsUntilThatDate()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { RateLimit = FaultTrigger.First(1), RetryAfter = TimeSpan.FromSeconds(2), RetryAfterFormat = RetryAfterFormat.HttpDate });

        var result = await kit.RunAsync(kit.Config(entities: "products"));

        result.Succeeded.Should().BeTrue();
        var retry = kit.Observer.Retries.Should().ContainSingle().Subject;
        retry.Reason.Should().Be("HTTP 429");
        // An HTTP-date has whole seconds, so the wait is the 2 s asked for, give or take the rounding second.
        retry.Delay.Should().BeGreaterThan(TimeSpan.FromSeconds(1)).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Run_BurstOf5xx_IsRetriedAndLands()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { ServerErrors = FaultTrigger.First(3) });

        var result = await kit.RunAsync(kit.Config(entities: "users"));

        result.Succeeded.Should().BeTrue();
        kit.Observer.Retries.Should().HaveCount(3).And.OnlyContain(r => r.Reason == "HTTP 503");
        result.Entities.Single().Manifest!.Records.Should().Be(208);
    }

    [Fact]
    public async Task Run_5xxBeyondTheRetryLimit_FailsAndLeavesNoBatch()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { ServerErrors = FaultTrigger.Always });

        var result = await kit.RunAsync(kit.Config(entities: "users", http: new HttpConfig { MaxRetries = 2, BaseDelaySeconds = 0.01 }));

        result.Succeeded.Should().BeFalse();
        var users = result.Entities.Single();
        users.Status.Should().Be(EntityStatus.Failed);
        users.Error.Should().Contain("failed after 3 attempt(s)").And.Contain("HTTP 503");
        kit.LakeFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Run_ConnectionResetMidBody_IsRetriedAndLandsCompleteRecords()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { ConnectionReset = FaultTrigger.First(2) });

        var result = await kit.RunAsync(kit.Config(entities: "carts"));

        result.Succeeded.Should().BeTrue();
        kit.Observer.Retries.Should().HaveCount(2);
        LandedRecords(result.Entities.Single()).Should().Equal(FixtureRecords("carts"));
    }

    [Theory]
    [InlineData(TruncationMode.ContentLengthMismatch)]
    [InlineData(TruncationMode.ChunkedCutOff)]
    public async Task Run_TruncatedBody_IsNeverLanded(TruncationMode mode)
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { Truncation = FaultTrigger.Always, TruncationMode = mode });

        var result = await kit.RunAsync(kit.Config(entities: "products", http: new HttpConfig { MaxRetries = 1, BaseDelaySeconds = 0.01 }));

        result.Entities.Single().Status.Should().Be(EntityStatus.Failed);
        kit.LakeFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Run_TruncatedBodyOnce_IsRetriedAndLands()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { Truncation = FaultTrigger.First(1) });

        var result = await kit.RunAsync(kit.Config(entities: "products"));

        result.Succeeded.Should().BeTrue();
        LandedRecords(result.Entities.Single()).Should().Equal(FixtureRecords("products"));
    }

    [Fact]
    public async Task Run_NonJsonContentType_IsNeverLanded()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { NonJsonContentType = FaultTrigger.Always });

        var result = await kit.RunAsync(kit.Config(entities: "products", http: new HttpConfig { MaxRetries = 1, BaseDelaySeconds = 0.01 }));

        var products = result.Entities.Single();
        products.Status.Should().Be(EntityStatus.Failed);
        products.Error.Should().Contain("not JSON");
        kit.LakeFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Run_MissingPage_FailsTheRunInsteadOfEndingEarly()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { MissingPageSkip = 100 });

        var result = await kit.RunAsync(kit.Config(pageSize: 50, entities: "products"));

        var products = result.Entities.Single();
        products.Status.Should().Be(EntityStatus.Failed);
        products.Error.Should().Contain("skip=100");
        kit.LakeFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Run_TotalDriftingMidRun_IsDetectedAndNothingIsLostSilently()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { TotalDriftAfterRequests = 2, TotalDriftAmount = 10 });

        var result = await kit.RunAsync(kit.Config(pageSize: 50, entities: "products"));

        // The restart sees a total of 204 for 194 records: the short last page fails the run.
        var products = result.Entities.Single();
        products.Status.Should().Be(EntityStatus.Failed);
        products.Error.Should().Contain("204");
        kit.LakeFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Run_OversizeResponse_IsRefused()
    {
        await using var kit = await BronzeTestKit.StartAsync();

        var result = await kit.RunAsync(kit.Config(entities: "products", http: new HttpConfig { MaxResponseBytes = 10_000 }));

        var products = result.Entities.Single();
        products.Status.Should().Be(EntityStatus.Failed);
        products.Error.Should().Contain("more than the limit of 10000");
        kit.LakeFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Run_CancelledMidRun_LeavesNoBatch()
    {
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { Latency = TimeSpan.FromMilliseconds(300) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var result = await kit.RunAsync(kit.Config(pageSize: 20, entities: "products", http: new HttpConfig { Concurrency = 1 }), cancellationToken: cancellation.Token);

        result.Entities.Single().Status.Should().Be(EntityStatus.Cancelled);
        kit.LakeFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Run_CanarySecret_IsSentButNeverWrittenOrReported()
    {
        const string canary = "CANARY-7f3a9c-do-not-leak";
        await using var kit = await BronzeTestKit.StartAsync(new FaultOptions { PathPrefix = "/users", ServerErrors = FaultTrigger.Always });
        var seen = new List<string?>();
        using var handler = new HeaderCapturingHandler(seen);
        var options = kit.Options() with
        {
            Secrets = new LocalSecretStore(environment: name => name == "LAKEHOUSE_SECRET_API_TOKEN" ? canary : null),
            Handler = handler,
        };

        var result = await kit.RunAsync(kit.Config(entities: ["products", "users"], auth: new AuthConfig { Kind = AuthKind.Bearer, Secret = "api-token" }, http: new HttpConfig { MaxRetries = 1, BaseDelaySeconds = 0.01 }), options);

        seen.Should().Contain($"Bearer {canary}", "the token must reach the API");
        result.Entities.Should().Contain(e => e.Status == EntityStatus.Landed).And.Contain(e => e.Status == EntityStatus.Failed);
        var everything = string.Join("\n", kit.LakeFiles().Select(f => f.Key + "\n" + Encoding.UTF8.GetString(f.Value)))
            + string.Join("\n", result.Entities.Select(e => e.ToString()))
            + string.Join("\n", kit.Observer.Retries.Select(r => r.ToString()));
        everything.Should().NotContain(canary);
        everything.Should().NotContain("CANARY");
    }

    [Fact]
    public async Task Run_MissingSecret_FailsNamingTheVariableNotAValue()
    {
        await using var kit = await BronzeTestKit.StartAsync();
        var options = kit.Options() with { Secrets = new LocalSecretStore(environment: _ => null) };

        var act = () => kit.RunAsync(kit.Config(entities: "products", auth: new AuthConfig { Kind = AuthKind.ApiKey, Header = "X-Api-Key", Secret = "shop-key" }), options);

        await act.Should().ThrowAsync<KeyNotFoundException>().WithMessage("*'shop-key'*LAKEHOUSE_SECRET_SHOP_KEY*");
    }

    [Fact]
    public async Task Run_UnknownSourceFilter_ListsTheSources()
    {
        await using var kit = await BronzeTestKit.StartAsync();

        var act = () => kit.RunAsync(kit.Config(), kit.Options() with { Source = "nope" });

        await act.Should().ThrowAsync<ConfigurationException>().WithMessage("*'nope'*dummyjson*");
    }

    private sealed class HeaderCapturingHandler(List<string?> seen) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(request.Headers.Authorization?.ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
