using System.Globalization;

namespace Lakehouse.Common.Lake;

/// <summary>
/// Where things live in a lake directory. Bronze batches:
/// <c>bronze/&lt;source&gt;/&lt;entity&gt;/ingest_date=YYYY-MM-DD/run_id=&lt;id&gt;/part-NNNNN.json</c> plus <c>_manifest.json</c>;
/// silver and gold tables: <c>silver/&lt;table&gt;</c>, <c>gold/&lt;table&gt;</c>.
/// Every name is validated with <see cref="LakeName"/> before it becomes a path.
/// </summary>
public sealed class LakeLayout
{
    /// <summary>The file whose presence makes a bronze batch exist.</summary>
    public const string ManifestFileName = "_manifest.json";

    /// <summary>Creates the layout of the lake at <paramref name="root"/>.</summary>
    public LakeLayout(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The lake's root directory (absolute).</summary>
    public string Root { get; }

    /// <summary>The folder of every batch of one bronze entity.</summary>
    public string BronzeEntity(string source, string entity) =>
        Path.Combine(Root, "bronze", LakeName.Validate("source", source), LakeName.Validate("entity", entity));

    /// <summary>The folder of one bronze batch.</summary>
    public string BronzeBatch(string source, string entity, DateOnly ingestDate, string runId) =>
        Path.Combine(
            BronzeEntity(source, entity),
            "ingest_date=" + ingestDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "run_id=" + LakeName.Validate("run id", runId));

    /// <summary>The name of the <paramref name="index"/>-th part file of a batch.</summary>
    public static string PartFileName(int index, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"part-{index:D5}.{extension}");

    /// <summary>A silver table's folder.</summary>
    public string SilverTable(string table) => Path.Combine(Root, "silver", LakeName.Validate("table", table));

    /// <summary>A gold table's folder.</summary>
    public string GoldTable(string table) => Path.Combine(Root, "gold", LakeName.Validate("table", table));
}
