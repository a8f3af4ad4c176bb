using Appliance.Core.Access;
using Appliance.Core.Connections;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Metadata;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Infrastructure.Tests.Schema;

/// <summary>
/// The real service registrations over a fresh SQLite metadata store in a temporary directory: one workspace with an
/// Admin, and helpers to add connections (SQLite files in the same directory, or PostgreSQL test databases).
/// </summary>
internal sealed class HistoryTestWorld : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private HistoryTestWorld(ServiceProvider services, string directory)
    {
        _services = services;
        Directory = directory;
    }

    public string Directory { get; }
    public Guid WorkspaceId { get; private set; }
    public AuditActor Admin { get; private set; } = AuditActor.System;

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<HistoryTestWorld> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("appliance-history-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["Appliance:DataDirectory"] = directory,
            ["Appliance:SqliteDirectories:0"] = directory,
            ["Appliance:ConnectTimeoutSeconds"] = "3",
            ["Appliance:DriftWatch:WebhookAttempts"] = "2",
            ["Appliance:DriftWatch:WebhookRetryDelaySeconds"] = "0",
            ["Appliance:DriftWatch:WebhookTimeoutSeconds"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddApplianceOptions(configuration).AddMetadataStore(configuration).AddKeystore()
            .AddDatabaseEngines().AddApplianceServices().BuildServiceProvider();
        var world = new HistoryTestWorld(services, directory);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MetadataInitializer>().InitializeAsync(Token);
        var db = scope.ServiceProvider.GetRequiredService<MetadataDbContext>();
        var workspace = new Workspace { Name = "Team" };
        var admin = new UserAccount { UserName = "ada", NormalizedUserName = UserAccount.Normalize("ada") };
        workspace.Members.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = admin.Id, Role = WorkspaceRole.Admin });
        db.AddRange(admin, workspace);
        await db.SaveChangesAsync(Token);
        world.WorkspaceId = workspace.Id;
        world.Admin = new AuditActor(admin.Id, admin.UserName, workspace.Id, "127.0.0.1");
        return world;
    }

    public T Singleton<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="action"/> with a service of a fresh scope (a unit of work, as one request has).</summary>
    public async Task<TResult> WithAsync<TService, TResult>(Func<TService, Task<TResult>> action) where TService : notnull
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task WithAsync<TService>(Func<TService, Task> action) where TService : notnull =>
        WithAsync<TService, bool>(async service =>
        {
            await action(service);
            return true;
        });

    public async Task<Guid> AddConnectionAsync(ConnectionInput input, Action<DatabaseConnection>? configure = null) =>
        await WithAsync<IServiceProvider, Guid>(async provider =>
        {
            var connection = await provider.GetRequiredService<ConnectionService>().ApplyAsync(WorkspaceId, null, input, Token);
            configure?.Invoke(connection);
            await provider.GetRequiredService<MetadataDbContext>().SaveChangesAsync(Token);
            return connection.Id;
        });

    /// <summary>A SQLite database file in the world's directory, created by <paramref name="sql"/>, and a connection to it.</summary>
    public async Task<(Guid Id, string File)> AddSqliteAsync(string name, string sql, Action<DatabaseConnection>? configure = null)
    {
        var file = Path.Combine(Directory, name + ".db");
        await ExecuteSqliteAsync(file, sql);
        var id = await AddConnectionAsync(new ConnectionInput { Name = name, Engine = DatabaseEngine.Sqlite, DatabaseName = file }, configure);
        return (id, file);
    }

    public static async Task ExecuteSqliteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }

    /// <summary>Changes a stored connection directly in the metadata store.</summary>
    public Task UpdateConnectionAsync(Guid id, Action<DatabaseConnection> change) =>
        WithAsync<MetadataDbContext>(async db =>
        {
            change(await db.Connections.SingleAsync(c => c.Id == id, Token));
            await db.SaveChangesAsync(Token);
        });

    public Task<DatabaseConnection> ConnectionAsync(Guid id) =>
        WithAsync<MetadataDbContext, DatabaseConnection>(db => db.Connections.AsNoTracking().SingleAsync(c => c.Id == id, Token));

    public Task<List<AuditEntry>> AuditAsync(string actionPrefix) =>
        WithAsync<MetadataDbContext, List<AuditEntry>>(db =>
            db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith(actionPrefix)).OrderBy(a => a.Id).ToListAsync(Token));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
