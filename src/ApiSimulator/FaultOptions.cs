using System.Globalization;

namespace Lakehouse.ApiSimulator;

/// <summary>
/// When a fault fires. Requests matching a rule are numbered 1, 2, 3, ... in arrival order; request n
/// fires when n &lt;= <see cref="FirstRequests"/>, or when a hash of (seed, rule, fault, n) falls below
/// <see cref="Rate"/>. Both are deterministic for a given seed and arrival order.
/// </summary>
/// <param name="Rate">The fraction of requests that fail, in [0, 1]. Default 0.</param>
/// <param name="FirstRequests">The first N matching requests all fail ("fail the next N"). Default 0.</param>
public sealed record FaultTrigger(double Rate = 0, int FirstRequests = 0)
{
    /// <summary>A trigger that never fires (the default of every fault).</summary>
    public static FaultTrigger Never { get; } = new();

    /// <summary>Fires on every request.</summary>
    public static FaultTrigger Always { get; } = new(Rate: 1);

    /// <summary>Fires on the first <paramref name="count"/> requests only.</summary>
    public static FaultTrigger First(int count) => new(FirstRequests: count);

    internal bool CanFire => Rate > 0 || FirstRequests > 0;

    internal void Validate(string name)
    {
        if (double.IsNaN(Rate) || Rate is < 0 or > 1)
        {
            throw SimulatorOptions.Invalid(name + ".Rate", Rate, "must be a fraction between 0 and 1");
        }

        if (FirstRequests < 0)
        {
            throw SimulatorOptions.Invalid(name + ".FirstRequests", FirstRequests, "must not be negative");
        }
    }
}

/// <summary>The two forms of the Retry-After header (RFC 9110 section 10.2.3).</summary>
public enum RetryAfterFormat
{
    /// <summary><c>Retry-After: 2</c> (delay in whole seconds).</summary>
    Seconds,

    /// <summary><c>Retry-After: Sat, 21 Nov 2026 20:00:02 GMT</c> (an IMF-fixdate).</summary>
    HttpDate,
}

/// <summary>How a truncated body is cut.</summary>
public enum TruncationMode
{
    /// <summary>Content-Length promises the whole body, half is sent, then the connection closes (client: IOException).</summary>
    ContentLengthMismatch,

    /// <summary>A chunked body stops after half, without the final chunk, and the connection closes (client: IOException).</summary>
    ChunkedCutOff,

    /// <summary>A well-framed response whose JSON stops halfway (client: JSON parse failure).</summary>
    IncompleteJson,
}

/// <summary>What a missing page looks like.</summary>
public enum MissingPageMode
{
    /// <summary>404 with <c>{"message": "..."}</c>.</summary>
    NotFound,

    /// <summary>200 with an empty record array while <c>total</c> still says there are more.</summary>
    Empty,
}

/// <summary>
/// One fault rule: which requests it applies to and which faults it injects. All faults are off by
/// default. When several fire on one request, the first in this order wins: rate limit (429),
/// server error (5xx), missing page, non-JSON content type, connection reset, truncation.
/// Latency and total drift combine with any of them.
/// </summary>
public sealed record FaultOptions
{
    /// <summary>
    /// The paths this rule applies to: a path prefix on segment boundaries ("/products" matches
    /// "/products" and "/products/1", not "/productsX"). Default <see langword="null"/>: every path.
    /// </summary>
    public string? PathPrefix { get; init; }

    /// <summary>Answer with <see cref="ServerErrorStatusCode"/>. Default never.</summary>
    public FaultTrigger ServerErrors { get; init; } = FaultTrigger.Never;

    /// <summary>The status of injected server errors, 500-599. Default 503.</summary>
    public int ServerErrorStatusCode { get; init; } = 503;

    /// <summary>Answer 429 with a Retry-After header. Default never.</summary>
    public FaultTrigger RateLimit { get; init; } = FaultTrigger.Never;

    /// <summary>The wait announced by Retry-After; whole seconds are sent (rounded up). Default 1 second.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The form of the Retry-After header. Default <see cref="RetryAfterFormat.Seconds"/>.</summary>
    public RetryAfterFormat RetryAfterFormat { get; init; } = RetryAfterFormat.Seconds;

