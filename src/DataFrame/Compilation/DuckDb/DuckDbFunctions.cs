using System.Globalization;
using System.Text;
using Lakehouse.DataFrame.Expressions;
using static Lakehouse.DuckDB.Functions.LakehouseFunctions;

namespace Lakehouse.DataFrame.Compilation.DuckDb;

/// <summary>One function call to render: compiled arguments, their Spark types and the OVER clause (empty unless windowed).</summary>
internal sealed record DuckDbCall(
    string Name,
    IReadOnlyList<string> Args,
    IReadOnlyList<DataType> Types,
    IReadOnlyList<Expression> Arguments,
    DataType ResultType,
    bool IsDistinct,
    string Over)
{
    public string Distinct => IsDistinct ? "DISTINCT " : string.Empty;

    public object? LiteralValue(int index) =>
        index < Arguments.Count && ExpressionAnalyzer.Unwrap(Arguments[index]) is Literal literal ? literal.Value : null;

    public bool IsLiteral(int index) => index < Arguments.Count && ExpressionAnalyzer.Unwrap(Arguments[index]) is Literal;

    public string LiteralString(int index, string what) => LiteralValue(index) as string
        ?? throw new NotSupportedException($"{Name}: the {what} must be a string literal for the DuckDB engine.");

    public int LiteralInt(int index, string what) => LiteralValue(index) is { } value and (int or long or short or sbyte)
        ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
        : throw new NotSupportedException($"{Name}: the {what} must be an integer literal for the DuckDB engine.");
}

