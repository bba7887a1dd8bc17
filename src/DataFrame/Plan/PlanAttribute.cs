namespace Lakehouse.DataFrame.Plan;

/// <summary>
/// One output column of a plan node. <see cref="Qualifier"/> is the alias of the relation it comes from, if any.
/// <see cref="Id"/> identifies the column through the plan (Spark's ExprId): copies made with <c>with</c> keep it, new
/// columns get a new one, so <c>left["id"] == right["id"]</c> can tell the two sides of a join apart.
/// </summary>
internal sealed record PlanAttribute(string Name, DataType DataType, bool Nullable = true, string? Qualifier = null)
{
    private static long _lastId;

    public long Id { get; init; } = Interlocked.Increment(ref _lastId);

    public StructField ToField() => new(Name, DataType, Nullable);

    public bool HasName(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    public bool HasQualifier(string qualifier) => Qualifier is not null && string.Equals(Qualifier, qualifier, StringComparison.OrdinalIgnoreCase);
}
