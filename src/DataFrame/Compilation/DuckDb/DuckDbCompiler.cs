using System.Globalization;
using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Plan;

namespace Lakehouse.DataFrame.Compilation.DuckDb;

/// <summary>A compiled relation: SQL text and the (unique) SQL name of each output column, in plan order.</summary>
internal sealed record CompiledRelation(string Sql, IReadOnlyList<string> Columns);

/// <summary>
/// Compiles a logical plan to one DuckDB SQL query that returns Spark's rows. Every node becomes a SELECT over its
/// children as derived tables; columns are referenced by position through unique SQL names, so duplicate or hostile
/// names cannot collide with SQL syntax. Requires the DuckDB session time zone to be UTC (the session sets it).
/// </summary>
internal sealed class DuckDbCompiler
{
    private int _nextAlias;

    /// <summary>The query for a plan, with the plan's column names (duplicates allowed) in order.</summary>
    public static string CompileQuery(LogicalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var compiler = new DuckDbCompiler();
        var relation = compiler.Compile(plan);
        var output = plan.Output;
        if (relation.Columns.Select((c, i) => c == SqlName(output[i].Name)).All(same => same))
        {
            return relation.Sql;
        }

        var alias = compiler.NextAlias();
        var columns = output.Select((a, i) => $"{alias}.{DuckDbSql.Identifier(relation.Columns[i])} AS {DuckDbSql.Identifier(SqlName(a.Name))}");
        return $"SELECT {string.Join(", ", columns)} FROM ({relation.Sql}) AS {alias}";
    }

    /// <summary>Spark's non-ANSI CAST: values that do not convert become NULL; Spark's string forms and truncation rules.</summary>
    public static string CastSql(string sql, DataType from, DataType to)
    {
        if (from == to)
        {
            return sql;
        }

        var target = DuckDbSql.TypeName(to);
        return (from, to) switch
        {
            (NullType, _) => $"CAST({sql} AS {target})",
            (TimestampType, StringType) => $"CAST(CAST({sql} AS TIMESTAMP) AS VARCHAR)",
            (BinaryType, StringType) => $"decode({sql})",
            (BooleanType, StringType) => $"CASE WHEN {sql} THEN 'true' WHEN NOT {sql} THEN 'false' END",
            (_, StringType) => $"CAST({sql} AS VARCHAR)",
            (StringType, BooleanType) =>
                $"(CASE WHEN lower(trim({sql})) IN ('t', 'true', 'y', 'yes', '1') THEN TRUE WHEN lower(trim({sql})) IN ('f', 'false', 'n', 'no', '0') THEN FALSE END)",
            // Spark reads digits with an optional fraction, which it truncates: plain digits cast directly (DuckDB's casts skip
            // surrounding white space, so nothing is copied), a fraction through DECIMAL(38,10) (~20 us a value); DuckDB's
            // other forms (1e3, 0x1A, 1_000) are NULL, as in Spark.
            (StringType, _) when to.IsIntegral =>
                $"(CASE WHEN regexp_full_match({sql}, '\\s*[+-]?[0-9]+\\s*') THEN TRY_CAST({sql} AS {target}) "
                + $"WHEN regexp_full_match({sql}, '\\s*[+-]?[0-9]*\\.[0-9]*\\s*') THEN TRY_CAST(trunc(TRY_CAST({sql} AS DECIMAL(38,10))) AS {target}) END)",

            // Java's number parsing (Spark's) has no digit separators; DuckDB's accepts 1_000.
            (StringType, DecimalType or DoubleType or FloatType) => $"(CASE WHEN NOT contains({sql}, '_') THEN TRY_CAST({sql} AS {target}) END)",
            (StringType, DateType) => DuckDbFunctions.ToDate(sql, from),
            (StringType, TimestampType) => DuckDbFunctions.ToTimestamp(sql, from),
            (StringType, BinaryType) => $"encode({sql})",
            (StringType, _) => $"TRY_CAST(trim({sql}) AS {target})",
            (FloatType or DoubleType or DecimalType, _) when to.IsIntegral => $"TRY_CAST(trunc({sql}) AS {target})",
            (BooleanType, _) when to.IsNumeric => $"CAST(CASE WHEN {sql} THEN 1 WHEN NOT {sql} THEN 0 END AS {target})",
            (_, BooleanType) when from.IsNumeric => $"({sql} <> 0)",
            (TimestampType, _) when to.IsIntegral => $"TRY_CAST(floor(epoch({sql})) AS {target})",
            (TimestampType, DoubleType or FloatType or DecimalType) => $"TRY_CAST(epoch({sql}) AS {target})",
            (_, TimestampType) when from.IsNumeric => $"to_timestamp(CAST({sql} AS DOUBLE))",
            _ => $"TRY_CAST({sql} AS {target})",
        };
    }

