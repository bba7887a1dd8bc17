namespace Lakehouse.Delta.Tests;

/// <summary>VACUUM retention rules, and a writer that crashes between writing data files and committing.</summary>
public sealed class VacuumTests
{
    private static readonly StructType Schema = new([new StructField("id", PrimitiveType.Long), new StructField("p", PrimitiveType.String)]);

    /// <summary>A clock at the real current time (file modification times are real), movable by the test.</summary>
    private static FixedTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    private static DeltaTable NewTable(TempDirectory dir, FixedTimeProvider clock, IReadOnlyList<string>? partitionBy = null)
    {
        var table = DeltaTable.ForPath(dir.Path, new DeltaTableOptions { TimeProvider = clock });
        table.Create(Schema, partitionBy);
        return table;
    }

    private static List<string> DataFiles(TempDirectory dir) =>
        [.. Directory.EnumerateFiles(dir.Path, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_delta_log", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(dir.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Fact]
    public void Vacuum_DefaultRetention_KeepsRecentlyRemovedFilesAndDeletesExpiredOnes()
    {
        using var dir = new TempDirectory();
        var clock = Clock();
        using var table = NewTable(dir, clock, ["p"]);
        table.Append("SELECT 1 AS id, 'a' AS p");
        var first = table.GetSnapshot().Files.Single();
        table.Overwrite("SELECT 2 AS id, 'b' AS p");
        var second = table.GetSnapshot().Files.Single();

        var now = table.Vacuum();
        now.Files.Should().BeEmpty("the removed file is within the 7-day retention");
        now.Retention.Should().Be(TimeSpan.FromDays(7));

        clock.Now = clock.Now.AddDays(8);
        var later = table.Vacuum();
        later.Files.Should().Equal(first.DecodedPath);
        later.DryRun.Should().BeFalse();
        DataFiles(dir).Should().Equal(second.DecodedPath);
        Directory.Exists(Path.Combine(dir.Path, "p=a")).Should().BeFalse("empty partition directories are removed");
        Directory.Exists(Path.Combine(dir.Path, "_delta_log")).Should().BeTrue();
        Rows.Read(table, table.GetSnapshot()).Single()[0].Should().Be(2L);
    }

    [Fact]
    public void Vacuum_RetentionShorterThanTheTables_IsRefusedUnlessForced()
    {
        using var dir = new TempDirectory();
        var clock = Clock();
        using var table = NewTable(dir, clock);
        table.Append("SELECT 1 AS id, 'a' AS p");
        table.Overwrite("SELECT 2 AS id, 'b' AS p");
        clock.Now = clock.Now.AddHours(2);
        var act = () => table.Vacuum(TimeSpan.FromHours(1));
        act.Should().Throw<ArgumentException>().WithMessage("*retention of 1 hours*168 hours*delta.deletedFileRetentionDuration*");

        var dry = table.Vacuum(TimeSpan.FromHours(1), dryRun: true, force: true);
        dry.Files.Should().ContainSingle();
        dry.DryRun.Should().BeTrue();
        DataFiles(dir).Should().HaveCount(2, "a dry run deletes nothing");

        table.Vacuum(TimeSpan.FromHours(1), force: true).Files.Should().ContainSingle();
        DataFiles(dir).Should().ContainSingle();
    }

    [Fact]
    public void Vacuum_TableRetentionProperty_IsTheDefault()
    {
        using var dir = new TempDirectory();
        var clock = Clock();
        using var table = DeltaTable.ForPath(dir.Path, new DeltaTableOptions { TimeProvider = clock });
        table.Create(Schema, configuration: new Dictionary<string, string?> { ["delta.deletedFileRetentionDuration"] = "interval 2 hours" });
        table.Append("SELECT 1 AS id, 'a' AS p");
        table.Overwrite("SELECT 2 AS id, 'b' AS p");
        clock.Now = clock.Now.AddHours(3);
        var result = table.Vacuum();
        result.Retention.Should().Be(TimeSpan.FromHours(2));
        result.Files.Should().ContainSingle();
    }

    [Fact]
    public void Vacuum_NeverDeletesActiveFilesLogOrHiddenFiles()
    {
        using var dir = new TempDirectory();
        var clock = Clock();
        using var table = NewTable(dir, clock);
        table.Append("SELECT 1 AS id, 'a' AS p");
        File.WriteAllText(Path.Combine(dir.Path, ".hidden"), "x");
        Directory.CreateDirectory(Path.Combine(dir.Path, "_tmp"));
        File.WriteAllText(Path.Combine(dir.Path, "_tmp", "file"), "x");
        clock.Now = clock.Now.AddDays(30);
        table.Vacuum().Files.Should().BeEmpty();
        File.Exists(Path.Combine(dir.Path, ".hidden")).Should().BeTrue();
        File.Exists(Path.Combine(dir.Path, "_tmp", "file")).Should().BeTrue();
        Directory.EnumerateFiles(Path.Combine(dir.Path, "_delta_log")).Should().NotBeEmpty();
        DataFiles(dir).Should().ContainSingle();
    }

    [Fact]
    public void Write_CrashAfterDataFilesBeforeCommit_TableStaysAtPreviousVersionAndVacuumRemovesOrphans()
    {
        using var dir = new TempDirectory();
        var clock = Clock();
        using (var setup = NewTable(dir, clock))
        {
            setup.Append("SELECT 1 AS id, 'a' AS p");
        }

        var options = new DeltaWriteOptions { ApplicationId = "nightly", ApplicationVersion = 42 };
        using (var crashing = DeltaTable.Open(dir.Path, new DeltaTableOptions { TimeProvider = clock }))
        {
            crashing.BeforeCommit = () => throw new SimulatedCrashException();
            var act = () => crashing.Write("SELECT * FROM (VALUES (2, 'b'), (3, 'c')) AS t(id, p)", options: options);
            act.Should().Throw<SimulatedCrashException>();
        }

        using var table = DeltaTable.Open(dir.Path, new DeltaTableOptions { TimeProvider = clock });
        table.GetLatestVersion().Should().Be(1);
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Should().Equal(1L);
        var orphans = DataFiles(dir).Except(table.GetSnapshot().Files.Select(f => f.DecodedPath)).ToList();
        orphans.Should().ContainSingle("the crashed writer left its data file behind");

        var rerun = table.Write("SELECT * FROM (VALUES (2, 'b'), (3, 'c')) AS t(id, p)", options: options);
        rerun.Skipped.Should().BeFalse();
        table.Write("SELECT * FROM (VALUES (2, 'b'), (3, 'c')) AS t(id, p)", options: options).Skipped.Should().BeTrue();
        Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Order().Should().Equal(1L, 2L, 3L);

        table.Vacuum().Files.Should().BeEmpty("the orphan is younger than the retention: it could belong to a running writer");
        clock.Now = clock.Now.AddDays(8);
        table.Vacuum().Files.Should().Equal(orphans);
        DataFiles(dir).Should().BeEquivalentTo(table.GetSnapshot().Files.Select(f => f.DecodedPath));
        Rows.Read(table, table.GetSnapshot()).Should().HaveCount(3);
    }

    private sealed class SimulatedCrashException : Exception
    {
    }
}
