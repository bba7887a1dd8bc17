namespace Lakehouse.Cli.Tests;

/// <summary>The pipeline configuration the end-to-end tests use: the DummyJSON API at an address, its profile, a default cost ratio.</summary>
internal static class DummyJsonPipeline
{
    /// <summary>Writes <c>pipeline.json</c> into <paramref name="folder"/> and returns its path; without carts when <paramref name="carts"/> is false.</summary>
    public static async Task<string> WriteConfigAsync(string folder, Uri api, bool carts = true)
    {
        var path = Path.Combine(folder, "pipeline.json");
        var cartsEntity = carts ? """{ "name": "carts", "path": "/carts", "recordsField": "carts" },""" : string.Empty;
        await File.WriteAllTextAsync(path, $$"""
            {
              "sources": [ { "name": "dummyjson", "kind": "rest", "baseUrl": "{{api.ToString().TrimEnd('/')}}",
                "entities": [
                  { "name": "products", "path": "/products", "recordsField": "products" },
                  {{cartsEntity}}
                  { "name": "users", "path": "/users", "recordsField": "users" } ] } ],
              "profiles": { "dummyjson": "dummyjson" },
              "costs": { "defaultCostRatio": 0.6 }
            }
            """);
        return path;
    }
}
