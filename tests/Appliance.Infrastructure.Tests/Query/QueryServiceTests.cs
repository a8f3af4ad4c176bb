using Appliance.Core.Access;
using Appliance.Core.Connections;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Query;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>
/// The query page's rules through the real service registrations: a SQLite metadata store, the keystore, and a real
/// PostgreSQL database behind two stored connections (one writable, one read-only) of a role that can write.
/// </summary>
public sealed class QueryServiceTests(PostgresSandboxFixture fixture) : IClassFixture<PostgresSandboxFixture>, IAsyncDisposable
{
    private const string Heavy = "SELECT count(*) FROM generate_series(1, 100000000) a, generate_series(1, 100000000) b";

    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-query-").FullName;
    private ServiceProvider? _services;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_read_run_returns_rows_and_is_kept_in_the_history_without_any_credential()
    {
        var world = await ArrangeAsync();
        var service = world.Get<QueryService>();

        var outcome = await service.RunAsync(world.Request(world.Viewer, world.ReadOnlyConnection, "SELECT id, note FROM canary WHERE id <= 2 ORDER BY id"), Token);

        Assert.Equal(2, outcome.Result!.RowCount);
        var entry = await world.Db.QueryHistory.AsNoTracking().SingleAsync(e => e.Id == outcome.HistoryId, Token);
        Assert.Equal((QueryMode.Read, StatementKind.Select, 2L, (QueryErrorKind?)null), (entry.Mode, entry.StatementKind, entry.RowCount, entry.ErrorKind));
        Assert.Equal((world.Viewer.UserId, world.WorkspaceId, world.ReadOnlyConnection), (entry.UserId, entry.WorkspaceId, entry.ConnectionId!.Value));
        await world.AssertNoCredentialStoredAsync();
    }

    [Fact]
    public async Task A_read_the_policy_refuses_is_kept_in_the_history_and_audited_with_password_literals_masked()
    {
        var world = await ArrangeAsync();
        const string secret = "Sup3r-Secret-Literal";

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            world.Get<QueryService>().RunAsync(world.Request(world.Editor, world.WritableConnection, $"ALTER ROLE CURRENT_USER PASSWORD '{secret}'"), Token));

