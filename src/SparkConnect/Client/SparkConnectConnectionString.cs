using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Lakehouse.SparkConnect.Client;

/// <summary>
/// A Spark Connect connection string, <c>sc://host:port/;name=value;...</c>, as specified by Spark's
/// <c>client-connection-string.md</c>. Databricks: <c>sc://&lt;workspace-host&gt;:443/;token=&lt;PAT&gt;;x-databricks-cluster-id=&lt;id&gt;</c>.
/// </summary>
/// <remarks>
/// <para>Parameters are case-sensitive. <c>token</c>, <c>use_ssl</c>, <c>user_id</c>, <c>user_agent</c> and
/// <c>session_id</c> configure the client; every other parameter is sent as gRPC metadata (a request header)
/// on every call. Values are URL-decoded.</para>
/// <para>A token kept in a secret store can be supplied without putting it in the string:
/// <c>SparkConnectConnectionString.Parse(s) with { Token = secret }</c>. The token never appears in
/// <see cref="ToString"/> or in exception messages.</para>
/// </remarks>
public sealed record SparkConnectConnectionString
{
    /// <summary>The port used when the string names none.</summary>
    public const int DefaultPort = 15002;

    private const string Scheme = "sc://";
    private const string Redacted = "***";

    private static readonly ReadOnlyDictionary<string, string> NoMetadata = new(new Dictionary<string, string>());

