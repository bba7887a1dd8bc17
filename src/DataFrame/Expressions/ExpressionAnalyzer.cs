using System.Globalization;
using Lakehouse.DataFrame.Plan;

namespace Lakehouse.DataFrame.Expressions;

/// <summary>A column reference resolved to an input position, plus the struct fields to walk into.</summary>
internal sealed record ResolvedColumn(int Ordinal, PlanAttribute PlanAttribute, IReadOnlyList<string> FieldPath, DataType DataType);

/// <summary>
/// Resolves names (case-insensitively, like Spark) and computes result types and output names of expressions against
/// the output of a plan node. Every failure is an <see cref="AnalysisException"/> that lists what is available.
/// </summary>
internal static class ExpressionAnalyzer
{
    public static ResolvedColumn Resolve(ColumnReference reference, IReadOnlyList<PlanAttribute> input)
    {
        var parts = reference.NameParts;
        var matches = new List<(int Ordinal, int Consumed)>();
        if (reference.AttributeId is { } id)
        {
            for (var i = 0; i < input.Count; i++)
            {
                if (input[i].Id == id)
                {
                    matches.Add((i, reference.BoundParts));
                }
            }

            if (matches.Count > 1)
            {
                throw new AnalysisException(
                    $"[AMBIGUOUS_REFERENCE] `{reference.DisplayName}` refers to a column that appears on both sides (a self-join?). " +
                    "Give the inputs an alias (DataFrame.Alias) and use Col(\"alias.column\").");
            }
        }

        if (matches.Count == 0 && parts.Count >= 2)
        {
            for (var i = 0; i < input.Count; i++)
            {
                if (input[i].HasQualifier(parts[0]) && input[i].HasName(parts[1]))
                {
                    matches.Add((i, 2));
                }
            }
        }

        if (matches.Count == 0)
        {
            for (var i = 0; i < input.Count; i++)
            {
                if (input[i].HasName(parts[0]))
                {
                    matches.Add((i, 1));
                }
            }
        }

        if (matches.Count == 0)
        {
            throw new AnalysisException(
                $"[UNRESOLVED_COLUMN] A column or function parameter with name `{reference.DisplayName}` cannot be resolved. " +
                $"Available columns: [{string.Join(", ", input.Select(Describe))}].");
        }

        if (matches.Count > 1)
        {
            throw new AnalysisException(
                $"[AMBIGUOUS_REFERENCE] Reference `{reference.DisplayName}` is ambiguous, could be: [{string.Join(", ", matches.Select(m => Describe(input[m.Ordinal])))}]. " +
                "Give the inputs an alias (DataFrame.Alias) and qualify the column.");
        }

        var (ordinal, consumed) = matches[0];
        var path = new List<string>();
        DataType type = input[ordinal].DataType;
        foreach (var fieldName in parts.Skip(consumed))
        {
            if (type is not StructType structType || structType.Find(fieldName) is not { } field)
            {
                throw new AnalysisException(
                    $"[FIELD_NOT_FOUND] No such struct field `{fieldName}` in `{reference.DisplayName}` of type {type.SimpleString}.");
            }

            path.Add(field.Name);
            type = field.DataType;
        }

        return new ResolvedColumn(ordinal, input[ordinal], path, type);
    }

    /// <summary>Expands <c>*</c> and <c>alias.*</c> into input columns.</summary>
    public static IReadOnlyList<Expression> ExpandStars(IEnumerable<Expression> expressions, IReadOnlyList<PlanAttribute> input)
    {
        var result = new List<Expression>();
        foreach (var expression in expressions)
        {
            var inner = expression is ExpressionString text ? text.Parsed : expression;
            if (inner is StarExpression star)
            {
                var selected = Enumerable.Range(0, input.Count)
                    .Where(i => star.Qualifier is null || input[i].HasQualifier(star.Qualifier))
                    .Select(i => (Expression)new InputColumn(i))
                    .ToList();
                if (star.Qualifier is not null && selected.Count == 0)
                {
                    throw new AnalysisException($"[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve `{star.Qualifier}.*`; known aliases: [{string.Join(", ", input.Select(a => a.Qualifier).OfType<string>().Distinct())}].");
                }

                result.AddRange(selected);
            }
            else
            {
                result.Add(expression);
            }
        }

        return result;
    }

