using System.Globalization;
using Lakehouse.DataFrame;
using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Plan;
using Proto = Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// Compiles one logical plan into a <c>spark.connect.Relation</c> tree, the way Spark's Dataset API builds it. Plan ids
/// follow creation order as Spark's client assigns them: inputs before the node that uses them, left before right, so
/// the leaf is 0 and the root the highest; a plan used twice (self-join) keeps one id. A node is compiled once and in
/// one pass (linear in the plan's size). Not thread-safe: one instance per compilation.
/// </summary>
internal sealed class SparkConnectRelationCompiler
{
    private static readonly Dictionary<JoinType, Proto.Join.Types.JoinType> JoinTypes = new()
    {
        [JoinType.Inner] = Proto.Join.Types.JoinType.Inner,
        [JoinType.LeftOuter] = Proto.Join.Types.JoinType.LeftOuter,
        [JoinType.RightOuter] = Proto.Join.Types.JoinType.RightOuter,
        [JoinType.FullOuter] = Proto.Join.Types.JoinType.FullOuter,
        [JoinType.LeftSemi] = Proto.Join.Types.JoinType.LeftSemi,
        [JoinType.LeftAnti] = Proto.Join.Types.JoinType.LeftAnti,
        [JoinType.Cross] = Proto.Join.Types.JoinType.Cross,
    };

    private readonly Dictionary<LogicalPlan, Proto.Relation> _compiled = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<LogicalPlan, long> _planIds = new(ReferenceEqualityComparer.Instance);
    private long _nextPlanId;

    /// <summary>Compiles <paramref name="plan"/> (and its inputs) to a relation.</summary>
    public Proto.Relation Compile(LogicalPlan plan)
    {
        if (_compiled.TryGetValue(plan, out var done))
        {
            return done;
        }

        return plan switch
        {
            TableRead table => Finish(plan, r => r.Read = new Proto.Read { NamedTable = new Proto.Read.Types.NamedTable { UnparsedIdentifier = table.TableName } }),
            DataSourceRead source => Finish(plan, r => r.Read = new Proto.Read { DataSource = DataSource(source) }),
            SqlRead sql => Finish(plan, r => r.Sql = new Proto.SQL { Query = sql.Query }),
            LocalRelation local => Finish(plan, r => r.LocalRelation = LocalRelation(local)),
            RangePlan range => Finish(plan, r => r.Range = new Proto.Range { Start = range.Start, End = range.End, Step = range.Step }),
            Project { Child: Generate generate } project => CompileProjectOverGenerate(project, generate),
            Project project => CompileProject(project),
            Generate generate => CompileGenerate(generate),
            Filter filter => CompileFilter(filter),
            WithColumns withColumns => CompileWithColumns(withColumns),
            WithColumnsRenamed renamed => CompileWithColumnsRenamed(renamed),
            Drop drop => CompileDrop(drop),
            Aggregate aggregate => CompileAggregate(aggregate),
            Join join => CompileJoin(join),
            Sort sort => CompileSort(sort),
            Limit limit => Unary(limit, (r, input) => r.Limit = new Proto.Limit { Input = input, Limit_ = limit.Count }),
            Deduplicate deduplicate => CompileDeduplicate(deduplicate),
            Union union => CompileUnion(union),
            NaFill fill => CompileNaFill(fill),
            NaDrop drop => Unary(drop, (r, input) => r.DropNa = NaDrop(drop, input)),
            SubqueryAlias alias => Unary(alias, (r, input) => r.SubqueryAlias = new Proto.SubqueryAlias { Input = input, Alias = alias.Alias }),
            ToDf toDf => Unary(toDf, (r, input) => r.ToDf = ToDf(toDf, input)),
            Hint hint => Unary(hint, (r, input) => r.Hint = new Proto.Hint { Input = input, Name = hint.Name }),
            _ => throw new SparkConnectCompilationException($"The plan node {plan.GetType().Name}", "the compiler has no Spark Connect relation for it."),
        };
    }

    private static Proto.Read.Types.DataSource DataSource(DataSourceRead source)
    {
        var dataSource = new Proto.Read.Types.DataSource { Format = source.Format };
        if (source.UserSchema is not null)
        {
            dataSource.Schema = SparkConnectTypes.Ddl(source.UserSchema);
        }

        foreach (var (key, value) in source.Options)
        {
            dataSource.Options[key] = value;
        }

        dataSource.Paths.AddRange(source.Paths);
        return dataSource;
    }

