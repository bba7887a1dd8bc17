using System.Globalization;
using Lakehouse.DataFrame;
using Lakehouse.DataFrame.Engines;
using Lakehouse.DataFrame.Plan;
using Lakehouse.SparkConnect.Arrow;
using Lakehouse.SparkConnect.Client;
using Lakehouse.SparkConnect.Compiler;
using Proto = Lakehouse.SparkConnect.Protocol;

namespace Lakehouse.SparkConnect.Session;

/// <summary>
/// The Spark engine of a <see cref="LakehouseSession"/>: plans compile to Spark Connect relations
/// (<see cref="SparkConnectPlanCompiler"/>); schemas come from AnalyzePlan, rows from ExecutePlan's Arrow batches
/// (decoded as they stream), writes are WriteOperations, SQL commands SqlCommands, and a Delta MERGE is Spark SQL over a
/// temporary view of the source. Paths are Spark's (<c>abfss://...</c>) and are passed through unchanged. What only the
/// embedded engine has (reading a Delta log locally) is refused with <see cref="EngineNotSupportedException"/>.
/// </summary>
internal sealed class SparkConnectEngine : ISessionEngine
{
    /// <summary>Delta's session confs for idempotent DML (delta-io/delta#1555): MERGE, UPDATE, DELETE and INSERT honour them.</summary>
    internal const string TxnAppIdConf = "spark.databricks.delta.write.txnAppId";

    /// <summary>See <see cref="TxnAppIdConf"/>.</summary>
    internal const string TxnVersionConf = "spark.databricks.delta.write.txnVersion";

    /// <summary>Spark's session time zone.</summary>
    internal const string SessionTimeZoneConf = "spark.sql.session.timeZone";

    // Spark SQL statements that return rows; anything else runs eagerly as a command (as spark.sql does).
    private static readonly string[] QueryKeywords = ["SELECT", "WITH", "FROM", "VALUES", "TABLE", "DESCRIBE", "SHOW", "EXPLAIN", "("];

    // Error classes Spark and Delta raise for a path that holds no Delta table.
    private static readonly HashSet<string> NotDeltaErrorClasses = new(StringComparer.Ordinal)
    {
        "DELTA_MISSING_DELTA_TABLE", "DELTA_PATH_DOES_NOT_EXIST", "DELTA_TABLE_NOT_FOUND", "PATH_NOT_FOUND",
    };

    private readonly SparkConnectClient _client;
    private bool _disposed;
    private bool _sessionConfigured;
    private bool _txnConfsMayBeSet;

    public SparkConnectEngine(SparkConnectClient client)
    {
        _client = client;
    }

    public EngineKind Kind => EngineKind.Spark;

