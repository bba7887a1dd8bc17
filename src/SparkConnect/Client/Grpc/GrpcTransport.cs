using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Google.Protobuf;

namespace Lakehouse.SparkConnect.Client.Grpc;

/// <summary>When a failed call may be sent again.</summary>
internal enum GrpcRetryPolicy
{
    /// <summary>Idempotent calls (AnalyzePlan, Config): retry UNAVAILABLE.</summary>
    Idempotent,

    /// <summary>Read-only streams (ExecutePlan of a query): retry UNAVAILABLE until the first message arrives.</summary>
    BeforeFirstMessage,

    /// <summary>Calls with effects (ExecutePlan of a command): retry only when the request was never sent.</summary>
    RequestNotSent,
}

/// <summary>
/// gRPC over HTTP/2 on <see cref="HttpClient"/>: h2c (prior knowledge) without TLS, HTTP/2 over TLS with it.
/// Adds the headers every call carries, enforces deadlines and cancellation, retries what is safe to retry,
/// and turns every failure into <see cref="SparkConnectException"/> (or <see cref="OperationCanceledException"/>).
/// </summary>
internal sealed class GrpcTransport : IDisposable
{
    private const string ServicePath = "/spark.connect.SparkConnectService/";

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _userAgent;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly IReadOnlyDictionary<string, string> _metadata;
    private readonly SparkConnectClientOptions _options;

