namespace Lakehouse.DataFrame.Tests.Engines;

/// <summary>The engine seam as the embedded engine answers it: what a job can ask any session.</summary>
public sealed class EmbeddedEngineTests : IDisposable
{
    private readonly LakehouseSession _session = LakehouseSession.Create();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lakehouse-engine-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _session.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Engine_DefaultSession_IsEmbedded()
    {
        _session.Engine.Should().Be(EngineKind.Embedded);
    }

    [Fact]
    public void IsDeltaTable_WithSession_FollowsTheLocalTable()
    {
        var path = Path.Combine(_directory, "numbers");

        var before = DeltaTable.IsDeltaTable(_session, path);
        _session.Range(3).Write.Format("delta").Save(path);

        before.Should().BeFalse();
        DeltaTable.IsDeltaTable(_session, path).Should().BeTrue();
        DeltaTable.IsDeltaTable(path).Should().BeTrue();
    }

    [Fact]
    public void Transactions_AfterTxnWritesAndMerge_ListTheLatestVersionPerApplication()
    {
        var path = Path.Combine(_directory, "numbers_txn");
        _session.Range(3).Write.Format("delta").Option("txnAppId", "load").Option("txnVersion", "4").Save(path);
        var table = DeltaTable.ForPath(_session, path);
        var afterWrite = table.Transactions();

        table.Merge(_session.Range(2, 5), "id").WhenNotMatchedInsertAll().WithTransaction("upsert", 9).Execute();

        afterWrite.Should().Equal(new Dictionary<string, long> { ["load"] = 4 });
        table.Transactions().Should().Equal(new Dictionary<string, long> { ["load"] = 4, ["upsert"] = 9 });
        _session.Read.Delta(path).Count().Should().Be(5);
    }

    [Fact]
    public void Actions_AfterDispose_FailAsDisposed()
    {
        var session = LakehouseSession.Create();
        var range = session.Range(2);
        session.Dispose();

        var act = () => range.Count();

        act.Should().Throw<ObjectDisposedException>();
    }
}
