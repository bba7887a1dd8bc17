using System.Globalization;
using System.Reflection;
using Lakehouse.SparkConnect.Arrow;
using Lakehouse.SparkConnect.Client.Grpc;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Client;

/// <summary>
/// A Spark Connect client (Spark 3.5+ and Databricks) over gRPC on HTTP/2, with one Spark session per client.
/// </summary>
/// <remarks>
/// <para>Every call carries the session id, the user context and <see cref="ClientType"/>; each
/// <c>ExecutePlan</c> gets a new operation id. Failures raise <see cref="SparkConnectException"/>;
/// cancellation raises <see cref="OperationCanceledException"/> and resets the HTTP/2 stream.</para>
/// <para>Retries (up to <see cref="SparkConnectClientOptions.MaxRetries"/>, with doubling backoff) happen only
/// where sending the request again cannot repeat work: <c>AnalyzePlan</c> and <c>Config</c> are retried after
/// <see cref="GrpcStatusCode.Unavailable"/>; <c>ExecutePlan</c> of a query is retried after
/// <see cref="GrpcStatusCode.Unavailable"/> only before its first response message; <c>ExecutePlan</c> of a
/// command (SQL, writes) only when the connection could not be opened, so the request never left the client.
/// A retry reuses the operation id, so a server that did receive the first attempt rejects the second rather than
/// running it twice.</para>
/// <para>One client may serve concurrent calls (they share HTTP/2 connections). Executions are not reattachable:
/// a dropped stream fails the call instead of resuming it.</para>
/// </remarks>
public sealed class SparkConnectClient : IAsyncDisposable
{
    private readonly GrpcTransport _transport;
    private readonly UserContext _userContext;
    private bool _disposed;

    /// <summary>Creates a client; no connection is opened until the first call.</summary>
    /// <param name="connection">Where and how to connect, for example <c>SparkConnectConnectionString.Parse("sc://localhost")</c>.</param>
    /// <param name="options">Transport settings; defaults when null.</param>
    public SparkConnectClient(SparkConnectConnectionString connection, SparkConnectClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new SparkConnectClientOptions();
        options.Validate();

        Connection = connection;
        SessionId = (connection.SessionId ?? Guid.NewGuid()).ToString("D");
        ClientType = connection.UserAgent is null ? LakehouseAgent : $"{connection.UserAgent} {LakehouseAgent}";
        _userContext = new UserContext { UserId = connection.UserId ?? Environment.UserName };
        var userAgent = string.Create(CultureInfo.InvariantCulture, $"{ClientType} dotnet/{Environment.Version}");
        _transport = new GrpcTransport(connection, userAgent, options);
    }

    /// <summary>The connection settings (its <see cref="SparkConnectConnectionString.ToString"/> hides the token).</summary>
    public SparkConnectConnectionString Connection { get; }

    /// <summary>The Spark session id (a UUID) sent with every request.</summary>
    public string SessionId { get; }

    /// <summary>The <c>client_type</c> sent with every request: <c>lakehouse/&lt;version&gt;</c>, after the connection's user agent if any.</summary>
    public string ClientType { get; }

    private static string LakehouseAgent { get; } = "lakehouse/" + LibraryVersion();

    /// <summary>Runs a plan and streams the server's responses (Arrow batches, SQL command results, metrics, ...).</summary>
    /// <param name="plan">A relation (query) or a command.</param>
    /// <param name="cancellationToken">Cancels the call and resets its HTTP/2 stream.</param>
    /// <exception cref="SparkConnectException">The call failed.</exception>
    public IAsyncEnumerable<ExecutePlanResponse> ExecutePlanAsync(Plan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = new ExecutePlanRequest
        {
            SessionId = SessionId,
            UserContext = _userContext,
            ClientType = ClientType,
            OperationId = Guid.NewGuid().ToString("D"),
            Plan = plan,
        };
        var policy = plan.OpTypeCase == Plan.OpTypeOneofCase.Root ? GrpcRetryPolicy.BeforeFirstMessage : GrpcRetryPolicy.RequestNotSent;
        return _transport.ServerStreamingAsync("ExecutePlan", request, ExecutePlanResponse.Parser, policy, cancellationToken);
    }

