namespace Lakehouse.DuckDB.Types;

/// <summary>DuckDB counts dates in days and timestamps in microseconds from 1970-01-01; .NET counts from year 1.</summary>
internal static class UnixEpoch
{
    /// <summary><see cref="DateTime.UnixEpoch"/>'s ticks, as a constant.</summary>
    public const long Ticks = 621_355_968_000_000_000;

    /// <summary>The <see cref="DateOnly.DayNumber"/> of 1970-01-01.</summary>
    public const int DayNumber = 719_162;
}
