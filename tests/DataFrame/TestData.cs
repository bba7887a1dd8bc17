namespace Lakehouse.DataFrame.Tests;

/// <summary>Small DataFrames for tests; each test owns its session.</summary>
internal static class TestData
{
    public static DataFrame Frame(this LakehouseSession session, string ddl, params object?[]?[] rows)
    {
        var schema = (StructType)DataType.Parse($"struct<{ddl}>");
        return session.CreateDataFrame(rows.Select(r => (IReadOnlyList<object?>)(r ?? [null])), schema);
    }

    /// <summary>The values of the rows, for comparing with the rows Spark returns.</summary>
    public static List<object?[]> Rows(this DataFrame frame) => [.. frame.Collect().Select(r => r.Values.ToArray())];

    /// <summary>The single value of a one-row, one-column result.</summary>
    public static object? Single(this DataFrame frame) => frame.Collect().Should().ContainSingle().Subject.Values.Should().ContainSingle().Subject;
}
