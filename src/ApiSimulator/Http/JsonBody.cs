using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Lakehouse.ApiSimulator.Data;

namespace Lakehouse.ApiSimulator.Http;

/// <summary>
/// A JSON writer over either the response pipe (streamed, flushed every ~64 KiB so memory stays
/// bounded for any page size) or an in-memory buffer (for faults that send part of a body).
/// </summary>
internal sealed class JsonBody : IAsyncDisposable
{
    private const int FlushThreshold = 64 * 1024;

    private readonly PipeWriter? _pipe;
    private long _flushedAt;

    private JsonBody(IBufferWriter<byte> output, PipeWriter? pipe)
    {
        _pipe = pipe;
        Writer = new Utf8JsonWriter(output, JsonOutput.WriterOptions);
    }

    public Utf8JsonWriter Writer { get; }

    public static JsonBody ToPipe(PipeWriter pipe) => new(pipe, pipe);

    public static JsonBody ToBuffer(ArrayBufferWriter<byte> buffer) => new(buffer, null);

    /// <summary>Hands written bytes to the socket once enough have accumulated (and honours back-pressure).</summary>
    public ValueTask FlushIfLargeAsync(CancellationToken ct)
    {
        var written = Writer.BytesCommitted + Writer.BytesPending;
        if (_pipe is null || written - _flushedAt < FlushThreshold)
        {
            return ValueTask.CompletedTask;
        }

        _flushedAt = written;
        Writer.Flush();
        return FlushPipeAsync(ct);
    }

    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        Writer.Flush();
        if (_pipe is not null)
        {
            await _pipe.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => Writer.DisposeAsync();

    private async ValueTask FlushPipeAsync(CancellationToken ct) =>
        await _pipe!.FlushAsync(ct).ConfigureAwait(false);
}
