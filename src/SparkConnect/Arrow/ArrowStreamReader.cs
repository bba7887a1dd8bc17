using System.Globalization;
using Lakehouse.SparkConnect.Arrow.Ipc;
using static Lakehouse.SparkConnect.Arrow.Ipc.ArrowFlatbufferIds;

namespace Lakehouse.SparkConnect.Arrow;

/// <summary>
/// Reads an Arrow IPC stream (the format Spark Connect returns in <c>ArrowBatch.data</c>): a schema
/// message, then record batches, then an optional end-of-stream marker. Uncompressed, little-endian
/// streams only; anything else is refused with <see cref="ArrowNotSupportedException"/> rather than misread.
/// </summary>
/// <remarks>
/// The reader keeps the stream's bytes and decodes values from them on demand, so batches and columns
/// stay valid as long as the caller does not change the bytes.
/// </remarks>
public sealed class ArrowStreamReader
{
    private const string DefaultStreamName = "Arrow IPC stream";

    private readonly ReadOnlyMemory<byte> _data;
    private readonly int _firstBatchPosition;

    /// <summary>Reads the schema of the stream held in <paramref name="data"/>.</summary>
    /// <param name="data">The whole stream.</param>
    /// <param name="streamName">A name used in error messages, for example the file or the operation id.</param>
    /// <exception cref="ArrowFormatException">The bytes do not start with a valid schema message.</exception>
    /// <exception cref="ArrowNotSupportedException">The schema uses a type or encoding this reader refuses.</exception>
    public ArrowStreamReader(ReadOnlyMemory<byte> data, string? streamName = null)
    {
        _data = data;
        StreamName = string.IsNullOrEmpty(streamName) ? DefaultStreamName : streamName;

        var messages = new IpcMessageReader(data);
        Schema = Guard(() =>
        {
            if (!messages.TryRead(out var message))
            {
                throw new ArrowFormatException("The stream is empty; it must start with a schema message.");
            }

            if (message.HeaderType != HeaderSchema)
            {
                throw new ArrowFormatException(string.Create(
                    CultureInfo.InvariantCulture, $"The first message has header type {message.HeaderType}; a stream must start with its schema."));
            }

            return SchemaDecoder.Decode(message.Header, StreamName);
        });
        _firstBatchPosition = messages.Position;
    }

    /// <summary>The name used in error messages.</summary>
    public string StreamName { get; }

    /// <summary>The stream's columns.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>Reads a whole stream into memory, then its schema.</summary>
    /// <param name="stream">The stream to read to its end.</param>
    /// <param name="streamName">A name used in error messages.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ArrowStreamReader> ReadAsync(Stream stream, string? streamName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new ArrowStreamReader(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), streamName);
    }

    /// <summary>Reads a whole stream into memory, then its schema.</summary>
    /// <param name="stream">The stream to read to its end.</param>
    /// <param name="streamName">A name used in error messages.</param>
    public static ArrowStreamReader Read(Stream stream, string? streamName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new ArrowStreamReader(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), streamName);
    }

    /// <summary>
    /// The record batches, in stream order, decoded as they are enumerated. Each enumeration starts again
    /// from the first batch.
    /// </summary>
    /// <exception cref="ArrowFormatException">A message is truncated or inconsistent with the schema.</exception>
    /// <exception cref="ArrowNotSupportedException">A batch is compressed or a dictionary batch appears.</exception>
    public IEnumerable<ArrowRecordBatch> ReadBatches()
    {
        var messages = new IpcMessageReader(_data, _firstBatchPosition);
        while (Guard(() => NextBatch(messages)) is { } batch)
        {
            yield return batch;
        }
    }

    private ArrowRecordBatch? NextBatch(IpcMessageReader messages)
    {
        if (!messages.TryRead(out var message))
        {
            return null;
        }

        return message.HeaderType switch
        {
            HeaderRecordBatch => RecordBatchDecoder.Decode(Schema, message.Header, message.Body, StreamName),
            HeaderDictionaryBatch => throw new ArrowNotSupportedException(
                StreamName, "dictionary batch", $"{StreamName} contains a dictionary batch; dictionary encoding is not supported."),
            HeaderSchema => throw new ArrowFormatException("A second schema message appears after the first."),
            HeaderTensor or HeaderSparseTensor => throw new ArrowNotSupportedException(
                StreamName, "tensor", $"{StreamName} contains a tensor message, which is not a record batch."),
            _ => throw new ArrowFormatException(string.Create(CultureInfo.InvariantCulture, $"Unknown message header type {message.HeaderType}.")),
        };
    }

    // Puts the stream name in front of format errors, which the low-level decoders raise without it.
    private T Guard<T>(Func<T> decode)
    {
        try
        {
            return decode();
        }
        catch (ArrowFormatException ex)
        {
            throw new ArrowFormatException($"{StreamName} is not a valid Arrow IPC stream: {ex.Message}", ex);
        }
    }
}
