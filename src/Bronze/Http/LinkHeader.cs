namespace Lakehouse.Bronze.Http;

/// <summary>Reads RFC 8288 Link headers: <c>&lt;https://api/x?page=2&gt;; rel="next", &lt;...&gt;; rel="last"</c>.</summary>
internal static class LinkHeader
{
    /// <summary>The target of the link whose rel includes "next", or null.</summary>
    public static string? Next(string header)
    {
        foreach (var link in header.Split(','))
        {
            var parts = link.Split(';', StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !parts[0].StartsWith('<') || !parts[0].EndsWith('>'))
            {
                continue;
            }

            foreach (var parameter in parts.Skip(1))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0
                    && parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                    && parameter[(equals + 1)..].Trim().Trim('"').Split(' ').Contains("next", StringComparer.OrdinalIgnoreCase))
                {
                    return parts[0][1..^1];
                }
            }
        }

        return null;
    }
}
