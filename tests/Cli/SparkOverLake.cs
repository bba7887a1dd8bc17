using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Lakehouse.Common.Lake;
using Lakehouse.DataFrame;
using Lakehouse.SparkConnect;
using Lakehouse.SparkConnect.Client;
using Lakehouse.SparkConnect.Compiler;
using Lakehouse.SparkConnect.Protocol;
using Lakehouse.SparkConnect.Tests.Session;
using DeltaTable = Lakehouse.DataFrame.DeltaTable;
using Frame = Lakehouse.DataFrame.DataFrame;
using SaveMode = Lakehouse.DataFrame.SaveMode;
using StructField = Lakehouse.DataFrame.StructField;
using StructType = Lakehouse.DataFrame.StructType;

namespace Lakehouse.Cli.Tests;

/// <summary>
/// A Spark Connect "cluster" whose storage is the lake folder, for running whole jobs with <c>--engine spark</c>:
/// <see cref="FakeSpark"/> answers, and the embedded engine plays Spark's part for the relations the test expects.
/// An expected relation is a <em>twin</em>: one DataFrame-building function run on a Spark session over this fake
/// (compiled by <c>SparkConnectPlanCompiler.CompileRelation</c>) and on the embedded session (what is actually
/// run, counted, written or merged into the lake). Besides twins, the fake knows only Delta reads of paths in the lake
/// (schema from the table there, or Delta's "not a table" error), <c>count()</c> over something it knows, temporary views
/// and Delta's MERGE SQL. Any other relation is answered with an error and listed in <see cref="Unexpected"/>, so a job
/// that sends a plan nobody expected fails.
/// </summary>
internal sealed partial class SparkOverLake : IAsyncDisposable
{
    /// <summary>The user id of the test's own Spark session (its requests are analysis only).</summary>
    public const string TwinUser = "twin-builder";

    private readonly ConcurrentDictionary<Relation, Frame> _twins = new();
    private readonly ConcurrentQueue<Func<bool>> _later = new();
    private readonly ConcurrentDictionary<string, Frame> _views = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly object _embeddedGate = new();
    private LakehouseSession _spark = null!;
    private readonly ConcurrentDictionary<Relation, (StructType Schema, IReadOnlyList<IReadOnlyList<object?>> Rows)> _answers = new();
    private volatile List<Google.Protobuf.IMessage>? _captured;
    private (StructType Schema, IReadOnlyList<IReadOnlyList<object?>> Rows) _captureAnswer;

    private SparkOverLake(FakeSpark fake, LakeLayout layout)
    {
        Fake = fake;
        Layout = layout;
        Embedded = LakehouseSession.Create();
        fake.SchemaOf = SchemaOf;
        fake.RowsOf = RowsOf;
        fake.OnCommand = OnCommand;
        fake.MergeResultOf = Merge;
    }

    public FakeSpark Fake { get; }

    /// <summary>The lake: its folder, and its address on "Spark" (the folder, or the --spark-lake URI).</summary>
    public LakeLayout Layout { get; }

    /// <summary>The session that does the work Spark would do.</summary>
    public LakehouseSession Embedded { get; }

    /// <summary>A Spark session on this fake (for building the expected relations).</summary>
    public LakehouseSession Spark => _spark;

    /// <summary>The <c>--remote</c> to give the CLI.</summary>
    public string Remote => Fake.ConnectionString(";user_id=cli");

    /// <summary>Relations the fake was sent and did not expect.</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    /// <summary>The ExecutePlan requests the CLI sent, in order.</summary>
    public IReadOnlyList<ExecutePlanRequest> CliExecutions => [.. Fake.ExecutePlans.Where(e => e.UserContext.UserId != TwinUser)];

    /// <summary>The AnalyzePlan requests the CLI sent, in order.</summary>
    public IReadOnlyList<AnalyzePlanRequest> CliAnalyses => [.. Fake.Analyses.Where(a => a.UserContext.UserId != TwinUser)];

    public static async Task<SparkOverLake> StartAsync(string lake, string? sparkLake = null)
    {
        var fake = await FakeSpark.StartAsync();
        var cluster = new SparkOverLake(fake, new LakeLayout(lake, sparkLake));
        cluster._spark = SparkConnectSession.Create(SparkConnectConnectionString.Parse(fake.ConnectionString(";user_id=" + TwinUser)));
        return cluster;
    }

