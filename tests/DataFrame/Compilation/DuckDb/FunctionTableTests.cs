using Lakehouse.DataFrame.Compilation.DuckDb;
using Lakehouse.DataFrame.Expressions;

namespace Lakehouse.DataFrame.Tests.Compilation.DuckDb;

public sealed class FunctionTableTests
{
    [Fact]
    public void Catalog_EveryFunction_IsTranslatedOrListedAsUnsupported()
    {
        var missing = FunctionCatalog.All
            .Where(f => !DuckDbFunctions.Supports(f.Name) && !DuckDbFunctions.Unsupported.ContainsKey(f.Name))
            .Select(f => f.Name);

        missing.Should().BeEmpty();
    }

    [Fact]
    public void Render_UnsupportedFunction_SaysWhy()
    {
        var call = new DuckDbCall("ln", ["x"], [DataType.Double], [new ColumnReference(["x"])], DataType.Double, IsDistinct: false, Over: string.Empty);

        var act = () => DuckDbFunctions.Render(call);

        act.Should().Throw<NotSupportedException>().WithMessage("*ln*not supported by the DuckDB engine*NULL*");
    }

    [Theory]
    [InlineData("yyyy-MM-dd HH:mm:ss", "%Y-%m-%d %H:%M:%S")]
    [InlineData("dd/MM/yy", "%d/%m/%y")]
    [InlineData("yyyy-MM-dd'T'HH:mm:ss.SSS", "%Y-%m-%dT%H:%M:%S.%g")]
    [InlineData("EEEE, MMMM d", "%A, %B %-d")]
    [InlineData("'100%' yyyy", "100%% %Y")]
    public void JavaDatePattern_TranslatesToStrftime(string java, string strftime)
    {
        JavaDatePattern.ToStrftime(java).Should().Be(strftime);
    }

    [Theory]
    [InlineData("GGGG")]
    [InlineData("yyyy-ww")]
    [InlineData("SSSS")]
    public void JavaDatePattern_UnsupportedLetters_FailClearly(string java)
    {
        var act = () => JavaDatePattern.ToStrftime(java);

        act.Should().Throw<NotSupportedException>().WithMessage("*no DuckDB strftime equivalent*");
    }

    [Theory]
    [InlineData("x\"y", "\"x\"\"y\"")]
    [InlineData("plain", "\"plain\"")]
    public void Identifier_IsAlwaysQuoted(string name, string sql)
    {
        DuckDbSql.Identifier(name).Should().Be(sql);
    }

    [Fact]
    public void StringLiteral_DoublesQuotes()
    {
        DuckDbSql.String("it's").Should().Be("'it''s'");
    }

    [Theory]
    [InlineData("INTEGER[]", "array<int>")]
    [InlineData("STRUCT(x INTEGER, \"we\"\"ird\" VARCHAR)", "struct<x:int,we\"ird:string>")]
    [InlineData("MAP(VARCHAR, DECIMAL(10,2))", "map<string,decimal(10,2)>")]
    [InlineData("TIMESTAMP WITH TIME ZONE", "timestamp")]
    [InlineData("STRUCT(t TIMESTAMP WITH TIME ZONE, n BIGINT)[]", "array<struct<t:timestamp,n:bigint>>")]
    public void ParseTypeName_DuckDbDescribeOutput_GivesSparkTypes(string duckDb, string spark)
    {
        DuckDbSql.ParseTypeName(duckDb).SimpleString.Should().Be(spark);
    }
}
