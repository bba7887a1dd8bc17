using System.Text;

namespace Lakehouse.Delta.Tests;

public sealed class LogReplayTests
{
    private static string Log(TempDirectory dir, string name) => Path.Combine(dir.Path, "_delta_log", name);

    [Fact]
    public void GetSnapshot_CommitMissingAfterCheckpoint_ThrowsNamingTheCommit()
    {
        using var dir = Golden.Copy("basic-with-inserts-deletes-checkpoint");
        File.Delete(Log(dir, "00000000000000000012.json"));
        using var table = DeltaTable.Open(dir.Path);
        var act = () => table.GetSnapshot();
        act.Should().Throw<DeltaLogCorruptException>().WithMessage("*00000000000000000012.json is missing*contiguous*");
        table.GetSnapshot(11).Version.Should().Be(11);
    }

    [Fact]
    public void GetSnapshot_CommitMissingWithoutCheckpoint_Throws()
    {
        using var dir = Golden.Copy("snapshot-data2");
        File.Delete(Log(dir, "00000000000000000001.json"));
        using var table = DeltaTable.Open(dir.Path);
        var act = () => table.GetSnapshot();
        act.Should().Throw<DeltaLogCorruptException>().WithMessage("*00000000000000000001.json is missing*");
    }

    [Fact]
    public void GetSnapshot_LastCheckpointIsGarbage_FallsBackToListing()
    {
        using var dir = Golden.Copy("checkpoint");
        File.WriteAllText(Log(dir, "_last_checkpoint"), "{not json");
        using var table = DeltaTable.Open(dir.Path);
        var snapshot = table.GetSnapshot();
        snapshot.Version.Should().Be(14);
        snapshot.CheckpointVersion.Should().Be(10);
        snapshot.Files.Select(f => f.Path).Should().Equal("15");
    }

    [Fact]
    public void GetSnapshot_LastCheckpointPointsAtMissingCheckpoint_UsesTheListing()
    {
        using var dir = Golden.Copy("checkpoint");
        File.WriteAllText(Log(dir, "_last_checkpoint"), "{\"version\":12,\"size\":3}");
        using var table = DeltaTable.Open(dir.Path);
        table.GetSnapshot().CheckpointVersion.Should().Be(10);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("{not json", null)]
    [InlineData("[10]", null)]
    [InlineData("{\"version\":-1}", null)]
    [InlineData("{\"version\":10,\"size\":13,\"parts\":2}", 10L)]
    public void ReadLastCheckpointHint_ValidOrNot_ParsesOnlyValidVersions(string content, long? expected)
    {
        using var dir = Golden.Copy("checkpoint");
        File.WriteAllText(Log(dir, "_last_checkpoint"), content);
        new DeltaLog(new LocalLogStore(dir.Path), null).ReadLastCheckpointHint(CancellationToken.None).Should().Be(expected);
    }

    [Fact]
    public void GetSnapshot_MultiPartCheckpoint_IsReadLikeTheClassicOne()
    {
        using var dir = Golden.Copy("checkpoint");
        SplitCheckpoint(dir, 10);
        using var table = DeltaTable.Open(dir.Path);
        var snapshot = table.GetSnapshot();
        snapshot.CheckpointVersion.Should().Be(10);
        snapshot.Files.Select(f => f.Path).Should().Equal("15");
        table.GetSnapshot(10).Files.Select(f => f.Path).Should().Equal("11");
    }

    [Fact]
    public void GetSnapshot_MultiPartCheckpointWithMissingPart_IsIgnored()
    {
        using var dir = Golden.Copy("checkpoint");
        SplitCheckpoint(dir, 10);
        File.Delete(Log(dir, "00000000000000000010.checkpoint.0000000002.0000000002.parquet"));
        using var table = DeltaTable.Open(dir.Path);
        var snapshot = table.GetSnapshot();
        snapshot.CheckpointVersion.Should().BeNull();
        snapshot.Files.Select(f => f.Path).Should().Equal("15");
    }

    [Fact]
    public void GetSnapshot_TruncatedCheckpoint_FallsBackToReplayingCommits()
    {
        using var dir = Golden.Copy("checkpoint");
        var checkpoint = Log(dir, "00000000000000000010.checkpoint.parquet");
        File.WriteAllBytes(checkpoint, File.ReadAllBytes(checkpoint)[..100]);
        using var table = DeltaTable.Open(dir.Path);
        var snapshot = table.GetSnapshot();
        snapshot.CheckpointVersion.Should().BeNull();
        snapshot.Files.Select(f => f.Path).Should().Equal("15");
    }

