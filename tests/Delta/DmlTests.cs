using System.Text.Json;

namespace Lakehouse.Delta.Tests;

/// <summary>MERGE, DELETE, UPDATE, replaceWhere, dynamic partition overwrite, schema evolution: commits checked action by action and read back.</summary>
public sealed class DmlTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static readonly StructType IdName = new([new StructField("id", PrimitiveType.Long, nullable: false), new StructField("name", PrimitiveType.String)]);

    private static readonly StructType Sales = new([new StructField("id", PrimitiveType.Long), new StructField("day", PrimitiveType.Date), new StructField("amount", PrimitiveType.Double)]);

    private static DeltaTable NewTable(TempDirectory dir, FixedTimeProvider? clock = null) =>
        DeltaTable.ForPath(dir.Path, new DeltaTableOptions { TimeProvider = clock ?? new FixedTimeProvider(Now) });

    /// <summary>A table with three files: ids 1-2, 3-4, 5-6 (names a..f).</summary>
    private static DeltaTable ThreeFiles(TempDirectory dir, FixedTimeProvider? clock = null)
    {
        var table = NewTable(dir, clock);
        table.Create(IdName);
        table.Append("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name)");
        table.Append("SELECT * FROM (VALUES (3, 'c'), (4, 'd')) AS t(id, name)");
        table.Append("SELECT * FROM (VALUES (5, 'e'), (6, 'f')) AS t(id, name)");
        return table;
    }

    private static List<JsonElement> CommitLines(string tablePath, long version) =>
        [.. File.ReadLines(Path.Combine(tablePath, "_delta_log", LogPaths.CommitName(version))).Select(l => JsonDocument.Parse(l).RootElement)];

    private static List<JsonElement> Actions(List<JsonElement> lines, string kind) =>
        [.. lines.Where(l => l.TryGetProperty(kind, out _)).Select(l => l.GetProperty(kind))];

    private static JsonElement CommitInfo(List<JsonElement> lines) => lines[0].GetProperty("commitInfo");

    private static List<(long Id, string? Name)> IdNames(DeltaTable table, Snapshot? snapshot = null) =>
        [.. Rows.Read(table, snapshot ?? table.GetSnapshot()).Select(r => ((long)r[0]!, (string?)r[1])).OrderBy(r => r.Item1)];

    private static void AssertRemoveIsComplete(JsonElement remove, AddFile removedFile)
    {
        remove.EnumerateObject().Select(p => p.Name).Should().Equal("path", "deletionTimestamp", "dataChange", "extendedFileMetadata", "partitionValues", "size");
        remove.GetProperty("path").GetString().Should().Be(removedFile.Path);
        remove.GetProperty("deletionTimestamp").GetInt64().Should().Be(Now.ToUnixTimeMilliseconds());
        remove.GetProperty("dataChange").GetBoolean().Should().BeTrue();
        remove.GetProperty("extendedFileMetadata").GetBoolean().Should().BeTrue();
        remove.GetProperty("size").GetInt64().Should().Be(removedFile.Size);
        remove.GetProperty("partitionValues").EnumerateObject().Select(p => (p.Name, p.Value.GetString()))
            .Should().BeEquivalentTo(removedFile.PartitionValues.Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Merge_MatchedAndNotMatched_RewritesOnlyTheFileWithTheKeyAndCommitsSparksActions()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var before = table.GetSnapshot();
        var fileWithThree = before.Files.Single(f => f.Stats!.Contains("\"minValues\":{\"id\":3", StringComparison.Ordinal));

        var result = table.Merge("SELECT * FROM (VALUES (3, 'C'), (7, 'g')) AS s(id, name)", null, new DeltaMergeOptions { KeyColumns = ["id"] });

        result.Version.Should().Be(4);
        IdNames(table).Should().Equal((1, "a"), (2, "b"), (3, "C"), (4, "d"), (5, "e"), (6, "f"), (7, "g"));
        var lines = CommitLines(dir.Path, 4);
        var info = CommitInfo(lines);
        info.GetProperty("operation").GetString().Should().Be("MERGE");
        var parameters = info.GetProperty("operationParameters");
        parameters.GetProperty("predicate").GetString().Should().Be("""["(target.id = source.id)"]""");
        parameters.GetProperty("matchedPredicates").GetString().Should().Be("""[{"actionType":"update"}]""");
        parameters.GetProperty("notMatchedPredicates").GetString().Should().Be("""[{"actionType":"insert"}]""");
        parameters.GetProperty("notMatchedBySourcePredicates").GetString().Should().Be("[]");
        info.GetProperty("readVersion").GetInt64().Should().Be(3);
        info.GetProperty("isBlindAppend").GetBoolean().Should().BeFalse();
        var metrics = info.GetProperty("operationMetrics");
        metrics.GetProperty("numSourceRows").GetString().Should().Be("2");
        metrics.GetProperty("numTargetRowsInserted").GetString().Should().Be("1");
        metrics.GetProperty("numTargetRowsUpdated").GetString().Should().Be("1");
        metrics.GetProperty("numTargetRowsCopied").GetString().Should().Be("1");
        metrics.GetProperty("numTargetFilesRemoved").GetString().Should().Be("1");

        var removes = Actions(lines, "remove");
        removes.Should().ContainSingle();
        AssertRemoveIsComplete(removes[0], fileWithThree);
        var adds = Actions(lines, "add");
        adds.Should().ContainSingle();
        adds[0].GetProperty("stats").GetString().Should().Be(
            """{"numRecords":3,"minValues":{"id":3,"name":"C"},"maxValues":{"id":7,"name":"g"},"nullCount":{"id":0,"name":0}}""");
        result.Metric("numTargetRowsInserted").Should().Be(1);
        File.Exists(Path.Combine(dir.Path, fileWithThree.DecodedPath)).Should().BeTrue("copy-on-write keeps removed files until VACUUM");
    }

    [Fact]
    public void Merge_NoMatchingKeys_RemovesNothingAndAppendsTheSource()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Merge("SELECT 8 AS id, 'h' AS name", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        var lines = CommitLines(dir.Path, 4);
        Actions(lines, "remove").Should().BeEmpty();
        Actions(lines, "add").Should().ContainSingle();
        IdNames(table).Should().HaveCount(7);
    }

    [Fact]
    public void Merge_WhenNotMatchedBySourceDelete_DeletesRowsMissingFromTheSource()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Merge("SELECT * FROM (VALUES (2, 'B'), (9, 'i')) AS s(id, name)", null,
            new DeltaMergeOptions { KeyColumns = ["id"], WhenNotMatchedBySourceDelete = true });
        IdNames(table).Should().Equal((2, "B"), (9, "i"));
        var info = CommitInfo(CommitLines(dir.Path, 4));
        info.GetProperty("operationParameters").GetProperty("notMatchedBySourcePredicates").GetString().Should().Be("""[{"actionType":"delete"}]""");
        info.GetProperty("operationMetrics").GetProperty("numTargetRowsDeleted").GetString().Should().Be("5");
        Actions(CommitLines(dir.Path, 4), "remove").Should().HaveCount(3);
    }

    [Fact]
    public void Merge_InsertOnly_LeavesMatchedRowsAndFilesUntouched()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Merge("SELECT * FROM (VALUES (1, 'X'), (10, 'j')) AS s(id, name)", null,
            new DeltaMergeOptions { KeyColumns = ["id"], WhenMatchedUpdate = false });
        IdNames(table).Should().Contain((1, "a")).And.Contain((10, "j")).And.HaveCount(7);
        Actions(CommitLines(dir.Path, 4), "remove").Should().BeEmpty();
    }

    [Fact]
    public void Merge_DuplicateSourceKeysMatchingATargetRow_FailsAsSparkDoesAndCommitsNothing()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var act = () => table.Merge("SELECT * FROM (VALUES (3, 'x'), (3, 'y')) AS s(id, name)", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        act.Should().Throw<DeltaException>().WithMessage("Cannot perform Merge as multiple source rows matched*\"id\"*");
        table.GetLatestVersion().Should().Be(3);
        Directory.EnumerateFiles(dir.Path, "*.parquet").Should().HaveCount(3);
    }

    [Fact]
    public void Merge_DuplicateSourceKeysNotInTheTable_AreBothInserted()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Merge("SELECT * FROM (VALUES (11, 'x'), (11, 'y')) AS s(id, name)", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        IdNames(table).Where(r => r.Id == 11).Should().HaveCount(2);
    }

    [Fact]
    public void Merge_NullKeys_NeverMatch()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(new StructType([new StructField("k", PrimitiveType.String), new StructField("v", PrimitiveType.Long)]));
        table.Append("SELECT NULL AS k, 1 AS v");
        table.Merge("SELECT NULL AS k, 2 AS v", null, new DeltaMergeOptions { KeyColumns = ["k"] });
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[1]!).Should().BeEquivalentTo(new[] { 1L, 2L });
    }

    [Fact]
    public void Merge_SameApplicationVersionTwice_CommitsOnce()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var options = new DeltaMergeOptions { KeyColumns = ["id"], ApplicationId = "bronze/api/products/run-1", ApplicationVersion = 0 };
        table.Merge("SELECT 3 AS id, 'C' AS name", null, options).Skipped.Should().BeFalse();
        var again = table.Merge("SELECT 3 AS id, 'C2' AS name", null, options);
        again.Skipped.Should().BeTrue();
        again.Version.Should().Be(4);
        IdNames(table).Should().Contain((3, "C"));
        Actions(CommitLines(dir.Path, 4), "txn").Single().GetProperty("appId").GetString().Should().Be("bronze/api/products/run-1");
    }

    [Fact]
    public void Merge_PartitionedTable_RewritesOnlyThePartitionFileWithTheKey()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(Sales, ["day"]);
        table.Append("SELECT * FROM (VALUES (1, DATE '2024-01-01', 1.0), (2, DATE '2024-01-02', 2.0)) AS t(id, day, amount)");
        var before = table.GetSnapshot();
        table.Merge("SELECT 2 AS id, DATE '2024-01-02' AS day, 20.0 AS amount", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        var removes = Actions(CommitLines(dir.Path, 2), "remove");
        removes.Should().ContainSingle();
        AssertRemoveIsComplete(removes[0], before.Files.Single(f => f.PartitionValues["day"] == "2024-01-02"));
        Rows.Read(table, table.GetSnapshot()).Select(r => ((long)r[0]!, (double)r[2]!)).Should().BeEquivalentTo(new[] { (1L, 1.0), (2L, 20.0) });
    }

    [Fact]
    public void Merge_KeyNotInTable_IsRefusedListingColumns()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var act = () => table.Merge("SELECT 1 AS id, 'a' AS name", null, new DeltaMergeOptions { KeyColumns = ["sku"] });
        act.Should().Throw<DeltaSchemaException>().WithMessage("*'sku'*id, name*");
    }

    [Fact]
    public void Delete_Predicate_RemovesWholeFilesAndRewritesPartialOnes()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var before = table.GetSnapshot();
        var result = table.Delete("id IN (1, 2, 3)");
        result.Version.Should().Be(4);
        IdNames(table).Select(r => r.Id).Should().Equal(4, 5, 6);
        var lines = CommitLines(dir.Path, 4);
        var info = CommitInfo(lines);
        info.GetProperty("operation").GetString().Should().Be("DELETE");
        info.GetProperty("operationParameters").GetRawText().Should().Be("""{"predicate":"[\"id IN (1, 2, 3)\"]"}""");
        info.GetProperty("operationMetrics").GetProperty("numDeletedRows").GetString().Should().Be("3");
        info.GetProperty("operationMetrics").GetProperty("numCopiedRows").GetString().Should().Be("1");
        var removes = Actions(lines, "remove");
        removes.Should().HaveCount(2);
        foreach (var remove in removes)
        {
            AssertRemoveIsComplete(remove, before.Files.Single(f => f.Path == remove.GetProperty("path").GetString()));
        }

        Actions(lines, "add").Single().GetProperty("stats").GetString().Should().StartWith("""{"numRecords":1,""");
    }

    [Fact]
    public void Delete_BoundValue_IsNeverSplicedAndNullPredicateRowsAreKept()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName);
        table.Append("SELECT * FROM (VALUES (1, 'x''); DROP TABLE t; --'), (2, NULL), (3, 'y')) AS t(id, name)");
        table.Delete("\"name\" = $1", ["x'); DROP TABLE t; --"]);
        IdNames(table).Should().Equal((2, null), (3, "y"));
    }

    [Fact]
    public void Delete_WithoutPredicate_RemovesEveryFile()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Delete();
        IdNames(table).Should().BeEmpty();
        var lines = CommitLines(dir.Path, 4);
        CommitInfo(lines).GetProperty("operationParameters").GetProperty("predicate").GetString().Should().Be("[]");
        Actions(lines, "remove").Should().HaveCount(3);
        Actions(lines, "add").Should().BeEmpty();
    }

    [Fact]
    public void Delete_AppendOnlyTable_IsRefused()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName, configuration: new Dictionary<string, string?> { ["delta.appendOnly"] = "true" });
        var act = () => table.Delete("id = 1");
        act.Should().Throw<DeltaException>().WithMessage("*append-only*");
    }

    [Fact]
    public void Update_SetWhere_RewritesMatchingFilesAndMovesRowsBetweenPartitions()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(Sales, ["day"]);
        table.Append("SELECT * FROM (VALUES (1, DATE '2024-01-01', 1.0), (2, DATE '2024-01-01', 2.0), (3, DATE '2024-01-02', 3.0)) AS t(id, day, amount)");
        var result = table.Update(new Dictionary<string, string> { ["amount"] = "amount * $1", ["day"] = "DATE '2024-01-03'" }, "id = $2", [10.0, 2L]);
        var lines = CommitLines(dir.Path, result.Version);
        var info = CommitInfo(lines);
        info.GetProperty("operation").GetString().Should().Be("UPDATE");
        info.GetProperty("operationParameters").GetProperty("predicate").GetString().Should().Be("""["id = $2"]""");
        info.GetProperty("operationMetrics").GetProperty("numUpdatedRows").GetString().Should().Be("1");
        info.GetProperty("operationMetrics").GetProperty("numCopiedRows").GetString().Should().Be("1");
        Actions(lines, "remove").Single().GetProperty("partitionValues").GetProperty("day").GetString().Should().Be("2024-01-01");
        Actions(lines, "add").Select(a => a.GetProperty("partitionValues").GetProperty("day").GetString()).Should().BeEquivalentTo("2024-01-01", "2024-01-03");
        Rows.Read(table, table.GetSnapshot()).Select(r => ((long)r[0]!, (DateOnly)r[1]!, (double)r[2]!))
            .Should().BeEquivalentTo(new[] { (1L, new DateOnly(2024, 1, 1), 1.0), (2L, new DateOnly(2024, 1, 3), 20.0), (3L, new DateOnly(2024, 1, 2), 3.0) });
    }

    [Fact]
    public void Update_UnknownColumn_IsRefusedListingColumns()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var act = () => table.Update(new Dictionary<string, string> { ["price"] = "1" });
        act.Should().Throw<ArgumentException>().WithMessage("*'price'*id, name*");
    }

    [Fact]
    public void Write_ReplaceWhere_ReplacesOnlyMatchingRowsAndRecordsThePredicate()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(Sales, ["day"]);
        table.Append("SELECT * FROM (VALUES (1, DATE '2024-01-01', 1.0), (2, DATE '2024-01-02', 2.0), (3, DATE '2024-01-02', 3.0)) AS t(id, day, amount)");
        var options = new DeltaWriteOptions { Mode = DeltaSaveMode.Overwrite, ReplaceWhere = "day = $1", ReplaceWhereParameters = [new DateOnly(2024, 1, 2)] };
        var result = table.Write("SELECT 9 AS id, DATE '2024-01-02' AS day, 9.0 AS amount", options: options);
        var info = CommitInfo(CommitLines(dir.Path, result.Version));
        info.GetProperty("operation").GetString().Should().Be("WRITE");
        info.GetProperty("operationParameters").GetRawText().Should().Be("""{"mode":"Overwrite","partitionBy":"[\"day\"]","predicate":"day = $1"}""");
        info.GetProperty("operationMetrics").GetProperty("numDeletedRows").GetString().Should().Be("2");
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Should().BeEquivalentTo(new[] { 1L, 9L });
    }

    [Fact]
    public void Write_ReplaceWhereWithRowsOutsideThePredicate_FailsWithoutWriting()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var act = () => table.Write("SELECT 100 AS id, 'z' AS name", options: new DeltaWriteOptions { Mode = DeltaSaveMode.Overwrite, ReplaceWhere = "id < 10" });
        act.Should().Throw<DeltaException>().WithMessage("Data written out does not match replaceWhere 'id < 10'*");
        table.GetLatestVersion().Should().Be(3);
        Directory.EnumerateFiles(dir.Path, "*.parquet").Should().HaveCount(3);
    }

    [Fact]
    public void Write_DynamicPartitionOverwrite_ReplacesOnlyTheWrittenPartitions()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(Sales, ["day"]);
        table.Append("SELECT * FROM (VALUES (1, DATE '2024-01-01', 1.0), (2, DATE '2024-01-02', 2.0)) AS t(id, day, amount)");
        var result = table.Write("SELECT 5 AS id, DATE '2024-01-02' AS day, 5.0 AS amount",
            options: new DeltaWriteOptions { Mode = DeltaSaveMode.Overwrite, PartitionOverwriteMode = DeltaPartitionOverwriteMode.Dynamic });
        var lines = CommitLines(dir.Path, result.Version);
        CommitInfo(lines).GetProperty("operationParameters").GetRawText().Should().Be("""{"mode":"Overwrite","partitionBy":"[\"day\"]","partitionOverwriteMode":"DYNAMIC"}""");
        Actions(lines, "remove").Single().GetProperty("partitionValues").GetProperty("day").GetString().Should().Be("2024-01-02");
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Should().BeEquivalentTo(new[] { 1L, 5L });
    }

    [Fact]
    public void Append_ExtraColumnWithoutMergeSchema_IsRefusedNamingTheColumn()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var act = () => table.Append("SELECT 7 AS id, 'g' AS name, 1.5 AS price");
        act.Should().Throw<DeltaSchemaException>().WithMessage("A schema mismatch detected*'price' (DECIMAL(2,1))*MergeSchema*");
        table.GetLatestVersion().Should().Be(3);
    }

    [Fact]
    public void Append_MergeSchema_AddsNullableColumnAndOldFilesReadNull()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Write("SELECT 7 AS id, 'g' AS name, CAST(1.5 AS DOUBLE) AS price", options: new DeltaWriteOptions { MergeSchema = true });
        var lines = CommitLines(dir.Path, 4);
        var metadata = Actions(lines, "metaData").Single();
        var schema = StructType.Parse(metadata.GetProperty("schemaString").GetString()!);
        schema.Fields.Select(f => (f.Name, f.Type.SimpleString, f.Nullable)).Should().Equal(("id", "bigint", false), ("name", "string", true), ("price", "double", true));
        CommitInfo(lines).GetProperty("isBlindAppend").GetBoolean().Should().BeFalse();
        var rows = Rows.Read(table, table.GetSnapshot());
        rows.Should().HaveCount(7);
        rows.Single(r => (long)r[0]! == 7)[2].Should().Be(1.5);
        rows.Where(r => (long)r[0]! != 7).Should().OnlyContain(r => r[2] == null);
    }

    [Fact]
    public void Append_MissingNullableColumn_IsNullAndMissingNotNullColumnIsRefused()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Append("SELECT 8 AS id");
        IdNames(table).Should().Contain((8, null));
        var act = () => table.Append("SELECT 'x' AS name");
        act.Should().Throw<DeltaSchemaException>().WithMessage("*'id' is not nullable*no such column*");
    }

    [Fact]
    public void Append_ValueThatDoesNotCastToTheColumnType_FailsNamingTheTable()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var act = () => table.Append("SELECT 'abc' AS id, 'x' AS name");
        act.Should().Throw<DeltaException>().WithMessage("The write failed in the engine; nothing was committed: Conversion Error*(table: *");
        table.GetLatestVersion().Should().Be(3);
        Directory.EnumerateFiles(dir.Path, "*.parquet").Should().HaveCount(3);
    }

    [Fact]
    public void Delete_InvalidPredicate_FailsNamingTheTable()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        var act = () => table.Delete("nope = 1");
        act.Should().Throw<DeltaException>().WithMessage("The DELETE failed in the engine*nope*");
    }

    [Fact]
    public void Append_StatsFromCopy_EqualStatsComputedFromTheFile()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        var schema = new StructType(
        [
            new StructField("l", PrimitiveType.Long), new StructField("i", PrimitiveType.Integer), new StructField("f", PrimitiveType.Float),
            new StructField("d", PrimitiveType.Double), new StructField("dt", PrimitiveType.Date), new StructField("ts", PrimitiveType.Timestamp),
            new StructField("dec", new DecimalType(20, 4)), new StructField("s", PrimitiveType.String), new StructField("b", PrimitiveType.Boolean),
            new StructField("n", PrimitiveType.Long), new StructField("bin", PrimitiveType.Binary),
            new StructField("arr", new ArrayType(PrimitiveType.Integer, true)),
        ]);
        table.Create(schema);
        table.Append("""
            SELECT i AS l, -i AS i, i / 3.0 AS f, CASE WHEN i = 2 THEN 'NaN'::DOUBLE ELSE i * 1.5 END AS d, DATE '1969-12-31' + CAST(i AS INTEGER) AS dt,
                   TIMESTAMPTZ '1969-12-31 23:59:59.9995+00' + to_microseconds(i * 1234567) AS ts, i * 1000.0001 AS dec,
                   CASE WHEN i = 1 THEN NULL ELSE 'é' || i END AS s, i % 2 = 0 AS b, NULL AS n, ''::BLOB AS bin, [i] AS arr
            FROM range(5) t(i)
            """);
        var file = table.GetSnapshot().Files.Single();
        using var connection = table.Connect();
        var computed = FileStatistics.Compute(connection, Path.Combine(dir.Path, file.DecodedPath), schema.Fields, FileStatistics.DefaultIndexedColumns, CancellationToken.None);
        file.Stats.Should().Be(computed);
    }

    [Fact]
    public void Merge_SourceInATempTableOfTheCallersConnection_RunsOnThatConnection()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        using var database = Lakehouse.DuckDB.DuckDBDatabase.Open();
        using var connection = database.Connect();
        connection.ExecuteNonQuery("CREATE TEMP TABLE staged AS SELECT * FROM (VALUES (3, 'C'), (9, 'i')) AS s(id, name)");
        table.Merge("SELECT * FROM staged", null, new DeltaMergeOptions { KeyColumns = ["id"], Connection = connection });
        table.Write("SELECT 10 AS id, name FROM staged WHERE id = 9", options: new DeltaWriteOptions { Connection = connection });
        IdNames(table).Should().Contain((3, "C")).And.Contain((9, "i")).And.Contain((10, "i")).And.HaveCount(8);
        connection.ExecuteScalar("SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name <> 'staged'").Should().Be(0L, "the operation drops its temp tables");
    }

    [Fact]
    public void Merge_MergeSchema_AddsTheColumnUpdatedRowsGetItAndCopiedRowsReadNull()
    {
        using var dir = new TempDirectory();
        using var table = ThreeFiles(dir);
        table.Merge("SELECT 4 AS id, 'D' AS name, 9.5::DOUBLE AS price", null, new DeltaMergeOptions { KeyColumns = ["id"], MergeSchema = true });
        var snapshot = table.GetSnapshot();
        snapshot.Schema.Fields.Select(f => f.Name).Should().Equal("id", "name", "price");
        Actions(CommitLines(dir.Path, 4), "metaData").Should().ContainSingle();
        var rows = Rows.Read(table, snapshot).ToDictionary(r => (long)r[0]!, r => (r[1], r[2]));
        rows[4].Should().Be(("D", 9.5));
        rows[3].Should().Be(("c", null));
        rows[1].Should().Be(("a", null));
    }
}
