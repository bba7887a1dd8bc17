using System.Buffers.Binary;
using System.Globalization;
using static Lakehouse.SparkConnect.Arrow.Ipc.ArrowFlatbufferIds;

namespace Lakehouse.SparkConnect.Arrow.Ipc;

/// <summary>
/// Builds the columns of one record batch. Field nodes and buffers are listed in a pre-order walk
/// of the schema (a parent, then its children), so both lists are consumed in that order.
/// </summary>
internal sealed class RecordBatchDecoder
{
    private readonly FlatBufferTable _batch;
    private readonly ReadOnlyMemory<byte> _body;
    private readonly int _nodeCount;
    private readonly int _bufferCount;
    private int _nextNode;
    private int _nextBuffer;

    private RecordBatchDecoder(FlatBufferTable batch, ReadOnlyMemory<byte> body)
    {
        _batch = batch;
        _body = body;
        _nodeCount = batch.GetVectorLength(RecordBatchNodes);
        _bufferCount = batch.GetVectorLength(RecordBatchBuffers);
    }

    public static ArrowRecordBatch Decode(ArrowSchema schema, FlatBufferTable batch, ReadOnlyMemory<byte> body, string streamName)
    {
        if (batch.GetTable(RecordBatchCompression) is { } compression)
        {
            var codec = compression.GetByte(BodyCompressionCodec) switch
            {
                0 => "LZ4_FRAME",
                1 => "ZSTD",
                var other => string.Create(CultureInfo.InvariantCulture, $"unknown codec {other}"),
            };
            throw new ArrowNotSupportedException(
                streamName,
                $"compression {codec}",
                $"{streamName} has record batches compressed with {codec}; this reader only decodes uncompressed Arrow IPC. " +
                "Ask the producer for uncompressed batches.");
        }

        var rowCount = batch.GetInt64(RecordBatchLength);
        if (rowCount is < 0 or > int.MaxValue)
        {
            throw new ArrowFormatException(string.Create(CultureInfo.InvariantCulture, $"Record batch length {rowCount} is out of range."));
        }

        var decoder = new RecordBatchDecoder(batch, body);
        var columns = new ArrowColumn[schema.Fields.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = decoder.DecodeColumn(schema.Fields[i]);
            if (columns[i].Length != rowCount)
            {
                throw new ArrowFormatException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Column '{schema.Fields[i].Name}' has {columns[i].Length} values but the batch has {rowCount} rows."));
            }
        }

        if (decoder._nextNode != decoder._nodeCount || decoder._nextBuffer != decoder._bufferCount)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Record batch lists {decoder._nodeCount} field nodes and {decoder._bufferCount} buffers, but the schema uses {decoder._nextNode} and {decoder._nextBuffer}."));
        }

