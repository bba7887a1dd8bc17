using Lakehouse.SparkConnect.Client.Grpc;
using Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Tests.Client;

public sealed class GrpcFrameReaderTests
{
    private static readonly ExecutePlanResponse First = new() { SessionId = "s", ResponseId = "r1" };
    private static readonly ExecutePlanResponse Second = new() { SessionId = "s", ResponseId = "r2", OperationId = new string('x', 300) };

    [Fact]
    public async Task ReadMessageAsync_OneBytePerRead_ReassemblesEveryMessage()
    {
        var body = new TrickleStream([.. FakeCall.Frame(First), .. FakeCall.Frame(Second)], chunk: 1);
        var reader = new GrpcFrameReader(body, 1 << 20);

        var messages = await ReadAllAsync(reader);

        messages.Select(m => ExecutePlanResponse.Parser.ParseFrom(m)).Should().Equal(First, Second);
        body.Reads.Should().BeGreaterThan(300, "each byte arrived in its own read");
    }

    [Fact]
    public async Task ReadMessageAsync_SeveralMessagesInOneRead_SplitsThem()
    {
        var empty = new ExecutePlanResponse();
        var body = new TrickleStream([.. FakeCall.Frame(First), .. FakeCall.Frame(empty), .. FakeCall.Frame(Second)], chunk: int.MaxValue);
        var reader = new GrpcFrameReader(body, 1 << 20);

        var messages = await ReadAllAsync(reader);

        messages.Select(m => ExecutePlanResponse.Parser.ParseFrom(m)).Should().Equal(First, empty, Second);
        messages[1].Should().BeEmpty("a zero-length message is a valid frame");
    }

    [Fact]
    public async Task ReadMessageAsync_EmptyBody_ReturnsNullWithoutReading()
    {
        var reader = new GrpcFrameReader(new MemoryStream(), 1024);

        (await reader.ReadMessageAsync(CancellationToken.None)).Should().BeNull();
        reader.HasReadAny.Should().BeFalse();
    }

    [Fact]
    public async Task ReadMessageAsync_CompressedFlag_IsRefused()
    {
        var reader = new GrpcFrameReader(new MemoryStream(FakeCall.Frame(First, compressedFlag: 1)), 1024);

        var act = async () => await reader.ReadMessageAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<GrpcProtocolException>()).Which.Message.Should().Contain("compressed message");
    }

    [Theory]
    [InlineData(3, "inside a message header (3 of 5 bytes)")]
    [InlineData(7, "inside a message (2 of")]
    public async Task ReadMessageAsync_BodyEndsMidFrame_FailsClearly(int keep, string problem)
    {
        var frame = FakeCall.Frame(Second);
        var reader = new GrpcFrameReader(new MemoryStream(frame[..keep]), 1024);

        var act = async () => await reader.ReadMessageAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<GrpcProtocolException>()).Which.Message.Should().Contain(problem);
    }

    [Fact]
    public async Task ReadMessageAsync_MessageOverTheLimit_IsRefusedBeforeAllocating()
    {
        byte[] header = [0, 0x7F, 0xFF, 0xFF, 0xFF];
        var reader = new GrpcFrameReader(new MemoryStream(header), 1024);

        var act = async () => await reader.ReadMessageAsync(CancellationToken.None);

        (await act.Should().ThrowAsync<GrpcProtocolException>()).Which.Message.Should().Contain("exceeds the limit of 1024 bytes");
    }

    [Fact]
    public void Frame_Message_HasZeroFlagAndBigEndianLength()
    {
        var frame = GrpcFraming.Frame(Second);

        frame[0].Should().Be(0);
        frame[1..5].Should().Equal(0, 0, (byte)(Second.CalculateSize() >> 8), (byte)Second.CalculateSize());
        ExecutePlanResponse.Parser.ParseFrom(frame[5..]).Should().Be(Second);
    }

    private static async Task<List<byte[]>> ReadAllAsync(GrpcFrameReader reader)
    {
        var messages = new List<byte[]>();
        while (await reader.ReadMessageAsync(CancellationToken.None) is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>A read-only stream that returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => data.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            Reads++;
            var count = Math.Min(Math.Min(chunk, buffer.Length), data.Length - _position);
            data.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
