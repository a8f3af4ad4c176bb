using Appliance.Core.Access;
using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Metadata;
using Appliance.Tests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Tests.Metadata;

/// <summary>Both providers' migrations apply to an empty database and match the model, so neither store drifts.</summary>
public sealed class MetadataStoreTests
{
    [Fact]
    public async Task Sqlite_migrations_create_the_store()
    {
        var directory = Directory.CreateTempSubdirectory("metadata-").FullName;
        try
        {
            var options = new DbContextOptionsBuilder<SqliteMetadataDbContext>().UseSqlite($"Data Source={Path.Combine(directory, "m.db")}").Options;
            await using (var db = new SqliteMetadataDbContext(options))
            {
                await MigrateAndUseAsync(db);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_migrations_create_the_store()
    {
        await using var database = await TestServers.CreatePostgresDatabaseAsync("meta");
        var options = new DbContextOptionsBuilder<PostgresMetadataDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using var db = new PostgresMetadataDbContext(options);

        await MigrateAndUseAsync(db);
    }

    private static async Task MigrateAndUseAsync(MetadataDbContext db)
    {
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration for this provider.");

        var user = new UserAccount { UserName = "Ada", NormalizedUserName = UserAccount.Normalize("Ada") };
        var workspace = new Workspace { Name = "Team" };
        workspace.Members.Add(new WorkspaceMember { WorkspaceId = workspace.Id, UserId = user.Id, Role = WorkspaceRole.Editor });
        db.AddRange(user, workspace);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var member = await db.WorkspaceMembers.Include(m => m.User).Include(m => m.Workspace).SingleAsync();
        Assert.Equal(WorkspaceRole.Editor, member.Role);
        Assert.Equal("Ada", member.User!.UserName);

        // User names are unique regardless of case.
        db.Users.Add(new UserAccount { UserName = "ADA", NormalizedUserName = UserAccount.Normalize("ADA") });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }
}
