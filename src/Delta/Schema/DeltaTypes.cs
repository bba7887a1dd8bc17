using System.Globalization;

namespace Lakehouse.Delta;

/// <summary>A Delta (Spark SQL) data type, as written in a table's <c>schemaString</c>.</summary>
public abstract class DeltaDataType : IEquatable<DeltaDataType>
{
    private protected DeltaDataType()
    {
    }

    /// <summary>The type in Spark's simple string form, e.g. <c>long</c>, <c>decimal(10,2)</c>, <c>array&lt;int&gt;</c>.</summary>
    public abstract string SimpleString { get; }

    /// <inheritdoc />
    public bool Equals(DeltaDataType? other) => other is not null && SchemaJson.WriteType(this) == SchemaJson.WriteType(other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DeltaDataType);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(SchemaJson.WriteType(this));

    /// <inheritdoc />
    public override string ToString() => SimpleString;
}

/// <summary>A primitive type: string, long, integer, short, byte, float, double, boolean, binary, date, timestamp, timestamp_ntz.</summary>
public sealed class PrimitiveType : DeltaDataType
{
    /// <summary>The Spark <c>string</c> type.</summary>
    public static readonly PrimitiveType String = new("string");

    /// <summary>The Spark <c>long</c> type (64-bit).</summary>
    public static readonly PrimitiveType Long = new("long");

    /// <summary>The Spark <c>integer</c> type (32-bit).</summary>
    public static readonly PrimitiveType Integer = new("integer");

    /// <summary>The Spark <c>short</c> type (16-bit).</summary>
    public static readonly PrimitiveType Short = new("short");

    /// <summary>The Spark <c>byte</c> type (8-bit).</summary>
    public static readonly PrimitiveType Byte = new("byte");

    /// <summary>The Spark <c>float</c> type.</summary>
    public static readonly PrimitiveType Float = new("float");

    /// <summary>The Spark <c>double</c> type.</summary>
    public static readonly PrimitiveType Double = new("double");

    /// <summary>The Spark <c>boolean</c> type.</summary>
    public static readonly PrimitiveType Boolean = new("boolean");

    /// <summary>The Spark <c>binary</c> type.</summary>
    public static readonly PrimitiveType Binary = new("binary");

    /// <summary>The Spark <c>date</c> type.</summary>
    public static readonly PrimitiveType Date = new("date");

    /// <summary>The Spark <c>timestamp</c> type: an instant, microseconds since the epoch in UTC.</summary>
    public static readonly PrimitiveType Timestamp = new("timestamp");

    /// <summary>The <c>timestamp_ntz</c> type (needs the timestampNtz feature, which this reader refuses).</summary>
    public static readonly PrimitiveType TimestampNtz = new("timestamp_ntz");

    private static readonly PrimitiveType[] All =
        [String, Long, Integer, Short, Byte, Float, Double, Boolean, Binary, Date, Timestamp, TimestampNtz];

    private PrimitiveType(string name)
    {
        Name = name;
    }

    /// <summary>The type name as written in the schema JSON.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string SimpleString => Name switch
    {
        "integer" => "int",
        "long" => "bigint",
        "short" => "smallint",
        "byte" => "tinyint",
        _ => Name,
    };

    internal static PrimitiveType? FromName(string name) => Array.Find(All, p => p.Name == name);
}

/// <summary>The <c>decimal(precision,scale)</c> type.</summary>
public sealed class DecimalType : DeltaDataType
{
    /// <summary>Creates a decimal type; precision 1..38, scale 0..precision.</summary>
    public DecimalType(int precision, int scale)
    {
        if (precision is < 1 or > 38)
        {
            throw new ArgumentOutOfRangeException(nameof(precision), precision, "Decimal precision must be between 1 and 38.");
        }

        if (scale < 0 || scale > precision)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Decimal scale must be between 0 and the precision.");
        }

        Precision = precision;
        Scale = scale;
    }

    /// <summary>Total number of digits.</summary>
    public int Precision { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }

    /// <inheritdoc />
    public override string SimpleString => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})");
}

/// <summary>An array type.</summary>
public sealed class ArrayType(DeltaDataType elementType, bool containsNull) : DeltaDataType
{
    /// <summary>The element type.</summary>
    public DeltaDataType ElementType { get; } = elementType;

    /// <summary>Whether elements may be null.</summary>
    public bool ContainsNull { get; } = containsNull;

    /// <inheritdoc />
    public override string SimpleString => $"array<{ElementType.SimpleString}>";
}

/// <summary>A map type.</summary>
public sealed class MapType(DeltaDataType keyType, DeltaDataType valueType, bool valueContainsNull) : DeltaDataType
{
    /// <summary>The key type.</summary>
    public DeltaDataType KeyType { get; } = keyType;

    /// <summary>The value type.</summary>
    public DeltaDataType ValueType { get; } = valueType;

    /// <summary>Whether values may be null.</summary>
    public bool ValueContainsNull { get; } = valueContainsNull;

    /// <inheritdoc />
    public override string SimpleString => $"map<{KeyType.SimpleString},{ValueType.SimpleString}>";
}

/// <summary>A field of a struct.</summary>
public sealed class StructField
{
    /// <summary>Creates a field. <paramref name="metadataJson"/> is the field's metadata JSON object, kept verbatim.</summary>
    public StructField(string name, DeltaDataType type, bool nullable = true, string metadataJson = "{}")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(type);
        Name = name;
        Type = type;
        Nullable = nullable;
        MetadataJson = metadataJson;
    }

    /// <summary>The column name.</summary>
    public string Name { get; }

    /// <summary>The column type.</summary>
    public DeltaDataType Type { get; }

    /// <summary>Whether the column may be null.</summary>
    public bool Nullable { get; }

    /// <summary>The field metadata JSON object, exactly as read (e.g. <c>{}</c>).</summary>
    public string MetadataJson { get; }
}

/// <summary>A struct type; the top-level schema of a table is a struct.</summary>
public sealed class StructType : DeltaDataType
{
    /// <summary>Creates a struct; field names must be unique regardless of case (PROTOCOL.md).</summary>
    public StructType(IEnumerable<StructField> fields)
    {
        Fields = [.. fields];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in Fields)
        {
            if (!seen.Add(field.Name))
            {
                throw new ArgumentException($"Duplicate field name '{field.Name}' (names are case-insensitive).", nameof(fields));
            }
        }
    }

    /// <summary>The fields in order.</summary>
    public IReadOnlyList<StructField> Fields { get; }

    /// <summary>Finds a field by name, case-insensitively as Spark resolves columns.</summary>
    public StructField? Find(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string SimpleString => $"struct<{string.Join(",", Fields.Select(f => $"{f.Name}:{f.Type.SimpleString}"))}>";

    /// <summary>Parses Spark's schema JSON (a <c>schemaString</c>).</summary>
    public static StructType Parse(string schemaJson) => SchemaJson.ParseSchema(schemaJson);

    /// <summary>Writes Spark's compact schema JSON, as stored in <c>schemaString</c>.</summary>
    public string ToJson() => SchemaJson.WriteType(this);
}
