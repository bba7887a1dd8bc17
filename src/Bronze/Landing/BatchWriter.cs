using System.Security.Cryptography;
using System.Text.Json;
using Lakehouse.Common.Lake;
using Lakehouse.Storage;
using Microsoft.Win32.SafeHandles;

namespace Lakehouse.Bronze.Landing;

/// <summary>
/// Writes one bronze batch: part files (NDJSON records exactly as received, or whole CSV files), each
/// written under a temporary name and renamed when complete, then the manifest, last and put-if-absent.
/// Until the manifest exists nothing in the folder is data; <see cref="Abandon"/> removes it all.
/// </summary>
/// <remarks>
/// Built for throughput: whole pages of NDJSON are written and hashed with one call each (single records go
/// through a staging buffer), the sha256 is computed while writing, dirty pages are flushed to disk in the
/// background as the part grows, and a finished part is made durable and renamed in the background while the
/// next one is written. <see cref="CompleteParts"/> waits for all of it, so a manifest never precedes its data.
/// </remarks>
internal sealed class BatchWriter : IDisposable
{
    /// <summary>Part files roll over at this size so that readers can split the work.</summary>
    internal const long PartTargetBytes = 128L * 1024 * 1024;

    internal static readonly JsonSerializerOptions ManifestJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    /// <summary>Single records are gathered up to this size before they are written and hashed.</summary>
    private const int StagingBytes = 256 * 1024;

    /// <summary>Written bytes are flushed to disk in the background every this many, so the final fsync is short.</summary>
    private const long BackgroundFlushBytes = 32L * 1024 * 1024;

    private readonly string _extension;
    private readonly long _partTargetBytes;
    private readonly List<BatchFile> _files = [];
    private readonly List<Task> _closing = [];
    private byte[]? _staging; // only single records use it: allocated on the first
    private int _staged;
    private SafeFileHandle? _part;
    private string? _partTemp;
    private IncrementalHash? _hash;
    private Task _flushing = Task.CompletedTask;
    private long _flushedAt;
    private long _partRecords;
    private long _partBytes;
    private long _written;

    public BatchWriter(string directory, string extension, long partTargetBytes = PartTargetBytes)
    {
        Directory = directory;
        _extension = extension;
        _partTargetBytes = partTargetBytes;
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
        RollPartIfFull();
        _staging ??= new byte[StagingBytes];
        if (record.Length + 1 > _staging.Length - _staged)
        {
            FlushStaging();
        }

        if (record.Length + 1 > _staging.Length)
        {
            Append(record);
            Append("\n"u8);
        }
        else
        {
            record.CopyTo(_staging.AsSpan(_staged));
            _staging[_staged + record.Length] = (byte)'\n';
            _staged += record.Length + 1;
        }

        _partRecords++;
        _partBytes += record.Length + 1;
    }

    /// <summary>
    /// Appends <paramref name="records"/> complete NDJSON lines (each ending in a newline) in one go. Parts roll
    /// over exactly where <see cref="WriteRecord"/> would roll them: after the first record that reaches the target.
    /// </summary>
    public void WriteLines(ReadOnlySpan<byte> lines, long records)
    {
        while (!lines.IsEmpty)
        {
            RollPartIfFull();

            var room = _partTargetBytes - _partBytes;
            ReadOnlySpan<byte> piece;
            long pieceRecords;
            var crossing = lines.Length <= room ? -1 : lines[((int)room - 1)..].IndexOf((byte)'\n');
            if (crossing < 0)
            {
                piece = lines;
                pieceRecords = records;
            }
            else
            {
                // The record that crosses the target ends the part: cut after its newline.
                piece = lines[..((int)room + crossing)];
                pieceRecords = piece.Count((byte)'\n');
            }

            FlushStaging();
            Append(piece);
            _partRecords += pieceRecords;
            _partBytes += piece.Length;
            records -= pieceRecords;
            lines = lines[piece.Length..];
        }
    }

    /// <summary>Lands a whole file as one part (CSV is kept exactly as received).</summary>
    public void WriteWholeFile(ReadOnlySpan<byte> content, long records)
    {
        ClosePart();
        OpenPart();
        Append(content);
        _partRecords = records;
        _partBytes = content.Length;
        ClosePart();
    }

