using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Demo;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Tests.Engines;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>The SQLite loader (which also fills the demo) against files with the demo schema.</summary>
public sealed class SqliteMockLoadTests : IDisposable
{
    private static readonly IMockDataLoader Loader = MockDataLoaders.For(DatabaseEngine.Sqlite);
    private readonly string _directory = Directory.CreateTempSubdirectory("mock-sqlite-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_demo_schema_loads_with_zero_violations_and_foreign_keys_enforced(bool edgeCases)
    {
        var (file, schema) = await EmptyDemoAsync();
        var data = MockTestSupport.Generate(schema, adjust: r => r with { EdgeCases = edgeCases });

        var result = await Loader.LoadAsync(Settings(file), data, cancellationToken: Token);

        Assert.Equal(data.TotalRows, result.TotalRows);
        Assert.Equal(data.Tables.Select(t => (t.Plan.QualifiedName, t.RowCount)), result.Tables.Select(t => (t.Table, t.Rows)));
        await using var connection = await OpenAsync(file);
        foreach (var table in data.Tables)
        {
            Assert.Equal(table.RowCount, await ConstraintVerifier.RowCountAsync(connection, table.Plan.Table, SqlDialect.Sqlite));
        }

        Assert.Empty(await ConstraintVerifier.ViolationsAsync(connection, schema, SqlDialect.Sqlite));
        Assert.Equal(0, await ConstraintVerifier.CountAsync(connection, "SELECT count(*) FROM pragma_foreign_key_check"));
    }

    [Fact]
    public async Task Loading_the_same_rows_twice_fails_on_the_first_table_with_sqlites_reason_and_keeps_the_first_load()
    {
        var (file, schema) = await EmptyDemoAsync();
        await Loader.LoadAsync(Settings(file), MockTestSupport.Generate(schema, rows: 30), cancellationToken: Token);
        var data = MockTestSupport.Generate(schema, rows: 30);

        var error = await Assert.ThrowsAsync<MockLoadException>(() => Loader.LoadAsync(Settings(file), data, cancellationToken: Token));

        var first = data.Tables[0].Plan;
        Assert.StartsWith($"Loading {first.QualifiedName} failed: UNIQUE constraint failed: {first.Table.Name}.", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Nothing was loaded (the transaction was rolled back).", error.Message, StringComparison.Ordinal);
        await using var connection = await OpenAsync(file);
        foreach (var table in data.Tables)
        {
            Assert.Equal(table.RowCount, await ConstraintVerifier.RowCountAsync(connection, table.Plan.Table, SqlDialect.Sqlite));
        }
    }

    [Fact]
    public async Task A_cancelled_load_leaves_the_file_empty()
    {
        var (file, schema) = await EmptyDemoAsync();
        var data = MockTestSupport.Generate(schema, rows: 2000);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var progress = new RecordingProgress(p =>
        {
            if (p.TotalDone >= 3000)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Loader.LoadAsync(Settings(file), data, progress, cancel.Token));

        await using var connection = await OpenAsync(file);
        foreach (var table in schema.Tables)
        {
            Assert.Equal(0, await ConstraintVerifier.RowCountAsync(connection, table, SqlDialect.Sqlite));
        }
    }

    [Fact]
    public async Task The_loader_never_creates_a_file()
    {
        var (_, schema) = await EmptyDemoAsync();
        var missing = Path.Combine(_directory, "missing.db");

        var error = await Assert.ThrowsAsync<MockLoadException>(() => Loader.LoadAsync(Settings(missing), MockTestSupport.Generate(schema, rows: 3), cancellationToken: Token));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    private async Task<(string File, DatabaseSchema Schema)> EmptyDemoAsync()
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db");
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync(Token);
            await using var command = connection.CreateCommand();
            command.CommandText = DemoDatabase.Script();
            await command.ExecuteNonQueryAsync(Token);
        }

        return (file, await new SqliteEngineAdapter().ReadSchemaAsync(Settings(file), Token));
    }

    private static ConnectionSettings Settings(string file) => new() { Engine = DatabaseEngine.Sqlite, Database = file };

    private static async Task<SqliteConnection> OpenAsync(string file)
    {
        var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Token);
        return connection;
    }
}
