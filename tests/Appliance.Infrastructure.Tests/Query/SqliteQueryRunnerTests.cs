using Appliance.Core.Connections;
using Appliance.Infrastructure.Query;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>SQLite runs inside the appliance: the file is opened read-only whatever the text says, and timeouts and cancellation interrupt the statement.</summary>
public sealed class SqliteQueryRunnerTests : IDisposable
{
    private const string Endless = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r";

    private readonly string _directory = Directory.CreateTempSubdirectory("query-sqlite-").FullName;
    private readonly string _file;

    public SqliteQueryRunnerTests()
    {
        _file = Path.Combine(_directory, "shop.db");
        using var connection = new SqliteConnection($"Data Source={_file};Pooling=False");
        connection.Open();
        using var command = new SqliteCommand(
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, data BLOB); INSERT INTO items VALUES (1, 'pen', 1.5, x'0102'), (2, 'ink', 2.25, NULL);",
            connection);
        command.ExecuteNonQuery();
    }

    private ConnectionSettings Settings => new() { Engine = DatabaseEngine.Sqlite, Database = _file, ConnectTimeoutSeconds = 5 };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_rows_with_kinds()
    {
        var result = await QueryTestSupport.Runner().ReadAsync(Settings, "SELECT id, name, price, data FROM items ORDER BY id", Token);

        Assert.Equal([ColumnKind.Number, ColumnKind.Text, ColumnKind.Number, ColumnKind.Binary], result.Columns.Select(c => c.Kind));
        Assert.Equal([1L, "pen", 1.5d, "0x0102"], result.Rows[0]);
        Assert.Equal(2, result.RowCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Even_with_the_policy_off_a_stacked_write_cannot_change_the_file(bool everyLayerOff)
    {
        // The read-only open mode is not a switchable layer: it holds even with (a), (b) and (c) all off.
        var layers = everyLayerOff ? SafetyLayers.None : SafetyLayers.All & ~SafetyLayers.Policy;
        var before = await File.ReadAllBytesAsync(_file, Token);
        var runner = QueryTestSupport.Runner(layers);

        // Microsoft.Data.Sqlite runs the statements of a text one after the other: the write runs first here.
        var error = await Assert.ThrowsAsync<QueryException>(() => runner.ReadAsync(Settings, "DELETE FROM items; DROP TABLE items; SELECT 1", Token));
        await Record.ExceptionAsync(() => runner.ReadAsync(Settings, "SELECT 1; DELETE FROM items; DROP TABLE items", Token));

        Assert.Equal(QueryErrorKind.ReadOnlyViolation, error.Kind);
        Assert.Equal(before, await File.ReadAllBytesAsync(_file, Token));
    }

    [Fact]
    public async Task Attaching_a_new_file_cannot_create_it()
    {
        var target = Path.Combine(_directory, "created.db");

        await Record.ExceptionAsync(() => QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.Policy)
            .ReadAsync(Settings, $"ATTACH DATABASE 'file:{target}?mode=rwc' AS created; CREATE TABLE created.t (a); SELECT 1", Token));
        await Record.ExceptionAsync(() => QueryTestSupport.Runner(SafetyLayers.All & ~SafetyLayers.Policy)
            .ReadAsync(Settings, $"ATTACH DATABASE '{target}' AS created; CREATE TABLE created.t (a); SELECT 1", Token));

        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task An_endless_query_is_interrupted_at_the_timeout()
    {
        var error = await Assert.ThrowsAsync<QueryException>(() => QueryTestSupport.Runner(timeoutSeconds: 1).ReadAsync(Settings, Endless, Token));

        Assert.Equal(QueryErrorKind.Timeout, error.Kind);
    }

    [Fact]
    public async Task Cancelling_interrupts_the_query()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = QueryTestSupport.Runner(timeoutSeconds: 120).ReadAsync(Settings, Endless, cancel.Token);
        await Task.Delay(300, Token);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => run);
        Assert.Equal(QueryErrorKind.Cancelled, error.Kind);
    }

    [Fact]
    public async Task Write_mode_is_never_available_for_sqlite()
    {
        var error = await Assert.ThrowsAsync<QueryException>(() => QueryTestSupport.Runner().WriteAsync(Settings, "DELETE FROM items", Token));

        Assert.Equal(QueryErrorKind.Refused, error.Kind);
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
