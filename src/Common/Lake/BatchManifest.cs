namespace Lakehouse.Common.Lake;

/// <summary>
/// The <c>_manifest.json</c> of a bronze batch, written last and put-if-absent: a batch exists only when its
/// manifest does. Holds no secrets (no headers, no credentials).
/// </summary>
public sealed record BatchManifest
{
    /// <summary>Format version of this manifest.</summary>
    public int ManifestVersion { get; init; } = 1;

    /// <summary>The run that landed the batch.</summary>
    public required string RunId { get; init; }

    /// <summary>The source's name.</summary>
    public required string Source { get; init; }

    /// <summary>The entity's name.</summary>
    public required string Entity { get; init; }

    /// <summary>Where the records came from (the first page's URL or the file location).</summary>
    public required string SourceUrl { get; init; }

    /// <summary>The ingest date (UTC) that partitions the batch.</summary>
    public required DateOnly IngestDate { get; init; }

    /// <summary>ndjson or csv: how the part files are written.</summary>
    public required string Format { get; init; }

    /// <summary>Requests (pages or files) the batch took, retries excluded.</summary>
    public required int Pages { get; init; }

    /// <summary>Records landed, duplicates included.</summary>
    public required long Records { get; init; }

    /// <summary>Records whose key appeared earlier in the batch (kept raw; silver deduplicates).</summary>
    public required long DuplicateRecords { get; init; }

    /// <summary>The collection size the API reported (offset pagination), if any.</summary>
    public long? ReportedTotal { get; init; }

    /// <summary>How many times the entity was restarted because the reported total changed mid-run.</summary>
    public int TotalDriftRestarts { get; init; }

    /// <summary>The part files, in order.</summary>
    public required IReadOnlyList<BatchFile> Files { get; init; }

    /// <summary>When fetching started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the last part was written (UTC).</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Time spent waiting between retries, in seconds.</summary>
    public double RetryWaitSeconds { get; init; }
}

/// <summary>One part file of a batch.</summary>
/// <param name="Path">The file name inside the batch folder.</param>
/// <param name="Records">Records (lines, or CSV rows without the header) in it.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes.</param>
public sealed record BatchFile(string Path, long Records, long Bytes, string Sha256);