    /// <summary>
    /// Spark's client sends rows as an Arrow IPC stream plus the schema (the server renames and casts the Arrow columns to
    /// it); without rows, only the schema.
    /// </summary>
    private static Proto.LocalRelation LocalRelation(LocalRelation local)
    {
        var relation = new Proto.LocalRelation { Schema = SparkConnectTypes.CatalogString(local.DataSchema) };
        if (local.Rows.Count > 0)
        {
            relation.Data = Google.Protobuf.ByteString.CopyFrom(LocalRelationArrowWriter.Write(local.Rows, local.DataSchema));
        }

        return relation;
    }

    private static Proto.NADrop NaDrop(NaDrop drop, Proto.Relation input)
    {
        var result = new Proto.NADrop { Input = input, MinNonNulls = drop.MinNonNulls };
        result.Cols.AddRange(drop.ColumnNames);
        return result;
    }

    private static Proto.ToDF ToDf(ToDf toDf, Proto.Relation input)
    {
        var result = new Proto.ToDF { Input = input };
        result.ColumnNames.AddRange(toDf.ColumnNames);
        return result;
    }

    private Proto.Relation CompileProject(Project project)
    {
        var input = Compile(project.Child);
        var scope = new Scope(this, [project.Child], project.Child.Output, Generator: null);
        var result = new Proto.Project { Input = input };
        foreach (var expression in project.Expressions)
        {
            result.Expressions.Add(scope.Compile(expression));
        }

        return Finish(project, r => r.Project = result);
    }

    /// <summary>
    /// <c>select(..., explode(arr).as("x"), ...)</c>: Spark's Dataset API sends one Project whose list holds the generator
    /// call; our plan has a Generate node under the Project, which is folded back into it (it gets no plan id of its own).
    /// </summary>
    private Proto.Relation CompileProjectOverGenerate(Project project, Generate generate)
    {
        var input = Compile(generate.Child);
        var scope = new Scope(this, [generate.Child], generate.Child.Output, generate);
        var result = new Proto.Project { Input = input };
        var position = generate.Child.Output.Count;
        for (var i = 0; i < project.Expressions.Count; i++)
        {
            var expression = project.Expressions[i];
            var pair = false;
            if (generate.PositionName is not null && expression is InputColumn column && (column.Ordinal == position || column.Ordinal == position + 1))
            {
                // posexplode's two columns come from one expression: they must be selected together, position first.
                if (column.Ordinal != position || project.Expressions.ElementAtOrDefault(i + 1) is not InputColumn { Ordinal: var next } || next != position + 1)
                {
                    throw new SparkConnectCompilationException("A posexplode column selected apart from its partner", "Spark's posexplode gives the position and the element together; select both, position first.");
                }

                pair = true;
            }

            result.Expressions.Add(scope.Compile(expression));
            if (pair)
            {
                i++; // the element's column came with the position's
            }
        }

        return Finish(project, r => r.Project = result);
    }

    /// <summary>A Generate on its own (not under a Project): all input columns, then the generated one.</summary>
    private Proto.Relation CompileGenerate(Generate generate)
    {
        var input = Compile(generate.Child);
        var scope = new Scope(this, [generate.Child], generate.Child.Output, generate);
        var result = new Proto.Project { Input = input };
        result.Expressions.Add(new Proto.Expression { UnresolvedStar = new Proto.Expression.Types.UnresolvedStar() });
        result.Expressions.Add(scope.Compile(new InputColumn(generate.Child.Output.Count)));
        return Finish(generate, r => r.Project = result);
    }

    private Proto.Relation CompileFilter(Filter filter)
    {
        var input = Compile(filter.Child);
        var condition = Scope.Of(this, filter.Child).Compile(filter.Condition);
        return Finish(filter, r => r.Filter = new Proto.Filter { Input = input, Condition = condition });
    }

    private Proto.Relation CompileWithColumns(WithColumns withColumns)
    {
        var input = Compile(withColumns.Child);
        var scope = Scope.Of(this, withColumns.Child);
        var result = new Proto.WithColumns { Input = input };
        foreach (var column in withColumns.Columns)
        {
            result.Aliases.Add(scope.Compile(column).Alias);
        }

        return Finish(withColumns, r => r.WithColumns = result);
    }

    private Proto.Relation CompileWithColumnsRenamed(WithColumnsRenamed renamed)
    {
        var input = Compile(renamed.Child);
        var result = new Proto.WithColumnsRenamed { Input = input };
        foreach (var (from, to) in renamed.Renames)
        {
            result.RenameColumnsMap[from] = to;
        }

        return Finish(renamed, r => r.WithColumnsRenamed = result);
    }

