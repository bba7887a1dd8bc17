using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Session;
using Proto = Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Tests.Session;

public sealed class SparkRowConverterTests
{
    [Fact]
    public void Convert_NestedArrowValues_BecomeTheRowFormsOfTheEmbeddedEngine()
    {
        var type = new StructType(
        [
            new StructField("tags", new ArrayType(DataType.String)),
            new StructField("prices", new MapType(DataType.String, new DecimalType(12, 2))),
            new StructField("seen", DataType.Timestamp),
        ]);
        var arrow = new Dictionary<string, object?>
        {
            ["tags"] = new object?[] { "a", null },
            ["prices"] = new[] { new KeyValuePair<object?, object?>("EUR", 1.50m) },
            ["seen"] = new DateTimeOffset(2024, 1, 2, 4, 4, 5, TimeSpan.FromHours(1)),
        };

        var row = SparkRowConverter.Convert(arrow, type).Should().BeOfType<Row>().Subject;

        row.GetList(0).Should().BeOfType<List<object?>>().Which.Should().Equal(new object?[] { "a", null });
        row[1].Should().BeOfType<Dictionary<object, object?>>().Which.Should().Equal(new Dictionary<object, object?> { ["EUR"] = 1.50m });
        row.GetTimestamp(2).Should().Be(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        row.GetTimestamp(2).Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void FromProtoSchema_TimestampNtz_FailsNamingTheColumn()
    {
        var schema = new Proto.DataType
        {
            Struct = new Proto.DataType.Types.Struct
            {
                Fields = { new Proto.DataType.Types.StructField { Name = "local_time", DataType = new Proto.DataType { TimestampNtz = new Proto.DataType.Types.TimestampNTZ() } } },
            },
        };

        var act = () => SparkConnectTypes.FromProtoSchema(schema);

        act.Should().Throw<SparkConnectCompilationException>().WithMessage("*column `local_time`*cast it*");
    }

    [Fact]
    public void FromProtoSchema_ToProtoOfEveryFlatAndNestedType_RoundTrips()
    {
        var schema = new StructType(
        [
            new StructField("b", DataType.Boolean), new StructField("i8", DataType.Byte), new StructField("i16", DataType.Short),
            new StructField("i32", DataType.Integer, false), new StructField("i64", DataType.Long), new StructField("f", DataType.Float),
            new StructField("d", DataType.Double), new StructField("s", DataType.String), new StructField("bin", DataType.Binary),
            new StructField("day", DataType.Date), new StructField("at", DataType.Timestamp), new StructField("money", new DecimalType(38, 6)),
            new StructField("list", new ArrayType(DataType.Long, false)),
            new StructField("map", new MapType(DataType.String, new StructType([new StructField("x", DataType.Integer)]))),
        ]);

        SparkConnectTypes.FromProtoSchema(SparkConnectTypes.ToProto(schema)).Should().Be(schema);
    }
}
