namespace Lakehouse.Common.Schemas;

/// <summary>
/// How one silver table is built from one bronze entity, declared as data so that built-in source profiles
/// (<see cref="SourceProfiles"/>) and tables declared in the configuration (<see cref="DeclaredTables"/>) share one engine. Types are Spark type names and expressions are Spark SQL expressions,
/// so the same definition runs on the embedded engine and on Spark.
/// </summary>
/// <remarks>
/// The raw record is parsed with <see cref="RawSchema"/> into a struct named <c>r</c> (every leaf as string, so that
/// nothing fails to parse: typing happens in <see cref="Columns"/> with casts that yield NULL on bad input, which the
/// <see cref="Rules"/> then catch). With <see cref="ExplodeField"/>, each element of that array becomes a row named
/// <c>line</c> (with <c>line_number</c> from 1). Every row also has <c>_batch_id</c> and <c>_ingest_date</c>.
/// </remarks>
public sealed record SilverEntity
{
    /// <summary>The silver table (a LakeName).</summary>
    public required string Table { get; init; }

    /// <summary>Version of this definition; bumped when its columns change incompatibly.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The bronze source this table reads.</summary>
    public required string Source { get; init; }

    /// <summary>The bronze entity this table reads.</summary>
    public required string Entity { get; init; }

    /// <summary>The raw record's fields to parse, as a Spark struct type, e.g. <c>struct&lt;id:string,title:string&gt;</c>.</summary>
    public required string RawSchema { get; init; }

    /// <summary>Raw fields deliberately not carried into silver (images, credentials, card data, ...): never rescued.</summary>
    public IReadOnlyList<string> DroppedFields { get; init; } = [];

    /// <summary>An array field of the raw record whose elements become the rows (cart lines), or null.</summary>
    public string? ExplodeField { get; init; }

    /// <summary>The table's columns, in order.</summary>
    public required IReadOnlyList<SilverColumn> Columns { get; init; }

    /// <summary>The columns that identify a row; the MERGE key and the deduplication key.</summary>
    public required IReadOnlyList<string> BusinessKey { get; init; }

    /// <summary>Data-quality expectations, checked on every batch.</summary>
    public IReadOnlyList<QualityRule> Rules { get; init; } = [];

    /// <summary>The distinct lookups of the referential rules (<see cref="QualityRule.Reference"/>), in rule order.</summary>
    public IReadOnlyList<RuleReference> References => [.. Rules.Select(r => r.Reference).OfType<RuleReference>().Distinct()];

    /// <summary>True for tables whose rows keep their history (SCD type 2) in <see cref="HistoryTable"/>.</summary>
    public string? HistoryTable { get; init; }

    /// <summary>The columns whose change opens a new history row (with <see cref="HistoryTable"/>).</summary>
    public IReadOnlyList<string> HistoryColumns { get; init; } = [];
}

/// <summary>A silver column: its name, Spark type, and the Spark SQL expression that computes it.</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Spark type name, e.g. <c>decimal(12,2)</c>.</param>
/// <param name="Expression">Spark SQL over <c>r</c>, <c>line</c>, <c>line_number</c>, <c>_batch_id</c>, <c>_ingest_date</c>.</param>
/// <param name="Description">What it means (documentation and the README glossary).</param>
public sealed record SilverColumn(string Name, string Type, string Expression, string Description);

/// <summary>What happens to a row that breaks a rule.</summary>
public enum RuleSeverity
{
    /// <summary>Keep the row; count it in the metrics.</summary>
    Warn,

    /// <summary>Move the row to the quarantine table with the rule, the reason and the raw record.</summary>
    Drop,

    /// <summary>Abort the batch: nothing of it is committed.</summary>
    Fail,
}

/// <summary>A data-quality expectation.</summary>
/// <param name="Name">Rule name (shown in quarantine and metrics).</param>
/// <param name="Condition">Spark SQL boolean over the silver columns (and <c>_is_object</c>: the line parsed as a JSON object); a row passes only when it is true (NULL fails).</param>
/// <param name="Severity">What a failing row causes.</param>
/// <param name="Reason">Why a failing row is wrong, in words.</param>
public sealed record QualityRule(string Name, string Condition, RuleSeverity Severity, string Reason)
{
    /// <summary>
    /// The other silver table the rule looks values up in, or null. The pipeline then adds the reference's
    /// <see cref="RuleReference.FoundColumn"/> to the rows before checking <see cref="Condition"/>.
    /// </summary>
    public RuleReference? Reference { get; init; }

    /// <summary>
    /// A referential rule: a row passes when its <paramref name="column"/> is NULL (a presence rule's business) or is a
    /// value of <paramref name="tableColumn"/> in the silver table <paramref name="table"/> as it stands when the row's
    /// batch is applied (a table that does not exist yet holds no value).
    /// </summary>
    /// <param name="name">Rule name.</param>
    /// <param name="column">The row's column to look up.</param>
    /// <param name="table">The silver table that must hold the value.</param>
    /// <param name="tableColumn">That table's column.</param>
    /// <param name="severity">What a failing row causes.</param>
    /// <param name="reason">Why a failing row is wrong, in words.</param>
    public static QualityRule Exists(string name, string column, string table, string tableColumn, RuleSeverity severity, string reason)
    {
        var reference = new RuleReference(column, table, tableColumn);
        return new(name, $"{Quoted(column)} is null or {Quoted(reference.FoundColumn)} is not null", severity, reason) { Reference = reference };
    }

    private static string Quoted(string name) => "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
}

/// <summary>Where a referential rule (<see cref="QualityRule.Exists"/>) looks a row's value up.</summary>
/// <param name="Column">The row's column.</param>
/// <param name="Table">The silver table that must hold the value.</param>
/// <param name="TableColumn">That table's column.</param>
public sealed record RuleReference(string Column, string Table, string TableColumn)
{
    /// <summary>The lookup column the pipeline adds: true when the row's value is in the table, else NULL.</summary>
    public string FoundColumn => $"_found_{Column}_in_{Table}_{TableColumn}";
}
