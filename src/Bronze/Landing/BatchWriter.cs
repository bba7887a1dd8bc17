using System.Security.Cryptography;
using System.Text.Json;
using Lakehouse.Common.Lake;
using Lakehouse.Storage;

namespace Lakehouse.Bronze.Landing;

/// <summary>
/// Writes one bronze batch: part files (NDJSON records exactly as received, or whole CSV files), each
/// written under a temporary name and renamed when complete, then the manifest, last and put-if-absent.
/// Until the manifest exists nothing in the folder is data; <see cref="Abandon"/> removes it all.
/// </summary>
internal sealed class BatchWriter : IDisposable
{
    /// <summary>Part files roll over at this size so that readers can split the work.</summary>
    internal const long PartTargetBytes = 128L * 1024 * 1024;

    internal static readonly JsonSerializerOptions ManifestJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    private readonly string _extension;
    private readonly List<BatchFile> _files = [];
    private FileStream? _part;
    private IncrementalHash? _hash;
    private long _partRecords;
    private long _partBytes;

    public BatchWriter(string directory, string extension)
    {
        Directory = directory;
        _extension = extension;
    }

    public string Directory { get; }

    public string ManifestPath => Path.Combine(Directory, LakeLayout.ManifestFileName);

    /// <summary>True when this batch was already landed (by an earlier run with the same id).</summary>
    public bool AlreadyLanded => File.Exists(ManifestPath);

    public IReadOnlyList<BatchFile> Files => _files;

    /// <summary>Starts (or restarts) the batch from nothing: leftovers of a crashed attempt are removed.</summary>
    public void Begin()
    {
        Abandon();
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>Appends one NDJSON record (a single line of JSON, without its newline).</summary>
    public void WriteRecord(ReadOnlySpan<byte> record)
    {
        if (_part is null || _partBytes >= PartTargetBytes)
        {
            ClosePart();
            OpenPart();
        }

        _part!.Write(record);
        _part.WriteByte((byte)'\n');
        _hash!.AppendData(record);
        _hash.AppendData("\n"u8);
        _partRecords++;
        _partBytes += record.Length + 1;
    }

    /// <summary>Lands a whole file as one part (CSV is kept exactly as received).</summary>
    public void WriteWholeFile(ReadOnlySpan<byte> content, long records)
    {
        ClosePart();
        OpenPart();
        _part!.Write(content);
        _hash!.AppendData(content);
        _partRecords = records;
        _partBytes = content.Length;
        ClosePart();
    }

    /// <summary>Finishes the part files (durably) so their hashes are known; <see cref="Commit"/> then makes them a batch.</summary>
    public IReadOnlyList<BatchFile> CompleteParts()
    {
        ClosePart();
        return _files;
    }

    /// <summary>Closes the parts and writes the manifest if no other run did; false when one already had.</summary>
    public bool Commit(Func<IReadOnlyList<BatchFile>, BatchManifest> manifest)
    {
        ClosePart();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest(_files), ManifestJson);
        return LocalFiles.TryCreateExclusive(ManifestPath, bytes);
    }

    /// <summary>Removes everything this batch wrote (never a committed batch).</summary>
    public void Abandon()
    {
        ClosePart(keep: false);
        _files.Clear();
        if (System.IO.Directory.Exists(Directory) && !AlreadyLanded)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    public void Dispose() => ClosePart(keep: false);

    private string TempName(int index) => Path.Combine(Directory, "." + LakeLayout.PartFileName(index, _extension) + ".inprogress");

    private void OpenPart()
    {
        _part = new FileStream(TempName(_files.Count), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 20);
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _partRecords = 0;
        _partBytes = 0;
    }

    private void ClosePart(bool keep = true)
    {
        if (_part is null)
        {
            return;
        }

        var temp = _part.Name;
        if (keep)
        {
            _part.Flush(flushToDisk: true);
        }

        _part.Dispose();
        _part = null;
        var sha = Convert.ToHexStringLower(_hash!.GetHashAndReset());
        _hash.Dispose();
        _hash = null;
        if (!keep)
        {
            File.Delete(temp);
            return;
        }

        var name = LakeLayout.PartFileName(_files.Count, _extension);
        File.Move(temp, Path.Combine(Directory, name), overwrite: true);
        _files.Add(new BatchFile(name, _partRecords, _partBytes, sha));
    }
}
