using Appliance.Infrastructure.Access;
using Appliance.Infrastructure.Audit;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Copilot;
using Appliance.Infrastructure.Notifications;
using Appliance.Infrastructure.Query;
using Appliance.Infrastructure.Schema;
using Microsoft.EntityFrameworkCore;

namespace Appliance.Infrastructure.Metadata;

/// <summary>
/// The appliance's own metadata (accounts, workspaces, connections, schema versions, query history, saved queries, audit). One model, two providers:
/// <see cref="SqliteMetadataDbContext"/> (embedded default) and <see cref="PostgresMetadataDbContext"/>, each with its own migrations.
/// </summary>
public abstract class MetadataDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<UserAccount> Users => Set<UserAccount>();
    public DbSet<Workspace> Workspaces => Set<Workspace>();
    public DbSet<WorkspaceMember> WorkspaceMembers => Set<WorkspaceMember>();
    public DbSet<DatabaseConnection> Connections => Set<DatabaseConnection>();
    public DbSet<SchemaSnapshot> SchemaSnapshots => Set<SchemaSnapshot>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<QueryHistoryEntry> QueryHistory => Set<QueryHistoryEntry>();
    public DbSet<SavedQuery> SavedQueries => Set<SavedQuery>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationRead> NotificationReads => Set<NotificationRead>();
    public DbSet<ErdPosition> ErdPositions => Set<ErdPosition>();
    public DbSet<CopilotQuestion> CopilotQuestions => Set<CopilotQuestion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserAccount>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.UserName).HasMaxLength(256);
            user.Property(u => u.NormalizedUserName).HasMaxLength(256);
            user.HasIndex(u => u.NormalizedUserName).IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(256);
            user.Property(u => u.SecurityStamp).HasMaxLength(64);
            user.Property(u => u.Source).HasConversion<string>().HasMaxLength(16);
        });

        modelBuilder.Entity<Workspace>(workspace =>
        {
            workspace.ToTable("workspaces");
            workspace.Property(w => w.Name).HasMaxLength(100);
            workspace.HasIndex(w => w.Name).IsUnique();
            workspace.Property(w => w.Description).HasMaxLength(1000);
        });

        modelBuilder.Entity<WorkspaceMember>(member =>
        {
            member.ToTable("workspace_members");
            member.HasKey(m => new { m.WorkspaceId, m.UserId });
            member.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            member.HasOne(m => m.Workspace).WithMany(w => w.Members).HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            member.HasOne(m => m.User).WithMany(u => u.Memberships).HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DatabaseConnection>(connection =>
        {
            connection.ToTable("connections");
            connection.Property(c => c.Name).HasMaxLength(100);
            connection.HasIndex(c => new { c.WorkspaceId, c.Name }).IsUnique();
            connection.Property(c => c.Engine).HasConversion<string>().HasMaxLength(16);
            connection.Property(c => c.TlsMode).HasConversion<string>().HasMaxLength(16);
            connection.Property(c => c.Host).HasMaxLength(255);
            connection.Property(c => c.DatabaseName).HasMaxLength(1024);
            connection.Property(c => c.UserName).HasMaxLength(256);
            connection.Property(c => c.LastTestMessage).HasMaxLength(1000);
            connection.Property(c => c.DriftSchedule).HasConversion<string>().HasMaxLength(16);
            connection.Property(c => c.WebhookUrl).HasMaxLength(WebhookUrls.MaxLength);
            connection.Property(c => c.DriftError).HasMaxLength(1000);
            connection.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SchemaSnapshot>(snapshot =>
        {
            snapshot.ToTable("schema_snapshots");
            snapshot.Property(s => s.ContentHash).HasMaxLength(64);
            snapshot.HasIndex(s => new { s.ConnectionId, s.IngestedAt });
            snapshot.HasOne<DatabaseConnection>().WithMany().HasForeignKey(s => s.ConnectionId).OnDelete(DeleteBehavior.Cascade);
            snapshot.Property(s => s.IngestedBy).HasMaxLength(256);
            snapshot.Property(s => s.ChangeSummary).HasMaxLength(2000);
        });

        modelBuilder.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.Property(n => n.Kind).HasConversion<string>().HasMaxLength(16);
            notification.Property(n => n.Title).HasMaxLength(300);
            notification.Property(n => n.Summary).HasMaxLength(2000);
            notification.Property(n => n.Link).HasMaxLength(500);
            notification.HasIndex(n => new { n.WorkspaceId, n.CreatedAt });
            notification.HasOne<Workspace>().WithMany().HasForeignKey(n => n.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            notification.HasOne<DatabaseConnection>().WithMany().HasForeignKey(n => n.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<NotificationRead>(read =>
        {
            read.ToTable("notification_reads");
            read.HasKey(r => new { r.NotificationId, r.UserId });
            read.HasIndex(r => r.UserId);
            read.HasOne<Notification>().WithMany().HasForeignKey(r => r.NotificationId).OnDelete(DeleteBehavior.Cascade);
            read.HasOne<UserAccount>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ErdPosition>(position =>
        {
            position.ToTable("erd_positions");
            position.HasKey(p => new { p.WorkspaceId, p.ConnectionId, p.TableId });
            position.Property(p => p.TableId).HasMaxLength(ErdPositionStore.MaxTableIdLength);
            position.HasIndex(p => p.ConnectionId);
            position.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            position.HasOne<DatabaseConnection>().WithMany().HasForeignKey(p => p.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("audit_log");
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.UserName).HasMaxLength(256);
            entry.Property(e => e.Target).HasMaxLength(512);
            entry.Property(e => e.Detail).HasMaxLength(2000);
            entry.Property(e => e.RemoteAddress).HasMaxLength(64);
            entry.HasIndex(e => e.At);
            entry.HasIndex(e => new { e.WorkspaceId, e.At });
        });

        modelBuilder.Entity<QueryHistoryEntry>(entry =>
        {
            entry.ToTable("query_history");
            entry.Ignore(e => e.Succeeded);
            entry.Property(e => e.Mode).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.StatementKind).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.ErrorKind).HasConversion<string>().HasMaxLength(24);
            entry.Property(e => e.ErrorMessage).HasMaxLength(2000);
            entry.HasIndex(e => new { e.UserId, e.StartedAt });
            entry.HasIndex(e => new { e.WorkspaceId, e.StartedAt });
            entry.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            entry.HasOne<DatabaseConnection>().WithMany().HasForeignKey(e => e.ConnectionId).OnDelete(DeleteBehavior.SetNull);
            entry.HasOne<UserAccount>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SavedQuery>(query =>
        {
            query.ToTable("saved_queries");
            query.Property(q => q.Name).HasMaxLength(100);
            query.Property(q => q.Description).HasMaxLength(1000);
            query.HasIndex(q => new { q.WorkspaceId, q.OwnerId, q.Name }).IsUnique();
            query.HasOne<Workspace>().WithMany().HasForeignKey(q => q.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            query.HasOne<DatabaseConnection>().WithMany().HasForeignKey(q => q.ConnectionId).OnDelete(DeleteBehavior.SetNull);
            query.HasOne<UserAccount>().WithMany().HasForeignKey(q => q.OwnerId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CopilotQuestion>(question =>
        {
            question.ToTable("copilot_questions");
            question.Ignore(q => q.IsEdited);
            question.Ignore(q => q.Tables);
            question.Ignore(q => q.NoticeList);
            question.Ignore(q => q.UnderstoodList);
            question.Property(q => q.Question).HasMaxLength(CopilotQuestion.MaxQuestionLength);
            question.Property(q => q.Source).HasConversion<string>().HasMaxLength(16);
            question.Property(q => q.Feedback).HasConversion<string>().HasMaxLength(8);
            question.Property(q => q.ModelName).HasMaxLength(256);
            question.Property(q => q.Problem).HasMaxLength(2000);
            question.HasIndex(q => new { q.WorkspaceId, q.CreatedAt });
            question.HasIndex(q => new { q.ConnectionId, q.Feedback });
            question.HasOne<Workspace>().WithMany().HasForeignKey(q => q.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
            question.HasOne<DatabaseConnection>().WithMany().HasForeignKey(q => q.ConnectionId).OnDelete(DeleteBehavior.SetNull);
            question.HasOne<UserAccount>().WithMany().HasForeignKey(q => q.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

public sealed class SqliteMetadataDbContext(DbContextOptions<SqliteMetadataDbContext> options) : MetadataDbContext(options);

public sealed class PostgresMetadataDbContext(DbContextOptions<PostgresMetadataDbContext> options) : MetadataDbContext(options);
