using System.CommandLine;

namespace Lakehouse.Cli.Commands;

/// <summary><c>lakehouse init</c>: writes a commented example pipeline configuration.</summary>
internal static class InitCommand
{
    internal const string Example = """
        {
          // Lakehouse pipeline configuration. Comments and trailing commas are allowed.
          // Bronze lands every entity under <lake>/bronze/<source>/<entity>/ingest_date=YYYY-MM-DD/run_id=<id>/.
          // Names (sources, entities, secrets) are letters, digits, '_' and '-'.
          "sources": [
            {
              // The DummyJSON e-commerce API. Start the built-in simulator with
              //   lakehouse api serve --port 5055
              // or use the public API: "https://dummyjson.com".
              "name": "dummyjson",
              "kind": "rest",
              "baseUrl": "http://127.0.0.1:5055",
              "headers": { "Accept": "application/json" },
              // Credentials always come from a named secret: the environment variable
              // LAKEHOUSE_SECRET_<NAME> (upper case, '-' as '_') or the secrets file below.
              // "auth": { "kind": "bearer", "secret": "dummyjson-token" },
              // "auth": { "kind": "apiKey", "header": "X-Api-Key", "secret": "dummyjson-key" },
              "http": {
                "timeoutSeconds": 30,        // per attempt
                "maxRetries": 5,             // on 408, 429, 5xx, timeouts, resets and malformed bodies
                "baseDelaySeconds": 0.5,     // exponential backoff with jitter; Retry-After wins when sent
                "maxTotalWaitSeconds": 120,  // the most one entity waits between retries in total
                "concurrency": 4,            // pages fetched at once
                "maxResponseBytes": 268435456,
                "maxDepth": 64
              },
              "entities": [
                // pagination styles: offset (skip/limit/total), page (page/size), link (next URL), none (one response)
                { "name": "products", "path": "/products", "recordsField": "products", "pagination": { "style": "offset", "pageSize": 100 } },
                { "name": "carts", "path": "/carts", "recordsField": "carts", "pagination": { "style": "offset", "pageSize": 100 } },
                { "name": "users", "path": "/users", "recordsField": "users", "pagination": { "style": "offset", "pageSize": 100 } }
              ]
            }
            // A landing zone of files: a local path (a '*' pattern is allowed; relative to this file) or an
            // http(s) URL; format csv (landed as received), json (an array of records) or ndjson.
            // {
            //   "name": "landing",
            //   "kind": "files",
            //   "entities": [
            //     { "name": "product-costs", "location": "landing/product-costs/*.csv", "format": "csv" }
            //   ]
            // }
          ],
          // Silver: which built-in profile maps each source onto the e-commerce schema (products, customers, orders, order_lines).
          "profiles": { "dummyjson": "dummyjson" },
          // Gold: profit needs a unit cost. DummyJSON has none, so give a cost per product, or a cost ratio (cost / unit price)
          // per category or by default, like a dbt seed. Without any, profit is NULL (never invented) and gold warns.
          "costs": {
            // "productUnitCost": { "P000001": 4.20 },
            "categoryCostRatio": { "laptops": 0.80, "smartphones": 0.78, "groceries": 0.74 },
            "defaultCostRatio": 0.55
          },
          // Secrets not found in the environment are read from this JSON file of name -> value (keep it out of git).
          "secrets": { "file": "secrets.json" }
        }

        """;

    public static Command Build(CliConsole console)
    {
        var config = new Option<FileInfo>("--config", "-c") { Description = "Where to write the configuration.", DefaultValueFactory = _ => new FileInfo("pipeline.json") };
        var command = new Command("init", "Write a commented example pipeline configuration.") { config };
        command.SetAction((parsed, cancellationToken) => LakehouseCli.GuardAsync(
            parsed,
            console,
            async ct =>
            {
                var file = parsed.GetValue(config)!;
                if (file.Exists)
                {
                    throw new IOException($"'{file.FullName}' already exists; remove it or choose another path with --config.");
                }

                file.Directory?.Create();
                await File.WriteAllTextAsync(file.FullName, Example.ReplaceLineEndings("\n"), ct);
                await console.Out.WriteLineAsync($"Wrote {file.FullName}. Next: lakehouse api serve (in another terminal), then lakehouse run --config {file.Name} --lake lake");
            },
            cancellationToken));
        return command;
    }
}
