using System.Net;
using System.Net.Sockets;

namespace Lakehouse.Cli.Tests;

public sealed class SparkCommandTests
{

    [Fact]
    public async Task Ping_MalformedConnectionString_ExitsOneSayingWhatIsWrong()
    {
        var (exitCode, _, error) = await Cli.RunAsync("spark", "ping", "--remote", "http://localhost:15002");

        exitCode.Should().Be(1);
        error.Should().StartWith("error: ").And.Contain("sc://");
    }

    [Fact]
    public async Task Ping_NothingListening_ExitsOneOnOneLineWithoutTheToken()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a free port with nothing on it

        var (exitCode, _, error) = await Cli.RunAsync("spark", "ping", "--remote", $"sc://127.0.0.1:{port}/;user_id=ci", "--timeout-seconds", "5");

        exitCode.Should().Be(1);
        error.TrimEnd().Split('\n').Should().ContainSingle();
        error.Should().StartWith("error: ");
    }

    [Fact]
    public async Task Ping_TokenSecretMissing_NamesTheVariable()
    {
        var (exitCode, _, error) = await Cli.RunAsync("spark", "ping", "--remote", "sc://127.0.0.1:1/", "--token-secret", "databricks-pat");

        exitCode.Should().Be(1);
        error.Should().Contain("LAKEHOUSE_SECRET_DATABRICKS_PAT");
    }
}
