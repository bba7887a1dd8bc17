using System.Net;
using System.Text;
using Lakehouse.Bronze.Json;
using Lakehouse.Bronze.Sources;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Bronze.Tests;

/// <summary>Pagination styles other than offset, and files sources, against an in-memory API.</summary>
public sealed class PaginationAndFilesTests : IDisposable
{
    private readonly DirectoryInfo _lake = Directory.CreateTempSubdirectory("lakehouse-bronze-");
    private readonly DirectoryInfo _landing = Directory.CreateTempSubdirectory("lakehouse-landing-");

    public void Dispose()
    {
        _lake.Delete(recursive: true);
        _landing.Delete(recursive: true);
    }

    private async Task<EntityResult> RunAsync(SourceConfig source, FakeApi? api = null)
    {
        var result = await BronzeJob.RunAsync(
            new PipelineConfig { Sources = [source] },
            new BronzeJobOptions { Lake = _lake.FullName, RunId = "r1", ConfigDirectory = _landing.FullName, Handler = api, Jitter = () => 0 });
        return result.Entities.Single();
    }

    private static string[] Lines(EntityResult result) =>
        result.Manifest!.Files.SelectMany(f => File.ReadAllLines(Path.Combine(result.BatchPath!, f.Path))).ToArray();

    private static SourceConfig Rest(EntityConfig entity) => new()
    {
        Name = "shop",
        Kind = SourceKind.Rest,
        BaseUrl = "http://shop.test",
        Http = new HttpConfig { BaseDelaySeconds = 0.001 },
        Entities = [entity],
    };

    [Fact]
    public async Task PageStyle_ReadsUntilAShortPage()
    {
        using var api = new FakeApi(request => request.RequestUri!.Query switch
        {
            "?page=1&size=2" => FakeApi.Json("""{"items":[{"id":1},{"id":2}]}"""),
            "?page=2&size=2" => FakeApi.Json("""{"items":[{"id":3},{"id":3}]}"""),
            "?page=3&size=2" => FakeApi.Json("""{"items":[{"id":4}]}"""),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });

        var result = await RunAsync(Rest(new EntityConfig { Name = "items", Path = "/items", RecordsField = "items", Pagination = new PaginationConfig { Style = PaginationStyle.Page, PageSize = 2 } }), api);

        result.Status.Should().Be(EntityStatus.Landed, result.Error);
        Lines(result).Should().Equal("""{"id":1}""", """{"id":2}""", """{"id":3}""", """{"id":3}""", """{"id":4}""");
        result.Manifest!.Pages.Should().Be(3);
        result.Manifest.DuplicateRecords.Should().Be(1);
    }

    [Fact]
    public async Task LinkStyle_FollowsTheBodyFieldOnTheSameHost()
    {
        using var api = new FakeApi(request => request.RequestUri!.PathAndQuery switch
        {
            "/orders" => FakeApi.Json("""{"data":[{"id":"a"}],"next":"/orders?cursor=2"}"""),
            "/orders?cursor=2" => FakeApi.Json("""{"data":[{"id":"b"}],"next":null}"""),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        });

        var result = await RunAsync(Rest(new EntityConfig { Name = "orders", Path = "/orders", RecordsField = "data", Pagination = new PaginationConfig { Style = PaginationStyle.Link, NextField = "next" } }), api);

        result.Status.Should().Be(EntityStatus.Landed, result.Error);
        Lines(result).Should().Equal("""{"id":"a"}""", """{"id":"b"}""");
    }

