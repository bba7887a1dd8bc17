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
    public static readonly IReadOnlyDictionary<string, string> Unsupported = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["rescued_data"] = "it is Lakehouse's own function; on Spark it needs map_filter over from_json(..., 'map<string,string>') with a lambda, which this compiler does not emit yet",
    };

    /// <summary>Catalog names whose Spark name differs (the Scala client's names); others keep their catalog name.</summary>
    private static readonly Dictionary<string, string> Renamed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["=="] = "=",
        ["not"] = "!",
        ["isnull"] = "isNull",
        ["isnotnull"] = "isNotNull",
        ["pow"] = "power",
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
        return table;
    }
}
