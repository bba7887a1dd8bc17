using Lakehouse.DuckDB.Functions;

namespace Lakehouse.DuckDB.Tests.Functions;

public sealed class LakehouseFunctionsTests : IDisposable
{
    private readonly DuckDBDatabase _database = DuckDBDatabase.Open(settings: new Dictionary<string, string> { ["threads"] = "2" });
    private readonly DuckDBConnection _connection;

    public LakehouseFunctionsTests() => _connection = _database.Connect();

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }

    [Fact]
    public void JsonKeysKnown_IsInEveryOpenedDatabase_AndPassesNullThrough()
    {
        using var reader = _connection.ExecuteReader(
            $"SELECT {LakehouseFunctions.JsonKeysKnown}(j, k) FROM (VALUES (1, '{{\"a\":1}}', ['a']), (2, '{{\"b\":1}}', ['a']), (3, NULL, ['a']), (4, '{{}}', NULL), (5, '{{\"a\":1}}', [NULL, 'a'])) t(i, j, k) ORDER BY i");
        var results = new List<bool?>();
        while (reader.Read())
        {
            results.Add(reader.IsDBNull(0) ? null : reader.GetBoolean(0));
        }

        results.Should().Equal(true, false, null, null, true);
    }

    [Fact]
    public void JsonKeysKnown_OverManyChunksOnSeveralThreads_AgreesWithJsonKeys()
    {
        // 100,000 rows: many chunks, run in parallel; every fifth record has an unknown key and every seventh an escaped one.
        const string Rows = """
            SELECT i, CASE WHEN i % 5 = 0 THEN '{"id":' || i || ',"x":[{"t":"]}"}]}'
                           WHEN i % 7 = 0 THEN '{"\u0069d":' || i || '}'
                           ELSE '{"id":' || i || ',"lines":[{"t":"' || repeat('}', i % 90) || '"}],"n":1}' END AS j
            FROM range(100000) r(i)
            """;
        var sql = $"""
            SELECT count(*) FILTER (WHERE {LakehouseFunctions.JsonKeysKnown}(j, ['id', 'lines', 'n'])),
                   count(*) FILTER (WHERE list_bool_and(list_transform(json_keys(j), k -> k IN ('id', 'lines', 'n')))),
                   count(*) FILTER (WHERE {LakehouseFunctions.JsonKeysKnown}(j, ['id', 'lines', 'n'])
                                      AND NOT list_bool_and(list_transform(json_keys(j), k -> k IN ('id', 'lines', 'n'))))
            FROM ({Rows})
            """;
        using var reader = _connection.ExecuteReader(sql);
        reader.Read().Should().BeTrue();

        var escaped = Enumerable.Range(0, 100000).Count(i => i % 5 != 0 && i % 7 == 0);
        reader.GetInt64(2).Should().Be(0, "the function never says known when json_keys finds an unknown key");
        reader.GetInt64(0).Should().Be(reader.GetInt64(1) - escaped, "it finds every other record json_keys finds known");
    }
}
