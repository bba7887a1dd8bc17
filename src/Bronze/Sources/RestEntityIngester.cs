using System.Globalization;
using Lakehouse.Bronze.Http;
using Lakehouse.Bronze.Json;
using Lakehouse.Bronze.Landing;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Bronze.Sources;

/// <summary>Pages through one REST entity and writes every record, raw, into the batch.</summary>
internal sealed class RestEntityIngester
{
    private const int MaxDriftRestarts = 1;

    private readonly SourceConfig _source;
    private readonly EntityConfig _entity;
    private readonly ResilientFetcher _fetcher;
    private readonly Action<int, long> _pageFetched;

    public RestEntityIngester(SourceConfig source, EntityConfig entity, ResilientFetcher fetcher, Action<int, long> pageFetched)
    {
        _source = source;
        _entity = entity;
        _fetcher = fetcher;
        _pageFetched = pageFetched;
    }

    private Uri EntityUrl => new(_source.BaseUrl!.TrimEnd('/') + _entity.Path, UriKind.Absolute);

    public async Task<IngestStats> IngestAsync(BatchWriter writer, CancellationToken cancellationToken)
    {
        var pagination = _entity.Pagination;
        switch (pagination.Style)
        {
            case PaginationStyle.Offset:
                for (var restarts = 0; ; restarts++)
                {
                    writer.Begin();
                    try
                    {
                        return await IngestOffsetAsync(writer, restarts, cancellationToken);
                    }
                    catch (TotalDriftException drift) when (restarts < MaxDriftRestarts)
                    {
                        _ = drift; // the collection changed under us: start over once, from a clean batch
                    }
                    catch (TotalDriftException drift)
                    {
                        throw new BronzeException(
                            $"The total of {EntityUrl} kept changing while it was read ({drift.Message}), even after a restart; nothing was landed. Re-run when the source is stable.");
                    }
                }

            case PaginationStyle.Page:
                writer.Begin();
                return await IngestPagesAsync(writer, cancellationToken);
            case PaginationStyle.Link:
                writer.Begin();
                return await IngestLinksAsync(writer, cancellationToken);
            default:
                writer.Begin();
                var counter = new RecordCounter();
                var page = await FetchPageAsync(EntityUrl, cancellationToken);
                Write(writer, counter, page);
                return new IngestStats(EntityUrl.ToString(), counter.Pages, counter.Records, counter.Duplicates, null, 0);
        }
    }

