using Lakehouse.SparkConnect.Client.Grpc;

namespace Lakehouse.SparkConnect.Tests.Client;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData(200 * TimeSpan.TicksPerMillisecond, "200m")]
    [InlineData((200 * TimeSpan.TicksPerMillisecond) + 1, "201m")]
    [InlineData(15, "2u")]
    [InlineData(0, "1u")]
    [InlineData(TimeSpan.TicksPerDay * 2, "172800S")]
    [InlineData(TimeSpan.TicksPerDay, "86400000m")]
    [InlineData(TimeSpan.TicksPerDay * 365 * 300, "2628000H")]
    [InlineData(long.MaxValue, "99999999H")]
    public void Format_Timeout_UsesAtMostEightDigitsRoundedUp(long ticks, string expected)
    {
        GrpcTimeout.Format(TimeSpan.FromTicks(ticks)).Should().Be(expected);
    }
}
