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
