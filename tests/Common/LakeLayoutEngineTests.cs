using Lakehouse.Common.Lake;

namespace Lakehouse.Common.Tests;

/// <summary>The lake as the engine sees it: the same folder, or another address of the same lake (a Spark URI).</summary>
public sealed class LakeLayoutEngineTests
{
    private static readonly string Root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "lake"));

    [Fact]
    public void ForEngine_NoEngineRoot_IsTheLocalPath()
    {
        var layout = new LakeLayout(Root);

        layout.EngineRoot.Should().Be(Root);
        layout.ForEngine(layout.SilverTable("products")).Should().Be(Path.Combine(Root, "silver", "products"));
    }

    [Fact]
    public void ForEngine_SparkUri_MapsTheRelativePathWithForwardSlashes()
    {
        var layout = new LakeLayout(Root, "abfss://lake@account.dfs.core.windows.net/lake/");

        layout.ForEngine(layout.GoldTable("category_sales")).Should().Be("abfss://lake@account.dfs.core.windows.net/lake/gold/category_sales");
        layout.ForEngine(Path.Combine(layout.BronzeBatch("dummyjson", "carts", new DateOnly(2026, 11, 21), "r1"), "part-00000.json"))
            .Should().Be("abfss://lake@account.dfs.core.windows.net/lake/bronze/dummyjson/carts/ingest_date=2026-11-21/run_id=r1/part-00000.json");
        layout.ForEngine(Root).Should().Be("abfss://lake@account.dfs.core.windows.net/lake");
    }

    [Fact]
    public void ForEngine_PathOutsideTheLake_Throws()
    {
        var layout = new LakeLayout(Root, "dbfs:/mnt/lake");

        var act = () => layout.ForEngine(Path.Combine(Root, "..", "elsewhere", "table"));

        act.Should().Throw<ArgumentException>().WithMessage("*is not inside the lake*");
    }

    [Theory]
    [InlineData("relative/lake")]
    [InlineData("abfss://lake@account.dfs.core.windows.net/lake?sig=secret")]
    [InlineData("abfss://lake@account.dfs.core.windows.net/lake#x")]
    [InlineData("abfss://lake@account.dfs.core.windows.net/la`ke")]
    public void Constructor_UnusableEngineRoot_ThrowsSayingWhatToGive(string engineRoot)
    {
        var act = () => new LakeLayout(Root, engineRoot);

        act.Should().Throw<ArgumentException>().WithMessage("*absolute path or a URI*");
    }

    [Fact]
    public void Constructor_EngineRootWithAQuery_NeverEchoesIt()
    {
        var act = () => new LakeLayout(Root, "abfss://lake@account.dfs.core.windows.net/lake?sig=canary-5e1f");

        act.Should().Throw<ArgumentException>().Which.Message.Should().NotContain("canary-5e1f");
    }
}
