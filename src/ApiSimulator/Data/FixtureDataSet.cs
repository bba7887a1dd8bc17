using System.Globalization;
using System.Text.Json;

namespace Lakehouse.ApiSimulator.Data;

/// <summary>
/// Real DummyJSON files (products.json, carts.json, users.json: top-level arrays). Each record keeps
/// the exact bytes it has in the file, so what we serve is byte-identical to the source.
/// </summary>
internal sealed class FixtureDataSet : IDataSet
{
    private readonly string[] _categories;
    private readonly long[] _cartUserIds;

    private FixtureDataSet(FixtureRecordSource products, FixtureRecordSource carts, FixtureRecordSource users)
    {
        Products = products;
        Carts = carts;
        Users = users;
        _categories = new string[products.Count];
        for (var i = 0; i < products.Count; i++)
        {
            _categories[i] = products.GetElement(i).TryGetProperty("category", out var category)
                && category.ValueKind == JsonValueKind.String ? category.GetString()! : string.Empty;
        }

        CategoryList = _categories.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _cartUserIds = new long[carts.Count];
        for (var i = 0; i < carts.Count; i++)
        {
            _cartUserIds[i] = carts.GetElement(i).TryGetProperty("userId", out var userId)
                && userId.TryGetInt64(out var value) ? value : long.MinValue;
        }
    }

    public IRecordSource Products { get; }

    public IRecordSource Carts { get; }

    public IRecordSource Users { get; }

    public IReadOnlyList<string> CategoryList { get; }

    public string CategoryOf(int productIndex) => _categories[productIndex];

    public long UserIdOf(int cartIndex) => _cartUserIds[cartIndex];

    /// <summary>Loads the three files from <paramref name="directory"/>; every one must exist.</summary>
    public static FixtureDataSet Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The data directory '{directory}' does not exist.");
        }

        return new FixtureDataSet(
            FixtureRecordSource.Load(Path.Combine(directory, "products.json")),
            FixtureRecordSource.Load(Path.Combine(directory, "carts.json")),
            FixtureRecordSource.Load(Path.Combine(directory, "users.json")));
    }
}

/// <summary>The records of one fixture file: raw UTF-8 slices plus one parsed document.</summary>
internal sealed class FixtureRecordSource : IRecordSource
{
    private readonly ReadOnlyMemory<byte>[] _raw;
    private readonly JsonElement[] _elements;
    private readonly Dictionary<string, int> _indexById;

    private FixtureRecordSource(ReadOnlyMemory<byte>[] raw, JsonElement[] elements)
    {
        _raw = raw;
        _elements = elements;
        _indexById = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Length; i++)
        {
            if (elements[i].ValueKind == JsonValueKind.Object && elements[i].TryGetProperty("id", out var id))
            {
                // JavaScript's id.toString(): the number's text for integers, the string itself for strings.
                var text = id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
                _indexById.TryAdd(text, i);
            }
        }
    }

    public int Count => _raw.Length;

    public int FindById(string idText) => _indexById.TryGetValue(idText, out var index) ? index : -1;

    public void WriteRecord(int index, Utf8JsonWriter writer) =>
        writer.WriteRawValue(_raw[index].Span, skipInputValidation: true);

    public JsonElement GetElement(int index) => _elements[index];

    public static FixtureRecordSource Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var content = new ReadOnlyMemory<byte>(bytes, start, bytes.Length - start);

        var raw = new List<ReadOnlyMemory<byte>>();
        var reader = new Utf8JsonReader(content.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidDataException($"The data file '{path}' must hold a JSON array of records.");
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var recordStart = (int)reader.TokenStartIndex;
            reader.Skip();
            raw.Add(content.Slice(recordStart, (int)reader.BytesConsumed - recordStart));
        }

        // One parse for projection and sorting; the served bytes come from the slices above.
        var document = JsonDocument.Parse(content);
        var elements = document.RootElement.EnumerateArray().ToArray();
        if (elements.Length != raw.Count)
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"The data file '{path}' could not be split into records."));
        }

        return new FixtureRecordSource(raw.ToArray(), elements);
    }
}
