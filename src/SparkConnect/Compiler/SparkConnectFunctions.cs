using Lakehouse.DataFrame.Expressions;
using Proto = Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// The Spark Connect dialect's function table (Ibis style): each <see cref="FunctionCatalog"/> name to the
/// <c>UnresolvedFunction</c> Spark's own client sends for it (<c>==</c> is <c>=</c>, <c>!=</c> is <c>!(a = b)</c>,
/// <c>pow</c> is <c>power</c>...). A catalog function that is neither here nor in <see cref="Unsupported"/> is a bug
/// that a test catches; an unsupported one fails with the reason, never with a guessed name.
/// </summary>
internal static class SparkConnectFunctions
{
    /// <summary>Catalog functions the Spark Connect backend refuses, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Catalog names whose Spark name differs (the Scala client's names); others keep their catalog name.</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["=="] = "=",
        ["not"] = "!",
        ["isnull"] = "isNull",
        ["isnotnull"] = "isNotNull",
        ["pow"] = "power",
        ["fingerprint"] = "xxhash64", // our engine-specific 64-bit hash is Spark's own
    };

    private static readonly Dictionary<string, Func<IReadOnlyList<Proto.Expression>, bool, Proto.Expression>> Renderers = Build();

    public static bool Supports(string name) => Renderers.ContainsKey(FunctionCatalog.CanonicalName(name));

    public static Proto.Expression Render(string name, IReadOnlyList<Proto.Expression> arguments, bool isDistinct)
    {
        var canonical = FunctionCatalog.CanonicalName(name);
        if (Renderers.TryGetValue(canonical, out var render))
        {
            return render(arguments, isDistinct);
        }

        var reason = Unsupported.TryGetValue(canonical, out var why) ? why : "it is not in the Spark Connect function table.";
        throw new SparkConnectCompilationException($"The function {name}", reason);
    }

    public static Proto.Expression Call(string sparkName, IEnumerable<Proto.Expression> arguments, bool isDistinct = false)
    {
        var function = new Proto.Expression.Types.UnresolvedFunction { FunctionName = sparkName, IsDistinct = isDistinct };
        function.Arguments.AddRange(arguments);
        return new Proto.Expression { UnresolvedFunction = function };
    }

    private static Dictionary<string, Func<IReadOnlyList<Proto.Expression>, bool, Proto.Expression>> Build()
    {
        var table = new Dictionary<string, Func<IReadOnlyList<Proto.Expression>, bool, Proto.Expression>>(StringComparer.OrdinalIgnoreCase);
        foreach (var definition in FunctionCatalog.All.Where(d => !Unsupported.ContainsKey(d.Name)))
        {
            var sparkName = Renamed.TryGetValue(definition.Name, out var renamed) ? renamed : definition.Name;
            table[definition.Name] = (arguments, isDistinct) => Call(sparkName, arguments, isDistinct);
        }

        // Spark's client writes a =!= b as !(a = b).
        table["!="] = (arguments, _) => Call("!", [Call("=", arguments)]);
        table["rescued_data"] = (arguments, _) => RescuedData(arguments[0], arguments.Skip(1));
        return table;
    }

    /// <summary>
    /// Our <c>rescued_data(json, known...)</c> in Spark's own functions: the object's fields as a string map, those not
    /// known kept, as JSON; NULL when none is left or the text is not a JSON object (as on the embedded engine).
    /// Spark 3.5 has no raw-JSON value type, so a rescued number or object arrives as its JSON text in a string.
    /// </summary>
    private static Proto.Expression RescuedData(Proto.Expression json, IEnumerable<Proto.Expression> knownFields)
    {
        var key = new Proto.Expression.Types.UnresolvedNamedLambdaVariable { NameParts = { "rescued_key" } };
        var value = new Proto.Expression.Types.UnresolvedNamedLambdaVariable { NameParts = { "rescued_value" } };
        var unknown = new Proto.Expression.Types.LambdaFunction
        {
            Function = Call("!", [Call("array_contains", [Call("array", knownFields), new Proto.Expression { UnresolvedNamedLambdaVariable = key }])]),
            Arguments = { key, value },
        };
        var fields = Call("from_json", [json, new Proto.Expression { Literal = new Proto.Expression.Types.Literal { String = "map<string,string>" } }]);
        var rescued = Call("map_filter", [fields, new Proto.Expression { LambdaFunction = unknown }]);
        return Call("nullif", [Call("to_json", [rescued]), new Proto.Expression { Literal = new Proto.Expression.Types.Literal { String = "{}" } }]);
    }
}