    /// <summary>A fixed delay before every matching response. Default zero.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    /// <summary>Send the headers and half the body, then abort the connection. Default never.</summary>
    public FaultTrigger ConnectionReset { get; init; } = FaultTrigger.Never;

    /// <summary>Send a truncated body (see <see cref="TruncationMode"/>). Default never.</summary>
    public FaultTrigger Truncation { get; init; } = FaultTrigger.Never;

    /// <summary>How truncated bodies are cut. Default <see cref="TruncationMode.ContentLengthMismatch"/>.</summary>
    public TruncationMode TruncationMode { get; init; } = TruncationMode.ContentLengthMismatch;

    /// <summary>Answer 200 with an HTML page (text/html), as a misconfigured proxy does. Default never.</summary>
    public FaultTrigger NonJsonContentType { get; init; } = FaultTrigger.Never;

    /// <summary>
    /// After this many matching requests, list envelopes report <c>total</c> larger by
    /// <see cref="TotalDriftAmount"/> (the records themselves do not change). Default <see langword="null"/>: off.
    /// </summary>
    public int? TotalDriftAfterRequests { get; init; }

    /// <summary>How much <c>total</c> grows once drift starts. Default 10.</summary>
    public int TotalDriftAmount { get; init; } = 10;

    /// <summary>The <c>skip</c> offset whose list page is missing. Default <see langword="null"/>: none.</summary>
    public int? MissingPageSkip { get; init; }

    /// <summary>What the missing page returns. Default <see cref="MissingPageMode.NotFound"/>.</summary>
    public MissingPageMode MissingPageMode { get; init; } = MissingPageMode.NotFound;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (PathPrefix is not null && !PathPrefix.StartsWith('/'))
        {
            throw SimulatorOptions.Invalid(nameof(PathPrefix), PathPrefix, "must start with '/'");
        }

        ArgumentNullException.ThrowIfNull(ServerErrors, nameof(ServerErrors));
        ArgumentNullException.ThrowIfNull(RateLimit, nameof(RateLimit));
        ArgumentNullException.ThrowIfNull(ConnectionReset, nameof(ConnectionReset));
        ArgumentNullException.ThrowIfNull(Truncation, nameof(Truncation));
        ArgumentNullException.ThrowIfNull(NonJsonContentType, nameof(NonJsonContentType));
        ServerErrors.Validate(nameof(ServerErrors));
        RateLimit.Validate(nameof(RateLimit));
        ConnectionReset.Validate(nameof(ConnectionReset));
        Truncation.Validate(nameof(Truncation));
        NonJsonContentType.Validate(nameof(NonJsonContentType));
        if (ServerErrorStatusCode is < 500 or > 599)
        {
            throw SimulatorOptions.Invalid(nameof(ServerErrorStatusCode), ServerErrorStatusCode, "must be between 500 and 599");
        }

        if (RetryAfter < TimeSpan.Zero || RetryAfter > TimeSpan.FromDays(1))
        {
            throw SimulatorOptions.Invalid(nameof(RetryAfter), RetryAfter.ToString("c", CultureInfo.InvariantCulture), "must be between zero and one day");
        }

        if (Latency < TimeSpan.Zero || Latency > TimeSpan.FromMinutes(10))
        {
            throw SimulatorOptions.Invalid(nameof(Latency), Latency.ToString("c", CultureInfo.InvariantCulture), "must be between zero and ten minutes");
        }

        if (TotalDriftAfterRequests < 0)
        {
            throw SimulatorOptions.Invalid(nameof(TotalDriftAfterRequests), TotalDriftAfterRequests, "must not be negative");
        }

        if (MissingPageSkip < 0)
        {
            throw SimulatorOptions.Invalid(nameof(MissingPageSkip), MissingPageSkip, "must not be negative");
        }

        if (!Enum.IsDefined(RetryAfterFormat) || !Enum.IsDefined(TruncationMode) || !Enum.IsDefined(MissingPageMode))
        {
            throw new ArgumentException("RetryAfterFormat, TruncationMode and MissingPageMode must be defined enum values.");
        }
    }
}
