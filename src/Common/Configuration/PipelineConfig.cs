using System.Text.Json.Serialization;

namespace Lakehouse.Common.Configuration;

/// <summary>
/// The pipeline configuration file (JSON, comments allowed): the sources bronze ingests and their entities,
/// the Lookup + ForEach + Copy pattern of Data Factory as data. See the README for the format.
/// </summary>
public sealed record PipelineConfig
{
    /// <summary>The sources to ingest.</summary>
    public required IReadOnlyList<SourceConfig> Sources { get; init; }

    /// <summary>Where secrets come from besides environment variables.</summary>
    public SecretsConfig? Secrets { get; init; }

    /// <summary>
    /// Which built-in source profile maps each source onto the silver schema (source name → profile). The older form of
    /// <see cref="SourceConfig.Profile"/>; both are read, and they must agree.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Profiles { get; init; }

    /// <summary>User-declared silver tables (like dbt models declared in YAML), built besides the profiles' tables.</summary>
    public IReadOnlyList<SilverTableConfig>? SilverTables { get; init; }

    /// <summary>Unit costs for profit when the source has none (like a dbt seed).</summary>
    public CostConfig? Costs { get; init; }

    /// <summary>The built-in profile that maps <paramref name="source"/> (its own <c>profile</c>, else <c>profiles</c>), or null.</summary>
    public string? ProfileFor(string source) =>
        Sources.FirstOrDefault(s => s.Name == source)?.Profile
        ?? (Profiles is not null && Profiles.TryGetValue(source, out var profile) ? profile : null);
}

/// <summary>
/// Where profit's cost of goods comes from when the source has no cost: a cost per product, else a cost ratio
/// (cost / unit price) per category, else the default ratio. With none of them, profit is NULL, never invented.
/// </summary>
public sealed record CostConfig
{
    /// <summary>Unit cost per product id (e.g. P000042).</summary>
    public IReadOnlyDictionary<string, decimal>? ProductUnitCost { get; init; }

    /// <summary>Cost as a fraction of the unit price, per category slug (e.g. laptops: 0.72).</summary>
    public IReadOnlyDictionary<string, decimal>? CategoryCostRatio { get; init; }

    /// <summary>Cost ratio for categories without their own; null = no default.</summary>
    public decimal? DefaultCostRatio { get; init; }
}

/// <summary>What kind of place a source's records come from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceKind>))]
public enum SourceKind
{
    /// <summary>A REST API returning JSON.</summary>
    Rest,

    /// <summary>CSV, JSON or NDJSON files from a local landing folder or HTTP URLs.</summary>
    Files,
}

/// <summary>One source: an API or a landing zone.</summary>
public sealed record SourceConfig
{
    /// <summary>The source's name; becomes a lake folder (see LakeName).</summary>
    public required string Name { get; init; }

    /// <summary>rest or files.</summary>
    public required SourceKind Kind { get; init; }

    /// <summary>For rest: the API's base URL, e.g. https://dummyjson.com.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Extra request headers (not secrets: use <see cref="Auth"/> for those).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>How requests authenticate; none by default.</summary>
    public AuthConfig? Auth { get; init; }

    /// <summary>Timeouts, retries, limits and concurrency for this source's requests.</summary>
    public HttpConfig Http { get; init; } = new();

    /// <summary>The entities (collections) of this source.</summary>
    public required IReadOnlyList<EntityConfig> Entities { get; init; }

    /// <summary>The built-in profile that maps this source onto the silver tables: dummyjson or fakestore; none by default.</summary>
    public string? Profile { get; init; }
}

/// <summary>How requests authenticate.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AuthKind>))]
public enum AuthKind
{
    /// <summary>No authentication.</summary>
    None,

    /// <summary>An API key sent in a header.</summary>
    ApiKey,

    /// <summary>An OAuth-style bearer token in the Authorization header.</summary>
    Bearer,
}

/// <summary>Authentication, whose value always comes from a named secret, never from the file itself.</summary>
public sealed record AuthConfig
{
    /// <summary>none, apiKey or bearer.</summary>
    public AuthKind Kind { get; init; } = AuthKind.None;

