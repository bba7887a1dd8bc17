namespace Lakehouse.SparkConnect.Arrow.Ipc;

/// <summary>
/// Field ids (vtable slots) and enum values of the Arrow metadata tables, from apache/arrow
/// format/Schema.fbs and format/Message.fbs. A union field takes two slots: its type tag, then its value.
/// </summary>
internal static class ArrowFlatbufferIds
{
    // table Message { version: MetadataVersion; header: MessageHeader; bodyLength: long; custom_metadata }
    public const int MessageVersion = 0;
    public const int MessageHeaderType = 1;
    public const int MessageHeader = 2;
    public const int MessageBodyLength = 3;

    // union MessageHeader { Schema, DictionaryBatch, RecordBatch, Tensor, SparseTensor }
    public const byte HeaderSchema = 1;
    public const byte HeaderDictionaryBatch = 2;
    public const byte HeaderRecordBatch = 3;
    public const byte HeaderTensor = 4;
    public const byte HeaderSparseTensor = 5;

    // enum MetadataVersion { V1, V2, V3, V4, V5 }
    public const short MetadataV4 = 3;

    // table Schema { endianness: Endianness; fields: [Field]; custom_metadata; features }
    public const int SchemaEndianness = 0;
    public const int SchemaFields = 1;
    public const short EndiannessBig = 1;

    // table Field { name; nullable; type: Type (2 slots); dictionary; children; custom_metadata }
    public const int FieldName = 0;
    public const int FieldNullable = 1;
    public const int FieldTypeType = 2;
    public const int FieldType = 3;
    public const int FieldDictionary = 4;
    public const int FieldChildren = 5;

    // union Type
    public const byte TypeNull = 1;
    public const byte TypeInt = 2;
    public const byte TypeFloatingPoint = 3;
    public const byte TypeBinary = 4;
    public const byte TypeUtf8 = 5;
    public const byte TypeBool = 6;
    public const byte TypeDecimal = 7;
    public const byte TypeDate = 8;
    public const byte TypeTime = 9;
    public const byte TypeTimestamp = 10;
    public const byte TypeInterval = 11;
    public const byte TypeList = 12;
    public const byte TypeStruct = 13;
    public const byte TypeUnion = 14;
    public const byte TypeFixedSizeBinary = 15;
    public const byte TypeFixedSizeList = 16;
    public const byte TypeMap = 17;
    public const byte TypeDuration = 18;
    public const byte TypeLargeBinary = 19;
    public const byte TypeLargeUtf8 = 20;
    public const byte TypeLargeList = 21;
    public const byte TypeRunEndEncoded = 22;
    public const byte TypeBinaryView = 23;
    public const byte TypeUtf8View = 24;
    public const byte TypeListView = 25;
    public const byte TypeLargeListView = 26;

    // table Int { bitWidth: int; is_signed: bool }
    public const int IntBitWidth = 0;
    public const int IntIsSigned = 1;

    // table FloatingPoint { precision: Precision }  enum Precision { HALF, SINGLE, DOUBLE }
    public const int FloatingPointPrecision = 0;

    // table Decimal { precision: int; scale: int; bitWidth: int = 128 }
    public const int DecimalPrecision = 0;
    public const int DecimalScale = 1;
    public const int DecimalBitWidth = 2;

    // table Date { unit: DateUnit = MILLISECOND }  enum DateUnit { DAY, MILLISECOND }
    public const int DateUnit = 0;
    public const short DateUnitDay = 0;
    public const short DateUnitMillisecond = 1;

    // table Time { unit: TimeUnit = MILLISECOND; bitWidth: int = 32 }
    public const int TimeUnit = 0;
    public const int TimeBitWidth = 1;

    // table Timestamp { unit: TimeUnit; timezone: string }
    public const int TimestampUnit = 0;
    public const int TimestampTimezone = 1;

    // table Duration { unit: TimeUnit = MILLISECOND }
    public const int DurationUnit = 0;

    // enum TimeUnit { SECOND, MILLISECOND, MICROSECOND, NANOSECOND }
    public const short TimeUnitMillisecond = 1;

    // table FixedSizeBinary { byteWidth: int }; table FixedSizeList { listSize: int }
    public const int FixedSizeBinaryByteWidth = 0;
    public const int FixedSizeListListSize = 0;

    // table RecordBatch { length: long; nodes: [FieldNode]; buffers: [Buffer]; compression: BodyCompression; variadicBufferCounts }
    public const int RecordBatchLength = 0;
    public const int RecordBatchNodes = 1;
    public const int RecordBatchBuffers = 2;
    public const int RecordBatchCompression = 3;

    // struct FieldNode { length: long; null_count: long }; struct Buffer { offset: long; length: long }
    public const int FieldNodeSize = 16;
    public const int BufferSize = 16;

    // table BodyCompression { codec: CompressionType = LZ4_FRAME; method }  enum CompressionType { LZ4_FRAME, ZSTD }
    public const int BodyCompressionCodec = 0;
}