    /// <summary>
    /// Expects the DataFrame <paramref name="build"/> makes from a session and the lake addresses of that session's engine
    /// (give it a local lake path; it returns the path the session reads it at). Built now on both sessions.
    /// </summary>
    public (Frame Spark, Frame Embedded) Twin(Func<LakehouseSession, Func<string, string>, Frame> build)
    {
        var onSpark = build(_spark, Layout.ForEngine);
        Frame onEmbedded;
        lock (_embeddedGate)
        {
            onEmbedded = build(Embedded, p => p);
        }

        _twins[SparkConnectPlanCompiler.CompileRelation(onSpark)] = onEmbedded;
        return (onSpark, onEmbedded);
    }

    /// <summary>Answers ExecutePlan of <paramref name="relation"/> with these rows.</summary>
    public void Answer(Relation relation, (StructType Schema, IReadOnlyList<IReadOnlyList<object?>> Rows) rows) => _answers[relation] = rows;

    /// <summary>A twin that cannot be built yet (it reads a table the job is still to write): tried when an unknown relation comes.</summary>
    public void TwinLater(Func<LakehouseSession, Func<string, string>, Frame> build) => ExpectLater(() =>
    {
        try
        {
            Twin(build);
            return true;
        }
        catch (AnalysisException)
        {
            return false; // reads a table not written yet
        }
    });

    /// <summary>
    /// Expectations (twins, answers) that can only be set up once the job has got somewhere, e.g. has written a table
    /// they read: <paramref name="setUp"/> is tried, in the order given, whenever a relation arrives that nothing
    /// expects yet (before <see cref="RelationFallback"/>), until it returns true (done). It runs while the CLI waits.
    /// </summary>
    public void ExpectLater(Func<bool> setUp) => _later.Enqueue(setUp);

    /// <summary>
    /// Tried for a relation that is neither a twin nor a Delta read; may build and register a twin (with <see cref="Twin"/>)
    /// and return its embedded DataFrame, or return null.
    /// </summary>
    public Func<Relation, Frame?>? RelationFallback { get; set; }

    /// <summary>Tried first for every Delta save: returns true when it did the write itself.</summary>
    public Func<WriteOperation, bool>? WriteFallback { get; set; }

