using System.Globalization;
using Lakehouse.DuckDB;

namespace Lakehouse.DataFrame;

/// <summary>
/// One result row, as Spark's <c>Row</c>. Values are CLR values: bool, sbyte, short, int, long, float, double, decimal,
/// string, byte[], DateOnly (date), DateTimeOffset in UTC (timestamp), <see cref="List{T}"/> of object (array),
/// <see cref="Row"/> (struct), <see cref="Dictionary{TKey, TValue}"/> (map); null for NULL.
/// </summary>
public sealed class Row
{
    private readonly object?[] _values;

    /// <summary>Creates a row of values matching <paramref name="schema"/>.</summary>
    public Row(StructType schema, params object?[] values)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != schema.Fields.Count)
        {
            throw new ArgumentException($"The row has {values.Length} values but the schema has {schema.Fields.Count} fields.", nameof(values));
        }

        Schema = schema;
        _values = values;
    }

    /// <summary>The row's schema.</summary>
    public StructType Schema { get; }

    /// <summary>Number of values.</summary>
    public int Length => _values.Length;

    /// <summary>The values in column order.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>The value at a position (null for NULL).</summary>
    public object? this[int index] => _values[index];

    /// <summary>The value of a column by name (case-insensitive).</summary>
    public object? this[string name] => _values[FieldIndex(name)];

    /// <summary>The value at a position (null for NULL).</summary>
    public object? Get(int index) => _values[index];

    /// <summary>The position of a column by name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No such column; the message lists the columns.</exception>
    public int FieldIndex(string name)
    {
        for (var i = 0; i < Schema.Fields.Count; i++)
        {
            if (string.Equals(Schema.Fields[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        throw new ArgumentException($"The row has no column '{name}'; its columns are: {string.Join(", ", Schema.FieldNames)}.", nameof(name));
    }

    /// <summary>True when the value at the position is NULL.</summary>
    public bool IsNullAt(int index) => _values[index] is null;

    /// <summary>True when the named value is NULL.</summary>
    public bool IsNullAt(string name) => IsNullAt(FieldIndex(name));

    /// <summary>The value converted to <typeparamref name="T"/> (numbers widen or narrow as <see cref="Convert"/> does).</summary>
    /// <exception cref="InvalidCastException">The value cannot become a <typeparamref name="T"/>.</exception>
    public T GetAs<T>(int index) => ConvertTo<T>(_values[index], index);

    /// <summary>The named value converted to <typeparamref name="T"/>.</summary>
    public T GetAs<T>(string name) => GetAs<T>(FieldIndex(name));

    /// <summary>A string value (null for NULL).</summary>
    public string? GetString(int index) => GetAs<string?>(index);

    /// <summary>A string value by name.</summary>
    public string? GetString(string name) => GetAs<string?>(name);

    /// <summary>An int value.</summary>
    public int GetInt32(int index) => GetAs<int>(index);

    /// <summary>An int value by name.</summary>
    public int GetInt32(string name) => GetAs<int>(name);

    /// <summary>A long value.</summary>
    public long GetInt64(int index) => GetAs<long>(index);

    /// <summary>A long value by name.</summary>
    public long GetInt64(string name) => GetAs<long>(name);

    /// <summary>A double value.</summary>
    public double GetDouble(int index) => GetAs<double>(index);

    /// <summary>A double value by name.</summary>
    public double GetDouble(string name) => GetAs<double>(name);

    /// <summary>A decimal value.</summary>
    public decimal GetDecimal(int index) => GetAs<decimal>(index);

    /// <summary>A decimal value by name.</summary>
    public decimal GetDecimal(string name) => GetAs<decimal>(name);

    /// <summary>A boolean value.</summary>
    public bool GetBoolean(int index) => GetAs<bool>(index);

    /// <summary>A boolean value by name.</summary>
    public bool GetBoolean(string name) => GetAs<bool>(name);

    /// <summary>A date value.</summary>
    public DateOnly GetDate(int index) => GetAs<DateOnly>(index);

    /// <summary>A date value by name.</summary>
    public DateOnly GetDate(string name) => GetAs<DateOnly>(name);

    /// <summary>A timestamp value (UTC).</summary>
    public DateTimeOffset GetTimestamp(int index) => GetAs<DateTimeOffset>(index);

    /// <summary>A timestamp value by name (UTC).</summary>
    public DateTimeOffset GetTimestamp(string name) => GetAs<DateTimeOffset>(name);

    /// <summary>An array value.</summary>
    public IReadOnlyList<object?>? GetList(int index) => GetAs<List<object?>?>(index);

    /// <summary>A struct value.</summary>
    public Row? GetStruct(int index) => GetAs<Row?>(index);

    /// <summary>Spark's rendering: <c>[1,a,null]</c>.</summary>
    public override string ToString() => "[" + string.Join(",", _values.Select(v => v is null ? "null" : ValueFormatter.Format(v))) + "]";

    /// <summary>Converts a reader value (DBNull, DuckDB structs and timestamps) to the row's CLR form for a Spark type.</summary>
    internal static object? FromEngine(object? value, DataType type)
    {
        switch (value)
        {
            case null or DBNull:
                return null;
            case DuckDBStruct structValue when type is StructType structType:
                return new Row(structType, [.. structType.Fields.Select(f => FromEngine(structValue.TryGetValue(f.Name, out var v) ? v : null, f.DataType))]);
            case List<object?> list:
                {
                    var elementType = type is ArrayType array ? array.ElementType : DataType.String;
                    return list.Select(v => FromEngine(v, elementType)).ToList();
                }

            case Dictionary<object, object?> map when type is MapType mapType:
                {
                    var converted = new Dictionary<object, object?>();
                    foreach (var (key, entry) in map)
                    {
                        converted[FromEngine(key, mapType.KeyType)!] = FromEngine(entry, mapType.ValueType);
                    }

                    return converted;
                }

            case DateTime dateTime:
                return new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc));
            case DateTimeOffset instant:
                return instant.ToUniversalTime();
            case Int128 huge:
                return (decimal)huge;
            default:
                return value;
        }
    }

    private T ConvertTo<T>(object? value, int index)
    {
        if (value is T typed)
        {
            return typed;
        }

        if (value is null)
        {
            if (default(T) is null)
            {
                return default!;
            }

            throw new InvalidCastException($"The value of column '{Schema.Fields[index].Name}' is NULL; check IsNullAt first or read it as a nullable type.");
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            if (target == typeof(string))
            {
                return (T)(object)ValueFormatter.Format(value);
            }

            if (target == typeof(DateTimeOffset) && value is DateOnly date)
            {
                return (T)(object)new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }

            if (target == typeof(DateTime) && value is DateTimeOffset instant)
            {
                return (T)(object)instant.UtcDateTime;
            }

            return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new InvalidCastException($"The value of column '{Schema.Fields[index].Name}' is a {value.GetType().Name} and cannot be read as {typeof(T).Name}.", e);
        }
    }
}
