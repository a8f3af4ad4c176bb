using Appliance.Core.Connections;
using Appliance.Core.MockData;

namespace Appliance.Infrastructure.MockData;

/// <summary>
/// Loads generated rows into a database through the engine's bulk path. Everything happens in one transaction: tables in
/// plan order (parents first), then the second pass of foreign keys that close a cycle, then sequences, then the commit.
/// Any failure or a cancellation rolls back, so the target is left exactly as it was.
/// </summary>
public interface IMockDataLoader
{
    DatabaseEngine Engine { get; }

    /// <summary>
    /// Loads <paramref name="data"/>. Throws <see cref="MockLoadException"/> with a message for the user (the table and the
    /// server's reason, never a password), or <see cref="OperationCanceledException"/> after rolling back on cancellation.
    /// </summary>
    Task<MockLoadResult> LoadAsync(ConnectionSettings settings, MockDataSet data, IProgress<MockProgress>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Rows written into one table.</summary>
public sealed record MockTableLoad(string Table, long Rows);

/// <summary>What a committed load wrote.</summary>
public sealed record MockLoadResult(IReadOnlyList<MockTableLoad> Tables, long TotalRows, long DeferredUpdates, TimeSpan Elapsed);

/// <summary>A load that failed and was rolled back; the message says where and why, fit for a user.</summary>
public sealed class MockLoadException : Exception
{
    public MockLoadException(string message, string? table = null, Exception? inner = null) : base(message, inner) => Table = table;

    public MockLoadException() : this("Loading the mock data failed.") { }

    public MockLoadException(string message) : this(message, null, null) { }

    public MockLoadException(string message, Exception inner) : this(message, null, inner) { }

    /// <summary>"schema.table" being written when the load failed; null for connection failures and the commit.</summary>
    public string? Table { get; }
}

/// <summary>The loader of each engine.</summary>
public static class MockDataLoaders
{
    public static IMockDataLoader For(DatabaseEngine engine) => engine switch
    {
        DatabaseEngine.Postgres => new PostgresMockDataLoader(),
        DatabaseEngine.MySql => new MySqlMockDataLoader(),
        DatabaseEngine.SqlServer => new SqlServerMockDataLoader(),
        DatabaseEngine.Sqlite => new SqliteMockDataLoader(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };
}
