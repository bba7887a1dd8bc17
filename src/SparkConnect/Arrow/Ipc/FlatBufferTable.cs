using System.Buffers.Binary;
using System.Text;

namespace Lakehouse.SparkConnect.Arrow.Ipc;

/// <summary>
/// Read-only view of one FlatBuffers table: fields are found through the table's vtable, so absent
/// fields fall back to their schema defaults. Every read is bounds-checked because the bytes come
/// from the network.
/// </summary>
internal readonly struct FlatBufferTable
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly int _position;
    private readonly int _vtable;
    private readonly int _vtableLength;

    private FlatBufferTable(ReadOnlyMemory<byte> buffer, int position)
    {
        _buffer = buffer;
        _position = position;
        var span = buffer.Span;
        var vtable = ToPosition((long)position - ReadInt32(span, position));
        _vtableLength = ReadUInt16(span, vtable);
        if (_vtableLength < 4 || (_vtableLength & 1) != 0)
        {
            throw new ArrowFormatException($"FlatBuffers vtable at {vtable} has invalid length {_vtableLength}.");
        }

        EnsureRange(span, vtable, _vtableLength);
        _vtable = vtable;
    }

    /// <summary>The root table of a FlatBuffers buffer (its first 4 bytes are the root offset).</summary>
    public static FlatBufferTable Root(ReadOnlyMemory<byte> buffer)
    {
        var rootOffset = ReadInt32(buffer.Span, 0);
        return new FlatBufferTable(buffer, rootOffset);
    }

    public bool Has(int fieldId) => FieldOffset(fieldId) != 0;

    public bool GetBool(int fieldId, bool defaultValue = false)
    {
        var offset = FieldOffset(fieldId);
        return offset == 0 ? defaultValue : ReadByte(_buffer.Span, _position + offset) != 0;
    }

    public byte GetByte(int fieldId, byte defaultValue = 0)
    {
        var offset = FieldOffset(fieldId);
        return offset == 0 ? defaultValue : ReadByte(_buffer.Span, _position + offset);
    }

    public short GetInt16(int fieldId, short defaultValue = 0)
    {
        var offset = FieldOffset(fieldId);
        return offset == 0 ? defaultValue : (short)ReadUInt16(_buffer.Span, _position + offset);
    }

    public int GetInt32(int fieldId, int defaultValue = 0)
    {
        var offset = FieldOffset(fieldId);
        return offset == 0 ? defaultValue : ReadInt32(_buffer.Span, _position + offset);
    }

    public long GetInt64(int fieldId, long defaultValue = 0)
    {
        var offset = FieldOffset(fieldId);
        return offset == 0 ? defaultValue : ReadInt64(_buffer.Span, _position + offset);
    }

    public string? GetString(int fieldId)
    {
        var target = Indirect(fieldId);
        if (target is null)
        {
            return null;
        }

        var span = _buffer.Span;
        var length = ReadInt32(span, target.Value);
        EnsureRange(span, target.Value + 4, length);
        return Encoding.UTF8.GetString(span.Slice(target.Value + 4, length));
    }

    public FlatBufferTable? GetTable(int fieldId)
    {
        var target = Indirect(fieldId);
        return target is null ? null : new FlatBufferTable(_buffer, target.Value);
    }

    /// <summary>Number of elements of a vector field (0 when absent).</summary>
    public int GetVectorLength(int fieldId)
    {
        var target = Indirect(fieldId);
        return target is null ? 0 : ReadVectorLength(_buffer.Span, target.Value);
    }

    /// <summary>Element <paramref name="index"/> of a vector of tables.</summary>
    public FlatBufferTable GetTableElement(int fieldId, int index)
    {
        var element = VectorElementPosition(fieldId, index, elementSize: 4);
        return new FlatBufferTable(_buffer, ToPosition((long)element + ReadUInt32(_buffer.Span, element)));
    }

    /// <summary>The bytes of element <paramref name="index"/> of a vector of fixed-size structs.</summary>
    public ReadOnlySpan<byte> GetStructElement(int fieldId, int index, int structSize)
    {
        var element = VectorElementPosition(fieldId, index, structSize);
        return _buffer.Span.Slice(element, structSize);
    }

    private int VectorElementPosition(int fieldId, int index, int elementSize)
    {
        var target = Indirect(fieldId) ?? throw new ArrowFormatException($"FlatBuffers vector field {fieldId} is absent.");
        var span = _buffer.Span;
        var length = ReadVectorLength(span, target);
        if ((uint)index >= (uint)length)
        {
            throw new ArrowFormatException($"FlatBuffers vector index {index} is outside 0..{length - 1}.");
        }

        var element = ToPosition(target + 4L + ((long)index * elementSize));
        EnsureRange(span, element, elementSize);
        return element;
    }

    private static int ReadVectorLength(ReadOnlySpan<byte> span, int position)
    {
        var length = ReadInt32(span, position);
        // Every vector we read holds elements of at least 4 bytes (table offsets or 16-byte structs);
        // checking that here stops a corrupt length from sizing a huge allocation.
        if (length < 0 || (long)length * 4 > span.Length - position - 4L)
        {
            throw new ArrowFormatException($"FlatBuffers vector at {position} has impossible length {length}.");
        }

        return length;
    }

    private int? Indirect(int fieldId)
    {
        var offset = FieldOffset(fieldId);
        if (offset == 0)
        {
            return null;
        }

        var fieldPosition = _position + offset;
        return ToPosition((long)fieldPosition + ReadUInt32(_buffer.Span, fieldPosition));
    }

    private int FieldOffset(int fieldId)
    {
        var slot = 4 + (fieldId * 2);
        return slot + 2 > _vtableLength ? 0 : ReadUInt16(_buffer.Span, _vtable + slot);
    }

    private static int ToPosition(long position) =>
        position is < 0 or > int.MaxValue
            ? throw new ArrowFormatException($"FlatBuffers offset {position} is outside the metadata.")
            : (int)position;

    private static byte ReadByte(ReadOnlySpan<byte> span, int position)
    {
        EnsureRange(span, position, 1);
        return span[position];
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> span, int position)
    {
        EnsureRange(span, position, 2);
        return BinaryPrimitives.ReadUInt16LittleEndian(span[position..]);
    }

    private static int ReadInt32(ReadOnlySpan<byte> span, int position)
    {
        EnsureRange(span, position, 4);
        return BinaryPrimitives.ReadInt32LittleEndian(span[position..]);
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> span, int position)
    {
        EnsureRange(span, position, 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(span[position..]);
    }

    private static long ReadInt64(ReadOnlySpan<byte> span, int position)
    {
        EnsureRange(span, position, 8);
        return BinaryPrimitives.ReadInt64LittleEndian(span[position..]);
    }

    private static void EnsureRange(ReadOnlySpan<byte> span, int position, int length)
    {
        if (position < 0 || length < 0 || position > span.Length - length)
        {
            throw new ArrowFormatException(
                $"FlatBuffers metadata is truncated or corrupt: {length} bytes at {position} lie outside its {span.Length} bytes.");
        }
    }
}
