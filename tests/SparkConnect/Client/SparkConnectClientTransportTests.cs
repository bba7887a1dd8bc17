using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lakehouse.SparkConnect.Client;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Tests.Client;

public sealed class SparkConnectClientTransportTests
{
    private const string SessionId = "550e8400-e29b-41d4-a716-446655440000";

    private static readonly Plan Query = new() { Root = new Relation { Sql = new SQL { Query = "SELECT 1" } } };

    private static readonly Plan SqlCommandPlan = new() { Command = new Command { SqlCommand = new SqlCommand { Sql = "CREATE TABLE t (x INT)" } } };

    private static readonly SparkConnectClientOptions FastRetries = new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public async Task ExecutePlanAsync_H2c_PostsToTheServicePathWithGrpcHeadersAndMetadata()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(Response("r1")));
        await using var client = Client(server, $";user_id=alice;user_agent=nightly_etl;session_id={SessionId};x-custom-meta=v%20one;x-databricks-cluster-id=c-1");

        var responses = await client.ExecutePlanAsync(Query).ToListAsync();

        responses.Should().ContainSingle().Which.ResponseId.Should().Be("r1");
        var request = server.Requests.Should().ContainSingle().Subject;
        request.Protocol.Should().Be("HTTP/2");
        request.Scheme.Should().Be("http");
        request.Path.Should().Be("/spark.connect.SparkConnectService/ExecutePlan");
        request.Headers["content-type"].Should().Be("application/grpc");
        request.Headers["te"].Should().Be("trailers");
        request.Headers["grpc-accept-encoding"].Should().Be("identity");
        request.Headers["user-agent"].Should().StartWith("nightly_etl lakehouse/0.1.0 dotnet/");
        request.Headers["x-custom-meta"].Should().Be("v one");
        request.Headers["x-databricks-cluster-id"].Should().Be("c-1");
        request.Headers.Should().NotContainKey("authorization").And.NotContainKey("grpc-timeout");

        var message = request.Message(ExecutePlanRequest.Parser);
        message.SessionId.Should().Be(SessionId);
        message.UserContext.UserId.Should().Be("alice");
        message.ClientType.Should().Be("nightly_etl lakehouse/0.1.0");
        Guid.TryParseExact(message.OperationId, "D", out _).Should().BeTrue();
        message.Plan.Should().Be(Query);
    }

    [Fact]
    public async Task ExecutePlanAsync_TwoCalls_ShareTheSessionWithFreshOperationIds()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(Response("r")));
        await using var client = Client(server);

        await client.ExecutePlanAsync(Query).ToListAsync();
        await client.ExecutePlanAsync(Query).ToListAsync();

        var messages = server.Requests.Select(r => r.Message(ExecutePlanRequest.Parser)).ToList();
        messages.Select(m => m.SessionId).Distinct().Should().ContainSingle().Which.Should().Be(client.SessionId);
        Guid.TryParseExact(client.SessionId, "D", out _).Should().BeTrue();
        messages[0].OperationId.Should().NotBe(messages[1].OperationId);
        messages[0].ClientType.Should().Be("lakehouse/0.1.0").And.Be(client.ClientType);
        messages[0].UserContext.UserId.Should().Be(Environment.UserName);
    }

    [Fact]
    public async Task ExecutePlanAsync_MessageSplitAcrossFlushes_IsReassembled()
    {
        var big = Response("split", padding: 70_000);
        var small = Response("after");
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            var bytes = FakeCall.Frame(big);
            // Cut inside the 5-byte header, then inside the message, with pauses so the parts arrive separately.
            foreach (var (start, end) in new[] { (0, 2), (2, 4), (4, 9), (9, 40_000), (40_000, bytes.Length) })
            {
                await call.WriteRawAsync(bytes[start..end]);
                await Task.Delay(20, call.Aborted);
            }

            await call.WriteAsync(small);
        });
        await using var client = Client(server);

        var responses = await client.ExecutePlanAsync(Query).ToListAsync();

        responses.Should().Equal(big, small);
    }

    [Fact]
    public async Task ExecutePlanAsync_SeveralMessagesInOneFlush_AreAllRead()
    {
        var sent = Enumerable.Range(0, 5).Select(i => Response("r" + i, padding: i * 10)).ToList();
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteRawAsync(sent.SelectMany(m => FakeCall.Frame(m)).ToArray()));
        await using var client = Client(server);

        var responses = await client.ExecutePlanAsync(Query).ToListAsync();

        responses.Should().Equal(sent);
    }

    [Fact]
    public async Task ExecutePlanAsync_TrailersOnlyError_ThrowsWithDecodedMessage()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call =>
        {
            call.TrailersOnly(3, "Table%20%60sales%60%20not%20found%3A%20%E2%9C%93");
            return Task.CompletedTask;
        });
        await using var client = Client(server);

        var act = async () => await client.ExecutePlanAsync(Query).ToListAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.InvalidArgument);
        error.ServerMessage.Should().Be("Table `sales` not found: \u2713");
        error.Method.Should().Be("ExecutePlan");
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Be("Spark Connect ExecutePlan failed with InvalidArgument: Table `sales` not found: \u2713");
    }

    [Fact]
    public async Task ConfigGetAsync_MalformedPercentEscapeInGrpcMessage_KeepsItAsSent()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call =>
        {
            call.TrailersOnly(9, "100%25 done %ZZ");
            return Task.CompletedTask;
        });
        await using var client = Client(server);

        var act = () => client.ConfigGetAsync("k");

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.FailedPrecondition);
        error.ServerMessage.Should().Be("100% done %ZZ");
    }

    [Fact]
    public async Task ExecutePlanAsync_ErrorStatusAfterAMessage_DeliversTheMessageThenThrowsWithSparkDetails()
    {
        var details = RpcStatusWriter.Base64(
            3,
            "[TABLE_OR_VIEW_NOT_FOUND] not found",
            "org.apache.spark.sql.AnalysisException",
            new() { ["errorClass"] = "TABLE_OR_VIEW_NOT_FOUND", ["classes"] = "[\"org.apache.spark.sql.AnalysisException\"]" },
            padded: false);
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            await call.WriteAsync(Response("first"));
            call.Status(3, "%5BTABLE_OR_VIEW_NOT_FOUND%5D The table or view `sales` cannot be found.", details);
        });
        await using var client = Client(server);
        var received = new List<ExecutePlanResponse>();

        var act = async () =>
        {
            await foreach (var response in client.ExecutePlanAsync(Query))
            {
                received.Add(response);
            }
        };

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        received.Should().ContainSingle().Which.ResponseId.Should().Be("first");
        error.StatusCode.Should().Be(GrpcStatusCode.InvalidArgument);
        error.ServerMessage.Should().Be("[TABLE_OR_VIEW_NOT_FOUND] The table or view `sales` cannot be found.");
        error.SparkExceptionClass.Should().Be("org.apache.spark.sql.AnalysisException");
        error.ErrorClass.Should().Be("TABLE_OR_VIEW_NOT_FOUND");
        error.ErrorMetadata.Should().ContainKey("classes");
        error.Message.Should().EndWith("[TABLE_OR_VIEW_NOT_FOUND]");
    }

    [Fact]
    public async Task ExecutePlanAsync_CompressedFrame_IsRefusedAsInternal()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteRawAsync(FakeCall.Frame(Response("z"), compressedFlag: 1)));
        await using var client = Client(server);

        var act = async () => await client.ExecutePlanAsync(Query).ToListAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Internal);
        error.ServerMessage.Should().Contain("compressed message").And.Contain("does not accept compression");
    }

    [Fact]
    public async Task ExecutePlanAsync_ResponseWithoutGrpcStatus_FailsAsInternal()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            await call.WriteAsync(Response("r"));
            call.NoStatus();
        });
        await using var client = Client(server);

        var act = async () => await client.ExecutePlanAsync(Query).ToListAsync();

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.ServerMessage.Should().Contain("without a grpc-status trailer");
    }

    [Theory]
    [InlineData(401, GrpcStatusCode.Unauthenticated)]
    [InlineData(403, GrpcStatusCode.PermissionDenied)]
    [InlineData(404, GrpcStatusCode.Unimplemented)]
    [InlineData(500, GrpcStatusCode.Unknown)]
    public async Task AnalyzeAsync_NonGrpcHttpError_MapsTheHttpStatus(int httpStatus, GrpcStatusCode expected)
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call =>
        {
            call.Response.StatusCode = httpStatus;
            call.Response.ContentType = "text/html";
            call.NoStatus();
            return Task.CompletedTask;
        });
        await using var client = Client(server);

        var act = () => client.GetSparkVersionAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(expected);
        error.ServerMessage.Should().Contain($"HTTP {httpStatus}");
        server.Requests.Should().ContainSingle("only UNAVAILABLE is retried");
    }

    [Fact]
    public async Task AnalyzeAsync_UnknownStatusNumber_MapsToUnknown()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call =>
        {
            call.TrailersOnly(99, "odd");
            return Task.CompletedTask;
        });
        await using var client = Client(server);

        var act = () => client.GetSparkVersionAsync();

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Unknown);
    }

    [Fact]
    public async Task AnalyzeAsync_UnaryWithoutAResponseMessage_FailsAsInternal()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(_ => Task.CompletedTask);
        await using var client = Client(server);

        var act = () => client.GetSparkVersionAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Internal);
        error.ServerMessage.Should().Contain("without a response message");
    }

    [Fact]
    public async Task ExecutePlanAsync_CancelledMidStream_ThrowsOperationCanceledAndResetsTheStream()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            await call.WriteAsync(Response("first"));
            await call.HangAsync();
        });
        await using var client = Client(server);
        using var cancellation = new CancellationTokenSource();
        await using var responses = client.ExecutePlanAsync(Query, cancellation.Token).GetAsyncEnumerator();

        (await responses.MoveNextAsync()).Should().BeTrue();
        responses.Current.ResponseId.Should().Be("first");
        var next = responses.MoveNextAsync().AsTask();
        await cancellation.CancelAsync();

        var act = () => next;
        await act.Should().ThrowAsync<OperationCanceledException>();
        await server.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ExecutePlanAsync_EnumerationAbandonedEarly_ResetsTheStream()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            await call.WriteAsync(Response("first"));
            await call.HangAsync();
        });
        await using var client = Client(server);

        await foreach (var _ in client.ExecutePlanAsync(Query))
        {
            break;
        }

        await server.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ExecutePlanAsync_AlreadyCancelled_ThrowsWithoutSending()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.WriteAsync(Response("r")));
        await using var client = Client(server);

        var act = async () => await client.ExecutePlanAsync(Query, new CancellationToken(canceled: true)).ToListAsync();

        await act.Should().ThrowAsync<OperationCanceledException>();
        server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task ConfigGetAsync_CancelledWhileWaiting_ThrowsOperationCanceledAndResetsTheStream()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.HangAsync());
        await using var client = Client(server);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var act = () => client.ConfigGetAsync("spark.app.name", cancellation.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        await server.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task GetSparkVersionAsync_ConcurrentCalls_AllSucceedOnOneClient()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            await Task.Delay(20, call.Aborted);
            await call.WriteAsync(new AnalyzePlanResponse { SparkVersion = new AnalyzePlanResponse.Types.SparkVersion { Version = "3.5.1" } });
        });
        await using var client = Client(server);

        var versions = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetSparkVersionAsync()));

        versions.Should().HaveCount(20).And.OnlyContain(v => v == "3.5.1");
        server.Requests.Should().HaveCount(20);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        var connection = SparkConnectConnectionString.Parse("sc://127.0.0.1");

        var act = () => new SparkConnectClient(connection, new SparkConnectClientOptions { MaxRetries = -1 });

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("MaxRetries");
    }

    [Fact]
    public async Task AnalyzeAsync_DeadlinePasses_ThrowsDeadlineExceededAndSendsGrpcTimeout()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call => call.HangAsync());
        await using var client = Client(server, options: new SparkConnectClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var stopwatch = Stopwatch.StartNew();

        var act = () => client.GetSparkVersionAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        stopwatch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));
        error.StatusCode.Should().Be(GrpcStatusCode.DeadlineExceeded);
        error.ServerMessage.Should().Contain("deadline of 0.3 s");
        var timeout = server.Requests.Should().ContainSingle().Subject.Headers["grpc-timeout"];
        timeout.Should().MatchRegex("^[0-9]{1,8}m$");
        int.Parse(timeout[..^1], CultureInfo.InvariantCulture).Should().BeInRange(1, 300);
        await server.RequestAborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ExecutePlanAsync_DeadlinePassesMidStream_ThrowsDeadlineExceededAfterTheFirstMessage()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            await call.WriteAsync(Response("first"));
            await call.HangAsync();
        });
        await using var client = Client(server, options: new SparkConnectClientOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var received = new List<ExecutePlanResponse>();

        var act = async () =>
        {
            await foreach (var response in client.ExecutePlanAsync(Query))
            {
                received.Add(response);
            }
        };

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.StatusCode.Should().Be(GrpcStatusCode.DeadlineExceeded);
        received.Should().ContainSingle();
    }

    [Fact]
    public async Task ConfigSetAsync_UnavailableTwice_RetriesAndSucceeds()
    {
        var attempts = 0;
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            if (Interlocked.Increment(ref attempts) <= 2)
            {
                call.TrailersOnly(14, "warming up");
                return;
            }

            await call.WriteAsync(new ConfigResponse { SessionId = SessionId, Warnings = { "deprecated" } });
        });
        await using var client = Client(server, options: FastRetries);

        var warnings = await client.ConfigSetAsync("spark.sql.shuffle.partitions", "8");

        warnings.Should().Equal("deprecated");
        server.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Path == "/spark.connect.SparkConnectService/Config");
        server.Requests.Select(r => r.Message(ConfigRequest.Parser)).Distinct().Should().ContainSingle("a retry resends the same request");
    }

    [Fact]
    public async Task AnalyzeAsync_AlwaysUnavailable_GivesUpAfterMaxRetries()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call =>
        {
            call.TrailersOnly(14, "down");
            return Task.CompletedTask;
        });
        await using var client = Client(server, options: new SparkConnectClientOptions { MaxRetries = 2, InitialBackoff = TimeSpan.FromMilliseconds(1) });

        var act = () => client.GetSparkVersionAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        error.IsTransient.Should().BeTrue();
        server.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task ExecutePlanAsync_CommandGetsUnavailable_IsNotRetried()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(call =>
        {
            call.TrailersOnly(14, "down");
            return Task.CompletedTask;
        });
        await using var client = Client(server, options: FastRetries);

        var act = async () => await client.ExecutePlanAsync(SqlCommandPlan).ToListAsync();

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        server.Requests.Should().ContainSingle("a command may have run; it is never sent twice");
    }

    [Fact]
    public async Task ExecutePlanAsync_QueryUnavailableBeforeAnyResponse_IsRetriedWithTheSameOperationId()
    {
        var attempts = 0;
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                call.TrailersOnly(14, "down");
                return;
            }

            await call.WriteAsync(Response("ok"));
        });
        await using var client = Client(server, options: FastRetries);

        var responses = await client.ExecutePlanAsync(Query).ToListAsync();

        responses.Should().ContainSingle().Which.ResponseId.Should().Be("ok");
        server.Requests.Should().HaveCount(2);
        server.Requests.Select(r => r.Message(ExecutePlanRequest.Parser).OperationId).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task ExecutePlanAsync_QueryUnavailableAfterAResponse_IsNotRetried()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(async call =>
        {
            await call.WriteAsync(Response("first"));
            call.Status(14, "lost");
        });
        await using var client = Client(server, options: FastRetries);
        var received = new List<ExecutePlanResponse>();

        var act = async () =>
        {
            await foreach (var response in client.ExecutePlanAsync(Query))
            {
                received.Add(response);
            }
        };

        (await act.Should().ThrowAsync<SparkConnectException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        received.Should().ContainSingle();
        server.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ExecutePlanAsync_NothingListening_FailsAsUnavailable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse($"sc://127.0.0.1:{port}"), FastRetries);

        var act = async () => await client.ExecutePlanAsync(SqlCommandPlan).ToListAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        error.ServerMessage.Should().StartWith("could not connect to the server");
        error.InnerException.Should().BeOfType<HttpRequestException>();
    }

    [Fact]
    public async Task ExecutePlanAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var client = new SparkConnectClient(SparkConnectConnectionString.Parse("sc://127.0.0.1"));
        await client.DisposeAsync();

        var act = () => client.ExecutePlanAsync(Query);

        act.Should().Throw<ObjectDisposedException>();
    }

    private static SparkConnectClient Client(FakeSparkConnectServer server, string parameters = "", SparkConnectClientOptions? options = null) =>
        new(SparkConnectConnectionString.Parse(server.ConnectionString(parameters)), options);

    private static ExecutePlanResponse Response(string responseId, int padding = 0) => new()
    {
        SessionId = SessionId,
        OperationId = new string('o', padding),
        ResponseId = responseId,
    };
}
