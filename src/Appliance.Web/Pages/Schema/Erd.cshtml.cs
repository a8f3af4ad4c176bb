using System.Text;
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
public sealed class ErdModel(ConnectionService connections, SchemaIngestionService ingestion) : SchemaPageModel(connections, ingestion)
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

    public ErdCanvasModel? Canvas { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadSchemaAsync(ConnectionId, ct))
        {
            return NotFound();
        }

        if (Schema is not null)
        {
            Canvas = BuildCanvas(Schema);
        }

        return IsHtmx && Request.Headers["HX-Target"] == "erd-canvas" ? Partial("_ErdCanvas", Canvas) : Page();
    }

    /// <summary>The diagram as it is shown (same selection and positions) as a standalone SVG file.</summary>
    public async Task<IActionResult> OnGetSvgAsync(CancellationToken ct)
    {
        if (!await LoadSchemaAsync(ConnectionId, ct) || Schema is null)
        {
            return NotFound();
        }

        var canvas = BuildCanvas(Schema);
        var svg = ErdSvg.Write(canvas.Diagram, new ErdSvgOptions { Standalone = true, Title = $"{Connection!.Name}: {canvas.Caption}" });
        return File(Encoding.UTF8.GetBytes(svg), "image/svg+xml", $"{FileName(Connection.Name)}-erd.svg");
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
            ["hops"] = string.IsNullOrEmpty(Focus) ? null : Hops.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["group"] = Group,
            ["columns"] = Columns,
            ["detail"] = ForceDetail ? "true" : null,
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

    private ErdCanvasModel BuildCanvas(DatabaseSchema schema)
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
        var diagram = ErdLayout.Compute(schema, selected, new ErdLayoutOptions { KeysOnly = keysOnly });
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