    public GrpcTransport(SparkConnectConnectionString connection, string userAgent, SparkConnectClientOptions options)
    {
        _options = options;
        _endpoint = connection.Endpoint;
        _userAgent = userAgent;
        _authorization = connection.Token is { } token ? new AuthenticationHeaderValue("Bearer", token) : null;
        _metadata = connection.Metadata;

        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            // Long queries and concurrent calls: open more connections instead of queueing on the server's stream limit.
            EnableMultipleHttp2Connections = true,
        };
        options.ConfigureHandler?.Invoke(handler);
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>A unary call: one request message, one response message.</summary>
    public async Task<TResponse> UnaryAsync<TResponse>(
        string method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var frame = GrpcFraming.Frame(request);
        using var scope = new CallScope(method, _options, cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var call = await StartAsync(method, frame, scope).ConfigureAwait(false);
                var message = await call.ReadAsync(scope.Token).ConfigureAwait(false)
                    ?? throw new SparkConnectException(method, GrpcStatusCode.Internal, "the server ended the call without a response message.");
                if (await call.ReadAsync(scope.Token).ConfigureAwait(false) is not null)
                {
                    throw new SparkConnectException(method, GrpcStatusCode.Internal, "the server sent more than one response message to a unary call.");
                }

                return parser.ParseFrom(message);
            }
            catch (Exception ex) when (scope.Translate(ex) is { } failure)
            {
                if (!ShouldRetry(failure, GrpcRetryPolicy.Idempotent, attempt))
                {
                    Rethrow(ex, failure);
                }
            }

            await scope.BackoffAsync(attempt).ConfigureAwait(false);
        }
    }

    /// <summary>A server-streaming call: one request message, a stream of response messages.</summary>
    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TResponse>(
        string method,
        IMessage request,
        MessageParser<TResponse> parser,
        GrpcRetryPolicy retryPolicy,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var frame = GrpcFraming.Frame(request);
        using var scope = new CallScope(method, _options, cancellationToken);
        var (call, first) = await OpenStreamAsync(method, frame, retryPolicy, scope).ConfigureAwait(false);
        using (call)
        {
            for (var message = first; message is not null; message = await ReadAsync(call, scope).ConfigureAwait(false))
            {
                yield return Parse(parser, message, scope);
            }
        }
    }

    public void Dispose() => _http.Dispose();

    // Starts the call and reads its first message (or its end), retrying failures the policy allows.
    private async Task<(GrpcCall Call, byte[]? First)> OpenStreamAsync(string method, byte[] frame, GrpcRetryPolicy policy, CallScope scope)
    {
        for (var attempt = 0; ; attempt++)
        {
            GrpcCall? call = null;
            try
            {
                call = await StartAsync(method, frame, scope).ConfigureAwait(false);
                return (call, await call.ReadAsync(scope.Token).ConfigureAwait(false));
            }
            catch (Exception ex) when (scope.Translate(ex) is { } failure)
            {
                call?.Dispose();
                if (!ShouldRetry(failure, policy, attempt))
                {
                    Rethrow(ex, failure);
                }
            }

            await scope.BackoffAsync(attempt).ConfigureAwait(false);
        }
    }

    private static async Task<byte[]?> ReadAsync(GrpcCall call, CallScope scope)
    {
        try
        {
            return await call.ReadAsync(scope.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (scope.Translate(ex) is { } failure)
        {
            Rethrow(ex, failure);
            throw;
        }
    }

    // Keeps the original stack trace when the failure is the caught exception itself.
    [DoesNotReturn]
    private static void Rethrow(Exception caught, Exception failure)
    {
        if (ReferenceEquals(caught, failure))
        {
            ExceptionDispatchInfo.Throw(caught);
        }

        throw failure;
    }

    private static TResponse Parse<TResponse>(MessageParser<TResponse> parser, byte[] message, CallScope scope)
        where TResponse : IMessage<TResponse>
    {
        try
        {
            return parser.ParseFrom(message);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw scope.Translate(ex) ?? ex;
        }
    }

    private async Task<GrpcCall> StartAsync(string method, byte[] frame, CallScope scope)
    {
        // Not disposed here: the HTTP/2 request body may still be in flight while the response streams.
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_endpoint, ServicePath + method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.TryAddWithoutValidation("user-agent", _userAgent);
        request.Headers.TryAddWithoutValidation("grpc-accept-encoding", "identity");
        if (scope.Remaining is { } remaining)
        {
            request.Headers.TryAddWithoutValidation("grpc-timeout", GrpcTimeout.Format(remaining));
        }

        request.Headers.Authorization = _authorization;
        foreach (var (name, value) in _metadata)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, scope.Token).ConfigureAwait(false);
        return await GrpcCall.StartAsync(method, response, _options.MaxReceiveMessageSize, scope.Token).ConfigureAwait(false);
    }

    // A failed TLS handshake (untrusted certificate, wrong host name) will fail the same way again.
    private bool ShouldRetry(Exception failure, GrpcRetryPolicy policy, int attempt) =>
        attempt < _options.MaxRetries
        && failure is SparkConnectException { StatusCode: GrpcStatusCode.Unavailable } unavailable
        && unavailable.InnerException is not HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError }
        && (policy != GrpcRetryPolicy.RequestNotSent || unavailable.RequestNotSent);

    /// <summary>The deadline and cancellation of one call (all its attempts), and the translation of its failures.</summary>
    private sealed class CallScope : IDisposable
    {
        private readonly string _method;
        private readonly SparkConnectClientOptions _options;
        private readonly CancellationToken _callerToken;
        private readonly CancellationTokenSource? _deadline;
        private readonly CancellationTokenSource _linked;
        private readonly long _started;

        public CallScope(string method, SparkConnectClientOptions options, CancellationToken callerToken)
        {
            _method = method;
            _options = options;
            _callerToken = callerToken;
            _started = options.TimeProvider.GetTimestamp();
            _deadline = options.Timeout is { } timeout ? new CancellationTokenSource(timeout, options.TimeProvider) : null;
            _linked = _deadline is null
                ? CancellationTokenSource.CreateLinkedTokenSource(callerToken)
                : CancellationTokenSource.CreateLinkedTokenSource(callerToken, _deadline.Token);
        }

        public CancellationToken Token => _linked.Token;

        /// <summary>The time left before the deadline (at least one tick), or null without a deadline.</summary>
        public TimeSpan? Remaining => _options.Timeout is { } timeout
            ? TimeSpan.FromTicks(Math.Max(1, (timeout - _options.TimeProvider.GetElapsedTime(_started)).Ticks))
            : null;

        public Task BackoffAsync(int attempt)
        {
            var delay = TimeSpan.FromTicks(Math.Min(
                _options.MaxBackoff.Ticks,
                _options.InitialBackoff.Ticks * (1L << Math.Min(attempt, 30))));
            return WaitAsync(delay);
        }

        /// <summary>
        /// The exception to throw for a failure of this call: <see cref="OperationCanceledException"/> when the caller
        /// cancelled, otherwise <see cref="SparkConnectException"/>; null for exceptions that are bugs, not call failures.
        /// </summary>
        public Exception? Translate(Exception exception)
        {
            if (_callerToken.IsCancellationRequested)
            {
                // A cancelled read may surface as an I/O error of the reset stream; the caller asked for cancellation.
                return exception is OperationCanceledException
                    ? exception
                    : new OperationCanceledException("The Spark Connect call was cancelled.", exception, _callerToken);
            }

            if (_deadline?.IsCancellationRequested == true
                && exception is OperationCanceledException or SparkConnectException { StatusCode: GrpcStatusCode.Cancelled })
            {
                return new SparkConnectException(_method, GrpcStatusCode.DeadlineExceeded, string.Create(
                    CultureInfo.InvariantCulture, $"the deadline of {_options.Timeout!.Value.TotalSeconds:0.###} s passed before the call completed."));
            }

            return exception switch
            {
                SparkConnectException failure => failure,
                GrpcProtocolException protocol => new SparkConnectException(_method, GrpcStatusCode.Internal, protocol.Message, protocol),
                InvalidProtocolBufferException invalid => new SparkConnectException(
                    _method, GrpcStatusCode.Internal, "a response message is not valid protobuf: " + invalid.Message, invalid),
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } connect => new SparkConnectException(
                    _method, GrpcStatusCode.Unavailable, "could not connect to the server: " + connect.Message, connect) { RequestNotSent = true },
                HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } tls => new SparkConnectException(
                    _method, GrpcStatusCode.Unavailable, "the TLS connection to the server failed: " + tls.Message, tls),
                HttpRequestException http => new SparkConnectException(
                    _method, GrpcStatusCode.Unavailable, "the HTTP/2 request failed: " + http.Message, http),
                IOException io => new SparkConnectException(
                    _method, GrpcStatusCode.Unavailable, "the connection failed while reading the response: " + io.Message, io),
                _ => null,
            };
        }

        private async Task WaitAsync(TimeSpan delay)
        {
            try
            {
                await Task.Delay(delay, _options.TimeProvider, Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (Translate(ex) is { } failure)
            {
                throw failure;
            }
        }

        public void Dispose()
        {
            _linked.Dispose();
            _deadline?.Dispose();
        }
    }
}
