using System.Globalization;
using System.Text;
using Lakehouse.DataFrame;
using Proto = Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// Our Spark data types as Spark Connect sends them: <c>spark.connect.DataType</c> messages (casts, typed NULLs, array
/// literals) and the two schema strings the Spark client writes: the catalog string of a LocalRelation
/// (<c>struct&lt;id:bigint,a:int&gt;</c>) and the DDL of a reader schema (<c>name STRING,age INT</c>).
/// </summary>
internal static class SparkConnectTypes
{
    public static Proto.DataType ToProto(DataType type) => type switch
    {
        NullType => new Proto.DataType { Null = new Proto.DataType.Types.NULL() },
        BooleanType => new Proto.DataType { Boolean = new Proto.DataType.Types.Boolean() },
        ByteType => new Proto.DataType { Byte = new Proto.DataType.Types.Byte() },
        ShortType => new Proto.DataType { Short = new Proto.DataType.Types.Short() },
        IntegerType => new Proto.DataType { Integer = new Proto.DataType.Types.Integer() },
        LongType => new Proto.DataType { Long = new Proto.DataType.Types.Long() },
        FloatType => new Proto.DataType { Float = new Proto.DataType.Types.Float() },
        DoubleType => new Proto.DataType { Double = new Proto.DataType.Types.Double() },
        StringType => new Proto.DataType { String = new Proto.DataType.Types.String() },
        BinaryType => new Proto.DataType { Binary = new Proto.DataType.Types.Binary() },
        DateType => new Proto.DataType { Date = new Proto.DataType.Types.Date() },
        TimestampType => new Proto.DataType { Timestamp = new Proto.DataType.Types.Timestamp() },
        DecimalType d => new Proto.DataType { Decimal = new Proto.DataType.Types.Decimal { Precision = d.Precision, Scale = d.Scale } },
        ArrayType a => new Proto.DataType { Array = new Proto.DataType.Types.Array { ElementType = ToProto(a.ElementType), ContainsNull = a.ContainsNull } },
        MapType m => new Proto.DataType
        {
            Map = new Proto.DataType.Types.Map { KeyType = ToProto(m.KeyType), ValueType = ToProto(m.ValueType), ValueContainsNull = m.ValueContainsNull },
        },
        StructType s => new Proto.DataType { Struct = ToProtoStruct(s) },
        _ => throw new SparkConnectCompilationException($"The data type {type.SimpleString}", "it has no Spark Connect DataType mapping."),
    };

    /// <summary>
    /// A schema Spark sent (AnalyzePlan, ExecutePlan) as our type. Char and varchar become string, as Spark reads them;
    /// types the DataFrame API has no form for (timestamp_ntz, intervals, user-defined) fail naming the column.
    /// </summary>
    /// <exception cref="SparkConnectCompilationException">A column's type has no DataFrame type.</exception>
    public static StructType FromProtoSchema(Proto.DataType schema) =>
        schema.KindCase == Proto.DataType.KindOneofCase.Struct
            ? (StructType)FromProto(schema, "the result")
            : throw new SparkConnectCompilationException($"A schema of kind {schema.KindCase}", "Spark answered a schema request with a type that is not a struct.");

    private static DataType FromProto(Proto.DataType type, string path) => type.KindCase switch
    {
        Proto.DataType.KindOneofCase.Null => DataType.Null,
        Proto.DataType.KindOneofCase.Binary => DataType.Binary,
        Proto.DataType.KindOneofCase.Boolean => DataType.Boolean,
        Proto.DataType.KindOneofCase.Byte => DataType.Byte,
        Proto.DataType.KindOneofCase.Short => DataType.Short,
        Proto.DataType.KindOneofCase.Integer => DataType.Integer,
        Proto.DataType.KindOneofCase.Long => DataType.Long,
        Proto.DataType.KindOneofCase.Float => DataType.Float,
        Proto.DataType.KindOneofCase.Double => DataType.Double,
        Proto.DataType.KindOneofCase.String or Proto.DataType.KindOneofCase.Char or Proto.DataType.KindOneofCase.VarChar => DataType.String,
        Proto.DataType.KindOneofCase.Date => DataType.Date,
        Proto.DataType.KindOneofCase.Timestamp => DataType.Timestamp,
        // Spark's defaults for a decimal without precision or scale: decimal(10,0).
        Proto.DataType.KindOneofCase.Decimal => new DecimalType(
            type.Decimal.HasPrecision ? type.Decimal.Precision : 10,
            type.Decimal.HasScale ? type.Decimal.Scale : 0),
        Proto.DataType.KindOneofCase.Array => new ArrayType(FromProto(type.Array.ElementType, path + " element"), type.Array.ContainsNull),
        Proto.DataType.KindOneofCase.Map => new MapType(
            FromProto(type.Map.KeyType, path + " key"), FromProto(type.Map.ValueType, path + " value"), type.Map.ValueContainsNull),
        Proto.DataType.KindOneofCase.Struct => new StructType(type.Struct.Fields.Select(f =>
            new StructField(f.Name, FromProto(f.DataType, $"column `{f.Name}`"), f.Nullable))),
        _ => throw new SparkConnectCompilationException(
            $"The Spark type {type.KindCase} of {path}",
            "the DataFrame API has no such type; cast it in Spark (for example timestamp_ntz to timestamp) before reading it."),
    };

