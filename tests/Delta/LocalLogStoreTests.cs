using System.Text;

namespace Lakehouse.Delta.Tests;

public sealed class LocalLogStoreTests
{
    [Fact]
    public void WriteCommit_NewVersion_CreatesTheFileAndLeavesNoTempFile()
    {
        using var dir = new TempDirectory();
        var store = new LocalLogStore(dir.Path);
        store.WriteCommit(0, "{\"txn\":{\"appId\":\"a\",\"version\":1}}\n"u8);
        store.List().Select(e => e.Name).Should().Equal("00000000000000000000.json");
        Encoding.UTF8.GetString(store.Read("00000000000000000000.json")!).Should().Be("{\"txn\":{\"appId\":\"a\",\"version\":1}}\n");
    }

    [Fact]
    public void WriteCommit_ExistingVersion_ThrowsConcurrentModificationAndKeepsTheWinner()
    {
        using var dir = new TempDirectory();
        var store = new LocalLogStore(dir.Path);
        store.WriteCommit(3, "first\n"u8);
        var act = () => store.WriteCommit(3, "second\n"u8);
        var error = act.Should().Throw<DeltaConcurrentModificationException>().Which;
        error.Version.Should().Be(3);
        error.IsTransient.Should().BeTrue();
        error.Message.Should().Contain(dir.Path);
        Encoding.UTF8.GetString(store.Read(LogPaths.CommitName(3))!).Should().Be("first\n");
        store.List().Should().ContainSingle();
    }

    [Fact]
    public void WriteCommit_SixteenWritersRaceForOneVersion_ExactlyOneWins()
    {
        for (var round = 0; round < 10; round++)
        {
            using var dir = new TempDirectory();
            var store = new LocalLogStore(dir.Path);
            using var start = new Barrier(16);
            var winners = 0;
            var losers = 0;
            var threads = Enumerable.Range(0, 16).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                try
                {
                    store.WriteCommit(7, Encoding.UTF8.GetBytes($"writer {i}\n"));
                    Interlocked.Increment(ref winners);
                }
                catch (DeltaConcurrentModificationException)
                {
                    Interlocked.Increment(ref losers);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            winners.Should().Be(1);
            losers.Should().Be(15);
            store.List().Select(e => e.Name).Should().Equal(LogPaths.CommitName(7));
        }
    }

    [Fact]
    public void List_MissingLogDirectory_IsEmpty()
    {
        using var dir = new TempDirectory();
        var store = new LocalLogStore(dir.Path);
        store.LogExists().Should().BeFalse();
        store.List().Should().BeEmpty();
        store.Read("_last_checkpoint").Should().BeNull();
    }

    [Fact]
    public void WriteReplace_ExistingFile_IsReplaced()
    {
        using var dir = new TempDirectory();
        var store = new LocalLogStore(dir.Path);
        store.WriteReplace("_last_checkpoint", "a"u8);
        store.WriteReplace("_last_checkpoint", "b"u8);
        store.Read("_last_checkpoint").Should().Equal((byte)'b');
        store.List().Should().ContainSingle();
    }

    [Theory]
    [InlineData("../x.json")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    public void LogFilePath_NameOutsideTheLog_IsRefused(string name)
    {
        var store = new LocalLogStore("/tmp/t");
        var act = () => store.LogFilePath(name);
        act.Should().Throw<ArgumentException>();
    }
}

public sealed class LogPathsTests
{
    [Theory]
    [InlineData("00000000000000000007.json", 7L, "Commit", 0, 0)]
    [InlineData("00000000000000000010.checkpoint.parquet", 10L, "Checkpoint", 1, 1)]
    [InlineData("00000000000000000010.checkpoint.0000000002.0000000003.parquet", 10L, "MultiPartCheckpoint", 2, 3)]
    [InlineData("00000000000000000002.checkpoint.e8fa2696-9728-4e9c-b285-634743fdd4fb.parquet", 2L, "UuidCheckpoint", 0, 0)]
    public void Parse_LogFileNames_AreClassified(string name, long version, string kind, int part, int parts)
    {
        var parsed = LogPaths.Parse(name)!.Value;
        (parsed.Version, parsed.Kind.ToString(), parsed.Part, parsed.Parts).Should().Be((version, kind, part, parts));
    }

    [Theory]
    [InlineData("00000000000000000007.crc")]
    [InlineData(".00000000000000000007.json.crc")]
    [InlineData("_last_checkpoint")]
    [InlineData("0000000000000000007.json")]
    [InlineData("00000000000000000001.00000000000000000003.compacted.json")]
    public void Parse_OtherFiles_AreIgnored(string name) => LogPaths.Parse(name).Should().BeNull();

    [Theory]
    [InlineData("2021-09-08 11:11:11", "2021-09-08 11%3A11%3A11")]
    [InlineData("a/b=c", "a%2Fb%3Dc")]
    [InlineData("50%", "50%25")]
    [InlineData("plain text", "plain text")]
    public void EscapePartitionValue_SpecialCharacters_AreHiveEscaped(string value, string expected) =>
        LogPaths.EscapePartitionValue(value).Should().Be(expected);

    [Fact]
    public void EncodePath_GoldenSparkPath_IsReproduced()
    {
        // data-reader-partition-values: the directory "as_timestamp=2021-09-08 11%3A11%3A11" is written as below in the log.
        LogPaths.EncodePath("as_timestamp=" + LogPaths.EscapePartitionValue("2021-09-08 11:11:11") + "/part-0.parquet")
            .Should().Be("as_timestamp=2021-09-08%2011%253A11%253A11/part-0.parquet");
        LogPaths.DecodePath("special%20p@%23h").Should().Be("special p@#h");
    }
}
