using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lakehouse.SparkConnect.Client;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Tests.Client;

public sealed class SparkConnectClientTlsTests : IDisposable
{
    private readonly X509Certificate2 _certificate = CreateSelfSignedCertificate();

    public void Dispose() => _certificate.Dispose();

    [Fact]
    public async Task ExecutePlanAsync_DatabricksStyleOverTls_SendsBearerTokenAndClusterId()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(
            call => call.WriteAsync(new ExecutePlanResponse { ResponseId = "tls" }), _certificate);
        var connection = SparkConnectConnectionString.Parse(server.ConnectionString(";x-databricks-cluster-id=0123-456789-abcdefgh")) with
        {
            Token = "dapi-secret-from-vault",
        };
        await using var client = new SparkConnectClient(connection, TrustOnly(_certificate));

        var responses = await client.ExecutePlanAsync(new Plan { Root = new Relation { Sql = new SQL { Query = "SELECT 1" } } }).ToListAsync();

        responses.Should().ContainSingle().Which.ResponseId.Should().Be("tls");
        var request = server.Requests.Should().ContainSingle().Subject;
        request.Scheme.Should().Be("https");
        request.Protocol.Should().Be("HTTP/2");
        request.Path.Should().Be("/spark.connect.SparkConnectService/ExecutePlan");
        request.Headers["authorization"].Should().Be("Bearer dapi-secret-from-vault");
        request.Headers["x-databricks-cluster-id"].Should().Be("0123-456789-abcdefgh");
        request.Headers["te"].Should().Be("trailers");
        client.Connection.ToString().Should().NotContain("dapi-secret-from-vault");
    }

    [Fact]
    public async Task ConfigGetAsync_UseSslWithTrustedCertificate_Works()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(
            call => call.WriteAsync(new ConfigResponse { Pairs = { new KeyValue { Key = "spark.app.name", Value = "lakehouse" } } }), _certificate);
        await using var client = new SparkConnectClient(SparkConnectConnectionString.Parse(server.ConnectionString(";use_ssl=true")), TrustOnly(_certificate));

        (await client.ConfigGetAsync("spark.app.name")).Should().Be("lakehouse");
        server.Requests.Single().Headers.Should().NotContainKey("authorization");
    }

    [Fact]
    public async Task GetSparkVersionAsync_UntrustedCertificate_FailsWithoutLeakingTheToken()
    {
        await using var server = await FakeSparkConnectServer.StartAsync(
            call => call.WriteAsync(new AnalyzePlanResponse { SparkVersion = new AnalyzePlanResponse.Types.SparkVersion { Version = "3.5.1" } }), _certificate);
        var connection = SparkConnectConnectionString.Parse(server.ConnectionString()) with { Token = "dapi-secret-from-vault" };
        await using var client = new SparkConnectClient(connection);

        var act = () => client.GetSparkVersionAsync();

        var error = (await act.Should().ThrowAsync<SparkConnectException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        error.ServerMessage.Should().StartWith("the TLS connection to the server failed");
        error.ToString().Should().NotContain("dapi-secret-from-vault");
        server.Requests.Should().BeEmpty("nothing is sent before the server's certificate is trusted");
    }

    // Trusts exactly the test's certificate as the only root; host name checks still apply.
    private static SparkConnectClientOptions TrustOnly(X509Certificate2 certificate) => new()
    {
        ConfigureHandler = handler => handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            CustomTrustStore = { certificate },
            RevocationMode = X509RevocationMode.NoCheck,
        },
    };

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=lakehouse-test-spark-connect", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        // Reload from PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
