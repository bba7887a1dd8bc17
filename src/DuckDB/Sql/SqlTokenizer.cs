using System.Globalization;
using System.Text;

namespace Lakehouse.DuckDB.Sql;

/// <summary>The kinds of SQL tokens the lake tools tell apart.</summary>
public enum SqlTokenKind
{
    /// <summary>Spaces, tabs, newlines.</summary>
    Whitespace,

    /// <summary><c>-- ...</c> to the end of the line, or <c>/* ... */</c>.</summary>
    Comment,

    /// <summary>A string literal: <c>'...'</c> (with <c>''</c>), <c>E'...'</c> (with backslash escapes) or <c>$tag$...$tag$</c>.</summary>
    String,

    /// <summary>A double-quoted identifier <c>"..."</c> (with <c>""</c>).</summary>
    QuotedIdentifier,

    /// <summary>A back-quoted name <c>`...`</c> (with <c>``</c>), as Spark writes table paths.</summary>
    Backtick,

    /// <summary>A positional parameter <c>$1</c>, <c>$2</c>, ...</summary>
    Parameter,

    /// <summary>A keyword or unquoted identifier.</summary>
    Word,

    /// <summary>A number.</summary>
    Number,

    /// <summary>Any other character (operators, punctuation).</summary>
    Symbol,
}

/// <summary>A token: its kind and where it is in the text.</summary>
public readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length)
{
    /// <summary>The token's text in <paramref name="sql"/>.</summary>
    public string Text(string sql) => sql.Substring(Start, Length);
}

/// <summary>
/// A lexer for DuckDB/Spark SQL that knows exactly where string literals, quoted identifiers, back-quoted names and
/// comments start and end, so that rewriting never touches their contents. Unterminated quotes or comments run to
/// the end of the text (the engine reports the syntax error).
/// </summary>
public static class SqlTokenizer
{
    /// <summary>Splits <paramref name="sql"/> into tokens that cover it exactly, in order.</summary>
    public static List<SqlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < sql.Length)
        {
            var start = i;
            var c = sql[i];
            SqlTokenKind kind;
            if (char.IsWhiteSpace(c))
            {
                while (i < sql.Length && char.IsWhiteSpace(sql[i]))
                {
                    i++;
                }

                kind = SqlTokenKind.Whitespace;
            }
            else if (c == '-' && At(sql, i + 1) == '-')
            {
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }

                kind = SqlTokenKind.Comment;
            }
            else if (c == '/' && At(sql, i + 1) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                kind = SqlTokenKind.Comment;
            }
            else if (c == '\'')
            {
                i = Quoted(sql, i, '\'', backslash: false);
                kind = SqlTokenKind.String;
            }
            else if ((c is 'e' or 'E') && At(sql, i + 1) == '\'')
            {
                i = Quoted(sql, i + 1, '\'', backslash: true);
                kind = SqlTokenKind.String;
            }
            else if (c == '"')
            {
                i = Quoted(sql, i, '"', backslash: false);
                kind = SqlTokenKind.QuotedIdentifier;
            }
            else if (c == '`')
            {
                i = Quoted(sql, i, '`', backslash: false);
                kind = SqlTokenKind.Backtick;
            }
            else if (c == '$' && char.IsAsciiDigit(At(sql, i + 1)))
            {
                i++;
                while (i < sql.Length && char.IsAsciiDigit(sql[i]))
                {
                    i++;
                }

                kind = SqlTokenKind.Parameter;
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
                kind = SqlTokenKind.String;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_' || sql[i] == '$'))
                {
                    i++;
                }

                kind = SqlTokenKind.Word;
            }
            else if (char.IsAsciiDigit(c))
            {
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '.' || sql[i] == '_'))
                {
                    i++;
                }

                kind = SqlTokenKind.Number;
            }
            else
            {
                i++;
                kind = SqlTokenKind.Symbol;
            }

            tokens.Add(new SqlToken(kind, start, i - start));
        }

        return tokens;
    }

    /// <summary>The content of a quoted token without its quotes, with doubled quotes undone.</summary>
    public static string Unquote(string sql, SqlToken token)
    {
        var text = token.Text(sql);
        var quote = text[0] is 'e' or 'E' ? text[1] : text[0];
        var body = text[(text[0] is 'e' or 'E' ? 2 : 1)..];
        if (body.Length > 0 && body[^1] == quote)
        {
            body = body[..^1];
        }

        return body.Replace(new string(quote, 2), quote.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Renumbers the positional parameters of <paramref name="sql"/> to <c>$1..$k</c> in the order of their numbers and
    /// returns only the values it uses (DuckDB refuses values a statement does not reference).
    /// </summary>
    public static (string Sql, IReadOnlyList<object?>? Parameters) CompactParameters(string sql, IReadOnlyList<object?>? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return (sql, parameters);
        }

        var tokens = Tokenize(sql);
        var used = new SortedSet<int>();
        foreach (var token in tokens.Where(t => t.Kind == SqlTokenKind.Parameter))
        {
            used.Add(int.Parse(sql.AsSpan(token.Start + 1, token.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture));
        }

        if (used.Count == parameters.Count && used.Min == 1 && used.Max == parameters.Count)
        {
            return (sql, parameters);
        }

        var map = new Dictionary<int, int>();
        var values = new List<object?>();
        foreach (var n in used)
        {
            if (n < 1 || n > parameters.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The SQL refers to ${n}, but {parameters.Count} parameter(s) were given."), nameof(parameters));
            }

            values.Add(parameters[n - 1]);
            map[n] = values.Count;
        }

        var builder = new StringBuilder(sql.Length);
        foreach (var token in tokens)
        {
            if (token.Kind == SqlTokenKind.Parameter)
            {
                var n = int.Parse(sql.AsSpan(token.Start + 1, token.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture);
                builder.Append('$').Append(map[n].ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(sql, token.Start, token.Length);
            }
        }

        return (builder.ToString(), values);
    }

    private static char At(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    private static int Quoted(string sql, int start, char quote, bool backslash)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (backslash && sql[i] == '\\')
            {
                i += 2;
                continue;
            }

            if (sql[i] == quote)
            {
                if (At(sql, i + 1) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    /// <summary>A dollar-quote opening tag (<c>$$</c> or <c>$name$</c>) at <paramref name="start"/>, or null.</summary>
    private static string? DollarTag(string sql, int start)
    {
        var i = start + 1;
        while (i < sql.Length && (char.IsLetterOrDigit(sql[i]) || sql[i] == '_'))
        {
            i++;
        }

        return i < sql.Length && sql[i] == '$' ? sql[start..(i + 1)] : null;
    }
}
