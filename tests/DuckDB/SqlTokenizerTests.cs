using Lakehouse.DuckDB.Sql;

namespace Lakehouse.DuckDB.Tests;

public sealed class SqlTokenizerTests
{
    [Fact]
    public void Tokenize_QuotesCommentsAndDollarStrings_AreSingleTokens()
    {
        const string sql = "SELECT 'a''b', \"x\"\"y\", `p``q`, $$ $1 $$, E'\\'', $2 -- c\n/* d */";
        var tokens = SqlTokenizer.Tokenize(sql).Where(t => t.Kind is not SqlTokenKind.Whitespace).Select(t => (t.Kind, t.Text(sql))).ToList();
        tokens.Should().Equal(
            (SqlTokenKind.Word, "SELECT"), (SqlTokenKind.String, "'a''b'"), (SqlTokenKind.Symbol, ","), (SqlTokenKind.QuotedIdentifier, "\"x\"\"y\""),
            (SqlTokenKind.Symbol, ","), (SqlTokenKind.Backtick, "`p``q`"), (SqlTokenKind.Symbol, ","), (SqlTokenKind.String, "$$ $1 $$"), (SqlTokenKind.Symbol, ","),
            (SqlTokenKind.String, "E'\\''"), (SqlTokenKind.Symbol, ","), (SqlTokenKind.Parameter, "$2"), (SqlTokenKind.Comment, "-- c"), (SqlTokenKind.Comment, "/* d */"));
    }

    [Fact]
    public void CompactParameters_UnusedValues_AreDroppedAndNumbersShifted()
    {
        var (sql, values) = SqlTokenizer.CompactParameters("SELECT $3, '$1', $3 + $2", ["a", "b", "c"]);
        sql.Should().Be("SELECT $2, '$1', $2 + $1");
        values.Should().Equal("b", "c");
    }
}
