using System.Globalization;
using System.Text.Json;

namespace Lakehouse.Delta.Tests;

public sealed class SchemaTests
{
    [Fact]
    public void Parse_EveryPrimitiveType_IsRecognised()
    {
        var names = new[] { "string", "long", "integer", "short", "byte", "float", "double", "boolean", "binary", "date", "timestamp", "timestamp_ntz" };
        var json = "{\"type\":\"struct\",\"fields\":[" + string.Join(",", names.Select(n => $"{{\"name\":\"c_{n}\",\"type\":\"{n}\",\"nullable\":true,\"metadata\":{{}}}}")) + "]}";
        var schema = StructType.Parse(json);
        schema.Fields.Select(f => ((PrimitiveType)f.Type).Name).Should().Equal(names);
        schema.ToJson().Should().Be(json);
    }

    [Fact]
    public void Parse_DecimalWithSpaces_IsNormalisedOnWrite()
    {
        var schema = StructType.Parse("""{"type":"struct","fields":[{"name":"d","type":"decimal(10, 4)","nullable":false,"metadata":{}}]}""");
        var type = schema.Fields[0].Type.Should().BeOfType<DecimalType>().Subject;
        (type.Precision, type.Scale).Should().Be((10, 4));
        schema.Fields[0].Nullable.Should().BeFalse();
        schema.ToJson().Should().Contain("\"decimal(10,4)\"");
    }

    [Fact]
    public void Parse_NestedTypesAndMetadata_RoundTripIdentically()
    {
        const string json = """{"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,"metadata":{"comment":"x","delta.invariants":"{\"expression\":{\"expression\":\"a > 3\"}}"}},{"name":"b","type":{"type":"struct","fields":[{"name":"d","type":"integer","nullable":false,"metadata":{}}]},"nullable":true,"metadata":{}},{"name":"c","type":{"type":"array","elementType":"integer","containsNull":false},"nullable":true,"metadata":{}},{"name":"e","type":{"type":"array","elementType":{"type":"struct","fields":[{"name":"d","type":"integer","nullable":false,"metadata":{}}]},"containsNull":true},"nullable":true,"metadata":{}},{"name":"f","type":{"type":"map","keyType":"string","valueType":"string","valueContainsNull":true},"nullable":true,"metadata":{}}]}""";
        var schema = StructType.Parse(json);
        schema.ToJson().Should().Be(json);
        ((ArrayType)schema.Fields[2].Type).ContainsNull.Should().BeFalse();
        ((MapType)schema.Fields[4].Type).ValueContainsNull.Should().BeTrue();
        schema.Fields[0].MetadataJson.Should().Contain("delta.invariants");
    }

    [Fact]
    public void ToJson_EveryGoldenSchemaString_IsReproducedExactly()
    {
        var count = 0;
        foreach (var table in Golden.AllTables())
        {
            var log = Path.Combine(Golden.Path(table), "_delta_log");
            if (!Directory.Exists(log))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(log, "*.json"))
            {
                foreach (var line in File.ReadLines(file))
                {
                    using var document = JsonDocument.Parse(line);
                    if (document.RootElement.TryGetProperty("metaData", out var metadata))
                    {
                        var schemaString = metadata.GetProperty("schemaString").GetString()!;
                        StructType.Parse(schemaString).ToJson().Should().Be(schemaString, $"{table}/{Path.GetFileName(file)}");
                        count++;
                    }
                }
            }
        }

        count.Should().BeGreaterThan(30);
    }

    [Theory]
    [InlineData("void")]
    [InlineData("decimal(39,0)")]
    [InlineData("decimal(5,6)")]
    [InlineData("interval")]
    public void Parse_UnknownOrInvalidType_Throws(string type)
    {
        var act = () => StructType.Parse($$$"""{"type":"struct","fields":[{"name":"x","type":"{{{type}}}","nullable":true,"metadata":{}}]}""");
        act.Should().Throw<Exception>().Where(e => e is FormatException || e is ArgumentException);
    }

    [Fact]
    public void Constructor_DuplicateNamesIgnoringCase_Throws()
    {
        var act = () => new StructType([new StructField("a", PrimitiveType.Long), new StructField("A", PrimitiveType.Long)]);
        act.Should().Throw<ArgumentException>().WithMessage("*Duplicate*");
    }

    [Fact]
    public void ToSql_MapsEveryTypeToDuckDB()
    {
        DuckDBTypes.ToSql(PrimitiveType.Timestamp).Should().Be("TIMESTAMPTZ");
        DuckDBTypes.ToSql(PrimitiveType.Long).Should().Be("BIGINT");
        DuckDBTypes.ToSql(PrimitiveType.Integer).Should().Be("INTEGER");
        DuckDBTypes.ToSql(PrimitiveType.Short).Should().Be("SMALLINT");
        DuckDBTypes.ToSql(PrimitiveType.Byte).Should().Be("TINYINT");
        DuckDBTypes.ToSql(PrimitiveType.Float).Should().Be("FLOAT");
        DuckDBTypes.ToSql(PrimitiveType.Double).Should().Be("DOUBLE");
        DuckDBTypes.ToSql(PrimitiveType.Boolean).Should().Be("BOOLEAN");
        DuckDBTypes.ToSql(PrimitiveType.Binary).Should().Be("BLOB");
        DuckDBTypes.ToSql(PrimitiveType.Date).Should().Be("DATE");
        DuckDBTypes.ToSql(PrimitiveType.String).Should().Be("VARCHAR");
        DuckDBTypes.ToSql(new DecimalType(38, 6)).Should().Be("DECIMAL(38,6)");
        DuckDBTypes.ToSql(new ArrayType(PrimitiveType.Integer, true)).Should().Be("INTEGER[]");
        DuckDBTypes.ToSql(new MapType(PrimitiveType.String, new ArrayType(PrimitiveType.Long, true), true)).Should().Be("MAP(VARCHAR, BIGINT[])");
        DuckDBTypes.ToSql(new StructType([new StructField("a\"b", PrimitiveType.Date)])).Should().Be("STRUCT(\"a\"\"b\" DATE)");
    }

    [Fact]
    public void QuoteLiteral_QuotesAndNul_AreEscapedOrRefused()
    {
        DuckDBTypes.QuoteLiteral("it's").Should().Be("'it''s'");
        var act = () => DuckDBTypes.QuoteLiteral("a\0b");
        act.Should().Throw<ArgumentException>();
    }
}

