using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Plan;

namespace Lakehouse.DataFrame;

/// <summary>
/// An immutable, lazily evaluated table, as Spark's <c>DataFrame</c>: transformations build a logical plan (validated at
/// once: an unknown column throws <see cref="AnalysisException"/> listing the available ones); actions
/// (<see cref="Collect"/>, <see cref="Count"/>, <see cref="Show"/>, <see cref="Write"/>) run it on the session's engine
/// (compiled to DuckDB SQL on the embedded engine, to a Spark Connect relation on Spark).
/// </summary>
public sealed class DataFrame
{
    internal DataFrame(LakehouseSession session, LogicalPlan plan)
    {
        Session = session;
        Plan = plan;
    }

    /// <summary>The session this DataFrame runs in.</summary>
    public LakehouseSession Session { get; }

    /// <summary>The column names and types.</summary>
    public StructType Schema => Plan.Schema;

    /// <summary>The column names, in order.</summary>
    public IReadOnlyList<string> Columns => [.. Plan.Output.Select(a => a.Name)];

    /// <summary>NULL handling: <c>Na.Fill(...)</c>, <c>Na.Drop(...)</c>.</summary>
    public DataFrameNaFunctions Na => new(this);

    /// <summary>Writes the rows: <c>Write.Format("parquet").Mode("overwrite").Save(path)</c>.</summary>
    public DataFrameWriter Write => new(this);

    internal LogicalPlan Plan { get; }

    private Action? _unpersist;

    /// <summary>A column of this DataFrame by name (same as <see cref="Functions.Col"/>).</summary>
    public Column this[string columnName] => Col(columnName);

    /// <summary>A column of this DataFrame by name; checked against the schema now.</summary>
    public Column Col(string columnName)
    {
        var column = Functions.Col(columnName);
        if (column.Expression is ColumnReference reference)
        {
            // Bind to this DataFrame's column, so that it stays unambiguous in a join with another DataFrame.
            var resolved = ExpressionAnalyzer.Resolve(reference, Plan.Output);
            return new Column(reference with { AttributeId = resolved.PlanAttribute.Id, BoundParts = reference.NameParts.Count - resolved.FieldPath.Count });
        }

        return column;
    }

    /// <summary>Selects columns or expressions. A top-level <c>Explode</c>/<c>ExplodeOuter</c> generates rows.</summary>
    public DataFrame Select(params Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var generators = columns.Select((c, i) => (Column: c, Index: i)).Where(c => IsGenerator(c.Column.Expression)).ToList();
        if (generators.Count == 0)
        {
            return With(new Project(Plan, [.. columns.Select(c => c.Expression)]));
        }

        if (generators.Count > 1)
        {
            throw new AnalysisException("[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] Only one generator (explode) is allowed per Select.");
        }

        var (generatorColumn, position) = generators[0];
        var call = (FunctionCall)ExpressionAnalyzer.Unwrap(generatorColumn.Expression);
        var name = generatorColumn.Expression is AliasExpression alias ? alias.Name : "col";
        var canonical = FunctionCatalog.CanonicalName(call.Name);
        var generate = new Generate(Plan, call.Arguments[0], canonical == "explode_outer", name, canonical == "posexplode" ? "pos" : null);
        var generated = generate.Output.Skip(Plan.Output.Count).Select((_, i) => (Expression)new InputColumn(Plan.Output.Count + i));
        var expanded = ExpressionAnalyzer.ExpandStars(columns.Take(position).Select(c => c.Expression), Plan.Output)
            .Concat(generated)
            .Concat(ExpressionAnalyzer.ExpandStars(columns.Skip(position + 1).Select(c => c.Expression), Plan.Output));
        return With(new Project(generate, [.. expanded]));
    }

    /// <summary>Selects columns by name.</summary>
    public DataFrame Select(params string[] columnNames) => Select([.. columnNames.Select(Functions.Col)]);

    /// <summary>Selects Spark SQL expressions: <c>SelectExpr("a + 1 AS b", "upper(name)")</c>.</summary>
    public DataFrame SelectExpr(params string[] expressions) => Select([.. expressions.Select(Functions.Expr)]);

    /// <summary>Keeps the rows where the condition is true.</summary>
    public DataFrame Filter(Column condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        if (BelowProjection([condition.Expression]) is { } project)
        {
            // Spark resolves columns the select dropped (ResolveMissingReferences): filter before the projection.
            return With(new Project(new Filter(project.Child, condition.Expression), project.Expressions));
        }

        return With(new Filter(Plan, condition.Expression));
    }