    private Proto.Relation CompileDrop(Drop drop)
    {
        var input = Compile(drop.Child);
        var scope = Scope.Of(this, drop.Child);
        var result = new Proto.Drop { Input = input };
        result.ColumnNames.AddRange(drop.ColumnNames);
        foreach (var column in drop.Columns)
        {
            result.Columns.Add(scope.Compile(column));
        }

        return Finish(drop, r => r.Drop = result);
    }

    private Proto.Relation CompileAggregate(Aggregate aggregate)
    {
        var input = Compile(aggregate.Child);
        var scope = Scope.Of(this, aggregate.Child);
        var result = new Proto.Aggregate { Input = input, GroupType = Proto.Aggregate.Types.GroupType.Groupby };
        foreach (var key in aggregate.GroupingExpressions)
        {
            result.GroupingExpressions.Add(scope.Compile(key));
        }

        foreach (var expression in aggregate.AggregateExpressions)
        {
            result.AggregateExpressions.Add(scope.Compile(expression));
        }

        return Finish(aggregate, r => r.Aggregate = result);
    }

    private Proto.Relation CompileJoin(Join join)
    {
        var left = Compile(join.Left);
        var right = Compile(join.Right);
        var result = new Proto.Join { Left = left, Right = right, JoinType = JoinTypes[join.JoinType] };
        if (join.Condition is not null)
        {
            var scope = new Scope(this, [join.Left, join.Right], [.. join.Left.Output, .. join.Right.Output], Generator: null);
            result.JoinCondition = scope.Compile(join.Condition);
        }

        result.UsingColumns.AddRange(join.UsingColumns);
        return Finish(join, r => r.Join = result);
    }

    private Proto.Relation CompileSort(Sort sort)
    {
        var input = Compile(sort.Child);
        var scope = Scope.Of(this, sort.Child);
        var result = new Proto.Sort { Input = input, IsGlobal = true };
        foreach (var order in sort.Orders)
        {
            result.Order.Add(scope.Compile(order).SortOrder);
        }

        return Finish(sort, r => r.Sort = result);
    }

    private Proto.Relation CompileDeduplicate(Deduplicate deduplicate)
    {
        var input = Compile(deduplicate.Child);
        var result = new Proto.Deduplicate { Input = input };
        if (deduplicate.ColumnNames is null)
        {
            result.AllColumnsAsKeys = true;
        }
        else
        {
            result.ColumnNames.AddRange(deduplicate.ColumnNames);
        }

        result.WithinWatermark = false;
        return Finish(deduplicate, r => r.Deduplicate = result);
    }

    private Proto.Relation CompileUnion(Union union)
    {
        var left = Compile(union.Left);
        var right = Compile(union.Right);
        var result = new Proto.SetOperation
        {
            LeftInput = left,
            RightInput = right,
            SetOpType = Proto.SetOperation.Types.SetOpType.Union,
            IsAll = true,
        };
        if (union.ByName)
        {
            result.ByName = true;
            result.AllowMissingColumns = union.AllowMissingColumns;
        }

        return Finish(union, r => r.SetOp = result);
    }

    private Proto.Relation CompileNaFill(NaFill fill)
    {
        var input = Compile(fill.Child);
        var result = new Proto.NAFill { Input = input };
        result.Cols.AddRange(fill.ColumnNames);
        result.Values.Add(SparkConnectLiterals.ToProto(fill.Value));
        return Finish(fill, r => r.FillNa = result);
    }

    private Proto.Relation Unary(UnaryPlan plan, Action<Proto.Relation, Proto.Relation> set)
    {
        var input = Compile(plan.Child);
        return Finish(plan, r => set(r, input));
    }

    /// <summary>Numbers the node after its inputs (Spark's creation order) and remembers it.</summary>
    private Proto.Relation Finish(LogicalPlan plan, Action<Proto.Relation> set)
    {
        var planId = _nextPlanId++;
        var relation = new Proto.Relation { Common = new Proto.RelationCommon { PlanId = planId } };
        set(relation);
        _planIds.Add(plan, planId);
        _compiled.Add(plan, relation);
        return relation;
    }

    /// <summary>
    /// The plan id Spark's client would attach to <c>df.col(name)</c>: the id of the nearest compiled plan, from the
    /// inputs down, whose output holds the attribute.
    /// </summary>
    private long? PlanIdOf(long attributeId, IReadOnlyList<LogicalPlan> inputs)
    {
        var pending = new Stack<LogicalPlan>();
        for (var i = inputs.Count - 1; i >= 0; i--)
        {
            pending.Push(inputs[i]);
        }

        while (pending.Count > 0)
        {
            var plan = pending.Pop();
            if (_planIds.TryGetValue(plan, out var planId) && plan.Output.Any(a => a.Id == attributeId))
            {
                return planId;
            }

            var children = plan.Children;
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }

        return null;
    }

