using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Api;

/// <summary>Spark's <c>struct</c>, <c>to_json</c> of a struct, and the CSV reader's parse modes, on the embedded engine.</summary>
public sealed class StructAndCsvModeTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lakehouse-struct-" + Guid.NewGuid().ToString("N"));

    public StructAndCsvModeTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private DataFrame People => _session.Frame("id:bigint,Name:string,`area m2`:string", [1L, "Ann", "12"], [2L, null, null]);

    private string CsvFile(string content)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(file, content);
        return file;
    }

    [Fact]
    public void Struct_NamesFieldsByAliasThenColumnThenPosition_AsSpark()
    {
        var frame = People.Select(Struct(Col("id"), Col("name").As("who"), Col("`area m2`"), Lit(7), Col("id") + 1).As("s"));

        frame.Schema.Fields.Single().DataType.SimpleString.Should().Be("struct<id:bigint,who:string,area m2:string,col4:int,col5:bigint>");
        var row = frame.Select(Col("s").GetField("who").As("who"), Col("s").GetField("col5").As("col5")).OrderBy(Col("col5")).Collect()[0];
        row.Values.Should().Equal("Ann", 2L);
    }

    [Fact]
    public void Struct_OfColumnNames_UsesTheColumnsOwnSpelling()
    {
        var frame = People.Select(Struct("name", "ID").As("s"));

        frame.Schema.Fields.Single().DataType.SimpleString.Should().Be("struct<Name:string,id:bigint>");
    }

    [Fact]
    public void Struct_InASqlExpression_IsTheSameFunction()
    {
        var frame = People.Select(Expr("to_json(struct(id, upper(Name)))").As("j"));

        frame.OrderBy("j").Collect().Select(r => r.GetString("j")).Should().Equal("{\"id\":1,\"col2\":\"ANN\"}", "{\"id\":2}");
    }

    [Fact]
    public void Struct_WithoutColumns_IsRefused()
    {
        var act = () => Struct(Array.Empty<Column>());

        act.Should().Throw<ArgumentException>().WithMessage("*at least one column*");
    }

    [Fact]
    public void ToJson_OfAStruct_LeavesOutNullFields_AsSparksDefault()
    {
        var json = People.OrderBy("id").Select(ToJson(Struct(Col("id"), Col("Name"), Col("`area m2`"))).As("j")).Collect().Select(r => r.GetString("j"));

        json.Should().Equal("{\"id\":1,\"Name\":\"Ann\",\"area m2\":\"12\"}", "{\"id\":2}");
    }

    [Fact]
    public void ToJson_OfANullStruct_IsNull()
    {
        var json = People.Select(ToJson(When(Col("id") == 2, Struct(Col("id")))).As("j")).OrderBy(Col("j").Asc()).Collect().Select(r => r.GetString("j"));

        json.Should().Equal(null, "{\"id\":2}");
    }

    [Fact]
    public void Csv_Permissive_PadsShortRowsWithNullAndKeepsTheValuesOfLongRows()
    {
        var file = CsvFile("id,name,price\n1,a,2.5\n2,b\n3,c,4,extra\n4,\"q, \"\"r\"\"\",\n");

        var rows = _session.Read.Option("header", true).Csv(file);

        rows.Columns.Take(3).Should().Equal("id", "name", "price");
        var byId = rows.Collect().ToDictionary(r => r.GetString("id")!);
        byId.Keys.Should().BeEquivalentTo(["1", "2", "3", "4"], "PERMISSIVE (the default) loses no row");
        byId["2"].IsNullAt("price").Should().BeTrue("a missing field is NULL");
        byId["3"].Values.Should().Contain("extra", "an extra field is kept (in an extra column on this engine)");
        byId["4"].GetString("price").Should().BeNull("an empty field is NULL");
    }

    [Fact]
    public void Csv_MultiLine_ReadsANewlineInsideQuotesAsPartOfTheValue()
    {
        var file = CsvFile("id,note\r\n1,\"two\r\nlines\"\r\n2,plain\r\n");

        var rows = _session.Read.Option("header", true).Option("multiLine", true).Csv(file).Collect();

        rows.Select(r => (r.GetString("id"), r.GetString("note"))).Should().Equal(("1", "two\r\nlines"), ("2", "plain"));
    }

    [Fact]
    public void Csv_DropMalformed_SkipsRowsWithTheWrongNumberOfFields()
    {
        var file = CsvFile("id,name,price\n1,a,2.5\n2,b\n3,c,4,extra\n5,e,6\n");

        var ids = _session.Read.Option("header", true).Option("mode", "DROPMALFORMED").Csv(file).Collect().Select(r => r.GetString("id"));

        ids.Should().BeEquivalentTo(["1", "5"]);
    }

    [Fact]
    public void Csv_FailFast_FailsOnAMalformedRow()
    {
        var file = CsvFile("id,name,price\n1,a,2.5\n2,b\n");

        var act = () => _session.Read.Option("header", true).Option("mode", "FAILFAST").Csv(file).Collect();

        act.Should().Throw<Exception>();
    }

    [Fact]
    public void Csv_UnknownMode_IsRefusedNamingTheChoices()
    {
        var file = CsvFile("id\n1\n");

        var act = () => _session.Read.Option("header", true).Option("mode", "LENIENT").Csv(file);

        act.Should().Throw<ArgumentException>().WithMessage("*mode 'LENIENT'*PERMISSIVE, DROPMALFORMED or FAILFAST*");
    }
}
