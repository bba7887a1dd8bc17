using Google.Protobuf;
using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Protocol;
using DataType = Lakehouse.DataFrame.DataType;

namespace Lakehouse.SparkConnect.Tests.Compiler;

/// <summary>
/// The inputs of Spark's PlanGenerationTestSuite (empty local relations with a catalog-string schema) and the one
/// comparison the golden tests use: our relation against the fixture, as protobuf messages.
/// </summary>
internal static class GoldenPlans
{
    private static readonly JsonParser StrictParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation());

    public static string Folder => SharedFixtures.Folder("spark-connect-golden");

    public static StructType SimpleSchema { get; } = new([
        new StructField("id", DataType.Long),
        new StructField("a", DataType.Integer),
        new StructField("b", DataType.Double)]);

    public static StructType RightSchema { get; } = new([
        new StructField("a", DataType.Integer),
        new StructField("id", DataType.Long),
        new StructField("payload", DataType.Binary)]);

    public static StructType ComplexSchema { get; } = SimpleSchema
        .Add("d", SimpleSchema)
        .Add("e", new ArrayType(DataType.Integer))
        .Add("f", new MapType(DataType.String, SimpleSchema))
        .Add("g", DataType.String);

    public static StructType TemporalsSchema { get; } = new([
        new StructField("d", DataType.Date),
        new StructField("t", DataType.Timestamp),
        new StructField("s", DataType.String),
        new StructField("x", DataType.Long),
        new StructField("wt", new StructType([new StructField("start", DataType.Timestamp), new StructField("end", DataType.Timestamp)]))]);

    public static Lakehouse.DataFrame.DataFrame Empty(LakehouseSession session, StructType schema) =>
        session.CreateDataFrame(Array.Empty<IReadOnlyList<object?>>(), schema);

    public static Relation Load(string fixture) =>
        StrictParser.Parse<Relation>(File.ReadAllText(Path.Combine(Folder, fixture)));

    /// <summary>Fails with both messages as JSON unless they are equal as protobuf messages.</summary>
    public static void ShouldEqual(Relation actual, Relation expected, string fixture)
    {
        if (!actual.Equals(expected))
        {
            Assert.Fail($"The relation differs from Spark's golden plan {fixture}.\n=== expected (Spark) ===\n{Formatter.Format(expected)}\n=== actual (ours) ===\n{Formatter.Format(actual)}");
        }
    }

    public static string Json(IMessage message) => Formatter.Format(message);
}
