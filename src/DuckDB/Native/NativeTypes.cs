using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// Blittable mirrors of duckdb.h's value structs and enums (DuckDB 1.5).

/// <summary>duckdb_state.</summary>
internal enum DuckDBState
{
    Success = 0,
    Error = 1,
}

/// <summary>duckdb_type: the physical/logical type ids of the C API.</summary>
internal enum DuckDBTypeId
{
    Invalid = 0,
    Boolean = 1,
    TinyInt = 2,
    SmallInt = 3,
    Integer = 4,
    BigInt = 5,
    UTinyInt = 6,
    USmallInt = 7,
    UInteger = 8,
    UBigInt = 9,
    Float = 10,
    Double = 11,
    Timestamp = 12,
    Date = 13,
    Time = 14,
    Interval = 15,
    HugeInt = 16,
    Varchar = 17,
    Blob = 18,
    Decimal = 19,
    TimestampS = 20,
    TimestampMs = 21,
    TimestampNs = 22,
    Enum = 23,
    List = 24,
    Struct = 25,
    Map = 26,
    Uuid = 27,
    Union = 28,
    Bit = 29,
    TimeTz = 30,
    TimestampTz = 31,
    UHugeInt = 32,
    Array = 33,
    Any = 34,
    BigNum = 35,
    SqlNull = 36,
    StringLiteral = 37,
    IntegerLiteral = 38,
    TimeNs = 39,
}

/// <summary>duckdb_result: only the C API reads its fields; we keep it opaque and pass it by pointer or value.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct DuckDBResultStruct
{
    private readonly nuint _deprecatedColumnCount;
    private readonly nuint _deprecatedRowCount;
    private readonly nuint _deprecatedRowsChanged;
    private readonly IntPtr _deprecatedColumns;
    private readonly IntPtr _deprecatedErrorMessage;
    private readonly IntPtr _internalData;
}

[StructLayout(LayoutKind.Sequential)]
internal struct DuckDBHugeInt
{
    public ulong Lower;
    public long Upper;

    public DuckDBHugeInt(Int128 value)
    {
        Lower = (ulong)(value & ulong.MaxValue);
        Upper = (long)(value >> 64);
    }

    public readonly Int128 ToInt128() => new((ulong)Upper, Lower);
}

[StructLayout(LayoutKind.Sequential)]
internal struct DuckDBUHugeInt
{
    public ulong Lower;
    public ulong Upper;
}

[StructLayout(LayoutKind.Sequential)]
internal struct DuckDBDecimal
{
    public byte Width;
    public byte Scale;
    public DuckDBHugeInt Value;
}

[StructLayout(LayoutKind.Sequential)]
internal struct DuckDBIntervalStruct
{
    public int Months;
    public int Days;
    public long Micros;
}

/// <summary>duckdb_list_entry: a LIST row's slice of its child vector.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct DuckDBListEntry
{
    public ulong Offset;
    public ulong Length;
}

/// <summary>duckdb_string_t: 16 bytes; up to 12 bytes are stored inline, longer strings through a pointer.</summary>
internal static unsafe class DuckDBStringT
{
    private const int Size = 16;
    private const int InlineLength = 12;

    /// <summary>The bytes of element <paramref name="row"/> of a VARCHAR/BLOB vector's data; valid while the chunk lives.</summary>
    public static ReadOnlySpan<byte> Read(IntPtr vectorData, ulong row)
    {
        var element = (byte*)vectorData + (row * Size);
        var length = *(uint*)element;
        var bytes = length <= InlineLength ? element + 4 : *(byte**)(element + 8);
        return new ReadOnlySpan<byte>(bytes, checked((int)length));
    }
}
