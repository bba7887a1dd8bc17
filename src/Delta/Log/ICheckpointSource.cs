namespace Lakehouse.Delta;

/// <summary>Reads the actions stored in checkpoint parquet files (implemented over DuckDB).</summary>
internal interface ICheckpointSource
{
    /// <summary>Reads every action of the given checkpoint part files (local paths).</summary>
    IReadOnlyList<DeltaAction> ReadCheckpoint(IReadOnlyList<string> partPaths, string tablePath, CancellationToken cancellationToken);
}
