using Lakehouse.Common.Schemas;
using Lakehouse.DataFrame;
using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.Silver.Tests;

/// <summary>Silver over bronze batches landed as CSV: each row becomes the JSON object the JSON-lines path reads.</summary>
public sealed class CsvBatchTests : IDisposable
{
    private static readonly DateOnly Day = new(2024, 5, 1);
    private readonly string _lake = Path.Combine(Path.GetTempPath(), "lakehouse-silver-csv-" + Guid.NewGuid().ToString("N"));
    private readonly LakehouseSession _session = LakehouseSession.Create();

    public void Dispose()
    {
        _session.Dispose();
        if (Directory.Exists(_lake))
        {
            Directory.Delete(_lake, recursive: true);
        }
    }

    private static SilverEntity Entity => new()
    {
        Table = "stores",
        Source = "landing",
        Entity = "stores",
        RawSchema = "struct<id:string,name:string,`area m2`:string>",
        Columns =
        [
            new SilverColumn("id", "int", "r.id", "key"),
            new SilverColumn("name", "string", "r.name", "name"),
            new SilverColumn("area", "decimal(8,2)", "r.`area m2`", "area"),
        ],
        BusinessKey = ["id"],
        Rules = [new QualityRule("area_present", "area is not null", RuleSeverity.Drop, "no area")],
    };

    [Fact]
    public void ReadBatches_CsvRows_AreJsonObjectsOfStringsNamedByTheHeader()
    {
        var batch = BronzeWriter.LandCsv(_lake, "landing", "stores", "r1", Day, "id,name,area m2\n1,\"Berlin, Mitte\",120.5\n2,,\n3,\"two\nlines\",7\n", 3);

        var raw = EntityPipeline.ReadBatches(_session, [batch]).OrderBy(Col("_raw")).Collect();

        raw.Select(r => r.GetString("_raw")).Should().Equal(
            "{\"id\":\"1\",\"name\":\"Berlin, Mitte\",\"area m2\":\"120.5\"}",
            "{\"id\":\"2\"}",
            "{\"id\":\"3\",\"name\":\"two\\nlines\",\"area m2\":\"7\"}");
        raw.Should().OnlyContain(r => r.GetString("_batch_id") == "r1");
    }

    [Fact]
    public void ReadBatches_CsvPartsWithTheirOwnHeaders_NameFieldsByEachHeader()
    {
        var batch = BronzeWriter.LandCsvParts(_lake, "landing", "stores", "r1", Day, "id,name\n1,Berlin\n", "name,id\nHamburg,2\n");

        var raw = EntityPipeline.ReadBatches(_session, [batch]).OrderBy(Col("_raw")).Collect().Select(r => r.GetString("_raw"));

        raw.Should().Equal("{\"id\":\"1\",\"name\":\"Berlin\"}", "{\"name\":\"Hamburg\",\"id\":\"2\"}");
    }

    [Fact]
    public void Transform_CsvAndJsonBatches_GiveTheSameTypedRows()
    {
        var csv = BronzeWriter.LandCsv(_lake, "landing", "stores", "r1", Day, "id,name,area m2,color\n1,Berlin,120.5,red\n", 1);
        var json = BronzeWriter.Land(_lake, "landing", "stores", "r2", Day, ["{\"id\":\"1\",\"name\":\"Berlin\",\"area m2\":\"120.5\",\"color\":\"red\"}"]);
        var pipeline = new EntityPipeline(Entity);

        var rows = pipeline.Transform(EntityPipeline.ReadBatches(_session, [csv, json])).OrderBy(Col("_batch_id")).Collect();

        rows.Should().HaveCount(2);
        rows[0].GetDecimal("area").Should().Be(120.50m);
        rows.Select(r => (r.GetInt32("id"), r.GetString("name"), r.GetDecimal("area"), r.GetString("_rescued_data")))
            .Distinct().Should().ContainSingle().Which.Should().Be((1, "Berlin", 120.50m, "{\"color\":\"red\"}"));
    }

    [Fact]
    public void Transform_ShortAndLongCsvRows_AreKept_ShortOnesQuarantinedByTheirRules_ExtraValuesRescued()
    {
        var batch = BronzeWriter.LandCsv(_lake, "landing", "stores", "r1", Day, "id,name,area m2\n1,Berlin\n2,Hamburg,98,surplus\n", 2);
        var pipeline = new EntityPipeline(Entity);
        var flagged = pipeline.Transform(EntityPipeline.ReadBatches(_session, [batch]));

        var quarantined = pipeline.Quarantined(flagged, "run", DateTimeOffset.UnixEpoch).Collect().Single();
        var accepted = pipeline.Accepted(flagged).Collect().Single();

        quarantined.GetString("business_key").Should().Be("1");
        quarantined.GetString("rule").Should().Be("area_present");
        quarantined.GetString("raw_record").Should().Be("{\"id\":\"1\",\"name\":\"Berlin\"}");
        accepted.GetInt32("id").Should().Be(2);
        accepted.GetDecimal("area").Should().Be(98m);
        accepted.GetString("_rescued_data").Should().Contain("\"surplus\"");
    }
}