/// <summary>
/// The DuckDB dialect's function table (Ibis style): Spark function name to DuckDB SQL, each entry bridging Spark's
/// semantics. Functions of the <see cref="FunctionCatalog"/> missing here are listed in <see cref="Unsupported"/> with the reason.
/// </summary>
internal static class DuckDbFunctions
{
    /// <summary>Spark functions we know but the DuckDB engine cannot run with Spark's results.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["explode"] = "explode must be used at the top level of Select",
        ["explode_outer"] = "explode_outer must be used at the top level of Select",
        ["posexplode"] = "posexplode must be used at the top level of Select",
        ["ln"] = "Spark gives NULL for ln of zero or a negative number where DuckDB fails; not bridged yet",
    };

    private static readonly Dictionary<string, Func<DuckDbCall, string>> Renderers = Build();

    public static bool Supports(string name) => Renderers.ContainsKey(name);

    public static string Render(DuckDbCall call)
    {
        if (Renderers.TryGetValue(call.Name, out var render))
        {
            return render(call);
        }

        var reason = Unsupported.TryGetValue(call.Name, out var why) ? why : "no DuckDB translation";
        throw new NotSupportedException($"The function {call.Name} is not supported by the DuckDB engine: {reason}.");
    }

    /// <summary>
    /// Spark's to_json of a struct leaves out NULL fields (ignoreNullFields) where DuckDB writes <c>null</c>: the object is
    /// written field by field, concat_ws skipping the NULL ones. Nested structs keep DuckDB's nulls.
    /// </summary>
    private static string StructToJson(string value, StructType type)
    {
        var fields = type.Fields.Select(f =>
        {
            var field = $"struct_extract({value}, {DuckDbSql.String(f.Name)})";
            return $"CASE WHEN {field} IS NOT NULL THEN CAST(to_json(CAST({DuckDbSql.String(f.Name)} AS VARCHAR)) AS VARCHAR) || ':' || CAST(to_json({field}) AS VARCHAR) END";
        });
        return $"(CASE WHEN {value} IS NOT NULL THEN '{{' || concat_ws(',', {string.Join(", ", fields)}) || '}}' END)";
    }

    /// <summary>
    /// True when the text's first character after JSON white space is '{' (valid JSON starting so is an object); ltrim
    /// copies the text, so it runs only for text that does not start with '{' (OR is evaluated lazily).
    /// </summary>
    private static string StartsLikeObject(string text) => $"(starts_with({text}, '{{') OR starts_with(ltrim({text}, chr(32) || chr(9) || chr(10) || chr(13)), '{{'))";

    private static Dictionary<string, Func<DuckDbCall, string>> Build()
    {
        var table = new Dictionary<string, Func<DuckDbCall, string>>(StringComparer.OrdinalIgnoreCase);

        // Arithmetic: Spark's result types; division by zero is NULL (DuckDB gives inf); DuckDB decimals are re-typed.
        table["+"] = c => Arithmetic(c, "+");
        table["-"] = c => c.Types[0] is DateType && c.Types[1] is DateType
            ? $"CAST(date_diff('day', {c.Args[1]}, {c.Args[0]}) AS INTEGER)"
            : Arithmetic(c, "-");
        table["*"] = c => Arithmetic(c, "*");
        table["/"] = c => c.ResultType is DecimalType result && c.Types.All(t => t is DecimalType || t.IsIntegral)
            ? DecimalDivide(c, result)
            : $"({AsDouble(c, 0)} / NULLIF({AsDouble(c, 1)}, 0))";
        table["%"] = c => Retype($"({Operand(c, 0)} % NULLIF({Operand(c, 1)}, 0))", c);
        table["div"] = c => $"CAST(({c.Args[0]} // NULLIF({c.Args[1]}, 0)) AS BIGINT)";
        table["negative"] = c => $"(- {c.Args[0]})";

        // Comparison and logic.
        foreach (var (spark, sql) in new[] { ("==", "="), ("!=", "<>"), ("<", "<"), ("<=", "<="), (">", ">"), (">=", ">=") })
        {
            table[spark] = c => $"({c.Args[0]} {sql} {c.Args[1]})";
        }

        table["<=>"] = c => $"({c.Args[0]} IS NOT DISTINCT FROM {c.Args[1]})";
        table["and"] = c => $"({c.Args[0]} AND {c.Args[1]})";
        table["or"] = c => $"({c.Args[0]} OR {c.Args[1]})";
        table["not"] = c => $"(NOT {c.Args[0]})";
        table["isnull"] = c => $"({c.Args[0]} IS NULL)";
        table["isnotnull"] = c => $"({c.Args[0]} IS NOT NULL)";
        table["in"] = c => c.Args.Count == 1 ? "FALSE" : $"({c.Args[0]} IN ({string.Join(", ", c.Args.Skip(1))}))";
        table["like"] = c => $"({c.Args[0]} LIKE {c.Args[1]} ESCAPE '\\')";
        table["rlike"] = c => $"regexp_matches({c.Args[0]}, {Regex(c, 1)})";

        // Strings.
        table["lpad"] = c => $"lpad({c.Args[0]}, {c.Args[1]}, {(c.Args.Count > 2 ? c.Args[2] : "' '")})";
        table["rpad"] = c => $"rpad({c.Args[0]}, {(c.Args[1])}, {(c.Args.Count > 2 ? c.Args[2] : "' '")})";
        table["trim"] = c => $"trim({c.Args[0]}, {(c.Args.Count > 1 ? c.Args[1] : "' '")})";
        table["ltrim"] = c => $"ltrim({c.Args[0]}, {(c.Args.Count > 1 ? c.Args[1] : "' '")})";
        table["rtrim"] = c => $"rtrim({c.Args[0]}, {(c.Args.Count > 1 ? c.Args[1] : "' '")})";
        table["lower"] = c => $"lower({c.Args[0]})";
        table["upper"] = c => $"upper({c.Args[0]})";
        table["initcap"] = c => $"array_to_string(list_transform(string_split(lower({c.Args[0]}), ' '), lambda w: upper(w[1]) || w[2:]), ' ')";
        table["length"] = c => c.Types[0] is BinaryType ? $"CAST(octet_length({c.Args[0]}) AS INTEGER)" : $"CAST(length({c.Args[0]}) AS INTEGER)";
        table["substring"] = Substring;
        table["concat"] = c => c.Args.Count == 0 ? "''"
            : c.ResultType is ArrayType ? $"list_concat({string.Join(", ", c.Args)})"
            : "(" + string.Join(" || ", c.Args.Select((a, i) => AsString(a, c.Types[i]))) + ")";
        table["concat_ws"] = c => $"concat_ws({c.Args[0]}{string.Concat(c.Args.Skip(1).Select((a, i) => ", " + AsString(a, c.Types[i + 1])))})";
        table["split"] = c =>
        {
            if (c.Args.Count > 2 && c.LiteralInt(2, "limit") > 0)
            {
                throw new NotSupportedException("split with a positive limit is not supported by the DuckDB engine.");
            }

            return $"string_split_regex({c.Args[0]}, {Regex(c, 1)})";
        };
        table["regexp_replace"] = c => $"regexp_replace({c.Args[0]}, {Regex(c, 1)}, {DuckDbSql.String(JavaReplacement(c.LiteralString(2, "replacement")))}, 'g')";
        table["regexp_extract"] = c => $"regexp_extract({c.Args[0]}, {Regex(c, 1)}, {(c.Args.Count > 2 ? c.LiteralInt(2, "group index").ToString(CultureInfo.InvariantCulture) : "1")})";

        // Conditionals.
        table["if"] = c => $"(CASE WHEN {c.Args[0]} THEN {DuckDbCompiler.CastSql(c.Args[1], c.Types[1], c.ResultType)} ELSE {DuckDbCompiler.CastSql(c.Args[2], c.Types[2], c.ResultType)} END)";
        table["nullif"] = c => $"nullif({c.Args[0]}, {c.Args[1]})";
        table["coalesce"] = c => $"coalesce({string.Join(", ", c.Args)})";
        table["nvl"] = c => $"coalesce({c.Args[0]}, {c.Args[1]})";
        table["greatest"] = c => $"greatest({string.Join(", ", c.Args)})";
        table["least"] = c => $"least({string.Join(", ", c.Args)})";

        // Math.
        table["abs"] = c => $"abs({c.Args[0]})";
        table["round"] = c => Round(c, "round");
        table["bround"] = c => Round(c, "round_even");
        table["ceil"] = c => $"CAST(ceil({c.Args[0]}) AS {DuckDbSql.TypeName(c.ResultType)})";
        table["floor"] = c => $"CAST(floor({c.Args[0]}) AS {DuckDbSql.TypeName(c.ResultType)})";
        table["sqrt"] = c => $"(CASE WHEN {AsDouble(c, 0)} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt({AsDouble(c, 0)}) END)";
        table["exp"] = c => $"exp({AsDouble(c, 0)})";
        table["pow"] = c => $"pow({AsDouble(c, 0)}, {AsDouble(c, 1)})";

        // Collections.
        table["size"] = c => c.Types[0] is MapType
            ? $"CAST(coalesce(cardinality({c.Args[0]}), -1) AS INTEGER)"
            : $"CAST(coalesce(len({c.Args[0]}), -1) AS INTEGER)";
        table["element_at"] = c => c.Types[0] is MapType
            ? $"map_extract_value({c.Args[0]}, {c.Args[1]})"
            : $"list_extract({c.Args[0]}, {c.Args[1]})";

        // Dates and times (the session time zone is UTC).
        table["to_date"] = c => c.Args.Count > 1
            ? $"CAST(try_strptime({c.Args[0]}, {DuckDbSql.String(JavaDatePattern.ToStrftime(c.LiteralString(1, "format")))}) AS DATE)"
            : ToDate(c.Args[0], c.Types[0]);
        table["to_timestamp"] = c => c.Args.Count > 1
            ? $"CAST(try_strptime({c.Args[0]}, {DuckDbSql.String(JavaDatePattern.ToStrftime(c.LiteralString(1, "format")))}) AS TIMESTAMPTZ)"
            : ToTimestamp(c.Args[0], c.Types[0]);
        table["date_format"] = c => $"strftime({ToTimestamp(c.Args[0], c.Types[0])}, {DuckDbSql.String(JavaDatePattern.ToStrftime(c.LiteralString(1, "format")))})";
        foreach (var part in new[] { "year", "month", "dayofmonth", "hour", "minute", "second" })
        {
            var duckPart = part == "dayofmonth" ? "day" : part;
            table[part] = c => $"CAST({duckPart}({DateTimeArgument(c, 0)}) AS INTEGER)";
        }

        table["dayofweek"] = c => $"CAST(dayofweek({DateTimeArgument(c, 0)}) + 1 AS INTEGER)";
        table["date_trunc"] = c => $"date_trunc({DuckDbSql.String(TruncUnit(c.LiteralString(0, "unit")))}, {ToTimestamp(c.Args[1], c.Types[1])})";
        table["datediff"] = c => $"CAST(date_diff('day', {ToDate(c.Args[1], c.Types[1])}, {ToDate(c.Args[0], c.Types[0])}) AS INTEGER)";
        table["date_add"] = c => $"CAST({ToDate(c.Args[0], c.Types[0])} + CAST({c.Args[1]} AS INTEGER) AS DATE)";
        table["date_sub"] = c => $"CAST({ToDate(c.Args[0], c.Types[0])} - CAST({c.Args[1]} AS INTEGER) AS DATE)";
        table["current_date"] = _ => "current_date";
        table["current_timestamp"] = _ => "get_current_timestamp()";

        // Hashes.
        table["sha2"] = c => c.LiteralInt(1, "bit length") is 0 or 256
            ? $"sha256({c.Args[0]})"
            : throw new NotSupportedException("sha2 supports 256 bits (or 0) on the DuckDB engine; 224, 384 and 512 are not available.");
        table["md5"] = c => $"md5({c.Args[0]})";

        // from_json is PERMISSIVE as in Spark: malformed JSON, or JSON that is not an object, gives NULL. Leaves typed as
        // VARCHAR keep a number's or an object's JSON text, as Spark does for string fields. One parse per record: a line
        // whose first non-blank character is '{' and that json_transform parses without error is an object; try() turns a
        // malformed line into NULL (json_valid + json_type + json_transform parsed every record three times).
        table["from_json"] = c => $"(CASE WHEN {StartsLikeObject(c.Args[0])} THEN try(json_transform({c.Args[0]}, {DuckDbSql.String(DuckDbSql.JsonStructure(c.ResultType))})) END)";
        table["to_json"] = c => c.Types[0] is StructType structType ? StructToJson(c.Args[0], structType) : $"CAST(to_json({c.Args[0]}) AS VARCHAR)";

        // Spark's struct: field names from the analyzer (aliases, column names, col1...), quoted as identifiers.
        table["struct"] = c => "struct_pack(" + string.Join(", ", ((StructType)c.ResultType).Fields.Select((f, i) => $"{DuckDbSql.Identifier(f.Name)} := {c.Args[i]}")) + ")";
        table["rescued_data"] = c =>
        {
            var names = Enumerable.Range(1, c.Args.Count - 1).Select(i => DuckDbSql.String(c.LiteralString(i, "field name"))).ToList();
            var known = $"[{string.Join(", ", names)}]::VARCHAR[]";
            var raw = c.Args[0];

            // Most records have no unknown field: our own scan of the top-level keys (lakehouse_json_keys_known, which skips
            // nested values instead of parsing them) rules them out; the rest pay for the map of every value, which also
            // settles the cases the scan leaves open (escaped keys, malformed text).
            return $"(CASE WHEN {StartsLikeObject(raw)} THEN (CASE WHEN NOT {JsonKeysKnown}({raw}, {known}) THEN try("
                + $"nullif(CAST(to_json(map_from_entries(list_filter(map_entries(CAST(json({raw}) AS MAP(VARCHAR, JSON))), e -> NOT list_contains({known}, e.key)))) AS VARCHAR), '{{}}')) END) END)";
        };

        // DuckDB's 64-bit hash is unsigned: shifted into BIGINT's range, order kept.
        table["fingerprint"] = c => $"CAST(CAST(hash({c.Args[0]}) AS HUGEINT) - 9223372036854775808 AS BIGINT)";

        // Aggregates: Spark's result types (sum of ints is bigint, avg is double, decimals widen).
        table["sum"] = c => $"CAST(sum({c.Distinct}{c.Args[0]}){c.Over} AS {DuckDbSql.TypeName(c.ResultType)})";
        table["avg"] = c => c.ResultType is DecimalType
            ? $"CAST(avg({c.Distinct}{c.Args[0]}){c.Over} AS {DuckDbSql.TypeName(c.ResultType)})"
            : $"avg({c.Distinct}{AsDouble(c, 0)}){c.Over}";
        table["count"] = Count;
        table["min"] = c => $"min({c.Args[0]}){c.Over}";
        table["max"] = c => $"max({c.Args[0]}){c.Over}";
        table["first"] = c => IgnoreNulls(c) ? $"first({c.Args[0]}) FILTER (WHERE {c.Args[0]} IS NOT NULL){c.Over}" : $"first({c.Args[0]}){c.Over}";
        table["last"] = c => IgnoreNulls(c) ? $"last({c.Args[0]}) FILTER (WHERE {c.Args[0]} IS NOT NULL){c.Over}" : $"last({c.Args[0]}){c.Over}";
        table["stddev"] = c => $"stddev_samp({c.Distinct}{AsDouble(c, 0)}){c.Over}";
        table["collect_list"] = c => $"coalesce(list({c.Args[0]}) FILTER (WHERE {c.Args[0]} IS NOT NULL){c.Over}, CAST([] AS {DuckDbSql.TypeName(c.ResultType)}))";
        table["collect_set"] = c => $"coalesce(list(DISTINCT {c.Args[0]}) FILTER (WHERE {c.Args[0]} IS NOT NULL){c.Over}, CAST([] AS {DuckDbSql.TypeName(c.ResultType)}))";

        // Window functions: Spark returns int for ranks.
        table["row_number"] = c => $"CAST(row_number(){c.Over} AS INTEGER)";
        table["rank"] = c => $"CAST(rank(){c.Over} AS INTEGER)";
        table["dense_rank"] = c => $"CAST(dense_rank(){c.Over} AS INTEGER)";
        table["lag"] = c => $"lag({string.Join(", ", c.Args)}){c.Over}";
        table["lead"] = c => $"lead({string.Join(", ", c.Args)}){c.Over}";
        return table;
    }

    private static string Arithmetic(DuckDbCall c, string op)
    {
        if (c.ResultType is DateType or TimestampType)
        {
            return $"({c.Args[0]} {op} {c.Args[1]})";
        }

        return Retype($"({Operand(c, 0)} {op} {Operand(c, 1)})", c);
    }

    /// <summary>Strings in arithmetic are doubles in Spark; other operands are cast to the result type to keep DuckDB's widening out.</summary>
    private static string Operand(DuckDbCall c, int index) => c.Types[index] switch
    {
        StringType => $"TRY_CAST({c.Args[index]} AS DOUBLE)",
        var t when t == c.ResultType || t is NullType or DecimalType => c.Args[index],
        _ when c.ResultType is DecimalType => c.Args[index],
        _ => $"CAST({c.Args[index]} AS {DuckDbSql.TypeName(c.ResultType)})",
    };

    /// <summary>
    /// Spark's exact decimal division, rounded half up to the result's scale (DuckDB divides decimals as doubles, so
    /// 1085380.47 / 102 = 10640.985 would round to 10640.98): the unscaled operands as HUGEINTs, the numerator shifted to
    /// the result's scale, an integer division that rounds half away from zero, and the quotient read back at that scale.
    /// NULL for division by zero and, as Spark's non-ANSI mode, when a value overflows 38 digits.
    /// </summary>
    private static string DecimalDivide(DuckDbCall c, DecimalType result)
    {
        static int ScaleOf(DataType type) => type is DecimalType d ? d.Scale : 0;
        static string Power(int exponent) => $"CAST('1{new string('0', exponent)}' AS HUGEINT)";
        static string Unscaled(string sql, int scale) => scale == 0 ? $"CAST({sql} AS HUGEINT)" : $"CAST({sql} * {Power(scale)} AS HUGEINT)";

        var (leftScale, rightScale) = (ScaleOf(c.Types[0]), ScaleOf(c.Types[1]));
        var numerator = Unscaled(c.Args[0], leftScale);
        var denominator = Unscaled(c.Args[1], rightScale);
        var shift = result.Scale + rightScale - leftScale;
        numerator = shift >= 0 ? $"({numerator} * {Power(shift)})" : numerator;
        denominator = shift < 0 ? $"({denominator} * {Power(-shift)})" : denominator;

        var magnitude = $"((2 * abs({numerator}) + abs({denominator})) // (2 * abs({denominator})))";
        var quotient = $"({magnitude} * sign({numerator}) * sign({denominator}))"; // a zero numerator's magnitude is 0
        var value = result.Scale == 0
            ? $"CAST({quotient} AS DECIMAL(38,0))"
            : $"(CAST({quotient} AS DECIMAL(38,0)) * CAST('0.{new string('0', result.Scale - 1)}1' AS DECIMAL({result.Scale + 1},{result.Scale})))";
        return $"try(CAST(CASE WHEN {denominator} <> 0 THEN {value} END AS {DuckDbSql.TypeName(result)}))";
    }

    private static string Retype(string sql, DuckDbCall c) => c.ResultType is DecimalType ? $"CAST({sql} AS {DuckDbSql.TypeName(c.ResultType)})" : sql;

    private static string AsDouble(DuckDbCall c, int index) => c.Types[index] is DoubleType ? c.Args[index] : $"TRY_CAST({c.Args[index]} AS DOUBLE)";

    private static string AsString(string sql, DataType type) => type switch
    {
        StringType or NullType => sql,
        _ => DuckDbCompiler.CastSql(sql, type, DataType.String),
    };

    private static bool IgnoreNulls(DuckDbCall c) => c.Args.Count > 1 && c.LiteralValue(1) is true;

    private static string Count(DuckDbCall c)
    {
        if (c.Args.Count == 1)
        {
            return $"count({c.Distinct}{c.Args[0]}){c.Over}";
        }

        // Spark counts rows where every argument is non-NULL.
        var allPresent = string.Join(" AND ", c.Args.Select(a => $"{a} IS NOT NULL"));
        return c.IsDistinct
            ? $"count(DISTINCT CASE WHEN {allPresent} THEN row({string.Join(", ", c.Args)}) END){c.Over}"
            : $"count(CASE WHEN {allPresent} THEN 1 END){c.Over}";
    }

    /// <summary>Spark's 1-based substring: position 0 acts as 1, a negative position counts from the end, a negative length is empty.</summary>
    private static string Substring(DuckDbCall c)
    {
        var text = c.Args[0];
        var length = c.Args.Count > 2 ? c.Args[2] : null;
        if (c.LiteralValue(1) is int position && position > 0 && (length is null || c.LiteralValue(2) is int and >= 0))
        {
            return length is null ? $"substring({text}, {position})" : $"substring({text}, {position}, {length})";
        }

        var start = $"(CASE WHEN {c.Args[1]} > 0 THEN {c.Args[1]} - 1 WHEN {c.Args[1]} < 0 THEN length({text}) + {c.Args[1]} ELSE 0 END)";
        var end = length is null ? "2147483647" : $"({start} + {length})";
        return $"(CASE WHEN greatest({start}, 0) >= {end} THEN '' ELSE substring({text}, greatest({start}, 0) + 1, {end} - greatest({start}, 0)) END)";
    }

    private static string Round(DuckDbCall c, string function)
    {
        var scale = c.Args.Count > 1 ? c.LiteralInt(1, "scale") : 0;
        var scaleSql = scale.ToString(CultureInfo.InvariantCulture);
        var value = c.Args[0];
        switch (c.Types[0])
        {
            case DecimalType:
                return $"CAST({function}({value}, {scaleSql}) AS {DuckDbSql.TypeName(c.ResultType)})";
            case DoubleType or FloatType or StringType:
                {
                    // Spark rounds the decimal the double prints as (BigDecimal(d.toString)): 2.675 -> 2.68, 1.005 -> 1.01.
                    var asDouble = c.Types[0] is StringType ? $"TRY_CAST({value} AS DOUBLE)" : $"CAST({value} AS DOUBLE)";
                    var exact = $"CAST({function}(TRY_CAST(CAST({asDouble} AS VARCHAR) AS DECIMAL(38,18)), {scaleSql}) AS DOUBLE)";
                    var rounded = $"coalesce({exact}, {function}({asDouble}, {scaleSql}))";
                    return c.ResultType is FloatType ? $"CAST({rounded} AS FLOAT)" : rounded;
                }

            default:
                return scale >= 0 ? value : $"CAST({function}(CAST({value} AS DECIMAL(38,0)), {scaleSql}) AS {DuckDbSql.TypeName(c.ResultType)})";
        }
    }

    private static string DateTimeArgument(DuckDbCall c, int index) => c.Types[index] switch
    {
        DateType or TimestampType => c.Args[index],
        _ => ToTimestamp(c.Args[index], c.Types[index]),
    };

    internal static string ToDate(string sql, DataType type) => type switch
    {
        DateType => sql,
        TimestampType => $"CAST({sql} AS DATE)",
        StringType => $"coalesce(TRY_CAST(trim({sql}) AS DATE), CAST(TRY_CAST(trim({sql}) AS TIMESTAMP) AS DATE))",
        NullType => "CAST(NULL AS DATE)",
        _ => throw new AnalysisException($"[DATATYPE_MISMATCH] Cannot convert {type.SimpleString} to a date."),
    };

    internal static string ToTimestamp(string sql, DataType type) => type switch
    {
        TimestampType => sql,
        DateType => $"CAST({sql} AS TIMESTAMPTZ)",
        StringType => $"TRY_CAST(trim({sql}) AS TIMESTAMPTZ)",
        NullType => "CAST(NULL AS TIMESTAMPTZ)",
        _ when type.IsNumeric => $"to_timestamp(CAST({sql} AS DOUBLE))",
        _ => throw new AnalysisException($"[DATATYPE_MISMATCH] Cannot convert {type.SimpleString} to a timestamp."),
    };

    private static string TruncUnit(string sparkUnit) => sparkUnit.ToUpperInvariant() switch
    {
        "YEAR" or "YYYY" or "YY" => "year",
        "QUARTER" => "quarter",
        "MONTH" or "MM" or "MON" => "month",
        "WEEK" => "week",
        "DAY" or "DD" => "day",
        "HOUR" => "hour",
        "MINUTE" => "minute",
        "SECOND" => "second",
        "MILLISECOND" => "millisecond",
        "MICROSECOND" => "microsecond",
        _ => throw new AnalysisException($"date_trunc: unknown unit '{sparkUnit}'; use YEAR, QUARTER, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND or MICROSECOND."),
    };

    /// <summary>
    /// A Java regex for RE2. Literal patterns are checked for the constructs RE2 lacks (lookaround, backreferences,
    /// possessive quantifiers, atomic groups), which fail with <see cref="NotSupportedException"/> rather than match differently.
    /// </summary>
    private static string Regex(DuckDbCall c, int index)
    {
        if (c.LiteralValue(index) is string pattern)
        {
            CheckRe2Compatible(pattern);
        }

        return c.Args[index];
    }

    internal static void CheckRe2Compatible(string pattern)
    {
        string? problem = null;
        if (pattern.Contains("(?=", StringComparison.Ordinal) || pattern.Contains("(?!", StringComparison.Ordinal) ||
            pattern.Contains("(?<=", StringComparison.Ordinal) || pattern.Contains("(?<!", StringComparison.Ordinal))
        {
            problem = "lookahead/lookbehind";
        }
        else if (pattern.Contains("(?>", StringComparison.Ordinal))
        {
            problem = "atomic groups";
        }
        else if (System.Text.RegularExpressions.Regex.IsMatch(pattern, @"(?<!\\)(\\\\)*\\[1-9]"))
        {
            problem = "backreferences";
        }
        else if (System.Text.RegularExpressions.Regex.IsMatch(pattern, @"(?<!\\)(\\\\)*[*+?}]\+"))
        {
            problem = "possessive quantifiers";
        }

        if (problem is not null)
        {
            throw new NotSupportedException(
                $"The regular expression '{pattern}' uses {problem}, which Java supports but DuckDB's RE2 engine does not; rewrite it without them.");
        }
    }

    /// <summary>Java's replacement syntax (<c>$1</c>, <c>\$</c>) to RE2's (<c>\1</c>, <c>$</c>).</summary>
    private static string JavaReplacement(string replacement)
    {
        var result = new StringBuilder();
        for (var i = 0; i < replacement.Length; i++)
        {
            var ch = replacement[i];
            if (ch == '\\' && i + 1 < replacement.Length)
            {
                i++;
                result.Append(replacement[i] == '\\' ? @"\\" : replacement[i].ToString());
            }
            else if (ch == '$' && i + 1 < replacement.Length && char.IsAsciiDigit(replacement[i + 1]))
            {
                i++;
                result.Append('\\').Append(replacement[i]);
            }
            else if (ch == '$')
            {
                throw new NotSupportedException($"regexp_replace: '$' must be followed by a group number in '{replacement}' (named groups are not supported).");
            }
            else
            {
                result.Append(ch);
            }
        }

        return result.ToString();
    }
}
