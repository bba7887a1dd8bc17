using Lakehouse.SparkConnect.Arrow;
using static Lakehouse.SparkConnect.Tests.Arrow.TestArrowStreamWriter;

namespace Lakehouse.SparkConnect.Tests.Arrow;

/// <summary>Types Spark sends that the integration fixtures do not cover, written with <see cref="TestArrowStreamWriter"/>.</summary>
public sealed class ArrowStreamReaderTypeTests
{
    private static readonly byte[] NoBuffer = [];

    [Fact]
    public void GetValue_MapOfStringToInt_ReturnsKeyValuePairsAndNulls()
    {
        // Rows: {"a": 1, "b": null}, null, {}.
        var entries = Field("entries", false, TypeStruct, new FbTable(),
            Field("key", false, TypeUtf8, new FbTable()),
            Field("value", true, TypeInt, Int(32, signed: true)));
        var stream = Stream(
            [Field("m", true, TypeMap, new FbTable(), entries)],
            rowCount: 3,
            nodes: [(3, 1), (2, 0), (2, 0), (2, 1)],
            buffers:
            [
                Bits(true, false, true), Int32s(0, 2, 2, 2),
                NoBuffer,
                NoBuffer, Int32s(0, 1, 2), Utf8("ab"),
                Bits(true, false), Int32s(1, 0),
            ]);

        var column = new ArrowStreamReader(stream).ReadBatches().Single().Columns[0];

        column.Field.DataType.Kind.Should().Be(ArrowTypeKind.Map);
        column.GetValue(0).Should().BeEquivalentTo(new[]
        {
            new KeyValuePair<object?, object?>("a", 1),
            new KeyValuePair<object?, object?>("b", null),
        });
        column.GetValue(1).Should().BeNull();
        column.GetValue(2).Should().BeAssignableTo<IReadOnlyList<KeyValuePair<object?, object?>>>().Which.Should().BeEmpty();
    }

    [Fact]
    public void GetValue_LargeStringsBinaryHalfAndDuration_DecodeToDocumentedClrTypes()
    {
        var stream = Stream(
            [
                Field("text", false, TypeLargeUtf8, new FbTable()),
                Field("bytes", false, TypeLargeBinary, new FbTable()),
                Field("half", false, TypeFloatingPoint, new FbTable().With(0, (short)0)),
                Field("elapsed", false, TypeDuration, new FbTable().With(0, (short)2)),
            ],
            rowCount: 2,
            nodes: [(2, 0), (2, 0), (2, 0), (2, 0)],
            buffers:
            [
                NoBuffer, Int64s(0, 3, 5), Utf8("élan"), // "é" is two bytes in UTF-8
                NoBuffer, Int64s(0, 0, 2), [0xCA, 0xFE],
                NoBuffer, [.. BitConverter.GetBytes((Half)1.5), .. BitConverter.GetBytes((Half)(-2))],
                NoBuffer, Int64s(1_500_000, -1),
            ]);

        var batch = new ArrowStreamReader(stream).ReadBatches().Single();

        batch.GetValue(0, 0).Should().Be("él");
        batch.GetValue(0, 1).Should().Be("an");
        batch.GetValue(1, 0).Should().BeEquivalentTo(Array.Empty<byte>());
        batch.GetValue(1, 1).Should().BeEquivalentTo(new byte[] { 0xCA, 0xFE });
        batch.GetValue(2, 0).Should().Be((Half)1.5);
        batch.GetValue(2, 1).Should().Be((Half)(-2));
        batch.GetValue(3, 0).Should().Be(TimeSpan.FromSeconds(1.5));
        batch.GetValue(3, 1).Should().Be(TimeSpan.FromTicks(-10));
    }

