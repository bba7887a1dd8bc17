using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lakehouse.ApiSimulator;
using Lakehouse.Bronze;
using Lakehouse.Common.Configuration;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using Lakehouse.DuckDB;
using Lakehouse.Gold;
using Lakehouse.Silver;

namespace Lakehouse.Benchmarks;

/// <summary>
/// Silver + gold over ~N GB of synthetic bronze (DummyJSON profile; carts dominate), against "the engine floor" measured
/// in the same process on the same bronze files: the same transformations written directly as DuckDB SQL (typed
/// columns with casts/trim/lpad and keys padded as silver pads them, exploded cart lines, drop rules, dedupe by business
/// key with silver's order and a content-hash tie-break, Parquet; then the gold aggregates over that Parquet), run
/// through the Lakehouse.DuckDB binding with the same settings. The floor does not keep rescued fields, raw records,
/// quarantine, metrics or a Delta log: it is a lower bound. Landing the bronze is not measured.
/// Arguments: [gigabytes=1.0] [--memory-limit 1GB] [--threads N] [--bronze DIR (reuse or keep landed bronze)]
/// [--log-queries FILE (DuckDB's log_query_path for the pipeline's session)] [--floor-dedupe window|semi (default window)]
/// [--skip-floor] [--skip-pipeline] [--diagnose] [--repeat N (N runs, alternating which side goes first; median ratio)]
/// [--keep-lake DIR (keep the floor's Parquet and the pipeline's lake there)]
/// [--gold-only DIR (a --keep-lake folder: run only gold, floor and pipeline, on its silver) [--repeat N]]
/// [--explain FILE (with --gold-only: EXPLAIN ANALYZE of the SQL in FILE, e.g. a statement from the query log, instead)].
/// After both golds ran, every gold table of the floor is compared with the pipeline's, row for row.
/// </summary>
internal static class SilverGoldBenchmark
{
    private const string Source = "dummyjson";

    private static readonly Dictionary<string, decimal> CategoryCostRatio = new(StringComparer.Ordinal)
    {
        // As in the CLI's demo pipeline (jobs/Lakehouse.Cli/Pipeline/DemoPipeline.cs).
        ["beauty"] = 0.45m, ["fragrances"] = 0.40m, ["furniture"] = 0.62m, ["groceries"] = 0.74m, ["home-decoration"] = 0.55m,
        ["kitchen-accessories"] = 0.55m, ["laptops"] = 0.81m, ["mens-shirts"] = 0.46m, ["mens-shoes"] = 0.52m, ["mens-watches"] = 0.58m,
        ["mobile-accessories"] = 0.42m, ["motorcycle"] = 0.84m, ["skin-care"] = 0.41m, ["smartphones"] = 0.79m, ["sports-accessories"] = 0.50m,
        ["sunglasses"] = 0.36m, ["tablets"] = 0.77m, ["tops"] = 0.44m, ["vehicle"] = 0.86m, ["womens-bags"] = 0.47m,
        ["womens-dresses"] = 0.45m, ["womens-jewellery"] = 0.39m, ["womens-shoes"] = 0.51m, ["womens-watches"] = 0.57m,
    };

    public static async Task RunAsync(string[] args)
    {
        var gigabytes = 1.0;
        string? memoryLimit = null, threads = null, bronzeDirectory = null, queryLog = null, keepLake = null, goldOnly = null;
        bool skipFloor = false, skipPipeline = false, diagnose = false;
        var repeat = 1;
        var explain = new List<string>();
        var floorDedupe = "window";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--memory-limit": memoryLimit = args[++i]; break;
                case "--threads": threads = args[++i]; break;
                case "--bronze": bronzeDirectory = Path.GetFullPath(args[++i]); break;
                case "--log-queries": queryLog = Path.GetFullPath(args[++i]); break;
                case "--diagnose": diagnose = true; break;
                case "--floor-dedupe": floorDedupe = args[++i] is "window" or "semi" ? args[i] : throw new ArgumentException("--floor-dedupe takes window or semi."); break;
                case "--skip-floor": skipFloor = true; break;
                case "--skip-pipeline": skipPipeline = true; break;
                case "--keep-lake": keepLake = Path.GetFullPath(args[++i]); break;
                case "--gold-only": goldOnly = Path.GetFullPath(args[++i]); break;
                case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--explain": explain.Add(Path.GetFullPath(args[++i])); break;
                default: gigabytes = double.Parse(args[i], CultureInfo.InvariantCulture); break;
            }
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (memoryLimit is not null)
        {
            settings["memory_limit"] = memoryLimit;
        }

        if (threads is not null)
        {
            settings["threads"] = threads;
        }

        if (goldOnly is not null && explain.Count > 0)
        {
            using var database = DuckDBDatabase.Open(settings: settings);
            using var connection = database.Connect();
            connection.ExecuteNonQuery("SET TimeZone = 'UTC'");
            foreach (var file in explain)
            {
                // The statement is the benchmark's own (from its query log); EXPLAIN ANALYZE runs it and returns the profile.
                var statement = File.ReadAllText(file).Trim().TrimEnd(';');
                var watch = Stopwatch.StartNew();
                using var reader = connection.ExecuteReader("EXPLAIN ANALYZE " + statement);
                while (reader.Read())
                {
                    Console.WriteLine(reader.GetValue(reader.FieldCount - 1));
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"explain {file}: {watch.Elapsed.TotalSeconds:N2} s"));
            }

