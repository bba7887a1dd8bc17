using System.Globalization;
using Lakehouse.DataFrame.Expressions;

namespace Lakehouse.DataFrame.Parsing;

/// <summary>
/// A hand-written recursive-descent parser for Spark SQL expressions (<c>expr</c>, <c>selectExpr</c>, <c>filter(String)</c>).
/// Precedence, lowest first: OR; AND; NOT; predicates (IS [NOT] NULL, [NOT] IN, [NOT] LIKE/RLIKE, [NOT] BETWEEN);
/// comparison (= == &lt;=&gt; &lt;&gt; != &lt; &lt;= &gt; &gt;=); + - ||; * / % DIV; unary - +; postfix (.field, [index]).
/// </summary>
internal sealed class ExpressionParser
{
    private static readonly HashSet<string> ReservedAfterExpression = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IS", "IN", "LIKE", "RLIKE", "REGEXP", "BETWEEN", "WHEN", "THEN", "ELSE", "END", "DIV", "AS", "FROM", "ASC", "DESC", "NULLS",
    };

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _position;

    private ExpressionParser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    private Token Current => _tokens[_position];

    /// <summary>Parses one expression, optionally with an alias (<c>a + 1 AS b</c>), and requires the whole text to be used.</summary>
    public static Expression Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ExpressionParser(text);
        if (parser.Current.Kind == TokenKind.End)
        {
            throw new ParseException("Empty expression", text, 0);
        }

        var expression = parser.ParseNamedExpression();
        if (parser.Current.Kind != TokenKind.End)
        {
            throw new ParseException($"Unexpected '{parser.Current.Text}'", text, parser.Current.Position);
        }

        return expression;
    }

    private Expression ParseNamedExpression()
    {
        var expression = ParseExpression();
        if (Current.IsKeyword("AS"))
        {
            _position++;
            return new AliasExpression(expression, ExpectIdentifier("an alias after AS"));
        }

        if (Current.Kind == TokenKind.QuotedIdentifier || (Current.Kind == TokenKind.Identifier && !ReservedAfterExpression.Contains(Current.Text)))
        {
            return new AliasExpression(expression, ExpectIdentifier("an alias"));
        }

        return expression;
    }

    private Expression ParseExpression() => ParseOr();

    private Expression ParseOr()
    {
        var left = ParseAnd();
        while (Current.IsKeyword("OR"))
        {
            _position++;
            left = Call("or", left, ParseAnd());
        }

        return left;
    }

    private Expression ParseAnd()
    {
        var left = ParseNot();
        while (Current.IsKeyword("AND"))
        {
            _position++;
            left = Call("and", left, ParseNot());
        }

        return left;
    }

    private Expression ParseNot()
    {
        if (Current.IsKeyword("NOT") || Current.IsSymbol("!"))
        {
            _position++;
            return Call("not", ParseNot());
        }

        return ParsePredicate();
    }

    private Expression ParsePredicate()
    {
        var value = ParseComparison();
        while (true)
        {
            if (Current.IsKeyword("IS"))
            {
                _position++;
                var negated = Accept("NOT");
                if (Accept("NULL"))
                {
                    value = Call(negated ? "isnotnull" : "isnull", value);
                }
                else if (Current.IsKeyword("TRUE") || Current.IsKeyword("FALSE"))
                {
                    var truth = new Literal(Current.IsKeyword("TRUE"), DataType.Boolean);
                    _position++;
                    var test = Call("<=>", value, truth);
                    value = negated ? Call("not", test) : test;
                }
                else if (Accept("DISTINCT"))
                {
                    ExpectKeyword("FROM");
                    var test = Call("<=>", value, ParseComparison());
                    value = negated ? test : Call("not", test);
                }
                else
                {
                    throw Error("Expected NULL, TRUE, FALSE or DISTINCT FROM after IS");
                }

                continue;
            }

            var save = _position;
            var not = Accept("NOT");
            if (Accept("IN"))
            {
                ExpectSymbol("(");
                var items = new List<Expression> { value };
                do
                {
                    items.Add(ParseExpression());
                }
                while (AcceptSymbol(","));
                ExpectSymbol(")");
                value = Negate(Call("in", [.. items]), not);
            }
            else if (Accept("LIKE"))
            {
                value = Negate(Call("like", value, ParseComparison()), not);
            }
            else if (Accept("RLIKE") || Accept("REGEXP"))
            {
                value = Negate(Call("rlike", value, ParseComparison()), not);
            }
            else if (Accept("BETWEEN"))
            {
                var lower = ParseComparison();
                ExpectKeyword("AND");
                var upper = ParseComparison();
                value = Negate(Call("and", Call(">=", value, lower), Call("<=", value, upper)), not);
            }
            else
            {
                if (not)
                {
                    throw Error("Expected IN, LIKE, RLIKE or BETWEEN after NOT");
                }

                _position = save;
                return value;
            }
        }
    }

    private Expression ParseComparison()
    {
        var left = ParseAdditive();
        while (Current.Kind == TokenKind.Symbol && Current.Text is "=" or "==" or "<=>" or "<>" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Current.Text switch
            {
                "=" => "==",
                "<>" => "!=",
                var other => other,
            };
            _position++;
            left = Call(op, left, ParseAdditive());
        }

        if (Current.Kind == TokenKind.Symbol && Current.Text is "&" or "|" or "^")
        {
            throw Error($"Bitwise operator '{Current.Text}' is not supported");
        }

        return left;
    }

    private Expression ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind == TokenKind.Symbol && Current.Text is "+" or "-" or "||")
        {
            var op = Current.Text;
            _position++;
            var right = ParseMultiplicative();
            left = op == "||" ? Call("concat", left, right) : Call(op, left, right);
        }

        return left;
    }

    private Expression ParseMultiplicative()
    {
        var left = ParseUnary();
        while ((Current.Kind == TokenKind.Symbol && Current.Text is "*" or "/" or "%") || Current.IsKeyword("DIV"))
        {
            var op = Current.Kind == TokenKind.Symbol ? Current.Text : "div";
            _position++;
            left = Call(op, left, ParseUnary());
        }

        return left;
    }

    private Expression ParseUnary()
    {
        if (Current.IsSymbol("-"))
        {
            _position++;
            var operand = ParseUnary();
            return operand is Literal literal && TryNegate(literal) is { } negated ? negated : Call("negative", operand);
        }

        if (Current.IsSymbol("+"))
        {
            _position++;
            return ParseUnary();
        }

        if (Current.IsSymbol("~"))
        {
            throw Error("Bitwise operator '~' is not supported");
        }

        return ParsePostfix(ParsePrimary());
    }

    private Expression ParsePostfix(Expression expression)
    {
        while (true)
        {
            if (Current.IsSymbol("["))
            {
                _position++;
                var index = ParseExpression();
                ExpectSymbol("]");
                expression = new ExtractValue(expression, index);
            }
            else if (Current.IsSymbol(".") && expression is not ColumnReference)
            {
                _position++;
                expression = new ExtractValue(expression, new Literal(ExpectIdentifier("a field name after '.'"), DataType.String));
            }
            else if (Current.IsSymbol("::"))
            {
                _position++;
                expression = new CastExpression(expression, TypeNameParser.ParseType(_tokens, ref _position, _text));
            }
            else
            {
                return expression;
            }
        }
    }

    private Expression ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _position++;
                return NumberLiteral(token);
            case TokenKind.String:
                {
                    _position++;
                    var value = token.Text;
                    while (Current.Kind == TokenKind.String)
                    {
                        value += Current.Text;
                        _position++;
                    }

                    return new Literal(value, DataType.String);
                }

            case TokenKind.Symbol when token.Text == "(":
                {
                    _position++;
                    var inner = ParseExpression();
                    ExpectSymbol(")");
                    return inner;
                }

            case TokenKind.Symbol when token.Text == "*" && _position == 0 && _tokens[1].Kind == TokenKind.End:
                _position++;
                return new StarExpression(null);
            case TokenKind.Identifier or TokenKind.QuotedIdentifier:
                return ParseIdentifierStart();
            case TokenKind.End:
                throw Error("Expected an expression");
            default:
                throw Error("Expected an expression");
        }
    }

    private Expression ParseIdentifierStart()
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier)
        {
            var next = _tokens[_position + 1];
            switch (token.Text.ToUpperInvariant())
            {
                case "TRUE":
                    _position++;
                    return new Literal(true, DataType.Boolean);
                case "FALSE":
                    _position++;
                    return new Literal(false, DataType.Boolean);
                case "NULL":
                    _position++;
                    return new Literal(null, DataType.Null);
                case "CASE":
                    _position++;
                    return ParseCase();
                case "CAST" or "TRY_CAST" when next.IsSymbol("("):
                    {
                        _position += 2;
                        var value = ParseExpression();
                        ExpectKeyword("AS");
                        var type = TypeNameParser.ParseType(_tokens, ref _position, _text);
                        ExpectSymbol(")");
                        return new CastExpression(value, type);
                    }

                case "DATE" when next.Kind == TokenKind.String:
                    _position += 2;
                    return DateLiteral(next);
                case "TIMESTAMP" when next.Kind == TokenKind.String:
                    _position += 2;
                    return TimestampLiteral(next);
                case "X" when next.Kind == TokenKind.String:
                    _position += 2;
                    return BinaryLiteral(next);
                case "INTERVAL":
                    throw Error("INTERVAL literals are not supported");
                default:
                    break;
            }

            if (next.IsSymbol("("))
            {
                return ParseFunctionCall();
            }
        }

        var parts = new List<string> { ExpectIdentifier("an identifier") };
        while (Current.IsSymbol(".") && _tokens[_position + 1].Kind is TokenKind.Identifier or TokenKind.QuotedIdentifier or TokenKind.Symbol)
        {
            if (_tokens[_position + 1].IsSymbol("*"))
            {
                if (parts.Count != 1)
                {
                    throw Error("Only alias.* is supported");
                }

                _position += 2;
                return new StarExpression(parts[0]);
            }

            if (_tokens[_position + 1].Kind == TokenKind.Symbol)
            {
                break;
            }

            _position++;
            parts.Add(ExpectIdentifier("a name after '.'"));
        }

        return new ColumnReference(parts);
    }

    private Expression ParseFunctionCall()
    {
        var nameToken = Current;
        var name = FunctionCatalog.CanonicalName(nameToken.Text);
        _position += 2;
        var distinct = Accept("DISTINCT");
        if (!distinct)
        {
            Accept("ALL");
        }

        var arguments = new List<Expression>();
        if (!Current.IsSymbol(")"))
        {
            do
            {
                if (Current.IsSymbol("*") && _tokens[_position + 1].IsSymbol(")") && name == "count")
                {
                    _position++;
                    arguments.Add(new StarExpression(null));
                }
                else
                {
                    arguments.Add(ParseExpression());
                }
            }
            while (AcceptSymbol(","));
        }

        ExpectSymbol(")");
        if (!FunctionCatalog.TryGet(name, out _))
        {
            throw new ParseException($"Unknown function '{nameToken.Text}'", _text, nameToken.Position);
        }

        if (Current.IsKeyword("OVER"))
        {
            throw Error("OVER in expression strings is not supported; use Column.Over(Window...)");
        }

        return new FunctionCall(name, arguments, distinct);
    }

    private CaseWhen ParseCase()
    {
        Expression? subject = null;
        if (!Current.IsKeyword("WHEN"))
        {
            subject = ParseExpression();
        }

        var branches = new List<WhenBranch>();
        while (Accept("WHEN"))
        {
            var condition = ParseExpression();
            ExpectKeyword("THEN");
            var value = ParseExpression();
            branches.Add(new WhenBranch(subject is null ? condition : Call("==", subject, condition), value));
        }

        if (branches.Count == 0)
        {
            throw Error("Expected WHEN in CASE");
        }

        Expression? otherwise = null;
        if (Accept("ELSE"))
        {
            otherwise = ParseExpression();
        }

        ExpectKeyword("END");
        return new CaseWhen(branches, otherwise);
    }

    private Literal NumberLiteral(Token token)
    {
        var text = token.Text;
        try
        {
            var upper = text.ToUpperInvariant();
            if (upper.EndsWith("BD", StringComparison.Ordinal))
            {
                return DecimalLiteral(text[..^2], token);
            }

            var suffix = upper[^1];
            var body = char.IsLetter(suffix) ? text[..^1] : text;
            switch (suffix)
            {
                case 'L':
                    return new Literal(long.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture), DataType.Long);
                case 'S':
                    return new Literal(short.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture), DataType.Short);
                case 'Y':
                    return new Literal(sbyte.Parse(body, NumberStyles.None, CultureInfo.InvariantCulture), DataType.Byte);
                case 'D':
                    return new Literal(double.Parse(body, NumberStyles.Float, CultureInfo.InvariantCulture), DataType.Double);
                case 'F':
                    return new Literal(float.Parse(body, NumberStyles.Float, CultureInfo.InvariantCulture), DataType.Float);
                default:
                    break;
            }

            if (upper.Contains('E', StringComparison.Ordinal))
            {
                return new Literal(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), DataType.Double);
            }

            if (text.Contains('.', StringComparison.Ordinal))
            {
                return DecimalLiteral(text, token);
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var intValue))
            {
                return new Literal(intValue, DataType.Integer);
            }

            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var longValue))
            {
                return new Literal(longValue, DataType.Long);
            }

            return DecimalLiteral(text, token);
        }
        catch (OverflowException)
        {
            throw new ParseException($"Numeric literal {text} is out of range for its type", _text, token.Position);
        }
    }

    private Literal DecimalLiteral(string text, Token token)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            throw new ParseException($"Decimal literal {text} is out of range (at most 28-29 significant digits here)", _text, token.Position);
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var scale = dot < 0 ? 0 : text.Length - dot - 1;
        var integerDigits = (dot < 0 ? text : text[..dot]).TrimStart('0').Length;
        var precision = Math.Max(integerDigits + scale, Math.Max(scale, 1));
        if (precision > DecimalType.MaxPrecision)
        {
            throw new ParseException($"Decimal literal {text} has more than 38 digits", _text, token.Position);
        }

        return new Literal(value, new DecimalType(precision, scale));
    }

    private static Literal? TryNegate(Literal literal) => literal.Value switch
    {
        int i => new Literal(-i, literal.Type),
        long l => new Literal(-l, literal.Type),
        short s => new Literal((short)-s, literal.Type),
        sbyte b => new Literal((sbyte)-b, literal.Type),
        double d => new Literal(-d, literal.Type),
        float f => new Literal(-f, literal.Type),
        decimal m => new Literal(-m, literal.Type),
        _ => null,
    };

    private Literal DateLiteral(Token token)
    {
        if (!DateOnly.TryParseExact(token.Text.Trim(), ["yyyy-MM-dd", "yyyy-M-d", "yyyy-MM", "yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new ParseException($"Invalid DATE literal '{token.Text}'", _text, token.Position);
        }

        return new Literal(date, DataType.Date);
    }

    private Literal TimestampLiteral(Token token)
    {
        var text = token.Text.Trim().Replace('T', ' ');
        string[] formats = ["yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mmK", "yyyy-MM-ddK", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];
        if (!DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new ParseException($"Invalid TIMESTAMP literal '{token.Text}'", _text, token.Position);
        }

        return new Literal(value.ToUniversalTime(), DataType.Timestamp);
    }

    private Literal BinaryLiteral(Token token)
    {
        try
        {
            return new Literal(Convert.FromHexString(token.Text), DataType.Binary);
        }
        catch (FormatException)
        {
            throw new ParseException($"Invalid binary literal X'{token.Text}'", _text, token.Position);
        }
    }

    private static FunctionCall Call(string name, params Expression[] arguments) => new(name, arguments);

    private static Expression Negate(Expression expression, bool negate) => negate ? Call("not", expression) : expression;

    private bool Accept(string keyword)
    {
        if (Current.IsKeyword(keyword))
        {
            _position++;
            return true;
        }

        return false;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (Current.IsSymbol(symbol))
        {
            _position++;
            return true;
        }

        return false;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!Accept(keyword))
        {
            throw Error($"Expected {keyword}");
        }
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol))
        {
            throw Error($"Expected '{symbol}'");
        }
    }

    private string ExpectIdentifier(string what)
    {
        var token = Current;
        if (token.Kind is not (TokenKind.Identifier or TokenKind.QuotedIdentifier))
        {
            throw Error($"Expected {what}");
        }

        _position++;
        return token.Text;
    }

    private ParseException Error(string reason)
    {
        var found = Current.Kind == TokenKind.End ? "end of input" : $"'{Current.Text}'";
        return new ParseException($"{reason} but found {found}", _text, Current.Position);
    }
}