    internal CompiledRelation Compile(LogicalPlan plan) => plan switch
    {
        TableRead table => Leaf($"SELECT * FROM {QualifiedName(table.TableName)}", table.Output),
        DataSourceRead source => Leaf($"SELECT {SourceColumns(source)} FROM {DuckDbSources.TableFunction(source)}", source.Output),
        SqlRead sql => Leaf(sql.Query, sql.Output),
        LocalRelation local => CompileLocal(local),
        Project project => CompileProjection(project.Child, project.ExpandedExpressions, project.Output),
        Filter filter => CompileFilter(filter),
        WithColumns withColumns => CompileProjection(withColumns.Child, withColumns.ProjectList, withColumns.Output),
        WithColumnsRenamed renamed => CompileProjection(renamed.Child, [.. renamed.Output.Select((_, i) => (Expression)new InputColumn(i))], renamed.Output),
        Drop drop => CompileProjection(drop.Child, [.. drop.KeptOrdinals.Select(i => (Expression)new InputColumn(i))], drop.Output),
        Aggregate aggregate => CompileAggregate(aggregate),
        Join join => CompileJoin(join),
        Sort sort => CompileSort(sort, limit: null),
        Limit { Child: Sort sort } limit => CompileSort(sort, limit.Count),
        Limit limit => CompileLimit(limit),
        Deduplicate deduplicate => CompileDeduplicate(deduplicate),
        Union union => CompileUnion(union),
        NaFill fill => CompileFill(fill),
        NaDrop drop => CompileNaDrop(drop),
        SubqueryAlias alias => Compile(alias.Child),
        Generate generate => CompileGenerate(generate),
        RangePlan range => CompileRange(range),
        ToDf toDf => CompileProjection(toDf.Child, [.. toDf.Output.Select((_, i) => (Expression)new InputColumn(i))], toDf.Output),
        Hint hint => Compile(hint.Child),
        _ => throw new NotSupportedException($"The plan node {plan.GetType().Name} is not supported by the DuckDB compiler."),
    };

    private string NextAlias() => "t" + (_nextAlias++).ToString(CultureInfo.InvariantCulture);

    private static string QualifiedName(string name) => string.Join(".", Parsing.IdentifierPath.Split(name).Select(DuckDbSql.Identifier));

    /// <summary>Parquet carries its own types: a user schema selects and converts its columns by name.</summary>
    private static string SourceColumns(DataSourceRead source) =>
        source.UserSchema is null || !source.Format.Equals("parquet", StringComparison.OrdinalIgnoreCase)
            ? "*"
            : string.Join(", ", source.Output.Select(a => $"TRY_CAST({DuckDbSql.Identifier(a.Name)} AS {DuckDbSql.TypeName(a.DataType)}) AS {DuckDbSql.Identifier(a.Name)}"));

    /// <summary>
    /// A source relation. Spark's timestamp is an instant: columns DuckDB holds as naive TIMESTAMP (Parquet written with
    /// isAdjustedToUTC=false, tables, SQL) become TIMESTAMPTZ read as UTC, so that results and writes carry instants.
    /// </summary>
    private CompiledRelation Leaf(string sql, IReadOnlyList<PlanAttribute> output)
    {
        var names = output.Select(a => a.Name).ToList();
        var timestamps = output.Where(a => a.DataType is TimestampType).ToList();
        if (timestamps.Count == 0 || names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Count)
        {
            return new(sql, names);
        }

        var replacements = timestamps.Select(a => $"CAST({DuckDbSql.Identifier(a.Name)} AS TIMESTAMPTZ) AS {DuckDbSql.Identifier(a.Name)}");
        return new($"SELECT * REPLACE ({string.Join(", ", replacements)}) FROM ({sql}) AS {NextAlias()}", names);
    }

