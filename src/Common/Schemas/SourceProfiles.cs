namespace Lakehouse.Common.Schemas;

/// <summary>The built-in source profiles: how a known API's raw records map onto the silver e-commerce tables.</summary>
public static class SourceProfiles
{
    private static readonly Dictionary<string, Func<string, IReadOnlyList<SilverEntity>>> ByName = new(StringComparer.Ordinal)
    {
        ["dummyjson"] = DummyJsonProfile.Entities,
        [FakeStoreProfile.Name] = FakeStoreProfile.Entities,
    };

    /// <summary>The silver tables every built-in profile writes besides its entities' own (derived or shared tables).</summary>
    public static readonly IReadOnlyList<string> SystemTables = ["quarantine", "dq_metrics", "categories"];

    /// <summary>The profile names, e.g. for error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>True when <paramref name="profile"/> is a built-in profile (names are lower case).</summary>
    public static bool Exists(string? profile) => profile is not null && ByName.ContainsKey(profile);

    /// <summary>The silver tables profile <paramref name="profile"/> builds from the source named <paramref name="source"/>.</summary>
    /// <exception cref="ArgumentException">The profile is not built in.</exception>
    public static IReadOnlyList<SilverEntity> Entities(string profile, string source) =>
        ByName.TryGetValue(profile, out var entities)
            ? entities(source)
            : throw new ArgumentException($"Unknown source profile '{profile}'; built-in profiles: {string.Join(", ", Names)}.", nameof(profile));

    /// <summary>Every table a profile writes: its entities' tables and their history tables.</summary>
    public static IEnumerable<string> Tables(string profile) =>
        Entities(profile, "source").SelectMany(e => e.HistoryTable is null ? [e.Table] : new[] { e.Table, e.HistoryTable });
}
