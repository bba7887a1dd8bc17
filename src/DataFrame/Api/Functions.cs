using System.Collections;
using Lakehouse.DataFrame.Expressions;
using Lakehouse.DataFrame.Parsing;

namespace Lakehouse.DataFrame;

/// <summary>
/// Spark's <c>functions</c> in PascalCase. Use <c>using static Lakehouse.DataFrame.Functions;</c> to write
/// <c>Col("a")</c>, <c>Sum("x")</c>, <c>When(...)</c> as in Spark.
/// </summary>
public static class Functions
{
    /// <summary>A column by name; <c>"*"</c> is all columns, <c>"t.*"</c> all columns of alias t; dots reach into aliases and structs.</summary>
    public static Column Col(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name == "*")
        {
            return new(new StarExpression(null));
        }

        if (name.EndsWith(".*", StringComparison.Ordinal) && !name.Contains('`', StringComparison.Ordinal))
        {
            return new(new StarExpression(name[..^2]));
        }

        return new(ColumnReference.Parse(name));
    }

    /// <summary>Same as <see cref="Col"/>.</summary>
    public static Column Column(string name) => Col(name);

    /// <summary>A literal. A <see cref="Lakehouse.DataFrame.Column"/> is returned unchanged.</summary>
    /// <exception cref="ArgumentException">The CLR type has no Spark literal.</exception>
    public static Column Lit(object? value) => value as Column ?? new(ToLiteral(value));

    /// <summary>A Spark SQL expression, parsed now (errors are <see cref="ParseException"/>).</summary>
    public static Column Expr(string expression) => new(new ExpressionString(expression, ExpressionParser.Parse(expression)));

    /// <summary>Marks a DataFrame as small enough to broadcast in a join (a hint for Spark; the embedded engine ignores it).</summary>
    public static DataFrame Broadcast(DataFrame dataFrame)
    {
        ArgumentNullException.ThrowIfNull(dataFrame);
        return dataFrame.Hint("broadcast");
    }

    // ---- Strings ----

    /// <summary>Left-pads to <paramref name="length"/> (truncates longer values), as Spark.</summary>
    public static Column Lpad(Column column, int length, string pad) => Call("lpad", column, length, pad);

    /// <summary>Right-pads to <paramref name="length"/> (truncates longer values), as Spark.</summary>
    public static Column Rpad(Column column, int length, string pad) => Call("rpad", column, length, pad);

    /// <summary>Removes leading and trailing spaces.</summary>
    public static Column Trim(Column column) => Call("trim", column);

    /// <summary>Removes leading and trailing <paramref name="trimString"/> characters.</summary>
    public static Column Trim(Column column, string trimString) => Call("trim", column, trimString);

    /// <summary>Removes leading spaces.</summary>
    public static Column Ltrim(Column column) => Call("ltrim", column);

    /// <summary>Removes trailing spaces.</summary>
    public static Column Rtrim(Column column) => Call("rtrim", column);

    /// <summary>Lower case.</summary>
    public static Column Lower(Column column) => Call("lower", column);

    /// <summary>Upper case.</summary>
    public static Column Upper(Column column) => Call("upper", column);

    /// <summary>First letter of each space-separated word upper case, the rest lower case.</summary>
    public static Column Initcap(Column column) => Call("initcap", column);

    /// <summary>Number of characters.</summary>
    public static Column Length(Column column) => Call("length", column);

    /// <summary>Substring from 1-based <paramref name="position"/>; negative counts from the end, 0 acts as 1 (Spark).</summary>
    public static Column Substring(Column column, int position, int length) => Call("substring", column, position, length);

    /// <summary>Concatenates; NULL if any input is NULL (Spark).</summary>
    public static Column Concat(params Column[] columns) => Call("concat", columns);

    /// <summary>Concatenates with a separator, skipping NULLs (Spark).</summary>
    public static Column ConcatWs(string separator, params Column[] columns) => new(new FunctionCall("concat_ws", [ToLiteral(separator), .. columns.Select(c => c.Expression)]));

    /// <summary>Splits around matches of a regular expression.</summary>
    public static Column Split(Column column, string pattern) => Call("split", column, pattern);

    /// <summary>Replaces all matches of a regular expression (<c>$1</c> refers to a group).</summary>
    public static Column RegexpReplace(Column column, string pattern, string replacement) => Call("regexp_replace", column, pattern, replacement);

    /// <summary>The <paramref name="groupIndex"/>-th group of the first match, or an empty string when none matches (Spark).</summary>
    public static Column RegexpExtract(Column column, string pattern, int groupIndex) => Call("regexp_extract", column, pattern, groupIndex);

    // ---- Conditionals ----

    /// <summary>The first non-NULL argument.</summary>
    public static Column Coalesce(params Column[] columns) => Call("coalesce", columns);

    /// <summary><paramref name="value"/> when <paramref name="column"/> is NULL.</summary>
    public static Column Nvl(Column column, object value) => Call("nvl", column, value);

    /// <summary>The largest value, skipping NULLs.</summary>
    public static Column Greatest(params Column[] columns) => Call("greatest", columns);

    /// <summary>The smallest value, skipping NULLs.</summary>
    public static Column Least(params Column[] columns) => Call("least", columns);

    /// <summary>Starts a CASE WHEN chain: continue with <see cref="Lakehouse.DataFrame.Column.When"/> and <see cref="Lakehouse.DataFrame.Column.Otherwise"/>.</summary>
    public static Column When(Column condition, object? value)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return new(new CaseWhen([new WhenBranch(condition.Expression, Lit(value).Expression)], null));
    }

    // ---- Math ----

    /// <summary>Absolute value.</summary>
    public static Column Abs(Column column) => Call("abs", column);

    /// <summary>Rounds HALF_UP to <paramref name="scale"/> decimal places (Spark, for decimals and doubles).</summary>
    public static Column Round(Column column, int scale = 0) => Call("round", column, scale);

    /// <summary>Rounds HALF_EVEN (banker's rounding) to <paramref name="scale"/> decimal places.</summary>
    public static Column Bround(Column column, int scale = 0) => Call("bround", column, scale);

    /// <summary>Smallest integer not less than the value.</summary>
    public static Column Ceil(Column column) => Call("ceil", column);

    /// <summary>Largest integer not greater than the value.</summary>
    public static Column Floor(Column column) => Call("floor", column);

    /// <summary>Square root.</summary>
    public static Column Sqrt(Column column) => Call("sqrt", column);

    /// <summary>Power, as a double.</summary>
    public static Column Pow(Column left, object right) => Call("pow", left, right);

    // ---- Aggregates ----

    /// <summary>Sum; integers sum to a bigint, decimals to decimal(p+10,s).</summary>
    public static Column Sum(Column column) => Call("sum", column);

    /// <summary>Sum of a column by name.</summary>
    public static Column Sum(string columnName) => Sum(Col(columnName));

    /// <summary>Average, as a double (decimal(p+4,s+4) for decimals).</summary>
    public static Column Avg(Column column) => Call("avg", column);

    /// <summary>Average of a column by name.</summary>
    public static Column Avg(string columnName) => Avg(Col(columnName));

    /// <summary>Number of non-NULL values; <c>Count("*")</c> counts rows.</summary>
    public static Column Count(Column column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return Call("count", column);
    }

    /// <summary>Count of a column by name; <c>"*"</c> counts rows.</summary>
    public static Column Count(string columnName) => Count(Col(columnName));

    /// <summary>Number of distinct non-NULL values (rows where every column is non-NULL).</summary>
    public static Column CountDistinct(Column column, params Column[] more) =>
        new(new FunctionCall("count", [column.Expression, .. more.Select(c => c.Expression)], IsDistinct: true));

    /// <summary>Minimum.</summary>
    public static Column Min(Column column) => Call("min", column);

    /// <summary>Minimum of a column by name.</summary>
    public static Column Min(string columnName) => Min(Col(columnName));

    /// <summary>Maximum.</summary>
    public static Column Max(Column column) => Call("max", column);

    /// <summary>Maximum of a column by name.</summary>
    public static Column Max(string columnName) => Max(Col(columnName));

    /// <summary>The first value in the group (NULLs included unless <paramref name="ignoreNulls"/>).</summary>
    public static Column First(Column column, bool ignoreNulls = false) => Call("first", column, ignoreNulls);

    /// <summary>The last value in the group (NULLs included unless <paramref name="ignoreNulls"/>).</summary>
    public static Column Last(Column column, bool ignoreNulls = false) => Call("last", column, ignoreNulls);

    /// <summary>Sample standard deviation.</summary>
    public static Column Stddev(Column column) => Call("stddev", column);

    /// <summary>The non-NULL values of the group as an array.</summary>
    public static Column CollectList(Column column) => Call("collect_list", column);

    // ---- Collections ----

    /// <summary>Number of elements; -1 for a NULL array (Spark's legacy default).</summary>
    public static Column Size(Column column) => Call("size", column);

    /// <summary>Array element by 1-based index (negative from the end), or map value by key.</summary>
    public static Column ElementAt(Column column, object indexOrKey) => Call("element_at", column, indexOrKey);

    /// <summary>One row per array element; rows with a NULL or empty array are dropped.</summary>
    public static Column Explode(Column column) => Call("explode", column);

    /// <summary>One row per array element; a NULL or empty array gives one row with NULL.</summary>
    public static Column ExplodeOuter(Column column) => Call("explode_outer", column);

    // ---- Dates and times ----

    /// <summary>Converts to a date (strings in yyyy-MM-dd form; unparsable values become NULL).</summary>
    public static Column ToDate(Column column) => Call("to_date", column);

    /// <summary>Parses a date with a Java date pattern (<c>"dd/MM/yyyy"</c>).</summary>
    public static Column ToDate(Column column, string format) => Call("to_date", column, format);

    /// <summary>Converts to a timestamp (unparsable values become NULL).</summary>
    public static Column ToTimestamp(Column column) => Call("to_timestamp", column);

    /// <summary>Parses a timestamp with a Java date pattern (<c>"yyyy-MM-dd HH:mm:ss"</c>).</summary>
    public static Column ToTimestamp(Column column, string format) => Call("to_timestamp", column, format);

    /// <summary>Formats a date or timestamp with a Java date pattern.</summary>
    public static Column DateFormat(Column column, string format) => Call("date_format", column, format);

    /// <summary>Year.</summary>
    public static Column Year(Column column) => Call("year", column);

    /// <summary>Month 1-12.</summary>
    public static Column Month(Column column) => Call("month", column);

    /// <summary>Day of month 1-31.</summary>
    public static Column DayOfMonth(Column column) => Call("dayofmonth", column);

    /// <summary>Day of week, 1 = Sunday ... 7 = Saturday (Spark).</summary>
    public static Column DayOfWeek(Column column) => Call("dayofweek", column);

    /// <summary>Hour 0-23.</summary>
    public static Column Hour(Column column) => Call("hour", column);

    /// <summary>Truncates a timestamp to a unit: year, quarter, month, week, day, hour, minute, second.</summary>
    public static Column DateTrunc(string unit, Column column) => Call("date_trunc", unit, column);

    /// <summary>Days from <paramref name="start"/> to <paramref name="end"/>.</summary>
    public static Column DateDiff(Column end, Column start) => Call("datediff", end, start);

    /// <summary>Date plus days.</summary>
    public static Column DateAdd(Column start, int days) => Call("date_add", start, days);

    /// <summary>Date minus days.</summary>
    public static Column DateSub(Column start, int days) => Call("date_sub", start, days);

    /// <summary>Today's date (UTC) at query start.</summary>
    public static Column CurrentDate() => Call("current_date");

    /// <summary>The query start time.</summary>
    public static Column CurrentTimestamp() => Call("current_timestamp");

    // ---- Hashes ----

    /// <summary>SHA-2 hex digest; <paramref name="numBits"/> 224, 256 (or 0), 384 or 512.</summary>
    public static Column Sha2(Column column, int numBits) => Call("sha2", column, numBits);

    /// <summary>MD5 hex digest.</summary>
    public static Column Md5(Column column) => Call("md5", column);

    /// <summary>
    /// A cheap 64-bit hash of the value, to tell records apart and order them deterministically: Spark's <c>xxhash64</c> on
    /// Spark, DuckDB's <c>hash</c> on the embedded engine. The same value gives the same hash on one engine; the two engines
    /// (and possibly two versions of one) give different hashes, so never store it to compare across engines.
    /// </summary>
    public static Column Fingerprint(Column column) => Call("fingerprint", column);

    // ---- Window functions ----

    /// <summary>1, 2, 3... within the window partition.</summary>
    public static Column RowNumber() => Call("row_number");

    /// <summary>Rank with gaps.</summary>
    public static Column Rank() => Call("rank");

    /// <summary>Rank without gaps.</summary>
    public static Column DenseRank() => Call("dense_rank");

    /// <summary>The value <paramref name="offset"/> rows before, or <paramref name="defaultValue"/>.</summary>
    public static Column Lag(Column column, int offset = 1, object? defaultValue = null) => Call("lag", column, offset, defaultValue);

    /// <summary>The value <paramref name="offset"/> rows after, or <paramref name="defaultValue"/>.</summary>
    public static Column Lead(Column column, int offset = 1, object? defaultValue = null) => Call("lead", column, offset, defaultValue);

    internal static Literal ToLiteral(object? value) => value switch
    {
        null => new Literal(null, DataType.Null),
        bool b => new Literal(b, DataType.Boolean),
        sbyte b => new Literal(b, DataType.Byte),
        byte b => new Literal((short)b, DataType.Short),
        short s => new Literal(s, DataType.Short),
        int i => new Literal(i, DataType.Integer),
        long l => new Literal(l, DataType.Long),
        float f => new Literal(f, DataType.Float),
        double d => new Literal(d, DataType.Double),
        decimal m => new Literal(m, DecimalTypeOf(m)),
        string s => new Literal(s, DataType.String),
        char c => new Literal(c.ToString(), DataType.String),
        byte[] bytes => new Literal(bytes, DataType.Binary),
        DateOnly date => new Literal(date, DataType.Date),
        DateTime dateTime => new Literal(new DateTimeOffset(DateTime.SpecifyKind(dateTime, dateTime.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc)).ToUniversalTime(), DataType.Timestamp),
        DateTimeOffset instant => new Literal(instant.ToUniversalTime(), DataType.Timestamp),
        Lakehouse.DataFrame.Column => throw new ArgumentException("A Column is not a literal.", nameof(value)),
        IEnumerable items => ArrayLiteral(items),
        _ => throw new ArgumentException($"Values of type {value.GetType().Name} cannot be Spark literals.", nameof(value)),
    };

    private static Literal ArrayLiteral(IEnumerable items)
    {
        var elements = items.Cast<object?>().Select(ToLiteral).ToList();
        var elementType = TypeRules.Common([.. elements.Select(e => e.Type)]);
        return new Literal(elements.Select(e => e.Value).ToList(), new ArrayType(elementType is NullType ? DataType.String : elementType));
    }

    private static DecimalType DecimalTypeOf(decimal value)
    {
        int scale = value.Scale;
        var digits = decimal.Truncate(Math.Abs(value)).ToString(System.Globalization.CultureInfo.InvariantCulture).TrimStart('0').Length;
        return new DecimalType(Math.Max(digits + scale, Math.Max(scale, 1)), scale);
    }

    private static Column Call(string name, params object?[] arguments) =>
        new(new FunctionCall(name, [.. arguments.Select(a => a is Column c ? c.Expression : ToLiteral(a))]));

    /// <summary>One row per array element with its 0-based position: columns <c>pos</c> and <c>col</c> (top level of Select).</summary>
    public static Column PosExplode(Column column) => Call("posexplode", column);

    /// <summary>Parses a JSON string into <paramref name="schema"/> (a Spark type name such as <c>struct&lt;id:string&gt;</c>); NULL when malformed.</summary>
    public static Column FromJson(Column column, string schema)
    {
        _ = DataType.Parse(schema); // fail now, with the position, rather than at the first action
        return Call("from_json", column, Lit(schema));
    }

    /// <summary>
    /// A struct of the columns (Spark's <c>struct</c>): each field named by the column's alias, else by the column it reads,
    /// else <c>col1</c>, <c>col2</c>... by position. <c>ToJson(Struct(...))</c> gives a JSON object of them.
    /// </summary>
    public static Column Struct(params Column[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0)
        {
            throw new ArgumentException("struct needs at least one column.", nameof(columns));
        }

        return new(new FunctionCall("struct", [.. columns.Select(c => c.Expression)]));
    }

    /// <summary>A struct of the named columns (Spark's <c>struct(colName, colNames*)</c>).</summary>
    public static Column Struct(params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        return Struct([.. columnNames.Select(Col)]);
    }

    /// <summary>A value as JSON text.</summary>
    public static Column ToJson(Column column) => Call("to_json", column);

    /// <summary>
    /// The top-level fields of a JSON object that are not in <paramref name="knownFields"/>, as a JSON object (NULL when there
    /// are none): what a schema does not cover is kept rather than lost. Embedded engine only for now.
    /// </summary>
    public static Column RescuedData(Column json, params string[] knownFields) => Call("rescued_data", [json, .. knownFields.Select(f => Lit(f))]);
}
