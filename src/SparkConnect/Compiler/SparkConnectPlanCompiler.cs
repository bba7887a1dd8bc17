using Lakehouse.DataFrame.Plan;
using Proto = Lakehouse.SparkConnect.Protocol;
using SaveMode = Lakehouse.DataFrame.SaveMode;

namespace Lakehouse.SparkConnect.Compiler;

/// <summary>
/// The Spark Connect backend of the DataFrame API: the logical plan a <see cref="Lakehouse.DataFrame.DataFrame"/> holds becomes the
/// <c>spark.connect.Relation</c> Spark's own Dataset API would send (verified against Spark 3.5's golden plans), and
/// writes and SQL become <c>spark.connect.Command</c>s. What Spark cannot be sent faithfully fails with
/// <see cref="SparkConnectCompilationException"/> naming the operation; nothing is approximated.
/// </summary>
/// <remarks>
/// Text is sent as written: <c>Expr("...")</c>, <c>SelectExpr</c> and string filters as Spark's <c>ExpressionString</c>
/// (as Spark's client does), and the query of <c>session.Sql(...)</c> as a <c>SQL</c> relation, so SQL meant for both
/// engines must be valid Spark SQL. In-memory rows travel as Arrow IPC data (flat column types only).
/// </remarks>
public static class SparkConnectPlanCompiler
{
    private static readonly Dictionary<SaveMode, Proto.WriteOperation.Types.SaveMode> SaveModes = new()
    {
        [SaveMode.Append] = Proto.WriteOperation.Types.SaveMode.Append,
        [SaveMode.Overwrite] = Proto.WriteOperation.Types.SaveMode.Overwrite,
        [SaveMode.ErrorIfExists] = Proto.WriteOperation.Types.SaveMode.ErrorIfExists,
        [SaveMode.Ignore] = Proto.WriteOperation.Types.SaveMode.Ignore,
    };

    private static readonly Dictionary<SparkTableSaveMethod, Proto.WriteOperation.Types.SaveTable.Types.TableSaveMethod> TableSaveMethods = new()
    {
        [SparkTableSaveMethod.SaveAsTable] = Proto.WriteOperation.Types.SaveTable.Types.TableSaveMethod.SaveAsTable,
        [SparkTableSaveMethod.InsertInto] = Proto.WriteOperation.Types.SaveTable.Types.TableSaveMethod.InsertInto,
    };

    /// <summary>The relation of <paramref name="dataFrame"/>, plan ids numbered from 0 as Spark's client numbers them.</summary>
    /// <exception cref="SparkConnectCompilationException">The plan holds something Spark Connect cannot be sent.</exception>
    public static Proto.Relation CompileRelation(Lakehouse.DataFrame.DataFrame dataFrame)
    {
        ArgumentNullException.ThrowIfNull(dataFrame);
        return CompileRelation(dataFrame.Plan);
    }

    /// <summary>A plan to execute <paramref name="dataFrame"/> as a query (<c>Plan.root</c>).</summary>
    /// <exception cref="SparkConnectCompilationException">The plan holds something Spark Connect cannot be sent.</exception>
    public static Proto.Plan CompileQuery(Lakehouse.DataFrame.DataFrame dataFrame) => new() { Root = CompileRelation(dataFrame) };

    /// <summary>A plan that writes <paramref name="dataFrame"/> (<c>Command.write_operation</c>, DataFrameWriter V1).</summary>
    /// <exception cref="ArgumentException">The options give both or neither of a path and a table name.</exception>
    /// <exception cref="SparkConnectCompilationException">The plan holds something Spark Connect cannot be sent.</exception>
    public static Proto.Plan CompileWrite(Lakehouse.DataFrame.DataFrame dataFrame, SparkConnectWriteOptions write)
    {
        ArgumentNullException.ThrowIfNull(dataFrame);
        ArgumentNullException.ThrowIfNull(write);
        return CompileWrite(dataFrame.Plan, write);
    }

    /// <summary>A plan that runs Spark SQL text (<c>Command.sql_command</c>); a query's rows come back as a relation.</summary>
    public static Proto.Plan CompileSql(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return new Proto.Plan { Command = new Proto.Command { SqlCommand = new Proto.SqlCommand { Sql = sql } } };
    }

    internal static Proto.Relation CompileRelation(LogicalPlan plan) => new SparkConnectRelationCompiler().Compile(plan);

    internal static Proto.Plan CompileWrite(LogicalPlan plan, SparkConnectWriteOptions write)
    {
        if ((write.Path is null) == (write.TableName is null))
        {
            throw new ArgumentException("A write needs exactly one target: Path or TableName.", nameof(write));
        }

        var operation = new Proto.WriteOperation { Input = CompileRelation(plan), Mode = SaveModes[write.Mode] };
        if (write.Format is not null)
        {
            operation.Source = write.Format;
        }

        if (write.Path is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(write.Path, nameof(write));
            operation.Path = write.Path;
        }
        else
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(write.TableName, nameof(write));
            operation.Table = new Proto.WriteOperation.Types.SaveTable { TableName = write.TableName, SaveMethod = TableSaveMethods[write.TableSaveMethod] };
        }

        operation.PartitioningColumns.AddRange(write.PartitionBy);
        foreach (var (key, value) in write.Options)
        {
            operation.Options[key] = value;
        }

        return new Proto.Plan { Command = new Proto.Command { WriteOperation = operation } };
    }
}