    [Fact]
    public void GetValue_NanosecondTimestampBeforeEpoch_TruncatesTowardThePast()
    {
        var stream = Stream(
            [Field("ts", false, TypeTimestamp, new FbTable().With(0, (short)3).With(1, "Europe/Paris"))],
            rowCount: 1,
            nodes: [(1, 0)],
            buffers: [NoBuffer, Int64s(-1)]);

        var value = new ArrowStreamReader(stream).ReadBatches().Single().GetValue(0, 0);

        value.Should().Be(new DateTimeOffset(DateTime.UnixEpoch.Ticks - 1, TimeSpan.Zero), "-1 ns lies in the 100 ns tick before the epoch");
    }

    [Fact]
    public void GetValue_Date64WithTimeOfDay_KeepsTheMilliseconds()
    {
        var stream = Stream(
            [Field("d", false, TypeDate, new FbTable())], // unit absent = MILLISECOND
            rowCount: 1,
            nodes: [(1, 0)],
            buffers: [NoBuffer, Int64s(86_400_000 + 1)]);

        var value = new ArrowStreamReader(stream).ReadBatches().Single().GetValue(0, 0);

        value.Should().Be(new DateTime(1970, 1, 2, 0, 0, 0, 1, DateTimeKind.Unspecified));
    }

    [Fact]
    public void Constructor_IntervalField_IsRefusedNamingTheFeature()
    {
        var stream = Stream([Field("i", true, TypeInterval, new FbTable())], 0, [(0, 0)], [NoBuffer, NoBuffer]);

        var act = () => new ArrowStreamReader(stream, "intervals");

        act.Should().Throw<ArrowNotSupportedException>()
            .Where(e => e.Feature == "the interval type" && e.StreamName == "intervals")
            .WithMessage("*field 'i'*");
    }

    [Fact]
    public void Constructor_DictionaryEncodedField_IsRefused()
    {
        var field = Field("s", true, TypeUtf8, new FbTable()).With(4, new FbTable().With(0, 7L));
        var stream = Stream([field], 0, [(0, 0)], [NoBuffer, NoBuffer, NoBuffer]);

        var act = () => new ArrowStreamReader(stream);

        act.Should().Throw<ArrowNotSupportedException>().Where(e => e.Feature == "dictionary encoding");
    }

    [Fact]
    public void Constructor_BigEndianSchema_IsRefused()
    {
        var stream = Stream([Field("x", false, TypeInt, Int(32, true))], 0, [(0, 0)], [NoBuffer, NoBuffer], endianness: 1);

        var act = () => new ArrowStreamReader(stream);

        act.Should().Throw<ArrowNotSupportedException>().Where(e => e.Feature == "big-endian");
    }

    [Fact]
    public void Constructor_Decimal256_IsRefused()
    {
        var type = new FbTable().With(0, 40).With(1, 2).With(2, 256);
        var stream = Stream([Field("d", false, TypeDecimal, type)], 0, [(0, 0)], [NoBuffer, NoBuffer]);

        var act = () => new ArrowStreamReader(stream);

        act.Should().Throw<ArrowNotSupportedException>().Where(e => e.Feature == "decimal256");
    }

    [Fact]
    public void ReadBatches_BufferCountDisagreesWithSchema_FailsWithFormatError()
    {
        var stream = Stream([Field("x", false, TypeInt, Int(32, true))], 1, [(1, 0)], [NoBuffer, Int32s(5), NoBuffer], compression: null);

        var act = () => new ArrowStreamReader(stream, "extra-buffer").ReadBatches().ToList();

        act.Should().Throw<ArrowFormatException>().WithMessage("*extra-buffer*3 buffers*uses 1 and 2*");
    }

    [Fact]
    public void ReadBatches_ValuesBufferTooShort_FailsWithFormatError()
    {
        var stream = Stream([Field("x", false, TypeInt, Int(64, true))], 2, [(2, 0)], [NoBuffer, Int64s(1)]);

        var act = () => new ArrowStreamReader(stream).ReadBatches().ToList();

        act.Should().Throw<ArrowFormatException>().WithMessage("*'x'*8 bytes; 16 are needed*");
    }
}
