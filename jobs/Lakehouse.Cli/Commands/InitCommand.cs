using System.CommandLine;

namespace Lakehouse.Cli.Commands;

/// <summary><c>lakehouse init</c>: writes a commented example pipeline configuration.</summary>
internal static class InitCommand
{
    internal const string Example = """
        {
          // Lakehouse pipeline configuration. Comments and trailing commas are allowed.
          // Bronze lands every entity under <lake>/bronze/<source>/<entity>/ingest_date=YYYY-MM-DD/run_id=<id>/.
          // Names (sources, entities, secrets, tables) are letters, digits, '_' and '-'.
          "sources": [
            {
              // The DummyJSON e-commerce API. Start the built-in simulator with
              //   lakehouse api serve --port 5055
              // or use the public API: "https://dummyjson.com".
              "name": "dummyjson",
              "kind": "rest",
              "baseUrl": "http://127.0.0.1:5055",
              // Silver: the built-in profile that maps this source onto the e-commerce tables
              // (products, product_price_history, categories, customers, orders, order_lines): dummyjson or fakestore.
              "profile": "dummyjson",
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
            // The Fake Store API (fakestoreapi.com): bare JSON arrays, so no recordsField and pagination "none".
            // Its carts' lines have no prices: gold prices them at the product's current price (price_basis = product_price).
            // One source per built-in profile: two sources cannot both build silver products.
            // {
            //   "name": "fakestore", "kind": "rest", "baseUrl": "https://fakestoreapi.com", "profile": "fakestore",
            //   "entities": [
            //     { "name": "products", "path": "/products", "pagination": { "style": "none" } },
            //     { "name": "carts", "path": "/carts", "pagination": { "style": "none" } },
            //     { "name": "users", "path": "/users", "pagination": { "style": "none" } }
            //   ]
            // },
            // A landing zone of files: a local path (a '*' pattern is allowed; relative to this file) or an
            // http(s) URL; format csv (landed as received), json (an array of records) or ndjson.
            // Silver reads json and ndjson batches; CSV batches are landed but not read by silver yet.
            // {
            //   "name": "landing",
            //   "kind": "files",
            //   "entities": [
            //     { "name": "stores", "location": "landing/stores/*.ndjson", "format": "ndjson" }
            //   ]
            // }
          ],
          // Silver tables of your own, declared like dbt models: each reads one bronze entity. Columns are Spark SQL
          // over the raw record r (and, with explodeField, over each array element as line, numbered by line_number);
          // every raw field is text until a column casts it (a failed cast is NULL, which a rule can catch). The raw
          // schema is derived from the r.<field> and line.<field> the columns use; raw fields no column uses are kept
          // in _rescued_data unless listed in droppedFields. Types: string, boolean, tinyint, smallint, int, bigint,
          // float, double, decimal(p,s), date, timestamp. Rules: severity warn (keep, count), drop (quarantine with the
          // reason) or fail (abort the batch). Tables are upserted by businessKey, exactly once per bronze batch.
          "silverTables": [
            {
              "name": "product_reviews",
              "source": "dummyjson",
              "entity": "products",
              "explodeField": "reviews",
              // not wanted in _rescued_data: the product's own fields are in silver products already
              "droppedFields": [ "title", "description", "category", "price", "discountPercentage", "rating", "stock", "tags", "brand", "sku",
                                 "weight", "dimensions", "warrantyInformation", "shippingInformation", "availabilityStatus", "returnPolicy",
                                 "minimumOrderQuantity", "meta", "images", "thumbnail" ],
              "columns": [
                { "name": "product_id", "type": "string", "expression": "concat('P', lpad(r.id, greatest(6, length(r.id)), '0'))", "description": "The product reviewed." },
                { "name": "review_number", "type": "int", "expression": "line_number", "description": "Position of the review, from 1." },
                { "name": "rating", "type": "int", "expression": "cast(line.rating as int)", "description": "Stars, 1 to 5." },
                { "name": "comment", "type": "string", "expression": "trim(line.comment)", "description": "What the reviewer wrote." },
                { "name": "reviewed_on", "type": "date", "expression": "to_date(substring(line.date, 1, 10), 'yyyy-MM-dd')", "description": "Date of the review (UTC)." },
                { "name": "reviewer_name", "type": "string", "expression": "trim(line.reviewerName)", "description": "Who wrote it (the e-mail is not kept)." }
              ],
              "businessKey": [ "product_id", "review_number" ],
              "rules": [
                { "name": "rating_in_range", "condition": "rating between 1 and 5", "severity": "drop", "reason": "the rating is missing or outside 1..5" },
                { "name": "date_present", "condition": "reviewed_on is not null", "severity": "warn", "reason": "the review has no valid date" }
              ]
            }
          ],
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
