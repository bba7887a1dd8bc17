using System.Collections;
using System.Globalization;
using System.Text;

namespace Lakehouse.DataFrame.Compilation.DuckDb;

/// <summary>Safe SQL text for DuckDB: quoted identifiers, escaped and typed literals, type names.</summary>
internal static class DuckDbSql
{
    /// <summary>Always quotes: <c>x"y</c> becomes <c>"x""y"</c>, so any name is just a name.</summary>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A column or table name may not contain the NUL character.", nameof(name));
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A string literal; quotes are doubled, NUL characters become <c>chr(0)</c> (SQL text cannot carry them).</summary>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split('\0');
        var quoted = parts.Select(p => "'" + p.Replace("'", "''", StringComparison.Ordinal) + "'");
        return parts.Length == 1 ? quoted.First() : "(" + string.Join(" || chr(0) || ", quoted) + ")";
    }

    /// <summary>The structure argument of DuckDB's json_transform for a Spark type.</summary>
    public static string JsonStructure(DataType type) => type switch
    {
        StructType structType => "{" + string.Join(",", structType.Fields.Select(f => System.Text.Json.JsonSerializer.Serialize(f.Name) + ":" + JsonStructure(f.DataType))) + "}",
        ArrayType array => "[" + JsonStructure(array.ElementType) + "]",
        _ => System.Text.Json.JsonSerializer.Serialize(TypeName(type)),
    };

    public static string TypeName(DataType type) => type switch
    {
        BooleanType => "BOOLEAN",
        ByteType => "TINYINT",
        ShortType => "SMALLINT",
        IntegerType => "INTEGER",
        LongType => "BIGINT",
        FloatType => "FLOAT",
        DoubleType => "DOUBLE",
        DecimalType d => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({d.Precision},{d.Scale})"),
        StringType => "VARCHAR",
        BinaryType => "BLOB",
        DateType => "DATE",
        TimestampType => "TIMESTAMPTZ",
        NullType => "INTEGER",
        ArrayType a => TypeName(a.ElementType) + "[]",
        MapType m => $"MAP({TypeName(m.KeyType)}, {TypeName(m.ValueType)})",
        StructType s => "STRUCT(" + string.Join(", ", s.Fields.Select(f => $"{Identifier(f.Name)} {TypeName(f.DataType)}")) + ")",
        _ => throw new NotSupportedException($"The type {type.SimpleString} has no DuckDB equivalent."),
    };

    /// <summary>A literal of the given Spark type.</summary>
    public static string Literal(object? value, DataType type)
    {
        if (value is null || value is DBNull)
        {
            return type is NullType ? "NULL" : $"CAST(NULL AS {TypeName(type)})";
        }

        return type switch
        {
            BooleanType => Convert.ToBoolean(value, CultureInfo.InvariantCulture) ? "TRUE" : "FALSE",
            IntegerType => Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            ByteType or ShortType or LongType => $"CAST({Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)} AS {TypeName(type)})",
            FloatType or DoubleType => FloatingLiteral(Convert.ToDouble(value, CultureInfo.InvariantCulture), type),
            DecimalType => $"CAST('{Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}' AS {TypeName(type)})",
            StringType => String(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty),
            BinaryType when value is byte[] bytes => $"from_hex('{Convert.ToHexString(bytes)}')",
            DateType => "DATE '" + AsDate(value).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "'",
            TimestampType => "TIMESTAMPTZ '" + AsInstant(value).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00'",
            ArrayType array when value is IEnumerable items and not string =>
                $"CAST([{string.Join(", ", items.Cast<object?>().Select(i => Literal(i, array.ElementType)))}] AS {TypeName(type)})",
            MapType map when value is IDictionary entries => entries.Count == 0
                ? $"CAST(MAP {{}} AS {TypeName(type)})"
                : "MAP {" + string.Join(", ", entries.Keys.Cast<object>().Select(k => $"{Literal(k, map.KeyType)}: {Literal(entries[k], map.ValueType)}")) + "}",
            StructType structType when value is IReadOnlyList<object?> fields =>
                "{" + string.Join(", ", structType.Fields.Select((f, i) => $"{String(f.Name)}: {Literal(fields[i], f.DataType)}")) + "}",
            _ => throw new NotSupportedException($"Cannot write a {value.GetType().Name} as a {type.SimpleString} literal."),
        };
    }

    private static string FloatingLiteral(double value, DataType type)
    {
        var text = double.IsNaN(value) ? "'NaN'"
            : double.IsPositiveInfinity(value) ? "'Infinity'"
            : double.IsNegativeInfinity(value) ? "'-Infinity'"
            : type is FloatType ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
        return $"CAST({text} AS {TypeName(type)})";
    }

    private static DateOnly AsDate(object value) => value switch
    {
        DateOnly date => date,
        DateTime dateTime => DateOnly.FromDateTime(dateTime),
        DateTimeOffset instant => DateOnly.FromDateTime(instant.UtcDateTime),
        string text => DateOnly.Parse(text, CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"{value.GetType().Name} is not a date.", nameof(value)),
    };

    private static DateTimeOffset AsInstant(object value) => value switch
    {
        DateTimeOffset instant => instant,
        DateTime dateTime => dateTime.Kind == DateTimeKind.Local ? new DateTimeOffset(dateTime) : new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        _ => throw new ArgumentException($"{value.GetType().Name} is not a timestamp.", nameof(value)),
    };

    /// <summary>Spark type of a DuckDB type name as DESCRIBE prints it.</summary>
    public static DataType ParseTypeName(string duckDbType)
    {
        var position = 0;
        var type = ParseType(duckDbType, ref position);
        return type;
    }

    private static DataType ParseType(string text, ref int position)
    {
        SkipSpaces(text, ref position);
        var start = position;
        while (position < text.Length && (char.IsLetterOrDigit(text[position]) || text[position] == '_' || text[position] == ' ') &&
               !(text[position] == ' ' && !ContinuesWord(text, position)))
        {
            position++;
        }

        var name = text[start..position].Trim().ToUpperInvariant();
        DataType result;
        if (position < text.Length && text[position] == '(')
        {
            position++;
            result = name switch
            {
                "DECIMAL" or "NUMERIC" => ParseDecimalArguments(text, ref position),
                "STRUCT" => ParseStructArguments(text, ref position),
                "MAP" => ParseMapArguments(text, ref position),
                _ => throw new NotSupportedException($"The DuckDB type {text} has no Spark equivalent."),
            };
        }
        else
        {
            result = name switch
            {
                "BOOLEAN" or "BOOL" => DataType.Boolean,
                "TINYINT" => DataType.Byte,
                "SMALLINT" or "UTINYINT" => DataType.Short,
                "INTEGER" or "INT" or "USMALLINT" => DataType.Integer,
                "BIGINT" or "UINTEGER" => DataType.Long,
                "HUGEINT" => new DecimalType(38, 0),
                "UBIGINT" => new DecimalType(20, 0),
                "FLOAT" or "REAL" => DataType.Float,
                "DOUBLE" => DataType.Double,
                "DECIMAL" => new DecimalType(18, 3),
                "VARCHAR" or "UUID" or "JSON" or "TIME" or "ENUM" => DataType.String,
                "BLOB" => DataType.Binary,
                "DATE" => DataType.Date,
                "TIMESTAMP" or "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" => DataType.Timestamp,
                "NULL" => DataType.Null,
                _ => throw new NotSupportedException($"The DuckDB type {text} has no Spark equivalent."),
            };
        }

        while (position + 1 < text.Length && text[position] == '[' && text[position + 1] == ']')
        {
            position += 2;
            result = new ArrayType(result);
        }

        return result;
    }

    private static bool ContinuesWord(string text, int position)
    {
        // "TIMESTAMP WITH TIME ZONE" is the only multi-word DuckDB type name.
        var rest = text[position..];
        return rest.StartsWith(" WITH", StringComparison.OrdinalIgnoreCase) || rest.StartsWith(" TIME", StringComparison.OrdinalIgnoreCase) ||
               rest.StartsWith(" ZONE", StringComparison.OrdinalIgnoreCase);
    }

    private static DecimalType ParseDecimalArguments(string text, ref int position)
    {
        var close = text.IndexOf(')', position);
        var numbers = text[position..close].Split(',').Select(n => int.Parse(n.Trim(), CultureInfo.InvariantCulture)).ToArray();
        position = close + 1;
        return new DecimalType(numbers[0], numbers.Length > 1 ? numbers[1] : 0);
    }

    private static StructType ParseStructArguments(string text, ref int position)
    {
        var fields = new List<StructField>();
        while (true)
        {
            SkipSpaces(text, ref position);
            string name;
            if (text[position] == '"')
            {
                var builder = new StringBuilder();
                position++;
                while (true)
                {
                    if (text[position] == '"')
                    {
                        if (position + 1 < text.Length && text[position + 1] == '"')
                        {
                            builder.Append('"');
                            position += 2;
                            continue;
                        }

                        position++;
                        break;
                    }

                    builder.Append(text[position++]);
                }

                name = builder.ToString();
            }
            else
            {
                var start = position;
                while (text[position] != ' ')
                {
                    position++;
                }

                name = text[start..position];
            }

            fields.Add(new StructField(name, ParseType(text, ref position)));
            SkipSpaces(text, ref position);
            if (text[position] == ',')
            {
                position++;
                continue;
            }

            position++; // ')'
            return new StructType(fields);
        }
    }

    private static MapType ParseMapArguments(string text, ref int position)
    {
        var key = ParseType(text, ref position);
        SkipSpaces(text, ref position);
        position++; // ','
        var value = ParseType(text, ref position);
        SkipSpaces(text, ref position);
        position++; // ')'
        return new MapType(key, value);
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && text[position] == ' ')
        {
            position++;
        }
    }
}
