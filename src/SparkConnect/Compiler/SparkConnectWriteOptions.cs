namespace Lakehouse.SparkConnect.Compiler;

/// <summary>How a <see cref="SparkConnectWriteOptions"/> with a table name writes to it (Spark's <c>saveAsTable</c> or <c>insertInto</c>).</summary>
public enum SparkTableSaveMethod
{
    /// <summary><c>saveAsTable</c>: create the table (or act on it per the save mode).</summary>
    SaveAsTable,

    /// <summary><c>insertInto</c>: insert into an existing table by position.</summary>
    InsertInto,
}

/// <summary>
/// A DataFrameWriter call for the Spark Connect backend: the format, save mode, options and partition columns, and the
/// target, which is either <see cref="Path"/> or <see cref="TableName"/> (exactly one).
/// </summary>
public sealed record SparkConnectWriteOptions
{
    /// <summary>The data source, e.g. <c>delta</c> or <c>parquet</c>; null leaves it to the server's default.</summary>
    public string? Format { get; init; }

    /// <summary>What to do when the target exists; Spark's default is <see cref="DataFrame.SaveMode.ErrorIfExists"/>.</summary>
    public Lakehouse.DataFrame.SaveMode Mode { get; init; } = Lakehouse.DataFrame.SaveMode.ErrorIfExists;

    /// <summary>Writer options (keys are case-insensitive on the server).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    /// <summary>Columns to partition the output by (Hive-style directories).</summary>
    public IReadOnlyList<string> PartitionBy { get; init; } = [];

    /// <summary>The path to save to (<c>save(path)</c>).</summary>
    public string? Path { get; init; }

    /// <summary>The table to save to (<c>saveAsTable</c> / <c>insertInto</c>).</summary>
    public string? TableName { get; init; }

    /// <summary>How to write to <see cref="TableName"/>; ignored for paths.</summary>
    public SparkTableSaveMethod TableSaveMethod { get; init; } = SparkTableSaveMethod.SaveAsTable;
}