    /// <summary>Compiles the expressions of one plan node against its inputs.</summary>
    private readonly record struct Scope(SparkConnectRelationCompiler Compiler, IReadOnlyList<LogicalPlan> Inputs, IReadOnlyList<PlanAttribute> Columns, Generate? Generator)
    {
        public static Scope Of(SparkConnectRelationCompiler compiler, LogicalPlan input) => new(compiler, [input], input.Output, Generator: null);

        public Proto.Expression Compile(Expression expression) => expression switch
        {
            Literal literal => new Proto.Expression { Literal = SparkConnectLiterals.ToProto(literal) },
            ColumnReference reference => Attribute(reference),
            InputColumn column => Input(column.Ordinal),
            StarExpression star => Star(star),
            AliasExpression alias => Alias(Compile(alias.Child), alias.Name),
            ExpressionString text => new Proto.Expression { ExpressionString = new Proto.Expression.Types.ExpressionString { Expression = text.Text } },
            CastExpression cast => new Proto.Expression { Cast = new Proto.Expression.Types.Cast { Expr = Compile(cast.Child), Type = SparkConnectTypes.ToProto(cast.TargetType) } },
            SortOrder order => new Proto.Expression { SortOrder = Order(order) },
            FunctionCall call => SparkConnectFunctions.Render(call.Name, [.. call.Arguments.Select(Compile)], call.IsDistinct),
            CaseWhen caseWhen => When(caseWhen),
            ExtractValue extract => new Proto.Expression
            {
                UnresolvedExtractValue = new Proto.Expression.Types.UnresolvedExtractValue { Child = Compile(extract.Child), Extraction = Compile(extract.Extraction) },
            },
            WindowExpression window => new Proto.Expression { Window = Window(window) },
            _ => throw new SparkConnectCompilationException($"The expression {expression.GetType().Name}", "the compiler has no Spark Connect expression for it."),
        };

        private static Proto.Expression Alias(Proto.Expression child, string name)
        {
            var alias = new Proto.Expression.Types.Alias { Expr = child };
            alias.Name.Add(name);
            return new Proto.Expression { Alias = alias };
        }

        private static Proto.Expression Star(StarExpression star)
        {
            var result = new Proto.Expression.Types.UnresolvedStar();
            if (star.Qualifier is not null)
            {
                result.UnparsedTarget = star.Qualifier + ".*";
            }

            return new Proto.Expression { UnresolvedStar = result };
        }

        private static string Identifier(IEnumerable<string> parts) => string.Join(".", parts.Select(Quote));

        /// <summary>Spark splits an identifier on dots outside backticks: quote the parts that hold a dot or a backtick.</summary>
        private static string Quote(string part) =>
            part.Contains('.', StringComparison.Ordinal) || part.Contains('`', StringComparison.Ordinal)
                ? "`" + part.Replace("`", "``", StringComparison.Ordinal) + "`"
                : part;

        private Proto.Expression Attribute(ColumnReference reference)
        {
            var attribute = new Proto.Expression.Types.UnresolvedAttribute { UnparsedIdentifier = Identifier(reference.NameParts) };
            if (reference.AttributeId is { } id && Compiler.PlanIdOf(id, Inputs) is { } planId)
            {
                attribute.PlanId = planId;
            }

            return new Proto.Expression { UnresolvedAttribute = attribute };
        }

        /// <summary>A column by position (from <c>*</c> expansion or a rewrite): Spark has no positions, so it is named.</summary>
        private Proto.Expression Input(int ordinal)
        {
            if (Generator is { PositionName: { } positionName } && ordinal == Generator.Child.Output.Count)
            {
                // One posexplode gives both columns (position, element); Spark names them pos and col unless aliased.
                var call = SparkConnectFunctions.Call("posexplode", [Compile(Generator.Array)]);
                if (positionName == "pos" && Generator.ElementName == "col")
                {
                    return call;
                }

                return new Proto.Expression { Alias = new Proto.Expression.Types.Alias { Expr = call, Name = { positionName, Generator.ElementName } } };
            }

            if (Generator is not null && ordinal == Generator.Child.Output.Count)
            {
                var call = SparkConnectFunctions.Call(Generator.Outer ? "explode_outer" : "explode", [Compile(Generator.Array)]);
                return Generator.ElementName == "col" ? call : Alias(call, Generator.ElementName);
            }

            if (ordinal < 0 || ordinal >= Columns.Count)
            {
                throw new SparkConnectCompilationException($"Input column #{ordinal.ToString(CultureInfo.InvariantCulture)}", $"the input has {Columns.Count.ToString(CultureInfo.InvariantCulture)} columns.");
            }

            var column = Columns[ordinal];
            var sameName = Columns.Count(a => a.HasName(column.Name));
            string identifier;
            if (sameName == 1)
            {
                identifier = Quote(column.Name);
            }
            else if (column.Qualifier is not null && Columns.Count(a => a.HasName(column.Name) && a.HasQualifier(column.Qualifier)) == 1)
            {
                identifier = Quote(column.Qualifier) + "." + Quote(column.Name);
            }
            else
            {
                throw new SparkConnectCompilationException(
                    $"The reference to input column #{ordinal.ToString(CultureInfo.InvariantCulture)} (`{column.Name}`)",
                    "Spark resolves columns by name and the input has several columns with that name; rename or alias them first.");
            }

            var attribute = new Proto.Expression.Types.UnresolvedAttribute { UnparsedIdentifier = identifier };
            if (Inputs.Count == 1 && Compiler._planIds.TryGetValue(Inputs[0], out var planId))
            {
                attribute.PlanId = planId;
            }

            return new Proto.Expression { UnresolvedAttribute = attribute };
        }

        private Proto.Expression.Types.SortOrder Order(SortOrder order) => new()
        {
            Child = Compile(order.Child),
            Direction = order.Ascending ? Proto.Expression.Types.SortOrder.Types.SortDirection.Ascending : Proto.Expression.Types.SortOrder.Types.SortDirection.Descending,
            NullOrdering = order.NullsFirst ? Proto.Expression.Types.SortOrder.Types.NullOrdering.SortNullsFirst : Proto.Expression.Types.SortOrder.Types.NullOrdering.SortNullsLast,
        };

        /// <summary>Spark's client sends CASE WHEN as the function <c>when(c1, v1, c2, v2, ..., else)</c>.</summary>
        private Proto.Expression When(CaseWhen caseWhen)
        {
            var arguments = new List<Proto.Expression>(caseWhen.Branches.Count * 2 + 1);
            foreach (var branch in caseWhen.Branches)
            {
                arguments.Add(Compile(branch.Condition));
                arguments.Add(Compile(branch.Value));
            }

            if (caseWhen.Else is not null)
            {
                arguments.Add(Compile(caseWhen.Else));
            }

            return SparkConnectFunctions.Call("when", arguments);
        }

        private Proto.Expression.Types.Window Window(WindowExpression window)
        {
            var result = new Proto.Expression.Types.Window { WindowFunction = Compile(window.Function) };
            foreach (var key in window.Spec.PartitionBy)
            {
                result.PartitionSpec.Add(Compile(key));
            }

            foreach (var order in window.Spec.OrderBy)
            {
                result.OrderSpec.Add(Order(order));
            }

            if (window.Spec.Frame is { } frame)
            {
                result.FrameSpec = new Proto.Expression.Types.Window.Types.WindowFrame
                {
                    FrameType = frame.Type == FrameType.Rows
                        ? Proto.Expression.Types.Window.Types.WindowFrame.Types.FrameType.Row
                        : Proto.Expression.Types.Window.Types.WindowFrame.Types.FrameType.Range,
                    Lower = Boundary(frame.Type, frame.Lower, long.MinValue),
                    Upper = Boundary(frame.Type, frame.Upper, long.MaxValue),
                };
            }

            return result;
        }

        /// <summary>Spark's client: 0 is CURRENT ROW, the extreme is UNBOUNDED, else a literal (int for ROWS, long for RANGE).</summary>
        private static Proto.Expression.Types.Window.Types.WindowFrame.Types.FrameBoundary Boundary(FrameType type, long offset, long unbounded)
        {
            if (offset == 0)
            {
                return new() { CurrentRow = true };
            }

            if (offset == unbounded)
            {
                return new() { Unbounded = true };
            }

            Literal literal;
            if (type == FrameType.Rows)
            {
                if (offset is < int.MinValue or > int.MaxValue)
                {
                    throw new SparkConnectCompilationException(
                        $"A ROWS frame boundary of {offset.ToString(CultureInfo.InvariantCulture)}", "Spark's row offsets are 32-bit integers.");
                }

                literal = new Literal((int)offset, DataType.Integer);
            }
            else
            {
                literal = new Literal(offset, DataType.Long);
            }

            return new() { Value = new Proto.Expression { Literal = SparkConnectLiterals.ToProto(literal) } };
        }
    }
}
