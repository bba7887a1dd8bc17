namespace Lakehouse.DataFrame.Expressions;

/// <summary>What kind of function a catalog entry is; decides where it may appear.</summary>
internal enum FunctionKind
{
    /// <summary>Row-by-row function.</summary>
    Scalar,

    /// <summary>Infix or prefix operator (also row-by-row); Spark Connect sends it as a function named by its symbol.</summary>
    Operator,

    /// <summary>Aggregate function (GROUP BY or window).</summary>
    Aggregate,

    /// <summary>Ranking / offset function; only valid with OVER.</summary>
    Window,

    /// <summary>Produces rows (explode).</summary>
    Generator,
}

/// <summary>One function Spark and our compilers know: its Spark name, arity and result type.</summary>
internal sealed record FunctionDefinition(string Name, int MinArguments, int MaxArguments, FunctionKind Kind, Func<IReadOnlyList<DataType>, DataType> ResultType)
{
    public const int Variadic = int.MaxValue;
}

/// <summary>
/// The one table of functions (Ibis style): the DataFrame API, the SQL expression parser and every compiler look names up
/// here. Names are Spark's (lower case; operators by symbol, as Spark Connect sends them).
/// </summary>
internal static class FunctionCatalog
{
    private static readonly Dictionary<string, FunctionDefinition> Definitions = Build();

