using System.Buffers;
using System.Text.Json;

namespace Lakehouse.ApiSimulator.Data;

/// <summary>
/// Generated DummyJSON-shaped records at any scale. Record i of each resource is a pure function
/// of (seed, i): nothing is held in memory except small lookup tables, so a million carts stream.
/// </summary>
internal sealed class SyntheticDataSet : IDataSet
{
    /// <summary>Product cores are cached below this count; above it they are recomputed on demand.</summary>
    private const int ProductCoreCacheLimit = 200_000;

    private readonly SyntheticGenerator _generator;
    private readonly ProductCore[]? _productCores;

    public SyntheticDataSet(long seed, int products, int carts, int users)
    {
        _generator = new SyntheticGenerator(seed, products, users);
        if (products <= ProductCoreCacheLimit)
        {
            _productCores = new ProductCore[products];
            for (var i = 0; i < products; i++)
            {
                _productCores[i] = _generator.ProductCore(i);
            }
        }

        Products = new SyntheticRecordSource(products, (i, w) => _generator.WriteProduct(i, Core(i), w));
        Func<int, ProductCore> core = Core;
        Carts = new SyntheticRecordSource(carts, (i, w) => _generator.WriteCart(i, core, w));
        Users = new SyntheticRecordSource(users, _generator.WriteUser);
        CategoryList = FirstSeenCategories(products);
    }

    public IRecordSource Products { get; }

    public IRecordSource Carts { get; }

    public IRecordSource Users { get; }

    public IReadOnlyList<string> CategoryList { get; }

    public string CategoryOf(int productIndex) =>
        Vocabulary.Categories[_productCores?[productIndex].CategoryIndex ?? _generator.CategoryIndex(productIndex)].Slug;

    public long UserIdOf(int cartIndex) => _generator.CartUserId(cartIndex);

    private ProductCore Core(int productIndex) => _productCores?[productIndex] ?? _generator.ProductCore(productIndex);

    private string[] FirstSeenCategories(int products)
    {
        var seen = new List<string>();
        var categoryCount = Vocabulary.Categories.Length;
        for (var i = 0; i < products && seen.Count < categoryCount; i++)
        {
            var slug = CategoryOf(i);
            if (!seen.Contains(slug))
            {
                seen.Add(slug);
            }
        }

        return seen.ToArray();
    }
}

/// <summary>A resource whose records are written on demand; ids are 1..Count.</summary>
internal sealed class SyntheticRecordSource(int count, Action<int, Utf8JsonWriter> write) : IRecordSource
{
    public int Count => count;

    public int FindById(string idText)
    {
        // Only the canonical text of an id matches, as with DummyJSON's string comparison.
        if (idText.Length is 0 or > 10 || idText[0] is < '1' or > '9' || !idText.All(char.IsAsciiDigit))
        {
            return -1;
        }

        var id = long.Parse(idText, System.Globalization.CultureInfo.InvariantCulture);
        return id <= count ? (int)id - 1 : -1;
    }

    public void WriteRecord(int index, Utf8JsonWriter writer) => write(index, writer);

    public JsonElement GetElement(int index)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            write(index, writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