    public static PlanAttribute ToAttribute(Expression expression, IReadOnlyList<PlanAttribute> input)
    {
        var type = TypeOf(expression, input);
        if (expression is InputColumn column)
        {
            return input[column.Ordinal];
        }

        var aliased = expression is AliasExpression || expression is ExpressionString { Parsed: AliasExpression };
        if (aliased)
        {
            return new PlanAttribute(NameOf(expression, input), type, Nullable: !(Unwrap(expression) is Literal { Value: not null }));
        }

        if (Unwrap(expression) is ColumnReference reference)
        {
            var resolved = Resolve(reference, input);
            return resolved.FieldPath.Count == 0
                ? resolved.PlanAttribute
                : new PlanAttribute(resolved.FieldPath[^1], type);
        }

        return new PlanAttribute(NameOf(expression, input), type, Nullable: !(expression is Literal { Value: not null }));
    }

    public static DataType TypeOf(Expression expression, IReadOnlyList<PlanAttribute> input) => expression switch
    {
        ColumnReference reference => Resolve(reference, input).DataType,
        InputColumn column => column.Ordinal < input.Count ? input[column.Ordinal].DataType : throw new AnalysisException($"Column #{column.Ordinal} does not exist."),
        Literal literal => literal.Type,
        AliasExpression alias => TypeOf(alias.Child, input),
        ExpressionString text => TypeOf(text.Parsed, input),
        CastExpression cast => CheckCast(TypeOf(cast.Child, input), cast.TargetType),
        SortOrder order => TypeOf(order.Child, input),
        CaseWhen caseWhen => TypeOfCase(caseWhen, input),
        ExtractValue extract => TypeOfExtract(extract, input),
        WindowExpression window => TypeOfWindow(window, input),
        FunctionCall call => TypeOfCall(call, input),
        StarExpression => throw new AnalysisException("[INVALID_USAGE_OF_STAR] `*` is only allowed in a select list or in count(*)."),
        _ => throw new AnalysisException($"Unsupported expression {expression.GetType().Name}."),
    };

    /// <summary>The output name Spark gives an unaliased expression (<c>sum(a)</c>, <c>(a + 1)</c>).</summary>
    public static string NameOf(Expression expression, IReadOnlyList<PlanAttribute> input) => expression switch
    {
        AliasExpression alias => alias.Name,
        ExpressionString text => NameOf(text.Parsed, input),
        _ => SqlText(expression, input),
    };

    public static bool ContainsAggregate(Expression expression) => expression switch
    {
        FunctionCall call => (FunctionCatalog.TryGet(call.Name, out var d) && d.Kind == FunctionKind.Aggregate) || call.Arguments.Any(ContainsAggregate),
        WindowExpression => false,
        AliasExpression alias => ContainsAggregate(alias.Child),
        ExpressionString text => ContainsAggregate(text.Parsed),
        CastExpression cast => ContainsAggregate(cast.Child),
        CaseWhen c => c.Branches.Any(b => ContainsAggregate(b.Condition) || ContainsAggregate(b.Value)) || (c.Else is not null && ContainsAggregate(c.Else)),
        ExtractValue e => ContainsAggregate(e.Child),
        _ => false,
    };

    public static Expression Unwrap(Expression expression) => expression switch
    {
        AliasExpression alias => Unwrap(alias.Child),
        ExpressionString text => Unwrap(text.Parsed),
        _ => expression,
    };

    private static string Describe(PlanAttribute attribute) => attribute.Qualifier is null ? $"`{attribute.Name}`" : $"`{attribute.Qualifier}`.`{attribute.Name}`";

