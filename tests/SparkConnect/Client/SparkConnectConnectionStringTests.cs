using Lakehouse.SparkConnect.Client;

namespace Lakehouse.SparkConnect.Tests.Client;

public sealed class SparkConnectConnectionStringTests
{
    [Fact]
    public void Parse_HostOnly_UsesSparkDefaults()
    {
        var connection = SparkConnectConnectionString.Parse("sc://myhost.com/");

        connection.Host.Should().Be("myhost.com");
        connection.Port.Should().Be(15002);
        connection.Token.Should().BeNull();
        connection.UseSsl.Should().BeFalse();
        connection.UsesTls.Should().BeFalse();
        connection.UserId.Should().BeNull();
        connection.UserAgent.Should().BeNull();
        connection.SessionId.Should().BeNull();
        connection.Metadata.Should().BeEmpty();
        connection.Endpoint.Should().Be(new Uri("http://myhost.com:15002/"));
    }

    [Theory]
    [InlineData("sc://localhost", "localhost", 15002)]
    [InlineData("sc://127.0.0.1:15003", "127.0.0.1", 15003)]
    [InlineData("SC://spark.internal:443/", "spark.internal", 443)]
    [InlineData("sc://[::1]:15002/", "::1", 15002)]
    [InlineData("sc://[::1]/;use_ssl=false", "::1", 15002)]
    public void Parse_HostAndPortForms_AreAccepted(string text, string host, int port)
    {
        var connection = SparkConnectConnectionString.Parse(text);

        connection.Host.Should().Be(host);
        connection.Port.Should().Be(port);
    }

    [Fact]
    public void Parse_AllParameters_SetsClientSettingsAndDecodesValues()
    {
        var connection = SparkConnectConnectionString.Parse(
            "sc://spark.example.com:443/;use_ssl=true;user_id=Martin%20K;user_agent=my_app;session_id=550e8400-e29b-41d4-a716-446655440000;");

        connection.UseSsl.Should().BeTrue();
        connection.UsesTls.Should().BeTrue();
        connection.UserId.Should().Be("Martin K");
        connection.UserAgent.Should().Be("my_app");
        connection.SessionId.Should().Be(Guid.Parse("550e8400-e29b-41d4-a716-446655440000"));
        connection.Endpoint.Should().Be(new Uri("https://spark.example.com:443/"));
    }

    [Fact]
    public void Parse_InvalidPercentEscape_KeepsTheTextAsWritten()
    {
        SparkConnectConnectionString.Parse("sc://h/;user_id=a%ZZb%2B").UserId.Should().Be("a%ZZb+");
    }

    [Fact]
    public void Parse_Token_ImpliesTls()
    {
        var connection = SparkConnectConnectionString.Parse("sc://myhost.com:443/;token=ABCDEFG");

        connection.Token.Should().Be("ABCDEFG");
        connection.UseSsl.Should().BeFalse();
        connection.UsesTls.Should().BeTrue();
        connection.Endpoint.Scheme.Should().Be("https");
    }

    [Fact]
    public void Parse_Databricks_SendsClusterIdAsMetadata()
    {
        var connection = SparkConnectConnectionString.Parse(
            "sc://adb-1234567890123456.7.azuredatabricks.net:443/;token=dapi0123%3D%3D;x-databricks-cluster-id=0123-456789-abcdefgh");

        connection.Token.Should().Be("dapi0123==");
        connection.UsesTls.Should().BeTrue();
        connection.Metadata.Should().Equal(new Dictionary<string, string> { ["x-databricks-cluster-id"] = "0123-456789-abcdefgh" });
    }

    [Fact]
    public void Parse_TokenWithBase64Padding_KeepsEverythingAfterTheFirstEquals()
    {
        SparkConnectConnectionString.Parse("sc://h/;token=abc==").Token.Should().Be("abc==");
    }

    [Fact]
    public void With_TokenFromASecret_EnablesTlsAndStaysOutOfToString()
    {
        var connection = SparkConnectConnectionString.Parse("sc://workspace.example.net:443/;x-databricks-cluster-id=c1") with
        {
            Token = "dapi-from-key-vault",
        };

        connection.UsesTls.Should().BeTrue();
        connection.Token.Should().Be("dapi-from-key-vault");
        connection.ToString().Should().NotContain("dapi-from-key-vault").And.Contain("token=***");
    }

    [Fact]
    public void ToString_Always_RedactsTheTokenAndRoundTripsTheRest()
    {
        var text = "sc://spark.example.com:443/;token=s3cr3t-t0ken;use_ssl=true;user_id=etl;session_id=550e8400-e29b-41d4-a716-446655440000;x-tenant=blue";
        var connection = SparkConnectConnectionString.Parse(text);

        var printed = connection.ToString();

        printed.Should().Be("sc://spark.example.com:443/;token=***;use_ssl=true;user_id=etl;session_id=550e8400-e29b-41d4-a716-446655440000;x-tenant=blue");
        printed.Should().NotContain("s3cr3t");
        (SparkConnectConnectionString.Parse(printed) with { Token = "s3cr3t-t0ken" }).Should().Be(connection);
    }

