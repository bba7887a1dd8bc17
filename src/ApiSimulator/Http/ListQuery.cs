using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>A request's query options with DummyJSON's parsing, validation and messages.</summary>
/// <remarks>
/// DummyJSON checks <c>Number(value)</c> for validity and then keeps <c>parseInt(value, 10)</c>, so
/// "1e3" is accepted as 1 and an empty value becomes NaN (modelled as <see langword="null"/>).
/// </remarks>
internal sealed class ListQuery
{
    private ListQuery()
    {
    }

    /// <summary>parseInt of limit; null is JavaScript's NaN.</summary>
    public int? Limit { get; private init; }

    /// <summary>parseInt of skip; null is JavaScript's NaN.</summary>
    public int? Skip { get; private init; }

    /// <summary>"id" followed by the requested fields, or null when select is absent.</summary>
    public IReadOnlyList<string>? Select { get; private init; }

    public string? SortBy { get; private init; }

    /// <summary>"asc" or "desc" when <see cref="SortBy"/> is set.</summary>
    public string? Order { get; private init; }

    public string SearchText { get; private init; } = string.Empty;

    /// <summary>Milliseconds to wait before answering (DummyJSON's <c>delay</c>).</summary>
    public int DelayMilliseconds { get; private init; }

    /// <summary>Parses the query or returns DummyJSON's 400 message.</summary>
    public static ListQuery? TryParse(IQueryCollection query, out string? error)
    {
        error = null;
        var limitText = Single(query, "limit") ?? "30";
        var skipText = Single(query, "skip") ?? "0";
        if (!IsJavaScriptNumber(query["limit"].Count > 1 ? null : limitText))
        {
            error = "Invalid 'limit' - must be a number";
            return null;
        }

        if (!IsJavaScriptNumber(query["skip"].Count > 1 ? null : skipText))
        {
            error = "Invalid 'skip' - must be a number";
            return null;
        }

        var delay = 0;
        if (Single(query, "delay") is { Length: > 0 } delayText)
        {
            if (!IsJavaScriptNumber(delayText))
            {
                error = "Delay must be a number in milliseconds";
                return null;
            }

            var delayValue = double.Parse(delayText.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            if (delayValue > 5000)
            {
                error = "Delay cannot be greater than 5 seconds";
                return null;
            }

            if (delayValue < 0)
            {
                error = "Delay cannot be less than 0";
                return null;
            }

            delay = ParseInt(delayText) ?? 0;
        }

        var sortBy = Single(query, "sortBy");
        var order = Single(query, "order");
        if (!string.IsNullOrEmpty(sortBy))
        {
            order = string.IsNullOrEmpty(order) ? "asc" : order.ToLowerInvariant();
            if (order is not ("asc" or "desc"))
            {
                error = "Order can be: 'asc' or 'desc'";
                return null;
            }
        }

        return new ListQuery
        {
            Limit = ParseInt(limitText),
            Skip = ParseInt(skipText),
            Select = ParseSelect(query["select"]),
            SortBy = string.IsNullOrEmpty(sortBy) ? null : sortBy,
            Order = string.IsNullOrEmpty(sortBy) ? null : order,
            SearchText = (Single(query, "q") ?? string.Empty).Trim().ToLowerInvariant().Replace('-', ' '),
            DelayMilliseconds = delay,
        };
    }

    /// <summary>
    /// The [start, start + count) window of <paramref name="total"/> records, exactly as
    /// DummyJSON's <c>slice(skip)</c> then <c>limit === 0 || limit &gt; length ? all : slice(0, limit)</c>.
    /// </summary>
    public (int Start, int Count) Window(int total)
    {
        var start = Skip is > 0 ? Math.Min(Skip.Value, total) : 0;
        var remaining = total - start;
        var count = Limit switch
        {
            null => 0,                                    // slice(0, NaN) is empty
            0 => remaining,
            > 0 => Math.Min(Limit.Value, remaining),
            _ => Math.Max(0, remaining + Limit.Value),    // slice(0, -n) drops the last n
        };
        return (start, count);
    }

    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    private static List<string>? ParseSelect(StringValues values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        // An array (?select=a&select=b) is taken as is; a string is split on commas; "id" always comes first.
        var fields = new List<string> { "id" };
        foreach (var value in values)
        {
            foreach (var field in values.Count > 1 ? [value ?? string.Empty] : (value ?? string.Empty).Split(','))
            {
                if (!fields.Contains(field))
                {
                    fields.Add(field);
                }
            }
        }

        return fields;
    }

    /// <summary>JavaScript's <c>!Number.isNaN(Number(text))</c>.</summary>
    internal static bool IsJavaScriptNumber(string? text)
    {
        if (text is null)
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed is "Infinity" or "+Infinity" or "-Infinity")
        {
            return true;
        }

        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("0b", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("0o", StringComparison.OrdinalIgnoreCase))
        {
            var radix = char.ToLowerInvariant(trimmed[1]) switch { 'x' => 16, 'b' => 2, _ => 8 };
            return trimmed.Length > 2 && trimmed[2..].All(c => Uri.IsHexDigit(c) && Convert.ToInt32(c.ToString(), 16) < radix);
        }

        // .NET also accepts "NaN" and "∞", which JavaScript's Number() does not; digits and exponents only.
        return trimmed.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')
            && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }

    /// <summary>JavaScript's <c>parseInt(text, 10)</c>, clamped to int; null for NaN.</summary>
    internal static int? ParseInt(string text)
    {
        var span = text.AsSpan().TrimStart();
        var negative = false;
        if (span.Length > 0 && span[0] is '+' or '-')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits]))
        {
            digits++;
        }

        if (digits == 0)
        {
            return null;
        }

        long value = 0;
        foreach (var c in span[..digits])
        {
            value = Math.Min((value * 10) + (c - '0'), (long)int.MaxValue + 1);
        }

        return (int)Math.Clamp(negative ? -value : value, int.MinValue, int.MaxValue);
    }
}