    // Headers the transport sets itself; a parameter must not override them.
    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.Ordinal)
    {
        "authorization", "content-type", "content-length", "te", "user-agent", "host", "connection",
        "transfer-encoding", "upgrade", "keep-alive", "proxy-connection",
    };

    private readonly string _host = "localhost";
    private readonly int _port = DefaultPort;
    private readonly string? _token;
    private readonly IReadOnlyDictionary<string, string> _metadata = NoMetadata;

    /// <summary>The server's host name or IP address (an IPv6 address without brackets). Default <c>localhost</c>.</summary>
    public string Host
    {
        get => _host;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            _host = Uri.CheckHostName(value) == UriHostNameType.Unknown
                ? throw new ArgumentException($"'{value}' is not a valid host name or IP address.", nameof(value))
                : value;
        }
    }

    /// <summary>The server's port, 1 to 65535. Default <see cref="DefaultPort"/> (15002).</summary>
    public int Port
    {
        get => _port;
        init => _port = value is >= 1 and <= 65535
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The port must be from 1 to 65535.");
    }

    /// <summary>
    /// The bearer token sent as <c>Authorization: Bearer &lt;token&gt;</c>, or <see langword="null"/>. Setting a token
    /// turns TLS on (as in Spark's clients). Never printed.
    /// </summary>
    public string? Token
    {
        get => _token;
        init => _token = value is null || IsValidHeaderValue(value) && value.Length > 0
            ? value
            : throw new ArgumentException("The token must be non-empty printable ASCII.", nameof(value));
    }

    /// <summary>Whether <c>use_ssl=true</c> was given. See <see cref="UsesTls"/> for what the client does.</summary>
    public bool UseSsl { get; init; }

    /// <summary>Whether the client connects with TLS: <see cref="UseSsl"/> or a <see cref="Token"/> is set.</summary>
    public bool UsesTls => UseSsl || Token is not null;

    /// <summary>The user id put in every request's <c>UserContext</c>, or <see langword="null"/> for the OS user name.</summary>
    public string? UserId { get; init; }

    /// <summary>The application acting for the user; it prefixes the <c>user-agent</c> header and <c>client_type</c>.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The Spark session to use (shared with other clients), or <see langword="null"/> for a new random one.</summary>
    public Guid? SessionId { get; init; }

    /// <summary>The parameters that are not client settings, sent as gRPC metadata (lowercase header name to value).</summary>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var (name, headerValue) in value)
            {
                if (ValidateMetadata(name, headerValue) is { } problem)
                {
                    throw new ArgumentException(problem, nameof(value));
                }
            }

            _metadata = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(value, StringComparer.Ordinal));
        }
    }

    /// <summary>The HTTP address the transport posts to: <c>http://</c> (h2c) or <c>https://</c>, host and port.</summary>
    internal Uri Endpoint => new UriBuilder(UsesTls ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, Host, Port).Uri;

    /// <summary>Parses a connection string.</summary>
    /// <param name="connectionString">For example <c>sc://spark.example.com:15002/;user_id=etl;use_ssl=true</c>.</param>
    /// <exception cref="FormatException">The string is malformed; the message names the problem (never the token).</exception>
    public static SparkConnectConnectionString Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        return TryParse(connectionString, out var result, out var error) ? result : throw new FormatException(error);
    }

    /// <summary>Parses a connection string without throwing.</summary>
    /// <param name="connectionString">The string to parse.</param>
    /// <param name="result">The parsed connection string, when valid.</param>
    /// <param name="error">A one-line description of what is wrong, when invalid (never contains the token).</param>
    public static bool TryParse(
        string? connectionString,
        [NotNullWhen(true)] out SparkConnectConnectionString? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = Parse(connectionString, out var parsed);
        if (error is not null)
        {
            error = "Invalid Spark Connect connection string: " + error;
            return false;
        }

        result = parsed!;
        return true;
    }

    /// <summary>Whether both name the same server with the same settings, token and metadata.</summary>
    /// <param name="other">The connection string to compare with.</param>
    public bool Equals(SparkConnectConnectionString? other) =>
        other is not null
        && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase)
        && Port == other.Port
        && string.Equals(Token, other.Token, StringComparison.Ordinal)
        && UseSsl == other.UseSsl
        && string.Equals(UserId, other.UserId, StringComparison.Ordinal)
        && string.Equals(UserAgent, other.UserAgent, StringComparison.Ordinal)
        && SessionId == other.SessionId
        && Metadata.Count == other.Metadata.Count
        && Metadata.All(pair => other.Metadata.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(
        StringComparer.OrdinalIgnoreCase.GetHashCode(Host), Port, Token, UseSsl, UserId, UserAgent, SessionId, Metadata.Count);

    /// <summary>The connection string in canonical form, with the token replaced by <c>***</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Scheme);
        text.Append(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host);
        text.Append(':').Append(Port.ToString(CultureInfo.InvariantCulture)).Append('/');
        if (Token is not null)
        {
            text.Append(";token=").Append(Redacted);
        }

        if (UseSsl)
        {
            text.Append(";use_ssl=true");
        }

        AppendParameter(text, "user_id", UserId);
        AppendParameter(text, "user_agent", UserAgent);
        AppendParameter(text, "session_id", SessionId?.ToString("D"));
        foreach (var (name, value) in Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            AppendParameter(text, name, value);
        }

        return text.ToString();
    }

    private static void AppendParameter(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(';').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
    }

    // Returns null when valid, else the problem. Messages never echo the token or metadata values (they may be secrets).
    private static string? Parse(string? connectionString, out SparkConnectConnectionString? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "the string is empty; expected sc://host:port/;name=value;...";
        }

        if (!connectionString.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var colon = connectionString.IndexOf("://", StringComparison.Ordinal);
            return colon > 0
                ? $"the scheme is '{connectionString[..colon]}'; it must be 'sc' (sc://host:port/;name=value)."
                : "it must start with 'sc://' (sc://host:port/;name=value).";
        }

        var rest = connectionString[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? rest : rest[..slash];
        var tail = slash < 0 ? "" : rest[(slash + 1)..];

        if (authority.Contains(';', StringComparison.Ordinal))
        {
            return "parameters must follow a '/' after the host and port (sc://host:port/;name=value).";
        }

        if (ParseAuthority(authority, out var host, out var port) is { } authorityError)
        {
            return authorityError;
        }

        if (tail.Length > 0 && tail[0] != ';')
        {
            return "the path must be empty; parameters follow '/;' (sc://host:port/;name=value).";
        }

        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        foreach (var segment in tail.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            position++;
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The text is not echoed: a value typed without its name may be a token.
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"parameter {position} {(equals == 0 ? "has an empty name" : "has no '='")}; parameters have the form name=value.");
            }

            var name = segment[..equals];
            if (!settings.TryAdd(name, segment[(equals + 1)..]))
            {
                return $"parameter '{name}' is given more than once.";
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null, userId = null, userAgent = null;
        Guid? sessionId = null;
        var useSsl = false;
        foreach (var (name, rawValue) in settings)
        {
            // A '%' that starts no valid escape stays as written, as in Spark's Python client.
            var value = Uri.UnescapeDataString(rawValue);

            switch (name)
            {
                case "token":
                    if (value.Length == 0 || !IsValidHeaderValue(value))
                    {
                        return "parameter 'token' must be non-empty printable ASCII.";
                    }

                    token = value;
                    break;
                case "use_ssl":
                    if (!bool.TryParse(value, out useSsl))
                    {
                        return $"parameter 'use_ssl' must be 'true' or 'false', not '{Truncate(value)}'.";
                    }

                    break;
                case "user_id":
                    userId = value;
                    break;
                case "user_agent":
                    if (value.Length is 0 or > 2048 || !IsValidHeaderValue(value))
                    {
                        return "parameter 'user_agent' must be 1 to 2048 printable ASCII characters.";
                    }

                    userAgent = value;
                    break;
                case "session_id":
                    if (!Guid.TryParseExact(value, "D", out var guid))
                    {
                        return $"parameter 'session_id' must be a UUID such as 550e8400-e29b-41d4-a716-446655440000, not '{Truncate(value)}'.";
                    }

                    sessionId = guid;
                    break;
                default:
                    if (ValidateMetadata(name, value) is { } problem)
                    {
                        return problem;
                    }

                    metadata[name] = value;
                    break;
            }
        }

        parsed = new SparkConnectConnectionString
        {
            Host = host,
            Port = port,
            Token = token,
            UseSsl = useSsl,
            UserId = userId,
            UserAgent = userAgent,
            SessionId = sessionId,
            Metadata = metadata,
        };
        return null;
    }

    private static string? ParseAuthority(string authority, out string host, out int port)
    {
        host = "";
        port = DefaultPort;
        if (authority.Length == 0)
        {
            return "the host is missing (sc://host:port/).";
        }

        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return "user information before the host ('user@host') is not allowed; use the token and user_id parameters.";
        }

        string? portText;
        if (authority[0] == '[')
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return "the IPv6 address has no closing ']'.";
            }

            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0 && after[0] != ':')
            {
                return "unexpected text after the IPv6 address; expected ':port'.";
            }

            portText = after.Length > 0 ? after[1..] : null;
            if (Uri.CheckHostName(host) != UriHostNameType.IPv6)
            {
                return $"'{host}' is not a valid IPv6 address.";
            }
        }
        else
        {
            var colon = authority.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0 && authority.IndexOf(':', colon + 1) >= 0)
            {
                return "the host and port must have the form host:port (write IPv6 addresses as [address]:port).";
            }

            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
            if (host.Length == 0)
            {
                return "the host is missing (sc://host:port/).";
            }

            if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            {
                return $"'{Truncate(host)}' is not a valid host name or IP address.";
            }
        }

        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return $"the port '{Truncate(portText)}' must be a number from 1 to 65535.";
        }

        return null;
    }

    // gRPC metadata keys are lowercase; values of non-binary keys are printable ASCII.
    private static string? ValidateMetadata(string name, string value)
    {
        if (name.Length == 0 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.'))
        {
            return $"parameter '{Truncate(name)}' is not a client setting (token, use_ssl, user_id, user_agent, session_id), so it is sent as gRPC metadata, whose names use only a-z, 0-9, '-', '_' and '.'.";
        }

        if (name.StartsWith("grpc-", StringComparison.Ordinal) || ReservedHeaders.Contains(name))
        {
            return $"parameter '{name}' names a header the client sets itself.";
        }

        return IsValidHeaderValue(value) ? null : $"the value of parameter '{name}' must be printable ASCII.";
    }

    private static bool IsValidHeaderValue(string value) => value.All(c => c is >= ' ' and <= '~');

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 61), "...");
}
