using System.Diagnostics;

namespace Lakehouse.Delta.Tests;

/// <summary>
/// kill -9 of a writer process (tests/Delta.CrashWriter, built with this project): between data files and commit, and at
/// an arbitrary point of a stream of appends. The table must read at its last committed version, versions stay
/// contiguous, a re-run with the same txn commits once, and VACUUM removes what the dead writer left.
/// </summary>
public sealed class CrashTests
{
    private static readonly StructType Schema = new([new StructField("id", PrimitiveType.Long), new StructField("p", PrimitiveType.String)]);

    private static string WriterPath()
    {
        // .../tests/Delta/bin/<Configuration>/net10.0/ -> .../tests/Delta.CrashWriter/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Delta.CrashWriter", "bin", configuration, output.Name, "Lakehouse.Delta.CrashWriter.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build tests/Delta (it builds the crash writer too).", path);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(WriterPath());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static List<string> DataFiles(string root) =>
        [.. Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_delta_log", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Write_ProcessKilledBetweenDataFilesAndCommit_TableStaysAtItsVersionAndRerunCommitsOnce()
    {
        using var dir = new TempDirectory();
        using (var setup = DeltaTable.ForPath(dir.Path))
        {
            setup.Create(Schema);
            setup.Append("SELECT 1 AS id, 'a' AS p");
        }

        using (var writer = Start("before-commit", dir.Path, "nightly", "7"))
        {
            var line = await writer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line != "READY")
            {
                writer.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"The crash writer did not get to its commit: {line} {await writer.StandardError.ReadToEndAsync()}");
            }

            writer.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no cleanup
            await writer.WaitForExitAsync();
        }

        var clock = new FixedTimeProvider(DateTimeOffset.UtcNow);
        using var table = DeltaTable.Open(dir.Path, new DeltaTableOptions { TimeProvider = clock });
        table.GetLatestVersion().Should().Be(1);
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Should().Equal(1L);
        var orphans = DataFiles(dir.Path).Except(table.GetSnapshot().Files.Select(f => f.DecodedPath)).ToList();
        orphans.Should().ContainSingle();

        var options = new DeltaWriteOptions { ApplicationId = "nightly", ApplicationVersion = 7 };
        table.Write("SELECT * FROM (VALUES (100, 'crash'), (101, 'crash')) AS t(id, p)", options: options).Skipped.Should().BeFalse();
        table.Write("SELECT * FROM (VALUES (100, 'crash'), (101, 'crash')) AS t(id, p)", options: options).Skipped.Should().BeTrue();
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Order().Should().Equal(1L, 100L, 101L);

        clock.Now = clock.Now.AddDays(8);
        table.Vacuum().Files.Should().Equal(orphans);
        Rows.Read(table, table.GetSnapshot()).Should().HaveCount(3);
    }

    [Fact]
    public async Task Append_ProcessKilledAtAnArbitraryPoint_LeavesAReadableContiguousLog()
    {
        using var dir = new TempDirectory();
        using (var setup = DeltaTable.ForPath(dir.Path))
        {
            setup.Create(Schema);
        }

        var committed = new List<long>();
        using (var writer = Start("loop", dir.Path, "w1"))
        {
            // Let it commit a few versions, then kill it wherever it is (writing parquet, the commit temp file, a checkpoint...).
            while (committed.Count < 12)
            {
                var line = await writer.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                if (line is null)
                {
                    throw new InvalidOperationException($"The crash writer stopped: {await writer.StandardError.ReadToEndAsync()}");
                }

                committed.Add(long.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
            }

            await Task.Delay(Random.Shared.Next(0, 40));
            writer.Kill(entireProcessTree: true);
            await writer.WaitForExitAsync();
        }

        var clock = new FixedTimeProvider(DateTimeOffset.UtcNow);
        using var table = DeltaTable.Open(dir.Path, new DeltaTableOptions { TimeProvider = clock });
        var latest = table.GetLatestVersion();
        latest.Should().BeGreaterThanOrEqualTo(committed[^1]);
        var commits = Directory.EnumerateFiles(Path.Combine(dir.Path, "_delta_log"), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        commits.Should().Equal(Enumerable.Range(0, (int)latest + 1).Select(v => LogPaths.CommitName(v)));
        var ids = Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Order().ToList();
        ids.Should().Equal(Enumerable.Range(0, (int)latest).Select(i => (long)i), "every committed append is there exactly once");

        table.Append("SELECT 1000 AS id, 'after' AS p").Version.Should().Be(latest + 1);
        clock.Now = clock.Now.AddDays(8);
        table.Vacuum();
        DataFiles(dir.Path).Should().BeEquivalentTo(table.GetSnapshot().Files.Select(f => f.DecodedPath), "VACUUM removed whatever the killed writer left");
    }
}
