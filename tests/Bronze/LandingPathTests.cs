using System.Net;
using System.Text;
using Lakehouse.Bronze.Json;
using Lakehouse.Bronze.Landing;
using Lakehouse.Bronze.Sources;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Bronze.Tests;

/// <summary>The page-at-a-time landing path: NDJSON made in place, whole pages written, keys counted cheaply.</summary>
public sealed class LandingPathTests : IDisposable
{
    private readonly DirectoryInfo _lake = Directory.CreateTempSubdirectory("lakehouse-landing-path-");

    public void Dispose() => _lake.Delete(recursive: true);

    [Fact]
    public void WriteLines_RollsPartsExactlyWhereWriteRecordDoes()
    {
        var records = Enumerable.Range(1, 40).Select(i => $"{{\"id\":{i},\"pad\":\"{new string('x', i % 7 * 5)}\"}}").ToList();
        using var perRecord = new BatchWriter(Path.Combine(_lake.FullName, "a"), "json", partTargetBytes: 100);
        using var perPage = new BatchWriter(Path.Combine(_lake.FullName, "b"), "json", partTargetBytes: 100);
        perRecord.Begin();
        perPage.Begin();

        foreach (var record in records)
        {
            perRecord.WriteRecord(Encoding.UTF8.GetBytes(record));
        }

        foreach (var page in records.Chunk(7))
        {
            perPage.WriteLines(Encoding.UTF8.GetBytes(string.Concat(page.Select(r => r + "\n"))), page.Length);
        }

        var expected = perRecord.CompleteParts();
        var actual = perPage.CompleteParts();
        expected.Count.Should().BeGreaterThan(3, "the test must cross several part boundaries");
        actual.Should().Equal(expected);
        foreach (var file in expected)
        {
            File.ReadAllBytes(Path.Combine(perPage.Directory, file.Path)).Should().Equal(File.ReadAllBytes(Path.Combine(perRecord.Directory, file.Path)));
        }
    }

    [Fact]
    public void ToNdjsonInPlace_KeepsCompactRecordsAsReceivedAndCompactsPrettyOnes()
    {
        var body = Encoding.UTF8.GetBytes("{\"items\":[{\"id\":1,\"a\":[1,2]},\n  {\n    \"id\": \"2\",\n    \"b\": \"x  y\"\n  },{ \"id\": 3 }] , \"total\": 3}\n");
        var page = RecordExtractor.Extract(body, "items", "id", "total", null, 64);

        RecordExtractor.ToNdjsonInPlace(body, page);

        Encoding.UTF8.GetString(page.Ndjson.Span).Should().Be("{\"id\":1,\"a\":[1,2]}\n{\"id\":\"2\",\"b\":\"x  y\"}\n{ \"id\": 3 }\n");
        page.RecordCount.Should().Be(3);
        page.Total.Should().Be(3);
    }

    [Fact]
    public void RecordCounter_TreatsKeysWithEqualTextAsDuplicates()
    {
        var body = Encoding.UTF8.GetBytes("[{\"id\":1},{\"id\":\"1\"},{\"id\":2},{\"id\":\"01\"},{\"id\":\"01\"},{\"id\":null},{\"id\":1.0},{\"id\":\"1.0\"},{\"id\":\"\\u0032\"},{}]");
        var page = RecordExtractor.Extract(body, null, "id", null, null, 64);
        var counter = new RecordCounter();

        counter.AddPage(page.RecordCount, page.Keys);

        counter.Records.Should().Be(10);
        counter.Duplicates.Should().Be(4, "\"1\" repeats 1, \"01\" repeats itself, \"1.0\" repeats 1.0 and \"\\u0032\" is \"2\"");
    }

    [Fact]
    public async Task Run_BodyWithoutContentLengthLargerThanTheFirstBuffer_IsLandedWhole()
    {
        var records = Enumerable.Range(1, 400).Select(i => $"{{\"id\":{i},\"note\":\"{new string((char)('a' + (i % 26)), 900)}\"}}").ToList();
        var body = Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(",", records) + "],\"total\":400,\"skip\":0,\"limit\":400}");
        var api = new FakeApi(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new UnseekableStream(body)) { Headers = { ContentType = new("application/json") } },
        });

        var result = await BronzeJob.RunAsync(
            new PipelineConfig
            {
                Sources =
                [
                    new SourceConfig
                    {
                        Name = "shop",
                        Kind = SourceKind.Rest,
                        BaseUrl = "http://shop.test",
                        Entities = [new EntityConfig { Name = "items", Path = "/items", RecordsField = "items", Pagination = new PaginationConfig { PageSize = 400 } }],
                    },
                ],
            },
            new BronzeJobOptions { Lake = _lake.FullName, RunId = "r1", Handler = api });

        var items = result.Entities.Single();
        items.Status.Should().Be(EntityStatus.Landed, items.Error);
        File.ReadAllLines(Path.Combine(items.BatchPath!, items.Manifest!.Files.Single().Path)).Should().Equal(records);
    }

    /// <summary>A stream whose length is unknown, so the response has no Content-Length (like a chunked body).</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        // Hand out small pieces, as a network stream does.
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 5000));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 5000)], cancellationToken);
    }
}
