using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lakehouse.DuckDB.Native;

namespace Lakehouse.DuckDB.Functions;

/// <summary>
/// SQL functions of our own, written in C#, that the DataFrame compiler's SQL relies on; every database <see cref="DuckDBDatabase.Open"/>
/// opens has them.
/// </summary>
public static unsafe class LakehouseFunctions
{
    /// <summary>
    /// <c>lakehouse_json_keys_known(json VARCHAR, keys VARCHAR[]) → BOOLEAN</c>: TRUE when the text is a JSON object
    /// whose top-level keys are all in <c>keys</c>; FALSE when one is not, or when a cheap scan cannot tell (escaped
    /// keys, malformed text). NULL in gives NULL. See <see cref="JsonObjectKeys.AllKnown"/>.
    /// </summary>
    public const string JsonKeysKnown = "lakehouse_json_keys_known";

    /// <summary>Registers the functions in the database behind <paramref name="connection"/>.</summary>
    /// <exception cref="DuckDBException">DuckDB refused a function.</exception>
    internal static void Register(ConnectionHandle connection)
    {
        using var function = NativeMethods.duckdb_create_scalar_function();
        using var varchar = NativeMethods.duckdb_create_logical_type(DuckDBTypeId.Varchar);
        using var keys = NativeMethods.duckdb_create_list_type(varchar.DangerousGetHandle());
        using var boolean = NativeMethods.duckdb_create_logical_type(DuckDBTypeId.Boolean);
        NativeMethods.duckdb_scalar_function_set_name(function, JsonKeysKnown);
        NativeMethods.duckdb_scalar_function_add_parameter(function, varchar);
        NativeMethods.duckdb_scalar_function_add_parameter(function, keys);
        NativeMethods.duckdb_scalar_function_set_return_type(function, boolean);
        NativeMethods.duckdb_scalar_function_set_function(function, (IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, void>)&JsonKeysKnownChunk);
        if (NativeMethods.duckdb_register_scalar_function(connection, function) != DuckDBState.Success)
        {
            throw new DuckDBException(DuckDBErrorType.Catalog, $"DuckDB refused our scalar function '{JsonKeysKnown}'.");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void JsonKeysKnownChunk(IntPtr info, IntPtr input, IntPtr output)
    {
        // An exception must not cross into DuckDB's thread: it becomes the query's error.
        try
        {
            var rows = NativeMethods.duckdb_data_chunk_get_size_borrowed(input);
            var json = new VarcharColumn(NativeMethods.duckdb_data_chunk_get_vector_borrowed(input, 0));
            var lists = NativeMethods.duckdb_data_chunk_get_vector_borrowed(input, 1);
            var entries = (DuckDBListEntry*)NativeMethods.duckdb_vector_get_data(lists);
            var listValidity = (ulong*)NativeMethods.duckdb_vector_get_validity(lists);
            var keys = new VarcharColumn(NativeMethods.duckdb_list_vector_get_child(lists));
            var result = (byte*)NativeMethods.duckdb_vector_get_data(output);
            ulong* resultValidity = null;
            for (var row = 0UL; row < rows; row++)
            {
                if (!json.IsValid(row) || !IsValid(listValidity, row))
                {
                    if (resultValidity == null)
                    {
                        NativeMethods.duckdb_vector_ensure_validity_writable(output);
                        resultValidity = (ulong*)NativeMethods.duckdb_vector_get_validity(output);
                    }

                    resultValidity[row >> 6] &= ~(1UL << (int)(row & 63));
                    continue;
                }

                var known = new ListKeys(keys, entries[row]);
                result[row] = JsonObjectKeys.AllKnown(json.Read(row), known) ? (byte)1 : (byte)0;
            }
        }
        catch (Exception error)
        {
            NativeMethods.duckdb_scalar_function_set_error(info, $"{JsonKeysKnown}: {error.Message}");
        }
    }

    private static bool IsValid(ulong* validity, ulong row) => validity == null || (validity[row >> 6] & (1UL << (int)(row & 63))) != 0;

    /// <summary>A borrowed VARCHAR vector: its strings and validity.</summary>
    private readonly struct VarcharColumn(IntPtr vector)
    {
        private readonly IntPtr _data = NativeMethods.duckdb_vector_get_data(vector);
        private readonly ulong* _validity = (ulong*)NativeMethods.duckdb_vector_get_validity(vector);

        public bool IsValid(ulong row) => LakehouseFunctions.IsValid(_validity, row);

        public ReadOnlySpan<byte> Read(ulong row) => DuckDBStringT.Read(_data, row);
    }

    /// <summary>One row's list of keys, read in place from the list's child vector; NULL keys match nothing.</summary>
    private readonly ref struct ListKeys(VarcharColumn keys, DuckDBListEntry entry) : IKeySet
    {
        public bool Contains(ReadOnlySpan<byte> key)
        {
            for (var i = entry.Offset; i < entry.Offset + entry.Length; i++)
            {
                if (keys.IsValid(i) && keys.Read(i).SequenceEqual(key))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
