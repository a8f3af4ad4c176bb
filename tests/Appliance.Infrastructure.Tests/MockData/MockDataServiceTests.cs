using Appliance.Core.Access;
using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Demo;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>
/// The Mock Data page's rules through the real service registrations (SQLite metadata store, keystore, audit log) with
/// SQLite sandboxes: a read-only connection whose schema is ingested, and a writable one with the same schema, empty.
/// </summary>
public sealed class MockDataServiceTests : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-mock-").FullName;
    private ServiceProvider? _services;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Loading_into_a_read_only_connection_is_refused_audited_and_writes_nothing()
    {
        var world = await ArrangeAsync();

        var error = await Assert.ThrowsAsync<MockDataRefusedException>(() =>
            world.Service.StartLoadAsync(world.Load(world.Editor, world.ReadOnly, world.ReadOnly), Token));

        Assert.Equal(MockRefusal.Forbidden, error.Refusal);
        Assert.Equal("The connection 'sandbox (read-only)' is read-only; mark it as a writable sandbox in its settings to load mock data.", error.Message);
        var audit = await world.Db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "mockdata.load.refused", Token);
        Assert.Equal((world.Editor.UserId, "sandbox (read-only)"), (audit.UserId, audit.Target));
        Assert.Equal(0, await CountRowsAsync(world.ReadOnlyFile));
    }

    [Fact]
    public async Task A_viewer_may_not_load_even_into_a_writable_sandbox()
    {
        var world = await ArrangeAsync();

        var error = await Assert.ThrowsAsync<MockDataRefusedException>(() =>
            world.Service.StartLoadAsync(world.Load(world.Viewer, world.ReadOnly, world.Writable), Token));

        Assert.Equal(MockRefusal.Forbidden, error.Refusal);
        Assert.Contains("Editors", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountRowsAsync(world.WritableFile));
    }

    [Fact]
    public async Task Someone_outside_the_workspace_finds_nothing_to_plan()
    {
        var world = await ArrangeAsync();

        var error = await Assert.ThrowsAsync<MockDataRefusedException>(() =>
            world.Service.PlanAsync(world.WorkspaceId, world.ReadOnly, world.Outsider, new MockDataRequest(), Token));

        Assert.Equal(MockRefusal.NotFound, error.Refusal);
    }

    [Fact]
    public async Task A_plan_comes_from_the_latest_ingested_schema_and_a_connection_never_ingested_has_none()
    {
        var world = await ArrangeAsync();

        var outcome = await world.Service.PlanAsync(world.WorkspaceId, world.ReadOnly, world.Viewer, new MockDataRequest { DefaultRows = 10 }, Token);
        var none = await Assert.ThrowsAsync<MockDataRefusedException>(() =>
            world.Service.PlanAsync(world.WorkspaceId, world.Writable, world.Viewer, new MockDataRequest(), Token));

        Assert.Equal(18, outcome.Plan.Tables.Count);
        Assert.Equal(outcome.Snapshot.Id, (await world.Get<SchemaIngestionService>().LatestSnapshotAsync(world.ReadOnly, Token))!.Id);
        Assert.Equal(MockRefusal.Invalid, none.Refusal);
        Assert.Contains("ingest it first", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_editor_loads_into_a_writable_sandbox_in_the_background_and_only_they_see_the_job()
    {
        var world = await ArrangeAsync();
        var request = new MockDataRequest { Seed = 99, DefaultRows = 25 };

        var jobId = await world.Service.StartLoadAsync(world.Load(world.Editor, world.ReadOnly, world.Writable, request), Token);
        var status = await world.Service.WaitAsync(jobId, world.Editor.UserId!.Value, Token);

        Assert.NotNull(status);
        Assert.Equal(MockLoadState.Succeeded, status.State);
        var plan = (await world.Service.PlanAsync(world.WorkspaceId, world.ReadOnly, world.Editor, request, Token)).Plan;
        Assert.Equal(plan.TotalRows, status.Result!.TotalRows);
        Assert.Equal(plan.TotalRows, await CountRowsAsync(world.WritableFile));
        Assert.Equal(MockPhases.Done, status.Progress!.Phase);
        Assert.Null(world.Service.Status(jobId, world.Admin.UserId!.Value));
        Assert.Equal(MockLoadCancelOutcome.Forbidden, world.Service.Cancel(jobId, world.Admin.UserId!.Value));
        Assert.Equal(MockLoadCancelOutcome.Finished, world.Service.Cancel(jobId, world.Editor.UserId!.Value));

        var audit = await world.Db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("mockdata.")).OrderBy(a => a.Id).ToListAsync(Token);
        Assert.Equal(["mockdata.load.started", "mockdata.load"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("sandbox (writable)", world.Editor.UserId, world.WorkspaceId), (a.Target, a.UserId, a.WorkspaceId)));
        Assert.Contains("seed 99", audit[0].Detail, StringComparison.Ordinal);
        Assert.Contains("(schema of 'sandbox (read-only)')", audit[0].Detail, StringComparison.Ordinal);
        Assert.StartsWith($"{plan.TotalRows:N0} rows in 18 tables", audit[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_load_that_fails_ends_its_job_with_the_reason_and_is_audited()
    {
        var world = await ArrangeAsync();
        var request = new MockDataRequest { Seed = 5, DefaultRows = 10 };
        var first = await world.Service.StartLoadAsync(world.Load(world.Editor, world.ReadOnly, world.Writable, request), Token);
        Assert.Equal(MockLoadState.Succeeded, (await world.Service.WaitAsync(first, world.Editor.UserId!.Value, Token))!.State);

        var second = await world.Service.StartLoadAsync(world.Load(world.Editor, world.ReadOnly, world.Writable, request), Token);
        var status = await world.Service.WaitAsync(second, world.Editor.UserId!.Value, Token);

        Assert.Equal(MockLoadState.Failed, status!.State);
        Assert.Contains("UNIQUE constraint failed", status.Error, StringComparison.Ordinal);
        var failed = await world.Db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "mockdata.load.failed", Token);
        Assert.Contains("UNIQUE constraint failed", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_no_value_can_satisfy_is_refused_before_loading_and_named()
    {
        var world = await ArrangeAsync();
        var file = Path.Combine(_directory, "impossible.db");
        await ExecuteAsync(file, "CREATE TABLE impossible (id INTEGER PRIMARY KEY, x INTEGER NOT NULL, CONSTRAINT x_window CHECK (x > 10 AND x < 5))");
        var connection = await world.AddSqliteAsync("impossible", file, readOnly: false);
        await world.Get<SchemaIngestionService>().IngestAsync((await world.Db.Connections.FindAsync([connection], Token))!, world.Editor, Token);

        var error = await Assert.ThrowsAsync<MockDataRefusedException>(() =>
            world.Service.StartLoadAsync(world.Load(world.Editor, connection, connection), Token));

        Assert.Equal(MockRefusal.Invalid, error.Refusal);
        Assert.Contains("x_window", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await CountRowsAsync(file));
    }

    private async Task<World> ArrangeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Appliance:DataDirectory"] = _directory,
        }).Build();
        _services = new ServiceCollection().AddLogging().AddApplianceOptions(configuration).AddMetadataStore(configuration).AddKeystore()
            .AddDatabaseEngines().AddApplianceServices().BuildServiceProvider();
        var scope = _services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await provider.GetRequiredService<MetadataInitializer>().InitializeAsync(Token);
        var db = provider.GetRequiredService<MetadataDbContext>();
        var workspace = new Workspace { Name = "Team" };
        AuditActor Member(string name, WorkspaceRole? role)
        {
            var user = new UserAccount { UserName = name, NormalizedUserName = UserAccount.Normalize(name) };
            db.Users.Add(user);
            if (role is { } r)
            {
                workspace.Members.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = r });
            }

            return new AuditActor(user.Id, name, null, "127.0.0.1");
        }

        var world = new World(scope, db, workspace.Id)
        {
            Viewer = Member("vera", WorkspaceRole.Viewer),
            Editor = Member("ed", WorkspaceRole.Editor),
            Admin = Member("ada", WorkspaceRole.Admin),
            Outsider = Member("otto", null),
            ReadOnlyFile = Path.Combine(_directory, "read-only.db"),
            WritableFile = Path.Combine(_directory, "writable.db"),
        };
        db.Workspaces.Add(workspace);
        await ExecuteAsync(world.ReadOnlyFile, DemoDatabase.Script());
        await ExecuteAsync(world.WritableFile, DemoDatabase.Script());
        world.ReadOnly = await world.AddSqliteAsync("sandbox (read-only)", world.ReadOnlyFile, readOnly: true);
        world.Writable = await world.AddSqliteAsync("sandbox (writable)", world.WritableFile, readOnly: false);
        var readOnly = await db.Connections.SingleAsync(c => c.Id == world.ReadOnly, Token);
        await provider.GetRequiredService<SchemaIngestionService>().IngestAsync(readOnly, world.Admin, Token);
        return world;
    }

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }

    /// <summary>Rows in all user tables of a SQLite file.</summary>
    private static async Task<long> CountRowsAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync(Token);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync(Token);
            while (await reader.ReadAsync(Token))
            {
                tables.Add(reader.GetString(0));
            }
        }

        long total = 0;
        foreach (var table in tables)
        {
            total += await ConstraintVerifier.CountAsync(connection, $"SELECT count(*) FROM {SqlKeywords.Quote(table, SqlDialect.Sqlite)}");
        }

        return total;
    }

    private sealed class World(AsyncServiceScope scope, MetadataDbContext db, Guid workspaceId)
    {
        public MetadataDbContext Db { get; } = db;
        public Guid WorkspaceId { get; } = workspaceId;
        public required AuditActor Viewer { get; init; }
        public required AuditActor Editor { get; init; }
        public required AuditActor Admin { get; init; }
        public required AuditActor Outsider { get; init; }
        public required string ReadOnlyFile { get; init; }
        public required string WritableFile { get; init; }
        public Guid ReadOnly { get; set; }
        public Guid Writable { get; set; }

        public MockDataService Service => Get<MockDataService>();

        public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        public MockLoadRequest Load(AuditActor user, Guid schemaConnection, Guid target, MockDataRequest? request = null) => new()
        {
            WorkspaceId = WorkspaceId, SchemaConnectionId = schemaConnection, TargetConnectionId = target, User = user,
            Request = request ?? new MockDataRequest { DefaultRows = 10 },
        };

        public async Task<Guid> AddSqliteAsync(string name, string file, bool readOnly)
        {
            var connection = await Get<ConnectionService>().ApplyAsync(WorkspaceId, null,
                new ConnectionInput { Name = name, Engine = DatabaseEngine.Sqlite, DatabaseName = file, IsReadOnly = readOnly }, Token);
            await Db.SaveChangesAsync(Token);
            return connection.Id;
        }
    }
}