    /// <summary>
    /// Runs <paramref name="action"/> (on <see cref="Spark"/>) with this fake only recording: each relation executed is
    /// answered with <paramref name="answer"/>, each command succeeds without any effect. Returns the relations and
    /// commands it sent. While the CLI waits on a call the fake is answering, nothing else reaches the fake.
    /// </summary>
    public IReadOnlyList<Google.Protobuf.IMessage> Capture(Action action, (StructType Schema, IReadOnlyList<IReadOnlyList<object?>> Rows) answer = default)
    {
        _captureAnswer = answer.Schema is null ? (new StructType([]), []) : answer;
        _captured = [];
        try
        {
            action();
            return _captured;
        }
        finally
        {
            _captured = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _spark.Dispose();
        await Fake.DisposeAsync();
        Embedded.Dispose();
    }

    /// <summary>The local folder of a path "Spark" was given; a path outside the lake is an error.</summary>
    public string ToLocal(string enginePath)
    {
        var root = Layout.EngineRoot.TrimEnd('/');
        if (enginePath == root)
        {
            return Layout.Root;
        }

        if (!enginePath.StartsWith(root + "/", StringComparison.Ordinal) && !(root == Layout.Root && enginePath.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            throw Unexpect($"the path '{enginePath}' is outside the lake '{root}'");
        }

        return Path.Combine(Layout.Root, enginePath[(root.Length + 1)..].Replace('/', Path.DirectorySeparatorChar));
    }

    private static bool IsDeltaRead(Relation relation, out string path)
    {
        var isDelta = relation.RelTypeCase == Relation.RelTypeOneofCase.Read
            && relation.Read.ReadTypeCase == Read.ReadTypeOneofCase.DataSource
            && relation.Read.DataSource.Format == "delta"
            && relation.Read.DataSource.Paths.Count == 1
            && relation.Read.DataSource.Options.Count == 0;
        path = isDelta ? relation.Read.DataSource.Paths[0] : "";
        return isDelta;
    }

    // Dataset.count() as our client sends it: an aggregate without grouping of count(1) AS count.
    private static bool IsCount(Relation relation) =>
        relation.RelTypeCase == Relation.RelTypeOneofCase.Aggregate
        && relation.Aggregate.GroupingExpressions.Count == 0
        && relation.Aggregate.AggregateExpressions is [{ ExprTypeCase: Expression.ExprTypeOneofCase.Alias } alias]
        && alias.Alias.Name is ["count"]
        && alias.Alias.Expr.UnresolvedFunction is { FunctionName: "count", Arguments: [{ Literal.Integer: 1 }] };

    private FakeSparkErrorException Unexpect(string what)
    {
        _unexpected.Enqueue(what);
        return new FakeSparkErrorException(new("org.apache.spark.SparkException", "FAKE_UNEXPECTED", "the test's Spark did not expect this: " + what));
    }

    private Frame Resolve(Relation relation)
    {
        if (_twins.TryGetValue(relation, out var twin))
        {
            return twin;
        }

        if (IsDeltaRead(relation, out var path))
        {
            var local = ToLocal(path);
            lock (_embeddedGate)
            {
                return DeltaTable.IsDeltaTable(local) ? Embedded.Read.Delta(local) : throw NotDelta(path);
            }
        }

        SetUpLater();
        if (_twins.TryGetValue(relation, out twin))
        {
            return twin;
        }

        return RelationFallback?.Invoke(relation) ?? throw Unexpect("relation " + Describe(relation));
    }

    /// <summary>
    /// Tries the expectations of <see cref="ExpectLater"/> once each, in order, keeping those not done; without holding the
    /// embedded session (building on Spark calls this fake again).
    /// </summary>
    private void SetUpLater()
    {
        var pending = _later.Count;
        for (var i = 0; i < pending && _later.TryDequeue(out var setUp); i++)
        {
            if (!setUp())
            {
                _later.Enqueue(setUp);
            }
        }
    }

    private static FakeSparkErrorException NotDelta(string path) => new(new(
        "org.apache.spark.sql.delta.DeltaAnalysisException", "DELTA_PATH_DOES_NOT_EXIST", $"[DELTA_PATH_DOES_NOT_EXIST] {path} doesn't exist"));

    private static string Describe(Relation relation)
    {
        var text = relation.ToString();
        return text.Length > 400 ? text[..400] + "..." : text;
    }

    private StructType SchemaOf(Relation relation)
    {
        var frame = Resolve(relation);
        lock (_embeddedGate)
        {
            return frame.Schema;
        }
    }

    private (StructType Schema, IReadOnlyList<IReadOnlyList<object?>> Rows) RowsOf(Relation relation)
    {
        if (_captured is { } captured)
        {
            captured.Add(relation);
            return _captureAnswer;
        }

        if (_answers.TryGetValue(relation, out var answer))
        {
            return answer;
        }

        // An answer set up later (an aggregate the test captured once the job got there).
        if (!_twins.ContainsKey(relation) && !IsCount(relation) && !IsDeltaRead(relation, out _))
        {
            SetUpLater();
            if (_answers.TryGetValue(relation, out answer))
            {
                return answer;
            }
        }

        if (IsCount(relation))
        {
            var counted = Resolve(relation.Aggregate.Input);
            lock (_embeddedGate)
            {
                return (new StructType([new StructField("count", Lakehouse.DataFrame.DataType.Long, false)]), [[counted.Count()]]);
            }
        }

        var frame = Resolve(relation);
        lock (_embeddedGate)
        {
            return (frame.Schema, [.. frame.Collect().Select(r => r.Values)]);
        }
    }

    private void OnCommand(ExecutePlanRequest request)
    {
        var command = request.Plan.Command;
        if (_captured is { } captured)
        {
            captured.Add(command);
            return;
        }

        switch (command.CommandTypeCase)
        {
            case Command.CommandTypeOneofCase.WriteOperation:
                Write(command.WriteOperation);
                break;
            case Command.CommandTypeOneofCase.CreateDataframeView:
                _views[command.CreateDataframeView.Name] = Resolve(command.CreateDataframeView.Input);
                break;
            case Command.CommandTypeOneofCase.SqlCommand when DropView().Match(command.SqlCommand.Sql) is { Success: true } drop:
                _views.TryRemove(Unquote(drop.Groups["view"].Value), out _);
                break;
            case Command.CommandTypeOneofCase.SqlCommand when command.SqlCommand.Sql.StartsWith("MERGE ", StringComparison.Ordinal):
                break; // answered by Merge
            default:
                throw Unexpect("command " + command);
        }
    }

    private void Write(WriteOperation write)
    {
        if (write.SaveTypeCase != WriteOperation.SaveTypeOneofCase.Path || write.Source != "delta")
        {
            throw Unexpect($"a write other than a Delta save to a path ({write.Source} {write.SaveTypeCase})");
        }

        if (WriteFallback?.Invoke(write) == true)
        {
            return;
        }

        var frame = Resolve(write.Input);
        var local = ToLocal(write.Path);
        lock (_embeddedGate)
        {
            var writer = frame.Write.Format("delta").Mode(write.Mode switch
            {
                WriteOperation.Types.SaveMode.Append => SaveMode.Append,
                WriteOperation.Types.SaveMode.Overwrite => SaveMode.Overwrite,
                _ => throw Unexpect("save mode " + write.Mode),
            });
            foreach (var (key, value) in write.Options)
            {
                writer = writer.Option(key, value);
            }

            writer.Save(local);
        }
    }

    private IReadOnlyList<IReadOnlyList<object?>> Merge(string sql)
    {
        if (_captured is not null)
        {
            return [];
        }

        var match = MergeSql().Match(sql);
        if (!match.Success)
        {
            throw Unexpect("SQL " + sql);
        }

        var keys = KeyPair().Matches(match.Groups["on"].Value).Select(m => Unquote(m.Groups["t"].Value)).ToArray();
        var source = _views.TryGetValue(Unquote(match.Groups["view"].Value), out var view) ? view : throw Unexpect("MERGE from an unknown view in " + sql);
        var local = ToLocal(Unquote(match.Groups["path"].Value));
        lock (_embeddedGate)
        {
            var builder = DeltaTable.ForPath(Embedded, local).Merge(source, keys);
            var clauses = match.Groups["clauses"].Value;
            builder = clauses.Contains("WHEN MATCHED THEN UPDATE SET *", StringComparison.Ordinal) ? builder.WhenMatchedUpdateAll() : builder;
            builder = clauses.Contains("WHEN NOT MATCHED THEN INSERT *", StringComparison.Ordinal) ? builder.WhenNotMatchedInsertAll() : builder;
            builder = clauses.Contains("WHEN NOT MATCHED BY SOURCE THEN DELETE", StringComparison.Ordinal) ? builder.WhenNotMatchedBySourceDelete() : builder;

            // Delta's idempotent DML: the session confs the client set just before the statement.
            if (Fake.Confs.TryGetValue("spark.databricks.delta.write.txnAppId", out var appId))
            {
                builder = builder.WithTransaction(appId, long.Parse(Fake.Confs["spark.databricks.delta.write.txnVersion"], CultureInfo.InvariantCulture));
            }

            var metrics = builder.Execute();
            return metrics.Skipped
                ? []
                : [[metrics.RowsInserted + metrics.RowsUpdated + metrics.RowsDeleted, metrics.RowsUpdated, metrics.RowsDeleted, metrics.RowsInserted]];
        }
    }

    private static string Unquote(string quoted) => quoted[1..^1].Replace("``", "`", StringComparison.Ordinal);

    [GeneratedRegex(@"^MERGE INTO delta\.(?<path>`(?:[^`]|``)+`) AS t USING (?<view>`(?:[^`]|``)+`) AS s ON (?<on>.+?)(?<clauses>( WHEN .+)+)$")]
    private static partial Regex MergeSql();

    [GeneratedRegex(@"t\.(?<t>`(?:[^`]|``)+`) = s\.(?<s>`(?:[^`]|``)+`)")]
    private static partial Regex KeyPair();

    [GeneratedRegex(@"^DROP VIEW IF EXISTS (?<view>`(?:[^`]|``)+`)$")]
    private static partial Regex DropView();
}
