using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Lakehouse.Bronze.Http;

/// <summary>
/// GETs a URL and hands the complete body to a parser, retrying with exponential backoff and jitter on
/// 408, 429 and 5xx, timeouts, connection errors and unusable bodies; honours Retry-After (seconds or
/// HTTP-date) and caps the total time spent waiting. Other 4xx fail at once.
/// </summary>
internal sealed class ResilientFetcher
{
    private readonly HttpClient _client;
    private readonly RetryOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<double> _jitter;
    private readonly IReadOnlyDictionary<string, string> _headers;
    private long _waitedTicks;

    /// <summary>The largest body seen so far: bodies without a Content-Length start in a buffer this big.</summary>
    private int _sizeHint = 64 * 1024;

    /// <param name="client">The client; its own timeout should be infinite (attempts have their own).</param>
    /// <param name="options">Retry and limit settings.</param>
    /// <param name="headers">Headers for every request, credentials included (never logged).</param>
    /// <param name="time">The clock for timeouts, Retry-After dates and delays.</param>
    /// <param name="jitter">A source of numbers in [0, 1) that spreads retries of parallel clients.</param>
    public ResilientFetcher(HttpClient client, RetryOptions options, IReadOnlyDictionary<string, string> headers, TimeProvider time, Func<double> jitter)
    {
        _client = client;
        _options = options;
        _headers = headers;
        _time = time;
        _jitter = jitter;
    }

    /// <summary>Raised before each retry: the URL, the attempt that failed (1-based), the delay, and why.</summary>
    public event Action<Uri, int, TimeSpan, string>? Retrying;

    /// <summary>Total time spent waiting between attempts so far (shared by every request of this fetcher).</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    /// <summary>
    /// Fetches <paramref name="url"/> and returns what <paramref name="parse"/> makes of a 2xx response. The
    /// response's pooled body is returned after <paramref name="parse"/> unless it took it (<see cref="FetchedResponse.TakeBody"/>).
    /// </summary>
    public async Task<T> GetAsync<T>(Uri url, Func<FetchedResponse, T> parse, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            TimeSpan? retryAfter = null;
            try
            {
                using var response = await FetchOnceAsync(url, cancellationToken);
                var status = (int)response.Status;
                if (status is >= 200 and < 300)
                {
                    return parse(response);
                }

                if (!IsRetryable(response.Status))
                {
                    throw new BronzeException($"GET {url} returned {status} {response.Status}{MessageOf(response)}; this is not retried.");
                }

                reason = $"HTTP {status}";
                retryAfter = response.RetryAfter;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                reason = $"no complete response within {_options.AttemptTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
            }
            catch (Exception e) when (e is HttpRequestException or IOException or BadResponseException)
            {
                reason = e.Message;
            }

            if (attempt > _options.MaxRetries)
            {
                throw new BronzeException($"GET {url} failed after {attempt} attempt(s): {reason}.");
            }

            var delay = retryAfter ?? Backoff(attempt);
            var waited = Interlocked.Add(ref _waitedTicks, delay.Ticks);
            if (TimeSpan.FromTicks(waited) > _options.MaxTotalWait)
            {
                throw new BronzeException(
                    $"GET {url} failed: {reason}; waiting {delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s more would exceed the retry budget of {_options.MaxTotalWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
            }

            Retrying?.Invoke(url, attempt, delay, reason);
            await Task.Delay(delay, _time, cancellationToken);
        }
    }

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string MessageOf(FetchedResponse response)
    {
        // DummyJSON-style errors carry {"message": "..."}; show it, bounded, since it explains the 4xx.
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(response.Body.Memory);
            if (document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message))
            {
                var text = message.ToString();
                return ": " + (text.Length > 200 ? text[..200] + "…" : text);
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return string.Empty;
    }

    /// <summary>Exponential backoff with "equal jitter": half fixed, half random, so parallel clients spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        var capped = Math.Min(exponential, RetryOptions.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (capped / 2 * _jitter()));
    }

    private async Task<FetchedResponse> FetchOnceAsync(Uri url, CancellationToken cancellationToken)
    {
        using var attempt = new CancellationTokenSource(_options.AttemptTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        var length = response.Content.Headers.ContentLength;
        if (length > _options.MaxResponseBytes)
        {
            throw new BronzeException($"GET {url} announced {length} bytes, more than the limit of {_options.MaxResponseBytes}; raise http.maxResponseBytes or use a smaller page size.");
        }

        var body = await ReadBoundedAsync(response.Content, url, linked.Token);

        return new FetchedResponse(
            url,
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null,
            body,
            RetryAfterOf(response.Headers.RetryAfter));
    }

    /// <summary>
    /// Reads the body straight into one pooled buffer (of the announced size, or of the largest body seen so far,
    /// doubled when outgrown) so that validation can run over contiguous bytes with no further copy.
    /// </summary>
    private async Task<PooledBody> ReadBoundedAsync(HttpContent content, Uri url, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var announced = content.Headers.ContentLength; // already checked against the limit
        var limit = (int)Math.Min(_options.MaxResponseBytes, Array.MaxLength);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(announced ?? Volatile.Read(ref _sizeHint), limit));
        var filled = 0;
        try
        {
            while (true)
            {
                // The rented array may be larger than asked for: never read past the announced length or the limit.
                var end = (int)Math.Min(Math.Min(buffer.Length, limit), announced ?? long.MaxValue);
                if (filled == end)
                {
                    if (announced is not null)
                    {
                        break;
                    }

                    if (end == limit)
                    {
                        // Full to the limit: only the end of the stream is acceptable now.
                        if (await stream.ReadAsync(new byte[1], cancellationToken) > 0)
                        {
                            throw new BronzeException($"GET {url} sent more than the limit of {_options.MaxResponseBytes} bytes; raise http.maxResponseBytes or use a smaller page size.");
                        }

                        break;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    continue;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(filled, end - filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            if (announced is { } expected && filled < expected)
            {
                throw new IOException($"the body ended after {filled} of {expected} bytes");
            }

            // Remember the size with some slack, so that the next page rarely outgrows its first buffer.
            var hint = (int)Math.Min(filled + (filled / 8L), limit);
            if (hint > Volatile.Read(ref _sizeHint))
            {
                Volatile.Write(ref _sizeHint, hint);
            }

            var body = new PooledBody(buffer, filled, pooled: true);
            buffer = null;
            return body;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private TimeSpan? RetryAfterOf(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
