using System.Globalization;
using Lakehouse.DataFrame.Compilation.DuckDb;
using Lakehouse.DataFrame.Plan;
using Lakehouse.Delta;
using Lakehouse.DuckDB;
using LogTable = Lakehouse.Delta.DeltaTable;
using DeltaArray = Lakehouse.Delta.ArrayType;
using DeltaDecimal = Lakehouse.Delta.DecimalType;
using DeltaMap = Lakehouse.Delta.MapType;
using DeltaStruct = Lakehouse.Delta.StructType;

namespace Lakehouse.DataFrame.Sources;

/// <summary>
/// Delta tables for the embedded engine: <c>Read.Delta</c> pins a snapshot (latest, <c>versionAsOf</c> or
/// <c>timestampAsOf</c>) and reads it with the Delta log's scan query; <c>Write.Format("delta")</c> commits through the
/// Delta writer (with Spark's <c>txnAppId</c>/<c>txnVersion</c> options for idempotent writes).
/// </summary>
internal static class DeltaSource
{
    /// <summary>Writer options this engine understands for delta.</summary>
    public static readonly string[] WriteOptions = ["txnAppId", "txnVersion"];

    public static LogicalPlan Read(DuckDBDatabase database, string path, IReadOnlyDictionary<string, string> options)
    {
        using var table = LogTable.Open(path, new DeltaTableOptions { Database = database });
        var snapshot = (Option(options, "versionAsOf"), Option(options, "timestampAsOf")) switch
        {
            (null, null) => table.GetSnapshot(),
            ({ } version, null) => table.GetSnapshot(long.Parse(version, CultureInfo.InvariantCulture)),
            (null, { } timestamp) => table.GetSnapshotAsOf(DateTimeOffset.Parse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)),
            _ => throw new ArgumentException("Give either versionAsOf or timestampAsOf, not both.", nameof(options)),
        };
        using var connection = database.Connect();
        var columns = snapshot.Schema.Fields.Select(f => new PlanAttribute(f.Name, ToDataFrame(f.Type), f.Nullable)).ToList();
        return new SqlRead(DeltaScan.BuildInlineSql(snapshot, connection), columns);
    }

    public static void Write(DuckDBDatabase database, LogicalPlan plan, string path, SaveMode mode, IReadOnlyDictionary<string, string> options, IReadOnlyList<string> partitionBy, CancellationToken cancellationToken)
    {
        using var table = LogTable.ForPath(path, new DeltaTableOptions { Database = database });
        var exists = table.Exists();
        switch (mode)
        {
            case SaveMode.ErrorIfExists when exists:
                throw new AnalysisException($"[DELTA_PATH_EXISTS] The Delta table {path} already exists. Set the mode to overwrite, append or ignore.");
            case SaveMode.Ignore when exists:
                return;
        }

        if (!exists)
        {
            try
            {
                table.Create(ToDelta(plan.Schema), partitionBy, cancellationToken: cancellationToken);
            }
            catch (DeltaConcurrentModificationException)
            {
                // Created by a concurrent writer: the write below checks the schema.
            }
        }

        var appId = Option(options, "txnAppId");
        var version = Option(options, "txnVersion");
        if ((appId is null) != (version is null))
        {
            throw new ArgumentException("The delta options txnAppId and txnVersion must be given together.", nameof(options));
        }

        table.Write(
            DuckDbCompiler.CompileQuery(plan),
            [],
            new DeltaWriteOptions
            {
                Mode = mode == SaveMode.Overwrite ? DeltaSaveMode.Overwrite : DeltaSaveMode.Append,
                ApplicationId = appId,
                ApplicationVersion = version is null ? null : long.Parse(version, CultureInfo.InvariantCulture),
            },
            cancellationToken);
    }

    public static DataType ToDataFrame(DeltaDataType type) => type switch
    {
        DeltaStruct s => new StructType(s.Fields.Select(f => new StructField(f.Name, ToDataFrame(f.Type), f.Nullable))),
        DeltaArray a => new ArrayType(ToDataFrame(a.ElementType), a.ContainsNull),
        DeltaMap m => new MapType(ToDataFrame(m.KeyType), ToDataFrame(m.ValueType), m.ValueContainsNull),
        DeltaDecimal d => new DecimalType(d.Precision, d.Scale),
        PrimitiveType p when p.Equals(PrimitiveType.String) => DataType.String,
        PrimitiveType p when p.Equals(PrimitiveType.Long) => DataType.Long,
        PrimitiveType p when p.Equals(PrimitiveType.Integer) => DataType.Integer,
        PrimitiveType p when p.Equals(PrimitiveType.Short) => DataType.Short,
        PrimitiveType p when p.Equals(PrimitiveType.Byte) => DataType.Byte,
        PrimitiveType p when p.Equals(PrimitiveType.Float) => DataType.Float,
        PrimitiveType p when p.Equals(PrimitiveType.Double) => DataType.Double,
        PrimitiveType p when p.Equals(PrimitiveType.Boolean) => DataType.Boolean,
        PrimitiveType p when p.Equals(PrimitiveType.Binary) => DataType.Binary,
        PrimitiveType p when p.Equals(PrimitiveType.Date) => DataType.Date,
        PrimitiveType p when p.Equals(PrimitiveType.Timestamp) => DataType.Timestamp,
        _ => throw new NotSupportedException($"The Delta type {type.SimpleString} has no DataFrame type."),
    };

    public static DeltaStruct ToDelta(StructType schema) => new(schema.Fields.Select(f => new Delta.StructField(f.Name, ToDelta(f.DataType), f.Nullable)));

    private static DeltaDataType ToDelta(DataType type) => type switch
    {
        StructType s => ToDelta(s),
        ArrayType a => new DeltaArray(ToDelta(a.ElementType), a.ContainsNull),
        MapType m => new DeltaMap(ToDelta(m.KeyType), ToDelta(m.ValueType), m.ValueContainsNull),
        DecimalType d => new DeltaDecimal(d.Precision, d.Scale),
        StringType => PrimitiveType.String,
        LongType => PrimitiveType.Long,
        IntegerType => PrimitiveType.Integer,
        ShortType => PrimitiveType.Short,
        ByteType => PrimitiveType.Byte,
        FloatType => PrimitiveType.Float,
        DoubleType => PrimitiveType.Double,
        BooleanType => PrimitiveType.Boolean,
        BinaryType => PrimitiveType.Binary,
        DateType => PrimitiveType.Date,
        TimestampType => PrimitiveType.Timestamp,
        _ => throw new NotSupportedException($"A {type.SimpleString} column cannot be stored in a Delta table; cast it first."),
    };

    private static string? Option(IReadOnlyDictionary<string, string> options, string key) =>
        options.FirstOrDefault(o => o.Key.Equals(key, StringComparison.OrdinalIgnoreCase)).Value;
}
