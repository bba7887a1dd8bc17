using System.Text;

namespace Lakehouse.DataFrame.Compilation.DuckDb;

/// <summary>
/// Translates Spark's Java <c>DateTimeFormatter</c> patterns (<c>yyyy-MM-dd HH:mm:ss</c>) to DuckDB strftime/strptime
/// formats (<c>%Y-%m-%d %H:%M:%S</c>). Pattern letters without an exact equivalent fail with <see cref="NotSupportedException"/>.
/// </summary>
internal static class JavaDatePattern
{
    public static string ToStrftime(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var result = new StringBuilder();
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                var end = pattern.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new NotSupportedException($"Unterminated quoted text in the date pattern '{pattern}'.");
                }

                // '' is a literal quote.
                var literal = end == i + 1 ? "'" : pattern[(i + 1)..end];
                result.Append(literal.Replace("%", "%%", StringComparison.Ordinal));
                i = end + 1;
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                result.Append(c == '%' ? "%%" : c.ToString());
                i++;
                continue;
            }

            var run = 1;
            while (i + run < pattern.Length && pattern[i + run] == c)
            {
                run++;
            }

            result.Append(Translate(c, run, pattern));
            i += run;
        }

        return result.ToString();
    }

    private static string Translate(char letter, int count, string pattern) => (letter, count) switch
    {
        ('y' or 'u', 2) => "%y",
        ('y' or 'u', 1 or 4) => "%Y",
        ('M' or 'L', 1) => "%-m",
        ('M' or 'L', 2) => "%m",
        ('M' or 'L', 3) => "%b",
        ('M' or 'L', 4) => "%B",
        ('d', 1) => "%-d",
        ('d', 2) => "%d",
        ('D', 1) => "%-j",
        ('D', 3) => "%j",
        ('H', 1) => "%-H",
        ('H', 2) => "%H",
        ('h', 1) => "%-I",
        ('h', 2) => "%I",
        ('m', 1) => "%-M",
        ('m', 2) => "%M",
        ('s', 1) => "%-S",
        ('s', 2) => "%S",
        ('S', 3) => "%g",
        ('S', 6) => "%f",
        ('S', 9) => "%n",
        ('a', 1) => "%p",
        ('E', 1 or 2 or 3) => "%a",
        ('E', 4) => "%A",
        ('Z' or 'x' or 'X', _) => "%z",
        ('z', 1 or 2 or 3) => "%Z",
        _ => throw new NotSupportedException(
            $"The date pattern letter '{new string(letter, count)}' in '{pattern}' has no DuckDB strftime equivalent. " +
            "Supported: y yy yyyy, M MM MMM MMMM, d dd, D DDD, H HH, h hh, m mm, s ss, SSS SSSSSS SSSSSSSSS, a, E EEEE, Z/X/x, z, 'quoted text'."),
    };
}
