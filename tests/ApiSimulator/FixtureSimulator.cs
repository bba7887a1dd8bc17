namespace Lakehouse.ApiSimulator.Tests;

/// <summary>One simulator over the real DummyJSON files, shared by the tests of a class.</summary>
public sealed class FixtureSimulator : IAsyncLifetime
{
    private RunningSimulator? _simulator;

    internal RunningSimulator Simulator => _simulator!;

    internal ApiClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { DataDirectory = SharedFixtures.Folder("dummyjson") });
        Client = new ApiClient(_simulator.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _simulator!.DisposeAsync();
    }
}