    /// <summary>Keeps the rows where the Spark SQL condition is true: <c>Filter("amount &gt; 10 AND status = 'paid'")</c>.</summary>
    public DataFrame Filter(string condition) => Filter(Functions.Expr(condition));

    /// <summary>Same as <see cref="Filter(Column)"/>.</summary>
    public DataFrame Where(Column condition) => Filter(condition);

    /// <summary>Same as <see cref="Filter(string)"/>.</summary>
    public DataFrame Where(string condition) => Filter(condition);

    /// <summary>Adds a column or replaces the one with the same name (case-insensitive).</summary>
    public DataFrame WithColumn(string columnName, Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        if (IsGenerator(column.Expression))
        {
            // Spark allows withColumn("x", explode(...)): the generated column takes the place of (or follows) the others.
            var output = Plan.Output;
            var replaced = output.ToList().FindIndex(a => a.HasName(columnName));
            var columns = output.Select((_, i) => new Column(new InputColumn(i))).ToList();
            if (replaced >= 0)
            {
                columns[replaced] = column.Alias(columnName);
            }
            else
            {
                columns.Add(column.Alias(columnName));
            }

            return Select([.. columns]);
        }

        return WithColumns(new Dictionary<string, Column> { [columnName] = column });
    }

    /// <summary>Adds or replaces several columns at once (in the dictionary's order).</summary>
    public DataFrame WithColumns(IReadOnlyDictionary<string, Column> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return With(new WithColumns(Plan, [.. columns.Select(c => new AliasExpression(c.Value.Expression is AliasExpression a ? a.Child : c.Value.Expression, c.Key))]));
    }

    /// <summary>Renames a column; a name that does not exist is ignored (Spark).</summary>
    public DataFrame WithColumnRenamed(string existingName, string newName) =>
        WithColumnsRenamed(new Dictionary<string, string> { [existingName] = newName });

    /// <summary>Renames several columns.</summary>
    public DataFrame WithColumnsRenamed(IReadOnlyDictionary<string, string> renames)
    {
        ArgumentNullException.ThrowIfNull(renames);
        return With(new WithColumnsRenamed(Plan, [.. renames]));
    }

    /// <summary>Drops columns by name; names that do not exist are ignored (Spark).</summary>
    public DataFrame Drop(params string[] columnNames) => With(new Drop(Plan, columnNames, []));

    /// <summary>Drops columns given as column references (they must exist).</summary>
    public DataFrame Drop(params Column[] columns) => With(new Drop(Plan, [], [.. columns.Select(c => c.Expression)]));

    /// <summary>Groups by columns, for <see cref="GroupedData.Agg(Column, Column[])"/>.</summary>
    public GroupedData GroupBy(params Column[] columns) => new(this, [.. columns.Select(c => c.Expression)]);

    /// <summary>Groups by columns by name.</summary>
    public GroupedData GroupBy(params string[] columnNames) => GroupBy([.. columnNames.Select(Functions.Col)]);

    /// <summary>Aggregates over all rows (no grouping).</summary>
    public DataFrame Agg(Column aggregate, params Column[] more) => GroupBy(Array.Empty<Column>()).Agg(aggregate, more);

    /// <summary>Inner join on equal values of a column present on both sides (it appears once in the output).</summary>
    public DataFrame Join(DataFrame right, string usingColumn) => Join(right, [usingColumn], "inner");

    /// <summary>
    /// Join on using-columns. <paramref name="joinType"/>: inner, cross, outer/full/fullouter/full_outer, left/leftouter/left_outer,
    /// right/rightouter/right_outer, semi/leftsemi/left_semi, anti/leftanti/left_anti.
    /// </summary>
    public DataFrame Join(DataFrame right, IReadOnlyList<string> usingColumns, string joinType = "inner")
    {
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(usingColumns);
        return With(new Join(Plan, right.Plan, ParseJoinType(joinType), null, usingColumns));
    }

    /// <summary>Join on a condition; qualify columns with <see cref="Alias"/> names when both sides have them.</summary>
    public DataFrame Join(DataFrame right, Column condition, string joinType = "inner")
    {
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(condition);
        return With(new Join(Plan, right.Plan, ParseJoinType(joinType), condition.Expression, []));
    }

