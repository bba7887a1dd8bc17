using System.Buffers;
using System.Text;
using System.Text.Json;
using Lakehouse.ApiSimulator.Data;

namespace Lakehouse.ApiSimulator.Tests;

public sealed class GeneratorTests
{
    [Fact]
    public void SplitMix64_FromStateZero_GivesTheReferenceSequence()
    {
        // Reference values of SplitMix64 (Steele, Lea, Flood 2014) from state 0.
        var rng = new SplitMix64(0);

        rng.NextUInt64().Should().Be(0xE220A8397B1DCDAFUL);
        rng.NextUInt64().Should().Be(0x6E789E6AA1B965F4UL);
        rng.NextUInt64().Should().Be(0x06C45D188009454FUL);
    }

    [Fact]
    public void ForRecord_SameInputs_SameStream_DifferentIndex_DifferentStream()
    {
        var a = SplitMix64.ForRecord(42, 3, 1000);
        var b = SplitMix64.ForRecord(42, 3, 1000);
        var c = SplitMix64.ForRecord(42, 3, 1001);

        var first = a.NextUInt64();
        b.NextUInt64().Should().Be(first);
        c.NextUInt64().Should().NotBe(first);
    }

    [Theory]
    [InlineData(2399, "23.99")]
    [InlineData(1640, "16.4")]
    [InlineData(1600, "16")]
    [InlineData(5, "0.05")]
    [InlineData(0, "0")]
    [InlineData(-150, "-1.5")]
    [InlineData(3699999, "36999.99")]
    public void WriteHundredths_WritesTheShortestDecimalAsJavaScriptDoes(long hundredths, string expected)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            SyntheticGenerator.WriteHundredths(writer, JsonEncodedText.Encode("v"), hundredths);
            writer.WriteEndObject();
        }

        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be($"{{\"v\":{expected}}}");
        (hundredths / 100.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected);
    }

    [Fact]
    public void SyntheticRecords_ArePureFunctionsOfSeedAndIndex()
    {
        var small = new SyntheticDataSet(seed: 9, products: 100, carts: 10, users: 10);
        var large = new SyntheticDataSet(seed: 9, products: 100, carts: 1_000_000, users: 10);

        RecordText(large.Carts, 7).Should().Be(RecordText(small.Carts, 7), "a cart does not depend on how many carts exist");
        RecordText(small.Products, 50).Should().Be(RecordText(new SyntheticDataSet(9, 100, 0, 0).Products, 50));
    }

    [Fact]
    public void Carts_ComposedAsBytes_AreWhatUtf8JsonWriterWritesForTheSameValues()
    {
        // Titles with characters that need escaping or not (quotes, non-ASCII, "&") come from the vocabulary.
        var data = new SyntheticDataSet(seed: 11, products: 5000, carts: 3000, users: 50);
        var rewriteOptions = new JsonWriterOptions { Encoder = JsonOutput.WriterOptions.Encoder };

        for (var i = 0; i < data.Carts.Count; i++)
        {
            var text = RecordText(data.Carts, i);
            using var document = JsonDocument.Parse(text);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, rewriteOptions))
            {
                document.RootElement.WriteTo(writer);
            }

            Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(text, "cart {0} must be canonical compact JSON", i + 1);
            var lines = document.RootElement.GetProperty("products").EnumerateArray().ToList();
            document.RootElement.GetProperty("totalProducts").GetInt32().Should().Be(lines.Count);
            document.RootElement.GetProperty("totalQuantity").GetInt32().Should().Be(lines.Sum(l => l.GetProperty("quantity").GetInt32()));
            document.RootElement.GetProperty("total").GetDecimal().Should().Be(lines.Sum(l => l.GetProperty("total").GetDecimal()));
        }
    }

    private static string RecordText(IRecordSource source, int index)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
        {
            source.WriteRecord(index, writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
