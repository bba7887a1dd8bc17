using Google.Protobuf;
using Lakehouse.SparkConnect.Arrow.Ipc;
using Lakehouse.SparkConnect.Client;
using Lakehouse.SparkConnect.Protocol;
using Lakehouse.SparkConnect.Tests.Arrow;
using static Lakehouse.SparkConnect.Tests.Arrow.TestArrowStreamWriter;

namespace Lakehouse.SparkConnect.Tests.Client;

public sealed class SparkConnectClientQueryTests
{
    private static readonly Relation Sales = new() { Read = new Read { NamedTable = new Read.Types.NamedTable { UnparsedIdentifier = "sales" } } };

    private static readonly byte[] EndOfStream = [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];

    [Fact]
    public async Task CollectAsync_MultiBatchArrowResult_CollectsEveryRowInOrder()
    {
        var fixture = File.ReadAllBytes(Path.Combine(SharedFixtures.Folder("arrow-ipc"), "generated_primitive.stream"));
        using var expectation = IntegrationJsonExpectation.Load(Path.Combine(SharedFixtures.Folder("arrow-ipc"), "generated_primitive.json.gz"));
        var batchRows = expectation.Batches.EnumerateArray().Select(b => b.GetProperty("count").GetInt32()).ToList();
        var perBatchStreams = SplitPerBatch(fixture);
        perBatchStreams.Should().HaveCount(batchRows.Count).And.HaveCountGreaterThan(1);
        var schema = new DataType { Struct = new DataType.Types.Struct() };
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            // As Spark does: the schema first, one Arrow stream per batch, then (here) the whole fixture in one message.
            await call.WriteAsync(new ExecutePlanResponse { OperationId = "op", Schema = schema });
            foreach (var (stream, rows) in perBatchStreams.Zip(batchRows))
            {
                await call.WriteAsync(Batch(stream, rows));
            }

            await call.WriteAsync(Batch(fixture, batchRows.Sum()));
            await call.WriteAsync(new ExecutePlanResponse { OperationId = "op", Metrics = new ExecutePlanResponse.Types.Metrics() });
        });
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var result = await client.CollectAsync(Sales);

        var expectedRows = ExpectedRows(expectation).ToList();
        result.Rows.Should().HaveCount(2 * expectedRows.Count);
        var actual = result.Rows.Select(ComparableRow).ToList();
        foreach (var (row, index) in expectedRows.Concat(expectedRows).Select((row, index) => (row, index)))
        {
            actual[index].Should().Equal(row, $"row {index} must match the fixture's JSON");
        }

        result.ColumnNames.Should().Equal(expectation.Fields.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        result.SparkSchema.Should().Be(schema);
        server.Requests.Single().Message(ExecutePlanRequest.Parser).Plan.Root.Should().Be(Sales);
    }

    [Fact]
    public async Task CollectAsync_RowCountDisagreesWithArrowData_FailsAsInternal()
    {
        var stream = IntStream(1);
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(Batch(stream, rows: 2)));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var act = () => client.CollectAsync(Sales);

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Internal);
        error.ServerMessage.Should().Contain("declares 2 rows but its Arrow data holds 1");
    }

    [Fact]
    public async Task CollectAsync_NoArrowBatch_ReturnsNoRowsAndNoSchema()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(new ExecutePlanResponse { OperationId = "op" }));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var result = await client.CollectAsync(Sales);

        result.Rows.Should().BeEmpty();
        result.Schema.Should().BeNull();
        result.ColumnNames.Should().BeEmpty();
    }

    [Fact]
    public async Task SqlAsync_Query_RunsTheCommandThenCollectsTheReturnedRelation()
    {
        var returned = new Relation { Sql = new SQL { Query = "SELECT 41 + 1 AS answer" } };
        await using var server = await FakeSparkConnectServer.StartAsync(call => SparkLike(call, returned, IntStream(42)));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var result = await client.SqlAsync("SELECT 41 + 1 AS answer");

        result.ColumnNames.Should().Equal("answer");
        result.Rows.Should().ContainSingle().Which.Should().Equal(42);
        var requests = server.Requests.Select(r => r.Message(ExecutePlanRequest.Parser)).ToList();
        requests.Should().HaveCount(2);
        requests[0].Plan.Command.SqlCommand.Sql.Should().Be("SELECT 41 + 1 AS answer");
        requests[1].Plan.Root.Should().Be(returned);
    }

    [Fact]
    public async Task SqlAsync_ServerSendsNoSqlCommandResult_FailsAsInternal()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(new ExecutePlanResponse { OperationId = "op" }));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var act = () => client.SqlAsync("SHOW TABLES");

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.ServerMessage.Should().Contain("without a sql_command_result");
    }

    [Fact]
    public async Task PingAsync_Server_RunsSelectOneThenReturnsTheSparkVersion()
    {
        var returned = new Relation { Sql = new SQL { Query = "SELECT 1" } };
        await using var server = await FakeSparkConnectServer.StartAsync(call => SparkLike(call, returned, IntStream(1)));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString(";user_id=pinger")));

        var version = await client.PingAsync();

        version.Should().Be("3.5.1");
        server.Requests.Select(r => r.Method).Should().Equal("ExecutePlan", "ExecutePlan", "AnalyzePlan");
        server.Requests[0].Message(ExecutePlanRequest.Parser).Plan.Command.SqlCommand.Sql.Should().Be("SELECT 1");
        var analyze = server.Requests[2].Message(AnalyzePlanRequest.Parser);
        analyze.AnalyzeCase.Should().Be(AnalyzePlanRequest.AnalyzeOneofCase.SparkVersion);
        analyze.SessionId.Should().Be(client.SessionId);
        analyze.UserContext.UserId.Should().Be("pinger");
        analyze.ClientType.Should().Be(client.ClientType);
    }

    [Fact]
    public async Task PingAsync_SelectOneReturnsAnotherValue_FailsAsInternal()
    {
        var returned = new Relation { Sql = new SQL { Query = "SELECT 1" } };
        await using var server = await FakeSparkConnectServer.StartAsync(call => SparkLike(call, returned, IntStream(2)));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var act = () => client.PingAsync();

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.ServerMessage.Should().Contain("instead of one row holding 1");
    }

    [Fact]
    public async Task GetSchemaAsync_Relation_SendsASchemaAnalysisAndReturnsSparksType()
    {
        var schema = new DataType
        {
            Struct = new DataType.Types.Struct
            {
                Fields = { new DataType.Types.StructField { Name = "id", DataType = new DataType { Long = new DataType.Types.Long() }, Nullable = true } },
            },
        };
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(
            new AnalyzePlanResponse { Schema = new AnalyzePlanResponse.Types.Schema { Schema_ = schema } }));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var result = await client.GetSchemaAsync(Sales);

        result.Should().Be(schema);
        var request = server.Requests.Single();
        request.Path.Should().Be("/spark.connect.SparkConnectService/AnalyzePlan");
        request.Message(AnalyzePlanRequest.Parser).Schema.Plan.Root.Should().Be(Sales);
    }

    [Fact]
    public async Task ExplainAsync_ExtendedMode_ReturnsTheExplainString()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(
            new AnalyzePlanResponse { Explain = new AnalyzePlanResponse.Types.Explain { ExplainString = "== Physical Plan ==" } }));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var text = await client.ExplainAsync(Sales, AnalyzePlanRequest.Types.Explain.Types.ExplainMode.Extended);

        text.Should().Be("== Physical Plan ==");
        var explain = server.Requests.Single().Message(AnalyzePlanRequest.Parser).Explain;
        explain.ExplainMode.Should().Be(AnalyzePlanRequest.Types.Explain.Types.ExplainMode.Extended);
        explain.Plan.Root.Should().Be(Sales);
    }

    [Fact]
    public async Task GetSparkVersionAsync_ServerAnswersAnotherAnalysis_FailsAsInternal()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(
            new AnalyzePlanResponse { IsLocal = new AnalyzePlanResponse.Types.IsLocal { IsLocal_ = true } }));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var act = () => client.GetSparkVersionAsync();

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.ServerMessage.Should().Contain("IsLocal instead of SparkVersion");
    }

    [Fact]
    public async Task AnalyzeAsync_CallersRequest_IsFilledInOnACopy()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(
            new AnalyzePlanResponse { SparkVersion = new AnalyzePlanResponse.Types.SparkVersion { Version = "4.0.0" } }));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));
        var request = new AnalyzePlanRequest { SessionId = "someone-else", SparkVersion = new AnalyzePlanRequest.Types.SparkVersion() };

        var response = await client.AnalyzeAsync(request);

        response.SparkVersion.Version.Should().Be("4.0.0");
        request.SessionId.Should().Be("someone-else");
        server.Requests.Single().Message(AnalyzePlanRequest.Parser).SessionId.Should().Be(client.SessionId);
    }

    [Fact]
    public async Task ConfigGetAsync_SeveralKeys_UsesGetOptionAndMapsUnsetToNull()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(new ConfigResponse
        {
            Pairs =
            {
                new KeyValue { Key = "spark.sql.shuffle.partitions", Value = "8" },
                new KeyValue { Key = "spark.not.set" },
            },
        }));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var values = await client.ConfigGetAsync(["spark.sql.shuffle.partitions", "spark.not.set"]);

        values.Should().Equal(new Dictionary<string, string?> { ["spark.sql.shuffle.partitions"] = "8", ["spark.not.set"] = null });
        var request = server.Requests.Single().Message(ConfigRequest.Parser);
        request.Operation.GetOption.Keys.Should().Equal("spark.sql.shuffle.partitions", "spark.not.set");
        request.SessionId.Should().Be(client.SessionId);
    }

    [Fact]
    public async Task ConfigSetAsync_Pairs_SendsASetOperation()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(new ConfigResponse()));
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString()));

        var warnings = await client.ConfigSetAsync([KeyValuePair.Create("spark.sql.ansi.enabled", "false"), KeyValuePair.Create("a", "b")]);

        warnings.Should().BeEmpty();
        server.Requests.Single().Message(ConfigRequest.Parser).Operation.Set.Pairs.Should().Equal(
            new KeyValue { Key = "spark.sql.ansi.enabled", Value = "false" },
            new KeyValue { Key = "a", Value = "b" });
    }

    // Answers like Spark: a SQL command returns its relation; executing a relation returns the Arrow rows; AnalyzePlan the version.
    private static Task SparkLike(FakeCall call, Relation returned, byte[] arrow)
    {
        if (call.Request.Method == "AnalyzePlan")
        {
            return call.WriteAsync(new AnalyzePlanResponse { SparkVersion = new AnalyzePlanResponse.Types.SparkVersion { Version = "3.5.1" } });
        }

        var request = call.Request.Message(ExecutePlanRequest.Parser);
        return request.Plan.OpTypeCase == Plan.OpTypeOneofCase.Command
            ? call.WriteAsync(new ExecutePlanResponse
            {
                OperationId = request.OperationId,
                SqlCommandResult = new ExecutePlanResponse.Types.SqlCommandResult { Relation = returned },
            })
            : call.WriteAsync(Batch(arrow, rows: 1));
    }

    private static ExecutePlanResponse Batch(byte[] arrowStream, int rows) => new()
    {
        OperationId = "op",
        ArrowBatch = new ExecutePlanResponse.Types.ArrowBatch { RowCount = rows, Data = ByteString.CopyFrom(arrowStream) },
    };

    // One non-null int32 column named "answer" holding one value.
    private static byte[] IntStream(int value) =>
        TestArrowStreamWriter.Stream([Field("answer", false, TypeInt, Int(32, signed: true))], 1, [(1, 0)], [[], Int32s(value)]);

    // Splits an Arrow stream into one stream per record batch (schema + batch + end marker), as Spark sends them.
    private static List<byte[]> SplitPerBatch(byte[] stream)
    {
        var reader = new IpcMessageReader(stream);
        reader.TryRead(out _).Should().BeTrue();
        var schemaEnd = reader.Position;
        var streams = new List<byte[]>();
        for (var start = schemaEnd; reader.TryRead(out _); start = reader.Position)
        {
            streams.Add([.. stream[..schemaEnd], .. stream[start..reader.Position], .. EndOfStream]);
        }

        return streams;
    }

    private static IEnumerable<object?[]> ExpectedRows(IntegrationJsonExpectation expectation)
    {
        var fields = expectation.Fields.EnumerateArray().ToList();
        foreach (var batch in expectation.Batches.EnumerateArray())
        {
            var columns = batch.GetProperty("columns").EnumerateArray().ToList();
            for (var row = 0; row < batch.GetProperty("count").GetInt32(); row++)
            {
                yield return fields.Select((field, c) => Comparable(IntegrationJsonExpectation.Value(field, columns[c], row))).ToArray();
            }
        }
    }

    private static object?[] ComparableRow(IReadOnlyList<object?> row) => row.Select(Comparable).ToArray();

    // Byte arrays compare by content.
    private static object? Comparable(object? value) => value is byte[] bytes ? Convert.ToHexString(bytes) : value;
}
