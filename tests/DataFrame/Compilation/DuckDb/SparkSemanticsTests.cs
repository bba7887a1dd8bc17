using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Compilation.DuckDb;

/// <summary>
/// Each test runs the compiled SQL on DuckDB and asserts the result Spark 3.5 (non-ANSI) documents, where DuckDB's own
/// default would differ (DESIGN.md section 3).
/// </summary>
public sealed class SparkSemanticsTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private DataFrame One => _session.Frame("x:int", [1]);

    private object? Eval(Column column) => One.Select(column.Alias("v")).Single();

    [Fact]
    public void OrderBy_Ascending_PutsNullsFirst()
    {
        var frame = _session.Frame("v:int", [2], [null], [1]);

        frame.OrderBy(Col("v")).Rows().Select(r => r[0]).Should().Equal(null, 1, 2);
        frame.OrderBy(Col("v").Asc()).Rows().Select(r => r[0]).Should().Equal(null, 1, 2);
    }

    [Fact]
    public void OrderBy_Descending_PutsNullsLast()
    {
        var frame = _session.Frame("v:int", [2], [null], [1]);

        frame.OrderBy(Col("v").Desc()).Rows().Select(r => r[0]).Should().Equal(2, 1, null);
        frame.OrderBy(Col("v").DescNullsFirst()).Rows().Select(r => r[0]).Should().Equal(null, 2, 1);
        frame.OrderBy(Col("v").AscNullsLast()).Rows().Select(r => r[0]).Should().Equal(1, 2, null);
    }

    [Fact]
    public void Limit_AfterOrderBy_KeepsTheOrder()
    {
        var frame = _session.Frame("v:int", [3], [1], [2], [5], [4]);

        frame.OrderBy(Col("v").Desc()).Limit(3).Select(Col("v") * 10).Rows().Select(r => r[0]).Should().Equal(50, 40, 30);
    }

    [Fact]
    public void Cast_StringThatDoesNotParse_IsNull()
    {
        var frame = _session.Frame("s:string", ["abc"], ["12"], [" 7 "], ["12.7"]);

        frame.Select(Col("s").Cast("int")).Rows().Select(r => r[0]).Should().Equal(null, 12, 7, 12);
    }

    [Fact]
    public void Cast_StringWithWhiteSpaceOrNonDecimalForms_AsSparkParsesNumbers()
    {
        var frame = _session.Frame("s:string", ["\t12\n"], [" -3 "], ["0x1A"], ["1_000"], [" 2.5 "], [""], [" "], ["1e3"]);

        frame.Select(Col("s").Cast("int")).Rows().Select(r => r[0]).Should().Equal(12, -3, null, null, 2, null, null, null);
        frame.Select(Col("s").Cast("decimal(12,2)")).Rows().Select(r => r[0]).Should().Equal(12.00m, -3.00m, null, null, 2.50m, null, null, 1000.00m);
        frame.Select(Col("s").Cast("double")).Rows().Select(r => r[0]).Should().Equal(12.0, -3.0, null, null, 2.5, null, null, 1000.0);
    }

    [Fact]
    public void Cast_FractionalToIntegral_Truncates()
    {
        Eval(Lit(12.7).Cast("int")).Should().Be(12);
        Eval(Lit(-12.7).Cast("int")).Should().Be(-12);
        Eval(Lit(2.5m).Cast("bigint")).Should().Be(2L);
    }

    [Fact]
    public void Cast_StringToBoolean_AcceptsSparkSpellings()
    {
        var frame = _session.Frame("s:string", ["yes"], ["F"], [" true "], ["maybe"]);

        frame.Select(Col("s").Cast("boolean")).Rows().Select(r => r[0]).Should().Equal(true, false, true, null);
    }

    [Fact]
    public void Divide_Integers_GivesDouble()
    {
        var frame = _session.Frame("a:int,b:int", [7, 2]);
        var result = frame.Select((Col("a") / Col("b")).Alias("q"));

        result.Schema.Fields[0].DataType.Should().Be(DataType.Double);
        result.Single().Should().Be(3.5);
    }

    [Fact]
    public void Divide_Decimals_IsExactAndRoundsHalfUp_AsSparksBigDecimal()
    {
        // 1085380.47 / 102 = 10640.985 exactly: as doubles it is 10640.98499..., which rounds to .98.
        var frame = _session.Frame("a:decimal(22,2),n:bigint,r:decimal(12,2),z:decimal(12,2)", [1085380.47m, 102L, 3.00m, 0.00m], [-1085380.47m, 102L, -3.00m, 0.00m]);

        var result = frame.Select(
            (Col("a") / Col("n")).As("q"),
            Round(Col("a") / Col("n"), 2).As("rounded"),
            (Lit(1m) / Col("r")).As("third"),
            (Col("a") / Col("z")).As("by_zero"));

        result.Schema.Fields[0].DataType.Should().Be(new DecimalType(38, 18), "Spark's type for decimal(22,2) / decimal(20,0)");
        result.Schema.Fields[2].DataType.Should().Be(new DecimalType(16, 13), "Spark's type for decimal(1,0) / decimal(12,2)");
        var rows = result.Rows();
        rows[0].Should().Equal(10640.985m, 10640.99m, 0.3333333333333m, null);
        rows[1].Should().Equal(-10640.985m, -10640.99m, -0.3333333333333m, null);
    }

    [Fact]
    public void Divide_ByZero_IsNull()
    {
        var frame = _session.Frame("a:int,b:int,d:double", [7, 0, 0.0]);

        frame.Select(Col("a") / Col("b"), Col("d") / Col("b"), Col("a") % Col("b")).Rows().Single().Should().Equal(new object?[] { null, null, null });
    }

    [Fact]
    public void Remainder_TakesTheSignOfTheDividend()
    {
        var frame = _session.Frame("a:int,b:int", [-7, 3], [7, -3]);

        frame.Select(Col("a") % Col("b")).Rows().Select(r => r[0]).Should().Equal(-1, 1);
    }

    [Fact]
    public void Div_TruncatesTowardZero()
    {
        One.SelectExpr("-7 div 2 AS q").Single().Should().Be(-3L);
    }

    [Fact]
    public void Round_Double_RoundsHalfUp()
    {
        Eval(Round(Lit(2.5))).Should().Be(3.0);
        Eval(Round(Lit(-2.5))).Should().Be(-3.0);
        Eval(Round(Lit(2.675), 2)).Should().Be(2.68);
        Eval(Round(Lit(1.005), 2)).Should().Be(1.01);
    }

    [Fact]
    public void Round_Decimal_RoundsHalfUpWithSparkType()
    {
        var frame = _session.Frame("m:decimal(4,3)", [2.345m]);
        var result = frame.Select(Round(Col("m"), 2).Alias("r"));

        result.Schema.Fields[0].DataType.Should().Be(new DecimalType(4, 2));
        result.Single().Should().Be(2.35m);
    }

    [Fact]
    public void Bround_RoundsHalfEven()
    {
        Eval(Bround(Lit(2.5))).Should().Be(2.0);
        Eval(Bround(Lit(3.5))).Should().Be(4.0);
        var frame = _session.Frame("m:decimal(4,3)", [2.345m]);
        frame.Select(Bround(Col("m"), 2)).Single().Should().Be(2.34m);
    }

    [Fact]
    public void Concat_WithNull_IsNull()
    {
        var frame = _session.Frame("a:string,b:string", ["x", null]);

        frame.Select(Concat(Col("a"), Col("b"))).Single().Should().BeNull();
        frame.SelectExpr("a || b").Single().Should().BeNull();
    }

    [Fact]
    public void ConcatWs_SkipsNulls()
    {
        var frame = _session.Frame("a:string,b:string,c:int", ["x", null, 3]);

        frame.Select(ConcatWs("-", Col("a"), Col("b"), Col("c"))).Single().Should().Be("x-3");
    }

    [Theory]
    [InlineData(1, 3, "hel")]
    [InlineData(0, 2, "he")]
    [InlineData(-3, 2, "ll")]
    [InlineData(-10, 3, "")]
    [InlineData(2, -1, "")]
    [InlineData(4, 10, "lo")]
    public void Substring_FollowsSparkPositions(int position, int length, string expected)
    {
        var frame = _session.Frame("s:string", ["hello"]);

        frame.Select(Substring(Col("s"), position, length)).Single().Should().Be(expected);
    }

    [Fact]
    public void DateFormat_JavaPattern_IsTranslated()
    {
        var frame = _session.Frame("d:date,t:timestamp", [new DateOnly(2024, 3, 5), new DateTimeOffset(2024, 3, 5, 14, 7, 9, TimeSpan.Zero)]);

        frame.Select(DateFormat(Col("d"), "dd/MM/yyyy"), DateFormat(Col("t"), "yyyy-MM-dd HH:mm:ss"), DateFormat(Col("t"), "MMM d, ''yy"))
            .Rows().Single().Should().Equal("05/03/2024", "2024-03-05 14:07:09", "Mar 5, '24");
    }

    [Fact]
    public void ToTimestamp_JavaPattern_ParsesAsUtcAndFailsToNull()
    {
        var frame = _session.Frame("s:string", ["05/03/2024 14:07"], ["garbage"]);

        frame.Select(ToTimestamp(Col("s"), "dd/MM/yyyy HH:mm")).Rows().Select(r => r[0])
            .Should().Equal(new DateTimeOffset(2024, 3, 5, 14, 7, 0, TimeSpan.Zero), null);
    }

    [Fact]
    public void ToDate_String_ParsesIsoDatesAndTimestamps()
    {
        var frame = _session.Frame("s:string", ["2024-03-05"], ["2024-03-05 10:00:00"], ["nope"]);

        frame.Select(ToDate(Col("s"))).Rows().Select(r => r[0]).Should().Equal(new DateOnly(2024, 3, 5), new DateOnly(2024, 3, 5), null);
    }

    [Fact]
    public void DateFormat_UnsupportedPatternLetter_FailsClearly()
    {
        var act = () => One.Select(DateFormat(CurrentDate(), "yyyy-QQ")).Collect();

        act.Should().Throw<NotSupportedException>().WithMessage("*QQ*");
    }

    [Fact]
    public void RegexpReplace_JavaGroupReference_Works()
    {
        var frame = _session.Frame("s:string", ["a1b22"]);

        frame.Select(RegexpReplace(Col("s"), "(\\d+)", "<$1>")).Single().Should().Be("a<1>b<22>");
    }

    [Fact]
    public void RegexpExtract_NoMatch_IsEmptyString()
    {
        var frame = _session.Frame("s:string", ["abc"], [null]);

        frame.Select(RegexpExtract(Col("s"), "(\\d+)", 1)).Rows().Select(r => r[0]).Should().Equal(new object?[] { string.Empty, null });
    }

    [Fact]
    public void RLike_SearchesAnywhereInTheString()
    {
        var frame = _session.Frame("s:string", ["abc123"], ["abc"]);

        frame.Filter(Col("s").RLike("\\d")).Rows().Select(r => r[0]).Should().Equal("abc123");
    }

    [Theory]
    [InlineData("a(?=b)")]
    [InlineData("(?<!x)y")]
    [InlineData("(a)\\1")]
    [InlineData("a*+")]
    public void RLike_JavaOnlyConstructs_FailClearly(string pattern)
    {
        var act = () => One.Select(Lit("ab").RLike(pattern)).Collect();

        act.Should().Throw<NotSupportedException>().WithMessage("*RE2*");
    }

    [Fact]
    public void Avg_OfIntegers_IsDouble()
    {
        var frame = _session.Frame("v:int", [1], [2]);
        var result = frame.Agg(Avg("v").Alias("a"));

        result.Schema.Fields[0].DataType.Should().Be(DataType.Double);
        result.Single().Should().Be(1.5);
    }

    [Fact]
    public void Sum_OfIntegers_IsBigint()
    {
        var frame = _session.Frame("v:int", [int.MaxValue], [int.MaxValue]);
        var result = frame.Agg(Sum("v").Alias("s"));

        result.Schema.Fields[0].DataType.Should().Be(DataType.Long);
        result.Single().Should().Be(2L * int.MaxValue);
    }

    [Fact]
    public void Sum_OfDecimals_WidensPrecisionByTen()
    {
        var frame = _session.Frame("m:decimal(5,2)", [1.25m], [2.50m]);
        var result = frame.Agg(Sum("m"), Avg("m"));

        result.Schema.Fields.Select(f => f.DataType).Should().Equal(new DecimalType(15, 2), new DecimalType(9, 6));
        result.Rows().Single().Should().Equal(3.75m, 1.875m);
    }

    [Fact]
    public void Count_Column_SkipsNullsAndStarCountsRows()
    {
        var frame = _session.Frame("v:int", [1], [null], [1]);

        frame.Agg(Count("v"), Count("*"), CountDistinct(Col("v"))).Rows().Single().Should().Equal(2L, 3L, 1L);
    }

    [Fact]
    public void Sum_OfNoRows_IsNullAndCountIsZero()
    {
        var frame = _session.Frame("v:int", [1]).Filter(Col("v") > 5);

        frame.Agg(Sum("v"), Count("*")).Rows().Single().Should().Equal(null, 0L);
    }

    [Fact]
    public void Explode_DropsRowsWithNullOrEmptyArrays()
    {
        var frame = _session.Frame("id:int,xs:array<int>", [1, new[] { 10, 20 }], [2, Array.Empty<int>()], [3, null]);

        frame.Select(Col("id"), Explode(Col("xs")).Alias("x")).Rows()
            .Should().BeEquivalentTo(new[] { new object?[] { 1, 10 }, new object?[] { 1, 20 } });
    }

    [Fact]
    public void ExplodeOuter_KeepsANullRowForNullOrEmptyArrays()
    {
        var frame = _session.Frame("id:int,xs:array<int>", [1, new[] { 10 }], [2, Array.Empty<int>()], [3, null]);

        var result = frame.Select(Col("id"), ExplodeOuter(Col("xs")));
        result.Columns.Should().Equal("id", "col");
        result.OrderBy("id").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { 1, 10 }, new object?[] { 2, null }, new object?[] { 3, null } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void DayOfWeek_SundayIsOne()
    {
        var frame = _session.Frame("d:date", [new DateOnly(2024, 1, 7)], [new DateOnly(2024, 1, 13)]);

        frame.Select(DayOfWeek(Col("d"))).Rows().Select(r => r[0]).Should().Equal(1, 7);
    }

    [Fact]
    public void Timestamps_AreUtcInstants()
    {
        var instant = new DateTimeOffset(2024, 1, 1, 1, 30, 0, TimeSpan.FromHours(2));
        var frame = _session.Frame("t:timestamp", [instant]);
        var result = frame.Select(Col("t"), Hour(Col("t")), DateFormat(Col("t"), "yyyy-MM-dd HH:mm"), ToDate(Col("t")));

        result.Rows().Single().Should().Equal(
            new DateTimeOffset(2023, 12, 31, 23, 30, 0, TimeSpan.Zero), 23, "2023-12-31 23:30", new DateOnly(2023, 12, 31));
        ((DateTimeOffset)result.Collect()[0][0]!).Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Cast_TimestampToString_HasNoZoneSuffix()
    {
        var frame = _session.Frame("t:timestamp", [new DateTimeOffset(2024, 1, 1, 10, 0, 0, 500, TimeSpan.Zero)]);

        frame.Select(Col("t").Cast("string")).Single().Should().Be("2024-01-01 10:00:00.5");
    }

    [Fact]
    public void Size_OfNullArray_IsMinusOne()
    {
        var frame = _session.Frame("xs:array<int>", [new[] { 1, 2 }], [null]);

        frame.Select(Size(Col("xs"))).Rows().Select(r => r[0]).Should().Equal(2, -1);
    }

    [Fact]
    public void GetItem_OnArrays_IsZeroBasedAndElementAtOneBased()
    {
        var frame = _session.Frame("xs:array<string>", new object?[] { new[] { "a", "b", "c" } });

        frame.Select(Col("xs").GetItem(0), ElementAt(Col("xs"), 1), ElementAt(Col("xs"), -1), Col("xs").GetItem(5))
            .Rows().Single().Should().Equal("a", "a", "c", null);
    }

    [Fact]
    public void Sqrt_OfNegative_IsNaN()
    {
        Eval(Sqrt(Lit(-4))).Should().Be(double.NaN);
        Eval(Sqrt(Lit(16))).Should().Be(4.0);
    }

    [Fact]
    public void Lpad_LongerValue_IsTruncated()
    {
        var frame = _session.Frame("s:string", ["abc"], ["abcdef"]);

        frame.Select(Lpad(Col("s"), 5, "-"), Rpad(Col("s"), 4, "*")).Rows()
            .Should().BeEquivalentTo(new[] { new object?[] { "--abc", "abc*" }, new object?[] { "abcde", "abcd" } });
    }

    [Fact]
    public void Initcap_CapitalisesEachWord()
    {
        Eval(Initcap(Lit("hELLO wORLD"))).Should().Be("Hello World");
    }

    [Fact]
    public void Like_BackslashEscapesWildcards()
    {
        var frame = _session.Frame("s:string", ["50%"], ["500"]);

        frame.Filter("s LIKE '50\\\\%'").Rows().Select(r => r[0]).Should().Equal("50%");
        frame.Filter(Col("s").Like("5_0")).Rows().Select(r => r[0]).Should().Equal("500");
    }

    [Fact]
    public void EqualTo_WithNull_IsNullButEqNullSafeIsTrue()
    {
        var frame = _session.Frame("a:int", [null]);

        frame.Select(Col("a") == Lit(null), Col("a").EqNullSafe(null)).Rows().Single().Should().Equal(null, true);
    }

    [Fact]
    public void DateDiff_AndDateAdd_CountDays()
    {
        var frame = _session.Frame("a:date,b:date", [new DateOnly(2024, 3, 1), new DateOnly(2024, 2, 1)]);

        frame.Select(DateDiff(Col("a"), Col("b")), DateAdd(Col("b"), 28), DateSub(Col("a"), 1)).Rows().Single()
            .Should().Equal(29, new DateOnly(2024, 2, 29), new DateOnly(2024, 2, 29));
    }

    [Fact]
    public void DateTrunc_Month_GivesTimestampAtStartOfMonth()
    {
        var frame = _session.Frame("t:timestamp", [new DateTimeOffset(2024, 3, 15, 10, 0, 0, TimeSpan.Zero)]);

        frame.Select(DateTrunc("MM", Col("t"))).Single().Should().Be(new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Sha2_256AndMd5_AreLowerCaseHex()
    {
        Eval(Sha2(Lit("a"), 256)).Should().Be("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
        Eval(Md5(Lit("a"))).Should().Be("0cc175b9c0f1b6a831c399e269772661");
    }

    [Fact]
    public void Fingerprint_IsABigintThatTellsValuesApartAndRepeatsForEqualOnes()
    {
        var frame = _session.Frame("s:string", ["a"], ["a"], ["b"], [""], [null]);

        var hashes = frame.Select(Fingerprint(Col("s")).As("h")).Collect().Select(r => r.IsNullAt(0) ? (long?)null : r.GetInt64(0)).ToList();

        frame.Select(Fingerprint(Col("s"))).Schema.Fields.Single().DataType.Should().Be(DataType.Long);
        hashes[0].Should().Be(hashes[1], "equal values hash alike");
        hashes.Skip(1).Should().OnlyHaveUniqueItems("different values (the empty string and NULL included) hash apart");
    }

    [Fact]
    public void Sha2_512_FailsClearly()
    {
        var act = () => One.Select(Sha2(Lit("a"), 512)).Collect();

        act.Should().Throw<NotSupportedException>().WithMessage("*512*");
    }

    [Fact]
    public void Greatest_SkipsNulls()
    {
        var frame = _session.Frame("a:int,b:int", [null, 3]);

        frame.Select(Greatest(Col("a"), Col("b")), Least(Col("a"), Col("b")), Coalesce(Col("a"), Col("b"))).Rows().Single().Should().Equal(3, 3, 3);
    }

    [Fact]
    public void CollectList_SkipsNulls()
    {
        var frame = _session.Frame("k:int,v:string", [1, "a"], [1, null], [1, "b"]);

        var list = (List<object?>)frame.GroupBy("k").Agg(CollectList(Col("v"))).Collect()[0][1]!;
        list.Should().BeEquivalentTo(new[] { "a", "b" });
    }

    [Fact]
    public void StringInArithmetic_IsDouble()
    {
        var frame = _session.Frame("s:string", ["1.5"], ["x"]);
        var result = frame.Select((Col("s") + 1).Alias("v"));

        result.Schema.Fields[0].DataType.Should().Be(DataType.Double);
        result.Rows().Select(r => r[0]).Should().Equal(2.5, null);
    }

    [Fact]
    public void ColumnNames_ResolveCaseInsensitivelyAndKeepTheirSpelling()
    {
        var frame = _session.Frame("OrderId:int", [1]);

        var result = frame.Select(Col("orderid"), Expr("ORDERID + 1"));
        result.Columns.Should().Equal("OrderId", "(ORDERID + 1)");
        result.Rows().Single().Should().Equal(1, 2);
    }

    [Fact]
    public void NaiveTimestampSources_BecomeUtcInstants()
    {
        var frame = _session.Sql("SELECT TIMESTAMP '2024-01-01 10:00:00' AS t");

        frame.CreateOrReplaceTempView("naive");

        _session.Sql("SELECT typeof(t) AS type FROM naive").Single().Should().Be("TIMESTAMP WITH TIME ZONE");
        frame.Single().Should().Be(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero));
    }
}
