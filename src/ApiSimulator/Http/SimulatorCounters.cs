using System.Collections.Concurrent;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>Thread-safe request and fault counts, read by tests through <see cref="RunningSimulator"/>.</summary>
internal sealed class SimulatorCounters
{
    private readonly ConcurrentDictionary<string, long> _requestsByPath = new(StringComparer.Ordinal);
    private long _requests;
    private long _faults;

    public long Requests => Interlocked.Read(ref _requests);

    public long Faults => Interlocked.Read(ref _faults);

    public long RequestsFor(string path) => _requestsByPath.TryGetValue(path, out var count) ? count : 0;

    public void RecordRequest(string path)
    {
        Interlocked.Increment(ref _requests);
        _requestsByPath.AddOrUpdate(path, 1, static (_, count) => count + 1);
    }

    public void RecordFault() => Interlocked.Increment(ref _faults);
}