    /// <summary>Spark's <c>catalogString</c>, with names quoted only when Spark's parser needs it.</summary>
    public static string CatalogString(DataType type)
    {
        var builder = new StringBuilder();
        AppendCatalog(builder, type);
        return builder.ToString();
    }

    /// <summary>Spark's <c>StructType.toDDL</c>: <c>name STRING,age INT NOT NULL</c>.</summary>
    public static string Ddl(StructType schema)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            builder.Append(i == 0 ? string.Empty : ",").Append(QuoteIfNeeded(field.Name)).Append(' ');
            AppendSql(builder, field.DataType);
            if (!field.Nullable)
            {
                builder.Append(" NOT NULL");
            }
        }

        return builder.ToString();
    }

    /// <summary>Spark's <c>quoteIfNeeded</c>: letters, digits and underscores (not all digits) stay bare; otherwise backticks.</summary>
    public static string QuoteIfNeeded(string part)
    {
        var bare = part.Length > 0 && part.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !part.All(char.IsAsciiDigit);
        return bare ? part : "`" + part.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    private static Proto.DataType.Types.Struct ToProtoStruct(StructType structType)
    {
        var result = new Proto.DataType.Types.Struct();
        foreach (var field in structType.Fields)
        {
            result.Fields.Add(new Proto.DataType.Types.StructField { Name = field.Name, DataType = ToProto(field.DataType), Nullable = field.Nullable });
        }

        return result;
    }

    private static void AppendCatalog(StringBuilder builder, DataType type)
    {
        switch (type)
        {
            case ArrayType array:
                builder.Append("array<");
                AppendCatalog(builder, array.ElementType);
                builder.Append('>');
                break;
            case MapType map:
                builder.Append("map<");
                AppendCatalog(builder, map.KeyType);
                builder.Append(',');
                AppendCatalog(builder, map.ValueType);
                builder.Append('>');
                break;
            case StructType structType:
                builder.Append("struct<");
                for (var i = 0; i < structType.Fields.Count; i++)
                {
                    var field = structType.Fields[i];
                    builder.Append(i == 0 ? string.Empty : ",").Append(QuoteIfNeeded(field.Name)).Append(':');
                    AppendCatalog(builder, field.DataType);
                    if (!field.Nullable)
                    {
                        builder.Append(" NOT NULL");
                    }
                }

                builder.Append('>');
                break;
            default:
                builder.Append(type.SimpleString);
                break;
        }
    }

    private static void AppendSql(StringBuilder builder, DataType type)
    {
        switch (type)
        {
            case ArrayType array:
                builder.Append("ARRAY<");
                AppendSql(builder, array.ElementType);
                builder.Append('>');
                break;
            case MapType map:
                builder.Append("MAP<");
                AppendSql(builder, map.KeyType);
                builder.Append(", ");
                AppendSql(builder, map.ValueType);
                builder.Append('>');
                break;
            case StructType structType:
                builder.Append("STRUCT<");
                for (var i = 0; i < structType.Fields.Count; i++)
                {
                    var field = structType.Fields[i];
                    builder.Append(i == 0 ? string.Empty : ", ").Append(QuoteIfNeeded(field.Name)).Append(": ");
                    AppendSql(builder, field.DataType);
                    if (!field.Nullable)
                    {
                        builder.Append(" NOT NULL");
                    }
                }

                builder.Append('>');
                break;
            case DecimalType d:
                builder.Append(CultureInfo.InvariantCulture, $"DECIMAL({d.Precision},{d.Scale})");
                break;
            default:
                builder.Append(type.SimpleString.ToUpperInvariant());
                break;
        }
    }
}
