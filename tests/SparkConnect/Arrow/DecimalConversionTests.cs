using Lakehouse.SparkConnect.Arrow.Ipc;

namespace Lakehouse.SparkConnect.Tests.Arrow;

public sealed class DecimalConversionTests
{
    [Fact]
    public void ToDecimal_ScaledValue_KeepsDigitsAndScale()
    {
        DecimalConversion.ToDecimal(-12_345, 2).Should().Be(-123.45m).And.Subject!.Value.Scale.Should().Be(2);
        DecimalConversion.ToDecimal(1_200, 3)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("1.200");
    }

    [Fact]
    public void ToDecimal_LargestMantissa_FitsAndOneMoreOverflows()
    {
        var max = (Int128.One << 96) - 1;

        DecimalConversion.ToDecimal(max, 0).Should().Be(decimal.MaxValue);
        DecimalConversion.ToDecimal(-max, 0).Should().Be(decimal.MinValue);
        DecimalConversion.ToDecimal(max + 1, 0).Should().BeNull();
        DecimalConversion.ToDecimal(Int128.MinValue, 0).Should().BeNull();
    }

    [Fact]
    public void ToDecimal_ScaleAboveTwentyEight_DropsOnlyTrailingZeros()
    {
        DecimalConversion.ToDecimal(5_000, 30).Should().Be(0.000000000000000000000000005m);
        DecimalConversion.ToDecimal(5_001, 30).Should().BeNull("the last digit would be lost");
    }

    [Fact]
    public void ToDecimal_NegativeScale_MultipliesOut()
    {
        DecimalConversion.ToDecimal(42, -3).Should().Be(42_000m);
    }
}
