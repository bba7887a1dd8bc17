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

/// <summary>Thrown by an answer callback of <see cref="FakeSpark"/> to answer the call with a Spark error.</summary>
internal sealed class FakeSparkErrorException(FakeSparkError error) : Exception(error.Message)
{
    public FakeSparkError Error { get; } = error;
}

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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _confs = new(StringComparer.Ordinal);
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

    /// <summary>When set, answers each AnalyzePlan schema request for its relation (instead of <see cref="Schema"/>); may throw <see cref="FakeSparkErrorException"/>.</summary>
    public Func<Relation, StructType>? SchemaOf { get; set; }

    /// <summary>When set, answers each ExecutePlan of a relation (instead of <see cref="Rows"/>); may throw <see cref="FakeSparkErrorException"/>.</summary>
    public Func<Relation, (StructType Schema, IReadOnlyList<IReadOnlyList<object?>> Rows)>? RowsOf { get; set; }

    /// <summary>When set, called for each ExecutePlan of a command before it is answered (writes, views, SQL); may throw <see cref="FakeSparkErrorException"/>.</summary>
    public Action<ExecutePlanRequest>? OnCommand { get; set; }

    /// <summary>When set, answers each MERGE statement (instead of <see cref="MergeResult"/>) with Delta's metrics rows.</summary>
    public Func<string, IReadOnlyList<IReadOnlyList<object?>>>? MergeResultOf { get; set; }

    /// <summary>The Spark session confs set and not unset so far (as Config requests left them).</summary>
    public IReadOnlyDictionary<string, string> Confs => _confs;

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

    /// <summary>This server's connection string with the given parameters appended.</summary>
    public string ConnectionString(string parameters = "") => _server.ConnectionString(parameters);

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

    /// <summary>Runs an answer callback; its <see cref="FakeSparkErrorException"/> or any other failure becomes the call's error status.</summary>
    private static bool TryAnswer<T>(FakeCall call, Func<T> answer, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? result)
    {
        try
        {
            result = answer()!;
            return true;
        }
        catch (FakeSparkErrorException e)
        {
            Fail(call, e.Error);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail(call, new FakeSparkError("org.apache.spark.SparkException", "INTERNAL_ERROR", $"the fake's answer failed: {e.GetType().Name}: {e.Message}".ReplaceLineEndings(" ")));
        }

        result = default;
        return false;
    }

    private void RecordConfs(ConfigRequest request)
    {
        var operation = request.Operation;
        if (operation.OpTypeCase == ConfigRequest.Types.Operation.OpTypeOneofCase.Set)
        {
            foreach (var pair in operation.Set.Pairs)
            {
                _confs[pair.Key] = pair.Value;
            }
        }
        else if (operation.OpTypeCase == ConfigRequest.Types.Operation.OpTypeOneofCase.Unset)
        {
            foreach (var key in operation.Unset.Keys)
            {
                _confs.TryRemove(key, out _);
            }
        }
    }

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
                var config = call.Request.Message(ConfigRequest.Parser);
                RecordConfs(config);
                await call.WriteAsync(new ConfigResponse { SessionId = config.SessionId });
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
                var schema = Schema;
                if (SchemaOf is { } schemaOf && !TryAnswer(call, () => schemaOf(request.Schema.Plan.Root), out schema))
                {
                    break;
                }

                await call.WriteAsync(new AnalyzePlanResponse { SessionId = request.SessionId, Schema = new AnalyzePlanResponse.Types.Schema { Schema_ = ToProto(schema) } });
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
            var rowsOf = RowsOf;
            var result = Rows;
            if (rowsOf is not null && !TryAnswer(call, () => rowsOf(request.Plan.Root), out result))
            {
                return;
            }

            var (schema, rows) = result;
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
        if (OnCommand is { } onCommand && !TryAnswer(call, () => { onCommand(request); return true; }, out _))
        {
            return;
        }

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
            IReadOnlyList<IReadOnlyList<object?>>? rows = [];
            if (isMerge && !TryAnswer(call, () => MergeResultOf?.Invoke(command.SqlCommand.Sql) ?? MergeResult, out rows))
            {
                return;
            }

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
