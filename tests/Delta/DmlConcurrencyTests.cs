namespace Lakehouse.Delta.Tests;

/// <summary>Optimistic concurrency of MERGE, DELETE, UPDATE and overwrites: a concurrent winner that touched what they read fails them.</summary>
public sealed class DmlConcurrencyTests
{
    private static readonly StructType Schema = new([new StructField("id", PrimitiveType.Long), new StructField("p", PrimitiveType.String)]);

    /// <summary>A table partitioned by p with files: (1,a) (2,a) in one append, (3,b) in another.</summary>
    private static TempDirectory NewTable()
    {
        var dir = new TempDirectory();
        using var table = DeltaTable.ForPath(dir.Path);
        table.Create(Schema, ["p"]);
        table.Append("SELECT * FROM (VALUES (1, 'a'), (2, 'a')) AS t(id, p)");
        table.Append("SELECT 3 AS id, 'b' AS p");
        return dir;
    }

    /// <summary>Opens the table so that <paramref name="winner"/> commits just before this handle's first commit attempt.</summary>
    private static DeltaTable Racing(TempDirectory dir, Action<DeltaTable> winner) =>
        DeltaTable.Open(dir.Path, new DeltaTableOptions
        {
            LogStore = new RacingLogStore(dir.Path, _ =>
            {
                using var other = DeltaTable.Open(dir.Path);
                winner(other);
            }),
        });

    private static List<long> Ids(DeltaTable table) => [.. Rows.Read(table, table.GetSnapshot()).Select(r => (long)r[0]!).Order()];

    [Fact]
    public void Merge_WinnerAppendedARowWithASourceKey_ThrowsAndLeavesNoFiles()
    {
        using var dir = NewTable();
        var before = Directory.EnumerateFiles(dir.Path, "*.parquet", SearchOption.AllDirectories).Count();
        using var table = Racing(dir, other => other.Append("SELECT 7 AS id, 'c' AS p"));
        var act = () => table.Merge("SELECT 7 AS id, 'c' AS p", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*MERGE read*MERGE was not committed*");
        table.GetLatestVersion().Should().Be(3);
        Directory.EnumerateFiles(dir.Path, "*.parquet", SearchOption.AllDirectories).Should().HaveCount(before + 1, "only the winner's file is added");
    }

    [Fact]
    public void Merge_WinnerAppendedOtherKeys_RetriesAtTheNextVersion()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 100 AS id, 'z' AS p"));
        var result = table.Merge("SELECT 1 AS id, 'a' AS p", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        result.Version.Should().Be(4);
        result.Attempts.Should().Be(2);
        Ids(table).Should().Equal(1, 2, 3, 100);
    }

    [Fact]
    public void Merge_WinnerRemovedAFileTheMergeRead_Throws()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Delete("id = 3"));
        var act = () => table.Merge("SELECT 1 AS id, 'a' AS p", null, new DeltaMergeOptions { KeyColumns = ["id"] });
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*removed p=b/*");
    }

    [Fact]
    public void Merge_WinnerCommittedTheSameApplicationVersion_IsSkipped()
    {
        using var dir = NewTable();
        var options = new DeltaMergeOptions { KeyColumns = ["id"], ApplicationId = "batch-9", ApplicationVersion = 0 };
        using var table = Racing(dir, other => other.Merge("SELECT 9 AS id, 'a' AS p", null, options));
        table.Merge("SELECT 9 AS id, 'a' AS p", null, options).Skipped.Should().BeTrue();
        Ids(table).Should().Equal(1, 2, 3, 9);
    }

    [Fact]
    public void Delete_WinnerRemovedAFileTheDeleteRead_Throws()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Delete("id = 3"));
        var act = () => table.Delete("id = 1");
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*DELETE read*");
        using var reader = DeltaTable.Open(dir.Path);
        Ids(reader).Should().Equal(1, 2);
    }

    [Fact]
    public void Delete_WinnerAppendedRowsTheDeleteWouldNotMatch_Retries()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 50 AS id, 'a' AS p"));
        table.Delete("id = 1").Attempts.Should().Be(2);
        Ids(table).Should().Equal(2, 3, 50);
    }

    [Fact]
    public void Update_WinnerAppendedARowThePredicateMatches_Throws()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 60 AS id, 'a' AS p"));
        var act = () => table.Update(new Dictionary<string, string> { ["id"] = "id + 1000" }, "p = 'a'");
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*UPDATE read*");
    }

    [Fact]
    public void DynamicOverwrite_WinnerAppendedToAnotherPartition_Retries()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 70 AS id, 'z' AS p"));
        var options = new DeltaWriteOptions { Mode = DeltaSaveMode.Overwrite, PartitionOverwriteMode = DeltaPartitionOverwriteMode.Dynamic };
        table.Write("SELECT 8 AS id, 'a' AS p", options: options).Attempts.Should().Be(2);
        Ids(table).Should().Equal(3, 8, 70);
    }

    [Fact]
    public void DynamicOverwrite_WinnerAppendedToTheSamePartition_Throws()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 71 AS id, 'a' AS p"));
        var options = new DeltaWriteOptions { Mode = DeltaSaveMode.Overwrite, PartitionOverwriteMode = DeltaPartitionOverwriteMode.Dynamic };
        var act = () => table.Write("SELECT 8 AS id, 'a' AS p", options: options);
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*partitions the dynamic overwrite replaces*");
    }

    [Fact]
    public void ReplaceWhere_WinnerAppendedARowThePredicateCovers_Throws()
    {
        using var dir = NewTable();
        using var table = Racing(dir, other => other.Append("SELECT 72 AS id, 'b' AS p"));
        var act = () => table.Write("SELECT 9 AS id, 'b' AS p", options: new DeltaWriteOptions { Mode = DeltaSaveMode.Overwrite, ReplaceWhere = "p = 'b'" });
        act.Should().Throw<DeltaConcurrentModificationException>().WithMessage("*replaceWhere predicate covers*");
    }
}
