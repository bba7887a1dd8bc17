using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Api;

public sealed class SmokeTests
{
    [Fact]
    public void Collect_SimplePipeline_ReturnsRows()
    {
        using var session = LakehouseSession.Create();
        var frame = session.Frame("id:int,name:string", [1, "a"], [2, "b"], [3, null]);
        var result = frame.Filter(Col("id") > 1).Select(Col("id"), Upper(Col("name")).Alias("up")).OrderBy(Col("id").Desc());
        result.Rows().Should().BeEquivalentTo(new[] { new object?[] { 3, null }, new object?[] { 2, "B" } }, o => o.WithStrictOrdering());
    }
}
