using Lakehouse.Common.Configuration;

namespace Lakehouse.Bronze.Http;

/// <summary>How one source's requests are timed out and retried (from its <see cref="HttpConfig"/>).</summary>
internal sealed record RetryOptions
{
    /// <summary>Backoff never exceeds this, whatever the attempt number.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    public int MaxRetries { get; init; } = 5;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    public TimeSpan MaxTotalWait { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public long MaxResponseBytes { get; init; } = 256L * 1024 * 1024;

    public static RetryOptions From(HttpConfig http) => new()
    {
        MaxRetries = http.MaxRetries,
        BaseDelay = TimeSpan.FromSeconds(http.BaseDelaySeconds),
        MaxTotalWait = TimeSpan.FromSeconds(http.MaxTotalWaitSeconds),
        AttemptTimeout = TimeSpan.FromSeconds(http.TimeoutSeconds),
        MaxResponseBytes = http.MaxResponseBytes,
    };
}
