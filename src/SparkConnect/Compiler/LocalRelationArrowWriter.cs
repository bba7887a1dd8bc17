using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Lakehouse.DataFrame;
using static Lakehouse.SparkConnect.Arrow.Ipc.ArrowFlatbufferIds;

namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// Writes in-memory rows as the Arrow IPC stream a Spark Connect <c>LocalRelation</c> carries (one schema message,
/// one record batch, end-of-stream), with Spark's Arrow types: timestamps as microseconds with time zone UTC, dates as
/// days, decimals as 128-bit. Nested types (array, map, struct) are refused with a clear error.
/// </summary>
internal static class LocalRelationArrowWriter
{
    private const short MetadataV5 = 4;
    private const short PrecisionSingle = 1;
    private const short PrecisionDouble = 2;
    private const short TimeUnitMicrosecond = 2;

    public static byte[] Write(IReadOnlyList<IReadOnlyList<object?>> rows, StructType schema)
    {
        foreach (var field in schema.Fields.Where(f => f.DataType is ArrayType or MapType or StructType))
        {
            throw new SparkConnectCompilationException(
                $"CreateDataFrame with rows of a {field.DataType.SimpleString} column (`{field.Name}`)",
                "the Arrow writer of local relations handles flat columns only; write the rows to a table or file and read that instead.");
        }

        using var stream = new MemoryStream();
        var schemaMessage = new FlatBufferTableBuilder()
            .Scalar(MessageVersion, MetadataV5, 2)
            .Scalar(MessageHeaderType, HeaderSchema, 1)
            .Table(MessageHeader, new FlatBufferTableBuilder().Tables(SchemaFields, [.. schema.Fields.Select(Field)]))
            .Scalar(MessageBodyLength, 0, 8);
        WriteMessage(stream, schemaMessage, []);

        var body = new MemoryStream();
        var nodes = new List<(long Length, long NullCount)>();
        var buffers = new List<(long Offset, long Length)>();
        for (var column = 0; column < schema.Fields.Count; column++)
        {
            WriteColumn(rows, column, schema.Fields[column].DataType, body, nodes, buffers);
        }

        var batch = new FlatBufferTableBuilder()
            .Scalar(RecordBatchLength, rows.Count, 8)
            .Structs(RecordBatchNodes, Pack(nodes), nodes.Count)
            .Structs(RecordBatchBuffers, Pack(buffers), buffers.Count);
        var batchMessage = new FlatBufferTableBuilder()
            .Scalar(MessageVersion, MetadataV5, 2)
            .Scalar(MessageHeaderType, HeaderRecordBatch, 1)
            .Table(MessageHeader, batch)
            .Scalar(MessageBodyLength, body.Length, 8);
        WriteMessage(stream, batchMessage, body.ToArray());

        Span<byte> end = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(end, -1);
        BinaryPrimitives.WriteInt32LittleEndian(end[4..], 0);
        stream.Write(end);
        return stream.ToArray();
    }

    private static FlatBufferTableBuilder Field(StructField field)
    {
        var (typeId, type) = ArrowType(field.DataType);
        return new FlatBufferTableBuilder()
            .String(FieldName, field.Name)
            .Scalar(FieldNullable, field.Nullable ? 1 : 0, 1)
            .Scalar(FieldTypeType, typeId, 1)
            .Table(FieldType, type)
            .Tables(FieldChildren, []);
    }

    private static (byte TypeId, FlatBufferTableBuilder Type) ArrowType(DataType type) => type switch
    {
        NullType => (TypeNull, new FlatBufferTableBuilder()),
        BooleanType => (TypeBool, new FlatBufferTableBuilder()),
        ByteType => (TypeInt, Int(8)),
        ShortType => (TypeInt, Int(16)),
        IntegerType => (TypeInt, Int(32)),
        LongType => (TypeInt, Int(64)),
        FloatType => (TypeFloatingPoint, new FlatBufferTableBuilder().Scalar(FloatingPointPrecision, PrecisionSingle, 2)),
        DoubleType => (TypeFloatingPoint, new FlatBufferTableBuilder().Scalar(FloatingPointPrecision, PrecisionDouble, 2)),
        StringType => (TypeUtf8, new FlatBufferTableBuilder()),
        BinaryType => (TypeBinary, new FlatBufferTableBuilder()),
        DateType => (TypeDate, new FlatBufferTableBuilder().Scalar(DateUnit, DateUnitDay, 2)),
        TimestampType => (TypeTimestamp, new FlatBufferTableBuilder().Scalar(TimestampUnit, TimeUnitMicrosecond, 2).String(TimestampTimezone, "UTC")),
        DecimalType d => (TypeDecimal, new FlatBufferTableBuilder().Scalar(DecimalPrecision, d.Precision, 4).Scalar(DecimalScale, d.Scale, 4).Scalar(DecimalBitWidth, 128, 4)),
        _ => throw new SparkConnectCompilationException($"CreateDataFrame with a {type.SimpleString} column", "it has no Arrow type in the local relation writer."),
    };

    private static FlatBufferTableBuilder Int(int bitWidth) => new FlatBufferTableBuilder().Scalar(IntBitWidth, bitWidth, 4).Scalar(IntIsSigned, 1, 1);

