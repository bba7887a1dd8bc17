using System.Text.RegularExpressions;

namespace Lakehouse.Common.Lake;

/// <summary>
/// Validates the names that become folders and URLs (sources, entities, tables, run ids) before any path
/// or URI is built from them. Allow-list: a letter or digit, then letters, digits, '_' or '-', at most 64.
/// Anything else (<c>..</c>, <c>%2E%2E</c>, <c>/</c>, <c>\</c>, <c>#</c>, <c>?</c>, NUL, spaces) is refused,
/// because <see cref="Uri"/> and path APIs would otherwise reinterpret it.
/// </summary>
public static partial class LakeName
{
    /// <summary>The rule, as shown in error messages.</summary>
    public const string Rule = "a letter or digit followed by letters, digits, '_' or '-' (at most 64 characters)";

    /// <summary>Returns <paramref name="name"/> if it is valid; otherwise throws naming what and why.</summary>
    /// <param name="kind">What the name is for, e.g. "source" or "entity", used in the error.</param>
    /// <param name="name">The name to check.</param>
    /// <exception cref="ArgumentException">The name breaks the rule.</exception>
    public static string Validate(string kind, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"The {kind} name is empty; use {Rule}.");
        }

        if (!AllowedPattern().IsMatch(name))
        {
            var shown = name.Replace("\0", "\\0", StringComparison.Ordinal);
            throw new ArgumentException($"The {kind} name '{shown}' is not allowed: use {Rule}.");
        }

        return name;
    }

    /// <summary>True when <paramref name="name"/> follows the rule.</summary>
    public static bool IsValid(string? name) => !string.IsNullOrEmpty(name) && AllowedPattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AllowedPattern();
}