    [Fact]
    public void GetSnapshot_VersionBeyondLatest_Throws()
    {
        using var table = DeltaTable.Open(Golden.Path("snapshot-data2"));
        var act = () => table.GetSnapshot(3);
        act.Should().Throw<DeltaException>().WithMessage("Version 3 does not exist; the latest version is 2*");
    }

    [Fact]
    public void Open_EmptyDeltaLog_ThrowsTableNotFound()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "_delta_log"));
        var act = () => DeltaTable.Open(dir.Path);
        act.Should().Throw<DeltaTableNotFoundException>().WithMessage("*no commit*");
    }

    [Fact]
    public void GetSnapshotAsOf_CommitFileTimes_PickTheLatestCommitAtOrBefore()
    {
        using var dir = Golden.Copy("snapshot-data2");
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var v = 0; v < 3; v++)
        {
            File.SetLastWriteTimeUtc(Log(dir, LogPaths.CommitName(v)), t0.AddHours(v).UtcDateTime);
        }

        using var table = DeltaTable.Open(dir.Path);
        table.GetSnapshotAsOf(t0).Version.Should().Be(0);
        table.GetSnapshotAsOf(t0.AddMinutes(90)).Version.Should().Be(1);
        table.GetSnapshotAsOf(t0.AddHours(2)).Version.Should().Be(2);
        Rows.Read(table, table.GetSnapshotAsOf(t0.AddMinutes(59))).Should().HaveCount(10);
        var before = () => table.GetSnapshotAsOf(t0.AddSeconds(-1));
        before.Should().Throw<DeltaException>().WithMessage("*before the earliest*");
        var after = () => table.GetSnapshotAsOf(t0.AddHours(3));
        after.Should().Throw<DeltaException>().WithMessage("*after the latest*");
    }

    [Fact]
    public void GetSnapshotAsOf_NonMonotonicFileTimes_AreMadeIncreasing()
    {
        using var dir = Golden.Copy("snapshot-data2");
        var t0 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(Log(dir, LogPaths.CommitName(0)), t0.UtcDateTime);
        File.SetLastWriteTimeUtc(Log(dir, LogPaths.CommitName(1)), t0.AddHours(-5).UtcDateTime);
        File.SetLastWriteTimeUtc(Log(dir, LogPaths.CommitName(2)), t0.AddHours(1).UtcDateTime);
        using var table = DeltaTable.Open(dir.Path);
        // Version 1's time becomes t0 + 1 ms, as Spark adjusts it.
        table.GetSnapshotAsOf(t0).Version.Should().Be(0);
        table.GetSnapshotAsOf(t0.AddMilliseconds(1)).Version.Should().Be(1);
    }

    [Fact]
    public void GetSnapshotAsOf_InCommitTimestamps_UseCommitInfo()
    {
        using var dir = new TempDirectory();
        var schema = """{"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}}]}""";
        WriteCommit(dir, 0,
            """{"commitInfo":{"inCommitTimestamp":1000,"timestamp":5}}""",
            """{"protocol":{"minReaderVersion":1,"minWriterVersion":7,"writerFeatures":["inCommitTimestamp"]}}""",
            MetadataLine(schema, "[]", """{"delta.enableInCommitTimestamps":"true"}"""));
        WriteCommit(dir, 1, """{"commitInfo":{"inCommitTimestamp":2000}}""");
        using var table = DeltaTable.Open(dir.Path);
        table.GetSnapshotAsOf(DateTimeOffset.FromUnixTimeMilliseconds(1999)).Version.Should().Be(0);
        table.GetSnapshotAsOf(DateTimeOffset.FromUnixTimeMilliseconds(2000)).Version.Should().Be(1);
        table.GetSnapshot().Timestamp.Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(2000));
    }

    [Theory]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("%2E%2E/x.parquet")]
    [InlineData("a/../../x.parquet")]
    public void BuildReadQuery_PathEscapingTheTable_IsRefused(string path)
    {
        using var dir = new TempDirectory();
        WriteMinimalTable(dir, "{\"add\":{\"path\":\"" + path + "\",\"partitionValues\":{},\"size\":1,\"modificationTime\":1,\"dataChange\":true}}");
        using var table = DeltaTable.Open(dir.Path);
        var act = () => table.BuildReadQuery(table.GetSnapshot());
        act.Should().Throw<DeltaLogCorruptException>().WithMessage("*'..'*");
    }

    [Fact]
    public void BuildReadQuery_DataFileMissing_ThrowsNamingTheTable()
    {
        using var dir = Golden.Copy("snapshot-data0");
        File.Delete(Directory.EnumerateFiles(dir.Path, "*.parquet").First());
        using var table = DeltaTable.Open(dir.Path);
        var act = () => table.BuildReadQuery(table.GetSnapshot());
        act.Should().Throw<DeltaException>().WithMessage($"Cannot read the data files of version 0*{dir.Path}*");
    }

    [Fact]
    public void GetSnapshot_ReaderVersion2WithoutColumnMapping_IsReadable()
    {
        using var dir = new TempDirectory();
        WriteMinimalTableWithProtocol(dir, """{"protocol":{"minReaderVersion":2,"minWriterVersion":5}}""");
        using var table = DeltaTable.Open(dir.Path);
        table.GetSnapshot().Protocol.MinReaderVersion.Should().Be(2);
    }

    [Fact]
    public void GetSnapshot_UnknownReaderFeature_IsRefusedByName()
    {
        using var dir = new TempDirectory();
        WriteMinimalTableWithProtocol(dir, """{"protocol":{"minReaderVersion":3,"minWriterVersion":7,"readerFeatures":["vacuumProtocolCheck","someFutureFeature"],"writerFeatures":[]}}""");
        using var table = DeltaTable.Open(dir.Path);
        var act = () => table.GetSnapshot();
        act.Should().Throw<DeltaProtocolException>().Which.Feature.Should().Be("someFutureFeature");
    }

    [Fact]
    public void Read_EmptyTable_ReturnsNoRowsWithTypedColumns()
    {
        using var dir = new TempDirectory();
        WriteMinimalTable(dir);
        using var table = DeltaTable.Open(dir.Path);
        var snapshot = table.GetSnapshot();
        Rows.Read(table, snapshot).Should().BeEmpty();
        Rows.Columns(table, snapshot).Should().Equal("id", "p");
    }

    internal static void WriteMinimalTable(TempDirectory dir, params string[] extra) =>
        WriteMinimalTableWithProtocol(dir, """{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", extra);

    internal static void WriteMinimalTableWithProtocol(TempDirectory dir, string protocol, params string[] extra)
    {
        var schema = """{"type":"struct","fields":[{"name":"id","type":"long","nullable":true,"metadata":{}},{"name":"p","type":"string","nullable":true,"metadata":{}}]}""";
        var lines = new List<string>
        {
            protocol,
            MetadataLine(schema, "[\"p\"]", "{}"),
        };
        lines.AddRange(extra);
        WriteCommit(dir, 0, [.. lines]);
    }

    internal static string MetadataLine(string schema, string partitionColumns, string configuration) =>
        "{\"metaData\":{\"id\":\"x\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":" + System.Text.Json.JsonSerializer.Serialize(schema)
        + ",\"partitionColumns\":" + partitionColumns + ",\"configuration\":" + configuration + "}}";

    internal static void WriteCommit(TempDirectory dir, long version, params string[] lines)
    {
        Directory.CreateDirectory(Path.Combine(dir.Path, "_delta_log"));
        File.WriteAllText(Path.Combine(dir.Path, "_delta_log", LogPaths.CommitName(version)), string.Join("\n", lines) + "\n", new UTF8Encoding(false));
    }

    private static void SplitCheckpoint(TempDirectory dir, long version)
    {
        var classic = Log(dir, LogPaths.CheckpointName(version));
        var prefix = Log(dir, version.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".checkpoint.");
        using var table = DeltaTable.Open(dir.Path);
        using var connection = table.Connect();
        connection.ExecuteNonQuery($"COPY (SELECT * FROM read_parquet({DuckDBTypes.QuoteLiteral(classic)}) WHERE \"add\" IS NULL) TO {DuckDBTypes.QuoteLiteral(prefix + "0000000001.0000000002.parquet")} (FORMAT parquet)");
        connection.ExecuteNonQuery($"COPY (SELECT * FROM read_parquet({DuckDBTypes.QuoteLiteral(classic)}) WHERE \"add\" IS NOT NULL) TO {DuckDBTypes.QuoteLiteral(prefix + "0000000002.0000000002.parquet")} (FORMAT parquet)");
        File.Delete(classic);
    }
}
