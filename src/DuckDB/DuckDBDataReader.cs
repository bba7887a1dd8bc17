using System.Collections;
using System.Data.Common;
using System.Globalization;
using Lakehouse.DuckDB.Native;
using Lakehouse.DuckDB.Types;

namespace Lakehouse.DuckDB;

/// <summary>
/// Streams a query's rows one DuckDB data chunk (up to 2048 rows) at a time; the whole result is never
/// held in memory. Forward-only, for one thread. NULL reads as <see cref="DBNull.Value"/> from
/// <see cref="GetValue"/> (and as null inside lists, structs and maps).
/// </summary>
/// <remarks>
/// Types: BOOLEAN bool; TINYINT..BIGINT sbyte..long; unsigned as byte..ulong; HUGEINT Int128; FLOAT float; DOUBLE double;
/// DECIMAL decimal (exact; values System.Decimal cannot hold fail clearly); VARCHAR/ENUM string; BLOB byte[];
/// DATE DateOnly; TIME TimeOnly; TIMESTAMP DateTime (unspecified kind); TIMESTAMPTZ DateTimeOffset (UTC);
/// INTERVAL <see cref="DuckDBInterval"/>; UUID Guid; LIST/ARRAY List&lt;object?&gt;; STRUCT <see cref="DuckDBStruct"/>;
/// MAP Dictionary&lt;object, object?&gt;.
/// </remarks>
public sealed class DuckDBDataReader : DbDataReader
{
    private readonly ResultHandle _result;
    private readonly CancellationTokenRegistration _cancellation;
    private readonly CancellationToken _cancellationToken;
    private readonly ColumnType[] _types;
    private readonly string[] _names;
    private readonly int _recordsAffected;

    private DataChunkHandle? _chunk;
    private VectorReader[] _vectors = [];
    private ulong _chunkSize;
    private ulong _row;
    private bool _started;
    private bool _finished;
    private bool _hasRows;

    internal DuckDBDataReader(ResultHandle result, CancellationTokenRegistration cancellation, CancellationToken cancellationToken)
    {
        _result = result;
        _cancellation = cancellation;
        _cancellationToken = cancellationToken;
        var count = (int)NativeMethods.duckdb_column_count(result);
        _types = new ColumnType[count];
        _names = new string[count];
        for (var i = 0; i < count; i++)
        {
            _names[i] = NativeMethods.BorrowString(NativeMethods.duckdb_column_name(result, (ulong)i)) ?? string.Empty;
            using var type = NativeMethods.duckdb_column_logical_type(result, (ulong)i);
            _types[i] = ColumnType.From(type);
        }

        _recordsAffected = NativeMethods.duckdb_result_return_type(result.Value) == 1 ? (int)NativeMethods.duckdb_rows_changed(result) : -1;
    }

    /// <inheritdoc />
    public override int FieldCount => _types.Length;

    /// <inheritdoc />
    public override int Depth => 0;

    /// <inheritdoc />
    public override bool IsClosed => _result.IsClosed;

    /// <inheritdoc />
    public override int RecordsAffected => _recordsAffected;

    /// <summary>True when the result has at least one row (fetches the first chunk if needed).</summary>
    public override bool HasRows
    {
        get
        {
            Start();
            return _hasRows;
        }
    }

    /// <inheritdoc />
    public override object this[int ordinal] => GetValue(ordinal);

    /// <inheritdoc />
    public override object this[string name] => GetValue(GetOrdinal(name));

    /// <inheritdoc />
    public override bool Read()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        if (_finished)
        {
            return false;
        }

        Start();
        if (_finished)
        {
            return false;
        }

        _row = unchecked(_row + 1);
        while (_row >= _chunkSize)
        {
            if (!FetchChunk())
            {
                _finished = true;
                return false;
            }

            _row = 0;
        }