    private static void WriteColumn(
        IReadOnlyList<IReadOnlyList<object?>> rows, int column, DataType type, MemoryStream body, List<(long, long)> nodes, List<(long, long)> buffers)
    {
        var count = rows.Count;
        var validity = new byte[(count + 7) / 8];
        var nulls = 0;
        for (var row = 0; row < count; row++)
        {
            if (rows[row][column] is null)
            {
                nulls++;
            }
            else
            {
                validity[row / 8] |= (byte)(1 << (row % 8));
            }
        }

        nodes.Add((count, nulls));
        if (type is NullType)
        {
            return;
        }

        AddBuffer(body, buffers, validity);
        switch (type)
        {
            case BooleanType:
                var bits = new byte[(count + 7) / 8];
                for (var row = 0; row < count; row++)
                {
                    if (rows[row][column] is { } value && Convert.ToBoolean(value, CultureInfo.InvariantCulture))
                    {
                        bits[row / 8] |= (byte)(1 << (row % 8));
                    }
                }

                AddBuffer(body, buffers, bits);
                break;
            case StringType or BinaryType:
                var offsets = new byte[4 * (count + 1)];
                var data = new MemoryStream();
                for (var row = 0; row < count; row++)
                {
                    if (rows[row][column] is { } value)
                    {
                        var bytes = type is StringType ? Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture)!) : value as byte[] ?? throw new SparkConnectCompilationException(
                                $"A binary value of CLR type {value.GetType().Name} in CreateDataFrame", "binary values must be byte[].");
                        data.Write(bytes);
                    }

                    BinaryPrimitives.WriteInt32LittleEndian(offsets.AsSpan(4 * (row + 1)), checked((int)data.Length));
                }

                AddBuffer(body, buffers, offsets);
                AddBuffer(body, buffers, data.ToArray());
                break;
            default:
                var width = FixedWidth(type);
                var values = new byte[width * count];
                for (var row = 0; row < count; row++)
                {
                    if (rows[row][column] is { } value)
                    {
                        WriteFixed(values.AsSpan(row * width, width), value, type);
                    }
                }

                AddBuffer(body, buffers, values);
                break;
        }
    }

    private static int FixedWidth(DataType type) => type switch
    {
        ByteType => 1,
        ShortType => 2,
        IntegerType or FloatType or DateType => 4,
        LongType or DoubleType or TimestampType => 8,
        _ => 16,
    };

    private static void WriteFixed(Span<byte> target, object value, DataType type)
    {
        switch (type)
        {
            case ByteType:
                target[0] = unchecked((byte)Convert.ToSByte(value, CultureInfo.InvariantCulture));
                break;
            case ShortType:
                BinaryPrimitives.WriteInt16LittleEndian(target, Convert.ToInt16(value, CultureInfo.InvariantCulture));
                break;
            case IntegerType:
                BinaryPrimitives.WriteInt32LittleEndian(target, Convert.ToInt32(value, CultureInfo.InvariantCulture));
                break;
            case LongType:
                BinaryPrimitives.WriteInt64LittleEndian(target, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case FloatType:
                BinaryPrimitives.WriteSingleLittleEndian(target, Convert.ToSingle(value, CultureInfo.InvariantCulture));
                break;
            case DoubleType:
                BinaryPrimitives.WriteDoubleLittleEndian(target, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case DateType:
                BinaryPrimitives.WriteInt32LittleEndian(target, SparkConnectLiterals.Days(value));
                break;
            case TimestampType:
                BinaryPrimitives.WriteInt64LittleEndian(target, SparkConnectLiterals.Microseconds(value));
                break;
            case DecimalType decimalType:
                BinaryPrimitives.WriteInt128LittleEndian(target, Unscaled(Convert.ToDecimal(value, CultureInfo.InvariantCulture), decimalType));
                break;
            default:
                throw new SparkConnectCompilationException($"CreateDataFrame with a {type.SimpleString} column", "it has no Arrow encoding in the local relation writer.");
        }
    }

    /// <summary>The decimal as an integer at the type's scale (HALF_UP rounding, as Spark casts).</summary>
    private static Int128 Unscaled(decimal value, DecimalType type)
    {
        var rounded = Math.Round(value, Math.Min(type.Scale, 28), MidpointRounding.AwayFromZero);
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(rounded, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var mantissa = ((Int128)(uint)bits[2] << 64) | ((Int128)(uint)bits[1] << 32) | (uint)bits[0];
        for (var i = scale; i < type.Scale; i++)
        {
            mantissa *= 10;
        }

        return bits[3] < 0 ? -mantissa : mantissa;
    }

    private static void AddBuffer(MemoryStream body, List<(long, long)> buffers, byte[] data)
    {
        buffers.Add((body.Length, data.Length));
        body.Write(data);
        var padding = (int)((8 - body.Length % 8) % 8);
        body.Write(new byte[padding]);
    }

    private static byte[] Pack(List<(long First, long Second)> pairs)
    {
        var packed = new byte[16 * pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(packed.AsSpan(16 * i), pairs[i].First);
            BinaryPrimitives.WriteInt64LittleEndian(packed.AsSpan(16 * i + 8), pairs[i].Second);
        }

        return packed;
    }

    /// <summary>Continuation marker, metadata size (padded to 8), the flatbuffer, then the body.</summary>
    private static void WriteMessage(MemoryStream stream, FlatBufferTableBuilder message, byte[] body)
    {
        var metadata = FlatBufferSerializer.Serialize(message);
        var padded = (metadata.Length + 7) / 8 * 8;
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(prefix, -1);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], padded);
        stream.Write(prefix);
        stream.Write(metadata);
        stream.Write(new byte[padded - metadata.Length]);
        stream.Write(body);
    }
}
