using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Api;

/// <summary>The remaining functions of <see cref="Functions"/>, each against Spark's documented result.</summary>
public sealed class FunctionsTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void StringFunctions_MatchSpark()
    {
        var frame = _session.Frame("s:string", ["  a,b,,c  "]);

        frame.Select(Ltrim(Col("s")), Rtrim(Col("s")), Length(Col("s")), Trim(Col("s"), " ac"), Upper(Lit("x")))
            .Rows().Single().Should().Equal("a,b,,c  ", "  a,b,,c", 10, ",b,,", "X");
        var parts = (List<object?>)frame.Select(Split(Trim(Col("s")), ",")).Single()!;
        parts.Should().Equal("a", "b", string.Empty, "c");
    }

    [Fact]
    public void MathFunctions_MatchSpark()
    {
        var frame = _session.Frame("d:double,m:decimal(5,2),i:int", [-2.5, -2.45m, -7]);

        var result = frame.Select(Abs(Col("d")), Abs(Col("i")), Ceil(Col("d")), Floor(Col("d")), Ceil(Col("m")), Floor(Col("m")), Pow(Col("i"), 2));

        result.Schema.Fields.Select(f => f.DataType.SimpleString).Should().Equal("double", "int", "bigint", "bigint", "decimal(4,0)", "decimal(4,0)", "double");
        result.Rows().Single().Should().Equal(2.5, 7, -2L, -3L, -2m, -3m, 49.0);
    }

    [Fact]
    public void Round_NegativeScale_RoundsToTens()
    {
        var frame = _session.Frame("i:int", [125]);

        frame.Select(Round(Col("i"), -1), Bround(Col("i"), -1)).Rows().Single().Should().Equal(130, 120);
    }

    [Fact]
    public void NvlAndCoalesce_ReplaceNulls()
    {
        var frame = _session.Frame("a:string", [null], ["x"]);

        frame.Select(Nvl(Col("a"), "none")).Rows().Select(r => r[0]).Should().Equal("none", "x");
    }

    [Fact]
    public void FirstLast_IgnoreNulls_AndStddev()
    {
        var frame = _session.Frame("k:int,v:int", [1, null], [1, 4], [1, null]);

        frame.GroupBy("k").Agg(First(Col("v"), ignoreNulls: true), Last(Col("v"), ignoreNulls: true), Stddev(Col("v"))).Rows().Single()
            .Should().Equal(1, 4, 4, null);
        _session.Frame("v:int", [1], [3]).Agg(Stddev(Col("v"))).Single().Should().Be(Math.Sqrt(2));
    }

    [Fact]
    public void DateParts_MatchSpark()
    {
        var frame = _session.Frame("t:timestamp", [new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.Zero)]);

        frame.Select(Year(Col("t")), Month(Col("t")), DayOfMonth(Col("t")), Hour(Col("t")), Expr("minute(t)"), Expr("second(t)"))
            .Rows().Single().Should().Equal(2024, 2, 29, 13, 14, 15);
    }

    [Fact]
    public void DateParts_OfStrings_CastFirst()
    {
        var frame = _session.Frame("s:string", ["2024-02-29"], ["bad"]);

        frame.Select(Year(Col("s"))).Rows().Select(r => r[0]).Should().Equal(2024, null);
    }

    [Fact]
    public void CurrentDateAndTimestamp_AreUtcNow()
    {
        var row = _session.Frame("x:int", [1]).Select(CurrentDate(), CurrentTimestamp()).Collect().Single();

        row.GetDate(0).DayNumber.Should().BeCloseTo(DateOnly.FromDateTime(DateTime.UtcNow).DayNumber, 1);
        row.GetTimestamp(1).Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void ToDate_WithJavaPattern_Parses()
    {
        var frame = _session.Frame("s:string", ["29.02.2024"]);

        frame.Select(ToDate(Col("s"), "dd.MM.yyyy")).Single().Should().Be(new DateOnly(2024, 2, 29));
    }

    [Fact]
    public void CountDistinct_OfSeveralColumns_CountsCompleteCombinations()
    {
        var frame = _session.Frame("a:int,b:string", [1, "x"], [1, "x"], [1, "y"], [null, "x"]);

        frame.Agg(CountDistinct(Col("a"), Col("b"))).Single().Should().Be(2L);
    }

    [Fact]
    public void Select_AfterOrderBy_KeepsTheOrderOnLargeInput()
    {
        var values = _session.Range(0, 200_000).OrderBy(Col("id").Desc()).Select((Col("id") * 2).Alias("v")).Filter(Col("v") % 3 == 0)
            .ToLocalIterator().Select(r => r.GetInt64(0)).ToList();

        values.Should().HaveCount(66_667).And.BeInDescendingOrder();
    }

    [Fact]
    public void WithColumn_Explode_GeneratesRowsInPlace()
    {
        var frame = _session.Frame("id:int,xs:array<string>", [1, new[] { "a", "b" }], [2, null]);

        var result = frame.WithColumn("xs", Explode(Col("xs")));

        result.Columns.Should().Equal("id", "xs");
        result.OrderBy("xs").Rows().Should().BeEquivalentTo(new[] { new object?[] { 1, "a" }, new object?[] { 1, "b" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Explode_InsideAnotherFunction_FailsClearly()
    {
        var frame = _session.Frame("xs:array<string>", new object?[] { new[] { "a" } });

        var act = () => frame.Select(Upper(Explode(Col("xs"))));

        act.Should().Throw<AnalysisException>().WithMessage("*top level of Select*");
    }

    [Fact]
    public void Collect_MapOfStructs_ConvertsNestedValues()
    {
        var schema = (StructType)DataType.Parse("struct<m:map<string,struct<a:int>>>");
        var frame = _session.CreateDataFrame([[new Dictionary<string, object?> { ["k"] = new object?[] { 5 } }]], schema);

        var map = (Dictionary<object, object?>)frame.Collect().Single()[0]!;

        ((Row)map["k"]!).GetInt32("a").Should().Be(5);
        frame.ShowString().Should().Contain("{k -> {5}}");
    }
}
