using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Api;

/// <summary>DataFrame operations on small frames, run on DuckDB, against the rows Spark returns.</summary>
public sealed class DataFrameTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private DataFrame Customers => _session.Frame("id:int,name:string", [1, "ann"], [2, "bob"], [3, "cy"]);

    private DataFrame Orders => _session.Frame("order_id:int,id:int,amount:double", [10, 1, 5.0], [11, 1, 7.5], [12, 2, 1.0], [13, 9, 2.0]);

    [Fact]
    public void Join_Inner_OnUsingColumn_KeepsTheKeyOnce()
    {
        var result = Customers.Join(Orders, "id");

        result.Columns.Should().Equal("id", "name", "order_id", "amount");
        result.OrderBy("order_id").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { 1, "ann", 10, 5.0 }, new object?[] { 1, "ann", 11, 7.5 }, new object?[] { 2, "bob", 12, 1.0 } },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void Join_Left_KeepsUnmatchedLeftRowsWithNulls()
    {
        var result = Customers.Join(Orders, ["id"], "left").Filter(Col("name") == "cy");

        result.Rows().Single().Should().Equal(new object?[] { 3, "cy", null, null });
    }

    [Fact]
    public void Join_Right_TakesTheKeyFromTheRight()
    {
        var result = Customers.Join(Orders, ["id"], "right").Filter(Col("order_id") == 13);

        result.Rows().Single().Should().Equal(new object?[] { 9, null, 13, 2.0 });
    }

    [Fact]
    public void Join_FullOuter_CoalescesTheUsingKey()
    {
        var result = Customers.Join(Orders, ["id"], "full_outer").Select("id").OrderBy("id");

        result.Rows().Select(r => r[0]).Should().Equal(1, 1, 2, 3, 9);
    }

    [Fact]
    public void Join_SemiAndAnti_ReturnLeftColumnsOnly()
    {
        Customers.Join(Orders, ["id"], "left_semi").OrderBy("id").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { 1, "ann" }, new object?[] { 2, "bob" } }, o => o.WithStrictOrdering());
        Customers.Join(Orders, ["id"], "leftanti").Rows().Should().BeEquivalentTo(new[] { new object?[] { 3, "cy" } });
    }

    [Fact]
    public void Join_Condition_KeepsBothSidesColumns()
    {
        var c = Customers.Alias("c");
        var o = Orders.Alias("o");

        var result = c.Join(o, (Col("c.id") == Col("o.id")) & (Col("o.amount") > 2), "inner");

        result.Columns.Should().Equal("id", "name", "order_id", "id", "amount");
        result.Select(Col("c.name"), Col("o.order_id")).OrderBy("order_id").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { "ann", 10 }, new object?[] { "ann", 11 } }, opt => opt.WithStrictOrdering());
    }

    [Fact]
    public void Join_NullKeys_DoNotMatch()
    {
        var left = _session.Frame("k:int,a:string", [null, "x"]);
        var right = _session.Frame("k:int,b:string", [null, "y"]);

        left.Join(right, "k").Count().Should().Be(0);
    }

    [Fact]
    public void CrossJoin_PairsEveryRow()
    {
        Customers.CrossJoin(Orders).Count().Should().Be(12);
    }

    [Fact]
    public void Collect_DuplicateColumnNames_AreKeptAsSparkShowsThem()
    {
        var c = Customers.Alias("c");
        var o = Orders.Alias("o");

        var rows = c.Join(o, Col("c.id") == Col("o.id")).Filter(Col("o.order_id") == 12).Collect();

        rows.Single().Values.Should().Equal(2, "bob", 12, 2, 1.0);
    }

    [Fact]
    public void GroupBy_Agg_OutputsKeysThenAggregates()
    {
        var result = Orders.GroupBy("id").Agg(Sum("amount").Alias("total"), Count("*").Alias("n"), Max(Col("order_id"))).OrderBy("id");

        result.Columns.Should().Equal("id", "total", "n", "max(order_id)");
        result.Rows().Should().BeEquivalentTo(
            new[] { new object?[] { 1, 12.5, 2L, 11 }, new object?[] { 2, 1.0, 1L, 12 }, new object?[] { 9, 2.0, 1L, 13 } },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void GroupBy_ShortcutMethods_NameColumnsLikeSpark()
    {
        Orders.GroupBy("id").Count().Columns.Should().Equal("id", "count");
        Orders.GroupBy("id").Sum("amount").Columns.Should().Equal("id", "sum(amount)");
        Orders.GroupBy("id").Avg().Columns.Should().Equal("id", "avg(order_id)", "avg(id)", "avg(amount)");
        Orders.GroupBy(Col("id")).Agg(new Dictionary<string, string> { ["amount"] = "max" }).Columns.Should().Equal("id", "max(amount)");
    }

    [Fact]
    public void GroupBy_Expression_GroupsByItsValue()
    {
        var result = Orders.GroupBy((Col("order_id") % 2).Alias("parity")).Agg(Count("*").Alias("n")).OrderBy("parity");

        result.Rows().Should().BeEquivalentTo(new[] { new object?[] { 0, 2L }, new object?[] { 1, 2L } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Window_RowNumber_NumbersRowsPerPartition()
    {
        var window = Window.PartitionBy("id").OrderBy(Col("amount").Desc());

        var result = Orders.WithColumn("rn", RowNumber().Over(window)).Filter(Col("rn") == 1).OrderBy("id");

        result.Select("order_id").Rows().Select(r => r[0]).Should().Equal(11, 12, 13);
        result.Schema.Find("rn")!.DataType.Should().Be(DataType.Integer);
    }

    [Fact]
    public void Window_RankDenseRankLagLead_MatchSpark()
    {
        var frame = _session.Frame("v:int", [10], [20], [20], [30]);
        var window = Window.OrderBy("v");

        var result = frame.Select(Col("v"), Rank().Over(window), DenseRank().Over(window), Lag(Col("v")).Over(window), Lead(Col("v"), 1, -1).Over(window));

        result.Rows().Should().BeEquivalentTo(
            new[]
            {
                new object?[] { 10, 1, 1, null, 20 },
                new object?[] { 20, 2, 2, 10, 20 },
                new object?[] { 20, 2, 2, 20, 30 },
                new object?[] { 30, 4, 3, 20, -1 },
            },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void Window_RowsBetween_GivesRunningAndWholePartitionSums()
    {
        var frame = _session.Frame("k:string,t:int,v:int", ["a", 1, 1], ["a", 2, 2], ["a", 3, 3], ["b", 1, 10]);
        var running = Window.PartitionBy("k").OrderBy("t").RowsBetween(Window.UnboundedPreceding, Window.CurrentRow);
        var whole = Window.PartitionBy("k");
        var around = Window.PartitionBy("k").OrderBy("t").RowsBetween(-1, 1);

        var result = frame.Select(Col("k"), Col("t"), Sum("v").Over(running), Sum("v").Over(whole), Sum("v").Over(around)).OrderBy("k", "t");

        result.Rows().Should().BeEquivalentTo(
            new[]
            {
                new object?[] { "a", 1, 1L, 6L, 3L },
                new object?[] { "a", 2, 3L, 6L, 6L },
                new object?[] { "a", 3, 6L, 6L, 5L },
                new object?[] { "b", 1, 10L, 10L, 10L },
            },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void DropDuplicates_ByKeys_KeepsOneRowPerKey()
    {
        var result = Orders.DropDuplicates("id");

        result.Count().Should().Be(3);
        result.Select("id").OrderBy("id").Rows().Select(r => r[0]).Should().Equal(1, 2, 9);
        result.Columns.Should().Equal("order_id", "id", "amount");
    }

    [Fact]
    public void Distinct_RemovesDuplicateRows()
    {
        var frame = _session.Frame("a:int,b:string", [1, "x"], [1, "x"], [1, null], [1, null]);

        frame.Distinct().Count().Should().Be(2);
        frame.DropDuplicates().Count().Should().Be(2);
    }

    [Fact]
    public void Union_KeepsDuplicatesAndMatchesByPosition()
    {
        var a = _session.Frame("x:int,y:string", [1, "a"]);
        var b = _session.Frame("p:bigint,q:string", [1L, "a"]);

        var result = a.Union(b);

        result.Columns.Should().Equal("x", "y");
        result.Schema.Fields[0].DataType.Should().Be(DataType.Long);
        result.Rows().Should().BeEquivalentTo(new[] { new object?[] { 1L, "a" }, new object?[] { 1L, "a" } });
    }

    [Fact]
    public void UnionByName_MatchesNamesAndFillsMissingWithNull()
    {
        var a = _session.Frame("x:int,y:string", [1, "a"]);
        var b = _session.Frame("Y:string,z:double", ["b", 2.0]);

        var result = a.UnionByName(b, allowMissingColumns: true);

        result.Columns.Should().Equal("x", "y", "z");
        result.Rows().Should().BeEquivalentTo(new[] { new object?[] { 1, "a", null }, new object?[] { null, "b", 2.0 } });
        var strict = () => a.UnionByName(b);
        strict.Should().Throw<AnalysisException>();
    }

    [Fact]
    public void NaFill_FillsOnlyColumnsOfAFittingType()
    {
        var frame = _session.Frame("i:int,d:double,s:string", new object?[] { null, null, null });

        frame.Na.Fill(0).Rows().Single().Should().Equal(new object?[] { 0, 0.0, null });
        frame.Na.Fill("?").Rows().Single().Should().Equal(new object?[] { null, null, "?" });
        frame.Na.Fill(1.9, "i").Rows().Single().Should().Equal(new object?[] { 1, null, null });
    }

    [Fact]
    public void NaDrop_AnyAndAll()
    {
        var frame = _session.Frame("a:int,b:int", [1, 2], [1, null], [null, null]);

        frame.Na.Drop().Count().Should().Be(1);
        frame.Na.Drop("all").Count().Should().Be(2);
        frame.Na.Drop("any", "a").Count().Should().Be(2);
    }

    [Fact]
    public void WhenOtherwise_PicksTheFirstMatchingBranch()
    {
        var result = Orders.Select(
            Col("order_id"),
            When(Col("amount") >= 5, "big").When(Col("amount") >= 2, "mid").Otherwise("small").Alias("size")).OrderBy("order_id");

        result.Rows().Select(r => r[1]).Should().Equal("big", "big", "small", "mid");
    }

    [Fact]
    public void IsIn_AndBetween_Filter()
    {
        Orders.Filter(Col("order_id").IsIn(10, 13)).Count().Should().Be(2);
        Orders.Filter(Col("amount").Between(1.0, 5.0)).Count().Should().Be(3);
    }

    [Fact]
    public void SelectExpr_And_FilterString_UseSparkSql()
    {
        var result = Orders.SelectExpr("order_id", "amount * 2 AS doubled", "CASE WHEN amount > 3 THEN 'hi' ELSE 'lo' END AS level")
            .Filter("doubled >= 4 AND level = 'hi'")
            .OrderBy(Col("order_id"));

        result.Rows().Should().BeEquivalentTo(
            new[] { new object?[] { 10, 10.0, "hi" }, new object?[] { 11, 15.0, "hi" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void OrderByAndFilter_OnColumnsTheSelectDropped_ResolveLikeSpark()
    {
        var result = Orders.Select("order_id").Filter(Col("amount") > 1.0).OrderBy(Col("amount").Desc());

        result.Columns.Should().Equal("order_id");
        result.Rows().Select(r => r[0]).Should().Equal(11, 10, 13);
    }

    [Fact]
    public void SqlIfAndNullIf_Work()
    {
        Orders.SelectExpr("if(amount > 3, 'big', 'small') AS s", "nullif(id, 1) AS n").OrderBy("s").Rows().Select(r => r[0])
            .Should().Equal("big", "big", "small", "small");
    }

    [Fact]
    public void GetField_ReadsStructFields()
    {
        var frame = _session.Frame("s:struct<a:int,b:string>", new object?[] { new object?[] { 1, "x" } });

        frame.Select(Col("s").GetField("B"), Col("s.a")).Rows().Single().Should().Equal(new object?[] { "x", 1 });
        var row = frame.Collect().Single().GetStruct(0)!;
        row.GetString("b").Should().Be("x");
    }

    [Fact]
    public void Limit_And_Take_ReturnTheFirstRows()
    {
        Orders.OrderBy("order_id").Limit(2).Count().Should().Be(2);
        Orders.OrderBy(Col("order_id").Desc()).Take(1).Single().GetInt32("order_id").Should().Be(13);
        Orders.Filter(Col("id") == 100).First().Should().BeNull();
    }

    [Fact]
    public void Row_TypedAccessors_ConvertAndReportNulls()
    {
        var row = _session.Frame("i:int,s:string,d:decimal(5,2),b:boolean", [7, "x", 1.25m, null]).Collect().Single();

        row.GetInt32(0).Should().Be(7);
        row.GetInt64("i").Should().Be(7L);
        row.GetAs<double>("i").Should().Be(7.0);
        row.GetString("S").Should().Be("x");
        row.GetDecimal("d").Should().Be(1.25m);
        row.IsNullAt("b").Should().BeTrue();
        row.GetAs<bool?>("b").Should().BeNull();
        var act = () => row.GetBoolean("b");
        act.Should().Throw<InvalidCastException>().WithMessage("*'b' is NULL*");
        row.ToString().Should().Be("[7,x,1.25,null]");
    }

    [Fact]
    public void ToLocalIterator_StreamsRowsAndCanStopEarly()
    {
        var frame = _session.Sql("SELECT range AS n FROM range(100000)");

        var firstThree = frame.ToLocalIterator().Take(3).Select(r => r.GetInt64(0)).ToList();

        firstThree.Should().Equal(0L, 1L, 2L);
        frame.Count().Should().Be(100000);
    }

    [Fact]
    public void ToLocalIterator_OpenWhileAnotherActionRuns_FailsClearlyInsteadOfCuttingTheStream()
    {
        var frame = _session.Range(0, 10_000);
        using (var rows = frame.ToLocalIterator().GetEnumerator())
        {
            rows.MoveNext().Should().BeTrue();

            var act = () => _session.Range(5).Count();

            act.Should().Throw<InvalidOperationException>().WithMessage("*ToLocalIterator*");
            var read = 1;
            while (rows.MoveNext())
            {
                read++;
            }

            read.Should().Be(10_000);
        }

        _session.Range(5).Count().Should().Be(5);
    }

    [Fact]
    public void Sql_DuckDbQuery_IsADataFrame()
    {
        _session.Sql("CREATE TABLE t AS SELECT 1 AS a, 'x' AS b");

        var frame = _session.Sql("SELECT a, b FROM t;");

        frame.Schema.Fields.Select(f => f.DataType).Should().Equal(DataType.Integer, DataType.String);
        frame.WithColumn("c", Col("a") + 1).Rows().Single().Should().Equal(new object?[] { 1, "x", 2 });
        _session.Table("T").Count().Should().Be(1);
    }

    [Theory]
    [InlineData("VALUES (1, 'a')", 1)]
    [InlineData("WITH x AS (SELECT 1 AS a) SELECT * FROM x", 1)]
    [InlineData("FROM range(3)", 3)]
    [InlineData("(SELECT 1 UNION ALL SELECT 2)", 2)]
    [InlineData("DESCRIBE SELECT 1 AS a, 2 AS b", 2)]
    public void Sql_QueryForms_AreDataFrames(string query, int rows)
    {
        _session.Sql(query).Count().Should().Be(rows);
    }

    [Fact]
    public void CreateOrReplaceTempView_MakesTheFrameQueryable()
    {
        Orders.CreateOrReplaceTempView("orders");

        _session.Sql("SELECT sum(amount) AS s FROM orders").Single().Should().Be(15.5);
    }

    [Fact]
    public void Show_PrintsSparkTable()
    {
        var frame = _session.Frame("id:int,name:string,amount:double", [1, "ann", 1.5], [2, null, 10000000.0]);

        frame.ShowString().Should().Be(
            "+---+----+------+\n" +
            "| id|name|amount|\n" +
            "+---+----+------+\n" +
            "|  1| ann|   1.5|\n" +
            "|  2|NULL| 1.0E7|\n" +
            "+---+----+------+\n");
    }

    [Fact]
    public void Show_TruncatesLongValuesAndSaysWhenRowsAreLeftOut()
    {
        var frame = _session.Frame("s:string", ["abcdefghijklmnopqrstuvwxyz"], ["short"]);

        frame.ShowString(numRows: 1).Should().Be(
            "+--------------------+\n" +
            "|                   s|\n" +
            "+--------------------+\n" +
            "|abcdefghijklmnopq...|\n" +
            "+--------------------+\n" +
            "only showing top 1 row\n");
        frame.ShowString(truncate: 0).Should().Contain("|abcdefghijklmnopqrstuvwxyz|").And.Contain("|short                     |");
    }

    [Fact]
    public void Show_FormatsNestedAndTemporalValuesLikeSpark()
    {
        var frame = _session.Frame(
            "xs:array<int>,d:date,t:timestamp,b:boolean",
            [new[] { 1, 2 }, new DateOnly(2024, 1, 2), new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), true]);

        frame.ShowString().Should().Contain("|[1, 2]|2024-01-02|2024-01-02 03:04:05|true|");
    }

    [Fact]
    public void Explain_ReturnsTheCompiledDuckDbSql()
    {
        var sql = Orders.Filter(Col("amount") > 2).Select("order_id").Explain();

        sql.Should().Contain("SELECT").And.Contain("\"order_id\"").And.Contain("WHERE");
    }

    [Fact]
    public void PrintSchema_ShowsTheTree()
    {
        _session.Frame("id:bigint,s:struct<a:int>", [1L, new object?[] { 1 }]).PrintSchema().Should().Be(
            "root\n |-- id: bigint (nullable = true)\n |-- s: struct (nullable = true)\n |    |-- a: int (nullable = true)\n");
    }

    [Fact]
    public void Literals_OfEveryScalarType_RoundTrip()
    {
        var values = new object?[]
        {
            true, (sbyte)1, (short)2, 3, 4L, 1.5f, 2.5, 3.25m, "s'q\"x", new byte[] { 1, 2 }, new DateOnly(2024, 2, 29),
            new DateTimeOffset(2024, 2, 29, 23, 59, 59, 123, TimeSpan.Zero),
        };

        var row = _session.Frame("x:int", [1]).Select([.. values.Select((v, i) => Lit(v).Alias("c" + i))]).Collect().Single();

        row.Values.Should().BeEquivalentTo(values, o => o.WithStrictOrdering());
    }
}
