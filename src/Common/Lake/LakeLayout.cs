using System.Globalization;

namespace Lakehouse.Common.Lake;

/// <summary>
/// Where things live in a lake directory. Bronze batches:
/// <c>bronze/&lt;source&gt;/&lt;entity&gt;/ingest_date=YYYY-MM-DD/run_id=&lt;id&gt;/part-NNNNN.json</c> plus <c>_manifest.json</c>;
/// silver and gold tables: <c>silver/&lt;table&gt;</c>, <c>gold/&lt;table&gt;</c>.
/// Every name is validated with <see cref="LakeName"/> before it becomes a path.
/// </summary>
/// <remarks>
/// The jobs read the lake's metadata (bronze manifests, Delta logs) through the file system at <see cref="Root"/>, and
/// hand data paths to the session's engine through <see cref="ForEngine"/>: the same folder on the embedded engine, or
/// the address Spark knows the same lake by (<c>abfss://container@account.dfs.core.windows.net/lake</c> for a lake
/// the CLI sees mounted, <c>dbfs:/...</c>), given as <c>engineRoot</c>.
/// </remarks>
public sealed class LakeLayout
{
    /// <summary>The file whose presence makes a bronze batch exist.</summary>
    public const string ManifestFileName = "_manifest.json";

    private readonly bool _engineSeesRoot;

    /// <summary>Creates the layout of the lake at <paramref name="root"/>, which the engine sees at <paramref name="engineRoot"/> (default: the same folder).</summary>
    /// <exception cref="ArgumentException"><paramref name="engineRoot"/> is neither an absolute path nor a URI without query, fragment or control characters.</exception>
    public LakeLayout(string root, string? engineRoot = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        _engineSeesRoot = engineRoot is null;
        EngineRoot = engineRoot is null ? Root : ValidateEngineRoot(engineRoot);
    }

    /// <summary>The lake's root directory (absolute).</summary>
    public string Root { get; }

    /// <summary>Where the session's engine finds the lake (<see cref="Root"/> unless given).</summary>
    public string EngineRoot { get; }

    /// <summary>The engine's address of <paramref name="localPath"/>, a path under <see cref="Root"/>.</summary>
    /// <exception cref="ArgumentException">The path is not under the lake's root.</exception>
    public string ForEngine(string localPath)
    {
        var relative = Path.GetRelativePath(Root, Path.GetFullPath(localPath));
        if (relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw new ArgumentException($"'{localPath}' is not inside the lake '{Root}'.", nameof(localPath));
        }

        if (_engineSeesRoot)
        {
            return Path.GetFullPath(localPath);
        }

        return relative == "." ? EngineRoot : EngineRoot.TrimEnd('/') + "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
    }

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

    private static string ValidateEngineRoot(string engineRoot)
    {
        var isUri = Uri.TryCreate(engineRoot, UriKind.Absolute, out var uri) && uri.Scheme.Length > 1 && !uri.IsFile;
        var isPath = !isUri && Path.IsPathFullyQualified(engineRoot);
        if ((!isUri && !isPath) || engineRoot.Any(c => char.IsControl(c) || c is '?' or '#' or '`'))
        {
            // Never echo a query: it may be a SAS token.
            var shown = engineRoot.Split('?', '#')[0];
            throw new ArgumentException(
                $"The engine's lake address '{shown}' is not usable: give an absolute path or a URI such as abfss://container@account.dfs.core.windows.net/lake, without '?', '#', '`' or control characters.",
                nameof(engineRoot));
        }

        return engineRoot.TrimEnd('/');
    }
}