    /// <summary>Finishes the part files (durably) so their hashes are known; <see cref="Commit"/> then makes them a batch.</summary>
    public IReadOnlyList<BatchFile> CompleteParts()
    {
        ClosePart();
        try
        {
            Task.WaitAll(_closing);
        }
        catch (AggregateException e)
        {
            // The first failure as itself (an IOException, say), which the job reports as the entity's error.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.Flatten().InnerExceptions[0]);
        }

        _closing.Clear();
        return _files;
    }

    /// <summary>Closes the parts and writes the manifest if no other run did; false when one already had.</summary>
    public bool Commit(Func<IReadOnlyList<BatchFile>, BatchManifest> manifest)
    {
        CompleteParts();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest(_files), ManifestJson);
        return LocalFiles.TryCreateExclusive(ManifestPath, bytes);
    }

    /// <summary>Removes everything this batch wrote (never a committed batch).</summary>
    public void Abandon()
    {
        ClosePart(keep: false);
        WaitForClosingQuietly();
        _files.Clear();
        if (System.IO.Directory.Exists(Directory) && !AlreadyLanded)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    public void Dispose()
    {
        ClosePart(keep: false);
        WaitForClosingQuietly();
    }

    private void WaitForClosingQuietly()
    {
        foreach (var task in _closing)
        {
            // A part that fails to close belongs to a batch being thrown away: its error no longer matters.
            task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Wait();
        }

        _closing.Clear();
    }

    private string TempName(int index) => Path.Combine(Directory, "." + LakeLayout.PartFileName(index, _extension) + ".inprogress");

    /// <summary>Starts the first part, or the next one once this one has reached the target size.</summary>
    private void RollPartIfFull()
    {
        if (_part is null || _partBytes >= _partTargetBytes)
        {
            ClosePart();
            OpenPart();
        }
    }

    private void OpenPart()
    {
        _partTemp = TempName(_files.Count);
        _part = File.OpenHandle(_partTemp, FileMode.Create, FileAccess.Write, FileShare.None);
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        _flushing = Task.CompletedTask;
        _flushedAt = 0;
        _written = 0;
        _partRecords = 0;
        _partBytes = 0;
    }

    /// <summary>Writes bytes at the end of the part and hashes them; anything staged must be flushed first.</summary>
    private void Append(ReadOnlySpan<byte> bytes)
    {
        RandomAccess.Write(_part!, bytes, _written);
        _hash!.AppendData(bytes);
        _written += bytes.Length;
        if (_written - _flushedAt >= BackgroundFlushBytes && _flushing.IsCompleted)
        {
            // Let the disk catch up while more is written, so that closing the part has little left to wait for.
            _flushedAt = _written;
            var part = _part!;
            _flushing = OffThePool(() => RandomAccess.FlushToDisk(part));
        }
    }

    /// <summary>
    /// Runs blocking disk work (fsync can take a second) on a thread of its own: on a thread-pool thread it would
    /// take one of the few workers (two on two cores) that fetch and validate pages, and halve the throughput.
    /// </summary>
    private static Task OffThePool(Action work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void FlushStaging()
    {
        if (_staged > 0)
        {
            var staged = _staged;
            _staged = 0;
            Append(_staging.AsSpan(0, staged)); // _staged > 0: WriteRecord allocated it
        }
    }

    private void ClosePart(bool keep = true)
    {
        if (_part is null)
        {
            return;
        }

        if (keep)
        {
            FlushStaging();
        }

        var part = _part;
        var temp = _partTemp!;
        var flushing = _flushing;
        _part = null;
        if (!keep)
        {
            _staged = 0;
            _hash!.Dispose();
            _hash = null;
            _closing.Add(OffThePool(() =>
            {
                try
                {
                    flushing.GetAwaiter().GetResult();
                }
                finally
                {
                    part.Dispose();
                    File.Delete(temp);
                }
            }));
            return;
        }

        var sha = Convert.ToHexStringLower(_hash!.GetHashAndReset());
        _hash.Dispose();
        _hash = null;
        var name = LakeLayout.PartFileName(_files.Count, _extension);
        _files.Add(new BatchFile(name, _partRecords, _partBytes, sha));

        // Durable, then renamed: a part file under its final name is always complete and on disk.
        var final = Path.Combine(Directory, name);
        _closing.Add(OffThePool(() =>
        {
            try
            {
                flushing.GetAwaiter().GetResult();
                RandomAccess.FlushToDisk(part);
            }
            finally
            {
                part.Dispose();
            }

            File.Move(temp, final, overwrite: true);
        }));
    }
}
