using System.Globalization;
using System.Text;

namespace Lakehouse.Delta;

/// <summary>Maps Delta types to DuckDB SQL types and quotes SQL identifiers and literals.</summary>
public static class DuckDBTypes
{
    /// <summary>
    /// The DuckDB type for a Delta type: timestamp → TIMESTAMPTZ, decimal(p,s) → DECIMAL(p,s), long → BIGINT,
    /// struct → STRUCT(...), map → MAP(K, V), array → T[]. <c>timestamp_ntz</c> maps to TIMESTAMP (the reader refuses it).
    /// </summary>
    public static string ToSql(DeltaDataType type) => type switch
    {
        PrimitiveType p => p.Name switch
        {
            "string" => "VARCHAR",
            "long" => "BIGINT",
            "integer" => "INTEGER",
            "short" => "SMALLINT",
            "byte" => "TINYINT",
            "float" => "FLOAT",
            "double" => "DOUBLE",
            "boolean" => "BOOLEAN",
            "binary" => "BLOB",
            "date" => "DATE",
            "timestamp" => "TIMESTAMPTZ",
            "timestamp_ntz" => "TIMESTAMP",
            _ => throw new ArgumentException($"Unknown primitive type '{p.Name}'.", nameof(type)),
        },
        DecimalType d => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({d.Precision},{d.Scale})"),
        ArrayType a => ToSql(a.ElementType) + "[]",
        MapType m => $"MAP({ToSql(m.KeyType)}, {ToSql(m.ValueType)})",
        StructType s => $"STRUCT({string.Join(", ", s.Fields.Select(f => $"{QuoteIdentifier(f.Name)} {ToSql(f.Type)}"))})",
        _ => throw new ArgumentException($"Unknown type {type.GetType().Name}.", nameof(type)),
    };

    /// <summary>Quotes an identifier with double quotes (embedded quotes doubled). NUL is refused.</summary>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("An identifier must not contain NUL.", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Quotes a string literal with single quotes (embedded quotes doubled). NUL is refused.</summary>
    public static string QuoteLiteral(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A SQL string literal must not contain NUL.", nameof(value));
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        builder.Append(value.Replace("'", "''", StringComparison.Ordinal));
        builder.Append('\'');
        return builder.ToString();
    }
}
