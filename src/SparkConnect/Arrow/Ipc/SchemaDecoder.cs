using System.Globalization;
using static Lakehouse.SparkConnect.Arrow.Ipc.ArrowFlatbufferIds;

namespace Lakehouse.SparkConnect.Arrow.Ipc;

/// <summary>Turns a flatbuffer <c>Schema</c> table into an <see cref="ArrowSchema"/>, refusing what the reader cannot decode.</summary>
internal static class SchemaDecoder
{
    public static ArrowSchema Decode(FlatBufferTable schema, string streamName)
    {
        if (schema.GetInt16(SchemaEndianness) == EndiannessBig)
        {
            throw new ArrowNotSupportedException(
                streamName,
                "big-endian",
                $"{streamName} is big-endian; this reader only decodes little-endian Arrow data.");
        }

        return new ArrowSchema(DecodeFields(schema, SchemaFields, streamName));
    }

    private static ArrowField[] DecodeFields(FlatBufferTable owner, int vectorField, string streamName)
    {
        var fields = new ArrowField[owner.GetVectorLength(vectorField)];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = DecodeField(owner.GetTableElement(vectorField, i), streamName);
        }

        return fields;
    }

    private static ArrowField DecodeField(FlatBufferTable field, string streamName)
    {
        var name = field.GetString(FieldName) ?? string.Empty;
        if (field.Has(FieldDictionary))
        {
            throw NotSupported(streamName, name, "dictionary encoding");
        }

        var children = DecodeFields(field, FieldChildren, streamName);
        var typeId = field.GetByte(FieldTypeType);
        var type = field.GetTable(FieldType);
        var dataType = DecodeType(typeId, type, name, streamName);
        ValidateChildren(dataType, children, name, streamName);
        return new ArrowField(name, dataType, field.GetBool(FieldNullable), children);
    }

    private static ArrowDataType DecodeType(byte typeId, FlatBufferTable? typeTable, string fieldName, string streamName)
    {
        if (typeTable is not { } type)
        {
            throw new ArrowFormatException($"Field '{fieldName}' has no type.");
        }

        return typeId switch
        {
            TypeNull => new ArrowDataType(ArrowTypeKind.Null),
            TypeBool => new ArrowDataType(ArrowTypeKind.Boolean),
            TypeInt => DecodeInt(type, fieldName),
            TypeFloatingPoint => DecodeFloatingPoint(type, fieldName),
            TypeDecimal => DecodeDecimal(type, fieldName, streamName),
            TypeUtf8 => new ArrowDataType(ArrowTypeKind.Utf8),
            TypeLargeUtf8 => new ArrowDataType(ArrowTypeKind.LargeUtf8),
            TypeBinary => new ArrowDataType(ArrowTypeKind.Binary),
            TypeLargeBinary => new ArrowDataType(ArrowTypeKind.LargeBinary),
            TypeFixedSizeBinary => new ArrowDataType(ArrowTypeKind.FixedSizeBinary)
            {
                FixedWidth = Positive(type.GetInt32(FixedSizeBinaryByteWidth), "byte width", fieldName),
            },
            TypeDate => type.GetInt16(DateUnit, DateUnitMillisecond) switch
            {
                DateUnitDay => new ArrowDataType(ArrowTypeKind.Date) { BitWidth = 32 },
                DateUnitMillisecond => new ArrowDataType(ArrowTypeKind.Date) { BitWidth = 64, Unit = ArrowTimeUnit.Millisecond },
                var unit => throw new ArrowFormatException($"Field '{fieldName}' has unknown date unit {unit}."),
            },
            TypeTime => DecodeTime(type, fieldName),
            TypeTimestamp => new ArrowDataType(ArrowTypeKind.Timestamp)
            {
                BitWidth = 64,
                Unit = DecodeUnit(type.GetInt16(TimestampUnit), fieldName),
                TimeZone = type.GetString(TimestampTimezone) is { Length: > 0 } zone ? zone : null,
            },
            TypeDuration => new ArrowDataType(ArrowTypeKind.Duration)
            {
                BitWidth = 64,
                Unit = DecodeUnit(type.GetInt16(DurationUnit, TimeUnitMillisecond), fieldName),
            },
            TypeList => new ArrowDataType(ArrowTypeKind.List),
            TypeLargeList => new ArrowDataType(ArrowTypeKind.LargeList),
            TypeFixedSizeList => new ArrowDataType(ArrowTypeKind.FixedSizeList)
            {
                FixedWidth = NonNegative(type.GetInt32(FixedSizeListListSize), "list size", fieldName),
            },
            TypeStruct => new ArrowDataType(ArrowTypeKind.Struct),
            TypeMap => new ArrowDataType(ArrowTypeKind.Map),
            TypeInterval => throw NotSupported(streamName, fieldName, "the interval type"),
            TypeUnion => throw NotSupported(streamName, fieldName, "the union type"),
            TypeRunEndEncoded => throw NotSupported(streamName, fieldName, "run-end encoding"),
            TypeBinaryView or TypeUtf8View or TypeListView or TypeLargeListView =>
                throw NotSupported(streamName, fieldName, "view types (BinaryView, Utf8View, ListView)"),
            _ => throw NotSupported(streamName, fieldName, string.Create(CultureInfo.InvariantCulture, $"unknown type id {typeId}")),
        };
    }

    private static ArrowDataType DecodeInt(FlatBufferTable type, string fieldName)
    {
        var bitWidth = type.GetInt32(IntBitWidth);
        if (bitWidth is not (8 or 16 or 32 or 64))
        {
            throw new ArrowFormatException(string.Create(CultureInfo.InvariantCulture, $"Field '{fieldName}' has integer bit width {bitWidth}."));
        }

        return new ArrowDataType(ArrowTypeKind.Int) { BitWidth = bitWidth, IsSigned = type.GetBool(IntIsSigned) };
    }

    private static ArrowDataType DecodeFloatingPoint(FlatBufferTable type, string fieldName) =>
        type.GetInt16(FloatingPointPrecision) switch
        {
            0 => new ArrowDataType(ArrowTypeKind.FloatingPoint) { BitWidth = 16 },
            1 => new ArrowDataType(ArrowTypeKind.FloatingPoint) { BitWidth = 32 },
            2 => new ArrowDataType(ArrowTypeKind.FloatingPoint) { BitWidth = 64 },
            var precision => throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Field '{fieldName}' has unknown floating-point precision {precision}.")),
        };

    private static ArrowDataType DecodeDecimal(FlatBufferTable type, string fieldName, string streamName)
    {
        var bitWidth = type.GetInt32(DecimalBitWidth, 128);
        if (bitWidth != 128)
        {
            throw NotSupported(streamName, fieldName, string.Create(CultureInfo.InvariantCulture, $"decimal{bitWidth}"));
        }

        return new ArrowDataType(ArrowTypeKind.Decimal)
        {
            BitWidth = 128,
            Precision = type.GetInt32(DecimalPrecision),
            Scale = type.GetInt32(DecimalScale),
        };
    }

    private static ArrowDataType DecodeTime(FlatBufferTable type, string fieldName)
    {
        var unit = DecodeUnit(type.GetInt16(TimeUnit, TimeUnitMillisecond), fieldName);
        var bitWidth = type.GetInt32(TimeBitWidth, 32);
        var expected = unit is ArrowTimeUnit.Second or ArrowTimeUnit.Millisecond ? 32 : 64;
        if (bitWidth != expected)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Field '{fieldName}': time in {unit} must be {expected} bits, not {bitWidth}."));
        }

        return new ArrowDataType(ArrowTypeKind.Time) { BitWidth = bitWidth, Unit = unit };
    }

    private static ArrowTimeUnit DecodeUnit(short unit, string fieldName) => unit switch
    {
        0 => ArrowTimeUnit.Second,
        1 => ArrowTimeUnit.Millisecond,
        2 => ArrowTimeUnit.Microsecond,
        3 => ArrowTimeUnit.Nanosecond,
        _ => throw new ArrowFormatException(string.Create(CultureInfo.InvariantCulture, $"Field '{fieldName}' has unknown time unit {unit}.")),
    };

    private static void ValidateChildren(ArrowDataType type, ArrowField[] children, string fieldName, string streamName)
    {
        var expected = type.Kind switch
        {
            ArrowTypeKind.List or ArrowTypeKind.LargeList or ArrowTypeKind.FixedSizeList or ArrowTypeKind.Map => 1,
            ArrowTypeKind.Struct => children.Length,
            _ => 0,
        };
        if (children.Length != expected)
        {
            throw new ArrowFormatException(string.Create(
                CultureInfo.InvariantCulture, $"Field '{fieldName}' of type {type} has {children.Length} children; expected {expected}."));
        }

        if (type.Kind == ArrowTypeKind.Map
            && (children[0].DataType.Kind != ArrowTypeKind.Struct || children[0].Children.Count != 2))
        {
            throw new ArrowFormatException($"Map field '{fieldName}' must have one struct child with key and value fields.");
        }

        if (type.Kind == ArrowTypeKind.Struct
            && children.Select(child => child.Name).Distinct(StringComparer.Ordinal).Count() != children.Length)
        {
            // Valid Arrow, but struct values are returned keyed by name.
            throw NotSupported(streamName, fieldName, "a struct with repeated child names");
        }
    }

    private static int Positive(int value, string what, string fieldName) => value > 0
        ? value
        : throw new ArrowFormatException(string.Create(CultureInfo.InvariantCulture, $"Field '{fieldName}' has {what} {value}."));

    private static int NonNegative(int value, string what, string fieldName) => value >= 0
        ? value
        : throw new ArrowFormatException(string.Create(CultureInfo.InvariantCulture, $"Field '{fieldName}' has {what} {value}."));

    private static ArrowNotSupportedException NotSupported(string streamName, string fieldName, string feature) => new(
        streamName,
        feature,
        $"{streamName}: field '{fieldName}' uses {feature}, which this Arrow reader does not support.");
}
