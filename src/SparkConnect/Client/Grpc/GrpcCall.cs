using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Lakehouse.SparkConnect.Client.Grpc;

/// <summary>
/// One HTTP/2 request of a gRPC call: checks the response headers, then yields message bytes until the
/// body ends and the status (from the trailers, or from the headers of a trailers-only response) is OK.
/// Disposing it before the end resets the HTTP/2 stream.
/// </summary>
internal sealed class GrpcCall : IDisposable
{
    private readonly string _method;
    private readonly HttpResponseMessage _response;
    private GrpcFrameReader? _reader;
    private bool _ended;

    private GrpcCall(string method, HttpResponseMessage response)
    {
        _method = method;
        _response = response;
    }

    /// <summary>Whether any response message bytes arrived.</summary>
    public bool HasReadAny => _reader?.HasReadAny ?? false;

    /// <summary>Checks the response headers; throws <see cref="SparkConnectException"/> for an error status.</summary>
    public static async Task<GrpcCall> StartAsync(
        string method, HttpResponseMessage response, int maxMessageSize, CancellationToken cancellationToken)
    {
        var call = new GrpcCall(method, response);
        try
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var code = MapHttpStatus(response.StatusCode);
                throw new SparkConnectException(method, code, string.Create(
                    CultureInfo.InvariantCulture, $"the server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} instead of a gRPC response."));
            }

            // Trailers-only: the status is in the headers and there is no body.
            if (TryGetStatus(response.Headers, out var status))
            {
                call._ended = true;
                ThrowIfError(method, status, response.Headers);
                return call;
            }

            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (contentType is null || !contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
            {
                throw new SparkConnectException(method, GrpcStatusCode.Internal, $"the response content type is '{contentType}', not application/grpc.");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            call._reader = new GrpcFrameReader(body, maxMessageSize);
            return call;
        }
        catch
        {
            call.Dispose();
            throw;
        }
    }

    /// <summary>The next message, or <see langword="null"/> once the call ended with status OK.</summary>
    public async ValueTask<byte[]?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return null;
        }

        var message = await _reader!.ReadMessageAsync(cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            return message;
        }

        _ended = true;
        var trailers = _response.TrailingHeaders;
        if (!TryGetStatus(trailers, out var status))
        {
            throw new SparkConnectException(_method, GrpcStatusCode.Internal, "the response ended without a grpc-status trailer.");
        }

        ThrowIfError(_method, status, trailers);
        return null;
    }

    public void Dispose() => _response.Dispose();

    private static bool TryGetStatus(HttpHeaders headers, out int status)
    {
        status = 0;
        return headers.TryGetValues("grpc-status", out var values)
            && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out status);
    }

    private static void ThrowIfError(string method, int status, HttpHeaders headers)
    {
        if (status == 0)
        {
            return;
        }

        var code = Enum.IsDefined((GrpcStatusCode)status) ? (GrpcStatusCode)status : GrpcStatusCode.Unknown;
        var message = headers.TryGetValues("grpc-message", out var messages) ? PercentDecode(string.Join(",", messages)) : "";
        var details = headers.TryGetValues("grpc-status-details-bin", out var detailValues)
            ? RpcErrorDetails.FromTrailer(detailValues.FirstOrDefault())
            : null;
        throw new SparkConnectException(method, code, message.Length == 0 ? "(no message)" : message, details);
    }

    // grpc-message is percent-encoded UTF-8; a malformed escape is kept as sent rather than losing the message.
    private static string PercentDecode(string value) => Uri.UnescapeDataString(value);

    // gRPC's mapping for responses that are not gRPC (for example a proxy's error page).
    private static GrpcStatusCode MapHttpStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => GrpcStatusCode.Internal,
        HttpStatusCode.Unauthorized => GrpcStatusCode.Unauthenticated,
        HttpStatusCode.Forbidden => GrpcStatusCode.PermissionDenied,
        HttpStatusCode.NotFound => GrpcStatusCode.Unimplemented,
        HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };
}
