using Google.Protobuf;
using Lakehouse.SparkConnect.Arrow;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Tests.Protocol;

public sealed class ExecutePlanMessageTests
{
    [Fact]
    public void ExecutePlanRequest_GoldenRelationAsPlanRoot_RoundTripsOnTheWire()
    {
        var relation = JsonParser.Default.Parse<Relation>(
            File.ReadAllText(Path.Combine(SharedFixtures.Folder("spark-connect-golden"), "join_inner_condition.json")));
        var request = new ExecutePlanRequest
        {
            SessionId = "00112233-4455-6677-8899-aabbccddeeff",
            OperationId = "ffeeddcc-bbaa-9988-7766-554433221100",
            ClientType = "lakehouse",
            UserContext = new UserContext { UserId = "tester" },
            Plan = new Plan { Root = relation },
            RequestOptions = { new ExecutePlanRequest.Types.RequestOption { ReattachOptions = new ReattachOptions { Reattachable = true } } },
        };

        var parsed = ExecutePlanRequest.Parser.ParseFrom(request.ToByteArray());

        parsed.Should().Be(request);
        parsed.Plan.Root.Join.JoinCondition.UnresolvedFunction.FunctionName.Should().Be("=");
    }

    [Fact]
    public void ExecutePlanResponse_ArrowBatchPayload_DecodesWithArrowStreamReader()
    {
        var streamBytes = File.ReadAllBytes(Path.Combine(SharedFixtures.Folder("arrow-ipc"), "generated_primitive.stream"));
        var response = new ExecutePlanResponse
        {
            ArrowBatch = new ExecutePlanResponse.Types.ArrowBatch { RowCount = 37, Data = ByteString.CopyFrom(streamBytes) },
        };

        var parsed = ExecutePlanResponse.Parser.ParseFrom(response.ToByteArray());
        var reader = new ArrowStreamReader(parsed.ArrowBatch.Data.Memory, "operation 1 response 0");

        parsed.ResponseTypeCase.Should().Be(ExecutePlanResponse.ResponseTypeOneofCase.ArrowBatch);
        reader.ReadBatches().Sum(batch => batch.RowCount).Should().Be((int)parsed.ArrowBatch.RowCount);
    }
}
