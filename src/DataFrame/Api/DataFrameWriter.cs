namespace Lakehouse.DataFrame;

/// <summary>What to do when the target of a write already exists (Spark's SaveMode).</summary>
public enum SaveMode
{
    /// <summary>Fail (the default).</summary>
    ErrorIfExists,

    /// <summary>Add new files / rows.</summary>
    Append,

    /// <summary>Replace the existing data.</summary>
    Overwrite,

    /// <summary>Do nothing.</summary>
    Ignore,
}

/// <summary>
/// Writes a DataFrame, as Spark's <c>DataFrameWriter</c>. On the embedded engine: a directory of part files (parquet,
/// json lines, csv) through DuckDB's COPY, optionally Hive-partitioned (<c>col=value/</c>), a Delta table, or a table of
/// the session's database; option values are written as escaped literals and only known options are accepted. On Spark:
/// a <c>WriteOperation</c> with everything as given, checked by Spark. Immutable: each call returns a new writer.
/// </summary>
public sealed class DataFrameWriter
{
    private readonly DataFrame _dataFrame;
    private readonly string _format;
    private readonly SaveMode _mode;
    private readonly IReadOnlyDictionary<string, string> _options;
    private readonly IReadOnlyList<string> _partitionBy;

    internal DataFrameWriter(DataFrame dataFrame, string format = "parquet", SaveMode mode = SaveMode.ErrorIfExists, IReadOnlyDictionary<string, string>? options = null, IReadOnlyList<string>? partitionBy = null)
    {
        _dataFrame = dataFrame;
        _format = format;
        _mode = mode;
        _options = options ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        _partitionBy = partitionBy ?? [];
    }

    /// <summary>parquet (default), json, csv or delta; on Spark, any format the cluster has.</summary>
    public DataFrameWriter Format(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        return new(_dataFrame, source.ToLowerInvariant(), _mode, _options, _partitionBy);
    }

    /// <summary>The save mode.</summary>
    public DataFrameWriter Mode(SaveMode saveMode) => new(_dataFrame, _format, saveMode, _options, _partitionBy);

    /// <summary>The save mode by Spark's name: append, overwrite, errorifexists/error/default, ignore.</summary>
    public DataFrameWriter Mode(string saveMode)
    {
        ArgumentNullException.ThrowIfNull(saveMode);
        return Mode(saveMode.ToLowerInvariant() switch
        {
            "append" => SaveMode.Append,
            "overwrite" => SaveMode.Overwrite,
            "errorifexists" or "error" or "default" => SaveMode.ErrorIfExists,
            "ignore" => SaveMode.Ignore,
            _ => throw new ArgumentException($"Unknown save mode '{saveMode}'; use append, overwrite, errorifexists or ignore.", nameof(saveMode)),
        });
    }

    /// <summary>Sets one option (compression; for csv also header, sep/delimiter, quote, escape, nullValue).</summary>
    public DataFrameWriter Option(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        return new(_dataFrame, _format, _mode, new Dictionary<string, string>(_options, StringComparer.OrdinalIgnoreCase) { [key] = value }, _partitionBy);
    }

    /// <summary>Sets one boolean option.</summary>
    public DataFrameWriter Option(string key, bool value) => Option(key, value ? "true" : "false");

    /// <summary>Sets several options.</summary>
    public DataFrameWriter Options(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var writer = this;
        foreach (var (key, value) in options)
        {
            writer = writer.Option(key, value);
        }

        return writer;
    }

    /// <summary>Writes one directory level per column value (<c>col=value/</c>); the columns leave the files.</summary>
    public DataFrameWriter PartitionBy(params string[] columnNames)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        foreach (var name in columnNames)
        {
            _dataFrame.Col(name);
        }

        return new(_dataFrame, _format, _mode, _options, columnNames);
    }

    /// <summary>Writes Parquet files.</summary>
    public void Parquet(string path) => Format("parquet").Save(path);

    /// <summary>Writes JSON lines files.</summary>
    public void Json(string path) => Format("json").Save(path);

    /// <summary>Writes CSV files.</summary>
    public void Csv(string path) => Format("csv").Save(path);

    /// <summary>
    /// Writes the rows to <paramref name="path"/>: on the embedded engine a directory of part files or a Delta table
    /// (format delta, with <c>txnAppId</c>/<c>txnVersion</c> for idempotent writes); on Spark, Spark's DataFrameWriter with
    /// the format, mode, options and path as given.
    /// </summary>
    /// <exception cref="AnalysisException">Mode ErrorIfExists and the path exists.</exception>
    public void Save(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        CheckUniqueColumns();
        _dataFrame.Session.Backend.Save(_dataFrame.Plan, Request, path, cancellationToken);
    }

    /// <summary>Writes the rows to a table of the session's catalog (created when missing).</summary>
    /// <exception cref="AnalysisException">Mode ErrorIfExists and the table exists.</exception>
    public void SaveAsTable(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        CheckUniqueColumns();
        _dataFrame.Session.Backend.SaveAsTable(_dataFrame.Plan, Request, tableName, cancellationToken);
    }

    private Engines.WriteRequest Request => new(_format, _mode, _options, _partitionBy);

    private void CheckUniqueColumns()
    {
        var duplicate = _dataFrame.Columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new AnalysisException($"[COLUMN_ALREADY_EXISTS] The column `{duplicate.Key}` appears more than once; rename or drop one before writing.");
        }
    }
}
