using System.Globalization;
using System.Text;
using Lakehouse.Common.Lake;
using Lakehouse.Delta;
using Lakehouse.DuckDB;
using Lakehouse.DuckDB.Sql;

namespace Lakehouse.Cli.Sql;

/// <summary>
/// SQL over the lake on DuckDB. <see cref="Prepare"/> finds the lake's table references in a query, creates a temp view
/// for each on the connection, and rewrites the references to the views:
/// <list type="bullet">
/// <item><c>delta.`/path/to/table`</c> (Spark's path syntax; a relative path resolves against the lake root, or the
/// current directory without one), optionally followed by <c>VERSION AS OF n</c> or <c>TIMESTAMP AS OF '...'</c>;</item>
/// <item><c>silver.&lt;table&gt;</c> and <c>gold.&lt;table&gt;</c>: the Delta tables <c>&lt;lake&gt;/silver/&lt;table&gt;</c> and <c>&lt;lake&gt;/gold/&lt;table&gt;</c>;</item>
/// <item><c>bronze.&lt;entity&gt;</c>: every landed batch (manifest present) of the entity under <c>&lt;lake&gt;/bronze/*/&lt;entity&gt;/</c>, read
/// with <c>read_json_auto</c> (NDJSON; <c>read_csv_auto</c> for CSV batches) with <c>union_by_name</c>: the columns
/// <c>_batch_id</c> (the run id) and <c>_ingest_date</c> (DATE) come first, then the record's fields as inferred columns.
/// An entity landed by two sources is refused, naming both.</item>
/// </list>
/// The lake names are rewritten only where a table is expected (after FROM, JOIN, a comma in a FROM list, DESCRIBE or
/// SUMMARIZE) and only when a lake root is given; the query is tokenized, so string literals, quoted identifiers and
/// comments are never touched. Names are checked with <see cref="LakeName"/> before they become paths. View bodies
/// contain file paths only as escaped string literals and identifiers only quoted.
/// </summary>
internal static class LakeSql
{
    private static readonly HashSet<string> ClauseKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "QUALIFY", "WINDOW", "UNION", "INTERSECT", "EXCEPT",
        "ON", "USING", "SET", "VALUES", "RETURNING", "PIVOT", "UNPIVOT",
    };

    /// <summary>
    /// Creates the temp views the query needs on <paramref name="connection"/> and returns the rewritten query.
    /// </summary>
    /// <param name="connection">The connection the query will run on (temp views are per connection).</param>
    /// <param name="sql">The query, in DuckDB's dialect plus the references above.</param>
    /// <param name="lakeRoot">The lake directory, or null (then only <c>delta.`path`</c> references are resolved).</param>
    /// <param name="cancellationToken">Cancels reading the logs.</param>
    /// <exception cref="ArgumentException">A lake name is not allowed (see <see cref="LakeName"/>), or a time-travel clause is malformed.</exception>
    /// <exception cref="DeltaException">A table cannot be read, or a bronze entity is missing or ambiguous.</exception>
    public static string Prepare(DuckDBConnection connection, string sql, string? lakeRoot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        var layout = lakeRoot is null ? null : new LakeLayout(lakeRoot);
        var tokens = SqlTokenizer.Tokenize(sql);
        var significant = tokens.Select((t, i) => (t, i)).Where(x => x.t.Kind is not (SqlTokenKind.Whitespace or SqlTokenKind.Comment)).Select(x => x.i).ToList();
        var replacements = new List<(int Start, int End, string Text)>();
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        var clauses = new Stack<string>();
        var clause = string.Empty;

        for (var s = 0; s < significant.Count; s++)
        {
            var token = tokens[significant[s]];
            var text = token.Text(sql);
            if (token.Kind == SqlTokenKind.Symbol && text == "(")
            {
                clauses.Push(clause);
                clause = string.Empty;
                continue;
            }

            if (token.Kind == SqlTokenKind.Symbol && text == ")")
            {
                clause = clauses.Count > 0 ? clauses.Pop() : string.Empty;
                continue;
            }

            if (token.Kind == SqlTokenKind.Word && ClauseKeywords.Contains(text))
            {
                clause = text.ToUpperInvariant();
            }

            if (token.Kind != SqlTokenKind.Word || s + 2 >= significant.Count || tokens[significant[s + 1]].Text(sql) != ".")
            {
                continue;
            }

            var prefix = text.ToLowerInvariant();
            var nameToken = tokens[significant[s + 2]];
            // Not a reference when it continues as a.b.c (a column of a qualified table, a catalog.schema.table name).
            if (s + 3 < significant.Count && tokens[significant[s + 3]].Text(sql) == ".")
            {
                continue;
            }

            if (s > 0 && tokens[significant[s - 1]].Text(sql) == ".")
            {
                continue;
            }

            if (prefix == "delta" && nameToken.Kind == SqlTokenKind.Backtick)
            {
                var path = SqlTokenizer.Unquote(sql, nameToken);
                var last = s + 2;
                var (version, timestamp, consumed) = TimeTravel(sql, tokens, significant, last + 1);
                last += consumed;
                var end = tokens[significant[last]].Start + tokens[significant[last]].Length;
                var viewName = "delta.`" + path + "`" + (version is { } v ? " VERSION AS OF " + v.ToString(CultureInfo.InvariantCulture) : string.Empty)
                    + (timestamp is { } t ? " TIMESTAMP AS OF " + t : string.Empty);
                var root = Path.IsPathRooted(path) ? path : Path.Combine(layout?.Root ?? Directory.GetCurrentDirectory(), path);
                if (!views.ContainsKey(viewName))
                {
                    views[viewName] = DeltaView(connection, root, version, timestamp, cancellationToken);
                }

                replacements.Add((token.Start, end, DuckDBTypes.QuoteIdentifier(viewName)));
                s = last;
                continue;
            }

            if (layout is null || prefix is not ("silver" or "gold" or "bronze") || nameToken.Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier) || !InTablePosition(sql, tokens, significant, s, clause))
            {
                continue;
            }

            var name = nameToken.Kind == SqlTokenKind.QuotedIdentifier ? SqlTokenizer.Unquote(sql, nameToken) : nameToken.Text(sql);
            var view = prefix + "." + name;
            if (!views.ContainsKey(view))
            {
                views[view] = prefix switch
                {
                    "silver" => DeltaView(connection, layout.SilverTable(name), null, null, cancellationToken),
                    "gold" => DeltaView(connection, layout.GoldTable(name), null, null, cancellationToken),
                    _ => BronzeView(layout, name),
                };
            }

            replacements.Add((token.Start, nameToken.Start + nameToken.Length, DuckDBTypes.QuoteIdentifier(view)));
            s += 2;
        }

        foreach (var (name, body) in views)
        {
            connection.ExecuteNonQuery($"CREATE OR REPLACE TEMP VIEW {DuckDBTypes.QuoteIdentifier(name)} AS {body}", cancellationToken: cancellationToken);
        }

        var result = new StringBuilder(sql.Length);
        var position = 0;
        foreach (var (start, end, replacement) in replacements)
        {
            result.Append(sql, position, start - position).Append(replacement);
            position = end;
        }

        return result.Append(sql, position, sql.Length - position).ToString();
    }

    /// <summary>Whether the reference at significant token <paramref name="s"/> is where a table is expected.</summary>
    private static bool InTablePosition(string sql, List<SqlToken> tokens, List<int> significant, int s, string clause)
    {
        if (s == 0)
        {
            return false;
        }

        var previous = tokens[significant[s - 1]].Text(sql);
        return previous.ToUpperInvariant() switch
        {
            "FROM" or "JOIN" or "DESCRIBE" or "SUMMARIZE" or "TABLE" => true,
            "," => clause == "FROM",
            _ => false,
        };
    }

    /// <summary>Parses <c>VERSION AS OF n</c> or <c>TIMESTAMP AS OF '...'</c> at significant token <paramref name="s"/>; returns how many tokens it took.</summary>
    private static (long? Version, string? Timestamp, int Consumed) TimeTravel(string sql, List<SqlToken> tokens, List<int> significant, int s)
    {
        string Word(int i) => i < significant.Count ? tokens[significant[i]].Text(sql).ToUpperInvariant() : string.Empty;
        var kind = Word(s);
        if (kind is not ("VERSION" or "TIMESTAMP") || Word(s + 1) != "AS" || Word(s + 2) != "OF")
        {
            return (null, null, 0);
        }

        if (s + 3 >= significant.Count)
        {
            throw new ArgumentException($"{kind} AS OF needs a value.");
        }

        var value = tokens[significant[s + 3]];
        if (kind == "VERSION")
        {
            if (value.Kind != SqlTokenKind.Number || !long.TryParse(value.Text(sql), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new ArgumentException($"VERSION AS OF needs a version number, not '{value.Text(sql)}'.");
            }

            return (version, null, 4);
        }

        if (value.Kind != SqlTokenKind.String)
        {
            throw new ArgumentException($"TIMESTAMP AS OF needs a quoted timestamp, not '{value.Text(sql)}'.");
        }

        return (null, SqlTokenizer.Unquote(sql, value), 4);
    }

    private static string DeltaView(DuckDBConnection connection, string root, long? version, string? timestamp, CancellationToken cancellationToken)
    {
        using var table = DeltaTable.Open(root, new DeltaTableOptions { Database = connection.Database });
        Snapshot snapshot;
        if (timestamp is not null)
        {
            if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                throw new ArgumentException($"TIMESTAMP AS OF '{timestamp}' is not a timestamp (use ISO 8601, e.g. '2024-01-31 12:00:00').");
            }

            snapshot = table.GetSnapshotAsOf(at, cancellationToken);
        }
        else
        {
            snapshot = table.GetSnapshot(version, cancellationToken);
        }

        return DeltaScan.BuildInlineSql(snapshot, connection, cancellationToken);
    }

    private static string BronzeView(LakeLayout layout, string entity)
    {
        LakeName.Validate("entity", entity);
        var bronze = Path.Combine(layout.Root, "bronze");
        var sources = Directory.Exists(bronze)
            ? Directory.EnumerateDirectories(bronze).Select(Path.GetFileName).OfType<string>().Where(LakeName.IsValid)
                .Where(source => Directory.Exists(layout.BronzeEntity(source, entity))).Order(StringComparer.Ordinal).ToList()
            : [];
        if (sources.Count == 0)
        {
            throw new DeltaTableNotFoundException(bronze, $"No bronze entity '{entity}': there is no {bronze}/<source>/{entity} folder");
        }

        if (sources.Count > 1)
        {
            throw new DeltaException(bronze, $"The bronze entity '{entity}' is ambiguous: the sources {string.Join(", ", sources)} both land it; read one with read_json_auto on its folder");
        }

        var batches = BronzeCatalog.List(layout, sources[0], entity);
        if (batches.Count == 0)
        {
            throw new DeltaTableNotFoundException(layout.BronzeEntity(sources[0], entity), $"The bronze entity '{entity}' has no landed batch (no _manifest.json) yet");
        }

        var formats = batches.Select(b => b.Manifest.Format).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (formats.Count > 1 || formats[0] is not ("ndjson" or "csv"))
        {
            throw new DeltaException(layout.BronzeEntity(sources[0], entity), $"Cannot read the bronze entity '{entity}': its batches are written as {string.Join(" and ", formats)} (one of ndjson or csv expected)");
        }

        var files = new List<(string File, string Batch, string Date)>();
        foreach (var batch in batches)
        {
            foreach (var part in batch.Manifest.Files)
            {
                if (part.Path.Length == 0 || Path.GetFileName(part.Path) != part.Path || part.Path is "." or ".." || part.Path.Contains('\0', StringComparison.Ordinal))
                {
                    throw new DeltaException(batch.Directory, $"The manifest lists the part file '{part.Path}', which is not a plain file name");
                }

                files.Add((Path.Combine(batch.Directory, part.Path), batch.Manifest.RunId, BronzeCatalog.IngestDateText(batch)));
            }
        }

        const string FileColumn = "__lake_file";
        var list = "[" + string.Join(", ", files.Select(f => DuckDBTypes.QuoteLiteral(f.File))) + "]";
        var reader = formats[0] == "csv"
            ? $"read_csv_auto({list}, header = true, union_by_name = true, filename = {DuckDBTypes.QuoteLiteral(FileColumn)})"
            : $"read_json_auto({list}, format = 'newline_delimited', union_by_name = true, filename = {DuckDBTypes.QuoteLiteral(FileColumn)})";
        var values = string.Join(", ", files.Select(f => $"({DuckDBTypes.QuoteLiteral(f.File)}, {DuckDBTypes.QuoteLiteral(f.Batch)}, CAST({DuckDBTypes.QuoteLiteral(f.Date)} AS DATE))"));
        var file = DuckDBTypes.QuoteIdentifier(FileColumn);
        return $"SELECT b.\"_batch_id\", b.\"_ingest_date\", j.* EXCLUDE ({file}) FROM {reader} AS j JOIN (VALUES {values}) AS b({file}, \"_batch_id\", \"_ingest_date\") ON j.{file} = b.{file}";
    }
}
