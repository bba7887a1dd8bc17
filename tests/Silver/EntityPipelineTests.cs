using Lakehouse.Common.Schemas;

namespace Lakehouse.Silver.Tests;

public sealed class EntityPipelineTests
{
    private static SilverEntity Entity(params string[] expressions) => new()
    {
        Table = "things",
        Source = "shop",
        Entity = "things",
        RawSchema = "struct<id:string,name:string,address:struct<city:string,zip:string>,lines:array<struct<sku:string>>,extra:string>",
        Columns = [.. expressions.Select((e, i) => new SilverColumn("c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "string", e, "test"))],
        BusinessKey = ["c0"],
    };

    [Fact]
    public void ParsedSchema_KeepsTheTopLevelFieldsTheColumnsRead()
    {
        var schema = new EntityPipeline(Entity("concat('T', r.id)", "trim(r.address.city)", "upper(r . name)")).ParsedSchema();

        schema.Should().Be("struct<id:string,name:string,address:struct<city:string,zip:string>>");
    }

    [Fact]
    public void ParsedSchema_KeepsTheExplodedField()
    {
        var schema = new EntityPipeline(Entity("r.id", "line.sku") with { ExplodeField = "lines" }).ParsedSchema();

        schema.Should().Be("struct<id:string,lines:array<struct<sku:string>>>");
    }

    [Theory]
    [InlineData("to_json(r)")]
    [InlineData("r")]
    public void ParsedSchema_WholeRecordUsed_KeepsEverything(string expression)
    {
        var entity = Entity("r.id", expression);

        new EntityPipeline(entity).ParsedSchema().Should().Be(entity.RawSchema);
    }

    [Fact]
    public void ParsedSchema_WordsEndingInR_AreNotTheRecord()
    {
        var schema = new EntityPipeline(Entity("case when r.id is null or r.name = '' then 'x' else lower(r.name) end")).ParsedSchema();

        schema.Should().Be("struct<id:string,name:string>");
    }
}
