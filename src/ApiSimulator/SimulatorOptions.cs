using System.Globalization;

namespace Lakehouse.ApiSimulator;

/// <summary>
/// Options of the e-commerce API simulator. Every property has a documented default; call
/// <see cref="Validate"/> (done by <see cref="EcommerceApiSimulator.StartAsync"/>) to check them.
/// </summary>
/// <remarks>
/// Two data sources: when <see cref="DataDirectory"/> is set the simulator serves real DummyJSON
/// files byte for byte; otherwise it generates <see cref="Products"/>, <see cref="Carts"/> and
/// <see cref="Users"/> records from <see cref="Seed"/>.
/// </remarks>
public sealed record SimulatorOptions
{
    /// <summary>The TCP port on 127.0.0.1. Default 0: the operating system picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>
    /// A directory with DummyJSON's <c>products.json</c>, <c>carts.json</c> and <c>users.json</c>
    /// (top-level arrays). Default <see langword="null"/>: synthetic data.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The seed of synthetic data and of rate-based faults. Default 42.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Number of synthetic products. Default 194 (DummyJSON's count).</summary>
    public int Products { get; init; } = 194;

    /// <summary>Number of synthetic carts. Default 208 (DummyJSON's count).</summary>
    public int Carts { get; init; } = 208;

    /// <summary>Number of synthetic users. Default 208 (DummyJSON's count).</summary>
    public int Users { get; init; } = 208;

    /// <summary>
    /// Memory for rendered responses, in bytes: a page asked for again (same path and query) is sent from memory
    /// instead of being generated again, unless a fault rule touches the request. Responses are byte-identical
    /// either way. Default 0: nothing is kept. Benchmarks that read the same pages repeatedly set this.
    /// </summary>
    public long PageCacheBytes { get; init; }

    /// <summary>Fault rules, each applying to the paths it selects. Default: none.</summary>
    public IReadOnlyList<FaultOptions> Faults { get; init; } = [];

    /// <summary>The clock for latency, <c>delay</c> and Retry-After dates. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw Invalid(nameof(Port), Port, "must be between 0 and 65535 (0 picks a free port)");
        }

        if (PageCacheBytes < 0)
        {
            throw Invalid(nameof(PageCacheBytes), PageCacheBytes, "must not be negative (0 keeps no pages)");
        }

        if (DataDirectory is not null && string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("DataDirectory must be null (synthetic data) or a directory path.", nameof(DataDirectory));
        }

        if (Products < 0 || Carts < 0 || Users < 0)
        {
            throw new ArgumentException(string.Create(
                CultureInfo.InvariantCulture,
                $"Products, Carts and Users must not be negative (got {Products}, {Carts}, {Users})."));
        }

        if (DataDirectory is null && Carts > 0 && (Products == 0 || Users == 0))
        {
            throw new ArgumentException("Synthetic carts need at least one product and one user to refer to.", nameof(Carts));
        }

        ArgumentNullException.ThrowIfNull(Faults, nameof(Faults));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        for (var i = 0; i < Faults.Count; i++)
        {
            if (Faults[i] is null)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Faults[{i}] is null."), nameof(Faults));
            }

            Faults[i].Validate();
        }
    }

    internal static ArgumentException Invalid(string name, object value, string rule) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{name} {rule}; got {value}."), name);
}
