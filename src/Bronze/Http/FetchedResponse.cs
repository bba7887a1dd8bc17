using System.Buffers;
using System.Net;

namespace Lakehouse.Bronze.Http;

/// <summary>A complete response body, read within the size limit, with the headers ingestion uses.</summary>
internal sealed class FetchedResponse(Uri url, HttpStatusCode status, string? contentType, string? linkHeader, PooledBody body, TimeSpan? retryAfter) : IDisposable
{
    public Uri Url { get; } = url;

    public HttpStatusCode Status { get; } = status;

    public string? ContentType { get; } = contentType;

    public string? LinkHeader { get; } = linkHeader;

    /// <summary>The body; owned by this response until <see cref="TakeBody"/> hands it on.</summary>
    public PooledBody Body { get; private set; } = body;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Transfers the body to the caller, who then returns it to the pool (by disposing it).</summary>
    public PooledBody TakeBody()
    {
        var body = Body;
        Body = PooledBody.Empty;
        return body;
    }

    public void Dispose() => TakeBody().Dispose();
}

/// <summary>
/// A body read into an array rented from the shared pool, so that a run of a thousand 1 MB pages reuses a
/// handful of buffers instead of allocating (and zeroing, and collecting) a gigabyte. Dispose returns it.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    public static readonly PooledBody Empty = new([], 0, pooled: false);

    private byte[] _array;
    private bool _pooled;

    public PooledBody(byte[] array, int length, bool pooled)
    {
        _array = array;
        Length = length;
        _pooled = pooled;
    }

    public int Length { get; }

    /// <summary>The body's bytes; the owner may rewrite them in place (see <c>RecordExtractor.ToNdjsonInPlace</c>).</summary>
    public Memory<byte> Memory => _array.AsMemory(0, Length);

    public void Dispose()
    {
        if (_pooled)
        {
            _pooled = false;
            var array = _array;
            _array = [];
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
