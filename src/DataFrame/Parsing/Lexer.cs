using System.Globalization;
using System.Text;

namespace Lakehouse.DataFrame.Parsing;

internal enum TokenKind
{
    Identifier,
    QuotedIdentifier,
    String,
    Number,
    Symbol,
    End,
}

/// <summary>One token; <see cref="Text"/> is the decoded value (string contents, identifier name, number text).</summary>
internal sealed record Token(TokenKind Kind, string Text, int Position)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
}

/// <summary>Spark SQL's lexical rules: backtick identifiers, '…' and "…" strings with backslash escapes.</summary>
internal static class Lexer
{
    private static readonly string[] Symbols = ["<=>", "<>", "!=", "<=", ">=", "==", "||", "::", ":", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", "[", "]", "!", "&", "|", "^", "~"];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            var start = i;
            if (c is '\'' or '"')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), start));
            }
            else if (c == '`')
            {
                tokens.Add(new Token(TokenKind.QuotedIdentifier, ReadQuotedIdentifier(text, ref i), start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(new Token(TokenKind.Number, ReadNumber(text, ref i), start));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw new ParseException($"Unexpected character '{c}'", text, i);
                tokens.Add(new Token(TokenKind.Symbol, symbol, start));
                i += symbol.Length;
            }
        }

        tokens.Add(new Token(TokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new ParseException("Unterminated string literal", text, start);
            }

            var c = text[i];
            if (c == quote)
            {
                i++;
                return builder.ToString();
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                i++;
                var escaped = text[i];
                switch (escaped)
                {
                    case >= '0' and <= '3' when i + 2 < text.Length && IsOctal(text[i + 1]) && IsOctal(text[i + 2]):
                        builder.Append((char)Convert.ToInt32(text.Substring(i, 3), 8));
                        i += 2;
                        break;
                    case '0': builder.Append('\0'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'Z': builder.Append('\u001A'); break;
                    case '%': builder.Append("\\%"); break;
                    case '_': builder.Append("\\_"); break;
                    case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        i += 4;
                        break;
                    default: builder.Append(escaped); break;
                }

                i++;
                continue;
            }

            builder.Append(c);
            i++;
        }
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static string ReadQuotedIdentifier(string text, ref int i)
    {
        var start = i;
        var builder = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length)
            {
                throw new ParseException("Unterminated `quoted identifier`", text, start);
            }

            if (text[i] == '`')
            {
                if (i + 1 < text.Length && text[i + 1] == '`')
                {
                    builder.Append('`');
                    i += 2;
                    continue;
                }

                i++;
                return builder.ToString();
            }

            builder.Append(text[i]);
            i++;
        }
    }

    private static string ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var save = i;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i < text.Length && char.IsDigit(text[i]))
            {
                while (i < text.Length && char.IsDigit(text[i]))
                {
                    i++;
                }
            }
            else
            {
                i = save;
            }
        }

        // Type suffixes: L, S, Y, D, F, BD.
        if (i + 1 < text.Length && text[i] is 'B' or 'b' && text[i + 1] is 'D' or 'd')
        {
            i += 2;
        }
        else if (i < text.Length && text[i] is 'L' or 'l' or 'S' or 's' or 'Y' or 'y' or 'D' or 'd' or 'F' or 'f')
        {
            i++;
        }

        if (i < text.Length && (char.IsLetter(text[i]) || text[i] == '_'))
        {
            throw new ParseException($"Invalid number '{text[start..(i + 1)]}'", text, start);
        }

        return text[start..i];
    }
}

/// <summary>Splits a column name like Spark's <c>col("a.b")</c>: dots separate parts, backticks quote a part.</summary>
internal static class IdentifierPath
{
    public static IReadOnlyList<string> Split(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '`')
            {
                if (quoted && i + 1 < name.Length && name[i + 1] == '`')
                {
                    current.Append('`');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == '.' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new ParseException("Unterminated `quoted identifier`", name, name.Length);
        }

        parts.Add(current.ToString());
        if (parts.Any(p => p.Length == 0))
        {
            // Not a path (e.g. "a..b" or "x."): treat the whole text as one name so odd names still work.
            return [name];
        }

        return parts;
    }
}
