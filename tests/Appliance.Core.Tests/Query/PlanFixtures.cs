using System.Text.Json.Nodes;
using Appliance.Core.Query.Plans;

namespace Appliance.Core.Tests.Query;

/// <summary>The plan files of Query/Plans, embedded in the test assembly as "Plans.&lt;file name&gt;".</summary>
internal static class PlanFixtures
{
    public static IReadOnlyList<string> Names { get; } =
        typeof(PlanFixtures).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Plans.", StringComparison.Ordinal))
            .Select(n => n["Plans.".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    public static string Read(string name)
    {
        using var stream = typeof(PlanFixtures).Assembly.GetManifestResourceStream("Plans." + name)
            ?? throw new InvalidOperationException($"No plan fixture {name}; fixtures: {string.Join(", ", Names)}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static PlanEngine EngineOf(string name) => name switch
    {
        _ when name.StartsWith("pg-", StringComparison.Ordinal) => PlanEngine.Postgres,
        _ when name.StartsWith("maria-", StringComparison.Ordinal) => PlanEngine.MariaDb,
        _ when name.StartsWith("mysql8-", StringComparison.Ordinal) => PlanEngine.MySql,
        _ when name.StartsWith("sqlserver-", StringComparison.Ordinal) => PlanEngine.SqlServer,
        _ => throw new ArgumentException("Unknown fixture prefix: " + name, nameof(name)),
    };

    public static QueryPlan Parse(string name) => PlanParser.Parse(EngineOf(name), Read(name));

    /// <summary>The raw JSON, to check parsed numbers against what the server wrote.</summary>
    public static JsonNode Json(string name) => JsonNode.Parse(Read(name))!;

    public static TheoryData<string> All() => new(Names);

    public static TheoryData<string> Prefixed(string prefix) => new(Names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)));

    public static PlanNode Single(this QueryPlan plan, string operation) =>
        Assert.Single(plan.Nodes, n => n.Operation == operation);
}
