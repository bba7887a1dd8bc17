using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;

namespace Lakehouse.Silver.Tests;

/// <summary>
/// The key-first dedupe picks the winner a window <c>row_number() OVER (PARTITION BY key ORDER BY ingest DESC, batch DESC,
/// fingerprint(raw) DESC)</c> would; the expected winners are computed here from the raw lines (hashed by the engine).
/// </summary>
public sealed class DedupeTests : IDisposable
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);
    private static readonly DateOnly Day2 = new(2026, 11, 2);

    private readonly DirectoryInfo _lake = Directory.CreateTempSubdirectory("lakehouse-dedupe-");
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose()
    {
        _session.Dispose();
        _lake.Delete(recursive: true);
    }

    private static string Product(int id, string price, string title = "Phone") =>
        $"{{\"id\":{id},\"title\":\"{title}\",\"category\":\"smartphones\",\"price\":{price},\"discountPercentage\":1,\"stock\":5,\"sku\":\"s\"}}";

    private static string Cart(string? id, params (int Product, int Quantity)[] lines) =>
        "{" + (id is null ? string.Empty : $"\"id\":{id},") + "\"userId\":3,\"total\":1,\"discountedTotal\":1,\"totalProducts\":1,\"totalQuantity\":1,\"products\":["
        + string.Join(",", lines.Select(l => $"{{\"id\":{l.Product},\"title\":\"T\",\"price\":1,\"quantity\":{l.Quantity},\"total\":{l.Quantity},\"discountPercentage\":0,\"discountedTotal\":{l.Quantity}}}"))
        + "]}";

    /// <summary>The engine's fingerprint of each line (the hash silver orders records by).</summary>
    private Dictionary<string, long> Fingerprints(IEnumerable<string> lines) =>
        _session.CreateDataFrame(lines.Distinct().Select(l => (IReadOnlyList<object?>)[l]), new StructType([new StructField("line", DataType.String)]))
            .Select(Functions.Col("line"), Functions.Fingerprint(Functions.Col("line")).As("hash"))
            .Collect()
            .ToDictionary(r => r.GetString("line")!, r => r.GetInt64("hash"), StringComparer.Ordinal);

    /// <summary>The winner per key: latest ingest date, then latest batch id, then greatest fingerprint of the raw line.</summary>
    private Dictionary<TKey, string> WindowWinners<TKey>(IEnumerable<(DateOnly Day, string Batch, string Line)> records, Func<string, IEnumerable<TKey>> keys)
        where TKey : notnull
    {
        var all = records.ToList();
        var hashes = Fingerprints(all.Select(r => r.Line));
        return all
            .SelectMany(r => keys(r.Line).Select(k => (Key: k, r.Day, r.Batch, r.Line)))
            .GroupBy(r => r.Key)
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(r => r.Day).ThenByDescending(r => r.Batch, StringComparer.Ordinal).ThenByDescending(r => hashes[r.Line]).First().Line);
    }

    private List<Row> Accepted(SilverEntity entity, params BronzeBatch[] batches)
    {
        var pipeline = new EntityPipeline(entity);
        var flagged = pipeline.Transform(EntityPipeline.ReadBatches(_session, batches)).Cache();
        try
        {
            return pipeline.Accepted(flagged).Collect();
        }
        finally
        {
            flagged.Unpersist();
        }
    }

    [Fact]
    public void Products_DuplicatesWithinAndAcrossBatches_TheWindowsWinnerIsKept()
    {
        var day1 = new[] { Product(1, "10.01"), Product(1, "10.02"), Product(1, "10.03"), Product(1, "10.04"), Product(1, "10.05"), Product(2, "20.00"), Product(3, "30.01"), Product(3, "30.02") };
        var day2a = new[] { Product(2, "21.01"), Product(2, "21.02"), Product(2, "21.03") };
        var day2b = new[] { Product(2, "22.01"), Product(3, "31.01") };
        var batches = new[]
        {
            BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, day1),
            BronzeWriter.Land(_lake.FullName, "shop", "products", "r2a", Day2, day2a),
            BronzeWriter.Land(_lake.FullName, "shop", "products", "r2b", Day2, day2b),
        };
        var records = day1.Select(l => (Day1, "r1", l)).Concat(day2a.Select(l => (Day2, "r2a", l))).Concat(day2b.Select(l => (Day2, "r2b", l)));
        var expected = WindowWinners<int>(records, line => [System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("id").GetInt32()]);

        var rows = Accepted(DummyJsonProfile.Products("shop"), batches);

        rows.Select(r => r.GetString("product_id")).Should().OnlyHaveUniqueItems().And.HaveCount(3);
        foreach (var row in rows)
        {
            var id = int.Parse(row.GetString("product_id")![1..], System.Globalization.CultureInfo.InvariantCulture);
            var winner = System.Text.Json.JsonDocument.Parse(expected[id]).RootElement.GetProperty("price").GetDecimal();
            row.GetDecimal("price").Should().Be(winner, $"product {id}'s winner is the latest batch's record with the greatest fingerprint");
        }

        rows.Single(r => r.GetString("product_id") == "P000002").GetString("_source_batch").Should().Be("r2b", "the same ingest date: the greater batch id wins");
    }

    [Fact]
    public void Products_ByteIdenticalDuplicates_KeepExactlyOneRow()
    {
        var batch = BronzeWriter.Land(_lake.FullName, "shop", "products", "r1", Day1, [Product(1, "10.00"), Product(1, "10.00"), Product(1, "10.00"), Product(2, "5.00")]);

        var rows = Accepted(DummyJsonProfile.Products("shop"), batch);

        rows.Select(r => (r.GetString("product_id"), r.GetDecimal("price"))).Should().BeEquivalentTo([("P000001", 10.00m), ("P000002", 5.00m)]);
    }

    [Fact]
    public void OrderLines_DuplicateCartsAndNullKeys_OneRowPerKeyFromTheWinningCart()
    {
        var lines = new[]
        {
            Cart("7", (1, 1), (2, 2)), Cart("7", (1, 3), (2, 4), (3, 5)), Cart("7", (1, 6)), Cart("8", (4, 1)),
            Cart(null, (5, 1)), Cart(null, (5, 2), (6, 2)),
        };
        var batch = BronzeWriter.Land(_lake.FullName, "shop", "carts", "r1", Day1, lines);
        var expected = WindowWinners<string>(
            lines.Select(l => (Day1, "r1", l)),
            line =>
            {
                var root = System.Text.Json.JsonDocument.Parse(line).RootElement;
                var id = root.TryGetProperty("id", out var value) ? value.GetInt32().ToString("D6", System.Globalization.CultureInfo.InvariantCulture) : "NULL";
                return Enumerable.Range(1, root.GetProperty("products").GetArrayLength()).Select(n => $"{id}/{n}");
            });

        var rows = Accepted(DummyJsonProfile.OrderLines("shop"), batch);

        var actual = rows.ToDictionary(r => $"{r.GetString("order_id")?[1..] ?? "NULL"}/{r.GetInt32("line_number")}", r => r.GetInt32("quantity"));
        actual.Keys.Should().BeEquivalentTo(expected.Keys, "one row per (order, line), a NULL order included, as the window's partitions");
        foreach (var (key, line) in expected)
        {
            var number = int.Parse(key.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
            var quantity = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("products")[number - 1].GetProperty("quantity").GetInt32();
            actual[key].Should().Be(quantity, $"line {key} comes from the cart with the greatest fingerprint");
        }
    }

    [Fact]
    public void Orders_ParseOnlyWhatTheyUse_ButUnknownFieldsAreStillRescued()
    {
        var pipeline = new EntityPipeline(DummyJsonProfile.Orders("shop"));
        pipeline.ParsedSchema().Should().NotContain("products", "orders read no line, so the lines are not parsed");
        var batch = BronzeWriter.Land(_lake.FullName, "shop", "carts", "r1", Day1, [Cart("7", (1, 1)).Replace("\"userId\"", "\"note\":\"gift\",\"userId\"", StringComparison.Ordinal)]);

        var row = Accepted(DummyJsonProfile.Orders("shop"), batch).Single();

        row.GetString("order_id").Should().Be("O000007");
        row.GetString("_rescued_data").Should().Be("{\"note\":\"gift\"}", "products is a known field (parsed or not); note is not");
    }
}
