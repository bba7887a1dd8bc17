using System.Runtime.InteropServices;

namespace Lakehouse.DuckDB.Native;

// One SafeHandle per native object: the runtime guarantees release exactly once, even on finalization,
// and keeps a handle alive while a native call uses it.

internal abstract class DuckDBHandle : SafeHandle
{
    protected DuckDBHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;
}

/// <summary>duckdb_database; thread-safe.</summary>
internal sealed class DatabaseHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_close(ref handle);
        return true;
    }
}

/// <summary>duckdb_connection; one thread at a time.</summary>
internal sealed class ConnectionHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_disconnect(ref handle);
        return true;
    }
}

internal sealed class ConfigHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_config(ref handle);
        return true;
    }
}

internal sealed class PreparedStatementHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_prepare(ref handle);
        return true;
    }
}

internal sealed class ExtractedStatementsHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_extracted(ref handle);
        return true;
    }
}

internal sealed class PendingResultHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_pending(ref handle);
        return true;
    }
}

/// <summary>
/// duckdb_result is a struct the caller owns; the handle owns the memory that holds it and destroys both.
/// </summary>
internal sealed unsafe class ResultHandle : DuckDBHandle
{
    private ResultHandle()
    {
    }

    public static ResultHandle Allocate()
    {
        var result = new ResultHandle();
        result.SetHandle((IntPtr)NativeMemory.AllocZeroed((nuint)sizeof(DuckDBResultStruct)));
        return result;
    }

    /// <summary>The struct by value, for the C API functions that take duckdb_result by value.</summary>
    public DuckDBResultStruct Value => *(DuckDBResultStruct*)handle;

    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_result(handle);
        NativeMemory.Free((void*)handle);
        return true;
    }
}

internal sealed class DataChunkHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_data_chunk(ref handle);
        return true;
    }
}

internal sealed class AppenderHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        // Flushes and closes too; a failure there was already reported by an explicit Close.
        _ = NativeMethods.duckdb_appender_destroy(ref handle);
        return true;
    }
}

internal sealed class LogicalTypeHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_logical_type(ref handle);
        return true;
    }
}

internal sealed class ValueHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_value(ref handle);
        return true;
    }
}

internal sealed class ErrorDataHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_error_data(ref handle);
        return true;
    }
}

internal sealed class ScalarFunctionHandle : DuckDBHandle
{
    protected override bool ReleaseHandle()
    {
        NativeMethods.duckdb_destroy_scalar_function(ref handle);
        return true;
    }
}
