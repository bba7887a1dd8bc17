using Lakehouse.DataFrame.Plan;

namespace Lakehouse.DataFrame.Compilation.DuckDb;

/// <summary>
/// DuckDB table functions for Spark data sources (parquet, json = JSON lines, csv). Paths and option values are written as
/// escaped literals; only known options are accepted. A directory path reads the files of that format below it.
/// </summary>
internal static class DuckDbSources
{
    /// <summary>Spark reader options this engine understands, per format.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> SupportedOptions = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase)
    {
        ["parquet"] = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "mergeSchema" },
        ["json"] = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "multiLine" },
        ["text"] = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        ["csv"] = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "header", "sep", "delimiter", "quote", "escape", "nullValue", "inferSchema", "dateFormat", "timestampFormat", "mode", "multiLine" },
    };

    /// <summary>The table function that reads the source, with the column types of <paramref name="columns"/> (if given).</summary>
    public static string TableFunction(string format, IReadOnlyList<string> paths, IReadOnlyDictionary<string, string> options, IReadOnlyList<PlanAttribute>? columns)
    {
        var normalized = format.ToLowerInvariant();
        if (!SupportedOptions.TryGetValue(normalized, out var supported))
        {
            throw new NotSupportedException($"The data source format '{format}' is not supported; use parquet, json or csv.");
        }

        foreach (var key in options.Keys.Where(k => !supported.Contains(k)))
        {
            throw new ArgumentException($"The {normalized} option '{key}' is not supported; supported: {string.Join(", ", supported)}.", nameof(options));
        }

        var extension = normalized == "json" ? "json" : normalized;
        var anyDirectory = paths.Any(Directory.Exists);
        var files = "[" + string.Join(", ", paths.Select(p => DuckDbSql.String(Directory.Exists(p) ? Path.Combine(p, "**", normalized == "text" ? "*" : "*." + extension) : p))) + "]";
        if (normalized == "text")
        {
            // One row per line, as Spark's text source. read_csv with one VARCHAR column, no quoting and a delimiter of
            // two ASCII separator characters reads lines as they are, in parallel; read_text + string_split was ~40x slower.
            return $"(SELECT CASE WHEN ends_with(value, chr(13)) THEN left(value, length(value) - 1) ELSE coalesce(value, '') END AS value FROM read_csv({files}, columns = {{'value': 'VARCHAR'}}, header = false, delim = '\x1E\x1F', quote = '', escape = '', auto_detect = false, strict_mode = false))";
        }

        var arguments = new List<string> { files };
        switch (normalized)
        {
            case "parquet":
                arguments.Add($"hive_partitioning = {(anyDirectory ? "true" : "false")}");
                arguments.Add("union_by_name = true");
                break;
            case "json":
                arguments.Add(IsTrue(options, "multiLine") ? "format = 'auto'" : "format = 'newline_delimited'");
                arguments.Add($"hive_partitioning = {(anyDirectory ? "true" : "false")}");
                if (columns is not null)
                {
                    arguments.Add("columns = " + ColumnsStruct(columns));
                }

                break;
            default:
                arguments.Add($"header = {(IsTrue(options, "header") ? "true" : "false")}");
                arguments.Add($"hive_partitioning = {(anyDirectory ? "true" : "false")}");
                // Spark's defaults, never sniffed: a sniffer that guesses differently on a malformed file reads other columns.
                arguments.Add("delim = " + DuckDbSql.String(Value(options, "sep") ?? Value(options, "delimiter") ?? ","));
                arguments.Add("quote = " + DuckDbSql.String(Value(options, "quote") ?? "\""));

                arguments.AddRange(CsvMode(Value(options, "mode")));
                if (IsTrue(options, "multiLine"))
                {
                    // DuckDB always reads a newline inside quotes as part of the value, but its parallel scanner refuses
                    // that with null_padding (PERMISSIVE); Spark does not split multiLine files either.
                    arguments.Add("parallel = false");
                }

                arguments.Add("escape = " + DuckDbSql.String(Value(options, "escape") ?? "\\"));
                arguments.Add("nullstr = " + DuckDbSql.String(Value(options, "nullValue") ?? string.Empty));
                if (Value(options, "dateFormat") is { } dateFormat)
                {
                    arguments.Add("dateformat = " + DuckDbSql.String(JavaDatePattern.ToStrftime(dateFormat)));
                }

                if (Value(options, "timestampFormat") is { } timestampFormat)
                {
                    arguments.Add("timestampformat = " + DuckDbSql.String(JavaDatePattern.ToStrftime(timestampFormat)));
                }

                if (columns is not null)
                {
                    // The columns are known (inferred when the plan was built): sniffing again could disagree with them.
                    arguments.Add("columns = " + ColumnsStruct(columns));
                    arguments.Add("auto_detect = false");
                }
                else if (!IsTrue(options, "inferSchema"))
                {
                    arguments.Add("all_varchar = true");
                }

                break;
        }

        var function = normalized switch
        {
            "parquet" => "read_parquet",
            "json" => "read_json",
            _ => "read_csv",
        };
        return $"{function}({string.Join(", ", arguments)})";
    }

    public static string TableFunction(DataSourceRead source) =>
        TableFunction(source.Format, source.Paths, source.Options, source.Format.Equals("parquet", StringComparison.OrdinalIgnoreCase) ? null : source.Output);

    /// <summary>
    /// Spark's CSV parse modes. PERMISSIVE (Spark's default): no row is lost; a row with too few fields gets NULL for the
    /// missing ones; a row with too many keeps its first fields, and its extra values are dropped as Spark does, except
    /// when the schema is inferred with that row in DuckDB's sniffing sample (the first 20,480 rows): then the read has
    /// extra columns <c>columnN</c> (N the 0-based position) holding them. DROPMALFORMED: such rows are skipped
    /// (ignore_errors); FAILFAST: the read fails (strict_mode).
    /// </summary>
    private static string[] CsvMode(string? mode) => (mode ?? "PERMISSIVE").ToUpperInvariant() switch
    {
        "PERMISSIVE" => ["null_padding = true", "strict_mode = false"],
        "DROPMALFORMED" => ["ignore_errors = true"],
        "FAILFAST" => ["null_padding = false", "strict_mode = true"],
        _ => throw new ArgumentException($"The csv option mode '{mode}' is not supported; use PERMISSIVE, DROPMALFORMED or FAILFAST.", nameof(mode)),
    };

    internal static bool IsTrue(IReadOnlyDictionary<string, string> options, string key) =>
        Value(options, key) is { } value && value.Equals("true", StringComparison.OrdinalIgnoreCase);

    internal static string? Value(IReadOnlyDictionary<string, string> options, string key) =>
        options.FirstOrDefault(o => o.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;

    private static string ColumnsStruct(IReadOnlyList<PlanAttribute> columns) =>
        "{" + string.Join(", ", columns.Select(c => $"{DuckDbSql.String(c.Name)}: {DuckDbSql.String(DuckDbSql.TypeName(c.DataType))}")) + "}";
}
