using System.Text.Json;

namespace Lakehouse.ApiSimulator.Data;

/// <summary>One resource (products, carts or users): records addressed by a 0-based index.</summary>
internal interface IRecordSource
{
    int Count { get; }

    /// <summary>
    /// The index of the record whose id, written as text, equals <paramref name="idText"/> exactly
    /// (DummyJSON compares <c>id.toString() === param</c>, so "01" finds nothing); -1 if none.
    /// </summary>
    int FindById(string idText);

    /// <summary>Writes the record as one JSON value (fixture records: their raw bytes).</summary>
    void WriteRecord(int index, Utf8JsonWriter writer);

    /// <summary>The record as a parsed element, for projection (select) and sorting.</summary>
    JsonElement GetElement(int index);
}

/// <summary>Everything the simulator serves: three resources plus derived lookups.</summary>
internal interface IDataSet
{
    IRecordSource Products { get; }

    IRecordSource Carts { get; }

    IRecordSource Users { get; }

    /// <summary>Distinct product categories in first-seen order (DummyJSON's <c>categoryList</c>).</summary>
    IReadOnlyList<string> CategoryList { get; }

    string CategoryOf(int productIndex);

    /// <summary>The numeric userId of a cart.</summary>
    long UserIdOf(int cartIndex);
}
