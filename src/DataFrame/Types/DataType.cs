using System.Globalization;

namespace Lakehouse.DataFrame;

/// <summary>A Spark SQL data type. Instances are immutable and compare by value.</summary>
public abstract record DataType
{
    private protected DataType()
    {
    }

    /// <summary>The type in Spark's simple-string form, e.g. <c>bigint</c>, <c>decimal(10,2)</c>, <c>array&lt;int&gt;</c>.</summary>
    public abstract string SimpleString { get; }

    /// <summary>The boolean type.</summary>
    public static BooleanType Boolean { get; } = new();

    /// <summary>The 8-bit integer type (<c>tinyint</c>).</summary>
    public static ByteType Byte { get; } = new();

    /// <summary>The 16-bit integer type (<c>smallint</c>).</summary>
    public static ShortType Short { get; } = new();

    /// <summary>The 32-bit integer type (<c>int</c>).</summary>
    public static IntegerType Integer { get; } = new();

    /// <summary>The 64-bit integer type (<c>bigint</c>).</summary>
    public static LongType Long { get; } = new();

    /// <summary>The 32-bit floating point type.</summary>
    public static FloatType Float { get; } = new();

    /// <summary>The 64-bit floating point type.</summary>
    public static DoubleType Double { get; } = new();

    /// <summary>The string type.</summary>
    public static StringType String { get; } = new();

    /// <summary>The binary type.</summary>
    public static BinaryType Binary { get; } = new();

    /// <summary>The date type.</summary>
    public static DateType Date { get; } = new();

    /// <summary>The timestamp type: an instant, shown in the session time zone (UTC).</summary>
    public static TimestampType Timestamp { get; } = new();

    /// <summary>The type of an untyped NULL literal.</summary>
    public static NullType Null { get; } = new();

    /// <summary>Parses a Spark type name: <c>int</c>, <c>bigint</c>, <c>decimal(10,2)</c>, <c>array&lt;string&gt;</c>, <c>struct&lt;a:int&gt;</c>...</summary>
    /// <exception cref="ParseException">The text is not a Spark type.</exception>
    public static DataType Parse(string typeName) => Parsing.TypeNameParser.Parse(typeName);

    /// <inheritdoc />
    public sealed override string ToString() => SimpleString;

    internal bool IsIntegral => this is ByteType or ShortType or IntegerType or LongType;

    internal bool IsFractional => this is FloatType or DoubleType or DecimalType;

    internal bool IsNumeric => IsIntegral || IsFractional;
}

/// <summary>Spark's <c>boolean</c>.</summary>
public sealed record BooleanType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "boolean";
}

/// <summary>Spark's <c>tinyint</c>.</summary>
public sealed record ByteType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "tinyint";
}

/// <summary>Spark's <c>smallint</c>.</summary>
public sealed record ShortType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "smallint";
}

/// <summary>Spark's <c>int</c>.</summary>
public sealed record IntegerType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "int";
}

/// <summary>Spark's <c>bigint</c>.</summary>
public sealed record LongType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "bigint";
}

/// <summary>Spark's <c>float</c>.</summary>
public sealed record FloatType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "float";
}

/// <summary>Spark's <c>double</c>.</summary>
public sealed record DoubleType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "double";
}

/// <summary>Spark's <c>string</c>.</summary>
public sealed record StringType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "string";
}

/// <summary>Spark's <c>binary</c>.</summary>
public sealed record BinaryType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "binary";
}

/// <summary>Spark's <c>date</c>.</summary>
public sealed record DateType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "date";
}

/// <summary>Spark's <c>timestamp</c> (an instant; DuckDB <c>TIMESTAMPTZ</c>).</summary>
public sealed record TimestampType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "timestamp";
}

/// <summary>The type of an untyped NULL.</summary>
public sealed record NullType : DataType
{
    /// <inheritdoc />
    public override string SimpleString => "void";
}

/// <summary>Spark's <c>decimal(precision, scale)</c>; precision 1..38.</summary>
public sealed record DecimalType : DataType
{
    /// <summary>The largest precision Spark and DuckDB support.</summary>
    public const int MaxPrecision = 38;

