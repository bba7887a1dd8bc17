using System.Buffers.Binary;
using System.Text;

namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// A flatbuffer table to serialize: scalar fields and references (strings, tables, vectors) by vtable slot. Only what
/// the Arrow IPC metadata needs (tables, strings, vectors of tables, vectors of 8-byte-aligned structs).
/// </summary>
internal sealed class FlatBufferTableBuilder
{
    private readonly List<(int Slot, int Size, long Value, object? Reference)> _fields = [];

    public IReadOnlyList<(int Slot, int Size, long Value, object? Reference)> Fields => _fields;

    public FlatBufferTableBuilder Scalar(int slot, long value, int size)
    {
        _fields.Add((slot, size, value, null));
        return this;
    }

    public FlatBufferTableBuilder Table(int slot, FlatBufferTableBuilder table) => Reference(slot, table);

    public FlatBufferTableBuilder String(int slot, string text) => Reference(slot, text);

    public FlatBufferTableBuilder Tables(int slot, IReadOnlyList<FlatBufferTableBuilder> tables) => Reference(slot, tables);

    /// <summary>A vector of fixed-size structs whose fields are 8-byte aligned (Arrow's FieldNode and Buffer).</summary>
    public FlatBufferTableBuilder Structs(int slot, byte[] packedStructs, int count) => Reference(slot, new StructVector(packedStructs, count));

    private FlatBufferTableBuilder Reference(int slot, object reference)
    {
        _fields.Add((slot, 4, 0, reference));
        return this;
    }

    internal sealed record StructVector(byte[] Data, int Count);
}

/// <summary>
/// Serializes a <see cref="FlatBufferTableBuilder"/> tree front to back: the root offset, then each table after its vtable,
/// then its children, so every unsigned offset points forward as the format requires.
/// </summary>
internal sealed class FlatBufferSerializer
{
    private byte[] _buffer = new byte[256];
    private int _position;

    public static byte[] Serialize(FlatBufferTableBuilder root)
    {
        var serializer = new FlatBufferSerializer();
        serializer.Grow(4);
        var rootPosition = serializer.WriteTable(root);
        BinaryPrimitives.WriteUInt32LittleEndian(serializer._buffer, (uint)rootPosition);
        return serializer._buffer[..serializer._position];
    }

    private int WriteTable(FlatBufferTableBuilder table)
    {
        var slots = table.Fields.Count == 0 ? 0 : table.Fields.Max(f => f.Slot) + 1;
        var layout = new int[table.Fields.Count];
        var size = 4;
        foreach (var index in Enumerable.Range(0, table.Fields.Count).OrderByDescending(i => table.Fields[i].Size))
        {
            var fieldSize = table.Fields[index].Size;
            size = (size + fieldSize - 1) / fieldSize * fieldSize;
            layout[index] = size;
            size += fieldSize;
        }

        Align(2);
        var vtable = _position;
        var vtableBytes = Grow(4 + 2 * slots);
        BinaryPrimitives.WriteUInt16LittleEndian(vtableBytes, (ushort)(4 + 2 * slots));
        BinaryPrimitives.WriteUInt16LittleEndian(vtableBytes[2..], (ushort)size);
        for (var i = 0; i < table.Fields.Count; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(vtableBytes[(4 + 2 * table.Fields[i].Slot)..], (ushort)layout[i]);
        }

        Align(8);
        var start = _position;
        Grow(size);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(start), start - vtable);
        for (var i = 0; i < table.Fields.Count; i++)
        {
            var (_, fieldSize, value, reference) = table.Fields[i];
            var at = _buffer.AsSpan(start + layout[i], fieldSize);
            if (reference is null)
            {
                WriteScalar(at, value, fieldSize);
                continue;
            }

            var child = reference switch
            {
                FlatBufferTableBuilder nested => WriteTable(nested),
                string text => WriteString(text),
                IReadOnlyList<FlatBufferTableBuilder> tables => WriteTables(tables),
                FlatBufferTableBuilder.StructVector structs => WriteStructs(structs),
                _ => throw new InvalidOperationException("Unknown flatbuffer reference."),
            };
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start + layout[i]), (uint)(child - (start + layout[i])));
        }

        return start;
    }

    private static void WriteScalar(Span<byte> at, long value, int size)
    {
        switch (size)
        {
            case 1:
                at[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteInt16LittleEndian(at, (short)value);
                break;
            case 4:
                BinaryPrimitives.WriteInt32LittleEndian(at, (int)value);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(at, value);
                break;
        }
    }

    private int WriteString(string text)
    {
        Align(4);
        var start = _position;
        var bytes = Encoding.UTF8.GetBytes(text);
        var target = Grow(4 + bytes.Length + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)bytes.Length);
        bytes.CopyTo(target[4..]);
        target[^1] = 0;
        return start;
    }

    private int WriteTables(IReadOnlyList<FlatBufferTableBuilder> tables)
    {
        Align(4);
        var start = _position;
        Grow(4 + 4 * tables.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start), (uint)tables.Count);
        for (var i = 0; i < tables.Count; i++)
        {
            var slot = start + 4 + 4 * i;
            var child = WriteTable(tables[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(slot), (uint)(child - slot));
        }

        return start;
    }

    private int WriteStructs(FlatBufferTableBuilder.StructVector structs)
    {
        // The elements (after the 4-byte count) must be 8-byte aligned.
        Align(8);
        Grow(4);
        var start = _position;
        var target = Grow(4 + structs.Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)structs.Count);
        structs.Data.CopyTo(target[4..]);
        return start;
    }

    private void Align(int alignment)
    {
        var padding = (alignment - _position % alignment) % alignment;
        Grow(padding);
    }

    private Span<byte> Grow(int count)
    {
        if (_position + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _position + count));
        }

        var span = _buffer.AsSpan(_position, count);
        span.Clear();
        _position += count;
        return span;
    }
}
