using System.Globalization;

namespace Lakehouse.DataFrame.Parsing;

/// <summary>Parses Spark type names (<c>bigint</c>, <c>decimal(10,2)</c>, <c>array&lt;int&gt;</c>, <c>struct&lt;a:int,b:string&gt;</c>).</summary>
internal static class TypeNameParser
{
    public static DataType Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Lexer.Tokenize(text);
        var position = 0;
        var type = ParseType(tokens, ref position, text);
        if (tokens[position].Kind != TokenKind.End)
        {
            throw new ParseException($"Unexpected '{tokens[position].Text}' after the type", text, tokens[position].Position);
        }

        return type;
    }

    /// <summary>Parses one type starting at <paramref name="position"/> (used by the expression parser for CAST).</summary>
    public static DataType ParseType(List<Token> tokens, ref int position, string text)
    {
        var token = tokens[position];
        if (token.Kind != TokenKind.Identifier)
        {
            throw new ParseException($"Expected a type name but found '{token.Text}'", text, token.Position);
        }

        position++;
        switch (token.Text.ToLowerInvariant())
        {
            case "boolean" or "bool":
                return DataType.Boolean;
            case "tinyint" or "byte":
                return DataType.Byte;
            case "smallint" or "short":
                return DataType.Short;
            case "int" or "integer":
                return DataType.Integer;
            case "bigint" or "long":
                return DataType.Long;
            case "float" or "real":
                return DataType.Float;
            case "double":
                return DataType.Double;
            case "string":
                return DataType.String;
            case "varchar" or "char" or "character":
                SkipLength(tokens, ref position, text);
                return DataType.String;
            case "binary":
                return DataType.Binary;
            case "date":
                return DataType.Date;
            case "timestamp" or "timestamp_ltz":
                return DataType.Timestamp;
            case "void":
                return DataType.Null;
            case "decimal" or "dec" or "numeric":
                return ParseDecimal(tokens, ref position, text);
            case "array":
                {
                    Expect(tokens, ref position, "<", text);
                    var element = ParseType(tokens, ref position, text);
                    Expect(tokens, ref position, ">", text);
                    return new ArrayType(element);
                }

            case "map":
                {
                    Expect(tokens, ref position, "<", text);
                    var key = ParseType(tokens, ref position, text);
                    Expect(tokens, ref position, ",", text);
                    var value = ParseType(tokens, ref position, text);
                    Expect(tokens, ref position, ">", text);
                    return new MapType(key, value);
                }

            case "struct":
                return ParseStruct(tokens, ref position, text);
            default:
                throw new ParseException(
                    $"Unknown type '{token.Text}'; known: boolean, tinyint, smallint, int, bigint, float, double, decimal(p,s), string, binary, date, timestamp, array<T>, map<K,V>, struct<...>",
                    text,
                    token.Position);
        }
    }

    private static DataType ParseStruct(List<Token> tokens, ref int position, string text)
    {
        Expect(tokens, ref position, "<", text);
        var fields = new List<StructField>();
        while (!tokens[position].IsSymbol(">"))
        {
            var nameToken = tokens[position];
            if (nameToken.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
            {
                throw new ParseException($"Expected a field name but found '{nameToken.Text}'", text, nameToken.Position);
            }

            position++;
            if (tokens[position].IsSymbol(":"))
            {
                position++;
            }

            fields.Add(new StructField(nameToken.Text, ParseType(tokens, ref position, text)));
            if (tokens[position].IsSymbol(","))
            {
                position++;
            }
        }

        position++;
        return new StructType(fields);
    }

    private static DecimalType ParseDecimal(List<Token> tokens, ref int position, string text)
    {
        if (!tokens[position].IsSymbol("("))
        {
            return new DecimalType(10, 0);
        }

        position++;
        var precision = ParseInt(tokens, ref position, text);
        var scale = 0;
        if (tokens[position].IsSymbol(","))
        {
            position++;
            scale = ParseInt(tokens, ref position, text);
        }

        var close = tokens[position];
        Expect(tokens, ref position, ")", text);
        if (precision is < 1 or > DecimalType.MaxPrecision || scale < 0 || scale > precision)
        {
            throw new ParseException($"Invalid decimal({precision},{scale}): precision must be 1..38 and scale 0..precision", text, close.Position);
        }

        return new DecimalType(precision, scale);
    }

    private static void SkipLength(List<Token> tokens, ref int position, string text)
    {
        if (tokens[position].IsSymbol("("))
        {
            position++;
            ParseInt(tokens, ref position, text);
            Expect(tokens, ref position, ")", text);
        }
    }

    private static int ParseInt(List<Token> tokens, ref int position, string text)
    {
        var token = tokens[position];
        if (token.Kind != TokenKind.Number || !int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new ParseException($"Expected an integer but found '{token.Text}'", text, token.Position);
        }

        position++;
        return value;
    }

    private static void Expect(List<Token> tokens, ref int position, string symbol, string text)
    {
        var token = tokens[position];
        if (!token.IsSymbol(symbol))
        {
            throw new ParseException($"Expected '{symbol}' but found '{(token.Kind == TokenKind.End ? "end of input" : token.Text)}'", text, token.Position);
        }

        position++;
    }
}
