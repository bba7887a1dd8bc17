using System.Globalization;

namespace Lakehouse.Delta.Tests;

/// <summary>Every table of shared/fixtures/delta-golden/golden, with the expectations INDEX.md gives.</summary>
public sealed class GoldenReadTests
{
    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static List<(int, string)> IntString(List<object?[]> rows) => [.. rows.Select(r => ((int)r[0]!, (string)r[1]!))];

    // ---- A. Tables a (1,2) reader must read correctly ----

    [Fact]
    public void Read_SnapshotData0_ReturnsTenRows()
    {
        IntString(Rows.Read(Golden.Path("snapshot-data0"))).Should().BeEquivalentTo(Enumerable.Range(0, 10).Select(i => (i, $"data-0-{i}")));
    }

    [Fact]
    public void Read_SnapshotData1_ReturnsBothAppends()
    {
        var expected = Enumerable.Range(0, 10).Select(i => (i, $"data-0-{i}")).Concat(Enumerable.Range(0, 10).Select(i => (i, $"data-1-{i}")));
        IntString(Rows.Read(Golden.Path("snapshot-data1"))).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Read_SnapshotData2Overwrite_ReturnsOnlyTheOverwritingRows()
    {
        using var table = DeltaTable.Open(Golden.Path("snapshot-data2"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(2);
        snapshot.Files.Should().HaveCount(2);
        snapshot.Tombstones.Should().HaveCount(4);
        IntString(Rows.Read(table, snapshot)).Should().BeEquivalentTo(Enumerable.Range(0, 10).Select(i => (i, $"data-2-{i}")));
    }

    [Fact]
    public void Read_SnapshotData2TimeTravelToVersion1_ReturnsTwentyRows()
    {
        Rows.Read(Golden.Path("snapshot-data2"), version: 1).Should().HaveCount(20);
        Rows.Read(Golden.Path("snapshot-data2"), version: 0).Should().HaveCount(10);
    }

    [Fact]
    public void Read_SnapshotData2Deleted_ReturnsTheDataThreeRows()
    {
        using var table = DeltaTable.Open(Golden.Path("snapshot-data2-deleted"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(4);
        var rows = IntString(Rows.Read(table, snapshot));
        rows.Should().HaveCount(20);
        rows.Should().OnlyContain(r => r.Item2.StartsWith("data-3-", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_SnapshotRepartitioned_ReturnsTheSameRowsInTwoFiles()
    {
        using var table = DeltaTable.Open(Golden.Path("snapshot-repartitioned"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(5);
        snapshot.Files.Should().HaveCount(2);
        var rows = IntString(Rows.Read(table, snapshot));
        rows.Should().HaveCount(20);
        rows.Should().BeEquivalentTo(IntString(Rows.Read(table, table.GetSnapshot(4))));
    }

    [Fact]
    public void Read_SnapshotVacuumed_EveryParquetFileOnDiskIsActive()
    {
        var path = Golden.Path("snapshot-vacuumed");
        using var table = DeltaTable.Open(path);
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(5);
        Rows.Read(table, snapshot).Should().HaveCount(20);
        var onDisk = Directory.EnumerateFiles(path, "*.parquet").Select(Path.GetFileName);
        snapshot.Files.Select(f => f.DecodedPath).Should().BeEquivalentTo(onDisk);
    }

    [Fact]
    public void Read_BasicWithInsertsDeletesCheckpoint_ReplaysCheckpointAndLaterCommits()
    {
        using var table = DeltaTable.Open(Golden.Path("basic-with-inserts-deletes-checkpoint"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(13);
        snapshot.CheckpointVersion.Should().Be(10);
        var expected = new[] { 0, 10, 20, 30, 40 }.SelectMany(s => Enumerable.Range(s, 5)).Concat(Enumerable.Range(50, 16)).Select(i => (long)i);
        Rows.Read(table, snapshot).Select(r => (long)r[0]!).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Read_BasicWithInsertsDeletesCheckpointAtVersion5_ReplaysJsonOnly()
    {
        using var table = DeltaTable.Open(Golden.Path("basic-with-inserts-deletes-checkpoint"));
        var snapshot = table.GetSnapshot(5);
        snapshot.CheckpointVersion.Should().BeNull();
        snapshot.Version.Should().Be(5);
    }

    [Fact]
    public void Read_BasicWithInsertsUpdates_ReturnsUpdatedValues()
    {
        var rows = IntString(Rows.Read(Golden.Path("basic-with-inserts-updates")));
        rows.Should().BeEquivalentTo(Enumerable.Range(0, 100).Select(i => (i, i < 50 ? "N/A" : $"val={i}")));
    }

    [Fact]
    public void Read_BasicWithInsertsOverwriteRestore_ReturnsRestoredRows()
    {
        using var table = DeltaTable.Open(Golden.Path("basic-with-inserts-overwrite-restore"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(3);
        Rows.Read(table, snapshot).Select(r => (long)r[0]!).Should().BeEquivalentTo(Enumerable.Range(0, 200).Select(i => (long)i));
    }

    [Fact]
    public void GetSnapshot_CheckpointTable_HasOneActiveFileFromCheckpointPlusCommits()
    {
        using var table = DeltaTable.Open(Golden.Path("checkpoint"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(14);
        snapshot.CheckpointVersion.Should().Be(10);
        snapshot.Files.Select(f => f.Path).Should().Equal("15");
    }

    [Fact]
    public void GetSnapshot_CheckpointTableAtVersion10_UsesTheCheckpointOnly()
    {
        using var table = DeltaTable.Open(Golden.Path("checkpoint"));
        var snapshot = table.GetSnapshot(10);
        snapshot.CheckpointVersion.Should().Be(10);
        snapshot.Files.Select(f => f.Path).Should().Equal("11");
        table.GetSnapshot(9).Files.Select(f => f.Path).Should().Equal("10");
    }

    [Fact]
    public void Read_CorruptedLastCheckpoint_FallsBackToListing()
    {
        var path = Golden.Path("corrupted-last-checkpoint-kernel");
        new FileInfo(Path.Combine(path, "_delta_log", "_last_checkpoint")).Length.Should().Be(0);
        using var table = DeltaTable.Open(path);
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(11);
        snapshot.CheckpointVersion.Should().Be(10);
        Rows.Read(table, snapshot).Select(r => (long)r[0]!).Should().BeEquivalentTo(Enumerable.Range(0, 100).Select(i => (long)i));
    }

    [Fact]
    public void GetSnapshot_DeleteReAddSameFile_KeepsTheNewestAdd()
    {
        using var table = DeltaTable.Open(Golden.Path("delete-re-add-same-file-different-transactions"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(3);
        snapshot.Files.Select(f => f.Path).Should().BeEquivalentTo("foo", "bar");
        snapshot.Files.Single(f => f.Path == "foo").ModificationTime.Should().Be(1700000000000);
    }

    [Fact]
    public void GetSnapshot_SpecialCharactersAddedThenRemoved_HasNoFiles()
    {
        using var table = DeltaTable.Open(Golden.Path("log-replay-special-characters-a"));
        table.GetSnapshot().Files.Should().BeEmpty();
    }

    [Fact]
    public void GetSnapshot_SpecialCharactersPath_IsUriDecoded()
    {
        using var table = DeltaTable.Open(Golden.Path("log-replay-special-characters-b"));
        var file = table.GetSnapshot().Files.Should().ContainSingle().Subject;
        file.Path.Should().Be("special%20p@%23h");
        file.DecodedPath.Should().Be("special p@#h");
    }

    [Fact]
    public void Read_DataReaderPartitionValues_TypesEveryPartitionColumnFromTheLog()
    {
        using var table = DeltaTable.Open(Golden.Path("data-reader-partition-values"));
        var snapshot = table.GetSnapshot();
        Rows.Columns(table, snapshot).Should().Equal(snapshot.Schema.Fields.Select(f => f.Name));
        var rows = Rows.Read(table, snapshot);
        rows.Should().HaveCount(3);
        foreach (var i in new[] { 0, 1 })
        {
            var row = rows.Single(r => r[0] is int v && v == i);
            row[1].Should().Be((long)i);
            row[2].Should().Be((sbyte)i);
            row[3].Should().Be((short)i);
            row[4].Should().Be(i % 2 == 0);
            row[5].Should().Be((float)i);
            row[6].Should().Be((double)i);
            row[7].Should().Be(i.ToString(CultureInfo.InvariantCulture));
            row[8].Should().Be("null");
            row[9].Should().Be(new DateOnly(2021, 9, 8));
            row[10].Should().Be(Utc("2021-09-08T11:11:11Z"));
            row[11].Should().Be((decimal)i);
            row[14].Should().Be(i.ToString(CultureInfo.InvariantCulture));
        }

        var nullRow = rows.Single(r => r[0] is null);
        nullRow.Take(12).Should().OnlyContain(v => v == null);
        var list = nullRow[12].Should().BeAssignableTo<IReadOnlyList<object?>>().Subject;
        list.Should().HaveCount(3);
        list.Should().OnlyContain(e => ((IReadOnlyDictionary<string, object?>)e!)["val"]!.Equals(2));
        var nested = (IReadOnlyDictionary<string, object?>)nullRow[13]!;
        nested["aa"].Should().Be("2");
        nested["ab"].Should().Be("2");
        var ac = (IReadOnlyDictionary<string, object?>)nested["ac"]!;
        ac["aca"].Should().Be(2);
        ac["acb"].Should().Be(2L);
        nullRow[14].Should().Be("2");
    }

    [Fact]
    public void Read_DataReaderPrimitives_ReturnsEveryPrimitiveTypeAndANullRow()
    {
        var rows = Rows.Read(Golden.Path("data-reader-primitives"));
        rows.Should().HaveCount(11);
        rows.Should().ContainSingle(r => r.All(v => v == null));
        for (var i = 0; i < 10; i++)
        {
            var row = rows.Single(r => r[0] is int v && v == i);
            row[1].Should().Be((long)i);
            row[2].Should().Be((sbyte)i);
            row[3].Should().Be((short)i);
            row[4].Should().Be(i % 2 == 0);
            row[5].Should().Be((float)i);
            row[6].Should().Be((double)i);
            row[7].Should().Be(i.ToString(CultureInfo.InvariantCulture));
            row[8].Should().BeEquivalentTo(new[] { (byte)i, (byte)i });
            row[9].Should().Be((decimal)i);
        }
    }

    [Fact]
    public void Read_DataReaderNestedStruct_ReturnsNestedStructs()
    {
        var rows = Rows.Read(Golden.Path("data-reader-nested-struct"));
        rows.Should().HaveCount(10);
        for (var i = 0; i < 10; i++)
        {
            var text = i.ToString(CultureInfo.InvariantCulture);
            var row = rows.Single(r => r[1] is int v && v == i);
            var a = (IReadOnlyDictionary<string, object?>)row[0]!;
            a["aa"].Should().Be(text);
            a["ab"].Should().Be(text);
            var ac = (IReadOnlyDictionary<string, object?>)a["ac"]!;
            ac["aca"].Should().Be(i);
            ac["acb"].Should().Be((long)i);
        }
    }

    [Fact]
    public void Read_DataReaderArrayPrimitives_ReturnsSingleElementArrays()
    {
        var rows = Rows.Read(Golden.Path("data-reader-array-primitives"));
        rows.Should().HaveCount(10);
        for (var i = 0; i < 10; i++)
        {
            var row = rows.Single(r => ((IReadOnlyList<object?>)r[0]!)[0] is int v && v == i);
            ((IReadOnlyList<object?>)row[1]!).Should().Equal((long)i);
            ((IReadOnlyList<object?>)row[2]!).Should().Equal((sbyte)i);
            ((IReadOnlyList<object?>)row[3]!).Should().Equal((short)i);
            ((IReadOnlyList<object?>)row[4]!).Should().Equal(i % 2 == 0);
            ((IReadOnlyList<object?>)row[5]!).Should().Equal((float)i);
            ((IReadOnlyList<object?>)row[6]!).Should().Equal((double)i);
            ((IReadOnlyList<object?>)row[7]!).Should().Equal(i.ToString(CultureInfo.InvariantCulture));
            ((IReadOnlyList<object?>)row[8]!).Single().Should().BeEquivalentTo(new[] { (byte)i, (byte)i });
            ((IReadOnlyList<object?>)row[9]!).Should().Equal((decimal)i);
        }
    }

    [Fact]
    public void Read_DataReaderMap_ReturnsMaps()
    {
        var rows = Rows.Read(Golden.Path("data-reader-map"));
        rows.Should().HaveCount(10);
        for (var i = 0; i < 10; i++)
        {
            var row = rows.Single(r => r[0] is int v && v == i);
            var a = (System.Collections.IDictionary)row[1]!;
            a[i].Should().Be(i);
            var e = (System.Collections.IDictionary)row[5]!;
            e[i.ToString(CultureInfo.InvariantCulture)].Should().Be((decimal)i);
        }
    }

    [Fact]
    public void Read_BasicDecimalTable_ReturnsExactDecimals()
    {
        var rows = Rows.Read(Golden.Path("basic-decimal-table")).Select(r => ((decimal)r[0]!, (decimal)r[1]!, (decimal)r[2]!, (decimal)r[3]!));
        rows.Should().BeEquivalentTo(new[]
        {
            (234.00000m, 1.00m, 2.00000m, 3.0000000000m),
            (2342222.23454m, 111.11m, 22222.22222m, 3333333333.3333333333m),
            (0.00004m, 0.00m, 0.00000m, 0m),
            (-2342342.23423m, -999.99m, -99999.99999m, -9999999999.9999999999m),
        });
    }

    [Fact]
    public void Read_DecimalVariousScalePrecision_ReturnsThreeRowsFirstAllNull()
    {
        using var table = DeltaTable.Open(Golden.Path("decimal-various-scale-precision"));
        var snapshot = table.GetSnapshot();
        var query = table.BuildReadQuery(snapshot);
        using var connection = table.Connect();
        // Wide decimals do not fit System.Decimal: compare their text.
        using var reader = connection.ExecuteReader($"SELECT CAST(COLUMNS(*) AS VARCHAR) FROM ({query.Sql})", query.Parameters);
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetString(i))]);
        }

        rows.Should().HaveCount(3);
        rows.Should().ContainSingle(r => r.All(v => v == null));
        reader.FieldCount.Should().Be(snapshot.Schema.Fields.Count);

        // The file's stats (written by Spark) give each column's null count, min and max: the two data rows must match them.
        using var stats = System.Text.Json.JsonDocument.Parse(snapshot.Files.Single().Stats!);
        var data = rows.Where(r => r.Any(v => v != null)).ToList();
        data.Should().HaveCount(2);
        for (var c = 0; c < snapshot.Schema.Fields.Count; c++)
        {
            var name = snapshot.Schema.Fields[c].Name;
            var values = data.Select(r => r[c]).ToList();
            if (stats.RootElement.GetProperty("nullCount").GetProperty(name).GetInt64() == 3)
            {
                values.Should().OnlyContain(v => v == null, name);
                continue;
            }

            var min = stats.RootElement.GetProperty("minValues").GetProperty(name).GetDouble();
            var max = stats.RootElement.GetProperty("maxValues").GetProperty(name).GetDouble();
            values.Select(v => double.Parse(v!, CultureInfo.InvariantCulture)).Should().BeEquivalentTo(new[] { min, max }, name);
        }
    }

    [Fact]
    public void Read_DecimalDecodeBug124_ReturnsOneMillion()
    {
        Rows.Read(Golden.Path("124-decimal-decode-bug")).Single().Single().Should().Be(1000000m);
    }

    public static TheoryData<string, int> TimestampTables => new()
    {
        { "kernel-timestamp-INT96", 0 },
        { "kernel-timestamp-TIMESTAMP_MICROS", 0 },
        { "kernel-timestamp-PST", 8 },
    };

    [Theory]
    [MemberData(nameof(TimestampTables))]
    public void Read_KernelTimestampTables_ReturnUtcInstants(string tableName, int dataOffsetHours)
    {
        var rows = Rows.Read(Golden.Path(tableName)).Select(r => ((int)r[0]!, (DateTimeOffset?)r[1], (DateTimeOffset?)r[2])).ToList();
        var offset = TimeSpan.FromHours(dataOffsetHours);
        rows.Should().BeEquivalentTo(new (int, DateTimeOffset?, DateTimeOffset?)[]
        {
            (0, Utc("2020-01-01 08:09:10.001"), Utc("2020-02-01 08:09:10") + offset),
            (1, Utc("2021-10-01 08:09:20"), Utc("1999-01-01 09:00:00") + offset),
            (2, Utc("2021-10-01 08:09:20"), Utc("2000-01-01 09:00:00") + offset),
            (3, Utc("1969-01-01 00:00:00"), Utc("1969-01-01 00:00:00") + offset),
            (4, null, null),
        });
    }

    [Fact]
    public void Read_TimestampPartitionIso8601_ParsesUtcPartitionValues()
    {
        var rows = Rows.Read(Golden.Path("kernel-timestamp-partition-col-ISO8601"));
        rows.Select(r => ((DateTimeOffset)r[1]!).ToUnixTimeMilliseconds() * 1000).Should().BeEquivalentTo(new[] { 1704103200000000L, 1704198600000000L });
        rows.Should().HaveCount(2);
    }

    [Fact]
    public void Read_DataReaderDateTypesUtc_ReadsInt96TimestampAndDate()
    {
        var row = Rows.Read(Golden.Path("data-reader-date-types-UTC")).Single();
        row[0].Should().Be(Utc("2020-01-01 08:09:10"));
        row[1].Should().Be(new DateOnly(2020, 1, 1));
    }

    [Fact]
    public void Read_TimeTravelSchemaChangesA_ReturnsRange()
    {
        Rows.Read(Golden.Path("time-travel-schema-changes-a")).Select(r => (long)r[0]!).Should().BeEquivalentTo(Enumerable.Range(0, 10).Select(i => (long)i));
    }

    [Fact]
    public void Read_TimeTravelPartitionChangesA_TakesPartitionFromLog()
    {
        var rows = Rows.Read(Golden.Path("time-travel-partition-changes-a"));
        rows.Select(r => ((long)r[0]!, (long)r[1]!)).Should().BeEquivalentTo(Enumerable.Range(0, 10).Select(i => ((long)i, (long)(i % 5))));
    }

    [Fact]
    public void Read_DataSkippingBasicStatsAllTypes_ReturnsOneRowAndKeepsStats()
    {
        using var table = DeltaTable.Open(Golden.Path("data-skipping-basic-stats-all-types"));
        var snapshot = table.GetSnapshot();
        Rows.Read(table, snapshot).Should().ContainSingle();
        var stats = snapshot.Files.Single().Stats!;
        using var document = System.Text.Json.JsonDocument.Parse(stats);
        document.RootElement.GetProperty("numRecords").GetInt64().Should().Be(1);
        document.RootElement.GetProperty("minValues").GetProperty("as_timestamp").GetString().Should().Be("2000-01-01T00:00:00.000-08:00");
    }

    [Fact]
    public void Read_DataSkippingChangeStatsAcrossVersions_ReturnsThreeRows()
    {
        var rows = Rows.Read(Golden.Path("data-skipping-change-stats-collected-across-versions"));
        rows.Select(r => ((int)r[0]!, (int)r[1]!)).Should().Equal((0, 0), (0, 0), (0, 0));
    }

    [Fact]
    public void GetSnapshot_DeltalogGetChanges_ExposesLatestTxnPerApp()
    {
        using var table = DeltaTable.Open(Golden.Path("deltalog-getChanges"));
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(2);
        snapshot.GetTransactionVersion("fakeAppId").Should().Be(3);
        snapshot.GetTransactionVersion("otherAppId").Should().BeNull();
        snapshot.Files.Should().BeEmpty();
        Rows.Read(table, snapshot).Should().BeEmpty();
    }

    // ---- B. Tables that must raise an error ----

    [Fact]
    public void GetSnapshot_InvalidProtocolVersion_ThrowsUnsupportedReaderVersion()
    {
        using var table = DeltaTable.Open(Golden.Path("deltalog-invalid-protocol-version"));
        var act = () => table.GetSnapshot();
        act.Should().Throw<DeltaProtocolException>().WithMessage("*Unsupported Delta protocol reader version 99*")
            .Which.Feature.Should().Be("readerVersion");
    }

    [Fact]
    public void GetSnapshot_WithoutProtocol_ThrowsNoProtocolFound()
    {
        using var table = DeltaTable.Open(Golden.Path("deltalog-state-reconstruction-without-protocol"));
        var act = () => table.GetSnapshot();
        act.Should().Throw<DeltaLogCorruptException>().WithMessage("No protocol found*deltalog-state-reconstruction-without-protocol*");
    }

    [Fact]
    public void GetSnapshot_WithoutMetadata_ThrowsNoMetadataFound()
    {
        using var table = DeltaTable.Open(Golden.Path("deltalog-state-reconstruction-without-metadata"));
        var act = () => table.GetSnapshot();
        act.Should().Throw<DeltaLogCorruptException>().WithMessage("No metadata found*");
    }

    [Fact]
    public void Open_NoDeltaLogFolder_ThrowsTableNotFound()
    {
        var path = Golden.Path("no-delta-log-folder");
        var act = () => DeltaTable.Open(path);
        act.Should().Throw<DeltaTableNotFoundException>().WithMessage($"Not a Delta table*{path}*");
    }

    // ---- C. Features a (1,2)-only reader must refuse ----

    public static TheoryData<string, string> RefusedTables => new()
    {
        { "log-replay-dv-key-cases", "deletionVectors" },
        { "table-with-columnmapping-mode-name", "columnMapping" },
        { "data-reader-timestamp_ntz", "timestampNtz" },
        { "v2-checkpoint-parquet", "v2Checkpoint" },
        { "type-widening", "typeWidening-preview" },
    };

    [Theory]
    [MemberData(nameof(RefusedTables))]
    public void GetSnapshot_UnsupportedFeature_ThrowsNamingFeatureAndTable(string tableName, string feature)
    {
        using var table = DeltaTable.Open(Golden.Path(tableName));
        var act = () => table.GetSnapshot();
        var error = act.Should().Throw<DeltaProtocolException>().Which;
        error.Message.Should().Contain(feature).And.Contain(tableName);
        error.TablePath.Should().EndWith(tableName);
    }

    [Fact]
    public void Read_VacuumProtocolCheckFeature_IsAcknowledgedAndRead()
    {
        IntString(Rows.Read(Golden.Path("basic-with-vacuum-protocol-check-feature")))
            .Should().BeEquivalentTo(Enumerable.Range(0, 100).Select(i => (i, $"val={i}")));
    }

    [Fact]
    public void Read_LatestMetadataProtocol_UsesNewestProtocolAndSchema()
    {
        using var table = DeltaTable.Open(Golden.Path("log-replay-latest-metadata-protocol"));
        var snapshot = table.GetSnapshot();
        snapshot.Protocol.MinReaderVersion.Should().Be(3);
        snapshot.Protocol.MinWriterVersion.Should().Be(7);
        snapshot.Schema.Fields.Select(f => f.Name).Should().Equal("col1", "col2");
        Rows.Read(table, snapshot).Should().HaveCount(40);
    }

    // ---- D. Readable, but not writable ----

    [Fact]
    public void Read_CommitInfoWithArbitraryOperationParams_ParsesLeniently()
    {
        using var table = DeltaTable.Open(Golden.Path("commit-info-containing-arbitrary-operationParams-types"));
        var rows = Rows.Read(table, table.GetSnapshot());
        rows.Select(r => ((int)r[0]!, (int)r[1]!)).Should().BeEquivalentTo(new[] { (1, 1), (2, 2) });
    }

    [Fact]
    public void EveryGoldenTable_IsCoveredByATest()
    {
        var source = File.ReadAllText(Path.Combine(FindTestsFolder(), "GoldenReadTests.cs"));
        Golden.AllTables().Where(t => !source.Contains($"\"{t}\"", StringComparison.Ordinal)).Should().BeEmpty();
    }

    private static string FindTestsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Delta");
            if (File.Exists(Path.Combine(candidate, "GoldenReadTests.cs")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Delta not found");
    }
}
