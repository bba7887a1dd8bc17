using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lakehouse.Cli.Output;
using Lakehouse.Common.Lake;
using Lakehouse.Delta;
using Lakehouse.DuckDB;

namespace Lakehouse.Cli.Commands;

/// <summary>
/// <c>lakehouse table history|describe|vacuum|checkpoint &lt;table&gt;</c>: Delta table tools. A table is a path, or with
/// <c>--lake</c> a lake name (<c>silver.&lt;table&gt;</c>, <c>gold.&lt;table&gt;</c>). Results print like <c>sql</c>'s
/// (table, csv or json), rendered through a DuckDB result so every format behaves the same.
/// </summary>
internal static class TableCommand
{
    public static Command Build(CliConsole console)
    {
        var command = new Command("table", "Delta table tools: history, describe, vacuum, checkpoint.");
        command.Subcommands.Add(History(console));
        command.Subcommands.Add(Describe(console));
        command.Subcommands.Add(Vacuum(console));
        command.Subcommands.Add(Checkpoint(console));
        return command;
    }

    private static Argument<string> TableArgument() => new("table")
    {
        Description = "The table: a directory holding _delta_log, or with --lake silver.<table> / gold.<table>.",
    };

    private static Option<DirectoryInfo?> LakeOption() => new("--lake") { Description = "The lake directory, for lake names and relative paths." };

    private static Option<ResultFormat> FormatOption() => new("--format", "-f") { Description = "How to print the rows.", DefaultValueFactory = _ => ResultFormat.Table };

