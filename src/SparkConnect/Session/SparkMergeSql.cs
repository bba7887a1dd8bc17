using System.Text;
using Lakehouse.DataFrame;
using Lakehouse.DataFrame.Engines;

namespace Lakehouse.SparkConnect.Session;

/// <summary>
/// The Spark SQL text of a Delta MERGE: <c>MERGE INTO delta.`path` AS t USING `view` AS s ON t.`k` = s.`k` ...</c>.
/// Only identifiers go into the text (the path as a backtick-quoted identifier, the view and key columns likewise); no
/// value is spliced. Key equality is <c>=</c>, so NULL keys never match, as on the embedded engine.
/// </summary>
internal static class SparkMergeSql
{
    public static string Build(MergeRequest merge, string sourceView)
    {
        if (!merge.WhenMatchedUpdateAll && !merge.WhenNotMatchedInsertAll && !merge.WhenNotMatchedBySourceDelete)
        {
            throw new InvalidOperationException("A MERGE needs at least one clause: WhenMatchedUpdateAll, WhenNotMatchedInsertAll or WhenNotMatchedBySourceDelete.");
        }

        foreach (var key in merge.Keys.Where(k => !merge.Source.Output.Any(a => a.HasName(k))))
        {
            throw new AnalysisException(
                $"[UNRESOLVED_COLUMN] The MERGE key column `{key}` is not a column of the source; its columns are: {string.Join(", ", merge.Source.Output.Select(a => a.Name))}.");
        }

        var sql = new StringBuilder()
            .Append("MERGE INTO delta.").Append(Path(merge.Path)).Append(" AS t USING ").Append(Identifier(sourceView)).Append(" AS s ON ")
            .AppendJoin(" AND ", merge.Keys.Select(k => $"t.{Identifier(k)} = s.{Identifier(k)}"));
        if (merge.WhenMatchedUpdateAll)
        {
            sql.Append(" WHEN MATCHED THEN UPDATE SET *");
        }

        if (merge.WhenNotMatchedInsertAll)
        {
            sql.Append(" WHEN NOT MATCHED THEN INSERT *");
        }

        if (merge.WhenNotMatchedBySourceDelete)
        {
            sql.Append(" WHEN NOT MATCHED BY SOURCE THEN DELETE");
        }

        return sql.ToString();
    }

    /// <summary>A Spark SQL identifier in backticks (a backtick inside is doubled).</summary>
    public static string Identifier(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Any(char.IsControl))
        {
            throw new ArgumentException($"The identifier '{name.ReplaceLineEndings(" ")}' holds a control character; Spark SQL identifiers cannot.", nameof(name));
        }

        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>A table path as Spark's <c>delta.`path`</c> identifier: passed through unchanged, only quoted.</summary>
    private static string Path(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Any(char.IsControl))
        {
            throw new ArgumentException($"The Delta table path '{path.ReplaceLineEndings(" ")}' is empty or holds a control character; give the table's folder, e.g. abfss://container@account.dfs.core.windows.net/silver/products.", nameof(path));
        }

        return Identifier(path);
    }
}
