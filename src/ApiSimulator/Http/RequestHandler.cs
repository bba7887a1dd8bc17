using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Lakehouse.ApiSimulator.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>
/// Routes DummyJSON's read endpoints and applies the fault plan. Routing is a hand-written match on
/// path segments: a dozen fixed shapes do not need the routing middleware.
/// </summary>
internal sealed class RequestHandler(IDataSet data, FaultInjector faults, SimulatorCounters counters, TimeProvider time, PageCache? cache = null)
{
    private const string JsonContentType = "application/json; charset=utf-8";
    private const string HtmlMaintenancePage =
        "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We'll be back soon</h1></body></html>";

    /// <summary>How long a cut connection waits before the abort, so the partial body reaches the client.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(200);

    public SimulatorCounters Counters => counters;

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var path = context.Request.Path.Value is { Length: > 0 } value ? value : "/";
        counters.RecordRequest(path);
        var plan = faults.Plan(path);
        if (plan.Latency > TimeSpan.Zero)
        {
            await Task.Delay(plan.Latency, time, ct).ConfigureAwait(false);
        }

        var reply = await RouteAsync(context, path, plan, ct).ConfigureAwait(false);
        if (reply is null)
        {
            return;
        }

        if (reply.Value.IsFault)
        {
            counters.RecordFault();
        }

        context.Response.StatusCode = reply.Value.Status;
        context.Response.ContentType = JsonContentType;

        // Only successful answers are cut: a 429 or 5xx already is the fault the client must handle.
        if (plan.CutsBody && reply.Value.Status == StatusCodes.Status200OK)
        {
            counters.RecordFault();
            await SendCutBodyAsync(context, reply.Value, plan, ct).ConfigureAwait(false);
            return;
        }

        if (cache is not null && plan.IsClean && reply.Value.Status == StatusCodes.Status200OK && !reply.Value.IsFault
            && await TrySendCachedAsync(context, cache, reply.Value, ct).ConfigureAwait(false))
        {
            return;
        }

