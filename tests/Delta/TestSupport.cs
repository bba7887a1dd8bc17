namespace Lakehouse.Delta.Tests;

/// <summary>Locates ../shared/fixtures (beside the repo root) and makes throw-away copies of tables.</summary>
internal static class Golden
{
    private static readonly Lazy<string> Root = new(() => SharedFixtures.Path("delta-golden", "golden"));

    public static string Path(string table) => System.IO.Path.Combine(Root.Value, table);

    public static IEnumerable<string> AllTables() =>
        Directory.EnumerateDirectories(Root.Value).Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>Copies a golden table into a new temp directory (for tests that write or touch files).</summary>
    public static TempDirectory Copy(string table)
    {
        var temp = new TempDirectory();
        CopyDirectory(Path(table), temp.Path);
        return temp;
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetFileName(file));
            File.Copy(file, destination);
            File.SetAttributes(destination, FileAttributes.Normal);
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(directory, System.IO.Path.Combine(target, System.IO.Path.GetFileName(directory)));
        }
    }
}

/// <summary>Reads a snapshot's rows through the query the library builds.</summary>
internal static class Rows
{
    public static List<object?[]> Read(DeltaTable table, Snapshot snapshot)
    {
        using var connection = table.Connect();
        using var reader = DeltaScan.ExecuteReader(snapshot, connection);
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                var value = reader.GetValue(i);
                row[i] = value is DBNull ? null : value;
            }

            rows.Add(row);
        }

        return rows;
    }

    public static List<object?[]> Read(string tablePath, long? version = null)
    {
        using var table = DeltaTable.Open(tablePath);
        return Read(table, table.GetSnapshot(version));
    }

    public static List<string> Columns(DeltaTable table, Snapshot snapshot)
    {
        using var connection = table.Connect();
        using var reader = DeltaScan.ExecuteReader(snapshot, connection);
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }
}
