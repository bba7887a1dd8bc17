using System.Net;
using Lakehouse.ApiSimulator.Data;
using Lakehouse.ApiSimulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lakehouse.ApiSimulator;

/// <summary>
/// A loopback server that speaks the read side of the public DummyJSON e-commerce API
/// (<c>/products</c>, <c>/products/categories</c>, <c>/products/category-list</c>,
/// <c>/products/category/{slug}</c>, <c>/products/search</c>, <c>/products/{id}</c>, <c>/carts</c>,
/// <c>/carts/{id}</c>, <c>/carts/user/{id}</c>, <c>/users</c>, <c>/users/{id}</c>,
/// <c>/users/{id}/carts</c>) with DummyJSON's paging, select, sorting and error messages, plus
/// deterministic faults for resilience tests and demos.
/// </summary>
public static class EcommerceApiSimulator
{
    /// <summary>Validates the options, loads or prepares the data, and starts listening on 127.0.0.1.</summary>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="IOException">The data directory or one of its files is missing.</exception>
    /// <exception cref="InvalidDataException">A data file is not a JSON array of records.</exception>
    public static async Task<RunningSimulator> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        IDataSet data = options.DataDirectory is { } directory
            ? FixtureDataSet.Load(directory)
            : new SyntheticDataSet(options.Seed, options.Products, options.Carts, options.Users);

        // An empty builder: no configuration files, environment variables or logging providers
        // reach the simulator, so a host application's settings cannot move or slow it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EcommerceApiSimulator).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        // The host owns no process signals: the caller (CLI or test) decides when to stop.
        builder.Services.AddSingleton<IHostLifetime, CallerOwnedLifetime>();
        var app = builder.Build();
        var handler = new RequestHandler(
            data,
            new FaultInjector(options.Faults, options.Seed),
            new SimulatorCounters(),
            options.TimeProvider,
            options.PageCacheBytes > 0 ? new PageCache(options.PageCacheBytes) : null);
        app.Run(handler.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        return new RunningSimulator(app, new Uri(address.TrimEnd('/') + "/"), handler.Counters);
    }

    /// <summary>
    /// Runs the simulator until <paramref name="ct"/> is cancelled (for <c>lakehouse api serve</c>):
    /// writes one line with the listening URL to <paramref name="output"/>, then waits. Returns
    /// normally on cancellation.
    /// </summary>
    public static async Task RunUntilCancelledAsync(SimulatorOptions options, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var simulator = await StartAsync(options, ct).ConfigureAwait(false);
        await using (simulator.ConfigureAwait(false))
        {
            var source = options.DataDirectory is { } directory
                ? $"DummyJSON files from {directory}"
                : FormattableString.Invariant($"synthetic data, seed {options.Seed}: {options.Products} products, {options.Carts} carts, {options.Users} users");
            await output.WriteLineAsync($"API simulator listening on {simulator.BaseAddress} ({source})").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, options.TimeProvider, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Cancellation is the normal way to stop serving.
            }
        }
    }

    /// <summary>A host lifetime that ignores Ctrl+C and SIGTERM: stopping is the caller's decision.</summary>
    private sealed class CallerOwnedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