    [Fact]
    public void Endpoint_Ipv6Host_IsABracketedHttpAddress()
    {
        SparkConnectConnectionString.Parse("sc://[::1]:15003/;use_ssl=true").Endpoint.Should().Be(new Uri("https://[::1]:15003/"));
    }

    [Fact]
    public void ToString_Ipv6Host_IsBracketed()
    {
        SparkConnectConnectionString.Parse("sc://[::1]:15002").ToString().Should().Be("sc://[::1]:15002/");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("http://myhost.com:15002/", "scheme is 'http'")]
    [InlineData("myhost.com:15002", "must start with 'sc://'")]
    [InlineData("sc://", "host is missing")]
    [InlineData("sc://:15002/", "host is missing")]
    [InlineData("sc://myhost.com:443/mypathprefix/;token=AAAAAAA", "path must be empty")]
    [InlineData("sc://myhost.com:99999/", "port '99999' must be a number from 1 to 65535")]
    [InlineData("sc://myhost.com:0/", "port '0'")]
    [InlineData("sc://myhost.com:abc/", "port 'abc'")]
    [InlineData("sc://myhost.com:/", "port ''")]
    [InlineData("sc://a:1:2/", "host:port")]
    [InlineData("sc://bad_host!/", "not a valid host name")]
    [InlineData("sc://[::1/", "closing ']'")]
    [InlineData("sc://user@myhost/", "user information")]
    [InlineData("sc://myhost;token=x", "must follow a '/'")]
    [InlineData("sc://myhost/;use_ssl=yes", "'use_ssl' must be 'true' or 'false', not 'yes'")]
    [InlineData("sc://myhost/;session_id=42", "'session_id' must be a UUID")]
    [InlineData("sc://myhost/;user_id=a;user_id=b", "'user_id' is given more than once")]
    [InlineData("sc://myhost/;=value", "parameter 1 has an empty name")]
    [InlineData("sc://myhost/;user_id=a;justtext", "parameter 2 has no '='")]
    [InlineData("sc://myhost/;X-Custom=1", "names use only a-z")]
    [InlineData("sc://myhost/;grpc-timeout=1S", "'grpc-timeout' names a header the client sets itself")]
    [InlineData("sc://myhost/;authorization=Basic%20x", "'authorization' names a header the client sets itself")]
    [InlineData("sc://myhost/;x-note=line%0Abreak", "value of parameter 'x-note' must be printable ASCII")]
    [InlineData("sc://myhost/;token=", "'token' must be non-empty")]
    public void Parse_Malformed_FailsWithOneLineNamingTheProblem(string text, string problem)
    {
        var act = () => SparkConnectConnectionString.Parse(text);

        var message = act.Should().Throw<FormatException>().Which.Message;
        message.Should().StartWith("Invalid Spark Connect connection string: ").And.Contain(problem);
        message.Should().NotContain("\n");
    }

    [Theory]
    [InlineData("sc://myhost/;token=s3cr3t;use_ssl=maybe")]
    [InlineData("sc://myhost:99999/;token=s3cr3t")]
    [InlineData("sc://myhost/;s3cr3t")]
    [InlineData("sc://myhost/;token=s3cr3t%0A")]
    [InlineData("sc://myhost/;token=s3cr3t;token=s3cr3t")]
    [InlineData("sc://myhost/;x-api-key=s3cr3t%01")]
    public void Parse_MalformedStringWithSecret_NeverEchoesTheSecret(string text)
    {
        var act = () => SparkConnectConnectionString.Parse(text);

        act.Should().Throw<FormatException>().Which.Message.Should().NotContain("s3cr3t");
    }

    [Fact]
    public void TryParse_Malformed_ReturnsFalseWithTheError()
    {
        SparkConnectConnectionString.TryParse("sc://h:70000", out var result, out var error).Should().BeFalse();

        result.Should().BeNull();
        error.Should().Contain("port '70000'");
    }

    [Fact]
    public void With_InvalidToken_ThrowsWithoutEchoingIt()
    {
        var act = () => SparkConnectConnectionString.Parse("sc://h") with { Token = "s3cr3t\r\nx-injected: 1" };

        act.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("s3cr3t");
    }

    [Fact]
    public void Equality_TokenDiffers_ConnectionsDiffer()
    {
        var connection = SparkConnectConnectionString.Parse("sc://h/;token=a");

        connection.Should().NotBe(connection with { Token = "b" });
        connection.Should().Be(SparkConnectConnectionString.Parse("sc://h/;token=a"));
    }
}
