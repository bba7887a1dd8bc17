namespace Lakehouse.DuckDB.Tests;

/// <summary>Every supported type goes in as a bound parameter and comes back out of a result unchanged.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly DuckDBDatabase _database = DuckDBDatabase.Open();
    private readonly DuckDBConnection _connection;

    public RoundTripTests() => _connection = _database.Connect();

    public void Dispose()
    {
        _connection.Dispose();
        _database.Dispose();
    }

    private object? RoundTrip(object? value, string? sqlType = null)
    {
        var sql = sqlType is null ? "SELECT $1 AS v" : $"SELECT CAST($1 AS {sqlType}) AS v";
        using var reader = _connection.ExecuteReader(sql, [value]);
        reader.Read().Should().BeTrue();
        var result = reader.GetValue(0);
        reader.Read().Should().BeFalse();
        return result;
    }

    public static TheoryData<object> Scalars() => new()
    {
        true, false,
        sbyte.MinValue, sbyte.MaxValue, byte.MaxValue,
        short.MinValue, short.MaxValue, ushort.MaxValue,
        int.MinValue, int.MaxValue, uint.MaxValue,
        long.MinValue, long.MaxValue, ulong.MaxValue,
        Int128.MinValue, Int128.MaxValue, UInt128.MaxValue,
        1.5f, float.MaxValue, 0.1d, double.MinValue, double.Epsilon, double.NaN, double.PositiveInfinity,
        "", "plain", "héllo wörld", "日本語のテキスト", "emoji 🦆🚀", "a string longer than twelve bytes", "quote ' and \" and \\ and ; DROP TABLE x; --", "nul\0inside",
        new byte[] { 0, 1, 2, 255 }, Array.Empty<byte>(),
        new DateOnly(2024, 2, 29), new DateOnly(1969, 12, 31), new DateOnly(1, 1, 1), new DateOnly(9999, 12, 31),
        new TimeOnly(23, 59, 59, 999, 999),
        new DateTime(2024, 2, 29, 13, 14, 15, 123).AddTicks(4560), new DateTime(1900, 1, 1, 0, 0, 0).AddTicks(-10), new DateTime(1969, 12, 31, 23, 59, 59),
        new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(1950, 6, 1, 12, 0, 0, TimeSpan.Zero),
        Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"), Guid.Empty,
        new DuckDBInterval(14, 3, 5_000_000),
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Parameter_ScalarValue_ComesBackUnchangedWithItsClrType(object value)
    {
        var result = RoundTrip(value);

        result.Should().BeOfType(value.GetType());
        result.Should().BeEquivalentTo(value);
    }

    public static TheoryData<decimal, string> Decimals() => new()
    {
        { 0m, "DECIMAL(18,2)" },
        { 123.45m, "DECIMAL(5,2)" },
        { -0.01m, "DECIMAL(4,2)" },
        { 99999999999999.9999m, "DECIMAL(18,4)" },
        { -999999999999999999.99m, "DECIMAL(20,2)" },
        { 79228162514264337593543950335m, "DECIMAL(38,0)" },
        { -7.9228162514264337593543950335m, "DECIMAL(38,28)" },
        { 0.0000000000000000000000000001m, "DECIMAL(38,28)" },
        { 1.10m, "DECIMAL(3,2)" },
    };

    [Theory]
    [MemberData(nameof(Decimals))]
    public void Parameter_Decimal_IsExactAtEveryWidth(decimal value, string sqlType)
    {
        var result = RoundTrip(value, sqlType);

        result.Should().BeOfType<decimal>().Which.Should().Be(value);
    }

    [Fact]
    public void Decimal_WiderThanSystemDecimal_FailsWithTheColumnAndAFix()
    {
        using var reader = _connection.ExecuteReader("SELECT 12345678901234567890123456789.123456789::DECIMAL(38,9) AS wide");
        reader.Read().Should().BeTrue();

        var act = () => reader.GetValue(0);

        act.Should().Throw<OverflowException>().WithMessage("*'wide'*DECIMAL(38,9)*12345678901234567890123456789.123456789*cast it to VARCHAR or DOUBLE*");
    }

    [Fact]
    public void Decimal_WithTrailingZerosBeyondScale28_ReadsExactly()
    {
        RoundTrip("1.5000000000000000000000000000000000", "DECIMAL(38,34)").Should().Be(1.5m);
    }

    [Fact]
    public void Null_ReadsAsDbNullAndBindsAsNull()
    {
        using var reader = _connection.ExecuteReader("SELECT $1::INTEGER AS a, $1 IS NULL AS is_null", [null]);
        reader.Read().Should().BeTrue();

        reader.IsDBNull(0).Should().BeTrue();
        reader.GetValue(0).Should().Be(DBNull.Value);
        reader.GetBoolean(1).Should().BeTrue();
        reader.GetFieldValue<int?>(0).Should().BeNull();
    }

    [Fact]
    public void List_OfIntegersWithNull_RoundTrips()
    {
        var result = RoundTrip(new List<int?> { 1, null, 3 });

        result.Should().BeOfType<List<object?>>().Which.Should().Equal(1, null, 3);
    }

    [Fact]
    public void List_Empty_RoundTripsWithItsDeclaredElementType()
    {
        using var reader = _connection.ExecuteReader("SELECT $1 AS v, typeof($1) AS t", [Array.Empty<long>()]);
        reader.Read().Should().BeTrue();

        reader.GetValue(0).Should().BeOfType<List<object?>>().Which.Should().BeEmpty();
        reader.GetString(1).Should().Be("BIGINT[]");
    }

    [Fact]
    public void List_OfLists_RoundTrips()
    {
        var result = RoundTrip(new[] { new[] { "a", "b" }, new[] { "c" } });

        result.Should().BeEquivalentTo(new List<object?> { new List<object?> { "a", "b" }, new List<object?> { "c" } });
    }

    [Fact]
    public void List_WithMixedElementTypes_IsRefused()
    {
        var act = () => RoundTrip(new object[] { 1, "two" });

        act.Should().Throw<ArgumentException>().WithMessage("*must share one type*");
    }

    [Fact]
    public void Struct_WithNestedValues_RoundTripsInFieldOrder()
    {
        var value = new DuckDBStruct([
            new("id", 42L),
            new("name", "Zoë"),
            new("price", 19.99m),
            new("tags", new List<string> { "x", "y" }),
            new("missing", null),
        ]);

        var result = RoundTrip(value).Should().BeOfType<DuckDBStruct>().Subject;

        result.Keys.Should().Equal("id", "name", "price", "tags", "missing");
        result["id"].Should().Be(42L);
        result["name"].Should().Be("Zoë");
        result["price"].Should().Be(19.99m);
        result["tags"].Should().BeEquivalentTo(new List<object?> { "x", "y" });
        result["missing"].Should().BeNull();
    }

    [Fact]
    public void Map_RoundTrips()
    {
        var value = new Dictionary<string, int> { ["a"] = 1, ["b"] = 2 };

        var result = RoundTrip(value);

        result.Should().BeOfType<Dictionary<object, object?>>().Which.Should().BeEquivalentTo(new Dictionary<object, object?> { ["a"] = 1, ["b"] = 2 });
    }

    [Fact]
    public void Results_ReportDuckDbTypeNamesAndClrTypes()
    {
        using var reader = _connection.ExecuteReader(
            "SELECT 1::DECIMAL(18,2) d, [1,2] l, {'a': 1} s, MAP {'k': 1.5} m, TIMESTAMPTZ '2024-01-01 00:00:00+00' tz, 'x'::VARCHAR v, [1,2]::INTEGER[2] arr");

        reader.GetDataTypeName(0).Should().Be("DECIMAL(18,2)");
        reader.GetDataTypeName(1).Should().Be("INTEGER[]");
        reader.GetDataTypeName(2).Should().Be("STRUCT(\"a\" INTEGER)");
        reader.GetDataTypeName(3).Should().Be("MAP(VARCHAR, DECIMAL(2,1))");
        reader.GetDataTypeName(4).Should().Be("TIMESTAMP WITH TIME ZONE");
        reader.GetFieldType(0).Should().Be<decimal>();
        reader.GetFieldType(4).Should().Be<DateTimeOffset>();
        reader.Read().Should().BeTrue();
        reader.GetValue(6).Should().BeEquivalentTo(new List<object?> { 1, 2 });
        reader.GetFieldValue<DateTimeOffset>(4).Should().Be(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Timestamp_OutsideDateTimeRange_FailsClearly()
    {
        using var reader = _connection.ExecuteReader("SELECT 'infinity'::TIMESTAMP AS t");
        reader.Read().Should().BeTrue();

        var act = () => reader.GetValue(0);

        act.Should().Throw<OverflowException>().WithMessage("*'t'*outside DateTime's range*");
    }

    [Fact]
    public void Enum_ReadsAsString()
    {
        _connection.ExecuteNonQuery("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");

        RoundTrip("happy", "mood").Should().Be("happy");
    }

    [Fact]
    public void TypedGetters_ConvertNumericValuesLosslessly()
    {
        using var reader = _connection.ExecuteReader("SELECT 7::INTEGER AS i, 'text' AS s");
        reader.Read().Should().BeTrue();

        reader.GetInt64(0).Should().Be(7L);
        reader.GetInt32(reader.GetOrdinal("I")).Should().Be(7);
        reader.GetString(1).Should().Be("text");
        var act = () => reader.GetOrdinal("nope");
        act.Should().Throw<IndexOutOfRangeException>().WithMessage("*'nope'*i, s*");
    }
}
