using System.Buffers.Binary;
using System.Text;

namespace Lakehouse.SparkConnect.Tests.Arrow;

/// <summary>A FlatBuffers table for <see cref="TestArrowStreamWriter"/>: field id to value.</summary>
internal sealed class FbTable
{
    public SortedDictionary<int, object> Fields { get; } = [];

    public FbTable With(int id, object value)
    {
        Fields[id] = value;
        return this;
    }
}

/// <summary>A vector of fixed-size structs, already laid out as bytes.</summary>
internal sealed record FbStructVector(int Count, byte[] Bytes);

/// <summary>
/// Writes small Arrow IPC streams for tests of types the shared fixtures lack (map, large types, float16, ...).
/// Objects are laid out after the fields that point at them, since FlatBuffers offsets point forward.
/// Field ids and type ids follow apache/arrow format/Schema.fbs and Message.fbs.
/// </summary>
internal static class TestArrowStreamWriter
{
    public const byte TypeNull = 1, TypeInt = 2, TypeFloatingPoint = 3, TypeBinary = 4, TypeUtf8 = 5, TypeBool = 6,
        TypeDecimal = 7, TypeDate = 8, TypeTime = 9, TypeTimestamp = 10, TypeInterval = 11, TypeList = 12, TypeStruct = 13,
        TypeMap = 17, TypeDuration = 18, TypeLargeBinary = 19, TypeLargeUtf8 = 20;

    public static FbTable Field(string name, bool nullable, byte typeId, FbTable type, params FbTable[] children) =>
        new FbTable().With(0, name).With(1, nullable).With(2, typeId).With(3, type).With(5, children);

    public static FbTable Int(int bitWidth, bool signed) => new FbTable().With(0, bitWidth).With(1, signed);

    /// <summary>Schema message, one record batch with the given nodes and buffers, end-of-stream marker.</summary>
    public static byte[] Stream(
        FbTable[] fields,
        long rowCount,
        (long Length, long NullCount)[] nodes,
        byte[][] buffers,
        FbTable? compression = null,
        short endianness = 0)
    {
        using var output = new MemoryStream();
        var schema = new FbTable().With(0, endianness).With(1, fields);
        WriteMessage(output, headerType: 1, schema, []);

        var body = new MemoryStream();
        var bufferBytes = new byte[buffers.Length * 16];
        for (var i = 0; i < buffers.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bufferBytes.AsSpan(i * 16), body.Length);
            BinaryPrimitives.WriteInt64LittleEndian(bufferBytes.AsSpan((i * 16) + 8), buffers[i].Length);
            body.Write(buffers[i]);
            Pad(body);
        }

        var nodeBytes = new byte[nodes.Length * 16];
        for (var i = 0; i < nodes.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(nodeBytes.AsSpan(i * 16), nodes[i].Length);
            BinaryPrimitives.WriteInt64LittleEndian(nodeBytes.AsSpan((i * 16) + 8), nodes[i].NullCount);
        }

        var batch = new FbTable()
            .With(0, rowCount)
            .With(1, new FbStructVector(nodes.Length, nodeBytes))
            .With(2, new FbStructVector(buffers.Length, bufferBytes));
        if (compression is not null)
        {
            batch.With(3, compression);
        }

        WriteMessage(output, headerType: 3, batch, body.ToArray());
        output.Write([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
        return output.ToArray();
    }

    public static byte[] Int32s(params int[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] Int64s(params long[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>A validity or boolean bitmap, least significant bit first.</summary>
    public static byte[] Bits(params bool[] bits)
    {
        var bytes = new byte[(bits.Length + 7) / 8];
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                bytes[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return bytes;
    }

    private static void WriteMessage(MemoryStream output, byte headerType, FbTable header, byte[] body)
    {
        var message = new FbTable().With(0, (short)4).With(1, headerType).With(2, header).With(3, (long)body.Length);
        var metadata = new MemoryStream();
        metadata.Write(Serialize(message));
        Pad(metadata);

        output.Write([0xFF, 0xFF, 0xFF, 0xFF]);
        output.Write(BitConverter.GetBytes((int)metadata.Length));
        output.Write(metadata.ToArray());
        output.Write(body);
    }

    private static void Pad(MemoryStream stream)
    {
        while (stream.Length % 8 != 0)
        {
            stream.WriteByte(0);
        }
    }

    private static byte[] Serialize(FbTable root)
    {
        var buffer = new List<byte>(new byte[4]);
        var rootPosition = WriteTable(buffer, root);
        Patch(buffer, 0, rootPosition);
        return buffer.ToArray();
    }

    private static int WriteTable(List<byte> buffer, FbTable table)
    {
        var slots = table.Fields.Count == 0 ? 0 : table.Fields.Keys.Max() + 1;
        var vtable = buffer.Count;
        buffer.AddRange(new byte[4 + (2 * slots)]);

        var start = buffer.Count;
        buffer.AddRange(BitConverter.GetBytes(start - vtable));
        var references = new List<(int Position, object Target)>();
        var fieldOffsets = new Dictionary<int, int>();
        foreach (var (id, value) in table.Fields)
        {
            fieldOffsets[id] = buffer.Count - start;
            switch (value)
            {
                case bool flag: buffer.Add(flag ? (byte)1 : (byte)0); break;
                case byte small: buffer.Add(small); break;
                case short half: buffer.AddRange(BitConverter.GetBytes(half)); break;
                case int word: buffer.AddRange(BitConverter.GetBytes(word)); break;
                case long wide: buffer.AddRange(BitConverter.GetBytes(wide)); break;
                default:
                    references.Add((buffer.Count, value));
                    buffer.AddRange(new byte[4]);
                    break;
            }
        }

        WriteUInt16(buffer, vtable, 4 + (2 * slots));
        WriteUInt16(buffer, vtable + 2, buffer.Count - start);
        foreach (var (id, offset) in fieldOffsets)
        {
            WriteUInt16(buffer, vtable + 4 + (2 * id), offset);
        }

        foreach (var (position, target) in references)
        {
            Patch(buffer, position, WriteObject(buffer, target));
        }

        return start;
    }

    private static int WriteObject(List<byte> buffer, object value)
    {
        var position = buffer.Count;
        switch (value)
        {
            case FbTable table:
                return WriteTable(buffer, table);
            case string text:
                var bytes = Encoding.UTF8.GetBytes(text);
                buffer.AddRange(BitConverter.GetBytes(bytes.Length));
                buffer.AddRange(bytes);
                buffer.Add(0);
                return position;
            case FbTable[] tables:
                buffer.AddRange(BitConverter.GetBytes(tables.Length));
                buffer.AddRange(new byte[4 * tables.Length]);
                for (var i = 0; i < tables.Length; i++)
                {
                    Patch(buffer, position + 4 + (4 * i), WriteTable(buffer, tables[i]));
                }

                return position;
            case FbStructVector structs:
                buffer.AddRange(BitConverter.GetBytes(structs.Count));
                buffer.AddRange(structs.Bytes);
                return position;
            default:
                throw new ArgumentException($"Cannot write {value.GetType().Name}.", nameof(value));
        }
    }

    // A uoffset is relative to where it is stored.
    private static void Patch(List<byte> buffer, int position, int target)
    {
        var bytes = BitConverter.GetBytes(target - position);
        for (var i = 0; i < 4; i++)
        {
            buffer[position + i] = bytes[i];
        }
    }

    private static void WriteUInt16(List<byte> buffer, int position, int value)
    {
        buffer[position] = (byte)value;
        buffer[position + 1] = (byte)(value >> 8);
    }
}