    /// <summary>SQL text cannot carry NUL; results are read by position, so the SQL name may differ from the plan's name.</summary>
    private static string SqlName(string name) => name.Replace('\0', '\uFFFD');

    /// <summary>Unique SQL names (DuckDB names are case-insensitive): a duplicate gets a numeric suffix.</summary>
    private static List<string> UniqueNames(IEnumerable<string> names)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var rawName in names)
        {
            var name = SqlName(rawName);
            var candidate = name;
            for (var n = 2; !used.Add(candidate); n++)
            {
                candidate = name + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            result.Add(candidate);
        }

        return result;
    }

    private (CompiledRelation Relation, string Alias, Scope Scope) Input(LogicalPlan child)
    {
        var relation = Compile(child);
        var alias = NextAlias();
        return (relation, alias, new Scope(child.Output, [.. relation.Columns.Select(c => $"{alias}.{DuckDbSql.Identifier(c)}")]));
    }

    private static string SelectList(IReadOnlyList<string> expressions, IReadOnlyList<string> names) =>
        string.Join(", ", expressions.Select((e, i) => $"{e} AS {DuckDbSql.Identifier(names[i])}"));

    private CompiledRelation CompileLocal(LocalRelation local)
    {
        var names = UniqueNames(local.Output.Select(a => a.Name));
        var fields = local.DataSchema.Fields;
        if (local.Rows.Count == 0)
        {
            var nulls = fields.Select(f => DuckDbSql.Literal(null, f.DataType)).ToList();
            return new($"SELECT {SelectList(nulls, names)} WHERE FALSE", names);
        }

        var rows = local.Rows.Select(row => "(" + string.Join(", ", row.Select((v, i) => DuckDbSql.Literal(v, fields[i].DataType))) + ")");
        var alias = NextAlias();
        var columns = string.Join(", ", names.Select(DuckDbSql.Identifier));
        return new($"SELECT * FROM (VALUES {string.Join(", ", rows)}) AS {alias}({columns})", names);
    }

    private CompiledRelation CompileProjection(LogicalPlan child, IReadOnlyList<Expression> expressions, IReadOnlyList<PlanAttribute> output)
    {
        var (relation, alias, scope) = Input(child);
        var names = UniqueNames(output.Select(a => a.Name));
        var sql = expressions.Select(e => CompileExpression(e, scope)).ToList();
        return new($"SELECT {SelectList(sql, names)} FROM ({relation.Sql}) AS {alias}", names);
    }

    private CompiledRelation CompileFilter(Filter filter)
    {
        var (relation, alias, scope) = Input(filter.Child);
        return new($"SELECT * FROM ({relation.Sql}) AS {alias} WHERE {CompileExpression(filter.Condition, scope)}", relation.Columns);
    }

    private CompiledRelation CompileAggregate(Aggregate aggregate)
    {
        var (relation, alias, scope) = Input(aggregate.Child);
        var names = UniqueNames(aggregate.Output.Select(a => a.Name));
        var keys = aggregate.GroupingExpressions.Select(e => CompileExpression(e, scope)).ToList();
        var values = aggregate.AggregateExpressions.Select(e => CompileExpression(e, scope));
        var groupBy = keys.Count == 0 ? string.Empty : " GROUP BY " + string.Join(", ", keys);
        return new($"SELECT {SelectList([.. keys, .. values], names)} FROM ({relation.Sql}) AS {alias}{groupBy}", names);
    }

    private CompiledRelation CompileJoin(Join join)
    {
        var left = Compile(join.Left);
        var right = Compile(join.Right);
        var (leftAlias, rightAlias) = (NextAlias(), NextAlias());
        var leftRefs = left.Columns.Select(c => $"{leftAlias}.{DuckDbSql.Identifier(c)}").ToList();
        var rightRefs = right.Columns.Select(c => $"{rightAlias}.{DuckDbSql.Identifier(c)}").ToList();
        var scope = new Scope([.. join.Left.Output, .. join.Right.Output], [.. leftRefs, .. rightRefs]);

        string? on;
        if (join.Condition is not null)
        {
            on = CompileExpression(join.Condition, scope);
        }
        else if (join.UsingColumns.Count > 0)
        {
            on = string.Join(" AND ", join.LeftKeyOrdinals.Select((l, i) => $"{leftRefs[l]} = {rightRefs[join.RightKeyOrdinals[i]]}"));
        }
        else
        {
            on = null;
        }

        var keyword = join.JoinType switch
        {
            JoinType.Inner => on is null ? "CROSS JOIN" : "INNER JOIN",
            JoinType.Cross => on is null ? "CROSS JOIN" : "INNER JOIN",
            JoinType.LeftOuter => "LEFT JOIN",
            JoinType.RightOuter => "RIGHT JOIN",
            JoinType.FullOuter => "FULL JOIN",
            JoinType.LeftSemi => "SEMI JOIN",
            JoinType.LeftAnti => "ANTI JOIN",
            _ => throw new NotSupportedException($"Join type {join.JoinType}."),
        };
        if (on is null && join.JoinType is not (JoinType.Inner or JoinType.Cross))
        {
            on = "TRUE";
        }

        List<string> selected;
        if (join.JoinType is JoinType.LeftSemi or JoinType.LeftAnti)
        {
            selected = leftRefs;
        }
        else if (join.UsingColumns.Count == 0)
        {
            selected = [.. leftRefs, .. rightRefs];
        }
        else
        {
            var keys = join.LeftKeyOrdinals.Select((l, i) => join.JoinType switch
            {
                JoinType.RightOuter => rightRefs[join.RightKeyOrdinals[i]],
                JoinType.FullOuter => $"coalesce({leftRefs[l]}, {rightRefs[join.RightKeyOrdinals[i]]})",
                _ => leftRefs[l],
            });
            selected = [.. keys,
                .. leftRefs.Where((_, i) => !join.LeftKeyOrdinals.Contains(i)),
                .. rightRefs.Where((_, i) => !join.RightKeyOrdinals.Contains(i))];
        }

        var names = UniqueNames(join.Output.Select(a => a.Name));
        var condition = on is null ? string.Empty : $" ON {on}";
        return new($"SELECT {SelectList(selected, names)} FROM ({left.Sql}) AS {leftAlias} {keyword} ({right.Sql}) AS {rightAlias}{condition}", names);
    }

    private CompiledRelation CompileSort(Sort sort, int? limit)
    {
        var (relation, alias, scope) = Input(sort.Child);
        var orders = sort.Orders.Select(o => CompileOrder(o, scope));
        var limitSql = limit is null ? string.Empty : " LIMIT " + limit.Value.ToString(CultureInfo.InvariantCulture);
        return new($"SELECT * FROM ({relation.Sql}) AS {alias} ORDER BY {string.Join(", ", orders)}{limitSql}", relation.Columns);
    }

    private CompiledRelation CompileLimit(Limit limit)
    {
        var (relation, alias, _) = Input(limit.Child);
        return new($"SELECT * FROM ({relation.Sql}) AS {alias} LIMIT {limit.Count.ToString(CultureInfo.InvariantCulture)}", relation.Columns);
    }

    private CompiledRelation CompileDeduplicate(Deduplicate deduplicate)
    {
        var (relation, alias, scope) = Input(deduplicate.Child);
        if (deduplicate.AllColumnsAsKeys)
        {
            return new($"SELECT DISTINCT * FROM ({relation.Sql}) AS {alias}", relation.Columns);
        }

        var keys = deduplicate.KeyOrdinals.Select(i => scope.References[i]);
        return new($"SELECT DISTINCT ON ({string.Join(", ", keys)}) * FROM ({relation.Sql}) AS {alias}", relation.Columns);
    }

    private CompiledRelation CompileUnion(Union union)
    {
        var (left, leftAlias, leftScope) = Input(union.Left);
        var (right, rightAlias, rightScope) = Input(union.Right);
        var names = UniqueNames(union.Output.Select(a => a.Name));
        var leftColumns = new List<string>();
        var rightColumns = new List<string>();
        for (var i = 0; i < union.Output.Count; i++)
        {
            var type = union.Output[i].DataType;
            leftColumns.Add(i < union.Left.Output.Count
                ? CastSql(leftScope.References[i], union.Left.Output[i].DataType, type)
                : DuckDbSql.Literal(null, type));
            rightColumns.Add(union.RightProjection[i] is int r
                ? CastSql(rightScope.References[r], union.Right.Output[r].DataType, type)
                : DuckDbSql.Literal(null, type));
        }

        return new(
            $"SELECT {SelectList(leftColumns, names)} FROM ({left.Sql}) AS {leftAlias} UNION ALL SELECT {SelectList(rightColumns, names)} FROM ({right.Sql}) AS {rightAlias}",
            names);
    }

    private CompiledRelation CompileFill(NaFill fill)
    {
        var (relation, alias, scope) = Input(fill.Child);
        var columns = fill.Output.Select((a, i) => fill.FilledOrdinals.Contains(i)
            ? $"coalesce({scope.References[i]}, {CastSql(DuckDbSql.Literal(fill.Value.Value, fill.Value.Type), fill.Value.Type, a.DataType)})"
            : scope.References[i]).ToList();
        return new($"SELECT {SelectList(columns, relation.Columns)} FROM ({relation.Sql}) AS {alias}", relation.Columns);
    }

    private CompiledRelation CompileNaDrop(NaDrop drop)
    {
        var (relation, alias, scope) = Input(drop.Child);
        var present = string.Join(" + ", drop.CheckedOrdinals.Select(i => $"(CASE WHEN {scope.References[i]} IS NULL THEN 0 ELSE 1 END)"));
        var condition = drop.CheckedOrdinals.Count == 0 ? "TRUE" : $"({present}) >= {drop.MinNonNulls.ToString(CultureInfo.InvariantCulture)}";
        return new($"SELECT * FROM ({relation.Sql}) AS {alias} WHERE {condition}", relation.Columns);
    }

    private CompiledRelation CompileGenerate(Generate generate)
    {
        var (relation, alias, scope) = Input(generate.Child);
        var names = UniqueNames(generate.Output.Select(a => a.Name));
        var array = CompileExpression(generate.Array, scope);
        if (generate.Outer)
        {
            // explode_outer keeps a row with NULL for a NULL or empty array.
            var listType = DuckDbSql.TypeName(ExpressionAnalyzer.TypeOf(generate.Array, generate.Child.Output));
            array = $"(CASE WHEN len({array}) > 0 THEN {array} ELSE CAST([NULL] AS {listType}) END)";
        }

        var columns = scope.References.ToList();
        if (generate.PositionName is not null)
        {
            // generate_subscripts runs in lockstep with unnest in one select list; Spark's positions start at 0.
            columns.Add($"CAST(generate_subscripts({array}, 1) - 1 AS INTEGER)");
        }

        columns.Add($"unnest({array})");
        return new($"SELECT {SelectList(columns, names)} FROM ({relation.Sql}) AS {alias}", names);
    }

    private static CompiledRelation CompileRange(RangePlan range)
    {
        string Number(long value) => $"CAST({value.ToString(CultureInfo.InvariantCulture)} AS BIGINT)";
        return new($"SELECT range AS \"id\" FROM range({Number(range.Start)}, {Number(range.End)}, {Number(range.Step)})", ["id"]);
    }

    private string CompileOrder(SortOrder order, Scope scope) =>
        $"{CompileExpression(order.Child, scope)} {(order.Ascending ? "ASC" : "DESC")} {(order.NullsFirst ? "NULLS FIRST" : "NULLS LAST")}";

    internal string CompileExpression(Expression expression, Scope scope) => expression switch
    {
        ColumnReference reference => CompileColumn(reference, scope),
        InputColumn column => scope.References[column.Ordinal],
        Literal literal => DuckDbSql.Literal(literal.Value, literal.Type),
        AliasExpression alias => CompileExpression(alias.Child, scope),
        ExpressionString text => CompileExpression(text.Parsed, scope),
        CastExpression cast => CastSql(CompileExpression(cast.Child, scope), ExpressionAnalyzer.TypeOf(cast.Child, scope.Input), cast.TargetType),
        SortOrder order => CompileOrder(order, scope),
        CaseWhen caseWhen => CompileCase(caseWhen, scope),
        ExtractValue extract => CompileExtract(extract, scope),
        WindowExpression window => CompileWindow(window, scope),
        FunctionCall call => CompileCall(call, scope, over: string.Empty),
        StarExpression => throw new AnalysisException("[INVALID_USAGE_OF_STAR] `*` is only allowed in a select list or in count(*)."),
        _ => throw new NotSupportedException($"The expression {expression.GetType().Name} is not supported by the DuckDB compiler."),
    };

    private static string CompileColumn(ColumnReference reference, Scope scope)
    {
        var resolved = ExpressionAnalyzer.Resolve(reference, scope.Input);
        var sql = scope.References[resolved.Ordinal];
        foreach (var field in resolved.FieldPath)
        {
            sql = $"struct_extract({sql}, {DuckDbSql.String(field)})";
        }

        return sql;
    }

    private string CompileCase(CaseWhen caseWhen, Scope scope)
    {
        var type = ExpressionAnalyzer.TypeOf(caseWhen, scope.Input);
        string Value(Expression e) => CastSql(CompileExpression(e, scope), ExpressionAnalyzer.TypeOf(e, scope.Input), type);
        var branches = caseWhen.Branches.Select(b => $"WHEN {CompileExpression(b.Condition, scope)} THEN {Value(b.Value)}");
        var otherwise = caseWhen.Else is null ? string.Empty : $" ELSE {Value(caseWhen.Else)}";
        return $"(CASE {string.Join(" ", branches)}{otherwise} END)";
    }

    private string CompileExtract(ExtractValue extract, Scope scope)
    {
        var child = CompileExpression(extract.Child, scope);
        var childType = ExpressionAnalyzer.TypeOf(extract.Child, scope.Input);
        return childType switch
        {
            StructType structType => $"struct_extract({child}, {DuckDbSql.String(structType.Find((string)((Literal)extract.Extraction).Value!)!.Name)})",

            // Spark's getItem on arrays is 0-based; DuckDB lists are 1-based.
            ArrayType => $"list_extract({child}, ({CompileExpression(extract.Extraction, scope)}) + 1)",
            MapType => $"map_extract_value({child}, {CompileExpression(extract.Extraction, scope)})",
            _ => throw new AnalysisException($"Cannot extract a value from {childType.SimpleString}."),
        };
    }

    private string CompileWindow(WindowExpression window, Scope scope)
    {
        var spec = window.Spec;
        var parts = new List<string>();
        if (spec.PartitionBy.Count > 0)
        {
            parts.Add("PARTITION BY " + string.Join(", ", spec.PartitionBy.Select(e => CompileExpression(e, scope))));
        }

        if (spec.OrderBy.Count > 0)
        {
            parts.Add("ORDER BY " + string.Join(", ", spec.OrderBy.Select(o => CompileOrder(o, scope))));
        }

        if (spec.Frame is { } frame)
        {
            parts.Add($"{(frame.Type == FrameType.Rows ? "ROWS" : "RANGE")} BETWEEN {ExpressionAnalyzer.BoundaryText(frame.Lower)} AND {ExpressionAnalyzer.BoundaryText(frame.Upper)}");
        }

        var function = ExpressionAnalyzer.Unwrap(window.Function) as FunctionCall
            ?? throw new AnalysisException("OVER needs an aggregate or window function.");
        return CompileCall(function, scope, $" OVER ({string.Join(" ", parts)})");
    }

    private string CompileCall(FunctionCall call, Scope scope, string over)
    {
        var definition = FunctionCatalog.Get(call.Name);
        var resultType = ExpressionAnalyzer.TypeOfCall(call, scope.Input, allowWindowFunction: over.Length > 0);
        var args = new List<string>();
        var types = new List<DataType>();
        foreach (var argument in call.Arguments)
        {
            if (argument is StarExpression)
            {
                args.Add("1");
                types.Add(DataType.Integer);
                continue;
            }

            args.Add(CompileExpression(argument, scope));
            types.Add(ExpressionAnalyzer.TypeOf(argument, scope.Input));
        }

        return DuckDbFunctions.Render(new DuckDbCall(definition.Name, args, types, call.Arguments, resultType, call.IsDistinct, over));
    }
}

/// <summary>The columns an expression can see: plan attributes and, for each, its SQL reference.</summary>
internal sealed record Scope(IReadOnlyList<PlanAttribute> Input, IReadOnlyList<string> References);
