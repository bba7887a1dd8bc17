using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;

namespace Lakehouse.SparkConnect.Client.Grpc;

/// <summary>
/// gRPC's length-prefixed message framing: 1 byte compressed flag, 4 bytes big-endian length, the message.
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>Frames one message, uncompressed.</summary>
    public static byte[] Frame(IMessage message)
    {
        var size = message.CalculateSize();
        var frame = new byte[HeaderLength + size];
        frame[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderLength));
        return frame;
    }
}

/// <summary>
/// Reads framed messages from a response body as they arrive. A message may span many reads (and HTTP/2 DATA
/// frames), and one read may hold several messages; the reader buffers exactly what it needs.
/// </summary>
internal sealed class GrpcFrameReader
{
    private readonly Stream _body;
    private readonly int _maxMessageLength;
    private readonly byte[] _header = new byte[GrpcFraming.HeaderLength];

    public GrpcFrameReader(Stream body, int maxMessageLength)
    {
        _body = body;
        _maxMessageLength = maxMessageLength;
    }

    /// <summary>Whether any byte of the body has been read (a retry after that could repeat work).</summary>
    public bool HasReadAny { get; private set; }

    /// <summary>The next message's bytes, or <see langword="null"/> at the clean end of the body.</summary>
    /// <exception cref="GrpcProtocolException">A frame is compressed, too large or cut short.</exception>
    public async ValueTask<byte[]?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var headerRead = await FillAsync(_header, cancellationToken).ConfigureAwait(false);
        if (headerRead == 0)
        {
            return null;
        }

        if (headerRead < GrpcFraming.HeaderLength)
        {
            throw new GrpcProtocolException(string.Create(
                CultureInfo.InvariantCulture, $"the response ended inside a message header ({headerRead} of 5 bytes)."));
        }

        if (_header[0] != 0)
        {
            throw new GrpcProtocolException(_header[0] == 1
                ? "the server sent a compressed message, but this client does not accept compression (it sends grpc-accept-encoding: identity)."
                : string.Create(CultureInfo.InvariantCulture, $"a message has the invalid compressed flag {_header[0]}."));
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(1));
        if (length > (uint)_maxMessageLength)
        {
            throw new GrpcProtocolException(string.Create(
                CultureInfo.InvariantCulture, $"a message of {length} bytes exceeds the limit of {_maxMessageLength} bytes."));
        }

        var message = new byte[length];
        var read = await FillAsync(message, cancellationToken).ConfigureAwait(false);
        if (read < message.Length)
        {
            throw new GrpcProtocolException(string.Create(
                CultureInfo.InvariantCulture, $"the response ended inside a message ({read} of {length} bytes)."));
        }

        return message;
    }

    // Reads until the buffer is full or the body ends; returns the bytes read.
    private async ValueTask<int> FillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await _body.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            HasReadAny = true;
            total += read;
        }

        return total;
    }
}

/// <summary>The response broke the gRPC protocol; surfaces as <see cref="GrpcStatusCode.Internal"/>.</summary>
internal sealed class GrpcProtocolException(string message) : Exception(message);
