using Google.Protobuf.Reflection;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Tests.Protocol;

/// <summary>
/// Spot checks that the wire numbers of our hand-written protos equal Spark 3.5.0's. A renumbered
/// field would still round-trip through JSON, so the golden fixtures alone would not notice.
/// </summary>
public sealed class SparkFieldNumberTests
{
    public static TheoryData<string, string, int> SparkNumbers() => new()
    {
        { "spark.connect.Relation", "common", 1 },
        { "spark.connect.Relation", "read", 2 },
        { "spark.connect.Relation", "set_op", 6 },
        { "spark.connect.Relation", "sql", 10 },
        { "spark.connect.Relation", "deduplicate", 14 },
        { "spark.connect.Relation", "with_columns", 23 },
        { "spark.connect.Relation", "unpivot", 25 },
        { "spark.connect.Relation", "html_string", 35 },
        { "spark.connect.Relation", "fill_na", 90 },
        { "spark.connect.Relation", "replace", 92 },
        { "spark.connect.Relation", "sample_by", 107 },
        { "spark.connect.Relation", "extension", 998 },
        { "spark.connect.Project", "expressions", 3 },
        { "spark.connect.Join", "using_columns", 5 },
        { "spark.connect.Join", "join_data_type", 6 },
        { "spark.connect.Expression", "call_function", 16 },
        { "spark.connect.Expression", "extension", 999 },
        { "spark.connect.Expression.Literal", "float", 10 },
        { "spark.connect.Expression.Literal", "decimal", 12 },
        { "spark.connect.Expression.Literal", "date", 16 },
        { "spark.connect.Expression.Literal", "struct", 24 },
        { "spark.connect.DataType", "unparsed", 24 },
        { "spark.connect.DataType.Decimal", "scale", 1 },
        { "spark.connect.DataType.Decimal", "precision", 2 },
        { "spark.connect.Command", "write_operation", 2 },
        { "spark.connect.Command", "sql_command", 5 },
        { "spark.connect.WriteOperation", "options", 9 },
        { "spark.connect.WriteOperationV2", "overwrite_condition", 8 },
        { "spark.connect.ExecutePlanRequest", "operation_id", 6 },
        { "spark.connect.ExecutePlanRequest", "tags", 7 },
        { "spark.connect.ExecutePlanResponse", "arrow_batch", 2 },
        { "spark.connect.ExecutePlanResponse", "result_complete", 14 },
        { "spark.connect.ExecutePlanResponse", "schema", 7 },
        { "spark.connect.AnalyzePlanRequest", "spark_version", 10 },
        { "spark.connect.AnalyzePlanResponse", "tree_string", 4 },
        { "spark.connect.ConfigRequest.Operation", "get", 2 },
    };

    [Theory]
    [MemberData(nameof(SparkNumbers))]
    public void FieldNumber_KnownSparkField_MatchesSpark35(string message, string field, int number)
    {
        var descriptor = Registry.Find(message);

        descriptor.Should().NotBeNull($"message {message} must exist");
        descriptor!.FindFieldByName(field).Should().NotBeNull($"{message}.{field} must exist");
        descriptor.FindFieldByName(field).FieldNumber.Should().Be(number);
    }

    [Fact]
    public void Oneof_RelationTypes_AreGroupedInRelTypeAsInSpark()
    {
        var relType = Relation.Descriptor.Oneofs.Single();

        relType.Name.Should().Be("rel_type");
        relType.Fields.Select(f => f.Name).Should().Contain(new[] { "read", "project", "join", "fill_na", "extension" })
            .And.NotContain("common");
    }

    private static readonly TypeRegistry Registry = TypeRegistry.FromFiles(
        BaseReflection.Descriptor,
        RelationsReflection.Descriptor,
        ExpressionsReflection.Descriptor,
        TypesReflection.Descriptor,
        CommandsReflection.Descriptor,
        CommonReflection.Descriptor);
}
