namespace Lakehouse.Tests;

/// <summary>
/// Finds <c>shared/fixtures</c>, which sits beside the repository (CI clones the repo to X/main with X/shared
/// beside it), by walking up from the test binaries. Compiled into every test project.
/// </summary>
internal static class SharedFixtures
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The absolute path of <c>shared/fixtures/&lt;parts&gt;</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    /// <summary>A folder under <c>shared/fixtures</c>; fails clearly when it is missing.</summary>
    public static string Folder(string name)
    {
        var path = Path(name);
        return Directory.Exists(path) ? path : throw new DirectoryNotFoundException($"The fixture folder '{name}' is missing under '{Root.Value}'.");
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = System.IO.Path.Combine(directory.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"No 'shared/fixtures' folder above '{AppContext.BaseDirectory}'; the tests expect the repository cloned beside 'shared' (X/main and X/shared).");
    }
}