    /// <summary>Cartesian product.</summary>
    public DataFrame CrossJoin(DataFrame right)
    {
        ArgumentNullException.ThrowIfNull(right);
        return With(new Join(Plan, right.Plan, JoinType.Cross, null, []));
    }

    /// <summary>Sorts: ascending (NULLs first) unless the column says <c>Desc()</c> (NULLs last) or otherwise.</summary>
    public DataFrame OrderBy(params Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var orders = columns.Select(c => SortOrder.Default(c.Expression)).ToList();
        if (BelowProjection([.. orders.Select(o => o.Child)]) is { } project)
        {
            // Spark sorts by columns the select dropped (ResolveMissingReferences): sort before the projection.
            return With(new Project(new Sort(project.Child, orders), project.Expressions));
        }

        return With(new Sort(Plan, orders));
    }

    /// <summary>Sorts by columns by name, ascending.</summary>
    public DataFrame OrderBy(params string[] columnNames) => OrderBy([.. columnNames.Select(Functions.Col)]);

    /// <summary>Same as <see cref="OrderBy(Column[])"/>.</summary>
    public DataFrame Sort(params Column[] columns) => OrderBy(columns);

    /// <summary>Same as <see cref="OrderBy(string[])"/>.</summary>
    public DataFrame Sort(params string[] columnNames) => OrderBy(columnNames);

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public DataFrame Limit(int count) => With(new Limit(Plan, count));

    /// <summary>Removes duplicate rows (all columns).</summary>
    public DataFrame DropDuplicates() => With(new Deduplicate(Plan, null));

    /// <summary>Keeps one row per distinct combination of the named columns.</summary>
    public DataFrame DropDuplicates(params string[] columnNames) =>
        With(new Deduplicate(Plan, columnNames.Length == 0 ? null : columnNames));

    /// <summary>Removes duplicate rows.</summary>
    public DataFrame Distinct() => With(new Deduplicate(Plan, null));

    /// <summary>Appends rows by column position, keeping duplicates (Spark's union is UNION ALL).</summary>
    public DataFrame Union(DataFrame other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return With(new Union(Plan, other.Plan, byName: false, allowMissingColumns: false));
    }

    /// <summary>Same as <see cref="Union"/>.</summary>
    public DataFrame UnionAll(DataFrame other) => Union(other);

    /// <summary>Appends rows matching columns by name; with <paramref name="allowMissingColumns"/> missing ones are NULL.</summary>
    public DataFrame UnionByName(DataFrame other, bool allowMissingColumns = false)
    {
        ArgumentNullException.ThrowIfNull(other);
        return With(new Union(Plan, other.Plan, byName: true, allowMissingColumns));
    }

    /// <summary>Names this DataFrame so that <c>alias.column</c> refers to its columns (self-joins).</summary>
    public DataFrame Alias(string alias) => With(new SubqueryAlias(Plan, alias));

    /// <summary>Same as <see cref="Alias"/>.</summary>
    public DataFrame As(string alias) => Alias(alias);

    /// <summary>Renames all columns by position.</summary>
    public DataFrame ToDF(params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        return With(new ToDf(Plan, columnNames));
    }

    /// <summary>Marks this DataFrame with a planner hint (e.g. <c>"broadcast"</c>); Spark uses it, the embedded engine ignores it.</summary>
    public DataFrame Hint(string name) => With(new Hint(Plan, name));

    /// <summary>
    /// What the engine makes of this DataFrame: on the embedded engine, the DuckDB SQL it compiles to; on Spark, Spark's
    /// explain output (simple mode).
    /// </summary>
    public string Explain() => Session.Backend.Explain(Plan);

    /// <summary>Registers the DataFrame as a temporary view of the session, for <see cref="LakehouseSession.Sql"/>.</summary>
    public void CreateOrReplaceTempView(string viewName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(viewName);
        Session.Backend.CreateOrReplaceTempView(Plan, viewName);
    }

    /// <summary>
    /// Keeps the rows so that several actions on the result do not recompute it; release with <see cref="Unpersist"/>.
    /// On the embedded engine it computes them now into a table of the session's database (eager, like Spark's
    /// <c>localCheckpoint()</c>); on Spark it is Spark's <c>persist()</c> (default storage level, filled by the next action).
    /// </summary>
    public DataFrame Cache()
    {
        var (plan, unpersist) = Session.Backend.Cache(Plan);
        return new DataFrame(Session, plan) { _unpersist = unpersist };
    }