public sealed class PartitionValuesTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_NullOrEmpty_IsNull(string? value)
    {
        PartitionValues.Parse(value, PrimitiveType.Integer).Should().BeNull();
        PartitionValues.Parse(value, PrimitiveType.String).Should().BeNull();
    }

    [Fact]
    public void Parse_EveryPrimitiveType_GivesTypedValue()
    {
        PartitionValues.Parse("-7", PrimitiveType.Long).Should().Be(-7L);
        PartitionValues.Parse("12", PrimitiveType.Integer).Should().Be(12);
        PartitionValues.Parse("-3", PrimitiveType.Short).Should().Be((short)-3);
        PartitionValues.Parse("127", PrimitiveType.Byte).Should().Be((sbyte)127);
        PartitionValues.Parse("1.5", PrimitiveType.Float).Should().Be(1.5f);
        PartitionValues.Parse("NaN", PrimitiveType.Double).Should().Be(double.NaN);
        PartitionValues.Parse("true", PrimitiveType.Boolean).Should().Be(true);
        PartitionValues.Parse("False", PrimitiveType.Boolean).Should().Be(false);
        PartitionValues.Parse("null", PrimitiveType.String).Should().Be("null");
        PartitionValues.Parse("2021-09-08", PrimitiveType.Date).Should().Be(new DateOnly(2021, 9, 8));
        PartitionValues.Parse("-2342342.23423", new DecimalType(12, 5)).Should().Be(-2342342.23423m);
        PartitionValues.Parse("\u0001\u0002", PrimitiveType.Binary).Should().BeEquivalentTo(new byte[] { 1, 2 });
    }

    [Theory]
    [InlineData("2021-09-08 11:11:11", "2021-09-08T11:11:11.0000000+00:00")]
    [InlineData("2020-01-01 08:09:10.001", "2020-01-01T08:09:10.0010000+00:00")]
    [InlineData("1970-01-01 00:00:00.123456", "1970-01-01T00:00:00.1234560+00:00")]
    [InlineData("2024-01-01T10:00:00.000000Z", "2024-01-01T10:00:00.0000000+00:00")]
    [InlineData("2000-01-01T00:00:00.000-08:00", "2000-01-01T08:00:00.0000000+00:00")]
    public void Parse_Timestamp_GivesUtcInstant(string value, string expected)
    {
        var parsed = (DateTimeOffset)PartitionValues.Parse(value, PrimitiveType.Timestamp)!;
        parsed.ToString("O", CultureInfo.InvariantCulture).Should().Be(expected);
        parsed.Offset.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("abc", "integer")]
    [InlineData("2147483648", "integer")]
    [InlineData("yes", "boolean")]
    [InlineData("2021-13-01", "date")]
    [InlineData("08/09/2021", "timestamp")]
    [InlineData("123.4", "decimal")]
    public void Parse_Malformed_ThrowsFormatException(string value, string type)
    {
        var deltaType = type == "decimal" ? new DecimalType(3, 1) : StructType.Parse($$$"""{"type":"struct","fields":[{"name":"x","type":"{{{type}}}","nullable":true,"metadata":{}}]}""").Fields[0].Type;
        var act = () => PartitionValues.Parse(value, deltaType);
        act.Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("-0.00004", "-0.00004")]
    [InlineData("1E+3", "1000")]
    [InlineData("", null)]
    public void ToSqlParameter_Decimal_KeepsWideValuesExact(string value, string? expected) =>
        PartitionValues.ToSqlParameter(value, new DecimalType(38, 0 + (value.Contains('.', StringComparison.Ordinal) ? 5 : 0))).Should().Be(expected);

    [Theory]
    [InlineData("1.2.3")]
    [InlineData("12345678901.5")]
    [InlineData("abc")]
    public void ToSqlParameter_MalformedDecimal_Throws(string value)
    {
        var act = () => PartitionValues.ToSqlParameter(value, new DecimalType(10, 2));
        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void ToSqlText_Timestamp_HasExplicitUtcOffset()
    {
        PartitionValues.ToSqlText(PartitionValues.Parse("2021-09-08 11:11:11", PrimitiveType.Timestamp)).Should().Be("2021-09-08 11:11:11.000000+00");
        PartitionValues.ToSqlText(new byte[] { 0, 255 }).Should().Be("\\x00\\xFF");
        PartitionValues.ToSqlText(1.5m).Should().Be("1.5");
    }
}