    [Fact]
    public async Task LinkStyle_FollowsTheLinkHeader()
    {
        using var api = new FakeApi(request =>
        {
            if (request.RequestUri!.PathAndQuery == "/orders")
            {
                var first = FakeApi.Json("""[{"id":1}]""");
                first.Headers.Add("Link", """<http://shop.test/orders?page=2>; rel="next", <http://shop.test/orders?page=2>; rel="last" """);
                return first;
            }

            return FakeApi.Json("""[{"id":2}]""");
        });

        var result = await RunAsync(Rest(new EntityConfig { Name = "orders", Path = "/orders", Pagination = new PaginationConfig { Style = PaginationStyle.Link } }), api);

        result.Status.Should().Be(EntityStatus.Landed, result.Error);
        Lines(result).Should().Equal("""{"id":1}""", """{"id":2}""");
    }

    [Fact]
    public async Task LinkStyle_NextLinkToAnotherHost_IsRefused()
    {
        using var api = new FakeApi(_ => FakeApi.Json("""{"data":[{"id":1}],"next":"http://169.254.169.254/latest"}"""));

        var result = await RunAsync(Rest(new EntityConfig { Name = "orders", Path = "/orders", RecordsField = "data", Pagination = new PaginationConfig { Style = PaginationStyle.Link, NextField = "next" } }), api);

        result.Status.Should().Be(EntityStatus.Failed);
        result.Error.Should().Contain("another origin");
    }

    [Fact]
    public async Task NoneStyle_BareArrayLikeFakeStore_IsOneRequest()
    {
        using var api = new FakeApi(_ => FakeApi.Json("""[{"id":1,"title":"Fjallraven","rating":{"rate":3.9,"count":120}},{"id":2,"title":"Mens \u00e9"}]"""));

        var result = await RunAsync(Rest(new EntityConfig { Name = "products", Path = "/products", Pagination = new PaginationConfig { Style = PaginationStyle.None } }), api);

        result.Status.Should().Be(EntityStatus.Landed, result.Error);
        Lines(result).Should().Equal("""{"id":1,"title":"Fjallraven","rating":{"rate":3.9,"count":120}}""", """{"id":2,"title":"Mens \u00e9"}""");
        api.Requests.Should().Be(1);
    }

    [Fact]
    public async Task ClientError_IsNotRetriedAndShowsTheApisMessage()
    {
        using var api = new FakeApi(_ => new HttpResponseMessage(HttpStatusCode.Forbidden) { Content = new StringContent("""{"message":"Invalid token"}""", Encoding.UTF8, "application/json") });

        var result = await RunAsync(Rest(new EntityConfig { Name = "orders", Path = "/orders", Pagination = new PaginationConfig { Style = PaginationStyle.None } }), api);

        result.Status.Should().Be(EntityStatus.Failed);
        result.Error.Should().Contain("403").And.Contain("Invalid token").And.Contain("not retried");
        api.Requests.Should().Be(1);
    }

    [Fact]
    public async Task FilesSource_LocalCsv_IsLandedByteForByte()
    {
        var csv = "id,name,city\n1,Ada,\"London, UK\"\n2,\"Grace \"\"Amazing\"\" Hopper\",\"New\nYork\"\n";
        File.WriteAllText(Path.Combine(_landing.FullName, "suppliers-1.csv"), csv);
        File.WriteAllText(Path.Combine(_landing.FullName, "suppliers-2.csv"), "id,name,city\n3,Linus,Helsinki\n");
        File.WriteAllText(Path.Combine(_landing.FullName, "ignored.txt"), "not a csv");

        var result = await RunAsync(new SourceConfig
        {
            Name = "landing",
            Kind = SourceKind.Files,
            Entities = [new EntityConfig { Name = "suppliers", Location = "*.csv", Format = FileFormat.Csv }],
        });

        result.Status.Should().Be(EntityStatus.Landed, result.Error);
        result.Manifest!.Format.Should().Be("csv");
        result.Manifest.Files.Select(f => f.Records).Should().Equal(2, 1);
        File.ReadAllText(Path.Combine(result.BatchPath!, "part-00000.csv")).Should().Be(csv);
    }

