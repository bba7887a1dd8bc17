using Google.Protobuf;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Tests.Protocol;

/// <summary>
/// Every golden relation that Spark 3.5.0's PlanGenerationTestSuite printed must parse into our
/// generated <see cref="Relation"/> without unknown fields, and survive JSON and binary round trips.
/// </summary>
public sealed class GoldenRelationFixtureTests
{
    private static readonly JsonParser StrictParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static TheoryData<string> FixtureNames()
    {
        var names = Directory.EnumerateFiles(GoldenFolder, "*.json")
            .Select(Path.GetFileName)
            .OrderBy(name => name, StringComparer.Ordinal);
        var data = new TheoryData<string>();
        foreach (var name in names)
        {
            data.Add(name!);
        }

        return data;
    }

    private static string GoldenFolder => SharedFixtures.Folder("spark-connect-golden");

    [Fact]
    public void FixtureFolder_ComparedWithIndex_HoldsExactlyTheIndexedFiles()
    {
        var index = File.ReadAllText(Path.Combine(GoldenFolder, "INDEX.md"));
        var indexed = index.Split('\n')
            .Where(line => line.StartsWith("| ", StringComparison.Ordinal) && line.Contains(".json |", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries)[1])
            .ToList();

        indexed.Should().NotBeEmpty();
        Directory.EnumerateFiles(GoldenFolder, "*.json").Select(Path.GetFileName)
            .Should().BeEquivalentTo(indexed);
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Parse_GoldenFixture_RoundTripsThroughJsonAndBinary(string fixture)
    {
        var json = File.ReadAllText(Path.Combine(GoldenFolder, fixture));

        var relation = StrictParser.Parse<Relation>(json);

        relation.RelTypeCase.Should().NotBe(Relation.RelTypeOneofCase.None);
        relation.Common.Should().NotBeNull("Spark numbers every relation with a plan id");
        relation.Common.HasPlanId.Should().BeTrue();

        var reparsed = StrictParser.Parse<Relation>(JsonFormatter.Default.Format(relation));
        reparsed.Should().Be(relation);

        var fromBinary = Relation.Parser.ParseFrom(relation.ToByteArray());
        fromBinary.Should().Be(relation);
    }

    [Fact]
    public void Parse_UnknownField_IsRejected()
    {
        // Guards the strictness the fixture theory relies on: a field we do not model must fail.
        var act = () => StrictParser.Parse<Relation>("""{"common":{"planId":"0"},"noSuchRelation":{}}""");

        act.Should().Throw<InvalidProtocolBufferException>().WithMessage("*noSuchRelation*");
    }

    [Fact]
    public void Parse_FunctionLit_DecodesEveryLiteralKind()
    {
        var relation = Load("function_lit.json");

        var kinds = relation.Project.Expressions
            .Where(e => e.ExprTypeCase == Expression.ExprTypeOneofCase.Literal)
            .Select(e => e.Literal.LiteralTypeCase)
            .ToHashSet();

        kinds.Should().Contain(new[]
        {
            Expression.Types.Literal.LiteralTypeOneofCase.Boolean,
            Expression.Types.Literal.LiteralTypeOneofCase.Byte,
            Expression.Types.Literal.LiteralTypeOneofCase.Short,
            Expression.Types.Literal.LiteralTypeOneofCase.Integer,
            Expression.Types.Literal.LiteralTypeOneofCase.Long,
            Expression.Types.Literal.LiteralTypeOneofCase.Double,
            Expression.Types.Literal.LiteralTypeOneofCase.Float,
            Expression.Types.Literal.LiteralTypeOneofCase.Decimal,
            Expression.Types.Literal.LiteralTypeOneofCase.String,
            Expression.Types.Literal.LiteralTypeOneofCase.Binary,
            Expression.Types.Literal.LiteralTypeOneofCase.Null,
            Expression.Types.Literal.LiteralTypeOneofCase.Date,
            Expression.Types.Literal.LiteralTypeOneofCase.Timestamp,
            Expression.Types.Literal.LiteralTypeOneofCase.TimestampNtz,
            Expression.Types.Literal.LiteralTypeOneofCase.CalendarInterval,
            Expression.Types.Literal.LiteralTypeOneofCase.YearMonthInterval,
            Expression.Types.Literal.LiteralTypeOneofCase.DayTimeInterval,
        });

        var decimalLiteral = relation.Project.Expressions.First(e => e.Literal?.Decimal is not null).Literal.Decimal;
        decimalLiteral.Value.Should().Be("89.97620");
        decimalLiteral.Precision.Should().Be(7);
        decimalLiteral.Scale.Should().Be(5);
    }

    [Fact]
    public void Parse_JoinUsingLeftSemi_KeepsJoinTypeAndUsingColumns()
    {
        var join = Load("join_using_single_col.json").Join;

        join.JoinType.Should().Be(Join.Types.JoinType.LeftSemi);
        join.UsingColumns.Should().Equal("id");
        join.Left.LocalRelation.Schema.Should().Be("struct<id:bigint,a:int,b:double>");
    }

    [Fact]
    public void Parse_Read_KeepsDataSourceFormatSchemaOptionsAndPaths()
    {
        var source = Load("read.json").Read.DataSource;

        source.Format.Should().Be("csv");
        source.HasSchema.Should().BeTrue();
        source.Options.Should().Contain("header", "true").And.Contain("delimiter", ";");
        source.Paths.Should().ContainSingle().Which.Should().EndWith(".csv");
    }

    [Fact]
    public void Parse_Window_KeepsRowAndRangeFrames()
    {
        var frames = Load("window.json").Project.Expressions
            .Select(e => e.Alias?.Expr?.Window ?? e.Window)
            .Where(w => w?.FrameSpec is not null)
            .Select(w => w!.FrameSpec.FrameType)
            .ToList();

        frames.Should().Contain(Expression.Types.Window.Types.WindowFrame.Types.FrameType.Row)
            .And.Contain(Expression.Types.Window.Types.WindowFrame.Types.FrameType.Range);
    }

    private static Relation Load(string fixture) =>
        StrictParser.Parse<Relation>(File.ReadAllText(Path.Combine(GoldenFolder, fixture)));
}
