using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Api;

public sealed class JsonFunctionsTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private DataFrame Raw(params string?[] lines) =>
        _session.CreateDataFrame(lines.Select(l => (IReadOnlyList<object?>)[l]), new StructType([new StructField("raw", DataType.String)]));

    [Fact]
    public void FromJson_ParsesIntoTheSchemaAndIsNullForMalformedOrNonObjects()
    {
        var parsed = Raw("{\"id\":7,\"price\":29.5,\"tags\":[\"a\"],\"dims\":{\"w\":1}}", "{bad", "[1,2]", null)
            .Select(FromJson(Col("raw"), "struct<id:bigint,price:string,tags:array<string>,dims:string,missing:string>").As("r"));

        parsed.Schema.Fields.Single().DataType.SimpleString.Should().Be("struct<id:bigint,price:string,tags:array<string>,dims:string,missing:string>");
        var rows = parsed.Select(Col("r").GetField("id"), Col("r").GetField("price"), Col("r").GetField("dims"), Col("r").GetField("missing")).Collect();
        rows[0].Values.Should().Equal(7L, "29.5", "{\"w\":1}", null);
        rows.Skip(1).Should().OnlyContain(r => r.IsNullAt(0), "malformed JSON, an array and NULL all parse to NULL, as Spark's PERMISSIVE mode");
    }

    [Fact]
    public void FromJson_BadSchema_FailsWhenBuilt()
    {
        var act = () => FromJson(Col("raw"), "struct<id:nope>");

        act.Should().Throw<ParseException>();
    }

    [Fact]
    public void RescuedData_KeepsOnlyTheFieldsTheSchemaDoesNotKnow()
    {
        var rows = Raw("{\"id\":1,\"title\":\"x\",\"color\":\"red\",\"extra\":{\"a\":[1]}}", "{\"id\":2,\"title\":\"y\"}", "not json")
            .Select(RescuedData(Col("raw"), "id", "title").As("rescued"))
            .Collect();

        rows.Select(r => r.GetString("rescued")).Should().Equal("{\"color\":\"red\",\"extra\":{\"a\":[1]}}", null, null);
    }

    [Fact]
    public void PosExplode_GivesZeroBasedPositionsAndDropsEmptyArrays()
    {
        var rows = _session.Sql("SELECT * FROM (VALUES (1, [10, 20]), (2, []), (3, NULL)) t(id, xs)")
            .Select(Col("id"), PosExplode(Col("xs")))
            .OrderBy("id", "pos")
            .Collect();

        rows.Select(r => (r.GetInt32("id"), r.GetInt32("pos"), r.GetInt32("col"))).Should().Equal((1, 0, 10), (1, 1, 20));
    }

    [Fact]
    public void ToJson_RendersAStruct()
    {
        var json = Raw("{\"a\":1}").Select(ToJson(FromJson(Col("raw"), "struct<a:int>")).As("j")).Collect().Single().GetString("j");

        json.Should().Be("{\"a\":1}");
    }
}
