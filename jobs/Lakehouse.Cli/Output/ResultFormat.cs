namespace Lakehouse.Cli.Output;

/// <summary>How query results are printed.</summary>
internal enum ResultFormat
{
    /// <summary>A table: drawn with box characters on a terminal, plain text when redirected.</summary>
    Table,

    /// <summary>RFC 4180 CSV with a header row.</summary>
    Csv,

    /// <summary>A JSON array of objects, one per row.</summary>
    Json,
}
