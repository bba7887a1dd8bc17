using System.Buffers.Binary;
using Lakehouse.SparkConnect.Arrow;
using Lakehouse.SparkConnect.Arrow.Ipc;

namespace Lakehouse.SparkConnect.Tests.Arrow;

/// <summary>Framing variants and damaged input: the reader either decodes or fails with its own typed errors.</summary>
public sealed class ArrowStreamReaderRobustnessTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(SharedFixtures.Folder("arrow-ipc"), name + ".stream"));

    [Fact]
    public void ReadBatches_LegacyFramingWithoutContinuationMarker_DecodesLikeCurrentFraming()
    {
        var current = Fixture("generated_primitive");
        var legacy = ToLegacyFraming(current);
        legacy.Length.Should().BeLessThan(current.Length, "the continuation markers were removed");

        var expected = DecodeAll(new ArrowStreamReader(current));
        var actual = DecodeAll(new ArrowStreamReader(legacy));

        actual.Should().BeEquivalentTo(expected, options => options.WithStrictOrdering());
    }

    [Fact]
    public async Task ReadAsync_FromStream_DecodesLikeMemory()
    {
        var bytes = Fixture("generated_nested");
        await using var stream = new MemoryStream(bytes);

        var fromStream = await ArrowStreamReader.ReadAsync(stream, "nested");

        fromStream.StreamName.Should().Be("nested");
        DecodeAll(fromStream).Should().BeEquivalentTo(DecodeAll(new ArrowStreamReader(bytes)), options => options.WithStrictOrdering());
    }

    [Fact]
    public void Constructor_EmptyInput_FailsNamingTheStream()
    {
        var act = () => new ArrowStreamReader(ReadOnlyMemory<byte>.Empty, "empty-response");

        act.Should().Throw<ArrowFormatException>().WithMessage("*empty-response*schema*");
    }

    [Fact]
    public void ReadBatches_EveryTruncation_DecodesWholeMessagesOrFailsWithFormatError()
    {
        var bytes = Fixture("generated_nested");
        var boundaries = MessageBoundaries(bytes);

        for (var length = 0; length < bytes.Length; length++)
        {
            var outcome = Record.Exception(() => DecodeAll(new ArrowStreamReader(bytes.AsMemory(0, length), "cut")));
            if (boundaries.Contains(length) && length > boundaries[0])
            {
                // Cut exactly between messages: a valid stream that lacks its end marker.
                outcome.Should().BeNull($"a cut at message boundary {length} leaves whole messages");
            }
            else
            {
                outcome.Should().BeOfType<ArrowFormatException>($"a cut at {length} leaves a partial message")
                    .Which.Message.Should().Contain("cut");
            }
        }
    }

    [Fact]
    public void ReadBatches_CorruptMetadataBytes_FailWithTypedErrorsOnly()
    {
        var original = Fixture("generated_primitive");
        var random = new Random(20_240_601);
        var metadataRanges = MetadataRanges(original);

        for (var attempt = 0; attempt < 2_000; attempt++)
        {
            var bytes = (byte[])original.Clone();
            var (start, length) = metadataRanges[random.Next(metadataRanges.Count)];
            bytes[start + random.Next(length)] = (byte)random.Next(256);

            var outcome = Record.Exception(() => DecodeAll(new ArrowStreamReader(bytes)));

            outcome?.Should().Match<Exception>(
                e => e is ArrowFormatException || e is ArrowNotSupportedException || e is OverflowException,
                $"attempt {attempt} must fail only with the reader's documented errors, not {outcome.GetType().Name}: {outcome.Message}");
        }
    }

    private static List<List<object?>> DecodeAll(ArrowStreamReader reader) =>
        reader.ReadBatches()
            .SelectMany(batch => batch.Columns.Select(column => Enumerable.Range(0, column.Length).Select(column.GetValue).ToList()))
            .ToList();

    private static List<int> MessageBoundaries(byte[] bytes)
    {
        var boundaries = new List<int> { 0 };
        var reader = new IpcMessageReader(bytes);
        while (reader.TryRead(out _))
        {
            boundaries.Add(reader.Position);
        }

        return boundaries;
    }

    private static List<(int Start, int Length)> MetadataRanges(byte[] bytes)
    {
        var boundaries = MessageBoundaries(bytes);
        return boundaries.Take(boundaries.Count - 1)
            .Select(start => (start + 8, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(start + 4))))
            .ToList();
    }

    // Pre-0.15 writers framed each message as <int32 metadata length><metadata><body>, without 0xFFFFFFFF.
    private static byte[] ToLegacyFraming(byte[] current)
    {
        var boundaries = MessageBoundaries(current);
        using var legacy = new MemoryStream();
        for (var i = 0; i < boundaries.Count - 1; i++)
        {
            var start = boundaries[i];
            BinaryPrimitives.ReadInt32LittleEndian(current.AsSpan(start)).Should().Be(-1);
            legacy.Write(current, start + 4, boundaries[i + 1] - start - 4);
        }

        legacy.Write(new byte[4]);
        return legacy.ToArray();
    }
}