    /// <summary>Executes a relation and collects every Arrow batch of the result into rows.</summary>
    /// <param name="relation">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="SparkConnectException">The call failed, or a batch's row count disagrees with its Arrow data.</exception>
    /// <exception cref="ArrowFormatException">A batch is not a valid Arrow IPC stream.</exception>
    /// <exception cref="ArrowNotSupportedException">A batch uses an Arrow feature the reader refuses.</exception>
    public async Task<SparkRows> CollectAsync(Relation relation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relation);
        ArrowSchema? schema = null;
        DataType? sparkSchema = null;
        var rows = new List<IReadOnlyList<object?>>();
        var batchNumber = 0;
        await foreach (var response in ExecutePlanAsync(new Plan { Root = relation }, cancellationToken).ConfigureAwait(false))
        {
            sparkSchema ??= response.Schema;
            if (response.ResponseTypeCase != ExecutePlanResponse.ResponseTypeOneofCase.ArrowBatch)
            {
                continue;
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"operation {response.OperationId} Arrow batch {batchNumber++}");
            var reader = new ArrowStreamReader(response.ArrowBatch.Data.Memory, name);
            schema ??= reader.Schema;
            EnsureSameColumns(schema, reader.Schema, name);
            var added = SparkRows.AddRows(rows, reader);
            if (added != response.ArrowBatch.RowCount)
            {
                throw new SparkConnectException("ExecutePlan", GrpcStatusCode.Internal, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name} declares {response.ArrowBatch.RowCount} rows but its Arrow data holds {added}."));
            }
        }

