using System.Buffers.Binary;
using System.Globalization;
using static Lakehouse.SparkConnect.Arrow.Ipc.ArrowFlatbufferIds;

namespace Lakehouse.SparkConnect.Arrow.Ipc;

/// <summary>One encapsulated IPC message: its flatbuffer header and its body bytes.</summary>
internal readonly record struct IpcMessage(byte HeaderType, FlatBufferTable Header, ReadOnlyMemory<byte> Body);

/// <summary>
/// Splits an Arrow IPC stream into encapsulated messages: <c>0xFFFFFFFF</c>, an int32 metadata length,
/// the flatbuffer <c>Message</c>, then <c>bodyLength</c> bytes of body. Streams written before Arrow 0.15
/// omit the <c>0xFFFFFFFF</c> marker; both forms are read. A zero length (or the end of the bytes) ends the stream.
/// </summary>
internal sealed class IpcMessageReader
{
    private const int ContinuationMarker = -1;

    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    public IpcMessageReader(ReadOnlyMemory<byte> data, int position = 0)
    {
        _data = data;
        _position = position;
    }

    /// <summary>Where the next message starts.</summary>
    public int Position => _position;

    public bool TryRead(out IpcMessage message)
    {
        message = default;
        if (!TryReadInt32(out var metadataLength))
        {
            return false;
        }

        if (metadataLength == ContinuationMarker && !TryReadInt32(out metadataLength))
        {
            throw new ArrowFormatException("The stream ends after a continuation marker, before the metadata length.");
        }

        if (metadataLength == 0)
        {
            return false;
        }

        if (metadataLength < 0 || metadataLength > _data.Length - _position)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Message metadata length {metadataLength} at byte {_position - 4} exceeds the {_data.Length - _position} bytes left."));
        }

        var root = FlatBufferTable.Root(_data.Slice(_position, metadataLength));
        _position += metadataLength;

        var version = root.GetInt16(MessageVersion);
        if (version < MetadataV4)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Metadata version V{version + 1} predates Arrow 0.8 and is not readable."));
        }

        var bodyLength = root.GetInt64(MessageBodyLength);
        if (bodyLength < 0 || bodyLength > _data.Length - _position)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Message body length {bodyLength} exceeds the {_data.Length - _position} bytes left."));
        }

        var body = _data.Slice(_position, (int)bodyLength);
        _position += (int)bodyLength;

        var headerType = root.GetByte(MessageHeaderType);
        var header = root.GetTable(MessageHeader)
            ?? throw new ArrowFormatException(string.Create(CultureInfo.InvariantCulture, $"Message of type {headerType} has no header."));
        message = new IpcMessage(headerType, header, body);
        return true;
    }

    private bool TryReadInt32(out int value)
    {
        value = 0;
        if (_data.Length - _position < 4)
        {
            // A writer may end the stream without the end-of-stream marker; a few stray bytes are corruption.
            return _data.Length == _position
                ? false
                : throw new ArrowFormatException("The stream ends in the middle of a message prefix.");
        }

        value = BinaryPrimitives.ReadInt32LittleEndian(_data.Span[_position..]);
        _position += 4;
        return true;
    }
}