        return true;
    }

    /// <inheritdoc />
    public override bool NextResult() => false;

    /// <inheritdoc />
    public override string GetName(int ordinal) => _names[ordinal];

    /// <inheritdoc />
    public override int GetOrdinal(string name)
    {
        var index = Array.FindIndex(_names, n => string.Equals(n, name, StringComparison.Ordinal));
        if (index < 0)
        {
            index = Array.FindIndex(_names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        }

        return index >= 0 ? index : throw new IndexOutOfRangeException($"The result has no column '{name}'; its columns are: {string.Join(", ", _names)}.");
    }

    /// <summary>DuckDB's name for the column's type, e.g. DECIMAL(18,2) or VARCHAR[].</summary>
    public override string GetDataTypeName(int ordinal) => _types[ordinal].SqlName;

    /// <inheritdoc />
    public override Type GetFieldType(int ordinal) => _types[ordinal].ClrType;

    /// <inheritdoc />
    public override bool IsDBNull(int ordinal) => !Current(ordinal).IsValid(_row);

    /// <inheritdoc />
    public override object GetValue(int ordinal) => Current(ordinal).GetValue(_row) ?? DBNull.Value;

    /// <inheritdoc />
    public override int GetValues(object[] values)
    {
        var count = Math.Min(values.Length, FieldCount);
        for (var i = 0; i < count; i++)
        {
            values[i] = GetValue(i);
        }

        return count;
    }

    /// <summary>The value as <typeparamref name="T"/>: the column's own CLR type, or a lossless numeric conversion of it.</summary>
    public override T GetFieldValue<T>(int ordinal)
    {
        var value = Current(ordinal).GetValue(_row);
        return value switch
        {
            T typed => typed,
            null when default(T) is null => default!,
            null => throw new InvalidCastException($"Column '{_names[ordinal]}' is NULL in this row; read it as a nullable type or check IsDBNull first."),
            Int128 wide => ConvertNumber<T>((decimal)wide),
            UInt128 wide => ConvertNumber<T>((decimal)wide),
            IConvertible => ConvertNumber<T>(value),
            _ => throw new InvalidCastException($"Column '{_names[ordinal]}' of type {_types[ordinal].SqlName} cannot be read as {typeof(T).Name}."),
        };
    }

    private static T ConvertNumber<T>(object value) =>
        (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override bool GetBoolean(int ordinal) => GetFieldValue<bool>(ordinal);

    /// <inheritdoc />
    public override byte GetByte(int ordinal) => GetFieldValue<byte>(ordinal);

    /// <inheritdoc />
    public override char GetChar(int ordinal) => GetFieldValue<string>(ordinal)[0];

    /// <inheritdoc />
    public override DateTime GetDateTime(int ordinal) => GetFieldValue<DateTime>(ordinal);

    /// <inheritdoc />
    public override decimal GetDecimal(int ordinal) => GetFieldValue<decimal>(ordinal);

    /// <inheritdoc />
    public override double GetDouble(int ordinal) => GetFieldValue<double>(ordinal);

    /// <inheritdoc />
    public override float GetFloat(int ordinal) => GetFieldValue<float>(ordinal);

    /// <inheritdoc />
    public override Guid GetGuid(int ordinal) => GetFieldValue<Guid>(ordinal);

    /// <inheritdoc />
    public override short GetInt16(int ordinal) => GetFieldValue<short>(ordinal);

    /// <inheritdoc />
    public override int GetInt32(int ordinal) => GetFieldValue<int>(ordinal);

    /// <inheritdoc />
    public override long GetInt64(int ordinal) => GetFieldValue<long>(ordinal);

    /// <inheritdoc />
    public override string GetString(int ordinal) =>
        _types[ordinal].Id == DuckDBTypeId.Varchar && !IsDBNull(ordinal) ? Current(ordinal).GetString(_row) : GetFieldValue<string>(ordinal);

    /// <inheritdoc />
    public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length)
    {
        var bytes = GetFieldValue<byte[]>(ordinal);
        if (buffer is null)
        {
            return bytes.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, bytes.Length - dataOffset));
        Array.Copy(bytes, dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length)
    {
        var text = GetString(ordinal);
        if (buffer is null)
        {
            return text.Length;
        }

        var count = (int)Math.Max(0, Math.Min(length, text.Length - dataOffset));
        text.CopyTo((int)dataOffset, buffer, bufferOffset, count);
        return count;
    }

    /// <inheritdoc />
    public override IEnumerator GetEnumerator() => new DbEnumerator(this, closeReader: false);

    /// <summary>Frees the result; DbDataReader.Dispose calls this too.</summary>
    public override void Close()
    {
        _chunk?.Dispose();
        _chunk = null;
        _cancellation.Dispose();
        _result.Dispose();
    }

    /// <summary>Fetches the first chunk once, positioned before its first row.</summary>
    private void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        _row = ulong.MaxValue;
        _hasRows = FetchChunk();
        _finished = !_hasRows;
    }

    private VectorReader Current(int ordinal)
    {
        if (_chunk is null || _row >= _chunkSize)
        {
            throw new InvalidOperationException("There is no current row: call Read() first and check that it returned true.");
        }

        return _vectors[ordinal];
    }

    /// <summary>Moves to the next non-empty chunk; false at the end. A failure while streaming surfaces here.</summary>
    private bool FetchChunk()
    {
        while (true)
        {
            _chunk?.Dispose();
            _chunk = null;
            var chunk = NativeMethods.duckdb_fetch_chunk(_result.Value);
            if (chunk.IsInvalid)
            {
                chunk.Dispose();
                var message = NativeMethods.BorrowString(NativeMethods.duckdb_result_error(_result));
                if (message is not null)
                {
                    throw DuckDBPreparedStatement.ErrorOf(_result, _cancellationToken);
                }

                _chunkSize = 0;
                return false;
            }

            _chunk = chunk;
            _chunkSize = NativeMethods.duckdb_data_chunk_get_size(chunk);
            if (_chunkSize == 0)
            {
                continue;
            }

            _vectors = new VectorReader[_types.Length];
            for (var i = 0; i < _types.Length; i++)
            {
                _vectors[i] = new VectorReader(_types[i], NativeMethods.duckdb_data_chunk_get_vector(chunk, (ulong)i), _names[i]);
            }

            return true;
        }
    }
}
