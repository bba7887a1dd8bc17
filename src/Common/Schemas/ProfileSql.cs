namespace Lakehouse.Common.Schemas;

/// <summary>Spark SQL fragments the built-in profiles share, so that their tables agree column for column.</summary>
internal static class ProfileSql
{
    /// <summary>A key: the prefix and the source id padded to at least 6 digits (longer ids are kept whole, never cut).</summary>
    public static string Key(string prefix, string field) => $"concat('{prefix}', lpad({field}, greatest(6, length({field})), '0'))";

    /// <summary>A SQL list of string literals, e.g. <c>('a', 'b')</c>; the values are our own constants (slugs), never input.</summary>
    public static string InList(IEnumerable<string> values) => "(" + string.Join(", ", values.Select(v => $"'{v}'")) + ")";
}
