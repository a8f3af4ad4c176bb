using Appliance.Core.Schema;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Schema;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Schema;

/// <summary>One table or view: columns, keys, indexes, checks and the foreign keys in and out, linked to the related tables.</summary>
public sealed class TableModel(ConnectionService connections, SchemaIngestionService ingestion) : SchemaPageModel(connections, ingestion)
{
    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid ConnectionId { get; set; }

    [BindProperty(SupportsGet = true, Name = "schema")]
    public string SchemaName { get; set; } = "";

    [BindProperty(SupportsGet = true, Name = "name")]
    public string Name { get; set; } = "";

    public Table? Table { get; private set; }
    public View? View { get; private set; }
    public List<(Table From, ForeignKey Key)> Incoming { get; private set; } = [];
    public HashSet<string> ForeignKeyColumns { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadSchemaAsync(ConnectionId) || Schema is null)
        {
            return NotFound();
        }

        Table = Schema.FindTable(SchemaName, Name);
        View = Table is null ? Schema.FindView(SchemaName, Name) : null;
        if (Table is null && View is null)
        {
            return NotFound();
        }

        if (Table is not null)
        {
            Incoming = [.. Schema.ReferencesTo(Table).OrderBy(r => r.From.Schema, StringComparer.Ordinal).ThenBy(r => r.From.Name, StringComparer.Ordinal)];
            foreach (var column in Table.ForeignKeys.SelectMany(f => f.Columns))
            {
                ForeignKeyColumns.Add(column);
            }
        }

        return Page();
    }

    public string Link(string schema, string name) =>
        $"/Schema/Table?connection={ConnectionId}&schema={Uri.EscapeDataString(schema)}&name={Uri.EscapeDataString(name)}";

    public static string Action(ReferentialAction action) => action switch
    {
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        ReferentialAction.Restrict => "RESTRICT",
        _ => "NO ACTION",
    };
}
