using Appliance.Core.Access;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Schema;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Schema;

/// <summary>Schemas and tables of a connection, with instant search.</summary>
public sealed class IndexModel(ConnectionService connections, SchemaIngestionService ingestion) : SchemaPageModel(connections, ingestion)
{
    /// <summary>The list shows at most this many objects; search narrows it (a 5,000-table schema stays fast).</summary>
    public const int ListLimit = 300;

    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid? ConnectionId { get; set; }

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "schema")]
    public string? SchemaFilter { get; set; }

    public List<DatabaseConnection> AllConnections { get; private set; } = [];
    public bool CanIngest { get; private set; }
    public TableListModel? List { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var membership = await LoadMembershipAsync();
        CanIngest = membership!.Role.Includes(WorkspaceRole.Editor);
        AllConnections = await Connections.ListAsync(membership.WorkspaceId);
        if (ConnectionId is null)
        {
            if (AllConnections.Count == 1)
            {
                return RedirectToPage(new { connection = AllConnections[0].Id });
            }

            return Page();
        }

        if (!await LoadSchemaAsync(ConnectionId.Value))
        {
            return NotFound();
        }

        List = BuildList();
        return IsHtmx && Request.Query.ContainsKey("q") ? Partial("_TableList", List) : Page();
    }

    /// <summary>Reads the schema now (Editor). Long ingestions show the page's progress indicator meanwhile.</summary>
    public async Task<IActionResult> OnPostIngestAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || !membership.Role.Includes(WorkspaceRole.Editor))
        {
            return RoleRequired();
        }

        if (ConnectionId is null || await Connections.FindAsync(membership.WorkspaceId, ConnectionId.Value, ct) is not { } connection)
        {
            return NotFound();
        }

        try
        {
            var result = await Ingestion.IngestAsync(connection, await CurrentUser.ActorAsync(), ct);
            var s = result.Schema.Summarize();
            Flash = $"Schema read in {result.Elapsed.TotalSeconds:0.00} s: {s.Tables} tables, {s.Views} views, {s.Columns} columns, {s.ForeignKeys} foreign keys, {s.Indexes} indexes"
                + (result.IsNewVersion ? " (new version)." : " (unchanged since the last read).");
        }
        catch (DatabaseAccessException ex)
        {
            FlashError = $"The schema could not be read: {ex.Message}";
        }
        catch (KeystoreException ex)
        {
            FlashError = ex.Message;
        }

        var target = Url.Page("/Schema/Index", new { connection = connection.Id })!;
        if (IsHtmx)
        {
            Response.Headers["HX-Redirect"] = target;
            return new EmptyResult();
        }

        return Redirect(target);
    }

    private TableListModel BuildList()
    {
        if (Schema is null)
        {
            return new TableListModel(ConnectionId!.Value, [], 0, Query, []);
        }

        var terms = (Query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool Matches(string schema, string name, string? comment) =>
            (string.IsNullOrEmpty(SchemaFilter) || schema == SchemaFilter) &&
            terms.All(t => name.Contains(t, StringComparison.OrdinalIgnoreCase) || schema.Contains(t, StringComparison.OrdinalIgnoreCase)
                || (comment?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false));

        var items = Schema.Tables.Where(t => Matches(t.Schema, t.Name, t.Comment))
            .Select(t => new TableListItem(t.Schema, t.Name, "table", t.Columns.Count, t.RowEstimate, t.Comment))
            .Concat(Schema.Views.Where(v => Matches(v.Schema, v.Name, v.Comment))
                .Select(v => new TableListItem(v.Schema, v.Name, v.IsMaterialized ? "materialized view" : "view", v.Columns.Count, null, v.Comment)))
            .OrderBy(i => i.Schema, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var objectsPerSchema = Schema.Tables.Select(t => t.Schema).Concat(Schema.Views.Select(v => v.Schema))
            .GroupBy(s => s, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var schemas = Schema.Schemas.Select(s => s.Name).Union(objectsPerSchema.Keys).Distinct().Order(StringComparer.Ordinal)
            .Select(name => new SchemaCount(name, objectsPerSchema.GetValueOrDefault(name))).ToList();
        return new TableListModel(ConnectionId!.Value, [.. items.Take(ListLimit)], items.Count, Query, schemas);
    }
}

public sealed record TableListItem(string Schema, string Name, string Kind, int ColumnCount, long? RowEstimate, string? Comment);

public sealed record SchemaCount(string Name, int Objects);

public sealed record TableListModel(Guid ConnectionId, IReadOnlyList<TableListItem> Items, int TotalMatches, string? Query, IReadOnlyList<SchemaCount> Schemas);