            return;
        }

        if (goldOnly is not null)
        {
            RunGoldOnly(goldOnly, settings, queryLog, skipFloor, skipPipeline, repeat);
            return;
        }

        if (keepLake is not null && Directory.Exists(keepLake) && Directory.EnumerateFileSystemEntries(keepLake).Any())
        {
            throw new ArgumentException($"--keep-lake {keepLake}: the folder is not empty (it would mix two runs' lakes); name a new one.");
        }

        var work = keepLake is null ? Directory.CreateTempSubdirectory("lakehouse-bench-sg-") : Directory.CreateDirectory(keepLake);
        try
        {
            // Bronze: landed once into its own directory (kept when --bronze names it), linked into each lake.
            var bronzeRoot = bronzeDirectory ?? Path.Combine(work.FullName, "bronze-lake");
            var layout = new LakeLayout(bronzeRoot);
            if (BronzeCatalog.List(layout, Source, "carts").Count == 0)
            {
                await LandAsync(bronzeRoot, gigabytes);
            }

            var carts = BronzeCatalog.List(layout, Source, "carts").Single();
            var users = BronzeCatalog.List(layout, Source, "users").Single();
            var products = BronzeCatalog.List(layout, Source, "products").Single();
            var bronzeBytes = new[] { carts, users, products }.SelectMany(b => b.Manifest.Files).Sum(f => f.Bytes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bronze: {bronzeBytes / 1e9:N2} GB NDJSON; carts {carts.Manifest.Records:N0} ({carts.Manifest.Files.Count} files), users {users.Manifest.Records:N0}, products {products.Manifest.Records:N0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"duckdb {DuckDBDatabase.LibraryVersion}; settings: {(settings.Count == 0 ? "defaults" : string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")))}; {Environment.ProcessorCount} cores"));

            // Warm the page cache so that neither side pays the first read of the bronze files.
            foreach (var file in new[] { carts, users, products }.SelectMany(b => b.FilePaths))
            {
                using var stream = File.OpenRead(file);
                stream.CopyTo(Stream.Null);
            }

            if (diagnose)
            {
                Diagnose(settings, carts);
            }

            // --repeat N: floor and pipeline N times, the first one alternating (floor first on odd runs), so that neither
            // side always runs on a machine the other has just warmed or fragmented; the median ratio is the result.
            var ratios = new List<(double Wall, double Cpu)>();
            for (var run = 1; run <= repeat; run++)
            {
                var floorDirectory = Path.Combine(work.FullName, "floor");
                var lake = Path.Combine(work.FullName, "lake");
                foreach (var directory in new[] { floorDirectory, lake }.Where(Directory.Exists))
                {
                    Directory.Delete(directory, recursive: true);
                }

                (double Silver, double Gold)? floor = null, pipeline = null;
                double floorCpu = 0, pipelineCpu = 0;
                void Floor()
                {
                    if (!skipFloor)
                    {
                        var cpu = Cpu();
                        floor = RunFloor(floorDirectory, settings, floorDedupe, carts, users, products);
                        floorCpu = Cpu() - cpu;
                    }
                }

                void Pipeline()
                {
                    if (!skipPipeline)
                    {
                        var cpu = Cpu();
                        pipeline = RunPipeline(lake, bronzeRoot, settings, queryLog);
                        pipelineCpu = Cpu() - cpu;
                    }
                }

                Action[] order = run % 2 == 1 ? [Floor, Pipeline] : [Pipeline, Floor];
                foreach (var side in order)
                {
                    side();
                }

                if (floor is { } f && pipeline is { } p)
                {
                    var wall = (p.Silver + p.Gold) / (f.Silver + f.Gold);
                    ratios.Add((wall, pipelineCpu / floorCpu));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run} ({(run % 2 == 1 ? "floor" : "pipeline")} first) ratios (pipeline / floor): silver {p.Silver / f.Silver:N2}, gold {p.Gold / f.Gold:N2}, silver+gold {wall:N2}"));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU seconds, silver+gold: floor {floorCpu:N2}, pipeline {pipelineCpu:N2}, ratio {pipelineCpu / floorCpu:N2}"));
                    CompareGold(floorDirectory, lake);
                }
            }

            if (ratios.Count > 1)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"silver+gold over {ratios.Count} runs, median ratio: wall {Samples.Median(ratios.Select(r => r.Wall)):N2} ({string.Join(", ", ratios.Select(r => r.Wall.ToString("N2", CultureInfo.InvariantCulture)))}), CPU {Samples.Median(ratios.Select(r => r.Cpu)):N2} ({string.Join(", ", ratios.Select(r => r.Cpu.ToString("N2", CultureInfo.InvariantCulture)))})"));
            }
        }
        finally
        {
            if (keepLake is null)
            {
                work.Delete(recursive: true);
            }
            else
            {
                Console.WriteLine($"kept: {work.FullName} (floor/ and lake/; rerun gold with --gold-only {work.FullName})");
            }
        }
    }

    /// <summary>
    /// Gold only, on a folder a --keep-lake run left: the floor's gold over its silver Parquet and the pipeline's gold over its
    /// silver Delta tables, alternating <paramref name="repeat"/> times in this process (so both see the same machine).
    /// </summary>
    private static void RunGoldOnly(string folder, Dictionary<string, string> settings, string? queryLog, bool skipFloor, bool skipPipeline, int repeat)
    {
        var floorDirectory = Path.Combine(folder, "floor");
        var lake = Path.Combine(folder, "lake");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gold only on {folder}; duckdb {DuckDBDatabase.LibraryVersion}; settings: {(settings.Count == 0 ? "defaults" : string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}")))}; {Environment.ProcessorCount} cores"));

        // Warm the page cache with the silver files both sides read.
        foreach (var file in Directory.EnumerateFiles(floorDirectory, "*.parquet").Concat(Directory.EnumerateFiles(Path.Combine(lake, "silver"), "*.parquet", SearchOption.AllDirectories)))
        {
            using var stream = File.OpenRead(file);
            stream.CopyTo(Stream.Null);
        }

        var ratios = new List<double>();
        var cpuRatios = new List<double>();
        for (var run = 1; run <= repeat; run++)
        {
            double? floor = null, pipeline = null, floorCpu = null, pipelineCpu = null;
            if (!skipFloor)
            {
                var cpu = Cpu();
                using var database = DuckDBDatabase.Open(settings: settings);
                using var connection = database.Connect();
                connection.ExecuteNonQuery("SET TimeZone = 'UTC'");
                floor = RunFloorGold(connection, floorDirectory, queryLog);
                floorCpu = Cpu() - cpu;
            }

            if (!skipPipeline)
            {
                using var session = LakehouseSession.Create(settings: settings);
                if (queryLog is not null)
                {
                    session.Sql("CALL enable_logging('QueryLog')");
                }

                var cpu = Cpu();
                pipeline = RunPipelineGold(session, lake);
                pipelineCpu = Cpu() - cpu;
                if (queryLog is not null)
                {
                    WriteQueryLog(session, queryLog);
                }
            }

            if (floor is { } f && pipeline is { } p)
            {
                ratios.Add(p / f);
                cpuRatios.Add(pipelineCpu!.Value / floorCpu!.Value);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run}: gold floor {f:N2} s ({floorCpu:N2} CPU s), pipeline {p:N2} s ({pipelineCpu:N2} CPU s), ratio (pipeline / floor) {p / f:N2} wall, {cpuRatios[^1]:N2} CPU"));
            }
        }

        if (ratios.Count > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"gold ratios (pipeline / floor), wall: {string.Join(", ", ratios.Select(r => r.ToString("N2", CultureInfo.InvariantCulture)))}; CPU: {string.Join(", ", cpuRatios.Select(r => r.ToString("N2", CultureInfo.InvariantCulture)))}"));
            CompareGold(floorDirectory, lake);
        }
    }

    private static async Task LandAsync(string lake, double gigabytes)
    {
        // Size the run from one page of carts, so that the carts batch is about the requested size.
        await using var probe = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = 1000 });
        using var http = new HttpClient();
        var sample = await http.GetByteArrayAsync(new Uri(probe.BaseAddress, "carts?limit=1000"));
        var carts = (int)(gigabytes * 1e9 / (sample.Length / 1000.0));
        var users = Math.Max(208, carts / 20);

        await using var simulator = await EcommerceApiSimulator.StartAsync(new SimulatorOptions { Carts = carts, Users = users, Products = 194 });
        var config = new PipelineConfig
        {
            Sources =
            [
                new SourceConfig
                {
                    Name = Source,
                    Kind = SourceKind.Rest,
                    BaseUrl = simulator.BaseAddress.ToString().TrimEnd('/'),
                    Http = new HttpConfig { Concurrency = 4 },
                    Entities = [.. new[] { "products", "carts", "users" }.Select(e => new EntityConfig
                    {
                        Name = e,
                        Path = "/" + e,
                        RecordsField = e,
                        Pagination = new PaginationConfig { PageSize = 1000 },
                    })],
                },
            ],
        };
        var landing = Stopwatch.StartNew();
        var result = await BronzeJob.RunAsync(config, new BronzeJobOptions { Lake = lake, RunId = "bench" });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("bronze failed: " + string.Join("; ", result.Entities.Select(e => $"{e.Entity}: {e.Status} {e.Error}")));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"landed {carts:N0} carts, {users:N0} users, 194 products in {landing.Elapsed.TotalSeconds:N1} s (not measured)"));
    }

    private static (double Silver, double Gold) RunPipeline(string lake, string bronzeRoot, Dictionary<string, string> settings, string? queryLog)
    {
        Directory.CreateDirectory(lake);
        Directory.CreateSymbolicLink(Path.Combine(lake, "bronze"), Path.Combine(bronzeRoot, "bronze"));
        using var session = LakehouseSession.Create(settings: settings);
        if (queryLog is not null)
        {
            // DuckDB's query log (database-wide, so the Delta reader's and writer's connections too): read back at the end.
            session.Sql("CALL enable_logging('QueryLog')");
        }

        var silverWatch = Stopwatch.StartNew();
        SilverRunResult silver;
        try
        {
            silver = SilverJob.Run(session, new SilverJobOptions { Lake = lake, RunId = "bench" }, DummyJsonProfile.Entities(Source));
        }
        catch (Exception e)
        {
            Console.WriteLine($"pipeline silver FAILED after {silverWatch.Elapsed.TotalSeconds:N1} s: {e.GetType().FullName}: {e.Message}");
            Console.WriteLine(e.StackTrace);
            throw;
        }

        silverWatch.Stop();
        foreach (var table in silver.Tables)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pipeline silver {table.Table,-12} {table.Duration.TotalSeconds,7:N2} s  rows in {table.RowsIn:N0}, upserted {table.RowsAccepted:N0}, quarantined {table.RowsQuarantined:N0}"));
        }

        var gold = RunPipelineGold(session, lake);
        if (queryLog is not null)
        {
            WriteQueryLog(session, queryLog);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline (SilverJob.Run + GoldJob.Run): silver {silverWatch.Elapsed.TotalSeconds,7:N2} s, gold {gold,7:N2} s, total {silverWatch.Elapsed.TotalSeconds + gold,7:N2} s"));
        return (silverWatch.Elapsed.TotalSeconds, gold);
    }

    /// <summary>CPU seconds of this process (DuckDB's threads included): steadier than wall time when the machine is shared.</summary>
    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static double RunPipelineGold(LakehouseSession session, string lake)
    {
        var goldWatch = Stopwatch.StartNew();
        GoldRunResult gold;
        try
        {
            gold = GoldJob.Run(session, lake, new CostConfig { CategoryCostRatio = CategoryCostRatio }, new DateOnly(2026, 11, 21));
        }
        catch (Exception e)
        {
            Console.WriteLine($"pipeline gold FAILED after {goldWatch.Elapsed.TotalSeconds:N1} s: {e.GetType().FullName}: {e.Message}");
            Console.WriteLine(e.StackTrace);
            throw;
        }

        goldWatch.Stop();
        foreach (var table in gold.Tables)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  pipeline gold   {table.Table,-22} {table.Duration.TotalSeconds,7:N2} s  rows {table.Rows:N0}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pipeline gold (GoldJob.Run) {goldWatch.Elapsed.TotalSeconds,7:N2} s"));
        return goldWatch.Elapsed.TotalSeconds;
    }

    private static (double Silver, double Gold) RunFloor(string directory, Dictionary<string, string> settings, string dedupe, BronzeBatch carts, BronzeBatch users, BronzeBatch products)
    {
        Directory.CreateDirectory(directory);
        using var database = DuckDBDatabase.Open(settings: settings);
        using var connection = database.Connect();
        connection.ExecuteNonQuery("SET TimeZone = 'UTC'");
        string Out(string name) => Sql(Path.Combine(directory, name + ".parquet"));

        var silverSteps = new (string Name, string Sql)[]
        {
            ("products", $"""
                COPY ({Dedupe(dedupe, "product_id", $"""
                  SELECT * FROM (
                    SELECT concat('P', lpad(id, CAST(greatest(6, length(id)) AS INTEGER), '0')) AS product_id, TRY_CAST(id AS BIGINT) AS source_id, trim(title) AS title,
                           trim(description) AS description, lower(trim(category)) AS category,
                           array_to_string(list_transform(string_split(replace(lower(trim(category)), '-', ' '), ' '), w -> upper(w[1]) || w[2:]), ' ') AS category_name,
                           CASE WHEN trim(brand) = '' THEN NULL ELSE trim(brand) END AS brand, upper(trim(sku)) AS sku,
                           TRY_CAST(price AS DECIMAL(12,2)) AS price, TRY_CAST(discountPercentage AS DECIMAL(5,2)) AS discount_percent,
                           TRY_CAST(rating AS DOUBLE) AS rating, TRY_CAST(stock AS INTEGER) AS stock, trim(availabilityStatus) AS availability_status,
                           CAST(NULL AS DECIMAL(12,2)) AS cost, {Sql(products.Manifest.RunId)} AS _source_batch, {Date(products)} AS _source_ingest_date
                    FROM {ReadJson(products, "id: 'VARCHAR', title: 'VARCHAR', description: 'VARCHAR', category: 'VARCHAR', price: 'VARCHAR', discountPercentage: 'VARCHAR', rating: 'VARCHAR', stock: 'VARCHAR', brand: 'VARCHAR', sku: 'VARCHAR', availabilityStatus: 'VARCHAR'")})
                  WHERE source_id IS NOT NULL AND title IS NOT NULL AND title <> '' AND price IS NOT NULL AND price >= 0
                    AND (discount_percent IS NULL OR discount_percent BETWEEN 0 AND 100)
                    AND category IN ({string.Join(", ", DummyJsonProfile.Categories.Select(Sql))})
                  """)}) TO {Out("products")} (FORMAT parquet)
                """),
            ("customers", $"""
                COPY ({Dedupe(dedupe, "customer_id", $"""
                  SELECT * FROM (
                    SELECT concat('C', lpad(id, CAST(greatest(6, length(id)) AS INTEGER), '0')) AS customer_id, TRY_CAST(id AS BIGINT) AS source_id, trim(firstName) AS first_name,
                           trim(lastName) AS last_name, lower(trim(email)) AS email, lower(trim(gender)) AS gender, TRY_CAST(age AS INTEGER) AS age,
                           CAST(try_strptime(birthDate, '%Y-%m-%d') AS DATE) AS birth_date, trim(address.city) AS city, trim(address.state) AS state,
                           lpad(trim(address.postalCode), CAST(greatest(5, length(trim(address.postalCode))) AS INTEGER), '0') AS postal_code, trim(address.country) AS country, lower(trim(role)) AS role,
                           {Sql(users.Manifest.RunId)} AS _source_batch, {Date(users)} AS _source_ingest_date
                    FROM {ReadJson(users, "id: 'VARCHAR', firstName: 'VARCHAR', lastName: 'VARCHAR', age: 'VARCHAR', gender: 'VARCHAR', email: 'VARCHAR', phone: 'VARCHAR', birthDate: 'VARCHAR', address: 'STRUCT(city VARCHAR, state VARCHAR, stateCode VARCHAR, postalCode VARCHAR, country VARCHAR)', role: 'VARCHAR'")})
                  WHERE source_id IS NOT NULL
                  """)}) TO {Out("customers")} (FORMAT parquet)
                """),
            ("orders", $"""
                COPY ({Dedupe(dedupe, "order_id", $"""
                  SELECT * FROM (
                    SELECT concat('O', lpad(id, CAST(greatest(6, length(id)) AS INTEGER), '0')) AS order_id, TRY_CAST(id AS BIGINT) AS source_id, concat('C', lpad(userId, CAST(greatest(6, length(userId)) AS INTEGER), '0')) AS customer_id,
                           {Date(carts)} AS order_date, TRY_CAST(totalProducts AS INTEGER) AS line_count, TRY_CAST(totalQuantity AS INTEGER) AS units,
                           TRY_CAST(total AS DECIMAL(12,2)) AS gross_amount, TRY_CAST(discountedTotal AS DECIMAL(12,2)) AS net_amount,
                           {Sql(carts.Manifest.RunId)} AS _source_batch, {Date(carts)} AS _source_ingest_date
                    FROM {ReadJson(carts, "id: 'VARCHAR', userId: 'VARCHAR', total: 'VARCHAR', discountedTotal: 'VARCHAR', totalProducts: 'VARCHAR', totalQuantity: 'VARCHAR'")})
                  WHERE source_id IS NOT NULL AND customer_id IS NOT NULL AND gross_amount >= 0 AND net_amount >= 0
                  """)}) TO {Out("orders")} (FORMAT parquet)
                """),
            ("order_lines", $"""
                COPY ({Dedupe(dedupe, "order_id, line_number", $"""
                  SELECT * FROM (
                    SELECT concat('O', lpad(id, CAST(greatest(6, length(id)) AS INTEGER), '0')) AS order_id, CAST(line_number AS INTEGER) AS line_number,
                           concat('P', lpad(line.id, CAST(greatest(6, length(line.id)) AS INTEGER), '0')) AS product_id, concat('C', lpad(userId, CAST(greatest(6, length(userId)) AS INTEGER), '0')) AS customer_id,
                           {Date(carts)} AS order_date, trim(line.title) AS title, TRY_CAST(line.price AS DECIMAL(12,2)) AS unit_price,
                           TRY_CAST(line.quantity AS INTEGER) AS quantity, TRY_CAST(line.total AS DECIMAL(12,2)) AS gross_amount,
                           TRY_CAST(line.discountPercentage AS DECIMAL(5,2)) AS discount_percent, TRY_CAST(line.discountedTotal AS DECIMAL(12,2)) AS net_amount,
                           {Sql(carts.Manifest.RunId)} AS _source_batch, {Date(carts)} AS _source_ingest_date
                    FROM (
                      SELECT id, userId, unnest(products) AS line, unnest(range(1, len(products) + 1)) AS line_number
                      FROM {ReadJson(carts, "id: 'VARCHAR', userId: 'VARCHAR', products: 'STRUCT(id VARCHAR, title VARCHAR, price VARCHAR, quantity VARCHAR, total VARCHAR, discountPercentage VARCHAR, discountedTotal VARCHAR)[]'")}))
                  WHERE product_id IS NOT NULL AND quantity > 0 AND unit_price >= 0 AND (discount_percent IS NULL OR discount_percent BETWEEN 0 AND 100)
                  """)}) TO {Out("order_lines")} (FORMAT parquet)
                """),
        };

        var silver = RunSteps(connection, "floor silver", silverSteps, name => Path.Combine(directory, name + ".parquet"));
        var gold = RunFloorGold(connection, directory);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"floor (DuckDB SQL via Lakehouse.DuckDB):  silver {silver,7:N2} s, gold {gold,7:N2} s, total {silver + gold,7:N2} s"));
        return (silver, gold);
    }

    /// <summary>
    /// The floor's gold over its silver Parquet: the same columns and definitions as GoldAggregates (README glossary),
    /// including the product-price fallback for a line without any amount and price_basis, written as a person would
    /// write them in DuckDB SQL for this configuration (category cost ratios only, so no product-cost join).
    /// </summary>
    private static double RunFloorGold(DuckDBConnection connection, string directory, string? queryLog = null)
    {
        string Out(string name) => Sql(Path.Combine(directory, name + ".parquet"));
        var ratios = string.Join(", ", CategoryCostRatio.Select(c => string.Create(CultureInfo.InvariantCulture, $"({Sql(c.Key)}, CAST({c.Value} AS DECIMAL(6,4)))")));

        // Only a line with no amount at all is priced from its product (price x quantity, no discount).
        var costed = $"""
            (SELECT *, CASE WHEN source_unit_cost IS NOT NULL THEN 'source' WHEN cost_ratio IS NOT NULL AND unit_price IS NOT NULL THEN 'category_ratio' ELSE 'none' END AS cost_basis,
                    CAST(unit_cost * quantity AS DECIMAL(14,2)) AS line_cost
             FROM (SELECT *, CAST(coalesce(source_unit_cost, round(unit_price * cost_ratio, 2)) AS DECIMAL(12,2)) AS unit_cost
                   FROM (SELECT order_id, customer_id, order_date, product_id, quantity, product_title, category, category_name, source_unit_cost, cost_ratio,
                                CASE WHEN NOT no_amounts THEN 'line' WHEN from_product THEN 'product_price' ELSE 'none' END AS price_basis,
                                CAST(CASE WHEN from_product THEN product_price ELSE unit_price END AS DECIMAL(12,2)) AS unit_price,
                                CAST(CASE WHEN from_product THEN product_gross ELSE gross_amount END AS DECIMAL(12,2)) AS gross_amount,
                                CAST(CASE WHEN from_product THEN product_gross ELSE net_amount END AS DECIMAL(12,2)) AS net_amount
                         FROM (SELECT *, no_amounts AND product_price IS NOT NULL AND quantity IS NOT NULL AS from_product,
                                      CAST(round(product_price * quantity, 2) AS DECIMAL(12,2)) AS product_gross
                               FROM (SELECT l.order_id, l.customer_id, l.order_date, product_id, l.quantity, l.unit_price, l.gross_amount, l.net_amount,
                                            l.unit_price IS NULL AND l.gross_amount IS NULL AND l.net_amount IS NULL AS no_amounts,
                                            p.title AS product_title, category, p.category_name, p.price AS product_price, p.cost AS source_unit_cost, r.cost_ratio
                                     FROM read_parquet({Out("order_lines")}) AS l
                                     LEFT JOIN (SELECT product_id, title, category, category_name, price, cost FROM read_parquet({Out("products")})) AS p USING (product_id)
                                     LEFT JOIN (VALUES {ratios}) AS r(category, cost_ratio) USING (category))))))
            """;

        // a / b rounded half up to `scale` digits, exactly, as Spark's decimal division and round give it (DuckDB divides
        // decimals as doubles: 630872.85 / 30 = 21029.095 would round to .09): unscaled integers, a rounding integer division.
        static string RoundedQuotient(string a, int aScale, string b, int bScale, int scale)
        {
            static string Unscaled(string x, int s) => $"CAST({x} * CAST('1{new string('0', s)}' AS HUGEINT) AS HUGEINT)";
            var (n, d) = ($"({Unscaled(a, aScale)} * CAST('1{new string('0', scale + bScale)}' AS HUGEINT))", $"({Unscaled(b, bScale)} * CAST('1{new string('0', aScale)}' AS HUGEINT))");
            var magnitude = $"((2 * abs({n}) + abs({d})) // (2 * abs({d})))";
            return $"(CASE WHEN {d} <> 0 THEN CAST(CASE WHEN ({n} < 0) <> ({d} < 0) THEN -{magnitude} ELSE {magnitude} END AS DECIMAL(38,0)) * CAST('0.{new string('0', scale - 1)}1' AS DECIMAL({scale + 1},{scale})) END)";
        }

        // A group's basis is its lines' one basis, else 'mixed' (min = max: one pass, no distinct set).
        static string Basis(string column) => $"CASE WHEN min({column}) = max({column}) THEN max({column}) ELSE 'mixed' END";
        var goldSteps = new (string Name, string Sql)[]
        {
            ("category_sales", $"""
                COPY (
                  WITH per AS (
                    SELECT category, category_name, count(DISTINCT order_id) AS orders, CAST(sum(quantity) AS BIGINT) AS units,
                           sum(gross_amount) AS gross_revenue, sum(net_amount) AS net_revenue, count(1) AS order_lines,
                           sum(CASE WHEN line_cost IS NULL THEN 1 ELSE 0 END) AS lines_without_cost, sum(line_cost) AS known_cost,
                           avg(net_amount) AS avg_line_net, {Basis("cost_basis")} AS cost_basis, {Basis("price_basis")} AS price_basis,
                           CAST(sum(CASE WHEN price_basis = 'product_price' THEN 1 ELSE 0 END) AS BIGINT) AS lines_priced_from_product
                    FROM {costed} GROUP BY category, category_name),
                  ranked AS (
                    SELECT *, gross_revenue - net_revenue AS discounts, CASE WHEN lines_without_cost = 0 THEN known_cost END AS cost_of_goods
                    FROM per),
                  profits AS (SELECT *, net_revenue - cost_of_goods AS profit FROM ranked)
                  SELECT category, category_name, orders, units, order_lines, gross_revenue, discounts, net_revenue, cost_of_goods, profit,
                         {RoundedQuotient("profit", 2, "net_revenue", 2, 4)} AS margin, round(avg_line_net, 2) AS avg_sale_per_line, {RoundedQuotient("net_revenue", 2, "orders", 0, 2)} AS avg_order_value,
                         CASE WHEN profit IS NOT NULL THEN dense_rank() OVER (ORDER BY profit DESC NULLS LAST) END AS profit_rank,
                         coalesce(CASE WHEN profit IS NOT NULL THEN dense_rank() OVER (ORDER BY profit DESC NULLS LAST) END = 1, false) AS is_highest_profit,
                         coalesce(CASE WHEN profit IS NOT NULL THEN dense_rank() OVER (ORDER BY profit ASC NULLS LAST) END = 1, false) AS is_lowest_profit,
                         cost_basis, price_basis, lines_priced_from_product
                  FROM profits ORDER BY profit_rank ASC NULLS LAST, category
                ) TO {Out("category_sales")} (FORMAT parquet)
                """),
            ("daily_category_sales", $"""
                COPY (
                  SELECT order_date, category, count(DISTINCT order_id) AS orders, CAST(sum(quantity) AS BIGINT) AS units,
                         sum(gross_amount) AS gross_revenue, sum(net_amount) AS net_revenue, {Basis("price_basis")} AS price_basis
                  FROM {costed} GROUP BY order_date, category ORDER BY order_date, category
                ) TO {Out("daily_category_sales")} (FORMAT parquet)
                """),
            ("customer_summary", $"""
                COPY (
                  SELECT customer_id, c.first_name, c.last_name, c.email, c.city, c.country, orders, units, net_revenue,
                         {RoundedQuotient("net_revenue", 2, "orders", 0, 2)} AS avg_order_value, first_order_date, last_order_date,
                         date_diff('day', last_order_date, DATE '2026-11-21') AS recency_days
                  FROM (SELECT customer_id, count(DISTINCT order_id) AS orders, CAST(sum(quantity) AS BIGINT) AS units, sum(net_amount) AS net_revenue,
                               min(order_date) AS first_order_date, max(order_date) AS last_order_date
                        FROM {costed} GROUP BY customer_id) AS s
                  LEFT JOIN read_parquet({Out("customers")}) AS c USING (customer_id)
                  ORDER BY net_revenue DESC, customer_id
                ) TO {Out("customer_summary")} (FORMAT parquet)
                """),
            ("product_performance", $"""
                COPY (
                  SELECT *, rank() OVER (ORDER BY net_revenue DESC) AS revenue_rank, rank() OVER (ORDER BY units DESC) AS units_rank
                  FROM (SELECT product_id, product_title, category, count(DISTINCT order_id) AS orders, CAST(sum(quantity) AS BIGINT) AS units,
                               sum(net_amount) AS net_revenue, {Basis("price_basis")} AS price_basis
                        FROM {costed} GROUP BY product_id, product_title, category)
                  ORDER BY revenue_rank, product_id
                ) TO {Out("product_performance")} (FORMAT parquet)
                """),
        };

        if (queryLog is not null)
        {
            File.WriteAllText(queryLog + ".floor.sql", string.Join("\n\n", goldSteps.Select(s => $"-- {s.Name}\n{s.Sql};")));
        }

        return RunSteps(connection, "floor gold  ", goldSteps, name => Path.Combine(directory, name + ".parquet"));
    }

    /// <summary>
    /// Checks that the floor computed the same gold as the pipeline: per table, the rows (on the pipeline's columns, values
    /// compared as numbers where numeric, so that int vs bigint or 1.0 vs 1.00 do not count) as multisets; prints any mismatch.
    /// </summary>
    private static void CompareGold(string floorDirectory, string lake)
    {
        using var session = LakehouseSession.Create();
        var layout = new LakeLayout(lake);
        foreach (var table in new[] { "category_sales", "daily_category_sales", "customer_summary", "product_performance" })
        {
            var pipeline = session.Read.Delta(layout.GoldTable(table));
            var columns = pipeline.Columns.ToArray();
            var floor = session.Read.Parquet(Path.Combine(floorDirectory, table + ".parquet"));
            var missing = columns.Except(floor.Columns, StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                Console.WriteLine($"gold check MISMATCH {table}: the floor lacks {string.Join(", ", missing)}");
                continue;
            }

            static string Key(Row row) => string.Join("|", row.Values.Select(Normalize));
            var expected = pipeline.Select(columns).Collect().Select(Key).GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var actual = floor.Select(columns).Collect().Select(Key).GroupBy(k => k, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var onlyPipeline = expected.Where(e => actual.GetValueOrDefault(e.Key) != e.Value).Select(e => e.Key).ToList();
            var onlyFloor = actual.Where(a => expected.GetValueOrDefault(a.Key) != a.Value).Select(a => a.Key).ToList();
            Console.WriteLine(onlyPipeline.Count == 0 && onlyFloor.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"gold check ok {table}: floor = pipeline ({expected.Values.Sum():N0} rows x {columns.Length} columns)")
                : string.Create(CultureInfo.InvariantCulture, $"gold check MISMATCH {table} ({string.Join(",", columns)}): {onlyPipeline.Count} rows only in the pipeline (e.g. {onlyPipeline.FirstOrDefault()}), {onlyFloor.Count} only in the floor (e.g. {onlyFloor.FirstOrDefault()})"));
        }
    }

    private static string Normalize(object? value) => value switch
    {
        null => "NULL",
        decimal d => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        double x => x.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static double RunSteps(DuckDBConnection connection, string label, (string Name, string Sql)[] steps, Func<string, string> output)
    {
        var total = TimeSpan.Zero;
        foreach (var (name, sql) in steps)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                connection.ExecuteNonQuery(sql);
            }
            catch (Exception e)
            {
                Console.WriteLine($"{label} {name} FAILED after {watch.Elapsed.TotalSeconds:N1} s: {e.GetType().FullName}: {e.Message}");
                throw;
            }

            watch.Stop();
            total += watch.Elapsed;
            var rows = connection.ExecuteScalar($"SELECT count(*) FROM read_parquet({Sql(output(name))})");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} {name,-22} {watch.Elapsed.TotalSeconds,7:N2} s  rows {rows:N0}"));
        }

        return total.TotalSeconds;
    }

    /// <summary>Every statement with the seconds until the next one started (an upper bound of its own time).</summary>
    private static void WriteQueryLog(LakehouseSession session, string path)
    {
        var rows = session.Sql("SELECT CAST(timestamp AS VARCHAR) AS at, epoch_us(CAST(timestamp AS TIMESTAMP)) AS us, message FROM duckdb_logs WHERE type = 'QueryLog' ORDER BY timestamp").Collect();
        using var writer = new StreamWriter(path);
        for (var i = 0; i < rows.Count; i++)
        {
            var next = i + 1 < rows.Count ? rows[i + 1].GetInt64("us") : rows[i].GetInt64("us");
            var seconds = (next - rows[i].GetInt64("us")) / 1e6;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"#{i} {rows[i].GetString("at")} +{seconds:N3} s\n{rows[i].GetString("message")}\n"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"query log: {rows.Count} statements -> {path}"));
    }

    /// <summary>
    /// Where the pipeline's carts read spends its time: the same expressions the DataFrame compiler generates for the
    /// silver transform (lines, guarded json_transform, rescued data, md5), added one at a time, against read_json.
    /// </summary>
    private static void Diagnose(Dictionary<string, string> settings, BronzeBatch carts)
    {
        using var database = DuckDBDatabase.Open(settings: settings);
        using var connection = database.Connect();
        var files = "[" + string.Join(", ", carts.FilePaths.Select(Sql)) + "]";
        const string Shape = "{\"id\":\"VARCHAR\",\"userId\":\"VARCHAR\",\"total\":\"VARCHAR\",\"discountedTotal\":\"VARCHAR\",\"totalProducts\":\"VARCHAR\",\"totalQuantity\":\"VARCHAR\",\"products\":[{\"id\":\"VARCHAR\",\"title\":\"VARCHAR\",\"price\":\"VARCHAR\",\"quantity\":\"VARCHAR\",\"total\":\"VARCHAR\",\"discountPercentage\":\"VARCHAR\",\"discountedTotal\":\"VARCHAR\"}]}";
        var lines = $"(SELECT value AS raw FROM read_csv({files}, columns = {{'value': 'VARCHAR'}}, header = false, delim = '\x1E\x1F', quote = '', escape = '', auto_detect = false, strict_mode = false))";
        var ndjsonObjects = $"(SELECT json AS raw FROM read_ndjson_objects({files}))";
        const string Object = "starts_with(ltrim(raw, chr(32) || chr(9) || chr(10) || chr(13)), '{')";
        const string Known = "['id', 'userId', 'total', 'discountedTotal', 'totalProducts', 'totalQuantity', 'products']::VARCHAR[]";
        var parsed = $"CASE WHEN {Object} THEN try(json_transform(raw, '{Shape}')) END";
        const string Rescued = $"CASE WHEN {Object} THEN try(CASE WHEN NOT list_has_all({Known}, json_keys(raw)) THEN nullif(CAST(to_json(map_from_entries(list_filter(map_entries(CAST(json(raw) AS MAP(VARCHAR, JSON))), e -> NOT list_contains({Known}, e.key)))) AS VARCHAR), '{{}}') END) END";
        var steps = new (string Name, string Sql)[]
        {
            ("read_json typed (floor's read)", $"SELECT sum(length(id)) FROM read_json({files}, format = 'newline_delimited', columns = {{id: 'VARCHAR', userId: 'VARCHAR', total: 'VARCHAR'}})"),
            ("lines (read_csv, as the text source)", $"SELECT sum(length(raw)) FROM {lines}"),
            ("read_ndjson_objects (lines as JSON)", $"SELECT sum(length(raw)) FROM {ndjsonObjects}"),
            ("lines + json_transform (unguarded)", $"SELECT sum(length(json_transform(raw, '{Shape}').id)) FROM {lines}"),
            ("lines + guarded json_transform", $"SELECT sum(length(({parsed}).id)) FROM {lines}"),
            ("lines + md5 (the dedupe tie-break)", $"SELECT count(md5(raw)) FROM {lines}"),
            ("lines + rescued data only", $"SELECT sum(length({Rescued})) FROM {lines}"),
            ("lines + parsed + rescued (the transform)", $"SELECT sum(length(({parsed}).id)), sum(length({Rescued})) FROM {lines}"),
            ("read_ndjson_objects + parsed + rescued", $"SELECT sum(length(({parsed}).id)), sum(length({Rescued})) FROM {ndjsonObjects}"),
            ("materialize raw + r + rescued (as Cache)", $"CREATE TEMP TABLE diag AS SELECT raw, {parsed} AS r, {Rescued} AS rescued FROM {lines}"),
            ("materialize without raw and r", $"CREATE OR REPLACE TEMP TABLE diag AS SELECT ({parsed}).id AS id, {Rescued} AS rescued FROM {lines}"),
        };
        foreach (var (name, sql) in steps)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                connection.ExecuteNonQuery(sql);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  diagnose {name,-42} {watch.Elapsed.TotalSeconds,7:N2} s"));
            }
            catch (DuckDBException e)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  diagnose {name,-42} FAILED after {watch.Elapsed.TotalSeconds:N2} s: {e.Message}"));
            }
        }
    }

    /// <summary>
    /// One row per business key, as silver: the latest ingest date, then batch, then a content hash (silver hashes the raw
    /// record with md5, which both engines have; the floor, which never holds the record, hashes the typed row with
    /// DuckDB's cheaper hash()). "window": QUALIFY row_number(); "semi": each key's winning order first (a grouped max),
    /// then a semi-join of the rows to it, over the rows materialised once.
    /// </summary>
    private static string Dedupe(string strategy, string keys, string rows)
    {
        const string Hashed = "SELECT *, lpad(CAST(hash(c0) AS VARCHAR), 20, '0') AS _h FROM ({0}) AS c0";
        if (strategy == "window")
        {
            return $"SELECT * EXCLUDE (_h) FROM ({string.Format(CultureInfo.InvariantCulture, Hashed, rows)}) "
                + $"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY _source_ingest_date DESC, _source_batch DESC, _h DESC) = 1";
        }

        var names = keys.Split(", ");
        var matches = string.Join(" AND ", names.Select(k => $"c.{k} IS NOT DISTINCT FROM w.{k}"));
        return $"WITH c AS MATERIALIZED (SELECT *, concat_ws(chr(1), CAST(_source_ingest_date AS VARCHAR), _source_batch, _h) AS _o FROM ({string.Format(CultureInfo.InvariantCulture, Hashed, rows)})) "
            + $"SELECT * EXCLUDE (_o, _h) FROM c SEMI JOIN (SELECT {keys}, max(_o) AS _o FROM c GROUP BY ALL) AS w ON {matches} AND c._o = w._o";
    }

    private static string ReadJson(BronzeBatch batch, string columns) =>
        $"read_json([{string.Join(", ", batch.FilePaths.Select(Sql))}], format = 'newline_delimited', columns = {{{columns}}})";

    private static string Date(BronzeBatch batch) => $"DATE {Sql(BronzeCatalog.IngestDateText(batch))}";

    private static string Sql(string text)
    {
        var builder = new StringBuilder("'");
        builder.Append(text.Replace("'", "''", StringComparison.Ordinal));
        return builder.Append('\'').ToString();
    }
}
