using static Lakehouse.DataFrame.Functions;

namespace Lakehouse.DataFrame.Tests.Api;

public sealed class ReadWriteTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lakehouse-dataframe-" + Guid.NewGuid().ToString("N"));

    public ReadWriteTests()
    {
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    private DataFrame Sales => _session.Frame(
        "id:bigint,country:string,amount:decimal(10,2),at:timestamp",
        [1L, "DE", 10.50m, new DateTimeOffset(2024, 1, 1, 10, 0, 0, TimeSpan.Zero)],
        [2L, "FR", 3.25m, new DateTimeOffset(2024, 1, 2, 11, 30, 0, TimeSpan.Zero)],
        [3L, "DE", null, null]);

    [Fact]
    public void Parquet_WriteThenRead_KeepsRowsAndTypes()
    {
        var path = PathOf("sales");

        Sales.Write.Parquet(path);
        var back = _session.Read.Parquet(path);

        back.Schema.Should().Be(Sales.Schema);
        back.OrderBy("id").Rows().Should().BeEquivalentTo(Sales.Rows(), o => o.WithStrictOrdering());
        Directory.GetFiles(path).Should().ContainSingle().Which.Should().EndWith(".parquet");
    }

    [Fact]
    public void Parquet_PartitionBy_WritesHiveDirectoriesAndReadsThemBack()
    {
        var path = PathOf("by_country");

        Sales.Write.PartitionBy("country").Parquet(path);

        Directory.GetDirectories(path).Select(Path.GetFileName).Should().BeEquivalentTo("country=DE", "country=FR");
        var back = _session.Read.Parquet(path);
        back.Columns.Should().Contain("country");
        back.GroupBy("country").Count().OrderBy("country").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { "DE", 2L }, new object?[] { "FR", 1L } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Save_ModeErrorIfExists_FailsOnExistingPath()
    {
        var path = PathOf("twice");
        Sales.Write.Parquet(path);

        var act = () => Sales.Write.Parquet(path);

        act.Should().Throw<AnalysisException>().WithMessage("*PATH_ALREADY_EXISTS*");
    }

    [Fact]
    public void Save_Modes_AppendOverwriteIgnore()
    {
        var path = PathOf("modes");
        Sales.Write.Parquet(path);

        Sales.Write.Mode("append").Parquet(path);
        _session.Read.Parquet(path).Count().Should().Be(6);

        Sales.Limit(1).Write.Mode(SaveMode.Overwrite).Parquet(path);
        _session.Read.Parquet(path).Count().Should().Be(1);

        Sales.Write.Mode("ignore").Parquet(path);
        _session.Read.Parquet(path).Count().Should().Be(1);
    }

    [Fact]
    public void Csv_HeaderAndDelimiter_RoundTripAsStrings()
    {
        var path = PathOf("csv");

        Sales.Select("id", "country").Write.Format("csv").Option("header", "true").Option("delimiter", ";").Save(path);
        var back = _session.Read.Format("csv").Option("header", "true").Option("sep", ";").Load(path);

        back.Schema.Fields.Select(f => (f.Name, f.DataType)).Should().Equal(("id", DataType.String), ("country", DataType.String));
        back.OrderBy("id").Rows().Select(r => r[1]).Should().Equal("DE", "FR", "DE");
    }

    [Fact]
    public void Csv_WithoutHeader_NamesColumnsLikeSpark()
    {
        var file = PathOf("plain.csv");
        File.WriteAllText(file, "1,a\n2,b\n");

        var back = _session.Read.Csv(file);

        back.Columns.Should().Equal("_c0", "_c1");
        back.Rows().Should().BeEquivalentTo(new[] { new object?[] { "1", "a" }, new object?[] { "2", "b" } });
    }

    [Fact]
    public void Csv_WithSchema_ReadsTypedColumns()
    {
        var file = PathOf("typed.csv");
        File.WriteAllText(file, "id,price\n1,2.50\n2,\n");

        var back = _session.Read.Schema("id BIGINT, price DECIMAL(5,2)").Option("header", true).Csv(file);

        back.OrderBy("id").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { 1L, 2.50m }, new object?[] { 2L, null } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Json_Lines_InferSparkTypesAndSortColumnsByName()
    {
        var file = PathOf("events.json");
        File.WriteAllText(file, "{\"zeta\": 1, \"alpha\": \"2024-01-01\", \"mid\": 1.5}\n{\"zeta\": 2, \"alpha\": \"x\", \"mid\": null}\n");

        var back = _session.Read.Json(file);

        back.Schema.Fields.Select(f => (f.Name, f.DataType.SimpleString)).Should().Equal(("alpha", "string"), ("mid", "double"), ("zeta", "bigint"));
        back.OrderBy("zeta").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { "2024-01-01", 1.5, 1L }, new object?[] { "x", null, 2L } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Json_WriteThenRead_RoundTrips()
    {
        var path = PathOf("json");

        Sales.Select("id", "country").Write.Json(path);

        _session.Read.Json(path).OrderBy("id").Rows().Should().BeEquivalentTo(
            new[] { new object?[] { "DE", 1L }, new object?[] { "FR", 2L }, new object?[] { "DE", 3L } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Read_MissingPath_IsAnalysisException()
    {
        var act = () => _session.Read.Parquet(PathOf("missing"));

        act.Should().Throw<AnalysisException>().WithMessage("*PATH_NOT_FOUND*");
    }

    [Fact]
    public void Read_UnknownOption_IsRejected()
    {
        var file = PathOf("x.csv");
        File.WriteAllText(file, "a\n1\n");

        var act = () => _session.Read.Option("columns", "{'a': 'INTEGER'}").Csv(file);

        act.Should().Throw<ArgumentException>().WithMessage("*'columns' is not supported*");
    }

    [Fact]
    public void Delta_WriteThenRead_RoundTripsWithModesAndTimeTravel()
    {
        var path = PathOf("delta_sales");
        Sales.Write.Format("delta").Save(path);
        Sales.Write.Format("delta").Mode("append").Save(path);

        _session.Read.Delta(path).Count().Should().Be(6);
        _session.Read.Format("delta").Option("versionAsOf", "1").Load(path).Count().Should().Be(3);
        _session.Read.Delta(path).Schema.Should().Be(Sales.Schema);

        Sales.Limit(1).Write.Format("delta").Mode(SaveMode.Overwrite).Save(path);
        _session.Read.Delta(path).Count().Should().Be(1);
        var again = () => Sales.Write.Format("delta").Save(path);
        again.Should().Throw<AnalysisException>().WithMessage("*already exists*");
        Sales.Write.Format("delta").Mode(SaveMode.Ignore).Save(path);
        _session.Read.Delta(path).Count().Should().Be(1);
    }

    [Fact]
    public void Delta_TxnOptions_MakeARetriedWriteCommitOnce()
    {
        var path = PathOf("delta_txn");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Sales.Write.Format("delta").Mode("append").Option("txnAppId", "batch-7").Option("txnVersion", "1").Save(path);
        }

        _session.Read.Delta(path).Count().Should().Be(3);
        var bad = () => Sales.Write.Format("delta").Option("txnAppId", "x").Save(PathOf("other"));
        bad.Should().Throw<ArgumentException>().WithMessage("*txnAppId and txnVersion*");
    }

    [Fact]
    public void DeltaTable_Merge_UpsertsByKeyOnceAndCountsRows()
    {
        var path = PathOf("delta_merge");
        Sales.Write.Format("delta").Save(path);
        var changes = _session.Frame(
            "id:bigint,country:string,amount:decimal(10,2),at:timestamp",
            [2L, "FR", 99.00m, null],
            [4L, "IT", 1.00m, null]);

        var first = DeltaTable.ForPath(_session, path).Merge(changes, "id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().WithTransaction("batch-1", 1).Execute();
        var again = DeltaTable.ForPath(_session, path).Merge(changes, "id").WhenMatchedUpdateAll().WhenNotMatchedInsertAll().WithTransaction("batch-1", 1).Execute();

        first.Should().Be(new DeltaMergeMetrics(false, RowsInserted: 1, RowsUpdated: 1, RowsDeleted: 0));
        again.Skipped.Should().BeTrue();
        _session.Read.Delta(path).OrderBy("id").Collect().Select(r => (r.GetInt64("id"), r.IsNullAt("amount") ? (decimal?)null : r.GetDecimal("amount")))
            .Should().Equal((1L, 10.50m), (2L, 99.00m), (3L, null), (4L, 1.00m));
    }

    [Fact]
    public void Delta_Missing_FailsNamingTheTable()
    {
        var act = () => _session.Read.Delta(PathOf("nope"));

        act.Should().Throw<Exception>().WithMessage("*nope*");
    }

    [Fact]
    public void Text_ReadsOneRowPerLineLikeSpark()
    {
        File.WriteAllText(PathOf("lines.txt"), "first\r\n\nthird \"quoted\", comma\n");

        var rows = _session.Read.Text(PathOf("lines.txt")).Collect().Select(r => r.GetString("value")).ToList();

        rows.Should().Equal("first", "", "third \"quoted\", comma");
    }

    [Fact]
    public void Cache_MaterialisesOnceAndUnpersistDropsIt()
    {
        var cached = Sales.Filter("amount > 0").Cache();

        cached.Count().Should().Be(Sales.Filter("amount > 0").Count());
        cached.Collect().Should().HaveCount((int)cached.Count());
        cached.Unpersist();
        var act = () => cached.Count();
        act.Should().Throw<Exception>();
    }

    [Fact]
    public void SaveAsTable_ModesAndTable()
    {
        Sales.Write.SaveAsTable("sales");
        Sales.Write.Mode("append").SaveAsTable("sales");
        _session.Table("sales").Count().Should().Be(6);

        var again = () => Sales.Write.SaveAsTable("sales");
        again.Should().Throw<AnalysisException>().WithMessage("*already exists*");

        Sales.Limit(1).Write.Mode("overwrite").SaveAsTable("sales");
        _session.Read.Table("sales").Count().Should().Be(1);
        _session.Read.Table("sales").Schema.Should().Be(Sales.Schema);
    }

    [Fact]
    public void Write_DuplicateColumnNames_Fail()
    {
        var frame = Sales.Select(Col("id"), Col("id"));

        var act = () => frame.Write.Parquet(PathOf("dup"));

        act.Should().Throw<AnalysisException>().WithMessage("*COLUMN_ALREADY_EXISTS*");
    }

    [Fact]
    public void TextFormats_WriteTimestampsAndDatesLikeSpark()
    {
        var path = PathOf("text");
        var frame = _session.Frame("d:date,t:timestamp", [new DateOnly(2024, 1, 2), new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)]);

        frame.Write.Json(path);
        frame.Write.Option("header", "true").Csv(path + "-csv");

        File.ReadAllText(Directory.GetFiles(path).Single()).Trim().Should().Be("{\"d\":\"2024-01-02\",\"t\":\"2024-01-02T03:04:05.000Z\"}");
        File.ReadAllText(Directory.GetFiles(path + "-csv").Single()).Should().Contain("2024-01-02,2024-01-02T03:04:05.000Z");
    }

    [Fact]
    public void Csv_QuotesAndDelimitersInValues_RoundTrip()
    {
        var path = PathOf("quoted");
        var frame = _session.Frame("s:string", ["say \"hi\", then go"], [null]);

        frame.Write.Csv(path);

        _session.Read.Csv(path).Rows().Select(r => r[0]).Should().BeEquivalentTo(new object?[] { "say \"hi\", then go", null });
    }
}
