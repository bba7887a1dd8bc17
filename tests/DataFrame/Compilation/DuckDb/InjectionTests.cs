using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Compilation.DuckDb;

/// <summary>Names and values never become SQL: hostile column names, string literals, table names and options stay data.</summary>
public sealed class InjectionTests : IDisposable
{
    private const string HostileName = "x\"; DROP TABLE victim; --";
    private const string HostileValue = "'); DROP TABLE victim; --";

    private readonly LakehouseSession _session = LakehouseSession.Create();

    public InjectionTests()
    {
        _session.Sql("CREATE TABLE victim AS SELECT 1 AS keep");
    }

    public void Dispose() => _session.Dispose();

    private void VictimStillExists() => _session.Table("victim").Count().Should().Be(1);

    [Fact]
    public void ColumnName_WithQuotesAndSql_IsJustAName()
    {
        var frame = _session.Frame("a:int", [1]).WithColumn(HostileName, Lit(2));

        var result = frame.Select(Col("a"), Col($"`{HostileName}`")).Filter(Col($"`{HostileName}`") == 2);

        result.Columns.Should().Equal("a", HostileName);
        result.Rows().Single().Should().Equal(1, 2);
        result.GroupBy(Col($"`{HostileName}`")).Count().Rows().Single().Should().Equal(2, 1L);
        VictimStillExists();
    }

    [Fact]
    public void SchemaFieldName_WithQuotes_RoundTrips()
    {
        var frame = _session.CreateDataFrame([[7]], new StructType([new StructField(HostileName, DataType.Integer)]));

        frame.Collect().Single()[HostileName].Should().Be(7);
        frame.Select(Col($"`{HostileName}`") + 1).Single().Should().Be(8);
        VictimStillExists();
    }

    [Fact]
    public void StringLiteral_WithQuotes_StaysLiteral()
    {
        var frame = _session.Frame("s:string", [HostileValue], ["other"]);

        frame.Filter(Col("s") == HostileValue).Rows().Single().Should().Equal(HostileValue);
        frame.Select(Lit(HostileValue)).Rows().First().Should().Equal(HostileValue);
        frame.Filter("s = '\\'); DROP TABLE victim; --'").Count().Should().Be(1);
        VictimStillExists();
    }

    [Fact]
    public void StringLiteral_WithNulCharacter_StaysLiteral()
    {
        _session.Frame("x:int", [1]).Select(Length(Lit("a\0b"))).Single().Should().Be(3);
    }

    [Fact]
    public void RenameAndAlias_ToHostileNames_AreJustNames()
    {
        var frame = _session.Frame("a:int", [1]);

        frame.WithColumnRenamed("a", HostileName).Columns.Should().Equal(HostileName);
        frame.Select(Col("a").Alias(HostileName)).Single().Should().Be(1);
        frame.Alias(HostileName).Select(Col($"`{HostileName}`.a")).Single().Should().Be(1);
        VictimStillExists();
    }

    [Fact]
    public void StructFieldName_WithQuotes_IsExtractedSafely()
    {
        var schema = new StructType([new StructField("s", new StructType([new StructField("it's", DataType.String)]))]);
        var frame = _session.CreateDataFrame([[new object?[] { "v" }]], schema);

        frame.Select(Col("s").GetField("it's")).Single().Should().Be("v");
    }

    [Fact]
    public void WriterAndReaderOptions_AreEscapedLiterals()
    {
        var path = Path.Combine(Path.GetTempPath(), "lakehouse-injection-" + Guid.NewGuid().ToString("N"), "o'; DROP TABLE victim; --");
        try
        {
            var frame = _session.Frame("a:string,b:int", ["x|y", 1]);

            frame.Write.Format("csv").Option("header", "true").Option("sep", "'").Save(path);
            var back = _session.Read.Option("header", "true").Option("sep", "'").Csv(path);

            back.Rows().Single().Should().Equal("x|y", "1");
            VictimStillExists();
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void SaveAsTable_HostileTableName_IsJustAName()
    {
        _session.Frame("a:int", [1]).Write.SaveAsTable("`t\"; DROP TABLE victim; --`");

        _session.Table("`t\"; DROP TABLE victim; --`").Count().Should().Be(1);
        VictimStillExists();
    }
}