    [Fact]
    public async Task FilesSource_CsvFromHttpUrl_IsLanded()
    {
        const string csv = "sku,cost\nP000001,12.50\nP000002,3.10\n";
        using var api = new FakeApi(request => request.RequestUri!.AbsolutePath == "/exports/costs.csv"
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(csv, Encoding.UTF8, "text/csv") }
            : new HttpResponseMessage(HttpStatusCode.NotFound));

        var result = await RunAsync(
            new SourceConfig
            {
                Name = "erp",
                Kind = SourceKind.Files,
                Entities = [new EntityConfig { Name = "costs", Location = "http://erp.test/exports/costs.csv", Format = FileFormat.Csv }],
            },
            api);

        result.Status.Should().Be(EntityStatus.Landed, result.Error);
        result.Manifest!.Records.Should().Be(2);
        result.Manifest.SourceUrl.Should().Be("http://erp.test/exports/costs.csv");
        File.ReadAllText(Path.Combine(result.BatchPath!, "part-00000.csv")).Should().Be(csv);
    }

    [Fact]
    public async Task FilesSource_Ndjson_InvalidLine_FailsNamingTheLine()
    {
        File.WriteAllText(Path.Combine(_landing.FullName, "events.ndjson"), "{\"id\":1}\n{\"id\":2\n");

        var result = await RunAsync(new SourceConfig
        {
            Name = "landing",
            Kind = SourceKind.Files,
            Entities = [new EntityConfig { Name = "events", Location = "events.ndjson", Format = FileFormat.Ndjson }],
        });

        result.Status.Should().Be(EntityStatus.Failed);
        result.Error.Should().Contain("events.ndjson").And.Contain("not valid JSON");
        _lake.EnumerateFiles("*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Fact]
    public async Task FilesSource_JsonArray_BecomesNdjson()
    {
        File.WriteAllText(Path.Combine(_landing.FullName, "users.json"), "[\n  {\"id\": 1, \"name\": \"a b\"},\n  {\"id\": 2}\n]");

        var result = await RunAsync(new SourceConfig
        {
            Name = "landing",
            Kind = SourceKind.Files,
            Entities = [new EntityConfig { Name = "users", Location = "users.json", Format = FileFormat.Json }],
        });

        result.Status.Should().Be(EntityStatus.Landed, result.Error);
        Lines(result).Should().Equal("""{"id": 1, "name": "a b"}""", """{"id": 2}""");
    }

    [Fact]
    public void Extract_TooDeep_IsRefused()
    {
        var deep = "[{\"a\":" + string.Concat(Enumerable.Repeat("[", 100)) + string.Concat(Enumerable.Repeat("]", 100)) + "}]";

        var act = () => RecordExtractor.Extract(Encoding.UTF8.GetBytes(deep), null, "id", null, null, maxDepth: 64);

        act.Should().Throw<BadResponseException>().WithMessage("*not valid JSON*depth*");
    }

    [Fact]
    public void Extract_PrettyPrintedRecord_IsCompactedToOneLineWithTokensUntouched()
    {
        var body = Encoding.UTF8.GetBytes("{\"items\": [\n  {\n    \"price\": 9.90,\n    \"note\": \"two  spaces \\\" quote\"\n  }\n]}");

        var page = RecordExtractor.Extract(body, "items", "id", null, null, 64);

        Encoding.UTF8.GetString(page.Records.Single().Span).Should().Be("{\"price\":9.90,\"note\":\"two  spaces \\\" quote\"}");
    }

    [Fact]
    public void CsvRows_CountsQuotedNewlinesAsPartOfTheirRow()
    {
        CsvRows.Count("a,b\n1,\"x\ny\"\n2,z"u8).Should().Be(3);
        CsvRows.Count("a,b\r\n1,2\r\n"u8).Should().Be(2);
    }
}

/// <summary>An in-memory HTTP API: each request is answered by a function.</summary>
internal sealed class FakeApi(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    private int _requests;

    public int Requests => _requests;

    public static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult(respond(request));
    }
}
