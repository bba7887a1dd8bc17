namespace Lakehouse.DataFrame.Expressions;

/// <summary>Spark's result-type rules (type coercion, decimal precision) used by the function catalog.</summary>
internal static class TypeRules
{
    public static DataType Add(IReadOnlyList<DataType> a) => AdditiveOrDecimal(a[0], a[1], (p1, s1, p2, s2) =>
        DecimalType.Bounded(Math.Max(s1, s2) + Math.Max(p1 - s1, p2 - s2) + 1, Math.Max(s1, s2)));

    public static DataType Subtract(IReadOnlyList<DataType> a) =>
        a[0] is DateType && a[1] is DateType ? DataType.Integer : Add(a);

    public static DataType Multiply(IReadOnlyList<DataType> a) => AdditiveOrDecimal(a[0], a[1], (p1, s1, p2, s2) =>
        DecimalType.Bounded(p1 + p2 + 1, s1 + s2));

    public static DataType Divide(IReadOnlyList<DataType> a)
    {
        var (left, right) = (AsDecimal(a[0]), AsDecimal(a[1]));
        if (left is null || right is null || (a[0].IsIntegral && a[1].IsIntegral))
        {
            return DataType.Double;
        }

        var scale = Math.Max(6, left.Scale + right.Precision + 1);
        return DecimalType.Bounded(left.Precision - left.Scale + right.Scale + scale, scale);
    }

    public static DataType Remainder(IReadOnlyList<DataType> a) => AdditiveOrDecimal(a[0], a[1], (p1, s1, p2, s2) =>
        DecimalType.Bounded(Math.Min(p1 - s1, p2 - s2) + Math.Max(s1, s2), Math.Max(s1, s2)));

    public static DataType Sum(IReadOnlyList<DataType> a) => a[0] switch
    {
        DecimalType d => DecimalType.Bounded(d.Precision + 10, d.Scale),
        var t when t.IsIntegral => DataType.Long,
        NullType => DataType.Double,
        var t when t.IsNumeric || t is StringType => DataType.Double,
        var t => throw new AnalysisException($"sum expects a numeric argument, not {t.SimpleString}."),
    };

    public static DataType Average(IReadOnlyList<DataType> a) => a[0] switch
    {
        DecimalType d => DecimalType.Bounded(d.Precision + 4, d.Scale + 4),
        var t when t.IsNumeric || t is StringType or NullType => DataType.Double,
        var t => throw new AnalysisException($"avg expects a numeric argument, not {t.SimpleString}."),
    };

    public static DataType Round(IReadOnlyList<DataType> a)
    {
        if (a[0] is not DecimalType d)
        {
            return a[0] is StringType ? DataType.Double : a[0];
        }

        // The scale argument is a literal; the analyzer passes it through a LiteralIntegerType marker.
        var scale = a.Count > 1 && a[1] is ScaleArgument s ? s.Value : 0;
        var integralDigits = d.Precision - d.Scale + 1;
        if (scale < 0)
        {
            return new DecimalType(Math.Min(Math.Max(integralDigits, -scale + 1), DecimalType.MaxPrecision), 0);
        }

        var newScale = Math.Min(d.Scale, scale);
        return new DecimalType(Math.Min(integralDigits + newScale, DecimalType.MaxPrecision), newScale);
    }

    public static DataType CeilFloor(IReadOnlyList<DataType> a) => a[0] switch
    {
        DecimalType d => new DecimalType(Math.Min(d.Precision - d.Scale + 1, DecimalType.MaxPrecision), 0),
        _ => DataType.Long,
    };

    public static DataType Element(IReadOnlyList<DataType> a) => a[0] switch
    {
        ArrayType array => array.ElementType,
        var t => throw new AnalysisException($"explode expects an array, not {t.SimpleString}."),
    };

    /// <summary>The name Spark's <c>struct</c> gives a field whose argument has no name (not a column, not aliased): col1, col2...</summary>
    public static string StructFieldName(int index) => "col" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The type all arguments widen to (coalesce, greatest, CASE branches, IN lists, unions).</summary>
    public static DataType Common(IReadOnlyList<DataType> types)
    {
        DataType result = DataType.Null;
        foreach (var type in types)
        {
            result = Widen(result, type);
        }

        return result;
    }

    public static DataType Widen(DataType left, DataType right)
    {
        if (left is NullType || left == right)
        {
            return right is ScaleArgument ? DataType.Integer : right;
        }

        if (right is NullType)
        {
            return left;
        }

        if (left.IsNumeric && right.IsNumeric)
        {
            return WidenNumeric(left, right);
        }

        if (left is StringType || right is StringType)
        {
            return DataType.String;
        }

        if ((left is DateType && right is TimestampType) || (left is TimestampType && right is DateType))
        {
            return DataType.Timestamp;
        }

        if (left is ArrayType la && right is ArrayType ra)
        {
            return new ArrayType(Widen(la.ElementType, ra.ElementType));
        }

        throw new AnalysisException($"[DATATYPE_MISMATCH] Cannot find a common type of {left.SimpleString} and {right.SimpleString}.");
    }

    private static DataType AdditiveOrDecimal(DataType left, DataType right, Func<int, int, int, int, DecimalType> decimalRule)
    {
        if (left is StringType || right is StringType)
        {
            return DataType.Double;
        }

        if (left is DateType || left is TimestampType)
        {
            return left;
        }

        if (!left.IsNumeric && left is not NullType)
        {
            throw new AnalysisException($"[DATATYPE_MISMATCH] Arithmetic expects numbers, not {left.SimpleString}.");
        }

        if (!right.IsNumeric && right is not NullType)
        {
            throw new AnalysisException($"[DATATYPE_MISMATCH] Arithmetic expects numbers, not {right.SimpleString}.");
        }

        if ((left is DecimalType || right is DecimalType) && AsDecimal(left) is { } l && AsDecimal(right) is { } r)
        {
            return decimalRule(l.Precision, l.Scale, r.Precision, r.Scale);
        }

        return WidenNumeric(left is NullType ? right : left, right is NullType ? left : right);
    }

    private static DataType WidenNumeric(DataType left, DataType right)
    {
        if (left is DoubleType || right is DoubleType)
        {
            return DataType.Double;
        }

        if (left is FloatType || right is FloatType)
        {
            return left is DecimalType || right is DecimalType ? DataType.Double : DataType.Float;
        }

        if (left is DecimalType || right is DecimalType)
        {
            var (l, r) = (AsDecimal(left)!, AsDecimal(right)!);
            var scale = Math.Max(l.Scale, r.Scale);
            return DecimalType.Bounded(Math.Max(l.Precision - l.Scale, r.Precision - r.Scale) + scale, scale);
        }

        return Rank(left) >= Rank(right) ? left : right;
    }

    private static int Rank(DataType type) => type switch
    {
        ByteType => 1,
        ShortType => 2,
        IntegerType => 3,
        LongType => 4,
        _ => 0,
    };

    private static DecimalType? AsDecimal(DataType type) => type switch
    {
        DecimalType d => d,
        ByteType => new DecimalType(3, 0),
        ShortType => new DecimalType(5, 0),
        IntegerType or ScaleArgument => new DecimalType(10, 0),
        LongType => new DecimalType(20, 0),
        _ => null,
    };
}

/// <summary>
/// The type of an integer literal argument whose value matters for the result type (the scale of <c>round</c>).
/// Only ever passed to type rules; never the type of a column.
/// </summary>
internal sealed record ScaleArgument(int Value) : DataType
{
    public override string SimpleString => "int";
}
