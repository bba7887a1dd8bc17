using System.Text;
using System.Text.Json;
using Lakehouse.DuckDB.Functions;

namespace Lakehouse.DuckDB.Tests.Functions;

public sealed class JsonObjectKeysTests
{
    private readonly struct Keys(params string[] names) : IKeySet
    {
        private readonly byte[][] _names = names.Select(Encoding.UTF8.GetBytes).ToArray();

        public bool Contains(ReadOnlySpan<byte> key)
        {
            foreach (var name in _names)
            {
                if (key.SequenceEqual(name))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private static bool AllKnown(string json, params string[] known) => JsonObjectKeys.AllKnown(Encoding.UTF8.GetBytes(json), new Keys(known));

    [Theory]
    [InlineData("{}", true)]
    [InlineData(" \t{ }\r\n", true)]
    [InlineData("{\"a\":1}", true)]
    [InlineData("{ \"a\" : -1.5e3 , \"b\" : null }", true)]
    [InlineData("{\"a\":1,\"c\":2}", false)]
    [InlineData("{\"c\":{\"a\":1}}", false)]
    [InlineData("{\"a\":{\"c\":1},\"b\":[{\"c\":[]}]}", true)]
    [InlineData("{\"a\":\"\\\",\\\"c\\\":1\"}", true)] // a string value that looks like a further key
    [InlineData("{\"a\":[\"]}\",\"\\\"]\"],\"c\":1}", false)] // brackets and an escaped quote inside a nested string
    [InlineData("{\"a\":[\"]}\",\"\\\"]\"],\"b\":1}", true)]
    public void AllKnown_ReadsOnlyTheTopLevelKeys(string json, bool expected)
    {
        AllKnown(json, "a", "b").Should().Be(expected);
    }

    [Theory]
    [InlineData("{\"\\u0061\":1}")] // an escaped key: only a parse can say it is "a"
    [InlineData("[1]")]
    [InlineData("\"a\"")]
    [InlineData("")]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\" 1}")]
    [InlineData("{\"a\":[1,2}")]
    [InlineData("{\"a\":1,}")]
    public void AllKnown_CannotTell_SaysFalse(string json)
    {
        AllKnown(json, "a", "b").Should().BeFalse();
    }

    [Fact]
    public void AllKnown_NestedValuesAcross64ByteBlocks_EndWhereTheyEnd()
    {
        // Shift a string full of brackets over every position of the 64-byte blocks the nested skip works in.
        for (var pad = 0; pad < 140; pad++)
        {
            var nested = $"[\"{new string('x', pad)}]}}{{[\",{{\"q\":\"}}}}]]\",\"r\":[[{{}}]]}},\"{new string('y', 70 - (pad % 70))}\"]";
            AllKnown($"{{\"a\":{nested},\"c\":1}}", "a").Should().BeFalse($"'c' follows the nested value (pad {pad})");
            AllKnown($"{{\"a\":{nested},\"c\":1}}", "a", "c").Should().BeTrue($"pad {pad}");
            AllKnown($"{{\"a\":{nested.Replace("]}{", "\\\"]}{", StringComparison.Ordinal)}}}", "a").Should().BeTrue($"escaped, pad {pad}");
        }
    }

    [Fact]
    public void AllKnown_RandomDocuments_AgreeWithAParser()
    {
        // System.Text.Json is the reference: true must mean every top-level key is known, and with plain keys the
        // scan must also find every unknown one.
        var random = new Random(20261122);
        for (var i = 0; i < 3000; i++)
        {
            var json = RandomObject(random, depth: 0);
            var plainKeys = !json.Contains("\\u", StringComparison.Ordinal);
            using var document = JsonDocument.Parse(json);
            var expected = document.RootElement.EnumerateObject().All(p => p.Name is "k0" or "k1" or "k2");

            var actual = AllKnown(json, "k0", "k1", "k2");

            if (actual || plainKeys)
            {
                actual.Should().Be(expected, json);
            }
        }
    }

    private static string RandomObject(Random random, int depth)
    {
        var members = Enumerable.Range(0, random.Next(0, 5))
            .Select(_ => $"{RandomKey(random)}:{RandomValue(random, depth + 1)}");
        return "{" + string.Join(random.Next(2) == 0 ? "," : " , ", members) + "}";
    }

    private static string RandomKey(Random random) => random.Next(12) switch
    {
        0 => "\"k\\u0030\"",
        1 => "\"k3\"",
        var n => $"\"k{n % 3}\"",
    };

    private static string RandomValue(Random random, int depth)
    {
        var choice = depth > 3 ? random.Next(3) : random.Next(6);
        return choice switch
        {
            0 => random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => random.Next(2) == 0 ? "true" : "null",
            2 => RandomString(random),
            3 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 6)).Select(_ => RandomValue(random, depth + 1))) + "]",
            _ => RandomObject(random, depth),
        };
    }

    private static string RandomString(Random random)
    {
        string[] pieces = ["a", "]", "}", "[", "{", ",", ":", "\\\"", "\\\\", "\\n", "é", " ", "\\u005d", "0123456789abcdefghijklmnopqrstuvwxyz"];
        return "\"" + string.Concat(Enumerable.Range(0, random.Next(0, 12)).Select(_ => pieces[random.Next(pieces.Length)])) + "\"";
    }
}
