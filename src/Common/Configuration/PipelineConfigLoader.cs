using System.Text.Json;
using System.Text.Json.Serialization;
using Lakehouse.Common.Lake;
using Lakehouse.Common.Schemas;

namespace Lakehouse.Common.Configuration;

/// <summary>Reads and validates a pipeline configuration file; every problem names where it is and what to do.</summary>
public static class PipelineConfigLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigurationException">The file is missing, not JSON, or not a valid configuration.</exception>
    public static PipelineConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"The configuration file '{path}' does not exist; create one with 'lakehouse init'.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses configuration text; <paramref name="origin"/> names it in errors.</summary>
    public static PipelineConfig Parse(string json, string origin)
    {
        PipelineConfig? config;
        try
        {
            config = JsonSerializer.Deserialize<PipelineConfig>(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? string.Empty : $" at {e.Path}";
            throw new ConfigurationException($"The configuration '{origin}' is not valid{where}: {FirstSentence(e.Message)}", e);
        }

        if (config is null)
        {
            throw new ConfigurationException($"The configuration '{origin}' is empty.");
        }

        Validate(config, origin);
        return config;
    }

    private static void Validate(PipelineConfig config, string origin)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        if (config.Sources.Count == 0)
        {
            errors.Add("$.sources: list at least one source");
        }

        foreach (var (source, i) in config.Sources.Select((s, i) => (s, i)))
        {
            var at = $"$.sources[{i}]";
            Check(LakeName.IsValid(source.Name), $"{at}.name: '{source.Name}' must be {LakeName.Rule}");
            Check(config.Sources.Count(s => s.Name == source.Name) == 1, $"{at}.name: '{source.Name}' is used by more than one source");
            if (source.Kind == SourceKind.Rest)
            {
                Check(
                    Uri.TryCreate(source.BaseUrl, UriKind.Absolute, out var baseUrl) && (baseUrl.Scheme == Uri.UriSchemeHttp || baseUrl.Scheme == Uri.UriSchemeHttps),
                    $"{at}.baseUrl: a rest source needs an absolute http(s) URL");
            }

            if (source.Auth is { Kind: not AuthKind.None } auth)
            {
                Check(LakeName.IsValid(auth.Secret), $"{at}.auth.secret: name the secret that holds the credential ({LakeName.Rule})");
                Check(auth.Kind != AuthKind.ApiKey || !string.IsNullOrWhiteSpace(auth.Header), $"{at}.auth.header: an apiKey needs the header that carries it");
            }

            Check(source.Http.Concurrency is >= 1 and <= 64, $"{at}.http.concurrency: use 1 to 64");
            Check(source.Http.MaxRetries is >= 0 and <= 100, $"{at}.http.maxRetries: use 0 to 100");
            Check(source.Http.TimeoutSeconds > 0, $"{at}.http.timeoutSeconds: must be positive");
            Check(source.Http.MaxResponseBytes > 0, $"{at}.http.maxResponseBytes: must be positive");
            Check(source.Http.MaxDepth is >= 2 and <= 1000, $"{at}.http.maxDepth: use 2 to 1000");
            Check(source.Entities.Count > 0, $"{at}.entities: list at least one entity");

            foreach (var (entity, j) in source.Entities.Select((e, j) => (e, j)))
            {
                var ea = $"{at}.entities[{j}]";
                Check(LakeName.IsValid(entity.Name), $"{ea}.name: '{entity.Name}' must be {LakeName.Rule}");
                Check(source.Entities.Count(e => e.Name == entity.Name) == 1, $"{ea}.name: '{entity.Name}' is used by more than one entity of '{source.Name}'");
                if (source.Kind == SourceKind.Rest)
                {
                    Check(entity.Path is { Length: > 0 } p && p.StartsWith('/') && !p.Contains("..", StringComparison.Ordinal), $"{ea}.path: a path under the base URL starting with '/', without '..'");
                    Check(entity.Pagination.PageSize is >= 1 and <= 100_000, $"{ea}.pagination.pageSize: use 1 to 100000");
                    Check(entity.Pagination.Style != PaginationStyle.Offset || entity.RecordsField is not null, $"{ea}.recordsField: offset pagination reads records from a field of the response, e.g. \"products\"");
                }
                else
                {
                    Check(!string.IsNullOrWhiteSpace(entity.Location), $"{ea}.location: a local path or an http(s) URL");
                    Check(entity.Format is not null, $"{ea}.format: csv, json or ndjson");
                }
            }
        }

        ValidateProfiles(config, errors);
        DeclaredTables.Validate(config, errors);

        if (errors.Count > 0)
        {
            throw new ConfigurationException($"The configuration '{origin}' has {errors.Count} problem(s): {string.Join("; ", errors)}.");
        }
    }

    /// <summary>Each source names a built-in profile at most once, and no two sources build the same silver table.</summary>
    private static void ValidateProfiles(PipelineConfig config, List<string> errors)
    {
        var profiles = string.Join(" or ", SourceProfiles.Names);
        foreach (var (source, i) in config.Sources.Select((s, i) => (s, i)))
        {
            if (source.Profile is { } profile && !SourceProfiles.Exists(profile))
            {
                errors.Add($"$.sources[{i}].profile: '{profile}' is not a built-in profile; use {profiles}, or declare the tables in \"silverTables\"");
            }
        }

        foreach (var (source, profile) in config.Profiles ?? new Dictionary<string, string>())
        {
            var configured = config.Sources.FirstOrDefault(s => s.Name == source);
            if (configured is null)
            {
                errors.Add($"$.profiles.{source}: '{source}' is not a configured source; sources: {string.Join(", ", config.Sources.Select(s => s.Name))}");
            }
            else if (!SourceProfiles.Exists(profile))
            {
                errors.Add($"$.profiles.{source}: '{profile}' is not a built-in profile; use {profiles}");
            }
            else if (configured.Profile is { } own && own != profile)
            {
                errors.Add($"$.profiles.{source}: source '{source}' already has \"profile\": \"{own}\"; keep one of the two");
            }
        }

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, i) in config.Sources.Select((s, i) => (s, i)))
        {
            if (config.ProfileFor(source.Name) is not { } profile || !SourceProfiles.Exists(profile))
            {
                continue;
            }

            foreach (var table in SourceProfiles.Tables(profile))
            {
                if (owners.TryGetValue(table, out var other))
                {
                    errors.Add($"$.sources[{i}].profile: sources '{other}' and '{source.Name}' would both build silver table '{table}' (keys would collide); map one source per built-in profile and declare other sources' tables in \"silverTables\"");
                    break;
                }

                owners[table] = source.Name;
            }
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}

/// <summary>The pipeline configuration is missing or invalid.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