    private async Task<IngestStats> IngestOffsetAsync(BatchWriter writer, int restarts, CancellationToken cancellationToken)
    {
        var pagination = _entity.Pagination;
        var size = pagination.PageSize;
        var counter = new RecordCounter();
        var first = await FetchPageAsync(OffsetUrl(0, size), cancellationToken);
        var total = first.Total ?? throw new BronzeException($"{OffsetUrl(0, size)} has no \"{pagination.TotalField}\" field, which offset pagination needs; check pagination.totalField or use another style.");
        CheckPage(first, 0, size, total);
        Write(writer, counter, first);

        // The remaining offsets are known from the total: fetch them a window at a time, in parallel,
        // and write each window in order so that the batch keeps the API's order.
        var offsets = new List<long>();
        for (long skip = size; skip < total; skip += size)
        {
            offsets.Add(skip);
        }

        // The next window is fetched while the current one is written, so the network and the disk overlap.
        var windows = offsets.Chunk(_source.Http.Concurrency).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<ExtractedPage[]> FetchWindow(long[] window) => Task.WhenAll(window.Select(skip => FetchPageAsync(OffsetUrl(skip, size), stop.Token)));
        var next = windows.Count > 0 ? FetchWindow(windows[0]) : null;
        try
        {
            for (var w = 0; w < windows.Count; w++)
            {
                var pages = await next!;
                next = w + 1 < windows.Count ? FetchWindow(windows[w + 1]) : null;
                var window = windows[w];
                for (var i = 0; i < window.Length; i++)
                {
                    if (pages[i].Total != total)
                    {
                        throw new TotalDriftException($"{total} at the first page, {pages[i].Total?.ToString(CultureInfo.InvariantCulture) ?? "none"} at skip={window[i]}");
                    }

                    CheckPage(pages[i], window[i], size, total);
                    Write(writer, counter, pages[i]);
                }
            }
        }
        finally
        {
            if (next is not null)
            {
                // Failed part-way: stop the window in flight and observe its outcome, which no longer matters.
                await stop.CancelAsync();
                await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }

        return new IngestStats(OffsetUrl(0, size).ToString(), counter.Pages, counter.Records, counter.Duplicates, total, restarts);
    }

    /// <summary>A page with fewer records than the total promises is a missing page, never the end.</summary>
    private void CheckPage(ExtractedPage page, long skip, int size, long total)
    {
        var expected = Math.Min(size, Math.Max(0, total - skip));
        if (page.Records.Count != expected)
        {
            throw new BronzeException(
                $"{OffsetUrl(skip, size)} returned {page.Records.Count} record(s) where the total of {total} promises {expected}; a page is missing or short, so nothing was landed.");
        }
    }

    private async Task<IngestStats> IngestPagesAsync(BatchWriter writer, CancellationToken cancellationToken)
    {
        var pagination = _entity.Pagination;
        var counter = new RecordCounter();
        for (var number = pagination.FirstPage; ; number++)
        {
            var page = await FetchPageAsync(WithQuery(EntityUrl, (pagination.PageParameter, number), (pagination.SizeParameter, pagination.PageSize)), cancellationToken);
            Write(writer, counter, page);
            if (page.Records.Count < pagination.PageSize)
            {
                return new IngestStats(EntityUrl.ToString(), counter.Pages, counter.Records, counter.Duplicates, null, 0);
            }
        }
    }

    private async Task<IngestStats> IngestLinksAsync(BatchWriter writer, CancellationToken cancellationToken)
    {
        var counter = new RecordCounter();
        var seen = new HashSet<Uri>();
        for (Uri? url = EntityUrl; url is not null;)
        {
            if (!seen.Add(url))
            {
                throw new BronzeException($"The next link of {EntityUrl} returns to {url}, a page already read; stopping rather than looping.");
            }

            var page = await FetchPageAsync(url, cancellationToken);
            Write(writer, counter, page);
            url = NextUrl(url, page);
        }

        return new IngestStats(EntityUrl.ToString(), counter.Pages, counter.Records, counter.Duplicates, null, 0);
    }

    private Uri? NextUrl(Uri current, ExtractedPage page)
    {
        var next = page.Next ?? (_entity.Pagination.NextField is null ? LinkHeaderNext(page) : null);
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        var url = new Uri(current, next);
        var origin = EntityUrl;
        if (url.Scheme != origin.Scheme || url.Host != origin.Host || url.Port != origin.Port)
        {
            throw new BronzeException($"The next link of {EntityUrl} points to another origin ({url.GetLeftPart(UriPartial.Authority)}); only links on the source's own host are followed.");
        }

        return url;
    }

    private static string? LinkHeaderNext(ExtractedPage page) => page.LinkHeader is null ? null : LinkHeader.Next(page.LinkHeader);

    private Task<ExtractedPage> FetchPageAsync(Uri url, CancellationToken cancellationToken) =>
        _fetcher.GetAsync(
            url,
            response =>
            {
                if (response.ContentType is not { } type || !(type.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
                {
                    throw new BadResponseException($"the content type is '{response.ContentType ?? "missing"}', not JSON");
                }

                var page = RecordExtractor.Extract(
                    response.Body,
                    _entity.RecordsField,
                    _entity.KeyField,
                    _entity.Pagination.Style == PaginationStyle.Offset ? _entity.Pagination.TotalField : null,
                    _entity.Pagination.Style == PaginationStyle.Link ? _entity.Pagination.NextField : null,
                    _source.Http.MaxDepth);
                page.LinkHeader = response.LinkHeader;
                return page;
            },
            cancellationToken);

    private void Write(BatchWriter writer, RecordCounter counter, ExtractedPage page)
    {
        foreach (var record in page.Records)
        {
            writer.WriteRecord(record.Span);
        }

        counter.AddPage(page.Keys);
        _pageFetched(page.Records.Count, page.Bytes);
    }

    private Uri OffsetUrl(long skip, int size) =>
        WithQuery(EntityUrl, (_entity.Pagination.SkipParameter, skip), (_entity.Pagination.LimitParameter, size));

    private static Uri WithQuery(Uri url, params (string Name, long Value)[] parameters)
    {
        var query = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + p.Value.ToString(CultureInfo.InvariantCulture)));
        var builder = new UriBuilder(url) { Query = string.IsNullOrEmpty(url.Query) ? query : url.Query.TrimStart('?') + "&" + query };
        return builder.Uri;
    }

    private sealed class TotalDriftException(string message) : Exception(message);
}