    private static DataType CheckCast(DataType from, DataType to)
    {
        var allowed = (from, to) switch
        {
            (NullType, _) => true,
            (_, StringType) => true,
            (ArrayType, ArrayType) or (StructType, StructType) or (MapType, MapType) => true,
            (ArrayType or StructType or MapType, _) or (_, ArrayType or StructType or MapType) => false,
            (BinaryType, not (BinaryType or StringType)) => false,
            (_, BinaryType) => from is StringType or BinaryType || from.IsIntegral,
            (DateType, _) => to is DateType or TimestampType or StringType || to.IsNumeric,
            _ => true,
        };
        return allowed ? to : throw new AnalysisException($"[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot cast {from.SimpleString} to {to.SimpleString}.");
    }

    private static DataType TypeOfCase(CaseWhen caseWhen, IReadOnlyList<PlanAttribute> input)
    {
        foreach (var branch in caseWhen.Branches)
        {
            var conditionType = TypeOf(branch.Condition, input);
            if (conditionType is not (BooleanType or NullType))
            {
                throw new AnalysisException($"[DATATYPE_MISMATCH] A WHEN condition must be boolean, not {conditionType.SimpleString}.");
            }
        }

        var values = caseWhen.Branches.Select(b => TypeOf(b.Value, input)).ToList();
        if (caseWhen.Else is not null)
        {
            values.Add(TypeOf(caseWhen.Else, input));
        }

        return TypeRules.Common(values);
    }

    private static DataType TypeOfExtract(ExtractValue extract, IReadOnlyList<PlanAttribute> input)
    {
        var childType = TypeOf(extract.Child, input);
        return childType switch
        {
            StructType structType when extract.Extraction is Literal { Value: string name } =>
                structType.Find(name)?.DataType ?? throw new AnalysisException($"[FIELD_NOT_FOUND] No such struct field `{name}` in {structType.SimpleString}; fields: [{string.Join(", ", structType.FieldNames)}]."),
            ArrayType array => array.ElementType,
            MapType map => map.ValueType,
            _ => throw new AnalysisException($"[INVALID_EXTRACT_BASE_FIELD_TYPE] Cannot extract a value from {childType.SimpleString}."),
        };
    }

    private static DataType TypeOfWindow(WindowExpression window, IReadOnlyList<PlanAttribute> input)
    {
        var function = Unwrap(window.Function);
        if (function is not FunctionCall call || !FunctionCatalog.TryGet(call.Name, out var definition) ||
            definition.Kind is not (FunctionKind.Aggregate or FunctionKind.Window))
        {
            throw new AnalysisException($"[UNSUPPORTED_EXPR_FOR_WINDOW] Only aggregate and window functions can be used with OVER, not {NameOf(function, input)}.");
        }

        foreach (var key in window.Spec.PartitionBy)
        {
            TypeOf(key, input);
        }

        foreach (var order in window.Spec.OrderBy)
        {
            TypeOf(order, input);
        }

        if (definition.Kind == FunctionKind.Window && window.Spec.OrderBy.Count == 0)
        {
            throw new AnalysisException($"[WINDOW_FUNCTION_WITHOUT_ORDER] {definition.Name}() requires the window to be ordered (Window.OrderBy).");
        }

        return TypeOfCall(call, input, allowWindowFunction: true);
    }

    internal static DataType TypeOfCall(FunctionCall call, IReadOnlyList<PlanAttribute> input, bool allowWindowFunction = false)
    {
        var definition = FunctionCatalog.Get(call.Name);
        if (call.Arguments.Count < definition.MinArguments || call.Arguments.Count > definition.MaxArguments)
        {
            var expected = definition.MinArguments == definition.MaxArguments
                ? definition.MinArguments.ToString(CultureInfo.InvariantCulture)
                : definition.MaxArguments == FunctionDefinition.Variadic
                    ? $"at least {definition.MinArguments}"
                    : $"{definition.MinArguments} to {definition.MaxArguments}";
            throw new AnalysisException($"[WRONG_NUM_ARGS] {definition.Name} takes {expected} arguments, not {call.Arguments.Count}.");
        }

        if (definition.Kind == FunctionKind.Window && !allowWindowFunction)
        {
            throw new AnalysisException($"[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] {definition.Name}() needs a window: call .Over(Window...).");
        }

        if (definition.Kind == FunctionKind.Aggregate && call.Arguments.Any(ContainsAggregate))
        {
            throw new AnalysisException($"[NESTED_AGGREGATE_FUNCTION] {definition.Name}() may not contain another aggregate function.");
        }

        if (definition.Name == "from_json")
        {
            return Unwrap(call.Arguments[1]) is Literal { Value: string schema }
                ? DataType.Parse(schema)
                : throw new AnalysisException("[INVALID_SCHEMA] from_json needs its schema as a string literal, e.g. 'struct<id:string>'.");
        }

        if (definition.Name == "struct")
        {
            return TypeOfStruct(call, input);
        }

        var argumentTypes = new List<DataType>(call.Arguments.Count);
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            if (argument is StarExpression && definition.Name == "count")
            {
                argumentTypes.Add(DataType.Integer);
                continue;
            }

            var type = TypeOf(argument, input);
            if (i == 1 && definition.Name is "round" or "bround" && Unwrap(argument) is Literal { Value: int scale })
            {
                type = new ScaleArgument(scale);
            }

            argumentTypes.Add(type);
        }