    /// <summary>Releases the rows <see cref="Cache"/> kept; a no-op for a DataFrame that is not a cache.</summary>
    public void Unpersist() => _unpersist?.Invoke();

    /// <summary>Number of rows.</summary>
    public long Count(CancellationToken cancellationToken = default) => Session.Backend.Count(Plan, cancellationToken);

    /// <summary>All rows, in memory.</summary>
    public List<Row> Collect(CancellationToken cancellationToken = default) => [.. ToLocalIterator(cancellationToken)];

    /// <summary>The rows, streamed from the engine as they are read (dispose the enumerator to stop early).</summary>
    public IEnumerable<Row> ToLocalIterator(CancellationToken cancellationToken = default) => Session.Backend.Stream(Plan, cancellationToken);

    /// <summary>The first <paramref name="count"/> rows.</summary>
    public List<Row> Take(int count) => Limit(count).Collect();

    /// <summary>The first row, or null when there is none.</summary>
    public Row? First() => Take(1).FirstOrDefault();

    /// <summary>Prints the first rows as Spark's text table to the console.</summary>
    public void Show(int numRows = 20, bool truncate = true) => Console.Write(ShowString(numRows, truncate ? 20 : 0));

    /// <summary>The text <see cref="Show"/> prints: +---+ borders, values over <paramref name="truncate"/> characters cut (0: never).</summary>
    public string ShowString(int numRows = 20, int truncate = 20)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numRows);
        var rows = Limit(numRows + 1).Collect();
        var shown = rows.Take(numRows).Select(r => r.Values).ToList();
        return ValueFormatter.Table(Columns, shown, rows.Count > numRows, numRows, truncate);
    }

    /// <summary>Spark's printSchema text.</summary>
    public string PrintSchema() => Schema.TreeString();

    /// <inheritdoc />
    public override string ToString() => "DataFrame[" + string.Join(", ", Plan.Output.Select(a => $"{a.Name}: {a.DataType.SimpleString}")) + "]";

    internal DataFrame With(LogicalPlan plan) => new(Session, plan);

    /// <summary>
    /// The projection this DataFrame ends with, when <paramref name="expressions"/> do not resolve against its output but
    /// do against its input and the projection only computes row-by-row values (no window, generator or aggregate).
    /// </summary>
    private Project? BelowProjection(IReadOnlyList<Expression> expressions)
    {
        if (Plan is not Project project || project.ExpandedExpressions.Any(e => ContainsWindow(e)))
        {
            return null;
        }

        bool Resolves(IReadOnlyList<PlanAttribute> input)
        {
            try
            {
                foreach (var expression in expressions)
                {
                    ExpressionAnalyzer.TypeOf(expression, input);
                }

                return true;
            }
            catch (AnalysisException)
            {
                return false;
            }
        }

        return !Resolves(project.Output) && Resolves(project.Child.Output) ? project : null;
    }

    private static bool ContainsWindow(Expression expression) => ExpressionAnalyzer.Unwrap(expression) switch
    {
        WindowExpression => true,
        FunctionCall call => call.Arguments.Any(ContainsWindow),
        CastExpression cast => ContainsWindow(cast.Child),
        CaseWhen caseWhen => caseWhen.Branches.Any(b => ContainsWindow(b.Condition) || ContainsWindow(b.Value)) || (caseWhen.Else is not null && ContainsWindow(caseWhen.Else)),
        _ => false,
    };

    private static bool IsGenerator(Expression expression) =>
        ExpressionAnalyzer.Unwrap(expression) is FunctionCall call && FunctionCatalog.TryGet(call.Name, out var definition) && definition.Kind == FunctionKind.Generator;

    private static JoinType ParseJoinType(string joinType) => joinType.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
    {
        "inner" => JoinType.Inner,
        "cross" => JoinType.Cross,
        "outer" or "full" or "fullouter" => JoinType.FullOuter,
        "left" or "leftouter" => JoinType.LeftOuter,
        "right" or "rightouter" => JoinType.RightOuter,
        "semi" or "leftsemi" => JoinType.LeftSemi,
        "anti" or "leftanti" => JoinType.LeftAnti,
        _ => throw new ArgumentException(
            $"Unsupported join type '{joinType}'. Supported: inner, cross, outer, full, fullouter, full_outer, left, leftouter, left_outer, right, rightouter, right_outer, semi, leftsemi, left_semi, anti, leftanti, left_anti.",
            nameof(joinType)),
    };
}
