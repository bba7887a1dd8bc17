using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Parsing;
using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Parsing;

public sealed class ExpressionParserTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private object? Eval(string expression) => _session.Frame("x:int", [1]).SelectExpr(expression).Single();

    private static Literal LiteralOf(string text) => ExpressionParser.Parse(text).Should().BeOfType<Literal>().Subject;

    [Theory]
    [InlineData("1 + 2 * 3", 7)]
    [InlineData("(1 + 2) * 3", 9)]
    [InlineData("10 - 4 - 3", 3)]
    [InlineData("-2 * 3", -6)]
    [InlineData("7 % 4 + 1", 4)]
    public void Parse_Arithmetic_FollowsSparkPrecedence(string expression, int expected)
    {
        Eval(expression).Should().Be(expected);
    }

    [Theory]
    [InlineData("true OR false AND false", true)]
    [InlineData("NOT false AND false", false)]
    [InlineData("NOT 1 = 2", true)]
    [InlineData("1 < 2 = true", true)]
    [InlineData("x BETWEEN 0 AND 2", true)]
    [InlineData("x NOT BETWEEN 0 AND 2", false)]
    [InlineData("x IN (3, 2, 1)", true)]
    [InlineData("x NOT IN (3, 2)", true)]
    [InlineData("'abc' LIKE 'a%'", true)]
    [InlineData("'abc' NOT LIKE 'a%'", false)]
    [InlineData("'abc' RLIKE '^a.c$'", true)]
    [InlineData("NULL IS NULL", true)]
    [InlineData("x IS NOT NULL", true)]
    [InlineData("NULL <=> NULL", true)]
    [InlineData("1 <> 2", true)]
    [InlineData("1 != 1", false)]
    [InlineData("1 == 1", true)]
    [InlineData("x >= 1 AND x <= 1", true)]
    public void Parse_Predicates_EvaluateAsSpark(string expression, bool expected)
    {
        Eval(expression).Should().Be(expected);
    }

    [Fact]
    public void Parse_IntegerLiterals_TakeSparkTypes()
    {
        LiteralOf("10").Type.Should().Be(DataType.Integer);
        LiteralOf("10L").Should().Be(new Literal(10L, DataType.Long));
        LiteralOf("10S").Type.Should().Be(DataType.Short);
        LiteralOf("10Y").Type.Should().Be(DataType.Byte);
        LiteralOf("3000000000").Should().Be(new Literal(3000000000L, DataType.Long));
    }

    [Fact]
    public void Parse_FractionalLiterals_AreDecimalUnlessExponentOrSuffix()
    {
        LiteralOf("1.5").Should().Be(new Literal(1.5m, new DecimalType(2, 1)));
        LiteralOf("0.25").Type.Should().Be(new DecimalType(2, 2));
        LiteralOf("1.5BD").Type.Should().Be(new DecimalType(2, 1));
        LiteralOf("1e3").Should().Be(new Literal(1000.0, DataType.Double));
        LiteralOf("1.5D").Should().Be(new Literal(1.5, DataType.Double));
        LiteralOf("1.5F").Type.Should().Be(DataType.Float);
    }

    [Fact]
    public void Parse_StringLiterals_UnescapeAndConcatenateAdjacent()
    {
        LiteralOf("'it\\'s'").Value.Should().Be("it's");
        LiteralOf("\"say \\\"hi\\\"\"").Value.Should().Be("say \"hi\"");
        LiteralOf("'a\\nb\\tc'").Value.Should().Be("a\nb\tc");
        LiteralOf("'ab' 'cd'").Value.Should().Be("abcd");
        LiteralOf("'\\u0041'").Value.Should().Be("A");
        LiteralOf("'\\101\\0'").Value.Should().Be("A\0");
        LiteralOf("'50\\%'").Value.Should().Be("50\\%");
    }

    [Fact]
    public void Parse_KeywordLiterals_AreTyped()
    {
        LiteralOf("TRUE").Should().Be(new Literal(true, DataType.Boolean));
        LiteralOf("null").Type.Should().Be(DataType.Null);
        LiteralOf("DATE '2024-03-05'").Should().Be(new Literal(new DateOnly(2024, 3, 5), DataType.Date));
        LiteralOf("TIMESTAMP '2024-03-05 10:11:12'").Value.Should().Be(new DateTimeOffset(2024, 3, 5, 10, 11, 12, TimeSpan.Zero));
        LiteralOf("X'0AFF'").Value.Should().BeEquivalentTo(new byte[] { 0x0A, 0xFF });
    }

    [Fact]
    public void Parse_CaseWhen_BothForms()
    {
        Eval("CASE WHEN x = 1 THEN 'one' WHEN x = 2 THEN 'two' ELSE 'many' END").Should().Be("one");
        Eval("CASE x WHEN 2 THEN 'two' ELSE 'other' END").Should().Be("other");
        Eval("CASE WHEN x = 5 THEN 'five' END").Should().BeNull();
    }

    [Fact]
    public void Parse_Cast_UsesSparkTypeNames()
    {
        Eval("CAST('42' AS BIGINT)").Should().Be(42L);
        Eval("CAST('1.239' AS DECIMAL(5, 2))").Should().Be(1.24m);
        Eval("CAST(x AS string)").Should().Be("1");
        Eval("cast('2024-01-02' as date)").Should().Be(new DateOnly(2024, 1, 2));
    }

    [Fact]
    public void Parse_FunctionCalls_IncludingCountStarAndDistinct()
    {
        var frame = _session.Frame("k:string,v:int", ["a", 1], ["a", 1], ["b", null]);

        frame.Agg(Expr("count(*)"), Expr("count(v)"), Expr("count(DISTINCT k)"), Expr("sum(v) AS total"))
            .Rows().Single().Should().Equal(3L, 2L, 2L, 2L);
        frame.Agg(Expr("count(*)")).Columns.Should().Equal("count(1)");
    }

    [Fact]
    public void Parse_Aliases_WithAndWithoutAs()
    {
        var frame = _session.Frame("a:int", [1]);

        frame.SelectExpr("a + 1 AS b", "a c", "a AS `weird name`").Columns.Should().Equal("b", "c", "weird name");
    }

    [Fact]
    public void Parse_BacktickAndQualifiedIdentifiers_Resolve()
    {
        var frame = _session.Frame("`order id`:int,s:struct<inner:string>", [7, new object?[] { "x" }]).Alias("o");

        frame.SelectExpr("`order id` * 2", "o.`order id`", "s.inner", "o.s.inner").Rows().Single().Should().Equal(14, 7, "x", "x");
    }

    [Fact]
    public void Parse_Star_ExpandsAllColumns()
    {
        var frame = _session.Frame("a:int,b:int", [1, 2]).Alias("t");

        frame.SelectExpr("*", "t.*").Columns.Should().Equal("a", "b", "a", "b");
    }

    [Fact]
    public void Parse_ConcatOperator_IsConcat()
    {
        Eval("'a' || 'b' || x").Should().Be("ab1");
    }

    [Theory]
    [InlineData("a +", 3, "Expected an expression")]
    [InlineData("(a + 1", 6, "Expected ')'")]
    [InlineData("a + 'open", 4, "Unterminated string")]
    [InlineData("CAST(a AS widget)", 10, "Unknown type 'widget'")]
    [InlineData("a # b", 2, "Unexpected character '#'")]
    [InlineData("CASE WHEN a THEN 1", 18, "Expected END")]
    [InlineData("a NOT 5", 6, "Expected IN, LIKE, RLIKE or BETWEEN after NOT")]
    [InlineData("nosuchfn(a)", 0, "Unknown function 'nosuchfn'")]
    [InlineData("", 0, "Empty expression")]
    [InlineData("a b c", 4, "Unexpected 'c'")]
    public void Parse_InvalidText_ReportsPositionAndReason(string text, int position, string reason)
    {
        var act = () => ExpressionParser.Parse(text);

        var error = act.Should().Throw<ParseException>().Which;
        error.Position.Should().Be(position);
        error.Reason.Should().StartWith(reason);
        error.Message.Should().Contain($"position {position + 1}");
    }

    [Fact]
    public void Expr_InvalidText_ThrowsParseExceptionImmediately()
    {
        var act = () => Expr("a +* b");

        act.Should().Throw<ParseException>().Which.Position.Should().Be(3);
    }

    [Theory]
    [InlineData("bigint", "bigint")]
    [InlineData("LONG", "bigint")]
    [InlineData("decimal(10, 2)", "decimal(10,2)")]
    [InlineData("decimal", "decimal(10,0)")]
    [InlineData("array<struct<a:int,b:string>>", "array<struct<a:int,b:string>>")]
    [InlineData("map<string, array<double>>", "map<string,array<double>>")]
    [InlineData("varchar(20)", "string")]
    public void ParseType_SparkNames_GiveTypes(string text, string simpleString)
    {
        DataType.Parse(text).SimpleString.Should().Be(simpleString);
    }

    [Fact]
    public void ParseType_DecimalPrecisionTooLarge_FailsWithPosition()
    {
        var act = () => DataType.Parse("decimal(40,2)");

        act.Should().Throw<ParseException>().WithMessage("*precision must be 1..38*");
    }
}
