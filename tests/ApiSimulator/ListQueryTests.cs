using Lakehouse.ApiSimulator.Http;

namespace Lakehouse.ApiSimulator.Tests;

public sealed class ListQueryTests
{
    [Theory]
    [InlineData("12", true)]
    [InlineData(" 12 ", true)]
    [InlineData("", true)]
    [InlineData("1e3", true)]
    [InlineData("0x1F", true)]
    [InlineData("-4.5", true)]
    [InlineData("Infinity", true)]
    [InlineData("NaN", false)]
    [InlineData("abc", false)]
    [InlineData("12abc", false)]
    [InlineData("1,000", false)]
    [InlineData("0xZZ", false)]
    public void IsJavaScriptNumber_MatchesNumberOfJavaScript(string text, bool expected) =>
        ListQuery.IsJavaScriptNumber(text).Should().Be(expected);

    [Theory]
    [InlineData("12", 12)]
    [InlineData("1e3", 1)]
    [InlineData("-7", -7)]
    [InlineData("4.9", 4)]
    [InlineData("99999999999", int.MaxValue)]
    [InlineData("", null)]
    [InlineData("Infinity", null)]
    public void ParseInt_MatchesParseIntOfJavaScript(string text, int? expected) =>
        ListQuery.ParseInt(text).Should().Be(expected);

    [Theory]
    [InlineData("limit=10&skip=5", 5, 10)]
    [InlineData("limit=0&skip=5", 5, 95)]
    [InlineData("limit=500", 0, 100)]
    [InlineData("limit=-10", 0, 90)]
    [InlineData("limit=-200", 0, 0)]
    [InlineData("skip=-5", 0, 30)]
    [InlineData("skip=150", 100, 0)]
    [InlineData("limit=", 0, 0)]
    public void Window_OfHundredRecords_FollowsDummyJsonsSlicing(string query, int start, int count)
    {
        var parsed = ListQuery.TryParse(QueryOf(query), out var error)!;

        error.Should().BeNull();
        parsed.Window(100).Should().Be((start, count));
    }

    [Fact]
    public void TryParse_Select_PutsIdFirstAndKeepsTheRequestedOrder()
    {
        var parsed = ListQuery.TryParse(QueryOf("select=price,title,id,price"), out _)!;

        parsed.Select.Should().Equal("id", "price", "title");
    }

    [Fact]
    public void TryParse_OrderWithoutSortBy_IsIgnored()
    {
        var parsed = ListQuery.TryParse(QueryOf("order=sideways"), out var error)!;

        error.Should().BeNull();
        parsed.SortBy.Should().BeNull();
    }

    [Fact]
    public void TryParse_RepeatedLimit_IsNotANumber()
    {
        ListQuery.TryParse(QueryOf("limit=1&limit=2"), out var error).Should().BeNull();

        error.Should().Be("Invalid 'limit' - must be a number");
    }

    private static Microsoft.AspNetCore.Http.QueryCollection QueryOf(string query) =>
        new(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));
}
