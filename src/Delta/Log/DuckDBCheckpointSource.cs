using System.Text;
using System.Text.Json;
using Lakehouse.DuckDB;

namespace Lakehouse.Delta;

/// <summary>
/// Reads classic and multi-part checkpoints with DuckDB's <c>read_parquet</c>. Each action column (a struct) is turned
/// into JSON with <c>to_json</c> and parsed by the same code as commit files, so checkpoint and commit actions are
/// read identically (maps become JSON objects; missing columns are nulls).
/// </summary>
internal sealed class DuckDBCheckpointSource(Func<DuckDBConnection> connect) : ICheckpointSource
{
    private static readonly string[] ActionColumns = ["protocol", "metaData", "txn", "add", "remove"];

    public IReadOnlyList<DeltaAction> ReadCheckpoint(IReadOnlyList<string> partPaths, string tablePath, CancellationToken cancellationToken)
    {
        using var connection = connect();
        const string source = "read_parquet($1, union_by_name=true)";
        IReadOnlyList<object?> parameters = [partPaths.ToList()];
        var columns = new HashSet<string>(StringComparer.Ordinal);
        using (var describe = connection.ExecuteReader($"DESCRIBE SELECT * FROM {source}", parameters, cancellationToken))
        {
            while (describe.Read())
            {
                columns.Add(describe.GetString(0));
            }
        }

        if (columns.Contains("checkpointMetadata") || columns.Contains("sidecar"))
        {
            using var v2 = connection.ExecuteReader(
                $"SELECT count(*) FROM {source} WHERE {(columns.Contains("checkpointMetadata") ? "\"checkpointMetadata\" IS NOT NULL" : "false")} OR {(columns.Contains("sidecar") ? "\"sidecar\" IS NOT NULL" : "false")}",
                parameters,
                cancellationToken);
            if (v2.Read() && Convert.ToInt64(v2.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                throw new DeltaProtocolException(tablePath, "v2Checkpoint", "Unsupported Delta table feature 'v2Checkpoint': the checkpoint follows the V2 spec");
            }
        }

        var present = ActionColumns.Where(columns.Contains).ToList();
        var actions = new List<DeltaAction>();
        if (present.Count == 0)
        {
            return actions;
        }

        var select = string.Join(", ", present.Select(c => $"to_json({DuckDBTypes.QuoteIdentifier(c)})"));
        using var reader = connection.ExecuteReader($"SELECT {select} FROM {source}", parameters, cancellationToken);
        while (reader.Read())
        {
            for (var i = 0; i < present.Count; i++)
            {
                if (reader.IsDBNull(i))
                {
                    continue;
                }

                var json = reader.GetString(i);
                using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
                var element = document.RootElement;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                try
                {
                    actions.Add(present[i] switch
                    {
                        "protocol" => ActionCodec.ParseProtocol(element),
                        "metaData" => ActionCodec.ParseMetadata(element),
                        "txn" => ActionCodec.ParseTxn(element),
                        "add" => ActionCodec.ParseAdd(element),
                        _ => ActionCodec.ParseRemove(element),
                    });
                }
                catch (JsonException ex)
                {
                    throw new DeltaLogCorruptException(tablePath, $"Invalid {present[i]} action in checkpoint {partPaths[0]}: {ex.Message}", ex);
                }
            }
        }

        return actions;
    }
}
