using Lakehouse.DataFrame.Expressions;

namespace Lakehouse.DataFrame;

/// <summary>Builds window specifications, as Spark's <c>Window</c>: <c>Window.PartitionBy("k").OrderBy(Col("t").Desc())</c>.</summary>
public static class Window
{
    /// <summary>Frame boundary: the first row of the partition.</summary>
    public const long UnboundedPreceding = long.MinValue;

    /// <summary>Frame boundary: the current row.</summary>
    public const long CurrentRow = 0;

    /// <summary>Frame boundary: the last row of the partition.</summary>
    public const long UnboundedFollowing = long.MaxValue;

    /// <summary>A window partitioned by the given columns.</summary>
    public static WindowSpec PartitionBy(params Column[] columns) => WindowSpec.Empty.PartitionBy(columns);

    /// <summary>A window partitioned by the named columns.</summary>
    public static WindowSpec PartitionBy(params string[] columnNames) => WindowSpec.Empty.PartitionBy(columnNames);

    /// <summary>A window ordered by the given columns (ascending, NULLs first, unless given).</summary>
    public static WindowSpec OrderBy(params Column[] columns) => WindowSpec.Empty.OrderBy(columns);

    /// <summary>A window ordered by the named columns.</summary>
    public static WindowSpec OrderBy(params string[] columnNames) => WindowSpec.Empty.OrderBy(columnNames);

    /// <summary>A window with a ROWS frame.</summary>
    public static WindowSpec RowsBetween(long start, long end) => WindowSpec.Empty.RowsBetween(start, end);

    /// <summary>A window with a RANGE frame.</summary>
    public static WindowSpec RangeBetween(long start, long end) => WindowSpec.Empty.RangeBetween(start, end);
}

/// <summary>An immutable window specification: partitioning, ordering and frame.</summary>
public sealed class WindowSpec
{
    internal WindowSpec(WindowSpecDefinition definition)
    {
        Definition = definition;
    }

    internal static WindowSpec Empty { get; } = new(WindowSpecDefinition.Empty);

    internal WindowSpecDefinition Definition { get; }

    /// <summary>Partitions by the given columns (replaces any partitioning).</summary>
    public WindowSpec PartitionBy(params Column[] columns) =>
        new(Definition with { PartitionBy = [.. columns.Select(c => c.Expression)] });

    /// <summary>Partitions by the named columns.</summary>
    public WindowSpec PartitionBy(params string[] columnNames) => PartitionBy([.. columnNames.Select(Functions.Col)]);

    /// <summary>Orders by the given columns (replaces any ordering).</summary>
    public WindowSpec OrderBy(params Column[] columns) =>
        new(Definition with { OrderBy = [.. columns.Select(c => SortOrder.Default(c.Expression))] });

    /// <summary>Orders by the named columns, ascending.</summary>
    public WindowSpec OrderBy(params string[] columnNames) => OrderBy([.. columnNames.Select(Functions.Col)]);

    /// <summary>A ROWS frame between offsets relative to the current row (see <see cref="Window.UnboundedPreceding"/>...).</summary>
    public WindowSpec RowsBetween(long start, long end) => Frame(FrameType.Rows, start, end);

    /// <summary>A RANGE frame between offsets of the ordering value.</summary>
    public WindowSpec RangeBetween(long start, long end) => Frame(FrameType.Range, start, end);

    private WindowSpec Frame(FrameType type, long start, long end)
    {
        if (start > end)
        {
            throw new ArgumentException($"The frame start ({start}) must not come after its end ({end}).", nameof(start));
        }

        return new(Definition with { Frame = new WindowFrame(type, start, end) });
    }
}
