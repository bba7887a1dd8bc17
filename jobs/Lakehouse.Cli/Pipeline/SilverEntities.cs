using Lakehouse.Common.Configuration;
using Lakehouse.Common.Schemas;

namespace Lakehouse.Cli.Pipeline;

/// <summary>The silver tables a configuration asks for: each source mapped by its profile.</summary>
internal static class SilverEntities
{
    /// <summary>The built-in source profiles by name.</summary>
    public static readonly IReadOnlyDictionary<string, Func<string, IReadOnlyList<SilverEntity>>> Profiles =
        new Dictionary<string, Func<string, IReadOnlyList<SilverEntity>>>(StringComparer.OrdinalIgnoreCase)
        {
            ["dummyjson"] = DummyJsonProfile.Entities,
        };

    public static IReadOnlyList<SilverEntity> For(PipelineConfig config)
    {
        var entities = new List<SilverEntity>();
        foreach (var (source, profile) in config.Profiles ?? new Dictionary<string, string>())
        {
            if (config.Sources.All(s => s.Name != source))
            {
                throw new ConfigurationException($"$.profiles: '{source}' is not a configured source; sources: {string.Join(", ", config.Sources.Select(s => s.Name))}.");
            }

            if (!Profiles.TryGetValue(profile, out var entitiesOf))
            {
                throw new ConfigurationException($"$.profiles.{source}: unknown profile '{profile}'; built-in profiles: {string.Join(", ", Profiles.Keys)}.");
            }

            entities.AddRange(entitiesOf(source));
        }

        if (entities.Count == 0)
        {
            throw new ConfigurationException("The configuration maps no source onto the silver schema: add \"profiles\": { \"<source>\": \"dummyjson\" }.");
        }

        return entities;
    }
}
