using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Lakehouse.SparkConnect.Tests.Client;

/// <summary>One request as the fake server received it: path, headers (lowercase names) and the decoded frames.</summary>
internal sealed record RecordedRequest(
    string Protocol, string Scheme, string Path, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<byte[]> Messages)
{
    public string Method => Path[(Path.LastIndexOf('/') + 1)..];

    public T Message<T>(MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(Messages.Should().ContainSingle().Subject);
}

/// <summary>
/// An in-process Spark Connect server on Kestrel (127.0.0.1, a free port, HTTP/2 only: h2c, or TLS with a given
/// certificate). It records every request and answers with whatever the test's handler writes.
/// </summary>
internal sealed class FakeSparkConnectServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<FakeCall, Task> _handler;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeSparkConnectServer(WebApplication app, Func<FakeCall, Task> handler)
    {
        _app = app;
        _handler = handler;
    }

    public int Port { get; private set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Aborted when the client resets a stream (cancellation, deadline, early dispose).</summary>
    public TaskCompletionSource RequestAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<FakeSparkConnectServer> StartAsync(Func<FakeCall, Task> handler, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new FakeSparkConnectServer(app, handler);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Port = new Uri(app.Urls.Single()).Port;
        return server;
    }

    /// <summary>A connection string for this server with the given parameters appended.</summary>
    public string ConnectionString(string parameters = "") => $"sc://127.0.0.1:{Port}/{parameters}";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.RequestAborted.Register(() => RequestAborted.TrySetResult());
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var request = new RecordedRequest(context.Request.Protocol, context.Request.Scheme, context.Request.Path.Value!, headers, Deframe(body.ToArray()));
        _requests.Enqueue(request);

        var call = new FakeCall(context, request);
        try
        {
            await _handler(call);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        call.Finish();
    }

    // An independent decoder of the request frames, so the tests do not trust the client's framing code.
    private static List<byte[]> Deframe(byte[] body)
    {
        var messages = new List<byte[]>();
        for (var position = 0; position < body.Length;)
        {
            body[position].Should().Be(0, "the client never compresses");
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(position + 1, 4));
            messages.Add(body.AsSpan(position + 5, length).ToArray());
            position += 5 + length;
        }

        return messages;
    }
}

/// <summary>The response side of one call on the fake server.</summary>
internal sealed class FakeCall
{
    private readonly HttpContext _context;
    private bool _statusSent;

    public FakeCall(HttpContext context, RecordedRequest request)
    {
        _context = context;
        Request = request;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/grpc";
    }

    public RecordedRequest Request { get; }

    public HttpResponse Response => _context.Response;

    public CancellationToken Aborted => _context.RequestAborted;

    public static byte[] Frame(IMessage message, byte compressedFlag = 0)
    {
        var bytes = message.ToByteArray();
        var frame = new byte[5 + bytes.Length];
        frame[0] = compressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>Writes one framed message and flushes it.</summary>
    public Task WriteAsync(IMessage message) => WriteRawAsync(Frame(message));

    /// <summary>Writes bytes as they are and flushes them (one or more HTTP/2 DATA frames).</summary>
    public async Task WriteRawAsync(byte[] bytes)
    {
        await _context.Response.Body.WriteAsync(bytes, Aborted);
        await _context.Response.Body.FlushAsync(Aborted);
    }

    /// <summary>Ends the call with a status in the trailers.</summary>
    public void Status(int code, string? message = null, string? detailsBin = null)
    {
        _statusSent = true;
        _context.Response.AppendTrailer("grpc-status", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message is not null)
        {
            _context.Response.AppendTrailer("grpc-message", message);
        }

        if (detailsBin is not null)
        {
            _context.Response.AppendTrailer("grpc-status-details-bin", detailsBin);
        }
    }

    /// <summary>Ends the call with a trailers-only response: the status is in the headers and there is no body.</summary>
    public void TrailersOnly(int code, string? message = null)
    {
        _statusSent = true;
        _context.Response.Headers["grpc-status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (message is not null)
        {
            _context.Response.Headers["grpc-message"] = message;
        }
    }

    /// <summary>Marks the call as answered without any status (for protocol-violation tests).</summary>
    public void NoStatus() => _statusSent = true;

    /// <summary>Waits until the client resets the stream (or a safety timeout passes).</summary>
    public async Task HangAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(30), Aborted);
    }

    internal void Finish()
    {
        if (!_statusSent)
        {
            Status(0);
        }
    }
}
