using Lakehouse.DataFrame.Expressions;
using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Api;

public sealed class ColumnTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void EqualityOperator_BuildsAnExpressionLikeSpark()
    {
        var column = Col("a") == 1;

        column.Expression.Should().Be(new FunctionCall("==", [new ColumnReference(["a"]), new Literal(1, DataType.Integer)]));
        column.ToString().Should().Be("(a = 1)");
        Col("a").EqualTo(1).Expression.Should().Be(column.Expression);
        (Col("a") != 1).Expression.Should().Be(Col("a").NotEqual(1).Expression);
    }

    [Fact]
    public void Operators_EvaluateOnDuckDb()
    {
        var frame = _session.Frame("a:int,b:int,t:boolean", [6, 4, true]);

        frame.Select(
                Col("a") + Col("b"), Col("a") - Col("b"), Col("a") * Col("b"), Col("a") / Col("b"), Col("a") % Col("b"), -Col("a"),
                Col("a") > Col("b"), Col("a") >= 6, Col("a") < Col("b"), Col("a") <= 5, !Col("t"), Col("t") & (Col("a") > 5), Col("t") | false)
            .Rows().Single().Should().Equal(10, 2, 24, 1.5, 2, -6, true, true, false, false, false, true, true);
    }

    [Fact]
    public void When_WithoutChain_Fails()
    {
        var act = () => Col("a").When(Col("b") == 1, 2);

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Cast_ByTypeName_UsesSparkNames()
    {
        var frame = _session.Frame("a:int", [5]);

        var result = frame.Select(Col("a").Cast("long"), Col("a").Cast(new DecimalType(5, 2)), Col("a").Cast("string"));

        result.Schema.Fields.Select(f => f.DataType.SimpleString).Should().Equal("bigint", "decimal(5,2)", "string");
        result.Rows().Single().Should().Equal(5L, 5.00m, "5");
    }

    [Fact]
    public void GetItem_OnMaps_LooksUpKeys()
    {
        var schema = new StructType([new StructField("m", new MapType(DataType.String, DataType.Integer))]);
        var frame = _session.CreateDataFrame([[new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 }]], schema);

        frame.Select(Col("m").GetItem("b"), ElementAt(Col("m"), "a"), Col("m").GetItem("zz"), Size(Col("m"))).Rows().Single()
            .Should().Equal(2, 1, null, 2);
    }

    [Fact]
    public void Range_ToDf_And_Broadcast_Work()
    {
        var numbers = _session.Range(1, 10, 3).ToDF("n");

        numbers.Rows().Select(r => r[0]).Should().Equal(1L, 4L, 7L);
        numbers.Join(Broadcast(numbers.WithColumn("sq", Col("n") * Col("n"))), "n").OrderBy("n").Select("sq").Rows().Select(r => r[0])
            .Should().Equal(1L, 16L, 49L);
        var act = () => numbers.ToDF("a", "b");
        act.Should().Throw<AnalysisException>().WithMessage("*needs 1 names*");
    }
}
