using Appliance.Core.Schema;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Schema;

namespace Appliance.Web.Pages.Schema;

/// <summary>Pages that show one connection's latest schema version.</summary>
public abstract class SchemaPageModel(ConnectionService connections, SchemaIngestionService ingestion) : AppPageModel
{
    protected ConnectionService Connections { get; } = connections;
    protected SchemaIngestionService Ingestion { get; } = ingestion;

    public DatabaseConnection? Connection { get; private set; }
    public SchemaSnapshot? Snapshot { get; private set; }
    public DatabaseSchema? Schema { get; private set; }

    /// <summary>Loads the connection (of the current workspace only) and its latest schema; false when the connection is not there.</summary>
    protected async Task<bool> LoadSchemaAsync(Guid connectionId, CancellationToken ct = default)
    {
        var membership = await LoadMembershipAsync();
        Connection = membership is null ? null : await Connections.FindAsync(membership.WorkspaceId, connectionId, ct);
        if (Connection is null)
        {
            return false;
        }

        Snapshot = await Ingestion.LatestSnapshotAsync(Connection.Id, ct);
        Schema = Snapshot is null ? null : await Ingestion.LoadAsync(Snapshot, ct);
        return true;
    }
}
