namespace Lakehouse.Delta.Tests;

/// <summary>A log store that lets another writer commit first, exactly once, to make commit races deterministic.</summary>
internal sealed class RacingLogStore(string root, Action<long> beforeFirstCommit) : IDeltaLogStore
{
    private readonly LocalLogStore _inner = new(root);
    private int _raced;

    public string TableRoot => _inner.TableRoot;

    public bool LogExists() => _inner.LogExists();

    public IReadOnlyList<LogFileEntry> List(CancellationToken cancellationToken = default) => _inner.List(cancellationToken);

    public byte[]? Read(string name, CancellationToken cancellationToken = default) => _inner.Read(name, cancellationToken);

    public void WriteCommit(long version, ReadOnlySpan<byte> content, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _raced, 1) == 0)
        {
            beforeFirstCommit(version);
        }

        _inner.WriteCommit(version, content, cancellationToken);
    }

    public void WriteReplace(string name, ReadOnlySpan<byte> content, CancellationToken cancellationToken = default) => _inner.WriteReplace(name, content, cancellationToken);

    public string LogFilePath(string name) => _inner.LogFilePath(name);

    public string DataFilePath(string decodedPath) => _inner.DataFilePath(decodedPath);
}

public sealed class ConcurrencyTests
{
    private static readonly StructType Schema = new([new StructField("id", PrimitiveType.Long), new StructField("p", PrimitiveType.String)]);

    private static TempDirectory NewTable()
    {
        var dir = new TempDirectory();
        using var table = DeltaTable.ForPath(dir.Path);
        table.Create(Schema);
        table.Append("SELECT 0 AS id, 'seed' AS p");
        return dir;
    }

    private static DeltaTable Racing(TempDirectory dir, Action<DeltaTable> winner) =>
        DeltaTable.Open(dir.Path, new DeltaTableOptions
        {
            LogStore = new RacingLogStore(dir.Path, _ =>
            {
                using var other = DeltaTable.Open(dir.Path);
                winner(other);
            }),
        });

    [Fact]
    public void Append_LosesRaceToAnotherAppend_RetriesAtTheNextVersion()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 1 AS id, 'winner' AS p"));
        var result = table.Append("SELECT 2 AS id, 'retried' AS p");
        result.Version.Should().Be(3);
        result.Attempts.Should().Be(2);
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Should().BeEquivalentTo(new[] { 0L, 1L, 2L });
    }

    [Fact]
    public void Overwrite_LosesRaceToAnAppend_ThrowsAndCommitsNothing()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 1 AS id, 'winner' AS p"));
        var act = () => table.Overwrite("SELECT 9 AS id, 'overwrite' AS p");
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*changed files the overwrite read*");
        table.GetLatestVersion().Should().Be(2);
        Directory.EnumerateFiles(dir.Path, "*.parquet").Should().HaveCount(2, "the overwrite's own data file is deleted");
    }

    [Fact]
    public void Append_WinnerChangedMetadata_Throws()
    {
        using var dir = NewTable();
        using var table = Racing(dir, _ =>
        {
            var commit = "{\"metaData\":{\"id\":\"x\",\"format\":{\"provider\":\"parquet\",\"options\":{}},\"schemaString\":"
                + System.Text.Json.JsonSerializer.Serialize(Schema.ToJson()) + ",\"partitionColumns\":[],\"configuration\":{\"k\":\"v\"}}}\n";
            new LocalLogStore(dir.Path).WriteCommit(2, System.Text.Encoding.UTF8.GetBytes(commit));
        });
        var act = () => table.Append("SELECT 2 AS id, 'x' AS p");
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*protocol or metadata*").Which.Version.Should().Be(2);
    }

    [Fact]
    public void Write_WinnerCommittedTheSameApplicationVersion_IsSkippedAndItsFilesDeleted()
    {
        using var dir = NewTable();
        var options = new DeltaWriteOptions { ApplicationId = "job", ApplicationVersion = 5 };
        using var table = Racing(dir, other => other.Write("SELECT 1 AS id, 'first' AS p", options: options));
        var result = table.Write("SELECT 1 AS id, 'second' AS p", options: options);
        result.Skipped.Should().BeTrue();
        var snapshot = table.GetSnapshot();
        snapshot.GetTransactionVersion("job").Should().Be(5);
        Rows.Read(table, snapshot).Select(r => (string)r[1]!).Should().BeEquivalentTo("seed", "first");
        Directory.EnumerateFiles(dir.Path, "*.parquet").Should().HaveCount(2);
    }

    [Fact]
    public void Write_EightWritersSameApplicationVersion_CommitExactlyOnce()
    {
        using var dir = NewTable();
        using var start = new Barrier(8);
        var results = new DeltaCommitResult?[8];
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            using var table = DeltaTable.Open(dir.Path);
            start.SignalAndWait();
            results[i] = table.Write("SELECT $1 AS id, 'x' AS p", [(long)i], new DeltaWriteOptions { ApplicationId = "job", ApplicationVersion = 1 });
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        results.Count(r => r is { Skipped: false }).Should().Be(1);
        using var reader = DeltaTable.Open(dir.Path);
        reader.GetLatestVersion().Should().Be(2);
        Rows.Read(reader, reader.GetSnapshot()).Should().HaveCount(2);
    }
}
