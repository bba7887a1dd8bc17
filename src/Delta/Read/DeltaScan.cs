using System.Globalization;
using System.Text;
using Lakehouse.DuckDB;

namespace Lakehouse.Delta;

/// <summary>A SQL query with its positional parameters (<c>$1</c>, <c>$2</c>, ...).</summary>
/// <param name="Sql">The SQL text; it never contains a file path or a partition value, only parameters.</param>
/// <param name="Parameters">The values of <c>$1</c>, <c>$2</c>, ... in order.</param>
public sealed record DeltaQuery(string Sql, IReadOnlyList<object?> Parameters);

/// <summary>
/// Builds the DuckDB query that returns the rows of a snapshot: the active files (a list bound as <c>$1</c>) read with
/// <c>read_parquet($1, hive_partitioning=false, union_by_name=true)</c>, data columns cast to the schema's DuckDB
/// types (columns missing from every file are NULL), and partition columns taken from the log, bound as parameters and
/// cast to their types. Columns come out in schema order with the schema's names.
/// </summary>
public static class DeltaScan
{
    private const string FileColumn = "__delta_source_file";

    /// <summary>Builds the query. <paramref name="connection"/> is used to read the data files' footers (their column names and types).</summary>
    /// <exception cref="DeltaException">A data file is missing or unreadable.</exception>
    public static DeltaQuery BuildQuery(Snapshot snapshot, DuckDBConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(connection);
        var parameters = new List<object?>();
        var sql = Build(snapshot, snapshot.Files, snapshot.Schema, connection, includeFile: false, value =>
        {
            parameters.Add(value);
            return "$" + parameters.Count.ToString(CultureInfo.InvariantCulture);
        }, cancellationToken);
        return new DeltaQuery(sql, parameters);
    }

    /// <summary>
    /// The query as self-contained SQL, for a view (views cannot take parameters): file paths and partition values are
    /// escaped string literals (<see cref="DuckDBTypes.QuoteLiteral"/>), identifiers are quoted.
    /// </summary>
    /// <exception cref="DeltaException">A data file is missing or unreadable.</exception>
    public static string BuildInlineSql(Snapshot snapshot, DuckDBConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(connection);
        return Build(snapshot, snapshot.Files, snapshot.Schema, connection, includeFile: false, Literal, cancellationToken);
    }

    /// <summary>
    /// Inline SQL over a subset of the snapshot's files, in <paramref name="schema"/> (which may have more columns than the
    /// snapshot's, read as NULL), optionally with the <see cref="FileColumn"/> column holding each row's local file path.
    /// </summary>
    internal static string BuildInlineSql(Snapshot snapshot, IReadOnlyList<AddFile> files, StructType schema, DuckDBConnection connection, bool includeFile, CancellationToken cancellationToken) =>
        Build(snapshot, files, schema, connection, includeFile, Literal, cancellationToken);

    /// <summary>The name of the column that holds the local path of a row's data file (see <see cref="BuildInlineSql(Snapshot, IReadOnlyList{AddFile}, StructType, DuckDBConnection, bool, CancellationToken)"/>).</summary>
    internal const string SourceFileColumn = FileColumn;

