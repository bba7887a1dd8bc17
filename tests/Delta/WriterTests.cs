using System.Text.Json;

namespace Lakehouse.Delta.Tests;

internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class WriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static readonly StructType IdName = StructType.Parse(
        """{"type":"struct","fields":[{"name":"id","type":"long","nullable":false,"metadata":{}},{"name":"name","type":"string","nullable":true,"metadata":{}}]}""");

    private static DeltaTable NewTable(TempDirectory dir, int checkpointInterval = 10) =>
        DeltaTable.ForPath(dir.Path, new DeltaTableOptions { TimeProvider = new FixedTimeProvider(Now), CheckpointInterval = checkpointInterval });

    private static List<JsonElement> CommitLines(string tablePath, long version) =>
        [.. File.ReadLines(Path.Combine(tablePath, "_delta_log", LogPaths.CommitName(version))).Select(l => JsonDocument.Parse(l).RootElement)];

    private static List<string> PropertyNames(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void Create_NewTable_WritesCommitInfoProtocolAndMetadataAsProtocolMdSays()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName, configuration: new Dictionary<string, string?> { ["delta.appendOnly"] = "false" }).Version.Should().Be(0);

        var lines = CommitLines(dir.Path, 0);
        lines.Select(l => PropertyNames(l).Single()).Should().Equal("commitInfo", "protocol", "metaData");

        var info = lines[0].GetProperty("commitInfo");
        PropertyNames(info).Should().Equal("timestamp", "operation", "operationParameters", "isolationLevel", "isBlindAppend", "operationMetrics", "engineInfo", "txnId");
        info.GetProperty("timestamp").GetInt64().Should().Be(Now.ToUnixTimeMilliseconds());
        info.GetProperty("operation").GetString().Should().Be("CREATE TABLE");
        info.GetProperty("operationParameters").GetProperty("partitionBy").GetString().Should().Be("[]");
        info.GetProperty("engineInfo").GetString().Should().Be(DeltaTable.EngineInfo);
        Guid.TryParse(info.GetProperty("txnId").GetString(), out _).Should().BeTrue();

        lines[1].GetRawText().Should().Be("""{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""");

        var metadata = lines[2].GetProperty("metaData");
        PropertyNames(metadata).Should().Equal("id", "format", "schemaString", "partitionColumns", "configuration", "createdTime");
        Guid.TryParse(metadata.GetProperty("id").GetString(), out _).Should().BeTrue();
        metadata.GetProperty("format").GetRawText().Should().Be("""{"provider":"parquet","options":{}}""");
        metadata.GetProperty("schemaString").GetString().Should().Be(IdName.ToJson());
        metadata.GetProperty("partitionColumns").GetRawText().Should().Be("[]");
        metadata.GetProperty("configuration").GetRawText().Should().Be("""{"delta.appendOnly":"false"}""");
        metadata.GetProperty("createdTime").GetInt64().Should().Be(Now.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Create_ExistingTable_Throws()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName);
        var act = () => table.Create(IdName);
        act.Should().Throw<DeltaException>().WithMessage("*exists already*");
    }

    [Fact]
    public void Create_PartitionColumnNotInSchema_ThrowsListingColumns()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        var act = () => table.Create(IdName, ["nope"]);
        act.Should().Throw<ArgumentException>().WithMessage("*'nope'*id, name*");
        Directory.Exists(Path.Combine(dir.Path, "_delta_log")).Should().BeFalse();
    }

    [Fact]
    public void Append_Rows_CommitsAddWithStatsAndReadsBack()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName);
        var result = table.Append("SELECT * FROM (VALUES (3, 'c'), (1, NULL), (2, 'b')) AS t(id, name)");
        result.Version.Should().Be(1);
        result.Attempts.Should().Be(1);

        var lines = CommitLines(dir.Path, 1);
        var info = lines[0].GetProperty("commitInfo");
        info.GetProperty("operation").GetString().Should().Be("WRITE");
        info.GetProperty("operationParameters").GetRawText().Should().Be("""{"mode":"Append","partitionBy":"[]"}""");
        info.GetProperty("readVersion").GetInt64().Should().Be(0);
        info.GetProperty("isBlindAppend").GetBoolean().Should().BeTrue();
        info.GetProperty("operationMetrics").GetProperty("numOutputRows").GetString().Should().Be("3");

        var add = lines.Single(l => l.TryGetProperty("add", out _)).GetProperty("add");
        PropertyNames(add).Should().Equal("path", "partitionValues", "size", "modificationTime", "dataChange", "stats");
        var path = add.GetProperty("path").GetString()!;
        path.Should().MatchRegex("^part-00000-[0-9a-f-]{36}-c000\\.snappy\\.parquet$");
        add.GetProperty("partitionValues").GetRawText().Should().Be("{}");
        add.GetProperty("size").GetInt64().Should().Be(new FileInfo(Path.Combine(dir.Path, path)).Length);
        add.GetProperty("modificationTime").GetInt64().Should().BeGreaterThan(0);
        add.GetProperty("dataChange").GetBoolean().Should().BeTrue();
        add.GetProperty("stats").GetString().Should().Be(
            """{"numRecords":3,"minValues":{"id":1,"name":"b"},"maxValues":{"id":3,"name":"c"},"nullCount":{"id":0,"name":1}}""");

        var rows = Rows.Read(table, table.GetSnapshot());
        rows.Select(r => ((long)r[0]!, (string?)r[1])).Should().BeEquivalentTo(new[] { (1L, (string?)null), (2L, "b"), (3L, "c") });
    }

    [Fact]
    public void Append_PartitionValuesWithSpecialCharacters_AreHiveEscapedAndReadBackExactly()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName, ["name"]);
        string?[] names = ["a b/c:d", "it's'); DROP TABLE x; --", "100%", null, "", "é#?"];
        var parameters = names.Select(n => (object?)n).ToList();
        var values = string.Join(", ", names.Select((_, i) => $"({i}, ${i + 1})"));
        table.Append($"SELECT * FROM (VALUES {values}) AS t(id, name)", parameters);

        var snapshot = table.GetSnapshot();
        snapshot.Files.Should().HaveCount(5); // NULL and "" are both the NULL partition
        var byValue = snapshot.Files.ToDictionary(f => f.PartitionValues["name"] ?? "<null>");
        byValue["a b/c:d"].Path.Should().StartWith("name=a%20b%252Fc%253Ad/part-");
        byValue["100%"].DecodedPath.Should().StartWith("name=100%25/");
        byValue["<null>"].DecodedPath.Should().StartWith("name=__HIVE_DEFAULT_PARTITION__/");
        snapshot.Files.Should().OnlyContain(f => File.Exists(Path.Combine(dir.Path, f.DecodedPath)));

        var rows = Rows.Read(table, snapshot).Select(r => ((long)r[0]!, (string?)r[1])).ToList();
        rows.Should().BeEquivalentTo(names.Select((n, i) => ((long)i, string.IsNullOrEmpty(n) ? null : n)));
    }

    [Fact]
    public void BuildReadQuery_PartitionValues_AreBoundAsParametersNeverSpliced()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName, ["name"]);
        const string hostile = "x'); DROP TABLE t; --";
        table.Append("SELECT 1 AS id, $1 AS name", [hostile]);
        var query = table.BuildReadQuery(table.GetSnapshot());
        query.Sql.Should().NotContain("DROP TABLE").And.NotContain(dir.Path);
        query.Parameters.Should().Contain(hostile);
        Rows.Read(table, table.GetSnapshot()).Single()[1].Should().Be(hostile);
    }

    [Fact]
    public void Overwrite_ExistingRows_RemovesEveryActiveFile()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName);
        table.Append("SELECT 1 AS id, 'a' AS name");
        table.Append("SELECT 2 AS id, 'b' AS name");
        var before = table.GetSnapshot();
        table.Overwrite("SELECT 9 AS id, 'z' AS name").Version.Should().Be(3);

        var lines = CommitLines(dir.Path, 3);
        lines[0].GetProperty("commitInfo").GetProperty("operationParameters").GetProperty("mode").GetString().Should().Be("Overwrite");
        lines[0].GetProperty("commitInfo").GetProperty("isBlindAppend").GetBoolean().Should().BeFalse();
        var removes = lines.Where(l => l.TryGetProperty("remove", out _)).Select(l => l.GetProperty("remove")).ToList();
        removes.Select(r => r.GetProperty("path").GetString()).Should().BeEquivalentTo(before.Files.Select(f => f.Path));
        foreach (var remove in removes)
        {
            PropertyNames(remove).Should().Equal("path", "deletionTimestamp", "dataChange", "extendedFileMetadata", "partitionValues", "size");
            remove.GetProperty("deletionTimestamp").GetInt64().Should().Be(Now.ToUnixTimeMilliseconds());
            remove.GetProperty("dataChange").GetBoolean().Should().BeTrue();
            remove.GetProperty("extendedFileMetadata").GetBoolean().Should().BeTrue();
        }

        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Should().Equal(9L);
        Rows.Read(table, table.GetSnapshot(2)).Should().HaveCount(2);
    }

    [Fact]
    public void Write_SameApplicationVersionTwice_CommitsOnce()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName);
        var options = new DeltaWriteOptions { ApplicationId = "nightly-load", ApplicationVersion = 7 };
        table.Write("SELECT 1 AS id, 'a' AS name", options: options).Skipped.Should().BeFalse();
        var again = table.Write("SELECT 1 AS id, 'a' AS name", options: options);
        again.Skipped.Should().BeTrue();
        again.Version.Should().Be(1);
        table.Write("SELECT 2 AS id, 'b' AS name", options: new DeltaWriteOptions { ApplicationId = "nightly-load", ApplicationVersion = 8 }).Version.Should().Be(2);

        var snapshot = table.GetSnapshot();
        snapshot.GetTransactionVersion("nightly-load").Should().Be(8);
        Rows.Read(table, snapshot).Should().HaveCount(2);
        var txn = CommitLines(dir.Path, 1).Single(l => l.TryGetProperty("txn", out _)).GetProperty("txn");
        txn.GetRawText().Should().Be($$"""{"appId":"nightly-load","version":7,"lastUpdated":{{Now.ToUnixTimeMilliseconds()}}}""");
    }

    [Fact]
    public void Write_NullInNonNullableColumn_FailsWithoutCommitting()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName);
        var act = () => table.Append("SELECT CAST(NULL AS BIGINT) AS id, 'x' AS name");
        act.Should().Throw<DeltaException>().WithMessage("*'id' is not nullable*");
        table.GetLatestVersion().Should().Be(0);
        Directory.EnumerateFiles(dir.Path, "*.parquet").Should().BeEmpty();
    }

    [Fact]
    public void Overwrite_AppendOnlyTable_IsRefused()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName, configuration: new Dictionary<string, string?> { ["delta.appendOnly"] = "true" });
        table.Append("SELECT 1 AS id, 'a' AS name");
        var act = () => table.Overwrite("SELECT 2 AS id, 'b' AS name");
        act.Should().Throw<DeltaException>().WithMessage("*append-only*");
    }

    [Fact]
    public void Append_TableWithUnsupportedWriterFeature_IsRefused()
    {
        using var dir = Golden.Copy("commit-info-containing-arbitrary-operationParams-types");
        using var table = DeltaTable.Open(dir.Path);
        var act = () => table.Append("SELECT 3 AS id, 3 AS month");
        act.Should().Throw<DeltaProtocolException>().Which.Feature.Should().Be("changeDataFeed");
    }

    [Fact]
    public void Append_ToSparkGoldenTable_ReadsSparkAndOurRows()
    {
        using var dir = Golden.Copy("snapshot-data0");
        using var table = DeltaTable.Open(dir.Path);
        table.Append("SELECT 100 AS col1, 'ours' AS col2").Version.Should().Be(1);
        var rows = Rows.Read(table, table.GetSnapshot());
        rows.Should().HaveCount(11);
        rows.Should().ContainSingle(r => (int)r[0]! == 100 && (string)r[1]! == "ours");
    }

    [Fact]
    public void Append_EveryPrimitiveType_RoundTripsValuesAndStats()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        var schema = new StructType(
        [
            new StructField("l", PrimitiveType.Long), new StructField("i", PrimitiveType.Integer), new StructField("s", PrimitiveType.Short),
            new StructField("b", PrimitiveType.Byte), new StructField("f", PrimitiveType.Float), new StructField("d", PrimitiveType.Double),
            new StructField("bool", PrimitiveType.Boolean), new StructField("bin", PrimitiveType.Binary), new StructField("dt", PrimitiveType.Date),
            new StructField("ts", PrimitiveType.Timestamp), new StructField("dec", new DecimalType(20, 4)), new StructField("str", PrimitiveType.String),
            new StructField("arr", new ArrayType(PrimitiveType.Integer, true)),
            new StructField("m", new MapType(PrimitiveType.String, PrimitiveType.Long, true)),
            new StructField("st", new StructType([new StructField("x", PrimitiveType.Integer)])),
        ]);
        table.Create(schema, ["dt"]);
        table.Append("""
            SELECT 1 AS l, 2 AS i, 3 AS s, 4 AS b, 1.5 AS f, 2.5 AS d, true AS bool, '\x01\x02'::BLOB AS bin, DATE '2024-02-29' AS dt,
                   TIMESTAMPTZ '2024-02-29 10:11:12.345678+00' AS ts, 1234567890123456.7891 AS dec, 'héllo' AS str,
                   [1, NULL, 3] AS arr, MAP {'k': 5} AS m, {'x': 7} AS st
            """);
        var snapshot = table.GetSnapshot();
        var file = snapshot.Files.Single();
        file.PartitionValues["dt"].Should().Be("2024-02-29");
        using var stats = JsonDocument.Parse(file.Stats!);
        stats.RootElement.GetProperty("minValues").GetProperty("ts").GetString().Should().Be("2024-02-29T10:11:12.345Z");
        stats.RootElement.GetProperty("maxValues").GetProperty("dec").GetRawText().Should().Be("1234567890123456.7891");
        stats.RootElement.GetProperty("minValues").TryGetProperty("bool", out _).Should().BeFalse();
        stats.RootElement.GetProperty("nullCount").GetProperty("bin").GetInt64().Should().Be(0);

        var row = Rows.Read(table, snapshot).Single();
        row[0].Should().Be(1L);
        row[1].Should().Be(2);
        row[2].Should().Be((short)3);
        row[3].Should().Be((sbyte)4);
        row[4].Should().Be(1.5f);
        row[5].Should().Be(2.5d);
        row[6].Should().Be(true);
        row[7].Should().BeEquivalentTo(new byte[] { 1, 2 });
        row[8].Should().Be(new DateOnly(2024, 2, 29));
        row[9].Should().Be(new DateTimeOffset(2024, 2, 29, 10, 11, 12, TimeSpan.Zero).AddTicks(3456780));
        row[10].Should().Be(1234567890123456.7891m);
        row[11].Should().Be("héllo");
        ((IReadOnlyList<object?>)row[12]!).Should().Equal(1, null, 3);
        ((System.Collections.IDictionary)row[13]!)["k"].Should().Be(5L);
        ((IReadOnlyDictionary<string, object?>)row[14]!)["x"].Should().Be(7);
    }

    [Fact]
    public void Append_DataSkippingNumIndexedCols_LimitsStatsToTheFirstColumns()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName, configuration: new Dictionary<string, string?> { ["delta.dataSkippingNumIndexedCols"] = "1" });
        table.Append("SELECT 1 AS id, 'a' AS name");
        table.GetSnapshot().Files.Single().Stats.Should().Be("""{"numRecords":1,"minValues":{"id":1},"maxValues":{"id":1},"nullCount":{"id":0}}""");
    }

    [Fact]
    public void Checkpoint_ExpiredTombstones_AreLeftOut()
    {
        using var dir = new TempDirectory();
        var clock = new FixedTimeProvider(Now);
        using var table = DeltaTable.ForPath(dir.Path, new DeltaTableOptions { TimeProvider = clock });
        table.Create(IdName);
        table.Append("SELECT 1 AS id, 'a' AS name");
        table.Overwrite("SELECT 2 AS id, 'b' AS name");
        clock.Now = Now.AddDays(6);
        table.Overwrite("SELECT 3 AS id, 'c' AS name");
        clock.Now = Now.AddDays(7).AddMinutes(1);
        table.Checkpoint();
        var snapshot = table.GetSnapshot();
        snapshot.CheckpointVersion.Should().Be(3);
        snapshot.Tombstones.Should().ContainSingle().Which.DeletionTimestamp.Should().Be(Now.AddDays(6).ToUnixTimeMilliseconds());
        Rows.Read(table, snapshot).Single()[0].Should().Be(3L);
    }

    [Theory]
    [InlineData("interval 1 week", 7 * 24)]
    [InlineData("interval 2 days", 48)]
    [InlineData("INTERVAL 5 hours", 5)]
    public void ParseInterval_SparkIntervals_AreUnderstood(string text, int hours) =>
        CheckpointWriter.ParseInterval(text).Should().Be(TimeSpan.FromHours(hours));

    [Fact]
    public void Checkpoint_WrittenFile_HasTheProtocolCheckpointSchema()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName, ["name"]);
        table.Append("SELECT 1 AS id, 'a' AS name");
        table.Checkpoint();
        using var connection = table.Connect();
        using var reader = connection.ExecuteReader("DESCRIBE SELECT * FROM read_parquet($1)", [Path.Combine(dir.Path, "_delta_log", LogPaths.CheckpointName(1))]);
        var columns = new Dictionary<string, string>();
        while (reader.Read())
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        columns.Keys.Should().Equal("protocol", "metaData", "txn", "add", "remove");
        columns["protocol"].Should().Be("STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])");
        columns["add"].Should().Be("STRUCT(path VARCHAR, partitionValues MAP(VARCHAR, VARCHAR), size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags MAP(VARCHAR, VARCHAR))");
        columns["txn"].Should().Be("STRUCT(appId VARCHAR, \"version\" BIGINT, lastUpdated BIGINT)");
        connection.ExecuteScalar("SELECT count(*) FROM read_parquet($1) WHERE \"add\".partitionValues['name'] = 'a'", [Path.Combine(dir.Path, "_delta_log", LogPaths.CheckpointName(1))])
            .Should().Be(1L);
    }

    [Fact]
    public void Append_WideDecimalPartition_RoundTripsExactly()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(new StructType([new StructField("id", PrimitiveType.Long), new StructField("d", new DecimalType(38, 2))]), ["d"]);
        table.Append("SELECT 1 AS id, CAST('123456789012345678901234567890123456.78' AS DECIMAL(38,2)) AS d");
        table.GetSnapshot().Files.Single().PartitionValues["d"].Should().Be("123456789012345678901234567890123456.78");
        var query = table.BuildReadQuery(table.GetSnapshot());
        using var connection = table.Connect();
        connection.ExecuteScalar($"SELECT CAST(d AS VARCHAR) FROM ({query.Sql})", query.Parameters).Should().Be("123456789012345678901234567890123456.78");
    }

    [Fact]
    public void Append_TimestampPartition_IsWrittenAsIso8601Utc()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(new StructType([new StructField("id", PrimitiveType.Long), new StructField("ts", PrimitiveType.Timestamp)]), ["ts"]);
        table.Append("SELECT 1 AS id, TIMESTAMPTZ '2024-01-01 10:00:00+00' AS ts");
        var file = table.GetSnapshot().Files.Single();
        file.PartitionValues["ts"].Should().Be("2024-01-01T10:00:00.000000Z");
        file.DecodedPath.Should().StartWith("ts=2024-01-01T10%3A00%3A00.000000Z/");
        Rows.Read(table, table.GetSnapshot()).Single()[1].Should().Be(new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Append_TenthCommit_WritesClassicCheckpointThatReplacesTheJsonHistory()
    {
        using var dir = new TempDirectory();
        using var table = NewTable(dir);
        table.Create(IdName);
        for (var i = 1; i <= 10; i++)
        {
            var result = table.Append("SELECT $1 AS id, 'n' AS name", [(long)i]);
            result.CheckpointFailure.Should().BeNull();
        }

        table.Write("SELECT 11 AS id, 'n' AS name", options: new DeltaWriteOptions { ApplicationId = "app", ApplicationVersion = 1 });
        File.Exists(Path.Combine(dir.Path, "_delta_log", LogPaths.CheckpointName(10))).Should().BeTrue();
        using (var last = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir.Path, "_delta_log", "_last_checkpoint"))))
        {
            last.RootElement.GetProperty("version").GetInt64().Should().Be(10);
            last.RootElement.GetProperty("size").GetInt64().Should().Be(12); // protocol, metaData, 10 adds
        }

        // The checkpoint alone must reconstruct version 10: delete the commits it covers.
        for (var v = 0; v < 10; v++)
        {
            File.Delete(Path.Combine(dir.Path, "_delta_log", LogPaths.CommitName(v)));
        }

        using var reopened = DeltaTable.Open(dir.Path);
        var snapshot = reopened.GetSnapshot();
        snapshot.CheckpointVersion.Should().Be(10);
        snapshot.Metadata.SchemaString.Should().Be(IdName.ToJson());
        snapshot.GetTransactionVersion("app").Should().Be(1);
        Rows.Read(reopened, snapshot).Select(r => (long)r[0]!).Should().BeEquivalentTo(Enumerable.Range(1, 11).Select(i => (long)i));
        var stats = reopened.GetSnapshot(10).Files.Select(f => f.Stats).ToList();
        stats.Should().OnlyContain(s => s != null && s.Contains("numRecords", StringComparison.Ordinal));
    }

    [Fact]
    public void Checkpoint_SparkGoldenTable_IsReadBackWithTheSameRows()
    {
        using var dir = Golden.Copy("basic-with-inserts-deletes-checkpoint");
        using var table = DeltaTable.Open(dir.Path);
        var expected = Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).ToList();
        table.Checkpoint();
        var snapshot = table.GetSnapshot();
        snapshot.CheckpointVersion.Should().Be(13);
        table.GetSnapshot(12).Tombstones.Should().NotBeEmpty();
        snapshot.Tombstones.Should().BeEmpty("the 2023 tombstones are older than the one-week retention");
        Rows.Read(table, snapshot).Select(r => (long)r[0]!).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Checkpoint_PartitionedTableWithNullPartitions_KeepsPartitionValues()
    {
        using var dir = Golden.Copy("data-reader-partition-values");
        using var table = DeltaTable.Open(dir.Path);
        var before = table.GetSnapshot();
        table.Checkpoint();
        var after = table.GetSnapshot();
        after.CheckpointVersion.Should().Be(0);
        after.Metadata.PartitionColumns.Should().Equal(before.Metadata.PartitionColumns);
        after.Files.Select(f => (f.Path, f.PartitionValues.OrderBy(p => p.Key).ToList()))
            .Should().BeEquivalentTo(before.Files.Select(f => (f.Path, f.PartitionValues.OrderBy(p => p.Key).ToList())));
        Rows.Read(table, after).Should().BeEquivalentTo(Rows.Read(table, before));
    }

    [Fact]
    public void Append_SixteenConcurrentWriters_CommitContiguousVersionsWithEveryRowOnce()
    {
        using var dir = new TempDirectory();
        using (var creator = NewTable(dir, checkpointInterval: 5))
        {
            creator.Create(IdName);
        }

        const int writers = 16;
        using var start = new Barrier(writers);
        var results = new DeltaCommitResult[writers];
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, writers).Select(i => new Thread(() =>
        {
            try
            {
                using var table = DeltaTable.Open(dir.Path, new DeltaTableOptions { CheckpointInterval = 5 });
                start.SignalAndWait();
                results[i] = table.Append("SELECT $1 AS id, $2 AS name", [(long)i, $"writer-{i}"]);
            }
            catch (Exception ex)
            {
                lock (errors)
                {
                    errors.Add(ex);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        errors.Should().BeEmpty();
        results.Select(r => r.Version).Should().BeEquivalentTo(Enumerable.Range(1, writers).Select(v => (long)v));
        var commits = Directory.EnumerateFiles(Path.Combine(dir.Path, "_delta_log"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        commits.Should().Equal(Enumerable.Range(0, writers + 1).Select(v => LogPaths.CommitName(v)));
        using var reader = DeltaTable.Open(dir.Path);
        var rows = Rows.Read(reader, reader.GetSnapshot()).Select(r => ((long)r[0]!, (string)r[1]!)).ToList();
        rows.Should().BeEquivalentTo(Enumerable.Range(0, writers).Select(i => ((long)i, $"writer-{i}")));
        Directory.EnumerateFiles(dir.Path, "*.parquet").Should().HaveCount(writers);
        Directory.EnumerateFiles(Path.Combine(dir.Path, "_delta_log"), "*.tmp").Should().BeEmpty();
    }
}
