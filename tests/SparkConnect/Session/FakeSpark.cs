using Google.Protobuf;
using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Client;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Protocol;
using Lakehouse.SparkConnect.Tests.Client;
using DataType = Lakehouse.SparkConnect.Protocol.DataType;
using StructType = Lakehouse.DataFrame.StructType;

namespace Lakehouse.SparkConnect.Tests.Session;

/// <summary>An error the fake answers a call with, as Spark sends it (status, message and ErrorInfo with the error class).</summary>
internal sealed record FakeSparkError(string ExceptionClass, string ErrorClass, string Message);

/// <summary>
/// A Spark-like responder on <see cref="FakeSparkConnectServer"/>: AnalyzePlan schema requests get <see cref="Schema"/>,
/// ExecutePlan of a relation gets <see cref="Rows"/> as Arrow IPC batches of <see cref="RowsPerBatch"/> rows (written by
/// the project's own <see cref="LocalRelationArrowWriter"/>, decoded by the client under test), commands get what Spark
/// sends for them (a MERGE its metrics row inline as a local relation). Every request is recorded in order.
/// </summary>
internal sealed class FakeSpark : IAsyncDisposable
{
    /// <summary>The columns Delta's MERGE answers with.</summary>
    public static readonly StructType MergeMetricsSchema = new(
    [
        new StructField("num_affected_rows", Lakehouse.DataFrame.DataType.Long),
        new StructField("num_updated_rows", Lakehouse.DataFrame.DataType.Long),
        new StructField("num_deleted_rows", Lakehouse.DataFrame.DataType.Long),
        new StructField("num_inserted_rows", Lakehouse.DataFrame.DataType.Long),
    ]);

    private FakeSparkConnectServer _server = null!;

    /// <summary>The schema every AnalyzePlan schema request is answered with.</summary>
    public StructType Schema { get; set; } = new([]);

    /// <summary>The result every ExecutePlan of a relation is answered with.</summary>
    public (StructType Schema, IReadOnlyList<IReadOnlyList<object?>> Rows) Rows { get; set; } = (new StructType([]), []);

    public int RowsPerBatch { get; set; } = 2;

    /// <summary>Awaited after the first Arrow batch of a result is sent (to prove the client streams).</summary>
    public Task? AfterFirstBatch { get; set; }

    /// <summary>The MERGE statement's result rows: Delta's metrics, or none for a skipped MERGE.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> MergeResult { get; set; } = [];

    /// <summary>When set, a MERGE statement fails with it.</summary>
    public FakeSparkError? MergeError { get; set; }

    /// <summary>How many Config unset requests still fail as unavailable.</summary>
    public int ConfigUnsetFailures { get; set; }

    /// <summary>When set, AnalyzePlan schema requests fail with it.</summary>
    public FakeSparkError? AnalyzeError { get; set; }

    /// <summary>Completed when the client resets a stream (an enumeration stopped early, a cancellation).</summary>
    public Task RequestAborted => _server.RequestAborted.Task;

    /// <summary>Every request as received: the method and the parsed message.</summary>
    public IReadOnlyList<(string Method, IMessage Message)> Requests => [.. _server.Requests.Select(r => (r.Method, Parse(r)))];

    public IReadOnlyList<ExecutePlanRequest> ExecutePlans => [.. Requests.Where(r => r.Method == "ExecutePlan").Select(r => (ExecutePlanRequest)r.Message)];

    public IReadOnlyList<AnalyzePlanRequest> Analyses => [.. Requests.Where(r => r.Method == "AnalyzePlan").Select(r => (AnalyzePlanRequest)r.Message)];

