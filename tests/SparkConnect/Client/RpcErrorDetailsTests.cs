using Lakehouse.SparkConnect.Client.Grpc;

namespace Lakehouse.SparkConnect.Tests.Client;

public sealed class RpcErrorDetailsTests
{
    [Fact]
    public void FromTrailer_UnpaddedBase64StatusWithErrorInfo_ReadsReasonDomainAndMetadata()
    {
        var trailer = RpcStatusWriter.Base64(
            code: 3,
            message: "[TABLE_OR_VIEW_NOT_FOUND] The table or view `sales` cannot be found.",
            reason: "org.apache.spark.sql.AnalysisException",
            metadata: new() { ["errorClass"] = "TABLE_OR_VIEW_NOT_FOUND", ["messageParameters"] = "{\"relationName\":\"`sales`\"}" },
            padded: false);

        (trailer.Length % 4).Should().NotBe(0, "the padding was stripped, as gRPC servers may send it");

        var details = RpcErrorDetails.FromTrailer(trailer);

        details.Should().NotBeNull();
        details!.Reason.Should().Be("org.apache.spark.sql.AnalysisException");
        details.Domain.Should().Be("org.apache.spark");
        details.Metadata.Should().Contain("errorClass", "TABLE_OR_VIEW_NOT_FOUND")
            .And.Contain("messageParameters", "{\"relationName\":\"`sales`\"}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("CgNhYmM")]
    public void FromTrailer_AbsentOrBroken_ReturnsNull(string? trailer)
    {
        RpcErrorDetails.FromTrailer(trailer).Should().BeNull();
    }
}