        await using var body = JsonBody.ToPipe(context.Response.BodyWriter);
        await reply.Value.Write(body, ct).ConfigureAwait(false);
        await body.CompleteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the stored copy of this page, rendering and storing it first while the cache has room; false (nothing
    /// sent) when the page is not stored and the cache is full, so that it is streamed as usual.
    /// </summary>
    private static async Task<bool> TrySendCachedAsync(HttpContext context, PageCache cache, Reply reply, CancellationToken ct)
    {
        var key = context.Request.Path.Value + context.Request.QueryString.Value;
        if (!cache.TryGet(key, out var page))
        {
            if (!cache.HasRoom)
            {
                return false;
            }

            page = (await RenderAsync(reply, ct).ConfigureAwait(false)).WrittenSpan.ToArray();
            cache.TryAdd(key, page);
        }

        context.Response.ContentLength = page.Length;
        await context.Response.Body.WriteAsync(page, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>The whole body of a reply, in memory (to store it, or to cut it).</summary>
    private static async Task<ArrayBufferWriter<byte>> RenderAsync(Reply reply, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>();
        await using (var body = JsonBody.ToBuffer(buffer))
        {
            await reply.Write(body, ct).ConfigureAwait(false);
            await body.CompleteAsync(ct).ConfigureAwait(false);
        }

        return buffer;
    }

    /// <summary>The reply for a request, or null when the response was already written (HTML page, redirect).</summary>
    private async ValueTask<Reply?> RouteAsync(HttpContext context, string path, FaultPlan plan, CancellationToken ct)
    {
        if (plan.RateLimitedBy is { } rateLimit)
        {
            context.Response.Headers.RetryAfter = RetryAfterValue(rateLimit);
            return Reply.Message(StatusCodes.Status429TooManyRequests, "request limit exceeded, please wait a few seconds", isFault: true);
        }

        if (plan.ServerErrorStatus is { } status)
        {
            return Reply.Message(status, ReasonPhrases.GetReasonPhrase(status), isFault: true);
        }

        if (plan.NonJson)
        {
            counters.RecordFault();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(HtmlMaintenancePage, ct).ConfigureAwait(false);
            return null;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return Reply.Message(StatusCodes.Status405MethodNotAllowed, "The simulator serves GET requests only");
        }

        // DummyJSON redirects "/products/" to "/products" (301) before anything else.
        if (path.Length > 1 && path.EndsWith('/'))
        {
            context.Response.Redirect(path.TrimEnd('/') + context.Request.QueryString, permanent: true);
            return null;
        }

        var query = ListQuery.TryParse(context.Request.Query, out var error);
        if (query is null)
        {
            return Reply.Message(StatusCodes.Status400BadRequest, error!);
        }

        if (query.DelayMilliseconds > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(query.DelayMilliseconds), time, ct).ConfigureAwait(false);
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return (segments.Length > 0 ? Resource(segments[0]) : null, segments.Length) switch
        {
            ("products", 1) => List("products", data.Products, null, query, plan, selectAndSort: true),
            ("products", 2) when segments[1] == "categories" => Categories(),
            ("products", 2) when segments[1] == "category-list" => CategoryList(),
            ("products", 2) when segments[1] == "search" => List("products", data.Products, Search(query.SearchText), query, plan, selectAndSort: true),
            ("products", 2) => ById(data.Products, segments[1], "Product", query.Select),
            ("products", 3) when segments[1] == "category" => List("products", data.Products, InCategory(segments[2]), query, plan, selectAndSort: true),
            ("carts", 1) => List("carts", data.Carts, null, query, plan, selectAndSort: false),
            ("carts", 2) => ById(data.Carts, segments[1], "Cart", select: null),
            ("carts", 3) when segments[1] == "user" => CartsOfUser(segments[2], query, plan),
            ("users", 1) => List("users", data.Users, null, query, plan, selectAndSort: true),
            ("users", 2) => VerifyUser(segments[1], out var userIndex) ?? Reply.Record(data.Users, userIndex, query.Select),
            ("users", 3) when segments[2] == "carts" => CartsOfUser(segments[1], query, plan),
            _ => Reply.Message(StatusCodes.Status404NotFound, "Not found"),
        };
    }

    /// <summary>DummyJSON answers on both the singular and the plural resource name.</summary>
    private static string? Resource(string segment) => segment switch
    {
        "products" or "product" => "products",
        "carts" or "cart" => "carts",
        "users" or "user" => "users",
        _ => null,
    };

    private Reply List(string name, IRecordSource source, int[]? indices, ListQuery query, FaultPlan plan, bool selectAndSort)
    {
        var total = indices?.Length ?? source.Count;
        if (selectAndSort && query.SortBy is not null)
        {
            indices = RecordSorter.Sort(source, indices ?? Enumerable.Range(0, total).ToArray(), query.SortBy, query.Order == "desc");
        }

        var select = selectAndSort ? query.Select : null;
        var (start, count) = query.Window(total);
        if (plan.MissingPageRule is { } missing && query.Skip == missing.MissingPageSkip)
        {
            if (missing.MissingPageMode == MissingPageMode.NotFound)
            {
                return Reply.Message(
                    StatusCodes.Status404NotFound,
                    string.Create(CultureInfo.InvariantCulture, $"Page with skip '{query.Skip}' not found"),
                    isFault: true);
            }

            count = 0;
        }

        var reportedTotal = total + plan.TotalDrift;
        return new Reply(StatusCodes.Status200OK, async (body, ct) =>
        {
            var writer = body.Writer;
            writer.WriteStartObject();
            writer.WriteStartArray(name);
            for (var position = start; position < start + count; position++)
            {
                var index = indices?[position] ?? position;
                if (select is null)
                {
                    source.WriteRecord(index, writer);
                }
                else
                {
                    Projection.Write(source.GetElement(index), select, writer);
                }

                await body.FlushIfLargeAsync(ct).ConfigureAwait(false);
            }

            writer.WriteEndArray();
            writer.WriteNumber("total"u8, reportedTotal);
            if (query.Skip is { } skip)
            {
                writer.WriteNumber("skip"u8, skip);
            }
            else
            {
                writer.WriteNull("skip"u8);
            }

            writer.WriteNumber("limit"u8, count);
            writer.WriteEndObject();
        }, IsFault: plan.MissingPageRule is { } rule && query.Skip == rule.MissingPageSkip);
    }

    private static Reply ById(IRecordSource source, string idText, string noun, IReadOnlyList<string>? select)
    {
        var index = source.FindById(idText);
        return index < 0
            ? Reply.Message(StatusCodes.Status404NotFound, $"{noun} with id '{idText}' not found")
            : Reply.Record(source, index, select);
    }

    /// <summary>DummyJSON's verifyUserHandler: 400 for a non-number, 404 for an unknown id.</summary>
    private Reply? VerifyUser(string idText, out int userIndex)
    {
        userIndex = -1;
        if (!ListQuery.IsJavaScriptNumber(idText))
        {
            return Reply.Message(StatusCodes.Status400BadRequest, $"Invalid user id '{idText}'");
        }

        userIndex = data.Users.FindById(idText);
        return userIndex < 0 ? Reply.Message(StatusCodes.Status404NotFound, $"User with id '{idText}' not found") : null;
    }

    private Reply CartsOfUser(string idText, ListQuery query, FaultPlan plan)
    {
        if (VerifyUser(idText, out _) is { } error)
        {
            return error;
        }

        var userId = long.Parse(idText, CultureInfo.InvariantCulture);
        var carts = new List<int>();
        for (var i = 0; i < data.Carts.Count; i++)
        {
            if (data.UserIdOf(i) == userId)
            {
                carts.Add(i);
            }
        }

        return List("carts", data.Carts, carts.ToArray(), query, plan, selectAndSort: false);
    }

    private int[] InCategory(string slug)
    {
        var matches = new List<int>();
        for (var i = 0; i < data.Products.Count; i++)
        {
            if (string.Equals(data.CategoryOf(i), slug, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add(i);
            }
        }

        return matches.ToArray();
    }

    private int[] Search(string text)
    {
        var matches = new List<int>();
        for (var i = 0; i < data.Products.Count; i++)
        {
            var product = data.Products.GetElement(i);
            if (Contains(product, "title", text) || Contains(product, "description", text))
            {
                matches.Add(i);
            }
        }

        return matches.ToArray();

        static bool Contains(JsonElement product, string field, string text) =>
            product.ValueKind == JsonValueKind.Object
            && product.TryGetProperty(field, out var value)
            && value.ValueKind == JsonValueKind.String
            && value.GetString()!.ToLowerInvariant().Contains(text, StringComparison.Ordinal);
    }

    private Reply CategoryList() => new(StatusCodes.Status200OK, (body, _) =>
    {
        body.Writer.WriteStartArray();
        foreach (var slug in data.CategoryList)
        {
            body.Writer.WriteStringValue(slug);
        }

        body.Writer.WriteEndArray();
        return ValueTask.CompletedTask;
    });

    /// <summary>DummyJSON's <c>{slug, name, url}</c> objects; the url is DummyJSON's own, as the real API sends it.</summary>
    private Reply Categories() => new(StatusCodes.Status200OK, (body, _) =>
    {
        var writer = body.Writer;
        writer.WriteStartArray();
        foreach (var slug in data.CategoryList)
        {
            writer.WriteStartObject();
            writer.WriteString("slug"u8, slug);
            writer.WriteString("name"u8, CategoryName(slug));
            writer.WriteString("url"u8, "https://dummyjson.com/products/category/" + slug);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        return ValueTask.CompletedTask;
    });

    /// <summary>"home-decoration" becomes "Home Decoration" (DummyJSON's capitalizeWords).</summary>
    internal static string CategoryName(string slug) => string.Join(
        ' ', slug.Split('-').Select(word => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]));

    private string RetryAfterValue(FaultOptions rule)
    {
        var seconds = (long)Math.Ceiling(rule.RetryAfter.TotalSeconds);
        if (rule.RetryAfterFormat == RetryAfterFormat.Seconds)
        {
            return seconds.ToString(CultureInfo.InvariantCulture);
        }

        // An HTTP-date has whole seconds: round the moment up so the client never waits less than asked.
        var now = time.GetUtcNow();
        var at = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)).AddSeconds(seconds + (now.Ticks % TimeSpan.TicksPerSecond == 0 ? 0 : 1));
        return at.ToString("R", CultureInfo.InvariantCulture);
    }

    private async Task SendCutBodyAsync(HttpContext context, Reply reply, FaultPlan plan, CancellationToken ct)
    {
        var whole = (await RenderAsync(reply, ct).ConfigureAwait(false)).WrittenMemory;
        var half = whole[..(whole.Length / 2)];
        var mode = plan.Reset ? TruncationMode.ChunkedCutOff : plan.Truncation!.Value;
        if (mode == TruncationMode.IncompleteJson)
        {
            context.Response.ContentLength = half.Length;
            await context.Response.Body.WriteAsync(half, ct).ConfigureAwait(false);
            return;
        }

        if (mode == TruncationMode.ContentLengthMismatch)
        {
            context.Response.ContentLength = whole.Length;
        }

        await context.Response.Body.WriteAsync(half, ct).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        // Real time on purpose: this paces the socket, and a test's manual clock must not stall it.
        await Task.Delay(AbortGrace, ct).ConfigureAwait(false);
        context.Abort();
    }
}
