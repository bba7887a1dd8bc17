using Lakehouse.DataFrame;
using Lakehouse.SparkConnect.Client;

namespace Lakehouse.SparkConnect;

/// <summary>
/// Opens a <see cref="LakehouseSession"/> on Apache Spark (3.5, 4.x) or Databricks through Spark Connect, the remote
/// counterpart of <see cref="LakehouseSession.Create"/> (Spark's <c>SparkSession.builder.remote("sc://...")</c>). The
/// same DataFrame code runs on it; its <see cref="LakehouseSession.Engine"/> is <see cref="EngineKind.Spark"/>.
/// </summary>
/// <remarks>
/// <para>Schemas come from Spark (AnalyzePlan) when a source is read; actions run on the cluster through ExecutePlan and
/// their Arrow results are decoded as they stream. Reads and writes use Spark's formats and paths (<c>delta</c>,
/// <c>abfss://...</c>), so Spark's Delta does the Delta work; <c>session.Sql</c> takes Spark SQL.</para>
/// <para>What only the embedded engine has (reading a Delta log locally, e.g. <see cref="DeltaTable.Transactions"/>)
/// throws <see cref="EngineNotSupportedException"/>. No connection is opened until the first call. Disposing the
/// session closes the connections; the Spark session on the server ends when it expires.</para>
/// </remarks>
public static class SparkConnectSession
{
    /// <summary>A session on the Spark Connect endpoint <paramref name="connection"/>.</summary>
    /// <param name="connection">Where and how to connect, e.g. <c>SparkConnectConnectionString.Parse("sc://localhost:15002")</c>.</param>
    /// <param name="options">Transport settings; defaults when null.</param>
    public static LakehouseSession Create(SparkConnectConnectionString connection, SparkConnectClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Create(new SparkConnectClient(connection, options));
    }

    /// <summary>A session over an existing client, which the session then owns (disposes).</summary>
    internal static LakehouseSession Create(SparkConnectClient client) => LakehouseSession.FromEngine(new Session.SparkConnectEngine(client));
}