        return new SparkRows(schema, sparkSchema, rows);
    }

    /// <summary>
    /// Runs <c>spark.sql(sql)</c>: the server runs commands (DDL, DML) eagerly and returns a relation, which is then
    /// collected into rows.
    /// </summary>
    /// <param name="sql">One SQL statement. Never splice untrusted values into it.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="SparkConnectException">A call failed, or the server returned no relation for the SQL.</exception>
    public async Task<SparkRows> SqlAsync(string sql, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var plan = new Plan { Command = new Command { SqlCommand = new SqlCommand { Sql = sql } } };
        Relation? relation = null;
        await foreach (var response in ExecutePlanAsync(plan, cancellationToken).ConfigureAwait(false))
        {
            if (response.ResponseTypeCase == ExecutePlanResponse.ResponseTypeOneofCase.SqlCommandResult)
            {
                relation = response.SqlCommandResult.Relation;
            }
        }

        return relation is null
            ? throw new SparkConnectException("ExecutePlan", GrpcStatusCode.Internal, "the server answered the SQL command without a sql_command_result.")
            : await CollectAsync(relation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends an AnalyzePlan request; the session id, user context and client type are filled in.</summary>
    /// <param name="request">The request with one analysis (schema, explain, Spark version, ...) set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="SparkConnectException">The call failed.</exception>
    public Task<AnalyzePlanResponse> AnalyzeAsync(AnalyzePlanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var filled = request.Clone();
        filled.SessionId = SessionId;
        filled.UserContext = _userContext;
        filled.ClientType = ClientType;
        return _transport.UnaryAsync("AnalyzePlan", filled, AnalyzePlanResponse.Parser, cancellationToken);
    }

    /// <summary>The server's Spark version, for example <c>3.5.1</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> GetSparkVersionAsync(CancellationToken cancellationToken = default)
    {
        var response = await AnalyzeAsync(
            new AnalyzePlanRequest { SparkVersion = new AnalyzePlanRequest.Types.SparkVersion() }, cancellationToken).ConfigureAwait(false);
        return RequireResult(response, AnalyzePlanResponse.ResultOneofCase.SparkVersion).SparkVersion.Version;
    }

    /// <summary>The schema Spark resolves for a relation.</summary>
    /// <param name="relation">The query.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<DataType> GetSchemaAsync(Relation relation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var response = await AnalyzeAsync(
            new AnalyzePlanRequest { Schema = new AnalyzePlanRequest.Types.Schema { Plan = new Plan { Root = relation } } },
            cancellationToken).ConfigureAwait(false);
        return RequireResult(response, AnalyzePlanResponse.ResultOneofCase.Schema).Schema.Schema_;
    }

    /// <summary>Spark's explain output for a relation.</summary>
    /// <param name="relation">The query.</param>
    /// <param name="mode">The explain mode; simple by default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> ExplainAsync(
        Relation relation,
        AnalyzePlanRequest.Types.Explain.Types.ExplainMode mode = AnalyzePlanRequest.Types.Explain.Types.ExplainMode.Simple,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relation);
        var response = await AnalyzeAsync(
            new AnalyzePlanRequest { Explain = new AnalyzePlanRequest.Types.Explain { Plan = new Plan { Root = relation }, ExplainMode = mode } },
            cancellationToken).ConfigureAwait(false);
        return RequireResult(response, AnalyzePlanResponse.ResultOneofCase.Explain).Explain.ExplainString;
    }

    /// <summary>Sends a Config request; the session id, user context and client type are filled in.</summary>
    /// <param name="operation">The config operation (set, get, get-option, unset, ...).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<ConfigResponse> ConfigAsync(ConfigRequest.Types.Operation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var request = new ConfigRequest { SessionId = SessionId, UserContext = _userContext, ClientType = ClientType, Operation = operation };
        return _transport.UnaryAsync("Config", request, ConfigResponse.Parser, cancellationToken);
    }

    /// <summary>The session's values for the keys, null where a key is unset (Spark's <c>GetOption</c>).</summary>
    /// <param name="keys">Configuration keys, for example <c>spark.sql.shuffle.partitions</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyDictionary<string, string?>> ConfigGetAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var getOption = new ConfigRequest.Types.GetOption { Keys = { keys } };
        var response = await ConfigAsync(new ConfigRequest.Types.Operation { GetOption = getOption }, cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var pair in response.Pairs)
        {
            values[pair.Key] = pair.HasValue ? pair.Value : null;
        }

        return values;
    }

    /// <summary>The session's value for one key, or null when it is unset.</summary>
    /// <param name="key">A configuration key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string?> ConfigGetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var values = await ConfigGetAsync([key], cancellationToken).ConfigureAwait(false);
        return values.GetValueOrDefault(key);
    }

    /// <summary>Sets session configuration values.</summary>
    /// <param name="pairs">Keys and values.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's warnings (for example about deprecated keys).</returns>
    public async Task<IReadOnlyList<string>> ConfigSetAsync(
        IEnumerable<KeyValuePair<string, string>> pairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var set = new ConfigRequest.Types.Set();
        set.Pairs.AddRange(pairs.Select(pair => new KeyValue { Key = pair.Key, Value = pair.Value }));
        var response = await ConfigAsync(new ConfigRequest.Types.Operation { Set = set }, cancellationToken).ConfigureAwait(false);
        return response.Warnings;
    }

    /// <summary>Sets one session configuration value.</summary>
    /// <param name="key">A configuration key.</param>
    /// <param name="value">Its value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's warnings.</returns>
    public Task<IReadOnlyList<string>> ConfigSetAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return ConfigSetAsync([KeyValuePair.Create(key, value)], cancellationToken);
    }

    /// <summary>Unsets session configuration values (back to their defaults).</summary>
    /// <param name="keys">Configuration keys.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server's warnings.</returns>
    public async Task<IReadOnlyList<string>> ConfigUnsetAsync(IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var unset = new ConfigRequest.Types.Unset { Keys = { keys } };
        var response = await ConfigAsync(new ConfigRequest.Types.Operation { Unset = unset }, cancellationToken).ConfigureAwait(false);
        return response.Warnings;
    }

    /// <summary>
    /// Checks the server end to end: runs <c>SELECT 1</c>, checks that one row holding 1 comes back, and returns the
    /// server's Spark version (what <c>lakehouse spark ping --remote</c> prints).
    /// </summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <exception cref="SparkConnectException">A call failed, or <c>SELECT 1</c> did not return 1.</exception>
    public async Task<string> PingAsync(CancellationToken cancellationToken = default)
    {
        var result = await SqlAsync("SELECT 1", cancellationToken).ConfigureAwait(false);
        if (result.Rows is not [[var value]] || !IsOne(value))
        {
            throw new SparkConnectException("ExecutePlan", GrpcStatusCode.Internal, string.Create(
                CultureInfo.InvariantCulture, $"SELECT 1 returned {result.Rows.Count} row(s) instead of one row holding 1."));
        }

        return await GetSparkVersionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the HTTP connections. The Spark session stays on the server until it expires.</summary>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _transport.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsOne(object? value) => value switch
    {
        int i => i == 1,
        long l => l == 1,
        _ => false,
    };

    private static AnalyzePlanResponse RequireResult(AnalyzePlanResponse response, AnalyzePlanResponse.ResultOneofCase expected) =>
        response.ResultCase == expected
            ? response
            : throw new SparkConnectException("AnalyzePlan", GrpcStatusCode.Internal, $"the server answered with {response.ResultCase} instead of {expected}.");

    private static void EnsureSameColumns(ArrowSchema first, ArrowSchema next, string name)
    {
        if (!first.Fields.Select(field => field.Name).SequenceEqual(next.Fields.Select(field => field.Name), StringComparer.Ordinal))
        {
            throw new SparkConnectException("ExecutePlan", GrpcStatusCode.Internal, $"{name} has different columns from the first batch.");
        }
    }

    private static string LibraryVersion()
    {
        var version = typeof(SparkConnectClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(SparkConnectClient).Assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
