using System.Data.Common;

namespace Lakehouse.DuckDB;

/// <summary>
/// An error DuckDB reported: its category and its message, exactly as DuckDB wrote it
/// (for example <c>Parser Error: syntax error at or near "SELEC"</c>).
/// </summary>
public sealed class DuckDBException : DbException
{
    // DuckDB prefixes messages with its category name ("Catalog Error: ..."); used where the C API gives only text.
    private static readonly (string Prefix, DuckDBErrorType Type)[] MessagePrefixes =
    [
        ("Parser Error", DuckDBErrorType.Parser),
        ("Catalog Error", DuckDBErrorType.Catalog),
        ("Binder Error", DuckDBErrorType.Binder),
        ("Conversion Error", DuckDBErrorType.Conversion),
        ("Invalid Input Error", DuckDBErrorType.InvalidInput),
        ("Constraint Error", DuckDBErrorType.Constraint),
        ("Out of Range Error", DuckDBErrorType.OutOfRange),
        ("IO Error", DuckDBErrorType.IO),
        ("Not implemented Error", DuckDBErrorType.NotImplemented),
        ("Syntax Error", DuckDBErrorType.Syntax),
        ("TransactionContext Error", DuckDBErrorType.Transaction),
        ("Permission Error", DuckDBErrorType.Permission),
        ("INTERRUPT Error", DuckDBErrorType.Interrupt),
        ("Out of Memory Error", DuckDBErrorType.OutOfMemory),
        ("Invalid Configuration Error", DuckDBErrorType.InvalidConfiguration),
        ("Invalid Error", DuckDBErrorType.Invalid),
    ];

    /// <summary>Creates an exception for a DuckDB error.</summary>
    public DuckDBException(DuckDBErrorType errorType, string message)
        : base(message)
    {
        ErrorType = errorType;
    }

    /// <summary>DuckDB's category for the error.</summary>
    public DuckDBErrorType ErrorType { get; }

    /// <summary>
    /// True when the same operation may succeed if retried unchanged: a transaction conflict between
    /// connections of one database.
    /// </summary>
    public override bool IsTransient => ErrorType == DuckDBErrorType.Transaction;

    /// <summary>Builds an exception from a message whose category DuckDB only wrote as its prefix.</summary>
    internal static DuckDBException FromMessage(string? message)
    {
        message = string.IsNullOrEmpty(message) ? "DuckDB reported an error without a message." : message;
        foreach (var (prefix, type) in MessagePrefixes)
        {
            if (message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return new DuckDBException(type, message);
            }
        }

        return new DuckDBException(DuckDBErrorType.Invalid, message);
    }
}
