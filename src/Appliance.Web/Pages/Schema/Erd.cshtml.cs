using System.Text;
using System.Globalization;
using Appliance.Core.Access;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Erd;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Schema;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Schema;

/// <summary>
/// The entity-relationship diagram of a connection's schema. The server lays it out (the same layout as `appliance erd`)
/// and sends SVG; erd.js adds pan, zoom, drag, search and export. Large selections open on an overview of groups.
/// </summary>
public sealed class ErdModel(
    ConnectionService connections, SchemaIngestionService ingestion, SchemaHistoryService history, ErdPositionStore positions)
    : SchemaPageModel(connections, ingestion)
{
    /// <summary>Above this many tables the boxes show keys only unless the user asks for every column.</summary>
    public const int AllColumnsLimit = 80;

    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid ConnectionId { get; set; }

    [BindProperty(SupportsGet = true, Name = "schema")]
    public string? SchemaFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "pattern")]
    public string? Pattern { get; set; }

    [BindProperty(SupportsGet = true, Name = "focus")]
    public string? Focus { get; set; }

    [BindProperty(SupportsGet = true, Name = "hops")]
    public int Hops { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "group")]
    public string? Group { get; set; }

    /// <summary>"keys", "all", or empty for the automatic choice.</summary>
    [BindProperty(SupportsGet = true, Name = "columns")]
    public string? Columns { get; set; }

    /// <summary>Show every selected table in detail even above the overview limit.</summary>
    [BindProperty(SupportsGet = true, Name = "detail")]
    public bool ForceDetail { get; set; }

    /// <summary>With <see cref="To"/>: draw the changes from this version to that one.</summary>
    [BindProperty(SupportsGet = true, Name = "from")]
    public Guid? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public Guid? To { get; set; }

    public ErdCanvasModel? Canvas { get; private set; }

    /// <summary>Editors arrange the workspace's diagram; others may drag, but their arrangement is not saved.</summary>
    public bool CanArrange { get; private set; }

    /// <summary>The versions compared in diff mode, as "version 3 (2026-11-20 10:04) → version 5 (…)".</summary>
    public string? DiffTitle { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var view = await LoadViewAsync(ct);
        if (view is NotFoundResult)
        {
            return view;
        }

        return IsHtmx && Request.Headers["HX-Target"] == "erd-canvas" ? Partial("_ErdCanvas", Canvas) : Page();
    }

    /// <summary>The diagram as it is shown (same selection, positions and marks) as a standalone SVG file.</summary>
    public async Task<IActionResult> OnGetSvgAsync(CancellationToken ct)
    {
        if (await LoadViewAsync(ct) is NotFoundResult || Canvas is not { } canvas)
        {
            return NotFound();
        }

        var svg = ErdSvg.Write(canvas.Diagram, new ErdSvgOptions { Standalone = true, Title = $"{Connection!.Name}: {canvas.Caption}" });
        return File(Encoding.UTF8.GetBytes(svg), "image/svg+xml", $"{FileName(Connection.Name)}-erd.svg");
    }

    /// <summary>The diagram's look, the same stylesheet a standalone SVG file embeds (the page's CSP allows no inline styles).</summary>
    public IActionResult OnGetStyles() => Content(ErdSvg.Stylesheet, "text/css");

    /// <summary>Saves where a table was dragged to (Editor), for everyone in the workspace.</summary>
    public async Task<IActionResult> OnPostPositionAsync(string table, double x, double y, CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || !membership.Role.Includes(WorkspaceRole.Editor))
        {
            return RoleRequired();
        }

        try
        {
            await positions.SaveAsync(membership.WorkspaceId, ConnectionId, new Dictionary<string, ErdPoint> { [table ?? ""] = new(Math.Round(x, 1), Math.Round(y, 1)) }, ct);
        }
        catch (ArgumentException ex)
        {
            return BadRequest(ex.Message);
        }

        return new NoContentResult();
    }

    /// <summary>Forgets the saved arrangement (Editor): the diagram goes back to the automatic layout.</summary>
    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        if (membership is null || !membership.Role.Includes(WorkspaceRole.Editor))
        {
            return RoleRequired();
        }

        if (await Connections.FindAsync(membership.WorkspaceId, ConnectionId, ct) is null)
        {
            return NotFound();
        }

        await positions.ResetAsync(membership.WorkspaceId, ConnectionId, ct);
        var target = Link();
        if (IsHtmx)
        {
            Response.Headers["HX-Redirect"] = target;
            return new EmptyResult();
        }

        return Redirect(target);
    }

    /// <summary>The details beside the diagram for one table (htmx).</summary>
    public async Task<IActionResult> OnGetDetailsAsync(string table, CancellationToken ct)
    {
        if (!await LoadSchemaAsync(ConnectionId, ct) || Schema is null)
        {
            return NotFound();
        }

        var found = Schema.Tables.FirstOrDefault(t => t.QualifiedName == table);
        if (found is null)
        {
            return Content("<p class=\"muted\">That table is not in the current schema version.</p>", "text/html");
        }

        return Partial("_ErdDetails", new ErdDetailsModel(ConnectionId, found, [.. Schema.ReferencesTo(found)]));
    }

    public string Link(object? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["connection"] = ConnectionId.ToString(),
            ["schema"] = SchemaFilter,
            ["pattern"] = Pattern,
            ["focus"] = Focus,
            ["hops"] = string.IsNullOrEmpty(Focus) ? null : Hops.ToString(CultureInfo.InvariantCulture),
            ["group"] = Group,
            ["columns"] = Columns,
            ["detail"] = ForceDetail ? "true" : null,
            ["from"] = From?.ToString(),
            ["to"] = To?.ToString(),
        };
        if (overrides is not null)
        {
            foreach (var property in overrides.GetType().GetProperties())
            {
                values[property.Name] = property.GetValue(overrides)?.ToString();
            }
        }

        return "/Schema/Erd?" + string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
    }

    /// <summary>Loads the schema (or the two versions of a diff) and the saved positions, and builds the canvas.</summary>
    private async Task<IActionResult?> LoadViewAsync(CancellationToken ct)
    {
        if (!await LoadSchemaAsync(ConnectionId, ct))
        {
            return NotFound();
        }

        var membership = Membership!;
        CanArrange = membership.Role.Includes(WorkspaceRole.Editor);
        var schema = Schema;
        IReadOnlyDictionary<string, ErdMark> marks = new Dictionary<string, ErdMark>();
        if (From is { } fromId && To is { } toId)
        {
            var from = await history.FindAsync(ConnectionId, fromId, ct);
            var to = await history.FindAsync(ConnectionId, toId, ct);
            if (from is null || to is null)
            {
                return NotFound();
            }

            var comparison = await history.CompareAsync(from, to, ct);
            var view = ErdDiffView.Build(comparison.Old, comparison.New, comparison.Difference);
            (schema, marks) = (view.Schema, view.Marks);
            DiffTitle = $"Changes from version {await history.NumberAsync(from, ct)} ({from.IngestedAt:yyyy-MM-dd HH:mm}) "
                + $"to version {await history.NumberAsync(to, ct)} ({to.IngestedAt:yyyy-MM-dd HH:mm}): {comparison.Difference.Summary}";
        }

        if (schema is not null)
        {
            var pinned = await positions.GetAsync(membership.WorkspaceId, ConnectionId, ct);
            Canvas = BuildCanvas(schema, pinned, marks);
        }

        return null;
    }

    private ErdCanvasModel BuildCanvas(DatabaseSchema schema, IReadOnlyDictionary<string, ErdPoint> pinned, IReadOnlyDictionary<string, ErdMark> marks)
    {
        var request = new ErdSelectionRequest { Schema = SchemaFilter, Pattern = Pattern, Focus = Focus, Hops = Hops, Group = Group };
        var selected = ErdSelection.Select(schema, request);
        var schemas = schema.Tables.Select(t => t.Schema).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var caption = Caption(selected.Count, schema.Tables.Count);
        if (selected.Count > ErdOverview.DetailLimit && !ForceDetail)
        {
            var chosen = new HashSet<string>(selected, StringComparer.Ordinal);
            var overview = ErdOverview.Build(schema with { Tables = [.. schema.Tables.Where(t => chosen.Contains(t.QualifiedName))], Views = [] });
            return new ErdCanvasModel(this, overview.Diagram, overview.Groups, selected.Count, schema.Tables.Count, false, caption, schemas, TableNames(schema, selected));
        }

        var keysOnly = Columns switch
        {
            "keys" => true,
            "all" => false,
            _ => selected.Count > AllColumnsLimit,
        };
        var diagram = ErdLayout.Compute(schema, selected, new ErdLayoutOptions { KeysOnly = keysOnly, Pinned = pinned, Marks = marks });
        return new ErdCanvasModel(this, diagram, null, selected.Count, schema.Tables.Count, keysOnly, caption, schemas, TableNames(schema, selected));
    }

    private string Caption(int selected, int total)
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Focus))
        {
            parts.Add($"{Focus} and {Hops} {(Hops == 1 ? "step" : "steps")} around it");
        }

        if (!string.IsNullOrEmpty(SchemaFilter))
        {
            parts.Add($"schema {SchemaFilter}");
        }

        if (!string.IsNullOrWhiteSpace(Pattern))
        {
            parts.Add($"names like “{Pattern.Trim()}”");
        }

        if (!string.IsNullOrEmpty(Group))
        {
            parts.Add($"group {Group}");
        }

        var of = selected == total ? $"all {total} tables" : $"{selected} of {total} tables";
        return parts.Count == 0 ? of : $"{of}: {string.Join(", ", parts)}";
    }

    /// <summary>Every table name of the schema for the search box (a search can open a table outside the current selection).</summary>
    private static IReadOnlyList<string> TableNames(DatabaseSchema schema, IReadOnlyList<string> selected) =>
        schema.Tables.Count <= 5_000 ? [.. schema.Tables.Select(t => t.QualifiedName)] : selected;

    private static string FileName(string name)
    {
        var safe = new string([.. name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-')]).Trim('-');
        return safe.Length == 0 ? "schema" : safe;
    }
}

/// <summary>What the canvas partial shows: a detailed diagram, or (when <see cref="Groups"/> is set) the overview of groups.</summary>
public sealed record ErdCanvasModel(
    ErdModel Page,
    ErdDiagram Diagram,
    IReadOnlyList<ErdGroup>? Groups,
    int Selected,
    int Total,
    bool KeysOnly,
    string Caption,
    IReadOnlyList<string> Schemas,
    IReadOnlyList<string> TableIds)
{
    public bool IsOverview => Groups is not null;
}

public sealed record ErdDetailsModel(Guid ConnectionId, Table Table, IReadOnlyList<(Table From, ForeignKey Key)> Incoming);
