using Lakehouse.DataFrame.Expressions;

namespace Lakehouse.DataFrame.Plan;

/// <summary>
/// An immutable logical plan node. Each node validates its expressions against its children when it is built and knows
/// its output columns; an error surfaces at the DataFrame call that caused it, as in Spark.
/// </summary>
internal abstract record LogicalPlan
{
    public abstract IReadOnlyList<PlanAttribute> Output { get; }

    public abstract IReadOnlyList<LogicalPlan> Children { get; }

    public StructType Schema => new(Output.Select(a => a.ToField()));

    protected static IReadOnlyList<PlanAttribute> Unqualified(IEnumerable<PlanAttribute> attributes) =>
        [.. attributes.Select(a => a.Qualifier is null ? a : a with { Qualifier = null })];
}

/// <summary>A leaf: a table, a file read, SQL text or local rows.</summary>
internal abstract record LeafPlan : LogicalPlan
{
    public sealed override IReadOnlyList<LogicalPlan> Children => [];
}

/// <summary>A catalog table (<c>spark.read.table</c>). The session looks up its columns.</summary>
internal sealed record TableRead(string TableName, IReadOnlyList<PlanAttribute> Columns) : LeafPlan
{
    public override IReadOnlyList<PlanAttribute> Output => Columns;
}

/// <summary>Files read through a data source (<c>spark.read.format(...).load(paths)</c>).</summary>
internal sealed record DataSourceRead(
    string Format,
    IReadOnlyList<string> Paths,
    IReadOnlyDictionary<string, string> Options,
    StructType? UserSchema,
    IReadOnlyList<PlanAttribute> Columns) : LeafPlan
{
    public override IReadOnlyList<PlanAttribute> Output => Columns;
}

/// <summary>A query in the engine's own SQL dialect (<c>session.Sql</c>).</summary>
internal sealed record SqlRead(string Query, IReadOnlyList<PlanAttribute> Columns) : LeafPlan
{
    public override IReadOnlyList<PlanAttribute> Output => Columns;
}

