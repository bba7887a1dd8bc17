using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Lakehouse.DataFrame;
using Lakehouse.DataFrame.Expressions;
using Proto = Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// Literals as Spark's client encodes them: one <c>Expression.Literal</c> case per type (a NULL carries its type),
/// decimals as text with precision and scale, dates as days and timestamps as microseconds since the Unix epoch.
/// </summary>
internal static class SparkConnectLiterals
{
    private static readonly DateOnly EpochDate = new(1970, 1, 1);

    public static Proto.Expression.Types.Literal ToProto(Literal literal) => ToProto(literal.Value, literal.Type);

    public static Proto.Expression.Types.Literal ToProto(object? value, DataType type)
    {
        if (value is null)
        {
            return new Proto.Expression.Types.Literal { Null = SparkConnectTypes.ToProto(type) };
        }

        return type switch
        {
            BooleanType => new Proto.Expression.Types.Literal { Boolean = Convert.ToBoolean(value, CultureInfo.InvariantCulture) },
            ByteType => new Proto.Expression.Types.Literal { Byte = Convert.ToInt32(value, CultureInfo.InvariantCulture) },
            ShortType => new Proto.Expression.Types.Literal { Short = Convert.ToInt32(value, CultureInfo.InvariantCulture) },
            IntegerType => new Proto.Expression.Types.Literal { Integer = Convert.ToInt32(value, CultureInfo.InvariantCulture) },
            LongType => new Proto.Expression.Types.Literal { Long = Convert.ToInt64(value, CultureInfo.InvariantCulture) },
            FloatType => new Proto.Expression.Types.Literal { Float = Convert.ToSingle(value, CultureInfo.InvariantCulture) },
            DoubleType => new Proto.Expression.Types.Literal { Double = Convert.ToDouble(value, CultureInfo.InvariantCulture) },
            DecimalType decimalType => new Proto.Expression.Types.Literal { Decimal = Decimal(value, decimalType) },
            StringType => new Proto.Expression.Types.Literal { String = Convert.ToString(value, CultureInfo.InvariantCulture) },
            BinaryType when value is byte[] bytes => new Proto.Expression.Types.Literal { Binary = ByteString.CopyFrom(bytes) },
            DateType => new Proto.Expression.Types.Literal { Date = Days(value) },
            TimestampType => new Proto.Expression.Types.Literal { Timestamp = Microseconds(value) },
            ArrayType arrayType when value is IEnumerable items and not string => new Proto.Expression.Types.Literal { Array = Array(items, arrayType) },
            MapType mapType when value is IDictionary entries => new Proto.Expression.Types.Literal { Map = Map(entries, mapType) },
            _ => throw new SparkConnectCompilationException(
                $"A {type.SimpleString} literal of CLR type {value.GetType().Name}", "the compiler has no Spark Connect literal encoding for it."),
        };
    }

    private static Proto.Expression.Types.Literal.Types.Decimal Decimal(object value, DecimalType type)
    {
        var number = Math.Round(Convert.ToDecimal(value, CultureInfo.InvariantCulture), type.Scale, MidpointRounding.AwayFromZero);
        return new Proto.Expression.Types.Literal.Types.Decimal
        {
            Value = number.ToString("F" + type.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            Precision = type.Precision,
            Scale = type.Scale,
        };
    }

    internal static int Days(object value) => value switch
    {
        DateOnly date => date.DayNumber - EpochDate.DayNumber,
        DateTime dateTime => DateOnly.FromDateTime(dateTime).DayNumber - EpochDate.DayNumber,
        DateTimeOffset instant => DateOnly.FromDateTime(instant.UtcDateTime).DayNumber - EpochDate.DayNumber,
        _ => throw new SparkConnectCompilationException($"A date literal of CLR type {value.GetType().Name}", "dates must be DateOnly, DateTime or DateTimeOffset."),
    };

    internal static long Microseconds(object value)
    {
        var ticks = value switch
        {
            DateTimeOffset instant => instant.UtcTicks,
            DateTime dateTime => (dateTime.Kind == DateTimeKind.Local ? dateTime.ToUniversalTime() : dateTime).Ticks,
            _ => throw new SparkConnectCompilationException($"A timestamp literal of CLR type {value.GetType().Name}", "timestamps must be DateTimeOffset or DateTime."),
        };
        return Math.DivRem(ticks - DateTime.UnixEpoch.Ticks, TimeSpan.TicksPerMicrosecond, out var remainder) - (remainder < 0 ? 1 : 0);
    }

    private static Proto.Expression.Types.Literal.Types.Array Array(IEnumerable items, ArrayType type)
    {
        var array = new Proto.Expression.Types.Literal.Types.Array { ElementType = SparkConnectTypes.ToProto(type.ElementType) };
        foreach (var item in items)
        {
            array.Elements.Add(ToProto(item, type.ElementType));
        }

        return array;
    }

    private static Proto.Expression.Types.Literal.Types.Map Map(IDictionary entries, MapType type)
    {
        var map = new Proto.Expression.Types.Literal.Types.Map { KeyType = SparkConnectTypes.ToProto(type.KeyType), ValueType = SparkConnectTypes.ToProto(type.ValueType) };
        foreach (DictionaryEntry entry in entries)
        {
            map.Keys.Add(ToProto(entry.Key, type.KeyType));
            map.Values.Add(ToProto(entry.Value, type.ValueType));
        }

        return map;
    }
}
