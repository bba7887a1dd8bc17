using System.Collections;

namespace Lakehouse.DuckDB;

/// <summary>
/// A STRUCT value: named fields in declaration order. Read from STRUCT columns, and bound as a STRUCT
/// parameter (whereas an <see cref="IDictionary"/> binds as a MAP).
/// </summary>
public sealed class DuckDBStruct : IReadOnlyDictionary<string, object?>
{
    private readonly List<KeyValuePair<string, object?>> _fields;

    /// <summary>Creates a struct from its fields, in order; names must be unique.</summary>
    public DuckDBStruct(IEnumerable<KeyValuePair<string, object?>> fields)
    {
        _fields = [.. fields];
        var duplicate = _fields.GroupBy(f => f.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"A struct cannot have two fields named '{duplicate.Key}'.", nameof(fields));
        }
    }

    /// <inheritdoc />
    public int Count => _fields.Count;

    /// <inheritdoc />
    public IEnumerable<string> Keys => _fields.Select(f => f.Key);

    /// <inheritdoc />
    public IEnumerable<object?> Values => _fields.Select(f => f.Value);

    /// <inheritdoc />
    public object? this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The struct has no field '{key}'; its fields are: {string.Join(", ", Keys)}.");

    /// <inheritdoc />
    public bool ContainsKey(string key) => _fields.Exists(f => f.Key == key);

    /// <inheritdoc />
    public bool TryGetValue(string key, out object? value)
    {
        foreach (var field in _fields)
        {
            if (field.Key == key)
            {
                value = field.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Shows the struct as {name: value, ...}.</summary>
    public override string ToString() => "{" + string.Join(", ", _fields.Select(f => $"{f.Key}: {f.Value ?? "NULL"}")) + "}";
}

/// <summary>A DuckDB INTERVAL: months, days and microseconds, kept apart as DuckDB does.</summary>
/// <param name="Months">Whole months.</param>
/// <param name="Days">Whole days.</param>
/// <param name="Micros">Microseconds.</param>
public readonly record struct DuckDBInterval(int Months, int Days, long Micros);