/// <summary>Rows held in memory (<c>createDataFrame</c>). Values are CLR values matching the schema.</summary>
internal sealed record LocalRelation : LeafPlan
{
    public LocalRelation(IReadOnlyList<IReadOnlyList<object?>> rows, StructType schema)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Count != schema.Fields.Count)
            {
                throw new ArgumentException($"Row {r} has {rows[r].Count} values but the schema has {schema.Fields.Count} fields.", nameof(rows));
            }
        }

        Rows = rows;
        DataSchema = schema;
        Output = [.. schema.Fields.Select(f => new PlanAttribute(f.Name, f.DataType, f.Nullable))];
    }

    public IReadOnlyList<IReadOnlyList<object?>> Rows { get; }

    public StructType DataSchema { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary>A node with one input.</summary>
internal abstract record UnaryPlan(LogicalPlan Child) : LogicalPlan
{
    public sealed override IReadOnlyList<LogicalPlan> Children => [Child];
}

/// <summary><c>select</c>: each expression becomes one column (<c>*</c> expands).</summary>
internal sealed record Project : UnaryPlan
{
    public Project(LogicalPlan child, IReadOnlyList<Expression> expressions)
        : base(child)
    {
        Expressions = expressions;
        var expanded = ExpressionAnalyzer.ExpandStars(expressions, child.Output);
        foreach (var expression in expanded.Where(ExpressionAnalyzer.ContainsAggregate))
        {
            throw new AnalysisException(
                $"[MISSING_GROUP_BY] The aggregate {ExpressionAnalyzer.NameOf(expression, child.Output)} needs GroupBy(...).Agg(...) or Agg(...) on the DataFrame.");
        }

        foreach (var expression in expanded.Where(e => ContainsGenerator(e)))
        {
            throw new AnalysisException(
                $"[UNSUPPORTED_GENERATOR] {ExpressionAnalyzer.NameOf(expression, child.Output)}: use explode at the top level of Select (the DataFrame builds a Generate node).");
        }

        ExpandedExpressions = expanded;
        Output = Unqualified(expanded.Select(e => ExpressionAnalyzer.ToAttribute(e, child.Output)));
    }

    public IReadOnlyList<Expression> Expressions { get; }

    /// <summary>The expressions with <c>*</c> replaced by input columns; what compilers to SQL use.</summary>
    public IReadOnlyList<Expression> ExpandedExpressions { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }

    internal static bool ContainsGenerator(Expression expression) => ExpressionAnalyzer.Unwrap(expression) switch
    {
        FunctionCall call => (FunctionCatalog.TryGet(call.Name, out var d) && d.Kind == FunctionKind.Generator) || call.Arguments.Any(a => ContainsGenerator(a)),
        CastExpression cast => ContainsGenerator(cast.Child),
        _ => false,
    };
}

/// <summary><c>filter</c> / <c>where</c>.</summary>
internal sealed record Filter : UnaryPlan
{
    public Filter(LogicalPlan child, Expression condition)
        : base(child)
    {
        var type = ExpressionAnalyzer.TypeOf(condition, child.Output);
        if (type is not (BooleanType or NullType))
        {
            throw new AnalysisException($"[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Filter expression {ExpressionAnalyzer.NameOf(condition, child.Output)} is {type.SimpleString}, not boolean.");
        }

        if (ExpressionAnalyzer.ContainsAggregate(condition))
        {
            throw new AnalysisException("[INVALID_WHERE_CONDITION] A filter may not contain aggregate functions; aggregate first, then filter.");
        }

        Condition = condition;
    }

    public Expression Condition { get; }

    public override IReadOnlyList<PlanAttribute> Output => Child.Output;
}

/// <summary><c>withColumn(s)</c>: replaces columns with the same name (case-insensitively) or appends new ones.</summary>
internal sealed record WithColumns : UnaryPlan
{
    public WithColumns(LogicalPlan child, IReadOnlyList<AliasExpression> columns)
        : base(child)
    {
        Columns = columns;
        var output = Unqualified(child.Output).ToList();
        var assignments = new Dictionary<int, Expression>();
        foreach (var column in columns)
        {
            if (ExpressionAnalyzer.ContainsAggregate(column.Child))
            {
                throw new AnalysisException($"[MISSING_GROUP_BY] The aggregate in column `{column.Name}` needs GroupBy(...).Agg(...).");
            }

            var attribute = new PlanAttribute(column.Name, ExpressionAnalyzer.TypeOf(column.Child, child.Output));
            var existing = output.FindIndex(a => a.HasName(column.Name));
            if (existing >= 0)
            {
                output[existing] = attribute;
                assignments[existing] = column.Child;
            }
            else
            {
                output.Add(attribute);
                assignments[output.Count - 1] = column.Child;
            }
        }

        Output = output;
        ProjectList = [.. Enumerable.Range(0, output.Count).Select(i => assignments.TryGetValue(i, out var e) ? e : new InputColumn(i))];
    }

    public IReadOnlyList<AliasExpression> Columns { get; }

    /// <summary>One expression per output column (input columns by position, new values in place).</summary>
    public IReadOnlyList<Expression> ProjectList { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary><c>withColumnRenamed</c>: renaming a column that does not exist is a no-op, as in Spark.</summary>
internal sealed record WithColumnsRenamed : UnaryPlan
{
    public WithColumnsRenamed(LogicalPlan child, IReadOnlyList<KeyValuePair<string, string>> renames)
        : base(child)
    {
        Renames = renames;
        var output = child.Output.ToList();
        foreach (var (from, to) in renames)
        {
            for (var i = 0; i < output.Count; i++)
            {
                if (output[i].HasName(from))
                {
                    output[i] = output[i] with { Name = to };
                }
            }
        }

        Output = output;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Renames { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary><c>drop</c>: names that do not exist are ignored (Spark); column expressions must resolve.</summary>
internal sealed record Drop : UnaryPlan
{
    public Drop(LogicalPlan child, IReadOnlyList<string> columnNames, IReadOnlyList<Expression> columns)
        : base(child)
    {
        ColumnNames = columnNames;
        Columns = columns;
        var dropped = new HashSet<int>();
        for (var i = 0; i < child.Output.Count; i++)
        {
            if (columnNames.Any(child.Output[i].HasName))
            {
                dropped.Add(i);
            }
        }

        foreach (var column in columns)
        {
            if (ExpressionAnalyzer.Unwrap(column) is not ColumnReference reference)
            {
                throw new AnalysisException("drop accepts column names or column references only.");
            }

            dropped.Add(ExpressionAnalyzer.Resolve(reference, child.Output).Ordinal);
        }

        KeptOrdinals = [.. Enumerable.Range(0, child.Output.Count).Where(i => !dropped.Contains(i))];
        Output = [.. KeptOrdinals.Select(i => child.Output[i])];
    }

    public IReadOnlyList<string> ColumnNames { get; }

    public IReadOnlyList<Expression> Columns { get; }

    public IReadOnlyList<int> KeptOrdinals { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary><c>groupBy(...).agg(...)</c>; output is the grouping columns, then the aggregates (Spark's default).</summary>
internal sealed record Aggregate : UnaryPlan
{
    public Aggregate(LogicalPlan child, IReadOnlyList<Expression> groupingExpressions, IReadOnlyList<Expression> aggregateExpressions)
        : base(child)
    {
        GroupingExpressions = groupingExpressions;
        AggregateExpressions = aggregateExpressions;
        foreach (var key in groupingExpressions.Where(ExpressionAnalyzer.ContainsAggregate))
        {
            throw new AnalysisException($"[GROUP_BY_AGGREGATE] Aggregate functions are not allowed in GROUP BY: {ExpressionAnalyzer.NameOf(key, child.Output)}.");
        }

        foreach (var aggregate in aggregateExpressions)
        {
            CheckGrouped(aggregate, child.Output);
        }

        Output = Unqualified(groupingExpressions.Concat(aggregateExpressions).Select(e => ExpressionAnalyzer.ToAttribute(e, child.Output)));
    }

    public IReadOnlyList<Expression> GroupingExpressions { get; }

    public IReadOnlyList<Expression> AggregateExpressions { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }

    private void CheckGrouped(Expression expression, IReadOnlyList<PlanAttribute> input)
    {
        if (ExpressionAnalyzer.ContainsAggregate(expression) || ExpressionAnalyzer.Unwrap(expression) is WindowExpression)
        {
            return;
        }

        var referenced = new List<ColumnReference>();
        Collect(expression, referenced);
        var keys = GroupingExpressions.Select(k => ExpressionAnalyzer.Unwrap(k)).OfType<ColumnReference>()
            .Select(k => ExpressionAnalyzer.Resolve(k, input).Ordinal).ToHashSet();
        foreach (var reference in referenced)
        {
            if (!keys.Contains(ExpressionAnalyzer.Resolve(reference, input).Ordinal))
            {
                throw new AnalysisException(
                    $"[MISSING_AGGREGATION] The non-aggregating expression `{reference.DisplayName}` is neither in GroupBy nor in an aggregate function.");
            }
        }

        ExpressionAnalyzer.TypeOf(expression, input);
    }

    private static void Collect(Expression expression, List<ColumnReference> references)
    {
        switch (expression)
        {
            case ColumnReference reference:
                references.Add(reference);
                break;
            case AliasExpression alias:
                Collect(alias.Child, references);
                break;
            case ExpressionString text:
                Collect(text.Parsed, references);
                break;
            case CastExpression cast:
                Collect(cast.Child, references);
                break;
            case FunctionCall call:
                call.Arguments.ToList().ForEach(a => Collect(a, references));
                break;
            case CaseWhen caseWhen:
                foreach (var branch in caseWhen.Branches)
                {
                    Collect(branch.Condition, references);
                    Collect(branch.Value, references);
                }

                if (caseWhen.Else is not null)
                {
                    Collect(caseWhen.Else, references);
                }

                break;
            default:
                break;
        }
    }
}

/// <summary>Join types, named as Spark names them.</summary>
internal enum JoinType
{
    Inner,
    LeftOuter,
    RightOuter,
    FullOuter,
    LeftSemi,
    LeftAnti,
    Cross,
}

/// <summary>
/// A join on a condition or on using-columns. With using-columns the output is the keys once, then the other left
/// columns, then the other right columns (Spark); semi and anti joins output the left side only.
/// </summary>
internal sealed record Join : LogicalPlan
{
    public Join(LogicalPlan left, LogicalPlan right, JoinType joinType, Expression? condition, IReadOnlyList<string> usingColumns)
    {
        Left = left;
        Right = right;
        JoinType = joinType;
        Condition = condition;
        UsingColumns = usingColumns;
        if (condition is not null && usingColumns.Count > 0)
        {
            throw new ArgumentException("A join has either a condition or using-columns, not both.", nameof(condition));
        }

        var both = left.Output.Concat(right.Output).ToList();
        if (condition is not null)
        {
            var type = ExpressionAnalyzer.TypeOf(condition, both);
            if (type is not (BooleanType or NullType))
            {
                throw new AnalysisException($"[DATATYPE_MISMATCH] The join condition must be boolean, not {type.SimpleString}.");
            }
        }

        var leftKeys = new List<int>();
        var rightKeys = new List<int>();
        foreach (var name in usingColumns)
        {
            leftKeys.Add(ResolveSide(name, left, "left"));
            rightKeys.Add(ResolveSide(name, right, "right"));
        }

        LeftKeyOrdinals = leftKeys;
        RightKeyOrdinals = rightKeys;
        if (joinType is JoinType.LeftSemi or JoinType.LeftAnti)
        {
            Output = left.Output;
        }
        else if (usingColumns.Count == 0)
        {
            Output = [.. left.Output.Select(a => Nullable(a, joinType is JoinType.RightOuter or JoinType.FullOuter)),
                .. right.Output.Select(a => Nullable(a, joinType is JoinType.LeftOuter or JoinType.FullOuter))];
        }
        else
        {
            var keys = leftKeys.Select((l, i) => joinType == JoinType.RightOuter ? right.Output[rightKeys[i]] : left.Output[l] with { Qualifier = null });
            Output = [.. keys,
                .. left.Output.Where((_, i) => !leftKeys.Contains(i)).Select(a => Nullable(a, joinType is JoinType.RightOuter or JoinType.FullOuter)),
                .. right.Output.Where((_, i) => !rightKeys.Contains(i)).Select(a => Nullable(a, joinType is JoinType.LeftOuter or JoinType.FullOuter))];
        }
    }

    public LogicalPlan Left { get; }

    public LogicalPlan Right { get; }

    public JoinType JoinType { get; }

    public Expression? Condition { get; }

    public IReadOnlyList<string> UsingColumns { get; }

    public IReadOnlyList<int> LeftKeyOrdinals { get; }

    public IReadOnlyList<int> RightKeyOrdinals { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }

    public override IReadOnlyList<LogicalPlan> Children => [Left, Right];

    private static PlanAttribute Nullable(PlanAttribute attribute, bool nullable) => nullable ? attribute with { Nullable = true } : attribute;

    private static int ResolveSide(string name, LogicalPlan side, string sideName)
    {
        var matches = Enumerable.Range(0, side.Output.Count).Where(i => side.Output[i].HasName(name)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new AnalysisException(
                $"[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `{name}` cannot be resolved on the {sideName} side of the join. " +
                $"The {sideName}-side columns: [{string.Join(", ", side.Output.Select(a => $"`{a.Name}`"))}]."),
            _ => throw new AnalysisException($"[AMBIGUOUS_REFERENCE] USING column `{name}` is ambiguous on the {sideName} side of the join."),
        };
    }
}

/// <summary><c>orderBy</c> / <c>sort</c>.</summary>
internal sealed record Sort : UnaryPlan
{
    public Sort(LogicalPlan child, IReadOnlyList<SortOrder> orders)
        : base(child)
    {
        foreach (var order in orders)
        {
            ExpressionAnalyzer.TypeOf(order.Child, child.Output);
        }

        Orders = orders;
    }

    public IReadOnlyList<SortOrder> Orders { get; }

    public override IReadOnlyList<PlanAttribute> Output => Child.Output;
}

/// <summary><c>limit</c>.</summary>
internal sealed record Limit : UnaryPlan
{
    public Limit(LogicalPlan child, int count)
        : base(child)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
    }

    public int Count { get; }

    public override IReadOnlyList<PlanAttribute> Output => Child.Output;
}

/// <summary><c>dropDuplicates(keys)</c> keeps the first row per key; with no keys (and <c>distinct</c>) all columns are the key.</summary>
internal sealed record Deduplicate : UnaryPlan
{
    public Deduplicate(LogicalPlan child, IReadOnlyList<string>? columnNames)
        : base(child)
    {
        ColumnNames = columnNames;
        KeyOrdinals = columnNames is null
            ? [.. Enumerable.Range(0, child.Output.Count)]
            : [.. columnNames.Select(n => ExpressionAnalyzer.Resolve(new ColumnReference([n]), child.Output).Ordinal).Distinct()];
    }

    /// <summary>The key names, or null when all columns are the key.</summary>
    public IReadOnlyList<string>? ColumnNames { get; }

    public bool AllColumnsAsKeys => ColumnNames is null;

    public IReadOnlyList<int> KeyOrdinals { get; }

    public override IReadOnlyList<PlanAttribute> Output => Child.Output;
}

/// <summary><c>union</c> (by position) and <c>unionByName</c>; both keep duplicates (UNION ALL), as in Spark.</summary>
internal sealed record Union : LogicalPlan
{
    public Union(LogicalPlan left, LogicalPlan right, bool byName, bool allowMissingColumns)
    {
        Left = left;
        Right = right;
        ByName = byName;
        AllowMissingColumns = allowMissingColumns;
        if (!byName)
        {
            if (left.Output.Count != right.Output.Count)
            {
                throw new AnalysisException(
                    $"[NUM_COLUMNS_MISMATCH] Union can only be performed on inputs with the same number of columns, but the left has {left.Output.Count} and the right has {right.Output.Count}.");
            }

            RightProjection = [.. Enumerable.Range(0, right.Output.Count).Select(i => (int?)i)];
            Output = [.. left.Output.Select((a, i) => a with { Qualifier = null, DataType = TypeRules.Widen(a.DataType, right.Output[i].DataType) })];
            LeftMissing = [];
            return;
        }

        var projection = new List<int?>();
        var output = new List<PlanAttribute>();
        foreach (var attribute in left.Output)
        {
            var match = right.Output.ToList().FindIndex(a => a.HasName(attribute.Name));
            if (match < 0 && !allowMissingColumns)
            {
                throw new AnalysisException(
                    $"[NUM_COLUMNS_MISMATCH] Cannot resolve column `{attribute.Name}` of the left side among the right-side columns [{string.Join(", ", right.Output.Select(a => $"`{a.Name}`"))}].");
            }

            projection.Add(match < 0 ? null : match);
            output.Add(attribute with { Qualifier = null, DataType = match < 0 ? attribute.DataType : TypeRules.Widen(attribute.DataType, right.Output[match].DataType) });
        }

        var extra = Enumerable.Range(0, right.Output.Count).Where(i => !left.Output.Any(a => a.HasName(right.Output[i].Name))).ToList();
        if (extra.Count > 0 && !allowMissingColumns)
        {
            throw new AnalysisException($"[NUM_COLUMNS_MISMATCH] The right side has columns the left side lacks: [{string.Join(", ", extra.Select(i => $"`{right.Output[i].Name}`"))}].");
        }

        projection.AddRange(extra.Select(i => (int?)i));
        output.AddRange(extra.Select(i => right.Output[i] with { Qualifier = null }));
        LeftMissing = [.. extra.Select(i => right.Output[i])];
        RightProjection = projection;
        Output = output;
    }

    public LogicalPlan Left { get; }

    public LogicalPlan Right { get; }

    public bool ByName { get; }

    public bool AllowMissingColumns { get; }

    /// <summary>For each output column, the right-side column that feeds it (null: NULL).</summary>
    public IReadOnlyList<int?> RightProjection { get; }

    /// <summary>Columns only the right side has (NULL on the left; unionByName with allowMissingColumns).</summary>
    public IReadOnlyList<PlanAttribute> LeftMissing { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }

    public override IReadOnlyList<LogicalPlan> Children => [Left, Right];
}

/// <summary><c>na.fill</c>: replaces NULLs in the given (or all type-compatible) columns.</summary>
internal sealed record NaFill : UnaryPlan
{
    public NaFill(LogicalPlan child, IReadOnlyList<string> columnNames, Literal value)
        : base(child)
    {
        ColumnNames = columnNames;
        Value = value;
        var targets = new HashSet<int>();
        var candidates = columnNames.Count == 0
            ? Enumerable.Range(0, child.Output.Count)
            : columnNames.Select(n => ExpressionAnalyzer.Resolve(new ColumnReference([n]), child.Output).Ordinal);
        foreach (var ordinal in candidates)
        {
            var type = child.Output[ordinal].DataType;
            var fits = value.Type switch
            {
                StringType => type is StringType,
                BooleanType => type is BooleanType,
                var t when t.IsNumeric => type.IsNumeric,
                _ => false,
            };
            if (fits)
            {
                targets.Add(ordinal);
            }
        }

        FilledOrdinals = targets;
    }

    public IReadOnlyList<string> ColumnNames { get; }

    public Literal Value { get; }

    public IReadOnlySet<int> FilledOrdinals { get; }

    public override IReadOnlyList<PlanAttribute> Output => Child.Output;
}

/// <summary><c>na.drop</c>: drops rows with fewer than <see cref="MinNonNulls"/> non-null values among the columns.</summary>
internal sealed record NaDrop : UnaryPlan
{
    public NaDrop(LogicalPlan child, IReadOnlyList<string> columnNames, int minNonNulls)
        : base(child)
    {
        ColumnNames = columnNames;
        CheckedOrdinals = columnNames.Count == 0
            ? [.. Enumerable.Range(0, child.Output.Count)]
            : [.. columnNames.Select(n => ExpressionAnalyzer.Resolve(new ColumnReference([n]), child.Output).Ordinal)];
        MinNonNulls = minNonNulls;
    }

    public IReadOnlyList<string> ColumnNames { get; }

    public IReadOnlyList<int> CheckedOrdinals { get; }

    public int MinNonNulls { get; }

    public override IReadOnlyList<PlanAttribute> Output => Child.Output;
}

/// <summary><c>alias</c>: qualifies the output columns so that <c>alias.column</c> resolves (self-joins).</summary>
internal sealed record SubqueryAlias : UnaryPlan
{
    public SubqueryAlias(LogicalPlan child, string alias)
        : base(child)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(alias);
        Alias = alias;
        Output = [.. child.Output.Select(a => a with { Qualifier = alias })];
    }

    public string Alias { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary>
/// <c>explode</c> / <c>explode_outer</c>: one output row per array element, appended as a new column. Explode drops rows
/// whose array is NULL or empty; explode_outer keeps them with a NULL element (Spark).
/// </summary>
internal sealed record Generate : UnaryPlan
{
    public Generate(LogicalPlan child, Expression array, bool outer, string elementName, string? positionName = null)
        : base(child)
    {
        var type = ExpressionAnalyzer.TypeOf(array, child.Output);
        if (type is not ArrayType arrayType)
        {
            throw new AnalysisException($"[DATATYPE_MISMATCH] explode expects an array, not {type.SimpleString}.");
        }

        if (outer && positionName is not null)
        {
            throw new AnalysisException("[UNSUPPORTED_GENERATOR] posexplode_outer is not supported; use posexplode or explode_outer.");
        }

        Array = array;
        Outer = outer;
        ElementName = elementName;
        PositionName = positionName;
        Output = positionName is null
            ? [.. child.Output, new PlanAttribute(elementName, arrayType.ElementType)]
            : [.. child.Output, new PlanAttribute(positionName, DataType.Integer, Nullable: false), new PlanAttribute(elementName, arrayType.ElementType)];
    }

    public Expression Array { get; }

    public bool Outer { get; }

    public string ElementName { get; }

    /// <summary>posexplode: the name of the 0-based position column that precedes the element; null for explode.</summary>
    public string? PositionName { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary><c>range(start, end, step)</c>: one bigint column <c>id</c>.</summary>
internal sealed record RangePlan : LeafPlan
{
    public RangePlan(long start, long end, long step)
    {
        if (step == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(step), "The step of a range may not be 0.");
        }

        Start = start;
        End = end;
        Step = step;
        Output = [new PlanAttribute("id", DataType.Long, Nullable: false)];
    }

    public long Start { get; }

    public long End { get; }

    public long Step { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary><c>toDF(names...)</c>: renames all columns by position.</summary>
internal sealed record ToDf : UnaryPlan
{
    public ToDf(LogicalPlan child, IReadOnlyList<string> columnNames)
        : base(child)
    {
        if (columnNames.Count != child.Output.Count)
        {
            throw new AnalysisException(
                $"[INVALID_COLUMN_NAMES] toDF needs {child.Output.Count} names (one per column: {string.Join(", ", child.Output.Select(a => $"`{a.Name}`"))}), not {columnNames.Count}.");
        }

        ColumnNames = columnNames;
        Output = [.. child.Output.Select((a, i) => new PlanAttribute(columnNames[i], a.DataType, a.Nullable))];
    }

    public IReadOnlyList<string> ColumnNames { get; }

    public override IReadOnlyList<PlanAttribute> Output { get; }
}

/// <summary>A hint such as <c>broadcast</c>: Spark uses it to plan joins; the embedded engine ignores it.</summary>
internal sealed record Hint : UnaryPlan
{
    public Hint(LogicalPlan child, string name)
        : base(child)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public override IReadOnlyList<PlanAttribute> Output => Child.Output;
}