    /// <summary>Creates a decimal type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Precision is not 1..38 or scale is not 0..precision.</exception>
    public DecimalType(int precision = 10, int scale = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(precision, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(precision, MaxPrecision);
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, precision);
        Precision = precision;
        Scale = scale;
    }

    /// <summary>Total number of digits.</summary>
    public int Precision { get; }

    /// <summary>Digits after the decimal point.</summary>
    public int Scale { get; }

    /// <inheritdoc />
    public override string SimpleString => string.Create(CultureInfo.InvariantCulture, $"decimal({Precision},{Scale})");

    internal static DecimalType Bounded(int precision, int scale)
    {
        if (precision <= MaxPrecision)
        {
            return new DecimalType(precision, scale);
        }

        // Spark's rule (allowPrecisionLoss): keep at least 6 fractional digits.
        var integerDigits = precision - scale;
        var minScale = Math.Min(scale, 6);
        var adjustedScale = Math.Max(MaxPrecision - integerDigits, minScale);
        return new DecimalType(MaxPrecision, adjustedScale);
    }
}

/// <summary>Spark's <c>array&lt;element&gt;</c>.</summary>
public sealed record ArrayType(DataType ElementType, bool ContainsNull = true) : DataType
{
    /// <inheritdoc />
    public override string SimpleString => $"array<{ElementType.SimpleString}>";
}

/// <summary>Spark's <c>map&lt;key,value&gt;</c>.</summary>
public sealed record MapType(DataType KeyType, DataType ValueType, bool ValueContainsNull = true) : DataType
{
    /// <inheritdoc />
    public override string SimpleString => $"map<{KeyType.SimpleString},{ValueType.SimpleString}>";
}

/// <summary>One named field of a <see cref="StructType"/>.</summary>
public sealed record StructField(string Name, DataType DataType, bool Nullable = true);

/// <summary>Spark's <c>struct&lt;...&gt;</c>, also the schema of a DataFrame.</summary>
public sealed record StructType : DataType
{
    /// <summary>Creates a struct of the given fields (in order).</summary>
    public StructType(IEnumerable<StructField> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = [.. fields];
    }

    /// <summary>The fields, in order.</summary>
    public IReadOnlyList<StructField> Fields { get; }

    /// <summary>The field names, in order.</summary>
    public IReadOnlyList<string> FieldNames => [.. Fields.Select(f => f.Name)];

    /// <summary>Returns a new struct with one more field.</summary>
    public StructType Add(string name, DataType dataType, bool nullable = true) => new([.. Fields, new StructField(name, dataType, nullable)]);

    /// <summary>Finds a field by name, case-insensitively like Spark; null when absent.</summary>
    public StructField? Find(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string SimpleString => $"struct<{string.Join(",", Fields.Select(f => $"{f.Name}:{f.DataType.SimpleString}"))}>";

    /// <summary>The schema as Spark's <c>printSchema</c> tree.</summary>
    public string TreeString()
    {
        var builder = new System.Text.StringBuilder("root\n");
        foreach (var field in Fields)
        {
            AppendField(builder, field, " |");
        }

        return builder.ToString();
    }

    private static void AppendField(System.Text.StringBuilder builder, StructField field, string prefix)
    {
        var typeName = field.DataType switch
        {
            StructType => "struct",
            ArrayType => "array",
            MapType => "map",
            _ => field.DataType.SimpleString,
        };
        builder.Append(prefix).Append("-- ").Append(field.Name).Append(": ").Append(typeName)
            .Append(" (nullable = ").Append(field.Nullable ? "true" : "false").Append(")\n");
        if (field.DataType is StructType nested)
        {
            foreach (var child in nested.Fields)
            {
                AppendField(builder, child, prefix + "    |");
            }
        }
    }

    /// <inheritdoc />
    public bool Equals(StructType? other) => other is not null && Fields.SequenceEqual(other.Fields);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var field in Fields)
        {
            hash.Add(field);
        }

        return hash.ToHashCode();
    }
}
