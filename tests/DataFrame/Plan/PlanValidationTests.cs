using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Plan;

/// <summary>Plans validate when built: errors surface at the call that caused them, with the valid alternatives.</summary>
public sealed class PlanValidationTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    private DataFrame Orders => _session.Frame("order_id:bigint,Customer:string,amount:decimal(10,2)", [1L, "ann", 9.99m]);

    [Fact]
    public void Select_UnknownColumn_ListsTheAvailableColumns()
    {
        var act = () => Orders.Select(Col("amout"));

        act.Should().Throw<AnalysisException>()
            .WithMessage("*`amout`*cannot be resolved*[`order_id`, `Customer`, `amount`]*");
    }

    [Fact]
    public void Filter_UnknownColumnInExpressionString_FailsWhenBuilt()
    {
        var act = () => Orders.Filter("amount > 10 AND status = 'paid'");

        act.Should().Throw<AnalysisException>().WithMessage("*`status`*Available columns*`amount`*");
    }

    [Fact]
    public void Select_DifferentCase_ResolvesToTheColumn()
    {
        var result = Orders.Select(Col("ORDER_ID"), Col("customer"));

        result.Columns.Should().Equal("order_id", "Customer");
        result.Rows().Single().Should().Equal(1L, "ann");
    }

    [Fact]
    public void Schema_KnowsTheOutputTypesOfExpressions()
    {
        var result = Orders.Select(
            (Col("order_id") + 1).Alias("a"),
            (Col("amount") * 2).Alias("b"),
            Count(Col("order_id")).Over().Alias("c"),
            Col("Customer").IsNull().Alias("d"),
            Lit("x").Alias("e"));

        result.Schema.Fields.Select(f => f.DataType.SimpleString)
            .Should().Equal("bigint", "decimal(12,2)", "bigint", "boolean", "string");
    }

    [Fact]
    public void Join_ColumnsTakenFromEachDataFrame_ResolveToTheirSide()
    {
        var orders = Orders;
        var notes = _session.Frame("order_id:bigint,note:string", [1L, "x"]);

        var joined = orders.Join(notes, orders["order_id"] == notes["order_id"]);

        joined.Select(orders["order_id"], notes["note"]).Rows().Single().Should().Equal(1L, "x");
    }

    [Fact]
    public void Join_AmbiguousColumn_AsksForAnAlias()
    {
        var orders = Orders;
        var notes = _session.Frame("order_id:bigint,note:string", [1L, "x"]);
        var joined = orders.Join(notes, orders["order_id"] == notes["order_id"]);

        var act = () => joined.Select(Col("order_id"));

        act.Should().Throw<AnalysisException>().WithMessage("*ambiguous*Alias*");
    }

    [Fact]
    public void Join_SelfJoinOnDataFrameColumns_AsksForAnAlias()
    {
        var orders = Orders;

        var act = () => orders.Join(orders, orders["order_id"] == orders["order_id"]);

        act.Should().Throw<AnalysisException>().WithMessage("*both sides*Alias*");
    }

    [Fact]
    public void Join_WithAliases_ResolvesQualifiedColumns()
    {
        var left = Orders.Alias("l");
        var right = _session.Frame("order_id:bigint,note:string", [1L, "x"]).Alias("r");

        var result = left.Join(right, Col("l.order_id") == Col("r.order_id")).Select(Col("l.order_id"), Col("r.note"));

        result.Rows().Single().Should().Equal(1L, "x");
    }

    [Fact]
    public void Join_UnknownUsingColumn_NamesTheSide()
    {
        var other = _session.Frame("id:bigint", [1L]);

        var act = () => Orders.Join(other, "order_id");

        act.Should().Throw<AnalysisException>().WithMessage("*`order_id`*right side*[`id`]*");
    }

    [Fact]
    public void Function_WrongArgumentCount_Fails()
    {
        var act = () => Orders.SelectExpr("lower(Customer, 1)");

        act.Should().Throw<AnalysisException>().WithMessage("*lower takes 1 arguments, not 2*");
    }

    [Fact]
    public void Filter_NonBooleanCondition_Fails()
    {
        var act = () => Orders.Filter(Col("amount") + 1);

        act.Should().Throw<AnalysisException>().WithMessage("*not boolean*");
    }

    [Fact]
    public void Select_AggregateWithoutGroupBy_Fails()
    {
        var act = () => Orders.Select(Sum("amount"));

        act.Should().Throw<AnalysisException>().WithMessage("*GroupBy*");
    }

    [Fact]
    public void Agg_NonGroupedColumn_Fails()
    {
        var act = () => Orders.GroupBy("Customer").Agg(Col("amount"));

        act.Should().Throw<AnalysisException>().WithMessage("*`amount`*neither in GroupBy nor in an aggregate*");
    }

    [Fact]
    public void RowNumber_WithoutOver_Fails()
    {
        var act = () => Orders.Select(RowNumber());

        act.Should().Throw<AnalysisException>().WithMessage("*Over*");
    }

    [Fact]
    public void RowNumber_OverUnorderedWindow_Fails()
    {
        var act = () => Orders.Select(RowNumber().Over(Window.PartitionBy("Customer")));

        act.Should().Throw<AnalysisException>().WithMessage("*ordered*");
    }

    [Fact]
    public void Union_DifferentColumnCounts_Fails()
    {
        var act = () => Orders.Union(Orders.Drop("amount"));

        act.Should().Throw<AnalysisException>().WithMessage("*same number of columns*");
    }

    [Fact]
    public void Cast_ArrayToInt_Fails()
    {
        var frame = _session.Frame("xs:array<int>", new object?[] { new[] { 1 } });

        var act = () => frame.Select(Col("xs").Cast("int"));

        act.Should().Throw<AnalysisException>().WithMessage("*Cannot cast array<int> to int*");
    }

    [Fact]
    public void StructField_Unknown_ListsNothingSilently()
    {
        var frame = _session.Frame("s:struct<a:int>", new object?[] { new object?[] { 1 } });

        var act = () => frame.Select(Col("s.b"));

        act.Should().Throw<AnalysisException>().WithMessage("*No such struct field `b`*");
    }

    [Fact]
    public void Drop_UnknownName_IsIgnoredLikeSpark()
    {
        Orders.Drop("nope").Columns.Should().Equal("order_id", "Customer", "amount");
    }

    [Fact]
    public void WithColumnRenamed_UnknownName_IsIgnoredLikeSpark()
    {
        Orders.WithColumnRenamed("nope", "x").Columns.Should().Equal("order_id", "Customer", "amount");
    }

    [Fact]
    public void WithColumn_ExistingNameInOtherCase_ReplacesTheColumn()
    {
        var result = Orders.WithColumn("CUSTOMER", Upper(Col("customer")));

        result.Columns.Should().Equal("order_id", "CUSTOMER", "amount");
        result.Rows().Single()[1].Should().Be("ANN");
    }

    [Fact]
    public void DataFrameCol_UnknownName_FailsAtOnce()
    {
        var act = () => Orders["nope"];

        act.Should().Throw<AnalysisException>();
    }

    [Fact]
    public void Table_Missing_IsAnalysisException()
    {
        var act = () => _session.Table("missing_table");

        act.Should().Throw<AnalysisException>().WithMessage("*TABLE_OR_VIEW_NOT_FOUND*");
    }

    [Fact]
    public void Select_UnaliasedExpressions_AreNamedAsSparkNamesThem()
    {
        var result = Orders.Select(
            Col("amount").Cast("bigint"),
            Col("Customer").IsNull(),
            Col("order_id").IsIn(1, 2),
            When(Col("order_id") > 1, "big").Otherwise("small"),
            Sum("amount").Over(Window.PartitionBy("Customer")),
            RowNumber().Over(Window.PartitionBy("Customer").OrderBy(Col("order_id").Desc())));

        result.Columns.Should().Equal(
            "CAST(amount AS BIGINT)",
            "(Customer IS NULL)",
            "(order_id IN (1, 2))",
            "CASE WHEN (order_id > 1) THEN big ELSE small END",
            "sum(amount) OVER (PARTITION BY Customer ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)",
            "row_number() OVER (PARTITION BY Customer ORDER BY order_id DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
    }
}
