using System.Security.Cryptography;
using System.Text;
using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Plan;
using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Plan;

/// <summary>
/// The Spark calls behind ../shared/fixtures/spark-connect-golden (INDEX.md), written with our API on the same inputs:
/// each builds the plan node the golden relation has, and (unless noted) also runs on DuckDB.
/// </summary>
public sealed class SparkConnectGoldenCallsTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private DataFrame Simple => _session.Frame("id:bigint,a:int,b:double", [1L, 2, 3.0]);

    private DataFrame Right => _session.Frame("a:int,id:bigint,payload:binary", [2, 1L, new byte[] { 1 }]);

    private DataFrame Complex => _session.Frame(
        "id:bigint,a:int,b:double,d:struct<id:bigint,a:int,b:double>,e:array<int>,f:map<string,struct<id:bigint,a:int,b:double>>,g:string",
        [1L, 2, 3.0, new object?[] { 1L, 2, 3.0 }, new[] { 1, 2 }, new Dictionary<string, object?> { ["k"] = new object?[] { 1L, 2, 3.0 } }, "  hello 42 "]);

    private DataFrame Temporals => _session.Frame(
        "d:date,t:timestamp,s:string,x:bigint,wt:struct<start:timestamp,end:timestamp>",
        [new DateOnly(2024, 1, 2), new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), "2024-01-02 03:04:05.1234", 1L, null]);

    private static T Root<T>(DataFrame frame)
        where T : LogicalPlan => frame.Plan.Should().BeOfType<T>().Subject;

    [Fact]
    public void Select_And_SelectExpr()
    {
        Root<Project>(Simple.Select(Col("id"))).Expressions.Should().Equal(new ColumnReference(["id"]));
        var selectExpr = Simple.SelectExpr("a + 10 as x", "id % 10 as grp");
        Root<Project>(selectExpr).Expressions.Should().AllBeOfType<ExpressionString>();
        selectExpr.Rows().Single().Should().Equal(12, 1L);
    }

    [Fact]
    public void Filter_Column_And_Strings()
    {
        Root<Filter>(Simple.Filter(Col("id") == Lit(10L))).Condition.Should().Be(
            new FunctionCall("==", [new ColumnReference(["id"]), new Literal(10L, DataType.Long)]));
        Simple.Filter("exp(a) < 10.0").Count().Should().Be(1);
        Simple.Where("a + id < 1000").Count().Should().Be(1);
    }

    [Fact]
    public void GroupBy_Variants()
    {
        var byMap = Simple.GroupBy(Col("id")).Agg(new Dictionary<string, string> { ["a"] = "max", ["b"] = "stddev", ["*"] = "size" });
        Root<Aggregate>(byMap).AggregateExpressions.Should().Equal(
            new FunctionCall("max", [new ColumnReference(["a"])]),
            new FunctionCall("stddev", [new ColumnReference(["b"])]),
            new FunctionCall("count", [new StarExpression(null)]));
        byMap.Rows().Single().Should().Equal(1L, 2, null, 1L);

        Simple.GroupBy(Col("id")).Agg(Max("a"), Sum("b")).Rows().Single().Should().Equal(1L, 2, 3.0);
        Simple.GroupBy("id", "b").Agg(new Dictionary<string, string> { ["a"] = "max" }).Columns.Should().Equal("id", "b", "max(a)");
        Simple.GroupBy(Col("id")).Avg("a", "b").Rows().Single().Should().Equal(1L, 2.0, 3.0);
        Root<Aggregate>(Simple.GroupBy(Col("id")).Count()).AggregateExpressions.Should().Equal(
            new AliasExpression(new FunctionCall("count", [new Literal(1, DataType.Integer)]), "count"));
    }

    [Fact]
    public void WithColumn_Renamed_Drop()
    {
        Root<WithColumns>(Simple.WithColumn("z", Expr("a + 100"))).Columns.Single().Name.Should().Be("z");
        Root<WithColumnsRenamed>(Simple.WithColumnRenamed("id", "nid")).Renames.Single().Should().Be(new KeyValuePair<string, string>("id", "nid"));
        Root<Drop>(Simple.Drop("a")).ColumnNames.Should().Equal("a");
        Root<Drop>(Simple.Drop(Col("b"))).Columns.Should().Equal(new ColumnReference(["b"]));
        Simple.Drop(Col("b")).Columns.Should().Equal("id", "a");
    }

    [Fact]
    public void DropDuplicates_And_Distinct_AreDeduplicateOnAllColumns()
    {
        Root<Deduplicate>(Simple.DropDuplicates()).AllColumnsAsKeys.Should().BeTrue();
        Root<Deduplicate>(Simple.Distinct()).AllColumnsAsKeys.Should().BeTrue();
    }

    [Fact]
    public void Joins_Using_Condition_Semi_Broadcast()
    {
        var inner = Root<Join>(Simple.Join(Right, "id"));
        (inner.JoinType, inner.UsingColumns.Single()).Should().Be((JoinType.Inner, "id"));

        var condition = Simple.Alias("l").Join(Right.Alias("r"), Col("l.a") == Col("r.a"));
        Root<Join>(condition).Left.Should().BeOfType<SubqueryAlias>().Which.Alias.Should().Be("l");
        condition.Count().Should().Be(1);

        Root<Join>(Simple.Join(Right, ["id"], "left_semi")).JoinType.Should().Be(JoinType.LeftSemi);
        Root<Join>(Simple.Join(Broadcast(Right), "id")).Right.Should().BeOfType<Hint>().Which.Name.Should().Be("broadcast");
    }

    [Fact]
    public void OrderBy_DescNullsLast_And_Limit()
    {
        Root<Sort>(Complex.OrderBy(Col("b").DescNullsLast())).Orders.Should().Equal(new SortOrder(new ColumnReference(["b"]), Ascending: false, NullsFirst: false));
        Root<Limit>(Simple.Limit(10)).Count.Should().Be(10);
    }

    [Fact]
    public void Read_Csv_Json_Table()
    {
        var directory = Path.Combine(Path.GetTempPath(), "lakehouse-golden-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var people = Path.Combine(directory, "people.csv");
            File.WriteAllText(people, "name;age;job\nJorge;30;Developer\n");
            var csv = _session.Read.Format("csv").Schema("name STRING,age INT,job STRING").Option("header", "true")
                .Options(new Dictionary<string, string> { ["delimiter"] = ";" }).Load(people);
            var read = Root<DataSourceRead>(csv);
            (read.Format, read.Paths.Single(), read.UserSchema!.SimpleString).Should().Be(("csv", people, "struct<name:string,age:int,job:string>"));
            csv.Rows().Single().Should().Equal("Jorge", 30, "Developer");

            var json = Path.Combine(directory, "people.json");
            File.WriteAllText(json, "{\"name\":\"Michael\"}\n");
            Root<DataSourceRead>(_session.Read.Json(json)).Format.Should().Be("json");

            Simple.Write.SaveAsTable("myTable");
            Root<TableRead>(_session.Read.Table("myTable")).TableName.Should().Be("myTable");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ToDF_And_Range()
    {
        Root<ToDf>(Simple.ToDF("x1", "x2", "x3")).ColumnNames.Should().Equal("x1", "x2", "x3");
        var range = Root<RangePlan>(_session.Range(1, 10, 1));
        (range.Start, range.End, range.Step).Should().Be((1L, 10L, 1L));
    }

    [Fact]
    public void Window_FrameSpecs_And_EmptyOver()
    {
        var frame = Simple.Select(
            Min("id").Over(Window.PartitionBy(Col("a"), Col("b"))),
            Min("id").Over(Window.PartitionBy("a", "b").OrderBy("id")),
            Min("id").Over(Window.OrderBy("a").RowsBetween(2L, 3L)),
            Min("id").Over(Window.OrderBy("a").RangeBetween(Window.UnboundedPreceding, 2L)),
            Count(Col("id")).Over());

        var windows = Root<Project>(frame).Expressions.Cast<WindowExpression>().ToList();
        windows[2].Spec.Frame.Should().Be(new WindowFrame(FrameType.Rows, 2, 3));
        windows[3].Spec.Frame.Should().Be(new WindowFrame(FrameType.Range, long.MinValue, 2));
        windows[4].Spec.Should().Be(WindowSpecDefinition.Empty);
        frame.Rows().Single().Should().Equal(1L, 1L, null, 1L, 1L);
    }

    [Fact]
    public void Column_Cast_Alias_And_NaFill()
    {
        Root<Project>(Simple.Select(Col("a").Cast("long"))).Expressions.Single().Should().Be(new CastExpression(new ColumnReference(["a"]), DataType.Long));
        Root<Project>(Simple.Select(Col("a").Name("b"))).Expressions.Single().Should().Be(new AliasExpression(new ColumnReference(["a"]), "b"));
        var fill = Root<NaFill>(Simple.Na.Fill(8L, "id"));
        (fill.ColumnNames.Single(), fill.Value).Should().Be(("id", new Literal(8L, DataType.Long)));
    }

    [Fact]
    public void StringFunctions_OnComplexG()
    {
        Complex.Select(Lpad(Col("g"), 10, "-"), Trim(Col("g")), Lower(Col("g")), RegexpReplace(Col("g"), "(\\d+)", "XXX"))
            .Rows().Single().Should().Equal("  hello 42", "hello 42", "  hello 42 ", "  hello XXX ");
        Complex.Select(ConcatWs("-", Col("b"), Lit("world"), Col("id"))).Single().Should().Be("3.0-world-1");
    }

    [Fact]
    public void Aggregates_And_Round()
    {
        Simple.Select(Round(Col("b"), 2)).Single().Should().Be(3.0);
        Simple.Agg(Avg("a"), Sum("a"), Count(Col("a"))).Rows().Single().Should().Equal(2.0, 2L, 1L);
    }

    [Fact]
    public void Temporal_Functions()
    {
        Temporals.Select(DateFormat(Col("d"), "yyyy-MM-dd")).Single().Should().Be("2024-01-02");
        Temporals.Select(RowNumber().Over(Window.PartitionBy(Col("x")).OrderBy(Col("d")))).Single().Should().Be(1);

        // Spark's golden call uses the pattern "SSSS" (4 fraction digits), which strptime cannot express: refused, not misread.
        var plan = Temporals.Select(ToTimestamp(Col("s"), "yyyy-MM-dd HH:mm:ss.SSSS"));
        plan.Schema.Fields.Single().DataType.Should().Be(DataType.Timestamp);
        var run = () => plan.Collect();
        run.Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Sha2_OfBinaryCast_BuildsButNeeds256OnDuckDb()
    {
        var plan = Complex.Select(Sha2(Col("g").Cast("binary"), 512));
        plan.Schema.Fields.Single().DataType.Should().Be(DataType.String);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("  hello 42 ")));
        Complex.Select(Sha2(Col("g").Cast("binary"), 256)).Single().Should().Be(expected);
    }

    [Fact]
    public void Literals_And_Expr()
    {
        var frame = Simple.Select(
            Lit(true), Lit((sbyte)68), Lit((short)9872), Lit(-8726532), Lit(7834609328726532L), Lit(Math.E), Lit(-0.8f), Lit(89.97620m),
            Lit("connect!"), Lit('T'), Lit(new[] { 8, 6 }), Lit(null), Lit(new DateOnly(2020, 10, 10)), Lit(new byte[] { 8, 6 }),
            Expr("a + 1"));

        frame.Schema.Fields.Select(f => f.DataType.SimpleString).Should().Equal(
            "boolean", "tinyint", "smallint", "int", "bigint", "double", "float", "decimal(7,5)", "string", "string", "array<int>", "void",
            "date", "binary", "int");
        frame.Collect().Single().Values.Should().HaveCount(15);
    }
}
