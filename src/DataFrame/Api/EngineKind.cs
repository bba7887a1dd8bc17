namespace Lakehouse.DataFrame;

/// <summary>The engine a <see cref="LakehouseSession"/> runs its actions on (see <see cref="LakehouseSession.Engine"/>).</summary>
public enum EngineKind
{
    /// <summary>The embedded engine: DuckDB in-process, with our own Delta log code (<see cref="LakehouseSession.Create"/>).</summary>
    Embedded,

    /// <summary>Apache Spark or Databricks through Spark Connect; Spark's own Delta does the Delta work.</summary>
    Spark,
}
