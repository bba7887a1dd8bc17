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
                using (var page = await FetchPageAsync(EntityUrl, cancellationToken))
                {
                    Write(writer, counter, page);
                }

                return new IngestStats(EntityUrl.ToString(), counter.Pages, counter.Records, counter.Duplicates, null, 0);
        }
    }

    private async Task<IngestStats> IngestOffsetAsync(BatchWriter writer, int restarts, CancellationToken cancellationToken)
    {
        var pagination = _entity.Pagination;
        var size = pagination.PageSize;
        var counter = new RecordCounter();
        using var first = await FetchPageAsync(OffsetUrl(0, size), cancellationToken);
        var total = first.Total ?? throw new BronzeException($"{OffsetUrl(0, size)} has no \"{pagination.TotalField}\" field, which offset pagination needs; check pagination.totalField or use another style.");
        CheckPage(first, 0, size, total);
        Write(writer, counter, first);

        // The remaining offsets are known from the total. Keep `concurrency` pages in flight (a sliding window:
        // a new request starts as soon as the oldest page is taken) and write them in order, so that the batch keeps
        // the API's order while the network, the parsing of other pages and the disk overlap.
        var offsets = new Queue<long>();
        for (long skip = size; skip < total; skip += size)
        {
            offsets.Enqueue(skip);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var inFlight = new Queue<(long Skip, Task<ExtractedPage> Page)>();
        void Refill()
        {
            while (inFlight.Count < _source.Http.Concurrency && offsets.TryDequeue(out var skip))
            {
                // Started on the thread pool: a response that is already there would otherwise be read and validated
                // synchronously inside this call, on the writing loop, which would then do all the work alone.
                var url = OffsetUrl(skip, size);
                inFlight.Enqueue((skip, Task.Run(() => FetchPageAsync(url, stop.Token), CancellationToken.None)));
            }
        }

        Refill();
        try
        {
            while (inFlight.TryDequeue(out var next))
            {
                using var page = await next.Page;
                Refill();
                if (page.Total != total)
                {
                    throw new TotalDriftException($"{total} at the first page, {page.Total?.ToString(CultureInfo.InvariantCulture) ?? "none"} at skip={next.Skip}");
                }

                CheckPage(page, next.Skip, size, total);
                Write(writer, counter, page);
            }
        }
        finally
        {
            if (inFlight.Count > 0)
            {
                // Failed part-way: stop the requests in flight, observe their outcome (which no longer matters) and
                // give their buffers back.
                await stop.CancelAsync();
                foreach (var (_, pending) in inFlight)
                {
                    await pending.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                        .ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
        }

        return new IngestStats(OffsetUrl(0, size).ToString(), counter.Pages, counter.Records, counter.Duplicates, total, restarts);
    }

    /// <summary>A page with fewer records than the total promises is a missing page, never the end.</summary>
    private void CheckPage(ExtractedPage page, long skip, int size, long total)
    {
        var expected = Math.Min(size, Math.Max(0, total - skip));
        if (page.RecordCount != expected)
        {
            throw new BronzeException(
                $"{OffsetUrl(skip, size)} returned {page.RecordCount} record(s) where the total of {total} promises {expected}; a page is missing or short, so nothing was landed.");
        }
    }

    private async Task<IngestStats> IngestPagesAsync(BatchWriter writer, CancellationToken cancellationToken)
    {
        var pagination = _entity.Pagination;
        var counter = new RecordCounter();
        for (var number = pagination.FirstPage; ; number++)
        {
            using var page = await FetchPageAsync(WithQuery(EntityUrl, (pagination.PageParameter, number), (pagination.SizeParameter, pagination.PageSize)), cancellationToken);
            Write(writer, counter, page);
            if (page.RecordCount < pagination.PageSize)
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

            using var page = await FetchPageAsync(url, cancellationToken);
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
                    response.Body.Memory,
                    _entity.RecordsField,
                    _entity.KeyField,
                    _entity.Pagination.Style == PaginationStyle.Offset ? _entity.Pagination.TotalField : null,
                    _entity.Pagination.Style == PaginationStyle.Link ? _entity.Pagination.NextField : null,
                    _source.Http.MaxDepth);
                page.LinkHeader = response.LinkHeader;

                // The page now owns the body and turns it into NDJSON where it lies: parallel fetches do this work
                // in parallel, and the writer has one span to write and hash per page.
                page.Body = response.TakeBody();
                RecordExtractor.ToNdjsonInPlace(page.Body.Memory, page);
                return page;
            },
            cancellationToken);

    private void Write(BatchWriter writer, RecordCounter counter, ExtractedPage page)
    {
        writer.WriteLines(page.Ndjson.Span, page.RecordCount);
        counter.AddPage(page.RecordCount, page.Keys);
        _pageFetched(page.RecordCount, page.Bytes);
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