    public static async Task<FakeSpark> StartAsync()
    {
        var fake = new FakeSpark();
        fake._server = await FakeSparkConnectServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>A new Spark-backed session on this server.</summary>
    public LakehouseSession OpenSession() => SparkConnectSession.Create(SparkConnectConnectionString.Parse(_server.ConnectionString(";user_id=tester")));

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>The Spark Connect form of a schema, as Spark's AnalyzePlan sends it.</summary>
    public static DataType ToProto(StructType schema) => SparkConnectTypes.ToProto(schema);

    private static IMessage Parse(RecordedRequest request) => request.Method switch
    {
        "ExecutePlan" => request.Message(ExecutePlanRequest.Parser),
        "AnalyzePlan" => request.Message(AnalyzePlanRequest.Parser),
        "Config" => request.Message(ConfigRequest.Parser),
        _ => throw new InvalidOperationException($"Unexpected method {request.Method}."),
    };

    private static ExecutePlanResponse Batch(string operationId, StructType schema, IReadOnlyList<IReadOnlyList<object?>> rows) => new()
    {
        OperationId = operationId,
        ArrowBatch = new ExecutePlanResponse.Types.ArrowBatch { RowCount = rows.Count, Data = ByteString.CopyFrom(LocalRelationArrowWriter.Write(rows, schema)) },
    };

    private static void Fail(FakeCall call, FakeSparkError error) => call.Status(
        (int)GrpcStatusCode.InvalidArgument,
        error.Message,
        RpcStatusWriter.Base64((int)GrpcStatusCode.InvalidArgument, error.Message, error.ExceptionClass, new Dictionary<string, string> { ["errorClass"] = error.ErrorClass }));

    private async Task HandleAsync(FakeCall call)
    {
        switch (call.Request.Method)
        {
            case "AnalyzePlan":
                await AnalyzeAsync(call);
                break;
            case "Config" when call.Request.Message(ConfigRequest.Parser).Operation.OpTypeCase == ConfigRequest.Types.Operation.OpTypeOneofCase.Unset
                && ConfigUnsetFailures > 0:
                ConfigUnsetFailures--;
                call.Status((int)GrpcStatusCode.FailedPrecondition, "the fake refuses this unset");
                break;
            case "Config":
                await call.WriteAsync(new ConfigResponse { SessionId = call.Request.Message(ConfigRequest.Parser).SessionId });
                break;
            default:
                await ExecuteAsync(call);
                break;
        }
    }

    private async Task AnalyzeAsync(FakeCall call)
    {
        var request = call.Request.Message(AnalyzePlanRequest.Parser);
        switch (request.AnalyzeCase)
        {
            case AnalyzePlanRequest.AnalyzeOneofCase.Schema when AnalyzeError is { } error:
                Fail(call, error);
                break;
            case AnalyzePlanRequest.AnalyzeOneofCase.Schema:
                await call.WriteAsync(new AnalyzePlanResponse { SessionId = request.SessionId, Schema = new AnalyzePlanResponse.Types.Schema { Schema_ = ToProto(Schema) } });
                break;
            case AnalyzePlanRequest.AnalyzeOneofCase.Explain:
                await call.WriteAsync(new AnalyzePlanResponse { Explain = new AnalyzePlanResponse.Types.Explain { ExplainString = "== Physical Plan ==\nfake" } });
                break;
            case AnalyzePlanRequest.AnalyzeOneofCase.Persist:
                await call.WriteAsync(new AnalyzePlanResponse { Persist = new AnalyzePlanResponse.Types.Persist() });
                break;
            case AnalyzePlanRequest.AnalyzeOneofCase.Unpersist:
                await call.WriteAsync(new AnalyzePlanResponse { Unpersist = new AnalyzePlanResponse.Types.Unpersist() });
                break;
            default:
                call.Status((int)GrpcStatusCode.Unimplemented, $"the fake does not answer {request.AnalyzeCase}");
                break;
        }
    }

    private async Task ExecuteAsync(FakeCall call)
    {
        var request = call.Request.Message(ExecutePlanRequest.Parser);
        var id = request.OperationId;
        if (request.Plan.OpTypeCase == Plan.OpTypeOneofCase.Root)
        {
            // As Spark: the schema first, then one Arrow IPC stream per batch, then the metrics.
            var (schema, rows) = Rows;
            await call.WriteAsync(new ExecutePlanResponse { OperationId = id, Schema = ToProto(schema) });
            for (var start = 0; start < rows.Count; start += RowsPerBatch)
            {
                await call.WriteAsync(Batch(id, schema, [.. rows.Skip(start).Take(RowsPerBatch)]));
                if (start == 0 && AfterFirstBatch is not null)
                {
                    await AfterFirstBatch.WaitAsync(TimeSpan.FromSeconds(30), call.Aborted);
                }
            }

            await call.WriteAsync(new ExecutePlanResponse { OperationId = id, Metrics = new ExecutePlanResponse.Types.Metrics() });
            return;
        }

        var command = request.Plan.Command;
        if (command.CommandTypeCase == Command.CommandTypeOneofCase.SqlCommand)
        {
            // Spark runs a command eagerly and sends its rows back inline as a local relation (Arrow IPC data).
            var isMerge = command.SqlCommand.Sql.StartsWith("MERGE", StringComparison.Ordinal);
            if (isMerge && MergeError is { } error)
            {
                Fail(call, error);
                return;
            }

            var schema = isMerge ? MergeMetricsSchema : new StructType([]);
            var rows = isMerge ? MergeResult : [];
            await call.WriteAsync(new ExecutePlanResponse
            {
                OperationId = id,
                SqlCommandResult = new ExecutePlanResponse.Types.SqlCommandResult
                {
                    Relation = new Relation { LocalRelation = new LocalRelation { Data = ByteString.CopyFrom(LocalRelationArrowWriter.Write(rows, schema)) } },
                },
            });
        }

        await call.WriteAsync(new ExecutePlanResponse { OperationId = id, ResultComplete = new ExecutePlanResponse.Types.ResultComplete() });
    }
}
