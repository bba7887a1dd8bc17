using System.Globalization;
using System.Text;

namespace Lakehouse.Delta;

/// <summary>The kinds of files in <c>_delta_log</c> that take part in log replay.</summary>
internal enum LogFileKind
{
    Commit,
    Checkpoint,
    MultiPartCheckpoint,
    UuidCheckpoint,
}

/// <summary>A parsed <c>_delta_log</c> file name.</summary>
internal readonly record struct LogFileName(long Version, LogFileKind Kind, int Part, int Parts, string Name);

/// <summary>File names of the log, URI path decoding and Hive-style partition directory escaping.</summary>
internal static class LogPaths
{
    public const string LastCheckpoint = "_last_checkpoint";

    public static string CommitName(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".json";

    public static string CheckpointName(long version) => version.ToString("D20", CultureInfo.InvariantCulture) + ".checkpoint.parquet";

    /// <summary>Parses a log file name; null for files that are not commits or checkpoints (.crc, temp files, ...).</summary>
    public static LogFileName? Parse(string name)
    {
        if (name.Length < 25 || !IsDigits(name.AsSpan(0, 20)) || name[20] != '.')
        {
            return null;
        }

        var version = long.Parse(name.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture);
        var rest = name.AsSpan(21);
        if (rest.SequenceEqual("json"))
        {
            return new LogFileName(version, LogFileKind.Commit, 0, 0, name);
        }

        if (rest.SequenceEqual("checkpoint.parquet"))
        {
            return new LogFileName(version, LogFileKind.Checkpoint, 1, 1, name);
        }

        if (!rest.StartsWith("checkpoint."))
        {
            return null;
        }

        rest = rest["checkpoint.".Length..];
        // <o>.<p>.parquet with 10-digit o and p
        if (rest.Length == 10 + 1 + 10 + 8 && rest.EndsWith(".parquet") && rest[10] == '.'
            && IsDigits(rest[..10]) && IsDigits(rest.Slice(11, 10)))
        {
            var part = int.Parse(rest[..10], NumberStyles.None, CultureInfo.InvariantCulture);
            var parts = int.Parse(rest.Slice(11, 10), NumberStyles.None, CultureInfo.InvariantCulture);
            return part >= 1 && part <= parts ? new LogFileName(version, LogFileKind.MultiPartCheckpoint, part, parts, name) : null;
        }

        if (rest.EndsWith(".parquet") || rest.EndsWith(".json"))
        {
            return new LogFileName(version, LogFileKind.UuidCheckpoint, 0, 0, name);
        }

        return null;
    }

    /// <summary>Refuses names that could escape the log directory.</summary>
    public static void ValidateFileName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
        {
            throw new ArgumentException($"'{name}' is not a valid log file name.", nameof(name));
        }
    }

    /// <summary>Decodes an <c>add</c>/<c>remove</c> path (RFC 2396 percent-decoding; '+' stays '+').</summary>
    public static string DecodePath(string path) => Uri.UnescapeDataString(path);

    /// <summary>Percent-encodes a relative path for the log the way Hadoop's Path.toUri does for the characters it encodes.</summary>
    public static string EncodePath(string relativePath)
    {
        var builder = new StringBuilder(relativePath.Length);
        foreach (var b in Encoding.UTF8.GetBytes(relativePath))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "/-_.~!$&'()*+,;=:@".Contains(c, StringComparison.Ordinal)))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Escapes a partition directory name component as Spark/Hive do (ExternalCatalogUtils.escapePathName):
    /// control characters and <c>"#%'*/:=?\{[]^</c> and DEL become <c>%XX</c>.
    /// </summary>
    public static string EscapePartitionValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c < 0x20 || c == 0x7F || "\"#%'*/:=?\\{[]^".Contains(c, StringComparison.Ordinal))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsDigits(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return !span.IsEmpty;
    }
}
