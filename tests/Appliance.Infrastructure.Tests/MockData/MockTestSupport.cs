using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.Schema;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Tests.Engines;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>Fixtures, plans and progress helpers shared by the mock-data tests.</summary>
internal static class MockTestSupport
{
    /// <summary>A fixture of MockData/Fixtures (hand-written schemas for the loaders).</summary>
    public static string ReadFixture(string fileName) =>
        EngineTestSupport.ReadRepositoryFile($"tests/Appliance.Infrastructure.Tests/MockData/Fixtures/{fileName}");

    /// <summary>A data set for <paramref name="schema"/>; fails the test with the planner's messages when the plan has errors.</summary>
    public static MockDataSet Generate(DatabaseSchema schema, long rows = 300, ulong seed = 7, Func<MockDataRequest, MockDataRequest>? adjust = null)
    {
        var request = new MockDataRequest { Seed = seed, DefaultRows = rows };
        var plan = MockPlanner.Plan(schema, adjust is null ? request : adjust(request));
        Assert.False(plan.HasErrors, string.Join(Environment.NewLine, plan.Messages.Select(m => $"{m.Severity} {m.Table}.{m.Column}: {m.Text}")));
        return MockDataSet.Create(plan);
    }

    public static ConnectionSettings Settings(DatabaseEngine engine, string connectionString) =>
        new() { Engine = engine, ConnectionString = connectionString, ConnectTimeoutSeconds = 5 };

    public static MockTableData Table(MockDataSet data, string name) =>
        data.Tables.Single(t => t.Plan.Table.Name == name);
}

/// <summary>Reports synchronously (unlike <see cref="Progress{T}"/>), so a test can act at an exact point of a load.</summary>
internal sealed class RecordingProgress(Action<MockProgress>? onReport = null) : IProgress<MockProgress>
{
    private readonly List<MockProgress> _reports = [];

    public IReadOnlyList<MockProgress> Reports => _reports;

    public void Report(MockProgress value)
    {
        _reports.Add(value);
        onReport?.Invoke(value);
    }
}
