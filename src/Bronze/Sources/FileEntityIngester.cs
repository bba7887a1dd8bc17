using Lakehouse.Bronze.Http;
using Lakehouse.Bronze.Json;
using Lakehouse.Bronze.Landing;
using Lakehouse.Common.Configuration;

namespace Lakehouse.Bronze.Sources;

/// <summary>
/// Lands the files of a files entity: local files (a path or a <c>*</c> pattern, relative to the config
/// file) or an http(s) URL. CSV is landed byte for byte, one part per file; JSON and NDJSON become NDJSON
/// records exactly as received.
/// </summary>
internal sealed class FileEntityIngester
{
    private readonly SourceConfig _source;
    private readonly EntityConfig _entity;
    private readonly string _configDirectory;
    private readonly ResilientFetcher _fetcher;
    private readonly Action<int, long> _fileRead;

    public FileEntityIngester(SourceConfig source, EntityConfig entity, string configDirectory, ResilientFetcher fetcher, Action<int, long> fileRead)
    {
        _source = source;
        _entity = entity;
        _configDirectory = configDirectory;
        _fetcher = fetcher;
        _fileRead = fileRead;
    }

    public static string ExtensionFor(EntityConfig entity) => entity.Format == FileFormat.Csv ? "csv" : "json";

    public async Task<IngestStats> IngestAsync(BatchWriter writer, CancellationToken cancellationToken)
    {
        writer.Begin();
        var counter = new RecordCounter();
        var location = _entity.Location!;
        if (Uri.TryCreate(location, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            using var body = await _fetcher.GetAsync(url, response => response.TakeBody(), cancellationToken);
            Land(writer, counter, body.Memory, url.ToString());
            return new IngestStats(url.ToString(), counter.Pages, counter.Records, counter.Duplicates, null, 0);
        }

        var path = Path.GetFullPath(Path.Combine(_configDirectory, location));
        var directory = Path.GetDirectoryName(path)!;
        var pattern = Path.GetFileName(path);
        if (!Directory.Exists(directory))
        {
            throw new BronzeException($"The landing folder '{directory}' of {_source.Name}/{_entity.Name} does not exist.");
        }

        var files = Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new BronzeException($"No file matches '{path}' for {_source.Name}/{_entity.Name}; nothing to land.");
        }

        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Land(writer, counter, await File.ReadAllBytesAsync(file, cancellationToken), file);
        }

        return new IngestStats(path, counter.Pages, counter.Records, counter.Duplicates, null, 0);
    }

    private void Land(BatchWriter writer, RecordCounter counter, Memory<byte> content, string origin)
    {
        try
        {
            switch (_entity.Format)
            {
                case FileFormat.Csv:
                    var rows = Math.Max(0, CsvRows.Count(content.Span) - 1);
                    writer.WriteWholeFile(content.Span, rows);
                    counter.AddFile(rows);
                    break;
                case FileFormat.Json:
                    var page = RecordExtractor.Extract(content, _entity.RecordsField, _entity.KeyField, null, null, _source.Http.MaxDepth);
                    RecordExtractor.ToNdjsonInPlace(content, page);
                    writer.WriteLines(page.Ndjson.Span, page.RecordCount);
                    counter.AddPage(page.RecordCount, page.Keys);
                    break;
                default:
                    var keys = new PageKeys();
                    counter.AddPage(LandNdjson(writer, content.Span, keys), keys);
                    break;
            }
        }
        catch (BadResponseException e)
        {
            throw new BronzeException($"'{origin}' cannot be landed as {_entity.Format}: {e.Message}.", e);
        }

        _fileRead(1, content.Length);
    }

    /// <summary>Lands each non-blank line as a record and returns how many there were.</summary>
    private int LandNdjson(BatchWriter writer, ReadOnlySpan<byte> content, PageKeys keys)
    {
        var records = 0;
        var span = content;
        var line = 0;
        while (!span.IsEmpty)
        {
            line++;
            var end = span.IndexOf((byte)'\n');
            var record = (end < 0 ? span : span[..end]).TrimEnd((byte)'\r');
            span = end < 0 ? [] : span[(end + 1)..];
            if (record.Trim((byte)' ').IsEmpty)
            {
                continue;
            }

            var page = RecordExtractor.Extract(WrapInArray(record), null, _entity.KeyField, null, null, _source.Http.MaxDepth);
            if (page.Records.Count != 1)
            {
                throw new BadResponseException($"line {line} is not one JSON object");
            }

            writer.WriteRecord(record);
            keys.AddRange(page.Keys);
            records++;
        }

        return records;
    }

    private static byte[] WrapInArray(ReadOnlySpan<byte> record) => [(byte)'[', .. record, (byte)']'];
}

/// <summary>Counts CSV rows per RFC 4180: newlines inside quoted fields do not end a row.</summary>
internal static class CsvRows
{
    public static long Count(ReadOnlySpan<byte> csv)
    {
        long rows = 0;
        var quoted = false;
        var rowHasContent = false;
        foreach (var b in csv)
        {
            if (b == (byte)'"')
            {
                quoted = !quoted;
                rowHasContent = true;
            }
            else if (b == (byte)'\n' && !quoted)
            {
                if (rowHasContent)
                {
                    rows++;
                }

                rowHasContent = false;
            }
            else if (b != (byte)'\r')
            {
                rowHasContent = true;
            }
        }

        return rowHasContent ? rows + 1 : rows;
    }
}
