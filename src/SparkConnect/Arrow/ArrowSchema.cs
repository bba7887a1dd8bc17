namespace Lakehouse.SparkConnect.Arrow;

/// <summary>A column of an Arrow schema, or a child of a nested column.</summary>
public sealed class ArrowField
{
    internal ArrowField(string name, ArrowDataType dataType, bool isNullable, IReadOnlyList<ArrowField> children)
    {
        Name = name;
        DataType = dataType;
        IsNullable = isNullable;
        Children = children;
    }

    /// <summary>The field name (may be empty; Arrow does not require names).</summary>
    public string Name { get; }

    /// <summary>The field's type.</summary>
    public ArrowDataType DataType { get; }

    /// <summary>Whether the field may hold nulls.</summary>
    public bool IsNullable { get; }

    /// <summary>Child fields of list, struct and map types; empty otherwise.</summary>
    public IReadOnlyList<ArrowField> Children { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {DataType}{(IsNullable ? "" : " not null")}";
}

/// <summary>The columns of an Arrow stream, in order.</summary>
public sealed class ArrowSchema
{
    internal ArrowSchema(IReadOnlyList<ArrowField> fields)
    {
        Fields = fields;
    }

    /// <summary>The top-level fields (columns).</summary>
    public IReadOnlyList<ArrowField> Fields { get; }
}