    /// <summary>The local path of a data file; refuses paths with '..' or NUL.</summary>
    internal static string LocalPath(Snapshot snapshot, AddFile file)
    {
        var decoded = file.DecodedPath;
        if (decoded.Contains('\0', StringComparison.Ordinal) || decoded.Split('/', '\\').Any(segment => segment == ".."))
        {
            throw new DeltaLogCorruptException(snapshot.TablePath, $"Refusing data file path '{file.Path}': it contains '..' or NUL");
        }

        return snapshot.Store.DataFilePath(decoded);
    }

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => DuckDBTypes.QuoteLiteral(s),
        List<string> list => "[" + string.Join(", ", list.Select(DuckDBTypes.QuoteLiteral)) + "]",
        _ => throw new ArgumentException($"Unexpected value type {value.GetType().Name}.", nameof(value)),
    };

    private static string Build(
        Snapshot snapshot, IReadOnlyList<AddFile> files, StructType schema, DuckDBConnection connection, bool includeFile, Func<object?, string> bind, CancellationToken cancellationToken)
    {
        var partitionColumns = snapshot.PartitionColumns
            .Select(c => schema.Find(c) ?? throw new DeltaLogCorruptException(snapshot.TablePath, $"Partition column '{c}' is not in the schema"))
            .ToList();
        var partitionNames = new HashSet<string>(partitionColumns.Select(f => f.Name), StringComparer.OrdinalIgnoreCase);

        if (files.Count == 0)
        {
            var empty = string.Join(", ", schema.Fields.Select(f => $"CAST(NULL AS {DuckDBTypes.ToSql(f.Type)}) AS {DuckDBTypes.QuoteIdentifier(f.Name)}"));
            var fileColumn = includeFile ? $", CAST(NULL AS VARCHAR) AS {DuckDBTypes.QuoteIdentifier(FileColumn)}" : string.Empty;
            return $"SELECT {empty}{fileColumn} WHERE false";
        }

        var paths = files.Select(f => LocalPath(snapshot, f)).ToList();
        var withFile = includeFile || partitionColumns.Count > 0;
        string Source(string list) =>
            $"read_parquet({list}, hive_partitioning=false, union_by_name=true{(withFile ? ", filename=" + DuckDBTypes.QuoteLiteral(FileColumn) : string.Empty)})";

        Dictionary<string, string> fileColumns;
        try
        {
            fileColumns = DescribeColumns(connection, Source("$1"), paths, cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw new DeltaException(snapshot.TablePath, string.Create(
                CultureInfo.InvariantCulture, $"Cannot read the data files of version {snapshot.Version} (missing or not parquet?): {ex.Message}"), ex);
        }

        // The file list is bound first ($1 in the parameterized form): no path or value from the log is ever spliced unescaped.
        var source = Source(bind(paths));
        var projection = new List<string>();
        foreach (var field in schema.Fields)
        {
            var name = DuckDBTypes.QuoteIdentifier(field.Name);
            var sqlType = DuckDBTypes.ToSql(field.Type);
            if (partitionNames.Contains(field.Name))
            {
                projection.Add($"pv.{name} AS {name}");
            }
            else if (fileColumns.TryGetValue(field.Name, out var fileType))
            {
                projection.Add($"{DataColumn(field.Type, $"d.{name}", fileType, sqlType)} AS {name}");
            }
            else
            {
                projection.Add($"CAST(NULL AS {sqlType}) AS {name}");
            }
        }

        if (includeFile)
        {
            projection.Add($"d.{DuckDBTypes.QuoteIdentifier(FileColumn)} AS {DuckDBTypes.QuoteIdentifier(FileColumn)}");
        }

        var sql = new StringBuilder("SELECT ");
        sql.AppendJoin(", ", projection);
        sql.Append(" FROM ").Append(source).Append(" AS d");
        if (partitionColumns.Count > 0)
        {
            sql.Append(" JOIN (VALUES ");
            for (var i = 0; i < files.Count; i++)
            {
                var file = files[i];
                sql.Append(i == 0 ? "(" : ", (");
                sql.Append(bind(paths[i]));
                foreach (var column in partitionColumns)
                {
                    var raw = PartitionValue(file, column.Name);
                    string? text;
                    try
                    {
                        text = PartitionValues.ToSqlParameter(raw, column.Type);
                    }
                    catch (FormatException ex)
                    {
                        throw new DeltaLogCorruptException(snapshot.TablePath, $"Invalid partition value for '{column.Name}' in {file.Path}: {ex.Message}", ex);
                    }

                    sql.Append(", CAST(").Append(bind(text)).Append(" AS ").Append(DuckDBTypes.ToSql(column.Type)).Append(')');
                }

                sql.Append(')');
            }

            sql.Append(") AS pv(").Append(DuckDBTypes.QuoteIdentifier(FileColumn));
            foreach (var column in partitionColumns)
            {
                sql.Append(", ").Append(DuckDBTypes.QuoteIdentifier(column.Name));
            }

            sql.Append(") ON d.").Append(DuckDBTypes.QuoteIdentifier(FileColumn)).Append(" = pv.").Append(DuckDBTypes.QuoteIdentifier(FileColumn));
        }

        return sql.ToString();
    }

    /// <summary>Builds and runs the query; the caller disposes the reader.</summary>
    public static DuckDBDataReader ExecuteReader(Snapshot snapshot, DuckDBConnection connection, CancellationToken cancellationToken = default)
    {
        var query = BuildQuery(snapshot, connection, cancellationToken);
        return connection.ExecuteReader(query.Sql, query.Parameters, cancellationToken);
    }

    private static string DataColumn(DeltaDataType type, string column, string fileType, string sqlType)
    {
        // A naive TIMESTAMP from the file (INT96, or isAdjustedToUTC=false) holds UTC wall time: convert it in UTC,
        // not in the session time zone that a plain cast to TIMESTAMPTZ would use.
        if (ReferenceEquals(type, PrimitiveType.Timestamp) && fileType.StartsWith("TIMESTAMP", StringComparison.Ordinal)
            && !fileType.Contains("TIME ZONE", StringComparison.Ordinal))
        {
            return $"timezone('UTC', CAST({column} AS TIMESTAMP))";
        }

        return string.Equals(fileType, sqlType, StringComparison.Ordinal) ? column : $"CAST({column} AS {sqlType})";
    }

    private static Dictionary<string, string> DescribeColumns(DuckDBConnection connection, string source, List<string> paths, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var reader = connection.ExecuteReader($"DESCRIBE SELECT * FROM {source}", [paths], cancellationToken);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    private static string? PartitionValue(AddFile file, string column)
    {
        if (file.PartitionValues.TryGetValue(column, out var value))
        {
            return value;
        }

        foreach (var (key, v) in file.PartitionValues)
        {
            if (string.Equals(key, column, StringComparison.OrdinalIgnoreCase))
            {
                return v;
            }
        }

        return null;
    }
}
