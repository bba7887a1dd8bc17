using Lakehouse.DataFrame.Compilation.DuckDb;
using Lakehouse.DuckDB;

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
/// Writes a DataFrame, as Spark's <c>DataFrameWriter</c>: a directory of part files (parquet, json lines, csv) through
/// DuckDB's COPY, optionally Hive-partitioned (<c>col=value/</c>), or a table of the session's database. Option values are
/// written as escaped literals and only known options are accepted. Immutable: each call returns a new writer.
/// </summary>
public sealed class DataFrameWriter
{
    private static readonly Dictionary<string, string[]> SupportedOptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["parquet"] = ["compression"],
        ["json"] = ["compression"],
        ["csv"] = ["header", "sep", "delimiter", "quote", "escape", "nullValue", "compression"],
    };

    private static readonly string[] Compressions = ["none", "uncompressed", "snappy", "gzip", "zstd", "lz4"];

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

    /// <summary>parquet (default), json or csv; delta comes with the Delta issue.</summary>
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

    /// <summary>Writes the rows to a directory of part files.</summary>
    /// <exception cref="AnalysisException">Mode ErrorIfExists and the path exists.</exception>
    public void Save(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (_format == "delta")
        {
            foreach (var key in _options.Keys.Where(k => !Sources.DeltaSource.WriteOptions.Contains(k, StringComparer.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"The delta option '{key}' is not supported; supported: {string.Join(", ", Sources.DeltaSource.WriteOptions)}.");
            }

            CheckUniqueColumns();
            Sources.DeltaSource.Write(_dataFrame, path, _mode, _options, _partitionBy, cancellationToken);
            return;
        }

        if (!SupportedOptions.TryGetValue(_format, out var supported))
        {
            throw new NotSupportedException($"The format '{_format}' cannot be written; use parquet, json or csv.");
        }

        CheckOptions(supported);
        CheckUniqueColumns();
        var exists = File.Exists(path) || (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any());
        if (exists)
        {
            switch (_mode)
            {
                case SaveMode.ErrorIfExists:
                    throw new AnalysisException($"[PATH_ALREADY_EXISTS] Path {path} already exists. Set the mode to overwrite, append or ignore.");
                case SaveMode.Ignore:
                    return;
                case SaveMode.Overwrite:
                    if (File.Exists(path))
                    {
                        File.Delete(path);
                    }
                    else
                    {
                        Directory.Delete(path, recursive: true);
                    }

                    break;
                default:
                    break;
            }
        }

        Directory.CreateDirectory(path);
        var copyOptions = new List<string> { "FORMAT " + (_format == "json" ? "json" : _format) };
        copyOptions.AddRange(FormatOptions());
        string target;
        if (_partitionBy.Count > 0)
        {
            var columns = _partitionBy.Select(n => DuckDbSql.Identifier(_dataFrame.Plan.Output.First(a => a.HasName(n)).Name));
            copyOptions.Add($"PARTITION_BY ({string.Join(", ", columns)})");
            copyOptions.Add("FILENAME_PATTERN 'part-{uuid}'");
            copyOptions.Add("APPEND");
            target = path;
        }
        else
        {
            var extension = _format == "json" ? "json" : _format;
            target = Path.Combine(path, $"part-00000-{Guid.NewGuid():D}.{extension}");
        }

        _dataFrame.Session.ThrowIfDisposed();
        _dataFrame.Session.Connection.ExecuteNonQuery(
            $"COPY ({_dataFrame.Explain()}) TO {DuckDbSql.String(target)} ({string.Join(", ", copyOptions)})",
            cancellationToken: cancellationToken);
    }

    /// <summary>Writes the rows to a table of the session's database (created when missing).</summary>
    /// <exception cref="AnalysisException">Mode ErrorIfExists and the table exists.</exception>
    public void SaveAsTable(string tableName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        CheckUniqueColumns();
        var session = _dataFrame.Session;
        session.ThrowIfDisposed();
        var table = string.Join(".", Parsing.IdentifierPath.Split(tableName).Select(DuckDbSql.Identifier));
        var query = _dataFrame.Explain();
        var exists = TableExists(table);
        var sql = (_mode, exists) switch
        {
            (SaveMode.ErrorIfExists, true) => throw new AnalysisException($"[TABLE_OR_VIEW_ALREADY_EXISTS] Table {tableName} already exists. Set the mode to overwrite, append or ignore."),
            (SaveMode.Ignore, true) => null,
            (SaveMode.Append, true) => $"INSERT INTO {table} BY NAME {query}",
            (SaveMode.Overwrite, _) => $"CREATE OR REPLACE TABLE {table} AS {query}",
            _ => $"CREATE TABLE {table} AS {query}",
        };
        if (sql is not null)
        {
            session.Connection.ExecuteNonQuery(sql, cancellationToken: cancellationToken);
        }
    }

    private bool TableExists(string table)
    {
        try
        {
            _dataFrame.Session.Connection.ExecuteNonQuery($"DESCRIBE {table}");
            return true;
        }
        catch (DuckDBException e) when (e.ErrorType is DuckDBErrorType.Catalog)
        {
            return false;
        }
    }

    private void CheckOptions(string[] supported)
    {
        foreach (var key in _options.Keys.Where(k => !supported.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The {_format} write option '{key}' is not supported; supported: {string.Join(", ", supported)}.");
        }

        if (Value("compression") is { } compression && !Compressions.Contains(compression, StringComparer.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Unknown compression '{compression}'; use one of {string.Join(", ", Compressions)}.");
        }
    }

    private void CheckUniqueColumns()
    {
        var duplicate = _dataFrame.Columns.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new AnalysisException($"[COLUMN_ALREADY_EXISTS] The column `{duplicate.Key}` appears more than once; rename or drop one before writing.");
        }
    }

    private IEnumerable<string> FormatOptions()
    {
        if (Value("compression") is { } compression)
        {
            var normalized = compression.ToLowerInvariant() is "none" or "uncompressed" ? "uncompressed" : compression.ToLowerInvariant();
            yield return "COMPRESSION " + DuckDbSql.String(_format == "parquet" ? normalized : normalized == "uncompressed" ? "none" : normalized);
        }

        if (_format == "parquet")
        {
            yield break;
        }

        // Spark's default text forms of dates and timestamps (ISO 8601, UTC with 'Z').
        yield return "DATEFORMAT " + DuckDbSql.String("%Y-%m-%d");
        yield return "TIMESTAMPFORMAT " + DuckDbSql.String("%Y-%m-%dT%H:%M:%S.%gZ");
        if (_format != "csv")
        {
            yield break;
        }

        yield return "HEADER " + (string.Equals(Value("header"), "true", StringComparison.OrdinalIgnoreCase) ? "true" : "false");
        if ((Value("sep") ?? Value("delimiter")) is { } delimiter)
        {
            yield return "DELIMITER " + DuckDbSql.String(delimiter);
        }

        if (Value("quote") is { } quote)
        {
            yield return "QUOTE " + DuckDbSql.String(quote);
        }

        // Spark escapes quotes inside quoted values with a backslash (DuckDB would double them).
        yield return "ESCAPE " + DuckDbSql.String(Value("escape") ?? "\\");

        yield return "NULLSTR " + DuckDbSql.String(Value("nullValue") ?? string.Empty);
    }

    private string? Value(string key) => _options.FirstOrDefault(o => o.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;
}