        Assert.Equal(QueryErrorKind.Refused, error.Kind);
        var entry = await world.Db.QueryHistory.AsNoTracking().SingleAsync(Token);
        Assert.Equal((QueryErrorKind.Refused, StatementKind.Alter), (entry.ErrorKind!.Value, entry.StatementKind!.Value));
        Assert.Equal("ALTER ROLE CURRENT_USER PASSWORD '***'", entry.Sql);
        var audit = await world.Db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "query.read.refused", Token);
        Assert.DoesNotContain(secret, audit.Detail, StringComparison.Ordinal);
        await world.AssertNoCredentialStoredAsync();
    }

    [Fact]
    public async Task A_viewer_may_not_write_and_the_attempt_is_audited()
    {
        var world = await ArrangeAsync();
        var before = await world.Sandbox.FingerprintAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            world.Get<QueryService>().RunAsync(world.Request(world.Viewer, world.WritableConnection, "DELETE FROM canary", QueryMode.WriteConfirmed), Token));

        Assert.Equal(QueryErrorKind.Forbidden, error.Kind);
        Assert.Contains("Editors", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await world.Sandbox.FingerprintAsync());
        Assert.True(await world.Db.AuditEntries.AnyAsync(a => a.Action == "query.write.refused" && a.UserId == world.Viewer.UserId, Token));
    }

    [Fact]
    public async Task An_editor_may_not_write_through_a_read_only_connection()
    {
        var world = await ArrangeAsync();
        var before = await world.Sandbox.FingerprintAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() =>
            world.Get<QueryService>().RunAsync(world.Request(world.Editor, world.ReadOnlyConnection, "DELETE FROM canary", QueryMode.WriteConfirmed), Token));

        Assert.Equal(QueryErrorKind.Forbidden, error.Kind);
        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await world.Sandbox.FingerprintAsync());
    }

    [Fact]
    public async Task An_editor_confirms_then_writes_through_a_writable_connection_and_the_write_is_committed_and_audited()
    {
        var world = await ArrangeAsync();
        var service = world.Get<QueryService>();
        var id = Random.Shared.Next(100_000, 1_000_000);
        var sql = $"INSERT INTO canary VALUES ({id}, 'from the query page')";

        var confirmation = await service.CheckWriteAsync(world.WorkspaceId, world.WritableConnection, world.Editor, sql, Token);
        var outcome = await service.RunAsync(world.Request(world.Editor, world.WritableConnection, sql, QueryMode.WriteConfirmed), Token);

        Assert.Equal((StatementKind.Insert, sql, "sandbox (writable)"), (confirmation.Kind, confirmation.Statement, confirmation.ConnectionName));
        Assert.Contains("canary", confirmation.Targets);
        Assert.Equal(1L, outcome.Write!.RowsAffected);
        Assert.Equal("from the query page", await world.AdminScalarAsync($"SELECT note FROM canary WHERE id = {id}"));
        var audit = await world.Db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "query.write", Token);
        Assert.Equal((world.Editor.UserId, world.WorkspaceId, "sandbox (writable)"), (audit.UserId, audit.WorkspaceId, audit.Target));
        Assert.StartsWith("INSERT, 1 row: INSERT INTO canary", audit.Detail, StringComparison.Ordinal);
        var entry = await world.Db.QueryHistory.AsNoTracking().SingleAsync(e => e.Id == outcome.HistoryId, Token);
        Assert.Equal((QueryMode.WriteConfirmed, 1L), (entry.Mode, entry.RowCount));
        await world.AssertNoCredentialStoredAsync();
    }

    [Fact]
    public async Task A_failed_write_is_audited_with_its_error_and_changes_nothing()
    {
        var world = await ArrangeAsync();
        var before = await world.Sandbox.FingerprintAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => world.Get<QueryService>().RunAsync(
            world.Request(world.Admin, world.WritableConnection, "INSERT INTO canary VALUES (90001, 'a'), (1, 'duplicate')", QueryMode.WriteConfirmed), Token));

        Assert.Equal(QueryErrorKind.Database, error.Kind);
        Assert.Equal(before, await world.Sandbox.FingerprintAsync());
        var audit = await world.Db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "query.write.failed", Token);
        Assert.Contains("duplicate key", audit.Detail, StringComparison.Ordinal);
        Assert.Equal(QueryErrorKind.Database, (await world.Db.QueryHistory.AsNoTracking().SingleAsync(Token)).ErrorKind);
    }

    [Fact]
    public async Task Write_mode_refuses_a_script_before_it_reaches_the_server()
    {
        var world = await ArrangeAsync();

        var error = await Assert.ThrowsAsync<QueryException>(() => world.Get<QueryService>().CheckWriteAsync(
            world.WorkspaceId, world.WritableConnection, world.Editor, "INSERT INTO canary VALUES (90002, 'a'); DELETE FROM canary", Token));

        Assert.Equal(QueryErrorKind.Refused, error.Kind);
        Assert.Contains("exactly one statement", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_outside_the_workspace_finds_neither_it_nor_its_connections()
    {
        var world = await ArrangeAsync();
        var service = world.Get<QueryService>();

        var outsider = await Assert.ThrowsAsync<QueryException>(() => service.RunAsync(world.Request(world.Outsider, world.ReadOnlyConnection, "SELECT 1"), Token));
        var wrongConnection = await Assert.ThrowsAsync<QueryException>(() => service.RunAsync(world.Request(world.Viewer, Guid.NewGuid(), "SELECT 1"), Token));

        Assert.Equal((QueryErrorKind.NotFound, QueryErrorKind.NotFound), (outsider.Kind, wrongConnection.Kind));
        Assert.Empty(await world.Db.QueryHistory.ToListAsync(Token));
    }

    [Fact]
    public async Task The_history_is_the_users_own_newest_first_and_paged()
    {
        var world = await ArrangeAsync();
        var service = world.Get<QueryService>();
        foreach (var n in new[] { 1, 2, 3 })
        {
            await service.RunAsync(world.Request(world.Editor, world.ReadOnlyConnection, $"SELECT {n}"), Token);
        }

        await service.RunAsync(world.Request(world.Viewer, world.ReadOnlyConnection, "SELECT 'viewer'"), Token);

        var first = await service.HistoryAsync(world.Editor.UserId!.Value, world.WorkspaceId, page: 1, pageSize: 2, Token);
        var second = await service.HistoryAsync(world.Editor.UserId!.Value, null, page: 2, pageSize: 2, Token);

        Assert.Equal(["SELECT 3", "SELECT 2"], first.Entries.Select(e => e.Sql));
        Assert.True(first.HasMore);
        Assert.Equal(["SELECT 1"], second.Entries.Select(e => e.Sql));
        Assert.False(second.HasMore);
    }

    [Fact]
    public async Task The_cancel_button_stops_a_run_of_its_owner_only_and_the_history_says_cancelled()
    {
        var world = await ArrangeAsync();
        var runId = Guid.NewGuid();
        var run = world.Get<QueryService>().RunAsync(world.Request(world.Editor, world.ReadOnlyConnection, Heavy) with { RunId = runId }, Token);
        Assert.True(await QueryTestSupport.EventuallyAsync(() => Task.FromResult(world.Services.GetRequiredService<QueryRunRegistry>().RunningCount(world.Editor.UserId!.Value) == 1)));
        await Task.Delay(300, Token);

        await using (var other = world.Services.CreateAsyncScope())
        {
            var cancelling = other.ServiceProvider.GetRequiredService<QueryService>();
            Assert.Equal(QueryCancelOutcome.Forbidden, cancelling.Cancel(runId, world.Admin.UserId!.Value));
            Assert.Equal(QueryCancelOutcome.Cancelled, cancelling.Cancel(runId, world.Editor.UserId!.Value));
        }

        var error = await Assert.ThrowsAsync<QueryException>(() => run);
        Assert.Equal(QueryErrorKind.Cancelled, error.Kind);
        Assert.Equal(QueryErrorKind.Cancelled, (await world.Db.QueryHistory.AsNoTracking().SingleAsync(Token)).ErrorKind);
    }

    [Fact]
    public async Task Saved_queries_are_saved_by_editors_listed_by_members_and_changed_by_their_owner_or_an_admin()
    {
        var world = await ArrangeAsync();
        var saved = world.Get<SavedQueryService>();

        var query = await saved.SaveAsync(world.WorkspaceId, world.Editor, new SavedQueryInput("Open orders", "SELECT * FROM canary", "All of them", world.ReadOnlyConnection), Token);
        var viewerSave = await Assert.ThrowsAsync<QueryException>(() => saved.SaveAsync(world.WorkspaceId, world.Viewer, new SavedQueryInput("Mine", "SELECT 1"), Token));
        var duplicate = await Assert.ThrowsAsync<QueryException>(() => saved.SaveAsync(world.WorkspaceId, world.Editor, new SavedQueryInput(" Open orders ", "SELECT 2"), Token));
        var emptyName = await Assert.ThrowsAsync<QueryException>(() => saved.SaveAsync(world.WorkspaceId, world.Editor, new SavedQueryInput("  ", "SELECT 2"), Token));
        var otherEditorRename = await Assert.ThrowsAsync<QueryException>(() => saved.RenameAsync(world.WorkspaceId, query.Id, world.OtherEditor, "Stolen", cancellationToken: Token));
        var viewerDelete = await Assert.ThrowsAsync<QueryException>(() => saved.DeleteAsync(world.WorkspaceId, query.Id, world.Viewer, Token));
        var outsiderList = await Assert.ThrowsAsync<QueryException>(() => saved.ListAsync(world.WorkspaceId, world.Outsider.UserId!.Value, Token));

        Assert.Equal((QueryErrorKind.Forbidden, QueryErrorKind.Invalid, QueryErrorKind.Invalid), (viewerSave.Kind, duplicate.Kind, emptyName.Kind));
        Assert.Equal((QueryErrorKind.Forbidden, QueryErrorKind.Forbidden, QueryErrorKind.NotFound), (otherEditorRename.Kind, viewerDelete.Kind, outsiderList.Kind));
        Assert.Equal("Open orders", Assert.Single(await saved.ListAsync(world.WorkspaceId, world.Viewer.UserId!.Value, Token)).Name);

        await saved.RenameAsync(world.WorkspaceId, query.Id, world.Editor, "Orders still open", cancellationToken: Token);
        var renamed = await saved.FindAsync(world.WorkspaceId, query.Id, world.Viewer.UserId!.Value, Token);
        Assert.Equal(("Orders still open", "All of them", "SELECT * FROM canary"), (renamed.Name, renamed.Description, renamed.Sql));

        await saved.DeleteAsync(world.WorkspaceId, query.Id, world.Admin, Token);
        Assert.Empty(await saved.ListAsync(world.WorkspaceId, world.Editor.UserId!.Value, Token));
        Assert.True(await world.Db.AuditEntries.AnyAsync(a => a.Action == "query.saved.deleted" && a.UserId == world.Admin.UserId, Token));
    }

    private async Task<World> ArrangeAsync()
    {
        var sandbox = await fixture.GetAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Appliance:DataDirectory"] = _directory,
            ["Appliance:Query:StatementTimeoutSeconds"] = "60",
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

        var world = new World(_services, scope, db, sandbox, workspace.Id)
        {
            Viewer = Member("vera", WorkspaceRole.Viewer),
            Editor = Member("ed", WorkspaceRole.Editor),
            OtherEditor = Member("edna", WorkspaceRole.Editor),
            Admin = Member("ada", WorkspaceRole.Admin),
            Outsider = Member("otto", null),
        };
        db.Workspaces.Add(workspace);
        var connections = provider.GetRequiredService<ConnectionService>();
        var writer = sandbox.Writer;
        ConnectionInput Input(string name, bool readOnly) => new()
        {
            Name = name, Engine = DatabaseEngine.Postgres, Host = writer.Host, Port = writer.Port, DatabaseName = writer.Database,
            UserName = writer.Username, Password = writer.Password, TlsMode = TlsMode.Prefer, IsReadOnly = readOnly,
        };
        world.WritableConnection = (await connections.ApplyAsync(workspace.Id, null, Input("sandbox (writable)", readOnly: false), Token)).Id;
        world.ReadOnlyConnection = (await connections.ApplyAsync(workspace.Id, null, Input("sandbox (read-only)", readOnly: true), Token)).Id;
        await db.SaveChangesAsync(Token);
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

    private sealed class World(ServiceProvider services, AsyncServiceScope scope, MetadataDbContext db, PostgresSandbox sandbox, Guid workspaceId)
    {
        public ServiceProvider Services { get; } = services;
        public MetadataDbContext Db { get; } = db;
        public PostgresSandbox Sandbox { get; } = sandbox;
        public Guid WorkspaceId { get; } = workspaceId;
        public required AuditActor Viewer { get; init; }
        public required AuditActor Editor { get; init; }
        public required AuditActor OtherEditor { get; init; }
        public required AuditActor Admin { get; init; }
        public required AuditActor Outsider { get; init; }
        public Guid WritableConnection { get; set; }
        public Guid ReadOnlyConnection { get; set; }

        public T Get<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

        public QueryRequest Request(AuditActor user, Guid connectionId, string sql, QueryMode mode = QueryMode.Read) => new()
        {
            WorkspaceId = WorkspaceId, ConnectionId = connectionId, User = user, Sql = sql, Mode = mode,
        };

        public async Task<string?> AdminScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(Sandbox.AdminConnectionString);
            await connection.OpenAsync(Token);
            await using var command = new NpgsqlCommand(sql, connection);
            return (string?)await command.ExecuteScalarAsync(Token);
        }

        /// <summary>The connection's password appears nowhere in the history or the audit log.</summary>
        public async Task AssertNoCredentialStoredAsync()
        {
            var password = Sandbox.Writer.Password!;
            Assert.DoesNotContain(await Db.QueryHistory.AsNoTracking().ToListAsync(Token),
                e => e.Sql.Contains(password, StringComparison.Ordinal) || (e.ErrorMessage ?? "").Contains(password, StringComparison.Ordinal));
            Assert.DoesNotContain(await Db.AuditEntries.AsNoTracking().ToListAsync(Token),
                a => $"{a.Target} {a.Detail}".Contains(password, StringComparison.Ordinal));
        }
    }
}
