using Lakehouse.ApiSimulator.Data;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>What the fault rules decided for one request.</summary>
internal sealed class FaultPlan
{
    public static readonly FaultPlan None = new();

    public TimeSpan Latency { get; set; }

    public FaultOptions? RateLimitedBy { get; set; }

    public int? ServerErrorStatus { get; set; }

    public FaultOptions? MissingPageRule { get; set; }

    public bool NonJson { get; set; }

    public bool Reset { get; set; }

    public TruncationMode? Truncation { get; set; }

    public int TotalDrift { get; set; }

    /// <summary>True when no rule changes anything about the response (so a stored copy may answer it).</summary>
    public bool IsClean =>
        Latency == TimeSpan.Zero && RateLimitedBy is null && ServerErrorStatus is null && MissingPageRule is null
        && !NonJson && !Reset && Truncation is null && TotalDrift == 0;

    /// <summary>True when the response body is written in full first and then sent partially.</summary>
    public bool CutsBody => Reset || Truncation is not null;
}

/// <summary>Decides faults per request from the rules, a seed and per-rule request counters.</summary>
internal sealed class FaultInjector
{
    private readonly FaultOptions[] _rules;
    private readonly long[] _matchedRequests;
    private readonly long _seed;

    public FaultInjector(IReadOnlyList<FaultOptions> rules, long seed)
    {
        _rules = [.. rules];
        _matchedRequests = new long[_rules.Length];
        _seed = seed;
    }

    public FaultPlan Plan(string path)
    {
        if (_rules.Length == 0)
        {
            return FaultPlan.None;
        }

        var plan = new FaultPlan();
        for (var r = 0; r < _rules.Length; r++)
        {
            var rule = _rules[r];
            if (!Matches(rule.PathPrefix, path))
            {
                continue;
            }

            var n = Interlocked.Increment(ref _matchedRequests[r]);
            plan.Latency += rule.Latency;
            if (rule.TotalDriftAfterRequests is { } driftAfter && n > driftAfter)
            {
                plan.TotalDrift += rule.TotalDriftAmount;
            }

            if (plan.MissingPageRule is null && rule.MissingPageSkip is not null)
            {
                plan.MissingPageRule = rule;
            }

            if (plan.RateLimitedBy is null && Fires(rule.RateLimit, r, 1, n))
            {
                plan.RateLimitedBy = rule;
            }

            if (plan.ServerErrorStatus is null && Fires(rule.ServerErrors, r, 2, n))
            {
                plan.ServerErrorStatus = rule.ServerErrorStatusCode;
            }

            plan.NonJson |= Fires(rule.NonJsonContentType, r, 3, n);
            plan.Reset |= Fires(rule.ConnectionReset, r, 4, n);
            if (plan.Truncation is null && Fires(rule.Truncation, r, 5, n))
            {
                plan.Truncation = rule.TruncationMode;
            }
        }

        return plan;
    }

    internal static bool Matches(string? prefix, string path)
    {
        if (prefix is null || prefix == "/")
        {
            return true;
        }

        var trimmed = prefix.TrimEnd('/');
        return path.StartsWith(trimmed, StringComparison.Ordinal)
            && (path.Length == trimmed.Length || path[trimmed.Length] == '/');
    }

    private bool Fires(FaultTrigger trigger, int rule, int fault, long n) =>
        trigger.CanFire
        && (n <= trigger.FirstRequests
            || (trigger.Rate > 0 && SplitMix64.HashToUnit(_seed, (ulong)((rule * 16) + fault + 100), n) < trigger.Rate));
}
