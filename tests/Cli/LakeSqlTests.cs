using System.Text.Json;
using Lakehouse.Common.Lake;
using Lakehouse.Cli.Sql;
using Lakehouse.Delta;
using Lakehouse.DuckDB;

namespace Lakehouse.Cli.Tests;

public sealed class LakeSqlTests
{
    private static readonly StructType Products = new([new StructField("id", PrimitiveType.Long), new StructField("title", PrimitiveType.String)]);

    private static readonly JsonSerializerOptions ManifestJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static string NewTable(string root, string relative, string rowsSql)
    {
        var path = Path.Combine(root, relative);
        using var table = DeltaTable.ForPath(path);
        table.Create(Products);
        table.Append(rowsSql);
        return path;
    }

    private static List<object?[]> Query(DuckDBConnection connection, string sql, string? lake)
    {
        var prepared = LakeSql.Prepare(connection, sql, lake);
        using var reader = connection.ExecuteReader(prepared);
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i))]);
        }

        return rows;
    }

    private static void LandBatch(string lake, string source, string entity, string runId, DateOnly date, string[] lines, bool withManifest = true)
    {
        var folder = new LakeLayout(lake).BronzeBatch(source, entity, date, runId);
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "part-00000.json"), lines);
        if (!withManifest)
        {
            return;
        }

        var manifest = new BatchManifest
        {
            RunId = runId, Source = source, Entity = entity, SourceUrl = "http://localhost/x", IngestDate = date, Format = "ndjson", Pages = 1,
            Records = lines.Length, DuplicateRecords = 0, Files = [new BatchFile("part-00000.json", lines.Length, 1, "00")],
            StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        };
        File.WriteAllBytes(Path.Combine(folder, LakeLayout.ManifestFileName), JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson));
    }

    private static DuckDBConnection Connect(DuckDBDatabase database) => database.Connect();

    [Fact]
    public void Prepare_SilverAndGoldNames_ReadTheDeltaTablesOfTheLake()
    {
        using var lake = new TempDirectory();
        NewTable(lake.Path, "silver/products", "SELECT * FROM (VALUES (1, 'phone'), (2, 'lamp')) AS t(id, title)");
        NewTable(lake.Path, "gold/top", "SELECT 1 AS id, 'phone' AS title");
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        var rows = Query(connection, "SELECT p.title FROM silver.products AS p JOIN gold.top USING (id) ORDER BY 1", lake.Path);
        rows.Select(r => r[0]).Should().Equal("phone");
        LakeSql.Prepare(connection, "SELECT count(*) FROM silver.products, gold.top", lake.Path)
            .Should().Be("SELECT count(*) FROM \"silver.products\", \"gold.top\"");
    }

    [Fact]
    public void Prepare_DeltaPathRelativeToTheLake_WithVersionAndTimestampAsOf()
    {
        using var lake = new TempDirectory();
        var path = NewTable(lake.Path, "tables/t", "SELECT 1 AS id, 'a' AS title");
        using (var table = DeltaTable.Open(path))
        {
            table.Append("SELECT 2 AS id, 'b' AS title");
        }

        var v1 = File.GetLastWriteTimeUtc(Path.Combine(path, "_delta_log", "00000000000000000001.json"));
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        Query(connection, "SELECT count(*) FROM delta.`tables/t`", lake.Path).Single()[0].Should().Be(2L);
        Query(connection, "SELECT count(*) FROM delta.`tables/t` VERSION AS OF 1", lake.Path).Single()[0].Should().Be(1L);
        Query(connection, $"SELECT count(*) FROM delta.`{path}` TIMESTAMP AS OF '{v1:yyyy-MM-dd HH:mm:ss.fffffff}'", null).Single()[0].Should().Be(1L);
        Query(connection, "SELECT a.n - b.n FROM (SELECT count(*) AS n FROM delta.`tables/t`) a, (SELECT count(*) AS n FROM delta.`tables/t` VERSION AS OF 1) b", lake.Path)
            .Single()[0].Should().Be(1L);
    }

    [Fact]
    public void Prepare_LiteralsCommentsAndQualifiedColumns_AreLeftUntouched()
    {
        using var lake = new TempDirectory();
        NewTable(lake.Path, "silver/products", "SELECT 1 AS id, 'x' AS title");
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        const string sql = "SELECT 'FROM silver.products' AS s, \"silver.products\".title, silver.id -- FROM gold.nothing\n"
            + "FROM silver.products /* JOIN gold.nothing */ CROSS JOIN (SELECT 7 AS id) AS silver";
        var prepared = LakeSql.Prepare(connection, sql, lake.Path);
        prepared.Should().Be(sql.Replace("FROM silver.products /*", "FROM \"silver.products\" /*", StringComparison.Ordinal));
        using var reader = connection.ExecuteReader(prepared);
        reader.Read().Should().BeTrue();
        reader.GetValue(0).Should().Be("FROM silver.products");
        reader.GetValue(1).Should().Be("x");
        reader.GetValue(2).Should().Be(7);
    }

    [Fact]
    public void Prepare_WithoutLake_LeavesLakeNamesToTheEngine()
    {
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        LakeSql.Prepare(connection, "SELECT * FROM silver.products", null).Should().Be("SELECT * FROM silver.products");
    }

    [Theory]
    [InlineData("SELECT * FROM silver.\"../etc\"")]
    [InlineData("SELECT * FROM gold.\"a/b\"")]
    [InlineData("SELECT * FROM bronze.\"%2E%2E\"")]
    public void Prepare_NameThatIsNotALakeName_IsRefusedBeforeAnyPath(string sql)
    {
        using var lake = new TempDirectory();
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        var act = () => LakeSql.Prepare(connection, sql, lake.Path);
        act.Should().Throw<ArgumentException>().WithMessage("*is not allowed*");
    }

    [Fact]
    public void Prepare_MissingTable_FailsNamingIt()
    {
        using var lake = new TempDirectory();
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        var act = () => LakeSql.Prepare(connection, "SELECT * FROM silver.nothing", lake.Path);
        act.Should().Throw<DeltaTableNotFoundException>().WithMessage("*silver*nothing*");
    }

    [Fact]
    public void Prepare_LakePathWithAQuote_IsEscapedInTheView()
    {
        using var temp = new TempDirectory();
        var lake = Path.Combine(temp.Path, "it's a lake");
        NewTable(lake, "silver/products", "SELECT 1 AS id, 'x' AS title");
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        Query(connection, "SELECT title FROM silver.products", lake).Single()[0].Should().Be("x");
    }

    [Fact]
    public void Prepare_BronzeEntity_ReadsEveryLandedBatchWithBatchIdAndIngestDate()
    {
        using var lake = new TempDirectory();
        LandBatch(lake.Path, "dummyjson", "products", "run-1", new DateOnly(2024, 1, 1), ["""{"id":1,"title":"phone"}""", """{"id":2,"title":"lamp"}"""]);
        LandBatch(lake.Path, "dummyjson", "products", "run-2", new DateOnly(2024, 1, 2), ["""{"id":3,"title":"desk","price":9.5}"""]);
        LandBatch(lake.Path, "dummyjson", "products", "run-3", new DateOnly(2024, 1, 3), ["""{"id":4}"""], withManifest: false);
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        var rows = Query(connection, "SELECT _batch_id, _ingest_date, id, title, price FROM bronze.products ORDER BY id", lake.Path);
        rows.Select(r => ((string)r[0]!, (DateOnly)r[1]!, (long)r[2]!, (string?)r[3], r[4])).Should().Equal(
            ("run-1", new DateOnly(2024, 1, 1), 1L, "phone", null),
            ("run-1", new DateOnly(2024, 1, 1), 2L, "lamp", null),
            ("run-2", new DateOnly(2024, 1, 2), 3L, "desk", 9.5));
    }

    [Fact]
    public void Prepare_BronzeEntityOfTwoSources_FailsNamingBoth()
    {
        using var lake = new TempDirectory();
        LandBatch(lake.Path, "api", "orders", "r1", new DateOnly(2024, 1, 1), ["""{"id":1}"""]);
        LandBatch(lake.Path, "files", "orders", "r2", new DateOnly(2024, 1, 1), ["""{"id":2}"""]);
        using var database = DuckDBDatabase.Open();
        using var connection = Connect(database);
        var act = () => LakeSql.Prepare(connection, "SELECT * FROM bronze.orders", lake.Path);
        act.Should().Throw<DeltaException>().WithMessage("*'orders' is ambiguous*api, files*");
    }
}