        return new ArrowRecordBatch((int)rowCount, columns);
    }

    private ArrowColumn DecodeColumn(ArrowField field)
    {
        var (length, nullCount) = NextNode(field);
        var type = field.DataType;
        if (type.Kind == ArrowTypeKind.Null)
        {
            // Null arrays have no buffers at all (metadata V5).
            return new ArrowColumn(field, length, length, ReadOnlyMemory<byte>.Empty, [], []);
        }

        var validity = NextBuffer(field);
        if (nullCount > 0)
        {
            Require(validity, BitmapBytes(length), field, "validity bitmap");
        }

        ReadOnlyMemory<byte>[] buffers;
        ArrowColumn[] children;
        switch (type.Kind)
        {
            case ArrowTypeKind.Boolean:
                buffers = [Require(NextBuffer(field), BitmapBytes(length), field, "value bitmap")];
                children = [];
                break;
            case ArrowTypeKind.Int or ArrowTypeKind.FloatingPoint or ArrowTypeKind.Decimal
                or ArrowTypeKind.Date or ArrowTypeKind.Time or ArrowTypeKind.Timestamp or ArrowTypeKind.Duration:
                buffers = [Require(NextBuffer(field), (long)length * (type.BitWidth / 8), field, "values")];
                children = [];
                break;
            case ArrowTypeKind.FixedSizeBinary:
                buffers = [Require(NextBuffer(field), (long)length * type.FixedWidth, field, "values")];
                children = [];
                break;
            case ArrowTypeKind.Utf8 or ArrowTypeKind.Binary:
                buffers = [Require(NextBuffer(field), OffsetBytes(length, 4), field, "offsets"), NextBuffer(field)];
                children = [];
                break;
            case ArrowTypeKind.LargeUtf8 or ArrowTypeKind.LargeBinary:
                buffers = [Require(NextBuffer(field), OffsetBytes(length, 8), field, "offsets"), NextBuffer(field)];
                children = [];
                break;
            case ArrowTypeKind.List or ArrowTypeKind.Map:
                buffers = [Require(NextBuffer(field), OffsetBytes(length, 4), field, "offsets")];
                children = [DecodeColumn(field.Children[0])];
                break;
            case ArrowTypeKind.LargeList:
                buffers = [Require(NextBuffer(field), OffsetBytes(length, 8), field, "offsets")];
                children = [DecodeColumn(field.Children[0])];
                break;
            case ArrowTypeKind.FixedSizeList:
                buffers = [];
                children = [DecodeColumn(field.Children[0])];
                RequireChildLength(children[0], (long)length * type.FixedWidth, field);
                break;
            case ArrowTypeKind.Struct:
                buffers = [];
                children = field.Children.Select(DecodeColumn).ToArray();
                foreach (var child in children)
                {
                    RequireChildLength(child, length, field);
                }

                break;
            default:
                throw new InvalidOperationException($"Unhandled Arrow type {type}.");
        }

        return new ArrowColumn(field, length, nullCount, nullCount > 0 ? validity : ReadOnlyMemory<byte>.Empty, buffers, children);
    }

    private (int Length, int NullCount) NextNode(ArrowField field)
    {
        if (_nextNode >= _nodeCount)
        {
            throw new ArrowFormatException($"Record batch has too few field nodes for field '{field.Name}'.");
        }

        var node = _batch.GetStructElement(RecordBatchNodes, _nextNode++, FieldNodeSize);
        var length = BinaryPrimitives.ReadInt64LittleEndian(node);
        var nullCount = BinaryPrimitives.ReadInt64LittleEndian(node[8..]);
        if (length is < 0 or > int.MaxValue || nullCount < 0 || nullCount > length)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Field '{field.Name}' has invalid length {length} / null count {nullCount}."));
        }

        return ((int)length, (int)nullCount);
    }

    private ReadOnlyMemory<byte> NextBuffer(ArrowField field)
    {
        if (_nextBuffer >= _bufferCount)
        {
            throw new ArrowFormatException($"Record batch has too few buffers for field '{field.Name}'.");
        }

        var buffer = _batch.GetStructElement(RecordBatchBuffers, _nextBuffer++, BufferSize);
        var offset = BinaryPrimitives.ReadInt64LittleEndian(buffer);
        var length = BinaryPrimitives.ReadInt64LittleEndian(buffer[8..]);
        if (offset < 0 || length < 0 || offset > _body.Length - length)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"Buffer {_nextBuffer - 1} of field '{field.Name}' ({length} bytes at {offset}) lies outside the {_body.Length}-byte message body."));
        }

        return _body.Slice((int)offset, (int)length);
    }

    private static long BitmapBytes(int length) => (length + 7L) / 8;

    // A zero-length array may omit its offsets buffer entirely.
    private static long OffsetBytes(int length, int width) => length == 0 ? 0 : (length + 1L) * width;

    private static ReadOnlyMemory<byte> Require(ReadOnlyMemory<byte> buffer, long bytes, ArrowField field, string what) =>
        buffer.Length >= bytes
            ? buffer
            : throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Field '{field.Name}': {what} buffer has {buffer.Length} bytes; {bytes} are needed."));

    private static void RequireChildLength(ArrowColumn child, long needed, ArrowField field)
    {
        if (child.Length < needed)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Field '{field.Name}': child '{child.Field.Name}' has {child.Length} values; {needed} are needed."));
        }
    }
}
