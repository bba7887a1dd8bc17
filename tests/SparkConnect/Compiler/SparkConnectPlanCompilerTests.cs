using Lakehouse.DataFrame;
using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Plan;
using Lakehouse.SparkConnect.Arrow;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Protocol;
using static Lakehouse.DataFrame.Functions;
using DataFrameType = Lakehouse.DataFrame.DataFrame;
using DataType = Lakehouse.DataFrame.DataType;
using Expression = Lakehouse.SparkConnect.Protocol.Expression;
using Join = Lakehouse.SparkConnect.Protocol.Join;
using Project = Lakehouse.DataFrame.Plan.Project;
using SaveMode = Lakehouse.DataFrame.SaveMode;

namespace Lakehouse.SparkConnect.Tests.Compiler;

/// <summary>What the golden plans do not cover: plan ids of shared inputs, bound columns, rewrites, refusals, commands.</summary>
public sealed class SparkConnectPlanCompilerTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose() => _session.Dispose();

    [Fact]
    public void CompileRelation_CreateDataFrameWithRows_SendsArrowDataThatReadsBackValueByValue()
    {
        var schema = new StructType([
            new StructField("flag", DataType.Boolean),
            new StructField("tiny", DataType.Byte),
            new StructField("small", DataType.Short),
            new StructField("qty", DataType.Integer, Nullable: false),
            new StructField("big", DataType.Long),
            new StructField("ratio", DataType.Float),
            new StructField("price", DataType.Double),
            new StructField("amount", new DecimalType(20, 3)),
            new StructField("name", DataType.String),
            new StructField("blob", DataType.Binary),
            new StructField("day", DataType.Date),
            new StructField("at", DataType.Timestamp),
            new StructField("nothing", DataType.Null)]);
        object?[][] rows =
        [
            [true, (sbyte)-5, (short)300, 7, 1L << 40, 1.5f, 2.25, 12.345m, "héllo", new byte[] { 1, 2, 3 }, new DateOnly(2024, 2, 29), DateTimeOffset.FromUnixTimeMilliseconds(1709296496789), null],
            [null, null, null, 8, null, null, null, null, null, null, null, null, null],
            [false, (sbyte)127, (short)-1, -9, -2L, -0.25f, double.MaxValue, -123456789012345.5m, string.Empty, Array.Empty<byte>(), new DateOnly(1969, 12, 31), DateTimeOffset.FromUnixTimeMilliseconds(-1), null],
        ];

        var local = SparkConnectPlanCompiler.CompileRelation(_session.CreateDataFrame(rows, schema)).LocalRelation;

        local.Schema.Should().Be(SparkConnectTypes.CatalogString(schema));
        var reader = new ArrowStreamReader(local.Data.ToByteArray(), "local relation");
        reader.Schema.Fields.Select(f => (f.Name, f.IsNullable)).Should().Equal(schema.Fields.Select(f => (f.Name, f.Nullable)));
        reader.Schema.Fields[11].DataType.TimeZone.Should().Be("UTC");
        var batch = reader.ReadBatches().Should().ContainSingle().Subject;
        batch.RowCount.Should().Be(3);
        for (var row = 0; row < rows.Length; row++)
        {
            for (var column = 0; column < schema.Fields.Count; column++)
            {
                batch.GetValue(column, row).Should().BeEquivalentTo(rows[row][column], $"row {row}, column {schema.Fields[column].Name}");
            }
        }
    }

    [Fact]
    public void CompileRelation_CreateDataFrameWithArrayColumn_ThrowsNamingOperationAndBackend()
    {
        var schema = new StructType([new StructField("tags", new ArrayType(DataType.String))]);
        var df = _session.CreateDataFrame([new object?[] { new List<object?> { "a" } }], schema);

        var act = () => SparkConnectPlanCompiler.CompileRelation(df);

        act.Should().Throw<SparkConnectCompilationException>()
            .Where(e => e.Backend == "Spark Connect")
            .WithMessage("CreateDataFrame with rows of a array<string> column (`tags`) is not supported by the Spark Connect backend*");
    }

    [Fact]
    public void CompileRelation_SelfJoin_GivesTheSharedInputOnePlanId()
    {
        var df = Simple();

        var join = SparkConnectPlanCompiler.CompileRelation(df.Join(df, "id")).Join;

        join.Left.Common.PlanId.Should().Be(0);
        join.Right.Common.PlanId.Should().Be(0);
    }

    [Fact]
    public void CompileRelation_ColumnsTakenFromDataFrames_CarryTheirPlanIds()
    {
        var left = Simple();
        var right = Right();

        var condition = SparkConnectPlanCompiler.CompileRelation(left.Join(right, left["id"] == right["id"])).Join.JoinCondition;

        condition.UnresolvedFunction.FunctionName.Should().Be("=");
        condition.UnresolvedFunction.Arguments.Select(a => (a.UnresolvedAttribute.UnparsedIdentifier, a.UnresolvedAttribute.PlanId))
            .Should().Equal(("id", 0L), ("id", 1L));
    }

    [Fact]
    public void CompileRelation_NotEqual_IsNotOfEqualsAsSparksClientWritesIt()
    {
        var expression = FirstExpression(Simple().Select(Col("a") != Col("b")));

        expression.UnresolvedFunction.FunctionName.Should().Be("!");
        expression.UnresolvedFunction.Arguments.Single().UnresolvedFunction.FunctionName.Should().Be("=");
    }

    [Fact]
    public void CompileRelation_Fingerprint_IsSparksXxhash64()
    {
        var lines = GoldenPlans.Empty(_session, new StructType([new StructField("c", DataType.String)]));

        var call = FirstExpression(lines.Select(Fingerprint(Col("c")))).UnresolvedFunction;

        call.FunctionName.Should().Be("xxhash64");
        call.Arguments.Single().UnresolvedAttribute.UnparsedIdentifier.Should().Be("c");
    }

    [Fact]
    public void CompileRelation_RescuedData_FiltersFromJsonMapByKnownKeysWithALambda()
    {
        var lines = GoldenPlans.Empty(_session, new StructType([new StructField("c", DataType.String)]));

        var call = FirstExpression(lines.Select(RescuedData(Col("c"), "id", "title"))).UnresolvedFunction;

        call.FunctionName.Should().Be("nullif");
        call.Arguments[1].Literal.String.Should().Be("{}");
        var toJson = call.Arguments[0].UnresolvedFunction;
        toJson.FunctionName.Should().Be("to_json");
        var mapFilter = toJson.Arguments.Single().UnresolvedFunction;
        mapFilter.FunctionName.Should().Be("map_filter");
        var fromJson = mapFilter.Arguments[0].UnresolvedFunction;
        fromJson.FunctionName.Should().Be("from_json");
        fromJson.Arguments[0].UnresolvedAttribute.UnparsedIdentifier.Should().Be("c");
        fromJson.Arguments[1].Literal.String.Should().Be("map<string,string>");
        var lambda = mapFilter.Arguments[1].LambdaFunction;
        lambda.Arguments.Select(a => a.NameParts.Single()).Should().Equal("rescued_key", "rescued_value");
        var contains = lambda.Function.UnresolvedFunction.Arguments.Single().UnresolvedFunction;
        contains.FunctionName.Should().Be("array_contains");
        contains.Arguments[0].UnresolvedFunction.Arguments.Select(a => a.Literal.String).Should().Equal("id", "title");
        contains.Arguments[1].UnresolvedNamedLambdaVariable.NameParts.Single().Should().Be("rescued_key");
    }

    [Fact]
    public void CompileRelation_StructInToJson_IsSparksStructWithAliasesKept()
    {
        var call = FirstExpression(Simple().Select(ToJson(Struct(Col("a"), Col("b").As("bee"), Lit(1))))).UnresolvedFunction;

        call.FunctionName.Should().Be("to_json");
        var structCall = call.Arguments.Single().UnresolvedFunction;
        structCall.FunctionName.Should().Be("struct", "Spark's own function, which names the fields itself");
        structCall.Arguments[0].UnresolvedAttribute.UnparsedIdentifier.Should().Be("a");
        structCall.Arguments[1].Alias.Name.Single().Should().Be("bee");
        structCall.Arguments[1].Alias.Expr.UnresolvedAttribute.UnparsedIdentifier.Should().Be("b");
        structCall.Arguments[2].Literal.Integer.Should().Be(1);
        SparkConnectFunctions.Supports("struct").Should().BeTrue();
    }

    [Fact]
    public void CompileRelation_CsvReadAsJsonObjects_SendsTheOptionsAndStruct()
    {
        var file = Path.Combine(Path.GetTempPath(), "lakehouse-sc-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(file, "id,area m2,x.y\n1,2,3\n");
        try
        {
            var rows = _session.Read.Option("header", true).Option("mode", "PERMISSIVE").Csv(file);
            var project = SparkConnectPlanCompiler.CompileRelation(rows.Select(ToJson(Struct([.. rows.Columns.Select(c => Col("`" + c + "`"))])).As("_raw"))).Project;

            var source = project.Input.Read.DataSource;
            source.Format.Should().Be("csv");
            source.Options.Should().Contain("header", "true").And.Contain("mode", "PERMISSIVE");
            source.Paths.Should().Equal(file);
            var structCall = project.Expressions.Single().Alias.Expr.UnresolvedFunction.Arguments.Single().UnresolvedFunction;
            structCall.FunctionName.Should().Be("struct");
            structCall.Arguments.Select(a => a.UnresolvedAttribute.UnparsedIdentifier).Should().Equal("id", "area m2", "`x.y`");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void CompileRelation_WhenOtherwise_IsTheWhenFunctionWithFlattenedBranches()
    {
        var a = Col("a");

        var call = FirstExpression(Simple().Select(When(a < 10, "low").When(a < 20, "medium").Otherwise("high"))).UnresolvedFunction;

        call.FunctionName.Should().Be("when");
        call.Arguments.Select(e => e.ExprTypeCase).Should().Equal(
            Expression.ExprTypeOneofCase.UnresolvedFunction, Expression.ExprTypeOneofCase.Literal,
            Expression.ExprTypeOneofCase.UnresolvedFunction, Expression.ExprTypeOneofCase.Literal,
            Expression.ExprTypeOneofCase.Literal);
        call.Arguments.Where(e => e.Literal is not null).Select(e => e.Literal.String).Should().Equal("low", "medium", "high");
    }

    [Fact]
    public void CompileRelation_SelectWithExplode_IsOneProjectHoldingTheGenerator()
    {
        var relation = SparkConnectPlanCompiler.CompileRelation(Complex().Select(Col("id"), Explode(Col("e")).Alias("x")));

        relation.Common.PlanId.Should().Be(1, "the Generate node is folded into the Project, as Spark's Dataset API sends it");
        relation.Project.Input.LocalRelation.Should().NotBeNull();
        relation.Project.Expressions[0].UnresolvedAttribute.UnparsedIdentifier.Should().Be("id");
        var alias = relation.Project.Expressions[1].Alias;
        alias.Name.Should().Equal("x");
        alias.Expr.UnresolvedFunction.FunctionName.Should().Be("explode");
        alias.Expr.UnresolvedFunction.Arguments.Single().UnresolvedAttribute.UnparsedIdentifier.Should().Be("e");
    }

    [Fact]
    public void CompileRelation_SelectStarWithPosExplode_IsOnePosExplodeGivingBothColumns()
    {
        var project = SparkConnectPlanCompiler.CompileRelation(Complex().Select(Col("*"), PosExplode(Col("e")))).Project;

        var generator = project.Expressions.Last();
        generator.UnresolvedFunction.FunctionName.Should().Be("posexplode", "Spark's default names pos and col need no alias");
        project.Expressions.Should().HaveCount(GoldenPlans.ComplexSchema.Fields.Count + 1, "one expression gives the position and the element");
    }

    [Fact]
    public void CompileRelation_WithColumnExplodeOuter_NamesTheInputColumnsThenGenerates()
    {
        var project = SparkConnectPlanCompiler.CompileRelation(Complex().WithColumn("x", ExplodeOuter(Col("e")))).Project;

        project.Expressions.Take(7).Select(e => (e.UnresolvedAttribute.UnparsedIdentifier, e.UnresolvedAttribute.PlanId))
            .Should().Equal(("id", 0L), ("a", 0L), ("b", 0L), ("d", 0L), ("e", 0L), ("f", 0L), ("g", 0L));
        project.Expressions[7].Alias.Expr.UnresolvedFunction.FunctionName.Should().Be("explode_outer");
    }

    [Fact]
    public void CompileRelation_PositionalColumnsAfterAliasedJoin_AreQualifiedWhenNamesRepeat()
    {
        var joined = Complex().Alias("l").Join(Right().Alias("r"), Col("l.id") == Col("r.id"));

        var names = SparkConnectPlanCompiler.CompileRelation(joined.WithColumn("x", Explode(Col("e")))).Project.Expressions
            .Where(e => e.UnresolvedAttribute is not null)
            .Select(e => e.UnresolvedAttribute.UnparsedIdentifier);

        names.Should().Equal("l.id", "l.a", "b", "d", "e", "f", "g", "r.a", "r.id", "payload");
    }

    [Fact]
    public void CompileRelation_PositionalColumnWithAmbiguousName_ThrowsInsteadOfGuessing()
    {
        var left = Complex();
        var right = Right();
        var joined = left.Join(right, left["id"] == right["id"]).WithColumn("x", Explode(Col("e")));

        var act = () => SparkConnectPlanCompiler.CompileRelation(joined);

        act.Should().Throw<SparkConnectCompilationException>().WithMessage("*`id`*several columns with that name*");
    }

    [Fact]
    public void CompileRelation_UnionAndUnionByName_AreSetOperationsKeepingDuplicates()
    {
        var union = SparkConnectPlanCompiler.CompileRelation(Simple().Union(Simple())).SetOp;
        var byName = SparkConnectPlanCompiler.CompileRelation(Simple().UnionByName(Right(), allowMissingColumns: true)).SetOp;

        union.SetOpType.Should().Be(SetOperation.Types.SetOpType.Union);
        union.IsAll.Should().BeTrue();
        union.HasByName.Should().BeFalse();
        union.LeftInput.Common.PlanId.Should().Be(0);
        union.RightInput.Common.PlanId.Should().Be(1);
        byName.ByName.Should().BeTrue();
        byName.AllowMissingColumns.Should().BeTrue();
        byName.IsAll.Should().BeTrue();
    }

    [Fact]
    public void CompileRelation_OrderBy_UsesSparksDefaultNullOrdering()
    {
        var sort = SparkConnectPlanCompiler.CompileRelation(Simple().OrderBy(Col("a"), Col("b").Desc())).Sort;

        sort.IsGlobal.Should().BeTrue();
        sort.Order.Select(o => (o.Direction, o.NullOrdering)).Should().Equal(
            (Expression.Types.SortOrder.Types.SortDirection.Ascending, Expression.Types.SortOrder.Types.NullOrdering.SortNullsFirst),
            (Expression.Types.SortOrder.Types.SortDirection.Descending, Expression.Types.SortOrder.Types.NullOrdering.SortNullsLast));
    }

    [Fact]
    public void CompileRelation_NaDropAll_SendsMinNonNullsOne()
    {
        var drop = SparkConnectPlanCompiler.CompileRelation(Simple().Na.Drop("all", "a", "b")).DropNa;

        drop.Cols.Should().Equal("a", "b");
        drop.MinNonNulls.Should().Be(1);
    }

    [Fact]
    public void CompileRelation_DropDuplicatesByName_SendsTheNamesAndNoAllColumnsFlag()
    {
        var deduplicate = SparkConnectPlanCompiler.CompileRelation(Simple().DropDuplicates("a", "b")).Deduplicate;

        deduplicate.ColumnNames.Should().Equal("a", "b");
        deduplicate.HasAllColumnsAsKeys.Should().BeFalse();
        deduplicate.HasWithinWatermark.Should().BeTrue();
        deduplicate.WithinWatermark.Should().BeFalse();
    }

    [Fact]
    public void CompileRelation_CrossJoin_IsCrossWithoutCondition()
    {
        var join = SparkConnectPlanCompiler.CompileRelation(Simple().CrossJoin(Right())).Join;

        join.JoinType.Should().Be(Join.Types.JoinType.Cross);
        join.JoinCondition.Should().BeNull();
        join.UsingColumns.Should().BeEmpty();
    }

    [Fact]
    public void CompileRelation_CastToDecimal_SendsTheDataTypeMessage()
    {
        var cast = FirstExpression(Simple().Select(Col("b").Cast("decimal(10,2)"))).Cast;

        cast.Type.Decimal.Precision.Should().Be(10);
        cast.Type.Decimal.Scale.Should().Be(2);
    }

    [Fact]
    public void CompileRelation_GetFieldAndCountDistinctAndStar_MatchSparksEncodings()
    {
        var project = SparkConnectPlanCompiler.CompileRelation(Complex().Select(Col("d").GetField("b"), Col("*"))).Project;
        var aggregate = SparkConnectPlanCompiler.CompileRelation(Complex().Agg(CountDistinct(Col("a"), Col("g")), Count("*"))).Aggregate;

        project.Expressions[0].UnresolvedExtractValue.Extraction.Literal.String.Should().Be("b");
        project.Expressions[1].UnresolvedStar.HasUnparsedTarget.Should().BeFalse();
        aggregate.AggregateExpressions[0].UnresolvedFunction.IsDistinct.Should().BeTrue();
        aggregate.AggregateExpressions[1].UnresolvedFunction.Arguments.Single().UnresolvedStar.Should().NotBeNull();
    }

    [Fact]
    public void CompileRelation_QualifiedStar_SendsTheTarget()
    {
        var star = FirstExpression(Simple().Alias("t").Select(Col("t.*"))).UnresolvedStar;

        star.UnparsedTarget.Should().Be("t.*");
    }

    [Fact]
    public void CompileRelation_UnboundedRowsFrame_UsesUnboundedAndCurrentRow()
    {
        var window = FirstExpression(Simple().Select(Sum(Col("a")).Over(Window.OrderBy("id").RowsBetween(Window.UnboundedPreceding, Window.CurrentRow)))).Window;

        window.FrameSpec.Lower.Unbounded.Should().BeTrue();
        window.FrameSpec.Upper.CurrentRow.Should().BeTrue();
    }

    [Fact]
    public void CompileRelation_ArrayAndPreEpochTimestampLiterals_EncodeAsSpark()
    {
        var project = SparkConnectPlanCompiler.CompileRelation(Simple().Select(Lit(new[] { 1, 2 }), Lit(DateTimeOffset.FromUnixTimeMilliseconds(-1)))).Project;

        var array = project.Expressions[0].Literal.Array;
        array.ElementType.Integer.Should().NotBeNull();
        array.Elements.Select(e => e.Integer).Should().Equal(1, 2);
        project.Expressions[1].Literal.Timestamp.Should().Be(-1000);
    }

    [Fact]
    public void CompileRelation_StructLiteral_ThrowsNamingTheLiteral()
    {
        var type = new StructType([new StructField("x", DataType.Integer)]);
        var plan = new Project(Simple().Plan, [new Literal(new object?[] { 1 }, type)]);

        var act = () => SparkConnectPlanCompiler.CompileRelation(plan);

        act.Should().Throw<SparkConnectCompilationException>().WithMessage("*struct<x:int> literal*Spark Connect*");
    }

    [Fact]
    public void CompileRelation_SqlAndTableAndRange_AreLeafRelations()
    {
        _session.Sql("CREATE TABLE sales (id BIGINT)");

        SparkConnectPlanCompiler.CompileRelation(_session.Sql("SELECT 1 AS x")).Sql.Query.Should().Be("SELECT 1 AS x");
        SparkConnectPlanCompiler.CompileRelation(_session.Table("sales")).Read.NamedTable.UnparsedIdentifier.Should().Be("sales");
        var range = SparkConnectPlanCompiler.CompileRelation(_session.Range(5)).Range;
        range.HasStart.Should().BeTrue();
        (range.Start, range.End, range.Step).Should().Be((0L, 5L, 1L));
    }

    [Fact]
    public void CompileQuery_DataFrame_IsPlanWithRoot()
    {
        var plan = SparkConnectPlanCompiler.CompileQuery(Simple().Limit(1));

        plan.Root.Limit.Limit_.Should().Be(1);
    }

    [Fact]
    public void CompileWrite_ToPath_SendsFormatModePartitioningAndOptions()
    {
        var write = new SparkConnectWriteOptions
        {
            Format = "delta",
            Mode = SaveMode.Overwrite,
            PartitionBy = ["a"],
            Options = new Dictionary<string, string> { ["mergeSchema"] = "true" },
            Path = "abfss://lake@account.dfs.core.windows.net/silver/orders",
        };

        var operation = SparkConnectPlanCompiler.CompileWrite(Simple(), write).Command.WriteOperation;

        operation.Input.LocalRelation.Should().NotBeNull();
        operation.Source.Should().Be("delta");
        operation.Mode.Should().Be(WriteOperation.Types.SaveMode.Overwrite);
        operation.PartitioningColumns.Should().Equal("a");
        operation.Options.Should().Contain("mergeSchema", "true");
        operation.Path.Should().Be(write.Path);
    }

    [Fact]
    public void CompileWrite_ToTable_SendsTableAndSaveMethod()
    {
        var write = new SparkConnectWriteOptions { TableName = "gold.category_sales", TableSaveMethod = SparkTableSaveMethod.InsertInto, Mode = SaveMode.Append };

        var operation = SparkConnectPlanCompiler.CompileWrite(Simple(), write).Command.WriteOperation;

        operation.HasSource.Should().BeFalse("an unset format leaves the choice to the server's default");
        operation.Table.TableName.Should().Be("gold.category_sales");
        operation.Table.SaveMethod.Should().Be(WriteOperation.Types.SaveTable.Types.TableSaveMethod.InsertInto);
        operation.Mode.Should().Be(WriteOperation.Types.SaveMode.Append);
    }

    [Fact]
    public void CompileWrite_DefaultMode_IsErrorIfExists()
    {
        var operation = SparkConnectPlanCompiler.CompileWrite(Simple(), new SparkConnectWriteOptions { Path = "/tmp/x" }).Command.WriteOperation;

        operation.Mode.Should().Be(WriteOperation.Types.SaveMode.ErrorIfExists);
    }

    [Theory]
    [InlineData("/tmp/out", "t")]
    [InlineData(null, null)]
    public void CompileWrite_NotExactlyOneTarget_Throws(string? path, string? table)
    {
        var act = () => SparkConnectPlanCompiler.CompileWrite(Simple(), new SparkConnectWriteOptions { Path = path, TableName = table });

        act.Should().Throw<ArgumentException>().WithMessage("*exactly one target*");
    }

    [Fact]
    public void CompileSql_Text_IsSqlCommand()
    {
        var plan = SparkConnectPlanCompiler.CompileSql("DROP TABLE IF EXISTS bronze.orders");

        plan.Command.SqlCommand.Sql.Should().Be("DROP TABLE IF EXISTS bronze.orders");
    }

    [Fact]
    public void PlanNodes_EveryConcreteLogicalPlanType_HasACompilerCase()
    {
        // Fails when the DataFrame project adds a plan node, so that the Spark Connect compiler learns it (or refuses it) on purpose.
        var nodes = typeof(LogicalPlan).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(LogicalPlan)) && !t.IsAbstract)
            .Select(t => t.Name);

        nodes.Should().BeEquivalentTo(
            "TableRead", "DataSourceRead", "SqlRead", "LocalRelation", "RangePlan", "Project", "Generate", "Filter", "WithColumns",
            "WithColumnsRenamed", "Drop", "Aggregate", "Join", "Sort", "Limit", "Deduplicate", "Union", "NaFill", "NaDrop",
            "SubqueryAlias", "ToDf", "Hint");
    }

    [Fact]
    public void FunctionTable_EveryCatalogFunction_IsMappedOrListedAsUnsupported()
    {
        var missing = FunctionCatalog.All.Select(d => d.Name)
            .Where(n => !SparkConnectFunctions.Supports(n) && !SparkConnectFunctions.Unsupported.ContainsKey(n))
            .ToList();

        missing.Should().BeEmpty();
    }

    [Fact]
    public void FunctionTable_UnknownFunction_ThrowsNamingItAndTheBackend()
    {
        var act = () => SparkConnectFunctions.Render("no_such_function", [], isDistinct: false);

        act.Should().Throw<SparkConnectCompilationException>().WithMessage("The function no_such_function is not supported by the Spark Connect backend*");
    }

    [Fact]
    public void Ddl_FieldsNeedingQuotesAndNestedTypes_UseSparksToDdlForm()
    {
        var schema = new StructType([
            new StructField("my col", new DecimalType(10, 2), Nullable: false),
            new StructField("m", new MapType(DataType.String, new ArrayType(DataType.Integer))),
            new StructField("s", new StructType([new StructField("x`y", DataType.Integer)])),
            new StructField("123", DataType.Long)]);

        SparkConnectTypes.Ddl(schema).Should().Be("`my col` DECIMAL(10,2) NOT NULL,m MAP<STRING, ARRAY<INT>>,s STRUCT<`x``y`: INT>,`123` BIGINT");
        SparkConnectTypes.CatalogString(schema).Should().Be("struct<`my col`:decimal(10,2) NOT NULL,m:map<string,array<int>>,s:struct<`x``y`:int>,`123`:bigint>");
    }

    [Fact]
    public void CompileRelation_FiftyNodePlan_IsLinearAndAllocationLight()
    {
        var small = Chain(Simple(), 25);
        var large = Chain(Simple(), 250);
        SparkConnectPlanCompiler.CompileRelation(small);
        SparkConnectPlanCompiler.CompileRelation(large);

        var smallBytes = AllocatedBytes(() => SparkConnectPlanCompiler.CompileRelation(small));
        var largeBytes = AllocatedBytes(() => SparkConnectPlanCompiler.CompileRelation(large));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            SparkConnectPlanCompiler.CompileRelation(small);
        }

        watch.Stop();

        Depth(SparkConnectPlanCompiler.CompileRelation(small)).Should().Be(51);
        (smallBytes / 51).Should().BeLessThan(4096, "a node costs a few small messages");
        ((double)largeBytes / smallBytes).Should().BeLessThan(10 * 1.5, "ten times the nodes must cost about ten times the allocations");
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "100 compilations of a 51-node plan take milliseconds");
    }

    private static DataFrameType Chain(DataFrameType df, int pairs)
    {
        for (var i = 0; i < pairs; i++)
        {
            df = df.WithColumn("z", Col("a") + i).Filter(Col("id") > i);
        }

        return df;
    }

    private static long AllocatedBytes(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int Depth(Relation relation)
    {
        var depth = 1;
        for (var current = relation; ; depth++)
        {
            var input = current.Filter?.Input ?? current.WithColumns?.Input;
            if (input is null)
            {
                return depth;
            }

            current = input;
        }
    }

    private static Expression FirstExpression(DataFrameType df) => SparkConnectPlanCompiler.CompileRelation(df).Project.Expressions[0];

    private DataFrameType Simple() => GoldenPlans.Empty(_session, GoldenPlans.SimpleSchema);

    private DataFrameType Right() => GoldenPlans.Empty(_session, GoldenPlans.RightSchema);

    private DataFrameType Complex() => GoldenPlans.Empty(_session, GoldenPlans.ComplexSchema);
}
