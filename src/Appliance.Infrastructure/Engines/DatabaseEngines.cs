using Appliance.Core.Connections;

namespace Appliance.Infrastructure.Engines;

/// <summary>Finds the adapter of an engine.</summary>
public sealed class DatabaseEngines(IEnumerable<IDatabaseEngineAdapter> adapters)
{
    private readonly Dictionary<DatabaseEngine, IDatabaseEngineAdapter> _byEngine = adapters.ToDictionary(a => a.Engine);

    public IDatabaseEngineAdapter this[DatabaseEngine engine] =>
        _byEngine.TryGetValue(engine, out var adapter)
            ? adapter
            : throw new DatabaseAccessException(ConnectionProblem.InvalidSettings, $"The engine {engine.DisplayName()} is not available.");

    /// <summary>All four engines, for the CLI and tests that run without dependency injection.</summary>
    public static DatabaseEngines CreateDefault() =>
        new([new PostgresEngineAdapter(), new MySqlEngineAdapter(), new SqlServerEngineAdapter(), new SqliteEngineAdapter()]);
}
