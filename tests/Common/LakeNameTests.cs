using Lakehouse.Common.Lake;

namespace Lakehouse.Common.Tests;

public sealed class LakeNameTests
{
    [Theory]
    [InlineData("products")]
    [InlineData("order_lines")]
    [InlineData("fake-store")]
    [InlineData("20261121T195900Z-a1b2c3")]
    [InlineData("A1")]
    public void Validate_AllowedName_ReturnsIt(string name)
    {
        LakeName.Validate("entity", name).Should().Be(name);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("%2E%2E")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\0b")]
    [InlineData(".hidden")]
    [InlineData("_delta_log")]
    [InlineData("with space")]
    [InlineData("ünïcode")]
    [InlineData("")]
    public void Validate_DangerousName_IsRefusedNamingWhatAndTheRule(string name)
    {
        var act = () => LakeName.Validate("source", name);

        act.Should().Throw<ArgumentException>().WithMessage("The source name *" + LakeName.Rule + "*");
    }

    [Fact]
    public void Validate_TooLong_IsRefused()
    {
        LakeName.IsValid(new string('a', 64)).Should().BeTrue();
        LakeName.IsValid(new string('a', 65)).Should().BeFalse();
    }

    [Fact]
    public void Layout_BronzeBatch_IsPartitionedByDateAndRun()
    {
        var layout = new LakeLayout("/lake");

        layout.BronzeBatch("dummyjson", "carts", new DateOnly(2026, 11, 21), "run-1")
            .Should().Be(Path.Combine("/lake", "bronze", "dummyjson", "carts", "ingest_date=2026-11-21", "run_id=run-1"));
    }

    [Fact]
    public void Layout_BadEntity_IsRefusedBeforeAnyPathIsBuilt()
    {
        var act = () => new LakeLayout("/lake").BronzeEntity("dummyjson", "../../etc");

        act.Should().Throw<ArgumentException>().WithMessage("The entity name '../../etc'*");
    }
}
