using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// duckdb.h: "Logical Type Interface".
internal static partial class NativeMethods
{
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_create_logical_type(DuckDBTypeId type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_create_list_type(IntPtr childType);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_create_map_type(IntPtr keyType, IntPtr valueType);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static unsafe partial LogicalTypeHandle duckdb_create_struct_type(IntPtr* memberTypes, byte** memberNames, ulong memberCount);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_create_decimal_type(byte width, byte scale);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBTypeId duckdb_get_type_id(LogicalTypeHandle type);

    /// <summary>For a type owned by someone else (a value's type).</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "duckdb_get_type_id")]
    internal static partial DuckDBTypeId duckdb_get_type_id_borrowed(IntPtr type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial byte duckdb_decimal_width(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial byte duckdb_decimal_scale(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBTypeId duckdb_decimal_internal_type(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial DuckDBTypeId duckdb_enum_internal_type(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial uint duckdb_enum_dictionary_size(LogicalTypeHandle type);

    /// <summary>Caller-owned string.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_enum_dictionary_value(LogicalTypeHandle type, ulong index);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_list_type_child_type(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_array_type_child_type(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ulong duckdb_array_type_array_size(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_map_type_key_type(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_map_type_value_type(LogicalTypeHandle type);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial ulong duckdb_struct_type_child_count(LogicalTypeHandle type);

    /// <summary>Caller-owned string.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial IntPtr duckdb_struct_type_child_name(LogicalTypeHandle type, ulong index);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial LogicalTypeHandle duckdb_struct_type_child_type(LogicalTypeHandle type, ulong index);

    [LibraryImport(NativeLibraryResolver.LibraryName)]
    internal static partial void duckdb_destroy_logical_type(ref IntPtr type);
}
