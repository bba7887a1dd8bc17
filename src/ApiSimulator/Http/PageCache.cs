using System.Collections.Concurrent;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>
/// Rendered 200 responses by path and query, up to a byte budget. The data never changes while the simulator
/// runs, so a body rendered once can be sent again as is; once the budget is spent, new pages are simply not
/// kept (no eviction: a scan larger than the cache would evict everything before reuse anyway).
/// </summary>
internal sealed class PageCache(long capacityBytes)
{
    private readonly ConcurrentDictionary<string, byte[]> _pages = new(StringComparer.Ordinal);
    private long _bytes;

    public bool TryGet(string key, out byte[] page) => _pages.TryGetValue(key, out page!);

    /// <summary>True while the budget is not spent (checked before rendering a page into memory to keep it).</summary>
    public bool HasRoom => Interlocked.Read(ref _bytes) < capacityBytes;

    public void TryAdd(string key, byte[] page)
    {
        if (Interlocked.Add(ref _bytes, page.Length) > capacityBytes || !_pages.TryAdd(key, page))
        {
            Interlocked.Add(ref _bytes, -page.Length);
        }
    }
}
