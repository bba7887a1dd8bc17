namespace Lakehouse.DataFrame;

/// <summary>
/// Reads data sources, as Spark's <c>DataFrameReader</c>: <c>session.Read.Format("csv").Option("header", "true").Load(path)</c>.
/// Formats on the embedded engine: parquet, json (JSON lines, columns sorted by name as Spark infers them), csv (all
/// strings unless <c>inferSchema</c> or a schema is given; columns <c>_c0</c>, <c>_c1</c>... without a header), text,
/// delta. A directory reads its files. On Spark, the format, options and paths go to Spark as given (paths such as
/// <c>abfss://...</c> are Spark's) and Spark resolves the schema.
/// Each call returns a new reader; readers are immutable.
/// </summary>
public sealed class DataFrameReader
{
    private readonly LakehouseSession _session;
    private readonly string _format;
    private readonly IReadOnlyDictionary<string, string> _options;
    private readonly StructType? _schema;

    internal DataFrameReader(LakehouseSession session, string format = "parquet", IReadOnlyDictionary<string, string>? options = null, StructType? schema = null)
    {
        _session = session;
        _format = format;
        _options = options ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        _schema = schema;
    }

    /// <summary>The source format: parquet (default), json, csv, text or delta; on Spark, any format the cluster has.</summary>
    public DataFrameReader Format(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new(_session, source.ToLowerInvariant(), _options, _schema);
    }

    /// <summary>Sets one option (Spark's names: header, sep/delimiter, quote, escape, nullValue, inferSchema, multiLine...).</summary>
    public DataFrameReader Option(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        var options = new Dictionary<string, string>(_options, StringComparer.OrdinalIgnoreCase) { [key] = value };
        return new(_session, _format, options, _schema);
    }

    /// <summary>Sets one boolean option.</summary>
    public DataFrameReader Option(string key, bool value) => Option(key, value ? "true" : "false");

    /// <summary>Sets several options.</summary>
    public DataFrameReader Options(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reader = this;
        foreach (var (key, value) in options)
        {
            reader = reader.Option(key, value);
        }

        return reader;
    }

    /// <summary>The schema to read with (no inference).</summary>
    public DataFrameReader Schema(StructType schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new(_session, _format, _options, schema);
    }

    /// <summary>The schema as a DDL string: <c>"id BIGINT, name STRING"</c> or <c>"id:bigint,name:string"</c>.</summary>
    public DataFrameReader Schema(string ddl)
    {
        ArgumentNullException.ThrowIfNull(ddl);
        var text = ddl.Trim();
        var structType = DataType.Parse(text.StartsWith("struct<", StringComparison.OrdinalIgnoreCase) ? text : $"struct<{text}>") as StructType
            ?? throw new ParseException($"Not a schema: {ddl}");
        return Schema(structType);
    }

    /// <summary>Reads the paths with the configured format.</summary>
    public DataFrame Load(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Length == 0)
        {
            throw new ArgumentException("Give at least one path.", nameof(paths));
        }

        if (_format == "delta")
        {
            return Delta(paths[0]);
        }

        return new DataFrame(_session, _session.Backend.ReadFiles(_format, paths, _options, _schema));
    }

    /// <summary>Reads Parquet files.</summary>
    public DataFrame Parquet(params string[] paths) => Format("parquet").Load(paths);

    /// <summary>Reads JSON lines files (Spark's default JSON; set multiLine for one document per file).</summary>
    public DataFrame Json(params string[] paths) => Format("json").Load(paths);

    /// <summary>Reads newline-delimited JSON files.</summary>
    public DataFrame NDJson(params string[] paths) => Format("json").Load(paths);

    /// <summary>Reads CSV files.</summary>
    public DataFrame Csv(params string[] paths) => Format("csv").Load(paths);

    /// <summary>Reads a table of the session's database.</summary>
    public DataFrame Table(string tableName) => _session.Table(tableName);

    /// <summary>
    /// Reads a Delta table: its latest snapshot, or the one chosen with the options <c>versionAsOf</c> or
    /// <c>timestampAsOf</c> (time travel). The snapshot is pinned now, as Spark does.
    /// </summary>
    public DataFrame Delta(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new DataFrame(_session, _session.Backend.ReadDelta(path, _options));
    }

    /// <summary>Reads text files: one row per line, in a string column <c>value</c> (Spark's text source).</summary>
    public DataFrame Text(params string[] paths) => Format("text").Load(paths);
}
