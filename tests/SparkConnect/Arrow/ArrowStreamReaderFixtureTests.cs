using System.Collections;
using System.Text.Json;
using Lakehouse.SparkConnect.Arrow;

namespace Lakehouse.SparkConnect.Tests.Arrow;

/// <summary>
/// Decodes the Arrow integration streams in shared/fixtures/arrow-ipc and compares every value with
/// the integration JSON written beside each stream.
/// </summary>
public sealed class ArrowStreamReaderFixtureTests
{
    private static string FixtureFolder => SharedFixtures.Folder("arrow-ipc");

    public static TheoryData<string> UncompressedStreams()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(FixtureFolder, "*.stream").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (!name.StartsWith("compressed_", StringComparison.Ordinal))
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UncompressedStreams))]
    public void ReadBatches_IntegrationStream_MatchesJsonValueByValue(string fixture)
    {
        using var expected = IntegrationJsonExpectation.Load(Path.Combine(FixtureFolder, fixture + ".json.gz"));
        var reader = new ArrowStreamReader(File.ReadAllBytes(Path.Combine(FixtureFolder, fixture + ".stream")), fixture);

        AssertSchema(expected.Fields, reader.Schema.Fields);

        var batches = reader.ReadBatches().ToList();
        batches.Should().HaveCount(expected.Batches.GetArrayLength());

        var mismatches = new List<string>();
        var compared = 0;
        foreach (var (batch, expectedBatch, batchIndex) in batches.Zip(expected.Batches.EnumerateArray()).Select((p, i) => (p.First, p.Second, i)))
        {
            batch.RowCount.Should().Be(expectedBatch.GetProperty("count").GetInt32());
            var expectedColumns = expectedBatch.GetProperty("columns");
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                var column = batch.Columns[c];
                column.Field.Name.Should().Be(expectedColumns[c].GetProperty("name").GetString());
                column.Length.Should().Be(batch.RowCount);
                for (var row = 0; row < batch.RowCount; row++)
                {
                    var want = IntegrationJsonExpectation.Value(expected.Fields[c], expectedColumns[c], row);
                    var got = Actual(column, row);
                    compared++;
                    if (!ValuesEqual(want, got))
                    {
                        mismatches.Add($"batch {batchIndex} column {column.Field.Name} row {row}: expected {Describe(want)}, got {Describe(got)}");
                    }
                }
            }
        }

        mismatches.Should().BeEmpty();
        if (batches.Sum(b => b.RowCount) > 0)
        {
            compared.Should().BePositive();
        }
    }

    [Theory]
    [InlineData("compressed_generated_lz4", "LZ4_FRAME")]
    [InlineData("compressed_generated_zstd", "ZSTD")]
    public void ReadBatches_CompressedStream_IsRefusedNamingCodecAndStream(string fixture, string codec)
    {
        var reader = new ArrowStreamReader(File.ReadAllBytes(Path.Combine(FixtureFolder, fixture + ".stream")), fixture + ".stream");

        // The schema is not compressed, so it still reads; the batches are refused, not misread.
        reader.Schema.Fields.Select(f => f.Name).Should().Equal("ints", "strs");
        var act = () => reader.ReadBatches().ToList();

        var error = act.Should().Throw<ArrowNotSupportedException>().Which;
        error.Message.Should().Contain(codec).And.Contain(fixture + ".stream");
        error.Feature.Should().Be("compression " + codec);
        error.StreamName.Should().Be(fixture + ".stream");
        error.Should().BeAssignableTo<NotSupportedException>();
    }

    [Fact]
    public void ReadBatches_NoBatchesStream_YieldsSchemaAndNothingElse()
    {
        var reader = new ArrowStreamReader(File.ReadAllBytes(Path.Combine(FixtureFolder, "generated_primitive_no_batches.stream")));

        reader.Schema.Fields.Should().NotBeEmpty();
        reader.ReadBatches().Should().BeEmpty();
    }

    [Fact]
    public void ReadBatches_DatetimeStream_MapsZonesToDateTimeOffsetAndNaiveToDateTime()
    {
        var reader = new ArrowStreamReader(File.ReadAllBytes(Path.Combine(FixtureFolder, "generated_datetime.stream")));
        var batch = reader.ReadBatches().First();
        var fields = reader.Schema.Fields;

        var zoned = fields.Single(f => f.DataType.TimeZone == "UTC");
        zoned.DataType.Kind.Should().Be(ArrowTypeKind.Timestamp);
        FirstNonNull(batch, zoned).Should().BeOfType<DateTimeOffset>().Which.Offset.Should().Be(TimeSpan.Zero);

        var naive = fields.First(f => f.DataType.Kind == ArrowTypeKind.Timestamp && f.DataType.TimeZone is null);
        FirstNonNull(batch, naive).Should().BeOfType<DateTime>().Which.Kind.Should().Be(DateTimeKind.Unspecified);

        var date32 = fields.Single(f => f.DataType is { Kind: ArrowTypeKind.Date, BitWidth: 32 });
        batch.Columns[0].Field.Should().BeSameAs(date32);
        batch.GetValue(0, 0).Should().Be(new DateOnly(1, 1, 1), "day -719162 is 0001-01-01");
    }

    [Fact]
    public void ReadBatches_DecimalStream_ReturnsExactDecimalsAndRefusesWideOnes()
    {
        var reader = new ArrowStreamReader(File.ReadAllBytes(Path.Combine(FixtureFolder, "generated_decimal.stream")));
        var values = reader.ReadBatches()
            .SelectMany(b => b.Columns.Where(c => c.Field.DataType.Precision == 5)
                .SelectMany(c => Enumerable.Range(0, c.Length).Select(c.GetValue)))
            .OfType<decimal>()
            .ToList();

        values.Should().NotBeEmpty().And.OnlyContain(v => v.Scale == 2);

        var wide = reader.ReadBatches()
            .SelectMany(b => b.Columns.Where(c => c.Field.DataType.Precision == 38))
            .SelectMany(c => Enumerable.Range(0, c.Length).Where(r => !c.IsNull(r)).Select(r => (Column: c, Row: r)))
            .Select(x => Record.Exception(() => x.Column.GetValue(x.Row)))
            .OfType<OverflowException>()
            .ToList();
        wide.Should().NotBeEmpty("38-digit decimals exceed System.Decimal's 96-bit mantissa");
        wide[0].Message.Should().Contain("decimal(38, 2)").And.Contain("does not fit System.Decimal");
    }

    private static object? FirstNonNull(ArrowRecordBatch batch, ArrowField field)
    {
        var column = batch.Columns.Single(c => ReferenceEquals(c.Field, field));
        return Enumerable.Range(0, column.Length).Select(column.GetValue).First(v => v is not null);
    }

    private static object? Actual(ArrowColumn column, int row)
    {
        try
        {
            return column.GetValue(row);
        }
        catch (OverflowException)
        {
            return IntegrationJsonExpectation.Overflow;
        }
    }

    private static void AssertSchema(JsonElement expectedFields, IReadOnlyList<ArrowField> fields)
    {
        fields.Should().HaveCount(expectedFields.GetArrayLength());
        for (var i = 0; i < fields.Count; i++)
        {
            var expected = expectedFields[i];
            fields[i].Name.Should().Be(expected.GetProperty("name").GetString());
            fields[i].IsNullable.Should().Be(expected.GetProperty("nullable").GetBoolean());
            var type = expected.GetProperty("type");
            var kind = type.GetProperty("name").GetString() switch
            {
                "null" => ArrowTypeKind.Null,
                "bool" => ArrowTypeKind.Boolean,
                "int" => ArrowTypeKind.Int,
                "floatingpoint" => ArrowTypeKind.FloatingPoint,
                "decimal" => ArrowTypeKind.Decimal,
                "utf8" => ArrowTypeKind.Utf8,
                "binary" => ArrowTypeKind.Binary,
                "fixedsizebinary" => ArrowTypeKind.FixedSizeBinary,
                "date" => ArrowTypeKind.Date,
                "time" => ArrowTypeKind.Time,
                "timestamp" => ArrowTypeKind.Timestamp,
                "list" => ArrowTypeKind.List,
                "fixedsizelist" => ArrowTypeKind.FixedSizeList,
                "struct" => ArrowTypeKind.Struct,
                var other => throw new InvalidOperationException($"Unexpected fixture type {other}."),
            };
            fields[i].DataType.Kind.Should().Be(kind, $"field {fields[i].Name}");
            if (type.TryGetProperty("bitWidth", out var bitWidth) && kind is ArrowTypeKind.Int or ArrowTypeKind.Time)
            {
                fields[i].DataType.BitWidth.Should().Be(bitWidth.GetInt32());
            }

            if (type.TryGetProperty("isSigned", out var signed))
            {
                fields[i].DataType.IsSigned.Should().Be(signed.GetBoolean());
            }

            if (kind == ArrowTypeKind.Decimal)
            {
                fields[i].DataType.Precision.Should().Be(type.GetProperty("precision").GetInt32());
                fields[i].DataType.Scale.Should().Be(type.GetProperty("scale").GetInt32());
            }

            if (kind == ArrowTypeKind.Timestamp)
            {
                fields[i].DataType.TimeZone.Should().Be(type.TryGetProperty("timezone", out var zone) ? zone.GetString() : null);
            }

            AssertSchema(expected.GetProperty("children"), fields[i].Children);
        }
    }

    private static bool ValuesEqual(object? expected, object? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null;
        }

        if (expected.GetType() != actual.GetType())
        {
            return false;
        }

        return expected switch
        {
            byte[] bytes => bytes.AsSpan().SequenceEqual((byte[])actual),
            object?[] list => list.Length == ((object?[])actual).Length && list.Zip((object?[])actual).All(p => ValuesEqual(p.First, p.Second)),
            Dictionary<string, object?> map => map.Count == ((Dictionary<string, object?>)actual).Count
                && map.All(kv => ((Dictionary<string, object?>)actual).TryGetValue(kv.Key, out var v) && ValuesEqual(kv.Value, v)),
            decimal d => d == (decimal)actual && d.Scale == ((decimal)actual).Scale,
            _ => expected.Equals(actual),
        };
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        string text => $"\"{text}\"",
        IEnumerable items and not IDictionary => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        _ when ReferenceEquals(value, IntegrationJsonExpectation.Overflow) => "OverflowException",
        _ => $"{value} ({value.GetType().Name})",
    };
}