    /// <summary>
    /// The client, for one call. The first call sets the Spark session's time zone to UTC, as the embedded engine's, so
    /// that casts, date functions and shown timestamps agree on both engines.
    /// </summary>
    private SparkConnectClient Client
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_sessionConfigured)
            {
                Wait(_client.ConfigSetAsync(SessionTimeZoneConf, "UTC"));
                _sessionConfigured = true;
            }

            return _client;
        }
    }

    public LogicalPlan Sql(string text)
    {
        if (QueryKeywords.Any(k => text.StartsWith(k, StringComparison.OrdinalIgnoreCase)))
        {
            return new SqlRead(text, Analyze(new SqlRead(text, [])));
        }

        ExecuteCommand(new Proto.Command { SqlCommand = new Proto.SqlCommand { Sql = text } }, CancellationToken.None);
        return new LocalRelation([], new StructType([]));
    }

    public IReadOnlyList<PlanAttribute> TableColumns(string tableName) => Analyze(new TableRead(tableName, []));

    public DataSourceRead ReadFiles(string format, IReadOnlyList<string> paths, IReadOnlyDictionary<string, string> options, StructType? schema)
    {
        // Spark's text source always has one string column `value`; a given schema is Spark's to apply.
        IReadOnlyList<PlanAttribute> columns = format == "text"
            ? [new PlanAttribute("value", DataType.String)]
            : schema is not null
                ? [.. schema.Fields.Select(f => new PlanAttribute(f.Name, f.DataType, f.Nullable))]
                : Analyze(new DataSourceRead(format, paths, options, null, []));
        return new DataSourceRead(format, paths, options, schema, columns);
    }

    /// <summary>Spark's Delta reads the table (time travel options included) each time the DataFrame runs.</summary>
    public LogicalPlan ReadDelta(string path, IReadOnlyDictionary<string, string> options) =>
        new DataSourceRead("delta", [path], options, null, Analyze(new DataSourceRead("delta", [path], options, null, [])));

    public bool IsDeltaTable(string path)
    {
        var relation = SparkConnectPlanCompiler.CompileRelation(new DataSourceRead("delta", [path], new Dictionary<string, string>(), null, []));
        try
        {
            Wait(Client.GetSchemaAsync(relation));
            return true;
        }
        catch (SparkConnectException e) when (e.ErrorClass is { } errorClass && NotDeltaErrorClasses.Contains(errorClass))
        {
            return false;
        }
    }

    public void RequireDeltaTable(string path)
    {
        if (!IsDeltaTable(path))
        {
            throw new AnalysisException($"[DELTA_MISSING_DELTA_TABLE] `{path}` is not a Delta table (Spark found none there).");
        }
    }

    public IReadOnlyDictionary<string, long> DeltaTransactions(string path) => throw new EngineNotSupportedException(
        "DeltaTable.Transactions",
        Kind,
        "it reads the Delta log's txn actions locally with our Delta code, which cannot see the cluster's storage. On Spark, "
        + "pass txnAppId/txnVersion (or DeltaMergeBuilder.WithTransaction) and Spark's Delta skips a transaction it has already committed.");

    public long Count(LogicalPlan plan, CancellationToken cancellationToken)
    {
        // Spark's Dataset.count(): groupBy().count(), one bigint row.
        var counted = new Aggregate(plan, [], [Functions.Count(Functions.Lit(1)).Alias("count").Expression]);
        var row = Stream(counted, cancellationToken).FirstOrDefault()
            ?? throw new SparkConnectException("ExecutePlan", GrpcStatusCode.Internal, "the count query returned no row.");
        return row.GetInt64(0);
    }

    public IEnumerable<Row> Stream(LogicalPlan plan, CancellationToken cancellationToken)
    {
        // Compile now, so an unsupported plan fails at the call rather than at the first MoveNext.
        var relation = SparkConnectPlanCompiler.CompileRelation(plan);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return StreamRows(relation, plan.Schema, cancellationToken);
    }

    public string Explain(LogicalPlan plan) => Wait(Client.ExplainAsync(SparkConnectPlanCompiler.CompileRelation(plan)));

    public void CreateOrReplaceTempView(LogicalPlan plan, string viewName) =>
        CreateView(SparkConnectPlanCompiler.CompileRelation(plan), viewName, CancellationToken.None);

    /// <summary>Spark's <c>persist()</c> (AnalyzePlan Persist, the server's default storage level); lazy, as in Spark.</summary>
    public (LogicalPlan Plan, Action Unpersist) Cache(LogicalPlan plan)
    {
        var relation = SparkConnectPlanCompiler.CompileRelation(plan);
        Wait(Client.AnalyzeAsync(new Proto.AnalyzePlanRequest { Persist = new Proto.AnalyzePlanRequest.Types.Persist { Relation = relation } }));
        return (plan, () =>
        {
            if (!_disposed)
            {
                Wait(Client.AnalyzeAsync(new Proto.AnalyzePlanRequest
                {
                    Unpersist = new Proto.AnalyzePlanRequest.Types.Unpersist { Relation = SparkConnectPlanCompiler.CompileRelation(plan) },
                }));
            }
        });
    }

    public void Save(LogicalPlan plan, WriteRequest write, string path, CancellationToken cancellationToken) =>
        Execute(SparkConnectPlanCompiler.CompileWrite(plan, WriteOptions(write) with { Path = path }), cancellationToken);

    public void SaveAsTable(LogicalPlan plan, WriteRequest write, string tableName, CancellationToken cancellationToken) =>
        Execute(SparkConnectPlanCompiler.CompileWrite(plan, WriteOptions(write) with { TableName = tableName }), cancellationToken);

    /// <summary>
    /// A temporary view of the source, then <c>MERGE INTO delta.`path`</c> as Spark SQL; the transaction, if any, goes
    /// through Delta's idempotent-DML session confs, set just before the statement and unset right after it.
    /// </summary>
    public DeltaMergeMetrics Merge(MergeRequest merge, CancellationToken cancellationToken)
    {
        var view = "lakehouse_merge_source_" + Guid.NewGuid().ToString("N");
        var sql = SparkMergeSql.Build(merge, view);
        CreateView(SparkConnectPlanCompiler.CompileRelation(merge.Source), view, cancellationToken);
        var completed = false;
        try
        {
            DeltaMergeMetrics metrics;
            if (merge.ApplicationId is null)
            {
                metrics = RunMerge(sql, cancellationToken);
            }
            else
            {
                _txnConfsMayBeSet = true;
                try
                {
                    Wait(Client.ConfigSetAsync(
                        [
                            KeyValuePair.Create(TxnAppIdConf, merge.ApplicationId),
                            KeyValuePair.Create(TxnVersionConf, merge.ApplicationVersion!.Value.ToString(CultureInfo.InvariantCulture)),
                        ],
                        cancellationToken));
                    metrics = RunMerge(sql, cancellationToken);
                }
                catch
                {
                    // Keep the MERGE's own error; an unset that fails here is retried before the next command.
                    TryUnsetTxnConfs();
                    throw;
                }

                UnsetTxnConfs();
            }

            completed = true;
            return metrics;
        }
        finally
        {
            try
            {
                ExecuteCommand(new Proto.Command { SqlCommand = new Proto.SqlCommand { Sql = $"DROP VIEW IF EXISTS {SparkMergeSql.Identifier(view)}" } }, CancellationToken.None);
            }
            catch (SparkConnectException) when (!completed)
            {
                // The MERGE already failed: report that, not the clean-up of its temporary view.
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Wait(_client.DisposeAsync().AsTask());
    }

    private DeltaMergeMetrics RunMerge(string sql, CancellationToken cancellationToken)
    {
        var plan = new Proto.Plan { Command = new Proto.Command { SqlCommand = new Proto.SqlCommand { Sql = sql } } };
        var responses = Execute(plan, cancellationToken, underTransaction: true);
        var result = responses.LastOrDefault(r => r.ResponseTypeCase == Proto.ExecutePlanResponse.ResponseTypeOneofCase.SqlCommandResult)
            ?? throw new SparkConnectException("ExecutePlan", GrpcStatusCode.Internal, "the server answered the MERGE without a sql_command_result.");
        return MergeMetrics(CommandRows(result.SqlCommandResult.Relation, cancellationToken));
    }

    /// <summary>
    /// Unsets Delta's txn confs. While they stay set, every Delta write of the Spark session would be committed (or
    /// skipped) as that transaction, so a failure here fails the call and is retried before the next command.
    /// </summary>
    private void UnsetTxnConfs()
    {
        Wait(Client.ConfigUnsetAsync([TxnAppIdConf, TxnVersionConf], CancellationToken.None));
        _txnConfsMayBeSet = false;
    }

    private void TryUnsetTxnConfs()
    {
        try
        {
            UnsetTxnConfs();
        }
        catch (SparkConnectException)
        {
            // Left flagged: Execute unsets them before the next command runs.
        }
    }

    // Delta's MERGE answers one row (num_affected_rows, num_updated_rows, num_deleted_rows, num_inserted_rows); a MERGE
    // whose transaction was already committed is skipped and answers none.
    private static DeltaMergeMetrics MergeMetrics(SparkRows result)
    {
        if (result.Rows.Count == 0)
        {
            return new DeltaMergeMetrics(true, 0, 0, 0);
        }

        var row = result.Rows[0];
        var columns = result.ColumnNames.ToList();
        long Metric(string name)
        {
            var index = columns.FindIndex(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));
            return index >= 0 && row[index] is { } value ? System.Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
        }

        return new DeltaMergeMetrics(false, Metric("num_inserted_rows"), Metric("num_updated_rows"), Metric("num_deleted_rows"));
    }

    private static SparkConnectWriteOptions WriteOptions(WriteRequest write) => new()
    {
        Format = write.Format,
        Mode = write.Mode,
        Options = write.Options,
        PartitionBy = write.PartitionBy,
    };

    private static T Wait<T>(Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

    private static void Wait(Task task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source.ConfigureAwait(false))
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>The columns Spark resolves for a leaf; Spark's analysis errors become <see cref="AnalysisException"/> as on the embedded engine.</summary>
    private List<PlanAttribute> Analyze(LogicalPlan leaf)
    {
        var relation = SparkConnectPlanCompiler.CompileRelation(leaf);
        Proto.DataType schema;
        try
        {
            schema = Wait(Client.GetSchemaAsync(relation));
        }
        catch (SparkConnectException e) when (e.SparkExceptionClass?.EndsWith("AnalysisException", StringComparison.Ordinal) == true)
        {
            throw new AnalysisException(e.ServerMessage, e);
        }

        return [.. SparkConnectTypes.FromProtoSchema(schema).Fields.Select(f => new PlanAttribute(f.Name, f.DataType, f.Nullable))];
    }

    private void CreateView(Proto.Relation relation, string viewName, CancellationToken cancellationToken) =>
        ExecuteCommand(
            new Proto.Command
            {
                CreateDataframeView = new Proto.CreateDataFrameViewCommand { Input = relation, Name = viewName, IsGlobal = false, Replace = true },
            },
            cancellationToken);

    private List<Proto.ExecutePlanResponse> ExecuteCommand(Proto.Command command, CancellationToken cancellationToken) =>
        Execute(new Proto.Plan { Command = command }, cancellationToken);

    /// <summary>Runs a plan to its end; a command first clears txn confs a failed MERGE may have left set.</summary>
    private List<Proto.ExecutePlanResponse> Execute(Proto.Plan plan, CancellationToken cancellationToken, bool underTransaction = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_txnConfsMayBeSet && !underTransaction && plan.OpTypeCase == Proto.Plan.OpTypeOneofCase.Command)
        {
            UnsetTxnConfs();
        }

        return Wait(ToListAsync(Client.ExecutePlanAsync(plan, cancellationToken)));
    }

    /// <summary>
    /// The rows of a command's result: Spark runs a command eagerly and returns its rows inline as a local relation
    /// (Arrow IPC data); any other relation is collected.
    /// </summary>
    private SparkRows CommandRows(Proto.Relation relation, CancellationToken cancellationToken) =>
        relation.RelTypeCase == Proto.Relation.RelTypeOneofCase.LocalRelation
            ? relation.LocalRelation.HasData ? SparkRows.FromArrow(relation.LocalRelation.Data.Memory, "the MERGE result") : new SparkRows(null, null, [])
            : Wait(Client.CollectAsync(relation, cancellationToken));

    private IEnumerable<Row> StreamRows(Proto.Relation relation, StructType schema, CancellationToken cancellationToken)
    {
        var responses = Client.ExecutePlanAsync(new Proto.Plan { Root = relation }, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            var batchNumber = 0;
            while (Wait(responses.MoveNextAsync().AsTask()))
            {
                var response = responses.Current;
                if (response.ResponseTypeCase != Proto.ExecutePlanResponse.ResponseTypeOneofCase.ArrowBatch)
                {
                    continue;
                }

                var name = string.Create(CultureInfo.InvariantCulture, $"operation {response.OperationId} Arrow batch {batchNumber++}");
                var reader = new ArrowStreamReader(response.ArrowBatch.Data.Memory, name);
                long rows = 0;
                foreach (var batch in reader.ReadBatches())
                {
                    foreach (var row in SparkRowConverter.Rows(batch, schema, name))
                    {
                        rows++;
                        yield return row;
                    }
                }

                if (rows != response.ArrowBatch.RowCount)
                {
                    throw new SparkConnectException("ExecutePlan", GrpcStatusCode.Internal, string.Create(
                        CultureInfo.InvariantCulture, $"{name} declares {response.ArrowBatch.RowCount} rows but its Arrow data holds {rows}."));
                }
            }
        }
        finally
        {
            Wait(responses.DisposeAsync().AsTask());
        }
    }
}
