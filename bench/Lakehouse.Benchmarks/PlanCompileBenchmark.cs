using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Compiler;
using static Lakehouse.DataFrame.Functions;
using Frame = Lakehouse.DataFrame.DataFrame;

namespace Lakehouse.Benchmarks;

/// <summary>
/// Compiling a realistic ~50-node DataFrame plan (in-memory reads, Range, WithColumn, Filter, joins, GroupBy/Agg,
/// windows, OrderBy) to DuckDB SQL (<see cref="Frame.Explain"/>) and to a Spark Connect relation, per compilation,
/// against a baseline measured in the same process: building the same plan with the DataFrame calls.
/// Arguments: [iterations=20000] [warmup=2000].
/// </summary>
internal static class PlanCompileBenchmark
{
    public static Task RunAsync(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        using var session = LakehouseSession.Create();

        var sample = Build(session);
        var nodes = CountNodes(sample);
        var sql = sample.Explain();
        var relation = SparkConnectPlanCompiler.CompileRelation(sample);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan: {nodes} logical plan nodes, DuckDB SQL {sql.Length:N0} chars, Spark Connect relation {relation.CalculateSize():N0} bytes"));

        // Warm-up (JIT, tiering), then N iterations of each step over the same plan.
        long sink = 0;
        for (var i = 0; i < warmup; i++)
        {
            sink += Build(session).Columns.Count;
            sink += sample.Explain().Length;
            sink += SparkConnectPlanCompiler.CompileRelation(sample).CalculateSize();
        }

        var build = Measure(iterations, () => Build(session).Columns.Count);
        var duck = Measure(iterations, () => sample.Explain().Length);
        var spark = Measure(iterations, () => SparkConnectPlanCompiler.CompileRelation(sample).CalculateSize());
        sink += build.Sink + duck.Sink + spark.Sink;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"iterations: {iterations:N0} each, after {warmup:N0} warm-up (sink {sink})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"build plan (DataFrame calls, baseline): {build.Microseconds,9:N1} us/plan   alloc {build.BytesPerOp / 1024.0,8:N1} KB/op"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compile to DuckDB SQL (Explain):        {duck.Microseconds,9:N1} us/plan   alloc {duck.BytesPerOp / 1024.0,8:N1} KB/op"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compile to Spark Connect relation:      {spark.Microseconds,9:N1} us/plan   alloc {spark.BytesPerOp / 1024.0,8:N1} KB/op"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratios: duckdb/build {duck.Microseconds / build.Microseconds:N2}, spark/build {spark.Microseconds / build.Microseconds:N2}"));

        // How compile time grows with plan depth: Range and k chained WithColumn (linear would double per row).
        Console.WriteLine("scaling with depth (Range + k x WithColumn), per compilation:");
        foreach (var depth in new[] { 25, 50, 100, 200 })
        {
            var chain = session.Range(10);
            for (var i = 0; i < depth; i++)
            {
                chain = chain.WithColumn("c" + i.ToString(CultureInfo.InvariantCulture), Col("id") + i);
            }

            var runs = Math.Max(50, iterations / depth);
            Measure(runs / 5, () => chain.Explain().Length);
            Measure(runs / 5, () => SparkConnectPlanCompiler.CompileRelation(chain).CalculateSize());
            var d = Measure(runs, () => chain.Explain().Length);
            var s = Measure(runs, () => SparkConnectPlanCompiler.CompileRelation(chain).CalculateSize());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  k={depth,4}: DuckDB SQL {d.Microseconds,10:N1} us  {d.BytesPerOp / 1024.0,9:N1} KB/op  {chain.Explain().Length,9:N0} chars | Spark Connect {s.Microseconds,8:N1} us  {s.BytesPerOp / 1024.0,7:N1} KB/op"));
        }

        return Task.CompletedTask;
    }

    private static (double Microseconds, double BytesPerOp, long Sink) Measure(int iterations, Func<int> step)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        long sink = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            sink += step();
        }

        watch.Stop();
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return (watch.Elapsed.TotalMicroseconds / iterations, (double)bytes / iterations, sink);
    }

    /// <summary>An order-lines analysis much like gold's: three in-memory tables and a range, joined, aggregated and ranked.</summary>
    internal static Frame Build(LakehouseSession session)
    {
        var lines = session.CreateDataFrame(
            [
                ["O000001", 1, "P000001", "C000001", 3, 9.99m, 0.10m],
                ["O000001", 2, "P000002", "C000001", 1, 19.50m, 0.00m],
                ["O000002", 1, "P000001", "C000002", 2, 9.99m, 0.05m],
            ],
            new StructType(
            [
                new StructField("order_id", DataType.String), new StructField("line_number", DataType.Integer), new StructField("product_id", DataType.String),
                new StructField("customer_id", DataType.String), new StructField("quantity", DataType.Integer), new StructField("unit_price", new DecimalType(12, 2)),
                new StructField("discount", new DecimalType(5, 2)),
            ]));
        var products = session.CreateDataFrame(
            [["P000001", " Lipstick ", "beauty"], ["P000002", "Sofa", "furniture"]],
            new StructType([new StructField("product_id", DataType.String), new StructField("title", DataType.String), new StructField("category", DataType.String)]));
        var ratios = session.CreateDataFrame(
            [["beauty", 0.45m], ["furniture", 0.62m]],
            new StructType([new StructField("category", DataType.String), new StructField("cost_ratio", new DecimalType(6, 4))]));
        var days = session.Range(0, 30)
            .WithColumn("order_date", Expr("date_add(DATE'2026-01-01', cast(id as int))"))
            .WithColumn("day_index", Col("id") % 7)
            .Filter(Col("day_index") != 6);

        var enriched = lines
            .Filter(Col("quantity") > 0)
            .WithColumn("gross_amount", (Col("unit_price") * Col("quantity")).Cast(new DecimalType(12, 2)))
            .WithColumn("net_amount", Round(Col("gross_amount") * (Lit(1) - Col("discount")), 2))
            .WithColumn("order_key", Upper(Trim(Col("order_id"))))
            .WithColumn("id", Substring(Col("order_id"), 2, 6).Cast(DataType.Long) % 30)
            .Join(days.Select("id", "order_date"), ["id"], "left")
            .Drop("id")
            .Join(products.WithColumn("title", Trim(Col("title"))).WithColumn("category", Lower(Col("category"))), ["product_id"], "left")
            .Join(ratios, ["category"], "left")
            .WithColumn("unit_cost", Round(Col("unit_price") * Coalesce(Col("cost_ratio"), Lit(0.5m)), 2))
            .WithColumn("line_cost", (Col("unit_cost") * Col("quantity")).Cast(new DecimalType(14, 2)))
            .WithColumn("basis", When(Col("cost_ratio").IsNotNull(), "category_ratio").Otherwise("default_ratio"))
            .Filter(Col("order_date").IsNotNull() | Col("category").IsNotNull());

        var perCategory = enriched
            .GroupBy(Col("category"), Col("order_date"))
            .Agg(
                CountDistinct(Col("order_id")).As("orders"),
                Sum(Col("quantity")).Cast(DataType.Long).As("units"),
                Sum(Col("net_amount")).As("net_revenue"),
                Sum(Col("line_cost")).As("cost"),
                Max(Col("basis")).As("basis"))
            .WithColumn("profit", Col("net_revenue") - Col("cost"))
            .WithColumn("margin", Round(Col("profit") / Col("net_revenue"), 4))
            .WithColumn("rank", DenseRank().Over(Window.PartitionBy(Col("order_date")).OrderBy(Col("profit").DescNullsLast())))
            .WithColumn("running", Sum(Col("net_revenue")).Over(Window.PartitionBy(Col("category")).OrderBy(Col("order_date").Asc()).RowsBetween(Window.UnboundedPreceding, 0)))
            .Filter(Col("rank") <= 10);

        var customers = session.CreateDataFrame(
            [["C000001", "Ada", "gold"], ["C000002", "Linus", "silver"]],
            new StructType([new StructField("customer_id", DataType.String), new StructField("name", DataType.String), new StructField("segment", DataType.String)]));
        var best = lines
            .Join(customers, ["customer_id"], "inner")
            .Join(products.Select("product_id", "category"), ["product_id"], "inner")
            .GroupBy(Col("category"))
            .Agg(CountDistinct(Col("customer_id")).As("customers"), Max(Col("segment")).As("top_segment"));

        return perCategory
            .Join(best, ["category"], "left")
            .WithColumn("lag_profit", Lag(Col("profit"), 1).Over(Window.PartitionBy(Col("category")).OrderBy(Col("order_date").Asc())))
            .WithColumn("growth", Round((Col("profit") - Col("lag_profit")) / Col("lag_profit"), 4))
            .Drop("lag_profit")
            .WithColumn("label", ConcatWs(" / ", Col("category"), DateFormat(Col("order_date"), "yyyy-MM-dd")))
            .WithColumnRenamed("top_segment", "segment")
            .WithColumn("year", Year(Col("order_date")))
            .WithColumn("month", Month(Col("order_date")))
            .Filter(Col("units") > 0)
            .WithColumn("customers", Coalesce(Col("customers"), Lit(0L)))
            .Select("label", "category", "order_date", "year", "month", "orders", "units", "customers", "segment", "net_revenue", "profit", "margin", "rank", "running", "growth")
            .Distinct()
            .OrderBy(Col("order_date").Asc(), Col("rank").Asc(), Col("category").Asc())
            .Limit(1000);
    }

    /// <summary>The logical plan nodes (the DataFrame's internal plan, counted once, by reflection).</summary>
    private static int CountNodes(Frame frame)
    {
        var plan = typeof(Frame).GetProperty("Plan", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(frame)!;
        return Count(plan);

        static int Count(object node)
        {
            var children = (IEnumerable)node.GetType().GetProperty("Children")!.GetValue(node)!;
            var total = 1;
            foreach (var child in children)
            {
                total += Count(child!);
            }

            return total;
        }
    }
}
