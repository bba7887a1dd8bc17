using System.Text;

namespace Lakehouse.Common.Schemas;

/// <summary>
/// Derives a declared table's raw schema from the fields its column expressions use, as Auto Loader and dbt users
/// expect (the source's shape is not declared twice): <c>r.a</c> and <c>r.a.b</c> become <c>struct&lt;a:struct&lt;b:string&gt;&gt;</c>,
/// and with an explode field <c>f</c>, <c>line.x</c> becomes <c>f:array&lt;struct&lt;x:string&gt;&gt;</c>. Every leaf is a string
/// (typing happens in the column casts). Fields no expression uses go to <c>_rescued_data</c>.
/// </summary>
internal static class RawSchemaDerivation
{
    /// <summary>The derived schema, or an error saying what to fix.</summary>
    public static (string? Schema, string? Error) Derive(IEnumerable<string> expressions, string? explodeField)
    {
        var root = new Node();
        var line = new Node();
        var lineUsed = false;
        foreach (var expression in expressions)
        {
            foreach (var path in References(expression))
            {
                var head = path[0];
                if (head.Equals("r", StringComparison.OrdinalIgnoreCase))
                {
                    if (path.Count == 1)
                    {
                        return (null, "an expression uses the whole record 'r'; name its fields (r.<field>) or declare rawSchema");
                    }

                    root.Add(path, 1);
                }
                else if (path.Count == 1 && head.Equals("line_number", StringComparison.OrdinalIgnoreCase) && explodeField is null)
                {
                    return (null, "an expression uses 'line_number' but the table has no explodeField");
                }
                else if (head.Equals("line", StringComparison.OrdinalIgnoreCase))
                {
                    if (explodeField is null)
                    {
                        return (null, $"an expression uses '{string.Join('.', path)}' but the table has no explodeField");
                    }

                    lineUsed = true;
                    line.Add(path, 1);
                }
            }
        }

        if (explodeField is not null)
        {
            var array = root.Child(explodeField);
            if (array.Children.Count > 0)
            {
                return (null, $"'r.{explodeField}' is the explodeField: use its elements' fields as line.<field>, not r.{explodeField}.<field>");
            }

            array.Element = lineUsed ? line : new Node { UsedAsValue = true };
        }

        var conflict = root.FindConflict("r");
        if (conflict is not null)
        {
            return (null, $"'{conflict}' is used both as a value and as a struct with fields; declare rawSchema");
        }

        if (root.Children.Count == 0)
        {
            return (null, "no column expression uses a raw field (r.<field>); declare rawSchema or use the raw fields");
        }

        return (root.ToType(), null);
    }

    /// <summary>The dotted name paths in a Spark SQL expression (outside string literals; function names excluded).</summary>
    internal static IEnumerable<List<string>> References(string expression)
    {
        var i = 0;
        var text = expression;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\'' or '"')
            {
                SkipString(text, ref i);
            }
            else if (char.IsDigit(c))
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.'))
                {
                    i++;
                }
            }
            else if (char.IsLetter(c) || c is '_' or '`')
            {
                var path = new List<string>();
                while (true)
                {
                    var part = ReadName(text, ref i);
                    if (part is null)
                    {
                        break;
                    }

                    path.Add(part);
                    if (i < text.Length && text[i] == '.' && i + 1 < text.Length && (char.IsLetter(text[i + 1]) || text[i + 1] is '_' or '`'))
                    {
                        i++;
                        continue;
                    }

                    break;
                }

                var next = i;
                while (next < text.Length && char.IsWhiteSpace(text[next]))
                {
                    next++;
                }

                if (path.Count > 0 && !(next < text.Length && text[next] == '('))
                {
                    yield return path;
                }
            }
            else
            {
                i++;
            }
        }
    }

    private static string? ReadName(string text, ref int i)
    {
        if (i >= text.Length)
        {
            return null;
        }

        if (text[i] == '`')
        {
            var name = new StringBuilder();
            i++;
            while (i < text.Length)
            {
                if (text[i] == '`')
                {
                    if (i + 1 < text.Length && text[i + 1] == '`')
                    {
                        name.Append('`');
                        i += 2;
                        continue;
                    }

                    i++;
                    break;
                }

                name.Append(text[i++]);
            }

            return name.ToString();
        }

        var start = i;
        while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return i > start ? text[start..i] : null;
    }

    private static void SkipString(string text, ref int i)
    {
        var quote = text[i++];
        while (i < text.Length && text[i] != quote)
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        i++;
    }

    private sealed class Node
    {
        public List<(string Name, Node Node)> Children { get; } = [];

        public bool UsedAsValue { get; set; }

        /// <summary>For the explode field: the element type.</summary>
        public Node? Element { get; set; }

        public Node Child(string name)
        {
            foreach (var (existing, node) in Children)
            {
                if (existing == name)
                {
                    return node;
                }
            }

            var child = new Node();
            Children.Add((name, child));
            return child;
        }

        public void Add(List<string> path, int from)
        {
            if (from == path.Count)
            {
                UsedAsValue = true;
                return;
            }

            Child(path[from]).Add(path, from + 1);
        }

        public string? FindConflict(string at)
        {
            if (UsedAsValue && Children.Count > 0 && Element is null)
            {
                return at;
            }

            foreach (var (name, node) in Children)
            {
                if (node.FindConflict(at + "." + name) is { } conflict)
                {
                    return conflict;
                }
            }

            return Element?.FindConflict(at + "[]");
        }

        public string ToType()
        {
            if (Element is not null)
            {
                return "array<" + Element.ToType() + ">";
            }

            if (Children.Count == 0)
            {
                return "string";
            }

            return "struct<" + string.Join(",", Children.Select(c => FieldName(c.Name) + ":" + c.Node.ToType())) + ">";
        }

        private static string FieldName(string name) =>
            name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_') ? name : "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }
}
