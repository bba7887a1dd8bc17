namespace Lakehouse.Common.Configuration;

/// <summary>
/// A silver table declared in the configuration: which bronze entity it reads, its columns as Spark SQL expressions with
/// types, its business key and its quality rules. Fields are optional here so that the loader can say which one is missing.
/// </summary>
public sealed record SilverTableConfig
{
    /// <summary>The silver table's name (a lake name).</summary>
    public string? Name { get; init; }

    /// <summary>The bronze source it reads.</summary>
    public string? Source { get; init; }

    /// <summary>The bronze entity of that source it reads.</summary>
    public string? Entity { get; init; }

    /// <summary>Version of the definition, recorded with the table; bump it when columns change incompatibly (default 1).</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>
    /// The raw record's fields as a Spark struct type; by default derived from the fields the column expressions use
    /// (<c>r.&lt;field&gt;</c>, <c>line.&lt;field&gt;</c>), every leaf as a string.
    /// </summary>
    public string? RawSchema { get; init; }

    /// <summary>Raw fields that must never reach silver (not even in <c>_rescued_data</c>).</summary>
    public IReadOnlyList<string>? DroppedFields { get; init; }

    /// <summary>An array field whose elements become the rows (available as <c>line</c>, with <c>line_number</c>).</summary>
    public string? ExplodeField { get; init; }

    /// <summary>The columns, in order.</summary>
    public IReadOnlyList<SilverColumnConfig>? Columns { get; init; }

    /// <summary>The columns that identify a row (MERGE and deduplication key).</summary>
    public IReadOnlyList<string>? BusinessKey { get; init; }

    /// <summary>Data-quality rules over the columns.</summary>
    public IReadOnlyList<QualityRuleConfig>? Rules { get; init; }
}

/// <summary>A declared column.</summary>
public sealed record SilverColumnConfig
{
    /// <summary>Column name: a letter, then letters, digits or '_'.</summary>
    public string? Name { get; init; }

    /// <summary>Spark type: string, boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), date or timestamp.</summary>
    public string? Type { get; init; }

    /// <summary>Spark SQL over <c>r</c> (the raw record), <c>line</c>, <c>line_number</c>, <c>_batch_id</c>, <c>_ingest_date</c>.</summary>
    public string? Expression { get; init; }

    /// <summary>What the column means.</summary>
    public string? Description { get; init; }
}

/// <summary>A declared data-quality rule.</summary>
public sealed record QualityRuleConfig
{
    /// <summary>Rule name, shown in quarantine and metrics.</summary>
    public string? Name { get; init; }

    /// <summary>Spark SQL boolean over the table's columns; a row passes only when it is true (NULL fails). Not with <see cref="Exists"/>.</summary>
    public string? Condition { get; init; }

    /// <summary>A referential rule instead of a condition: the row's column value exists in another silver table.</summary>
    public RuleExistsConfig? Exists { get; init; }

    /// <summary>warn (keep and count), drop (quarantine) or fail (abort the batch).</summary>
    public string? Severity { get; init; }

    /// <summary>Why a failing row is wrong, in words (shown in quarantine).</summary>
    public string? Reason { get; init; }
}

/// <summary>A referential rule: <see cref="Column"/>'s value must be in <see cref="In"/> (a NULL value passes).</summary>
public sealed record RuleExistsConfig
{
    /// <summary>The checked table's column.</summary>
    public string? Column { get; init; }

    /// <summary>Where the value must be: <c>table.column</c> of a silver table built before this one (a profile's, or declared earlier).</summary>
    public string? In { get; init; }
}