        if (definition.Kind == FunctionKind.Operator && argumentTypes.Count == 2 && argumentTypes.Any(t => t is DecimalType))
        {
            // Spark (literalPickMinimumPrecision): an integer literal next to a decimal counts with its own digits only.
            for (var i = 0; i < 2; i++)
            {
                if (argumentTypes[i].IsIntegral && Unwrap(call.Arguments[i]) is Literal { Value: { } value })
                {
                    var digits = Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture).TrimStart('-').Length;
                    argumentTypes[i] = new DecimalType(digits, 0);
                }
            }
        }

        CheckOperands(definition, argumentTypes);
        return definition.ResultType(argumentTypes);
    }

    /// <summary>
    /// Spark's <c>struct(...)</c> (CreateStruct): a field per argument, named by its alias, else by the column it reads
    /// (the last name part, the struct field for <c>s.f</c>), else <c>col1</c>, <c>col2</c>... by position.
    /// Names are kept as written and may repeat, as in Spark.
    /// </summary>
    private static StructType TypeOfStruct(FunctionCall call, IReadOnlyList<PlanAttribute> input)
    {
        var fields = new List<StructField>(call.Arguments.Count);
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var argument = call.Arguments[i];
            if (Unwrap(argument) is StarExpression)
            {
                throw new AnalysisException("[INVALID_USAGE_OF_STAR] struct(*) is not supported here: pass the columns, e.g. Struct([.. frame.Columns.Select(Col)]).");
            }

            fields.Add(new StructField(StructFieldNameOf(argument, input, i), TypeOf(argument, input)));
        }

        return new StructType(fields);
    }

    private static string StructFieldNameOf(Expression argument, IReadOnlyList<PlanAttribute> input, int index) => argument switch
    {
        AliasExpression alias => alias.Name,
        ExpressionString { Parsed: var parsed } => StructFieldNameOf(parsed, input, index),
        ColumnReference reference => ToAttribute(reference, input).Name,
        InputColumn column => input[column.Ordinal].Name,
        _ => TypeRules.StructFieldName(index),
    };

    private static void CheckOperands(FunctionDefinition definition, List<DataType> types)
    {
        if (definition.Name is "and" or "or" or "not")
        {
            foreach (var type in types.Where(t => t is not (BooleanType or NullType)))
            {
                throw new AnalysisException($"[DATATYPE_MISMATCH] `{definition.Name}` expects boolean operands, not {type.SimpleString}.");
            }
        }
    }

    /// <summary>Spark's SQL rendering of an expression (used for automatic column names).</summary>
    private static string SqlText(Expression expression, IReadOnlyList<PlanAttribute> input) => expression switch
    {
        ColumnReference reference => reference.NameParts[^1],
        InputColumn column => input[column.Ordinal].Name,
        Literal literal => LiteralText(literal),
        AliasExpression alias => alias.Name,
        ExpressionString text => SqlText(text.Parsed, input),
        CastExpression cast => $"CAST({SqlText(cast.Child, input)} AS {cast.TargetType.SimpleString.ToUpperInvariant()})",
        SortOrder order => SqlText(order.Child, input) + (order.Ascending ? " ASC" : " DESC") + (order.NullsFirst ? " NULLS FIRST" : " NULLS LAST"),
        CaseWhen c => "CASE " + string.Concat(c.Branches.Select(b => $"WHEN {SqlText(b.Condition, input)} THEN {SqlText(b.Value, input)} ")) +
            (c.Else is null ? string.Empty : $"ELSE {SqlText(c.Else, input)} ") + "END",
        ExtractValue e => e.Extraction is Literal { Value: string field } ? $"{SqlText(e.Child, input)}.{field}" : $"{SqlText(e.Child, input)}[{SqlText(e.Extraction, input)}]",
        WindowExpression w => WindowText(w, input),
        FunctionCall call => CallText(call, input),
        StarExpression star => star.Qualifier is null ? "*" : star.Qualifier + ".*",
        _ => expression.GetType().Name,
    };

    /// <summary>Spark's name of a window expression, with the frame Spark fills in when none is given.</summary>
    private static string WindowText(WindowExpression window, IReadOnlyList<PlanAttribute> input)
    {
        var spec = window.Spec;
        var parts = new List<string>();
        if (spec.PartitionBy.Count > 0)
        {
            parts.Add("PARTITION BY " + string.Join(", ", spec.PartitionBy.Select(e => SqlText(e, input))));
        }

        if (spec.OrderBy.Count > 0)
        {
            parts.Add("ORDER BY " + string.Join(", ", spec.OrderBy.Select(o => SqlText(o, input))));
        }

        var isRanking = Unwrap(window.Function) is FunctionCall call && FunctionCatalog.TryGet(call.Name, out var d) && d.Kind == FunctionKind.Window;
        var frame = spec.Frame ?? (spec.OrderBy.Count == 0
            ? new WindowFrame(FrameType.Rows, long.MinValue, long.MaxValue)
            : new WindowFrame(isRanking ? FrameType.Rows : FrameType.Range, long.MinValue, 0));
        parts.Add($"{(frame.Type == FrameType.Rows ? "ROWS" : "RANGE")} BETWEEN {BoundaryText(frame.Lower)} AND {BoundaryText(frame.Upper)}");
        return $"{SqlText(window.Function, input)} OVER ({string.Join(" ", parts)})";
    }

    internal static string BoundaryText(long offset) => offset switch
    {
        long.MinValue => "UNBOUNDED PRECEDING",
        long.MaxValue => "UNBOUNDED FOLLOWING",
        0 => "CURRENT ROW",
        < 0 => (-offset).ToString(CultureInfo.InvariantCulture) + " PRECEDING",
        _ => offset.ToString(CultureInfo.InvariantCulture) + " FOLLOWING",
    };

    private static string CallText(FunctionCall call, IReadOnlyList<PlanAttribute> input)
    {
        var name = FunctionCatalog.CanonicalName(call.Name);
        var args = call.Arguments.Select(a => a is StarExpression && name == "count" ? "1" : SqlText(a, input)).ToList();
        return name switch
        {
            "==" => $"({args[0]} = {args[1]})",
            "and" or "or" => $"({args[0]} {name.ToUpperInvariant()} {args[1]})",
            "not" => $"(NOT {args[0]})",
            "negative" => $"(- {args[0]})",
            "isnull" => $"({args[0]} IS NULL)",
            "isnotnull" => $"({args[0]} IS NOT NULL)",
            "in" => $"({args[0]} IN ({string.Join(", ", args.Skip(1))}))",
            "like" or "rlike" => $"{args[0]} {name.ToUpperInvariant()} {args[1]}",
            _ when name.Length <= 3 && !char.IsLetter(name[0]) => $"({args[0]} {name} {args[1]})",
            "div" => $"({args[0]} div {args[1]})",
            _ => $"{name}({(call.IsDistinct ? "DISTINCT " : string.Empty)}{string.Join(", ", args)})",
        };
    }

    private static string LiteralText(Literal literal) => literal.Value switch
    {
        null => "NULL",
        bool b => b ? "true" : "false",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString() ?? string.Empty,
    };
}
