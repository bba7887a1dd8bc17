using Lakehouse.ApiSimulator.Http;
using Microsoft.AspNetCore.Builder;

namespace Lakehouse.ApiSimulator;

/// <summary>
/// A started simulator. Dispose it to stop the server; the counters are handy for tests
/// (for example to assert that a client retried exactly twice).
/// </summary>
public sealed class RunningSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatorCounters _counters;
    private int _disposed;

    internal RunningSimulator(WebApplication app, Uri baseAddress, SimulatorCounters counters)
    {
        _app = app;
        _counters = counters;
        BaseAddress = baseAddress;
    }

    /// <summary>The root of the API, for example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>All requests received so far, faulted or not.</summary>
    public long RequestCount => _counters.Requests;

    /// <summary>Requests answered with an injected fault (429, 5xx, HTML, missing page, cut body).</summary>
    public long FaultCount => _counters.Faults;

    /// <summary>Requests received for one exact path (no query string), for example "/products".</summary>
    public long RequestCountFor(string path) => _counters.RequestsFor(path);

    /// <summary>Stops the server and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