    /// <summary>Spark-side aliases, mapped to the canonical name used in plans.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["="] = "==",
        ["<>"] = "!=",
        ["mean"] = "avg",
        ["power"] = "pow",
        ["ceiling"] = "ceil",
        ["day"] = "dayofmonth",
        ["std"] = "stddev",
        ["stddev_samp"] = "stddev",
        ["substr"] = "substring",
        ["ifnull"] = "nvl",
        ["char_length"] = "length",
        ["character_length"] = "length",
        ["regexp"] = "rlike",
        ["regexp_like"] = "rlike",
    };

    public static IEnumerable<FunctionDefinition> All => Definitions.Values;

    public static string CanonicalName(string name) => Aliases.TryGetValue(name, out var canonical) ? canonical : name.ToLowerInvariant();

    public static bool TryGet(string name, out FunctionDefinition definition) =>
        Definitions.TryGetValue(CanonicalName(name), out definition!);

    public static FunctionDefinition Get(string name)
    {
        if (TryGet(name, out var definition))
        {
            return definition;
        }

        throw new AnalysisException($"[UNRESOLVED_ROUTINE] Cannot resolve function `{name}`. Known functions: {string.Join(", ", Definitions.Keys.Where(k => char.IsLetter(k[0])).Order(StringComparer.Ordinal))}.");
    }

    private static Dictionary<string, FunctionDefinition> Build()
    {
        var table = new Dictionary<string, FunctionDefinition>(StringComparer.OrdinalIgnoreCase);
        void Add(string name, int min, int max, FunctionKind kind, Func<IReadOnlyList<DataType>, DataType> type) =>
            table.Add(name, new FunctionDefinition(name, min, max, kind, type));
        void Scalar(string name, int min, int max, Func<IReadOnlyList<DataType>, DataType> type) => Add(name, min, max, FunctionKind.Scalar, type);
        void Op(string name, int arity, Func<IReadOnlyList<DataType>, DataType> type) => Add(name, arity, arity, FunctionKind.Operator, type);

        var boolean = Fixed(DataType.Boolean);
        var text = Fixed(DataType.String);

        // Operators.
        Op("+", 2, TypeRules.Add);
        Op("-", 2, TypeRules.Subtract);
        Op("*", 2, TypeRules.Multiply);
        Op("/", 2, TypeRules.Divide);
        Op("%", 2, TypeRules.Remainder);
        Op("div", 2, Fixed(DataType.Long));
        Op("negative", 1, a => a[0] is StringType ? DataType.Double : a[0]);
        foreach (var comparison in new[] { "==", "!=", "<", "<=", ">", ">=", "<=>" })
        {
            Op(comparison, 2, boolean);
        }

        Op("and", 2, boolean);
        Op("or", 2, boolean);
        Op("not", 1, boolean);
        Op("isnull", 1, boolean);
        Op("isnotnull", 1, boolean);
        Op("like", 2, boolean);
        Op("rlike", 2, boolean);
        Add("in", 1, FunctionDefinition.Variadic, FunctionKind.Operator, boolean);

        // Strings.
        Scalar("lpad", 2, 3, text);
        Scalar("rpad", 2, 3, text);
        Scalar("trim", 1, 2, text);
        Scalar("ltrim", 1, 2, text);
        Scalar("rtrim", 1, 2, text);
        Scalar("lower", 1, 1, text);
        Scalar("upper", 1, 1, text);
        Scalar("initcap", 1, 1, text);
        Scalar("length", 1, 1, Fixed(DataType.Integer));
        Scalar("substring", 2, 3, a => a[0] is BinaryType ? DataType.Binary : DataType.String);
        Scalar("concat", 0, FunctionDefinition.Variadic, a => a.Count > 0 && a.All(t => t is BinaryType) ? DataType.Binary : a.Count > 0 && a[0] is ArrayType array ? array : DataType.String);
        Scalar("concat_ws", 1, FunctionDefinition.Variadic, text);
        Scalar("split", 2, 3, Fixed(new ArrayType(DataType.String)));
        Scalar("regexp_replace", 3, 3, text);
        Scalar("regexp_extract", 2, 3, text);

        // Conditionals.
        Scalar("if", 3, 3, a => TypeRules.Common([a[1], a[2]]));
        Scalar("nullif", 2, 2, a => a[0]);
        Scalar("coalesce", 1, FunctionDefinition.Variadic, TypeRules.Common);
        Scalar("nvl", 2, 2, TypeRules.Common);
        Scalar("greatest", 2, FunctionDefinition.Variadic, TypeRules.Common);
        Scalar("least", 2, FunctionDefinition.Variadic, TypeRules.Common);

        // Math.
        Scalar("abs", 1, 1, a => a[0]);
        Scalar("round", 1, 2, TypeRules.Round);
        Scalar("bround", 1, 2, TypeRules.Round);
        Scalar("ceil", 1, 2, TypeRules.CeilFloor);
        Scalar("floor", 1, 2, TypeRules.CeilFloor);
        Scalar("sqrt", 1, 1, Fixed(DataType.Double));
        Scalar("exp", 1, 1, Fixed(DataType.Double));
        Scalar("ln", 1, 1, Fixed(DataType.Double));
        Scalar("pow", 2, 2, Fixed(DataType.Double));

        // Collections.
        Scalar("size", 1, 1, Fixed(DataType.Integer));

        // struct's type, field names included, comes from its arguments (see ExpressionAnalyzer.TypeOfCall).
        Scalar("struct", 1, FunctionDefinition.Variadic, Fixed(DataType.Null));
        Scalar("element_at", 2, 2, a => a[0] switch
        {
            ArrayType array => array.ElementType,
            MapType map => map.ValueType,
            _ => throw new AnalysisException($"element_at expects an array or a map, not {a[0].SimpleString}."),
        });

        // Dates and times.
        Scalar("to_date", 1, 2, Fixed(DataType.Date));
        Scalar("to_timestamp", 1, 2, Fixed(DataType.Timestamp));
        Scalar("date_format", 2, 2, text);
        Scalar("year", 1, 1, Fixed(DataType.Integer));
        Scalar("month", 1, 1, Fixed(DataType.Integer));
        Scalar("dayofmonth", 1, 1, Fixed(DataType.Integer));
        Scalar("dayofweek", 1, 1, Fixed(DataType.Integer));
        Scalar("hour", 1, 1, Fixed(DataType.Integer));
        Scalar("minute", 1, 1, Fixed(DataType.Integer));
        Scalar("second", 1, 1, Fixed(DataType.Integer));
        Scalar("date_trunc", 2, 2, Fixed(DataType.Timestamp));
        Scalar("datediff", 2, 2, Fixed(DataType.Integer));
        Scalar("date_add", 2, 2, Fixed(DataType.Date));
        Scalar("date_sub", 2, 2, Fixed(DataType.Date));
        Scalar("current_date", 0, 0, Fixed(DataType.Date));
        Scalar("current_timestamp", 0, 0, Fixed(DataType.Timestamp));

        // Hashes.
        Scalar("sha2", 2, 2, text);
        Scalar("md5", 1, 1, text);

        // Aggregates.
        Add("sum", 1, 1, FunctionKind.Aggregate, TypeRules.Sum);
        Add("avg", 1, 1, FunctionKind.Aggregate, TypeRules.Average);
        Add("count", 1, FunctionDefinition.Variadic, FunctionKind.Aggregate, Fixed(DataType.Long));
        Add("min", 1, 1, FunctionKind.Aggregate, a => a[0]);
        Add("max", 1, 1, FunctionKind.Aggregate, a => a[0]);
        Add("first", 1, 2, FunctionKind.Aggregate, a => a[0]);
        Add("last", 1, 2, FunctionKind.Aggregate, a => a[0]);
        Add("stddev", 1, 1, FunctionKind.Aggregate, Fixed(DataType.Double));
        Add("collect_list", 1, 1, FunctionKind.Aggregate, a => new ArrayType(a[0], ContainsNull: false));
        Add("collect_set", 1, 1, FunctionKind.Aggregate, a => new ArrayType(a[0], ContainsNull: false));

        // Window functions.
        Add("row_number", 0, 0, FunctionKind.Window, Fixed(DataType.Integer));
        Add("rank", 0, 0, FunctionKind.Window, Fixed(DataType.Integer));
        Add("dense_rank", 0, 0, FunctionKind.Window, Fixed(DataType.Integer));
        Add("lag", 1, 3, FunctionKind.Window, a => a[0]);
        Add("lead", 1, 3, FunctionKind.Window, a => a[0]);

        // Generators.
        Add("explode", 1, 1, FunctionKind.Generator, TypeRules.Element);
        Add("explode_outer", 1, 1, FunctionKind.Generator, TypeRules.Element);
        Add("posexplode", 1, 1, FunctionKind.Generator, TypeRules.Element);

        // JSON. from_json's type is its schema argument (see ExpressionAnalyzer.TypeOfCall).
        Scalar("from_json", 2, 2, Fixed(DataType.Null));
        Scalar("to_json", 1, 1, text);

        // Lakehouse's own: the fields of a JSON object that a list of known names does not cover, as JSON (or NULL).
        Scalar("rescued_data", 1, FunctionDefinition.Variadic, text);

        // Lakehouse's own: a cheap 64-bit hash to tell records apart (each engine its own hash; see Functions.Fingerprint).
        Scalar("fingerprint", 1, 1, Fixed(DataType.Long));
        return table;
    }

    private static Func<IReadOnlyList<DataType>, DataType> Fixed(DataType type) => _ => type;
}