    /// <summary>For apiKey: the header that carries the key, e.g. X-Api-Key.</summary>
    public string? Header { get; init; }

    /// <summary>The name of the secret holding the key or token.</summary>
    public string? Secret { get; init; }
}

/// <summary>HTTP behaviour, with defaults that suit public e-commerce APIs.</summary>
public sealed record HttpConfig
{
    /// <summary>Timeout of one attempt, in seconds (default 30).</summary>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>Retries after the first attempt for 408/429/5xx, timeouts, resets and malformed bodies (default 5).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First backoff delay in seconds, doubled each retry, with jitter (default 0.5).</summary>
    public double BaseDelaySeconds { get; init; } = 0.5;

    /// <summary>The most one entity may spend waiting between retries, in seconds (default 120).</summary>
    public double MaxTotalWaitSeconds { get; init; } = 120;

    /// <summary>How many pages are fetched at once when pagination allows it (default 4).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Responses larger than this are refused (default 256 MiB).</summary>
    public long MaxResponseBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>JSON nested deeper than this is refused (default 64).</summary>
    public int MaxDepth { get; init; } = 64;
}

/// <summary>One entity (collection) of a source.</summary>
public sealed record EntityConfig
{
    /// <summary>The entity's name; becomes a lake folder.</summary>
    public required string Name { get; init; }

    /// <summary>For rest: the path under the base URL, e.g. /products.</summary>
    public string? Path { get; init; }

    /// <summary>For rest: the response field holding the records, e.g. "products"; omit when the body is a bare array.</summary>
    public string? RecordsField { get; init; }

    /// <summary>For rest: how to page through the collection.</summary>
    public PaginationConfig Pagination { get; init; } = new();

    /// <summary>The field that identifies a record, used to count duplicates (default "id").</summary>
    public string KeyField { get; init; } = "id";

    /// <summary>For files: a local path (may end in a * pattern; relative to the config file) or an http(s) URL.</summary>
    public string? Location { get; init; }

    /// <summary>For files: csv, json (an array of records) or ndjson.</summary>
    public FileFormat? Format { get; init; }
}

/// <summary>Pagination styles.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaginationStyle>))]
public enum PaginationStyle
{
    /// <summary>skip/limit with a total in the body (DummyJSON).</summary>
    Offset,

    /// <summary>page/size numbers; ends at a short page.</summary>
    Page,

    /// <summary>The next page's URL in a body field or the Link header.</summary>
    Link,

    /// <summary>One response holds the whole collection (e.g. a bare JSON array, like fakestoreapi.com).</summary>
    None,
}

/// <summary>How an entity is paged.</summary>
public sealed record PaginationConfig
{
    /// <summary>offset, page, link or none (default offset).</summary>
    public PaginationStyle Style { get; init; } = PaginationStyle.Offset;

    /// <summary>Records per page (default 100).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>offset: the skip parameter (default "skip").</summary>
    public string SkipParameter { get; init; } = "skip";

    /// <summary>offset: the limit parameter (default "limit").</summary>
    public string LimitParameter { get; init; } = "limit";

    /// <summary>offset: the body field with the collection's size (default "total").</summary>
    public string TotalField { get; init; } = "total";

    /// <summary>page: the page-number parameter (default "page").</summary>
    public string PageParameter { get; init; } = "page";

    /// <summary>page: the page-size parameter (default "size").</summary>
    public string SizeParameter { get; init; } = "size";

    /// <summary>page: the number of the first page (default 1).</summary>
    public int FirstPage { get; init; } = 1;

    /// <summary>link: the body field with the next URL; when absent, the Link header's rel="next" is used.</summary>
    public string? NextField { get; init; }
}

/// <summary>File formats a files source reads.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FileFormat>))]
public enum FileFormat
{
    /// <summary>Comma-separated values with a header row; landed as received.</summary>
    Csv,

    /// <summary>A JSON array of records (or an object holding one in RecordsField).</summary>
    Json,

    /// <summary>One JSON record per line.</summary>
    Ndjson,
}

/// <summary>Where secrets come from besides environment variables.</summary>
public sealed record SecretsConfig
{
    /// <summary>A local JSON file of name → value (relative to the config file); keep it out of source control.</summary>
    public string? File { get; init; }
}