    private static Command History(CliConsole console)
    {
        var table = TableArgument();
        var lake = LakeOption();
        var format = FormatOption();
        var limit = new Option<int?>("--limit", "-n") { Description = "Only the newest N commits." };
        var command = new Command("history", "Show the table's commits, newest first: version, timestamp, operation, parameters, rows and files.") { table, lake, format, limit };
        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(parsed, console, ct => Task.Run(() =>
        {
            using var delta = Open(parsed.GetValue(table)!, parsed.GetValue(lake));
            var rows = delta.History(parsed.GetValue(limit), ct).Select(h => new object?[]
            {
                h.Version,
                h.Timestamp,
                h.Operation,
                JsonSerializer.Serialize(h.OperationParameters),
                RowsAdded(h),
                RowsUpdated(h),
                RowsDeleted(h),
                (long)h.FilesAdded,
                (long)h.FilesRemoved,
            });
            Render(console, parsed.GetValue(format), int.MaxValue,
                [("version", "BIGINT"), ("timestamp", "TIMESTAMPTZ"), ("operation", "VARCHAR"), ("parameters", "VARCHAR"), ("rows_added", "BIGINT"),
                 ("rows_updated", "BIGINT"), ("rows_deleted", "BIGINT"), ("files_added", "BIGINT"), ("files_removed", "BIGINT")],
                rows, ct);
        }, ct), cancellationToken));
        return command;
    }

    private static Command Describe(CliConsole console)
    {
        var table = TableArgument();
        var lake = LakeOption();
        var format = FormatOption();
        var version = new Option<long?>("--version") { Description = "Describe this version instead of the latest." };
        var command = new Command("describe", "Show the table's version, protocol, schema, partition columns, files, size and properties.") { table, lake, format, version };
        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(parsed, console, ct => Task.Run(() =>
        {
            using var delta = Open(parsed.GetValue(table)!, parsed.GetValue(lake));
            var snapshot = delta.GetSnapshot(parsed.GetValue(version), ct);
            var protocol = snapshot.Protocol;
            var features = (protocol.ReaderFeatures ?? []).Concat(protocol.WriterFeatures ?? []).Distinct(StringComparer.Ordinal).ToList();
            var rows = new List<(string, string?)>
            {
                ("path", delta.Path),
                ("id", snapshot.Metadata.Id),
                ("version", snapshot.Version.ToString(CultureInfo.InvariantCulture)),
                ("timestamp", snapshot.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+00"),
                ("protocol", string.Create(CultureInfo.InvariantCulture, $"minReaderVersion={protocol.MinReaderVersion}, minWriterVersion={protocol.MinWriterVersion}")
                    + (features.Count > 0 ? ", features=" + string.Join(" ", features) : string.Empty)),
                ("schema", string.Join(", ", snapshot.Schema.Fields.Select(f => $"{f.Name} {f.Type.SimpleString}{(f.Nullable ? string.Empty : " NOT NULL")}"))),
                ("partition_columns", string.Join(", ", snapshot.PartitionColumns)),
                ("files", snapshot.Files.Count.ToString(CultureInfo.InvariantCulture)),
                ("size_bytes", snapshot.SizeInBytes.ToString(CultureInfo.InvariantCulture)),
                ("properties", JsonSerializer.Serialize(snapshot.Metadata.Configuration)),
                ("checkpoint_version", snapshot.CheckpointVersion?.ToString(CultureInfo.InvariantCulture)),
            };
            Render(console, parsed.GetValue(format), int.MaxValue, [("property", "VARCHAR"), ("value", "VARCHAR")], rows.Select(r => new object?[] { r.Item1, r.Item2 }), ct);
        }, ct), cancellationToken));
        return command;
    }

    private static Command Vacuum(CliConsole console)
    {
        var table = TableArgument();
        var lake = LakeOption();
        var format = FormatOption();
        var retention = new Option<double?>("--retention-hours") { Description = "Delete unreferenced files older than this; default the table's delta.deletedFileRetentionDuration (168 hours)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List the files that would be deleted; delete nothing." };
        var force = new Option<bool>("--force") { Description = "Allow a retention shorter than the table's (only when no reader or writer is running)." };
        var command = new Command("vacuum", "Delete data files the table no longer references (removed files and orphans of crashed writers) once older than the retention.")
        {
            table, lake, format, retention, dryRun, force,
        };
        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(parsed, console, ct => Task.Run(() =>
        {
            using var delta = Open(parsed.GetValue(table)!, parsed.GetValue(lake));
            var hours = parsed.GetValue(retention);
            if (hours is { } h && (h < 0 || double.IsNaN(h)))
            {
                throw new ArgumentException("--retention-hours must not be negative.");
            }

            var result = delta.Vacuum(hours is { } value ? TimeSpan.FromHours(value) : null, parsed.GetValue(dryRun), parsed.GetValue(force), ct);
            var root = delta.Path;
            Render(console, parsed.GetValue(format), int.MaxValue, [("file", "VARCHAR"), ("bytes", "BIGINT")],
                result.Files.Select(f => new object?[] { f, SizeOf(Path.Combine(root, f)) }), ct);
            console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(result.DryRun ? "would delete" : "deleted")} {result.Files.Count} file(s), {result.Bytes} bytes (retention {result.Retention.TotalHours} hours)"));
        }, ct), cancellationToken));
        return command;
    }

    private static Command Checkpoint(CliConsole console)
    {
        var table = TableArgument();
        var lake = LakeOption();
        var format = FormatOption();
        var command = new Command("checkpoint", "Write a checkpoint of the latest version (faster snapshot loading).") { table, lake, format };
        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(parsed, console, ct => Task.Run(() =>
        {
            using var delta = Open(parsed.GetValue(table)!, parsed.GetValue(lake));
            var version = delta.GetLatestVersion(ct);
            delta.Checkpoint(version, ct);
            Render(console, parsed.GetValue(format), int.MaxValue, [("version", "BIGINT"), ("checkpoint", "VARCHAR")],
                [[version, Path.Combine(delta.Path, "_delta_log", version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet")]], ct);
        }, ct), cancellationToken));
        return command;
    }

    /// <summary>Opens a table by path or lake name (names are validated before they become paths).</summary>
    internal static DeltaTable Open(string table, DirectoryInfo? lake)
    {
        var dot = table.IndexOf('.', StringComparison.Ordinal);
        if (lake is not null && dot > 0 && table[..dot] is "silver" or "gold" && !table.Contains('/', StringComparison.Ordinal) && !table.Contains('\\', StringComparison.Ordinal))
        {
            var layout = new LakeLayout(lake.FullName);
            var name = table[(dot + 1)..];
            return DeltaTable.Open(table[..dot] == "silver" ? layout.SilverTable(name) : layout.GoldTable(name));
        }

        var path = Path.IsPathRooted(table) || lake is null ? table : Path.Combine(lake.FullName, table);
        return DeltaTable.Open(path);
    }

    private static long? RowsAdded(DeltaHistoryEntry h) => h.Operation switch
    {
        "MERGE" => h.Metric("numTargetRowsInserted"),
        "UPDATE" or "DELETE" => 0,
        _ => h.Metric("numOutputRows") ?? h.RowsAdded,
    };

    private static long? RowsUpdated(DeltaHistoryEntry h) => h.Operation switch
    {
        "MERGE" => h.Metric("numTargetRowsUpdated"),
        "UPDATE" => h.Metric("numUpdatedRows"),
        _ => null,
    };

    private static long? RowsDeleted(DeltaHistoryEntry h) => h.Operation switch
    {
        "MERGE" => h.Metric("numTargetRowsDeleted"),
        _ => h.Metric("numDeletedRows"),
    };

    private static long? SizeOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : null;
    }

    /// <summary>Prints rows through a DuckDB result (appended to a typed temp table), so the output matches <c>lakehouse sql</c>.</summary>
    private static void Render(CliConsole console, ResultFormat format, int maxRows, (string Name, string Type)[] columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        using var database = DuckDBDatabase.Open();
        using var connection = database.Connect();
        connection.ExecuteNonQuery("SET TimeZone = 'UTC'", cancellationToken: cancellationToken);
        connection.ExecuteNonQuery(
            $"CREATE TEMP TABLE result ({string.Join(", ", columns.Select(c => DuckDBTypes.QuoteIdentifier(c.Name) + " " + c.Type))})",
            cancellationToken: cancellationToken);
        using (var appender = connection.CreateAppender("result"))
        {
            foreach (var row in rows)
            {
                appender.AppendRow(row);
            }

            appender.Close();
        }

        using var reader = connection.ExecuteReader("SELECT * FROM result", cancellationToken: cancellationToken);
        ResultWriter.Create(format, console, maxRows).Write(reader, cancellationToken);
    }
}
