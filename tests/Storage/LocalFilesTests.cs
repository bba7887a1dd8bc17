namespace Lakehouse.Storage.Tests;

public sealed class LocalFilesTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("lakehouse-storage-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void TryCreateExclusive_NewPath_CreatesTheFileWithItsContent()
    {
        var path = Path.Combine(_directory.FullName, "00000.json");

        LocalFiles.TryCreateExclusive(path, "hello"u8).Should().BeTrue();

        File.ReadAllText(path).Should().Be("hello");
        _directory.GetFiles().Should().ContainSingle("no temporary file is left behind");
    }

    [Fact]
    public void TryCreateExclusive_ExistingPath_ReturnsFalseAndKeepsTheOriginal()
    {
        var path = Path.Combine(_directory.FullName, "00000.json");
        File.WriteAllText(path, "first");

        LocalFiles.TryCreateExclusive(path, "second"u8).Should().BeFalse();

        File.ReadAllText(path).Should().Be("first");
        _directory.GetFiles().Should().ContainSingle();
    }

    [Fact]
    public async Task TryCreateExclusive_ManyConcurrentWriters_ExactlyOneWins()
    {
        var path = Path.Combine(_directory.FullName, "contended.json");
        using var start = new ManualResetEventSlim();

        var writers = Enumerable.Range(0, 16).Select(i => Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                return LocalFiles.TryCreateExclusive(path, System.Text.Encoding.UTF8.GetBytes($"writer {i}"));
            },
            TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        var results = await Task.WhenAll(writers);

        results.Count(won => won).Should().Be(1);
        var winner = Array.IndexOf(results, true);
        File.ReadAllText(path).Should().Be($"writer {winner}");
    }

    [Fact]
    public void WriteAtomic_ReplacesAnExistingFile()
    {
        var path = Path.Combine(_directory.FullName, "_last_checkpoint");
        File.WriteAllText(path, "old");

        LocalFiles.WriteAtomic(path, "new"u8);

        File.ReadAllText(path).Should().Be("new");
        _directory.GetFiles().Should().ContainSingle();
    }

    [Fact]
    public void TryMoveExclusive_TakenDestination_LeavesBothFiles()
    {
        var source = Path.Combine(_directory.FullName, "a");
        var destination = Path.Combine(_directory.FullName, "b");
        File.WriteAllText(source, "a");
        File.WriteAllText(destination, "b");

        LocalFiles.TryMoveExclusive(source, destination).Should().BeFalse();

        File.ReadAllText(destination).Should().Be("b");
        File.Exists(source).Should().BeTrue();
    }
}
