using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// duckdb.h: "Value Interface" (values bound to prepared statements and appended).
internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_value(ref IntPtr value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static unsafe partial ValueHandle duckdb_create_varchar_length(byte* text, ulong length);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static unsafe partial ValueHandle duckdb_create_blob(byte* data, ulong length);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_bool([MarshalAs(UnmanagedType.U1)] bool value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_int8(sbyte value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_uint8(byte value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_int16(short value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_uint16(ushort value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_int32(int value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_uint32(uint value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_int64(long value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_uint64(ulong value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_hugeint(DuckDBHugeInt value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_uhugeint(DuckDBUHugeInt value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_float(float value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_double(double value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_decimal(DuckDBDecimal value);

    /// <summary>duckdb_date: days since 1970-01-01.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_date(int days);

    /// <summary>duckdb_time: microseconds since midnight.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_time(long micros);

    /// <summary>duckdb_timestamp: microseconds since 1970-01-01 (naive).</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_timestamp(long micros);

    /// <summary>duckdb_timestamp: microseconds since 1970-01-01 UTC.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_timestamp_tz(long micros);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_interval(DuckDBIntervalStruct value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_uuid(DuckDBUHugeInt value);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ValueHandle duckdb_create_null_value();

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static unsafe partial ValueHandle duckdb_create_list_value(IntPtr childType, IntPtr* values, ulong count);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static unsafe partial ValueHandle duckdb_create_struct_value(IntPtr type, IntPtr* values);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static unsafe partial ValueHandle duckdb_create_map_value(IntPtr mapType, IntPtr* keys, IntPtr* values, ulong count);

    /// <summary>The value's type, owned by the value: never destroy it.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_get_value_type(ValueHandle value);
}
