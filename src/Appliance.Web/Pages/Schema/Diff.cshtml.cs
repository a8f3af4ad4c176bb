using System.Text;
using System.Text.RegularExpressions;
using Appliance.Core.Connections;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Migration;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Connections;
using Appliance.Infrastructure.Schema;
using Microsoft.AspNetCore.Mvc;

namespace Appliance.Web.Pages.Schema;

/// <summary>What changed between two versions of a connection's schema, grouped by table, with the migration DDL and downloads.</summary>
public sealed partial class DiffModel(ConnectionService connections, SchemaHistoryService history) : AppPageModel
{
    /// <summary>Tables shown on the page; the downloads carry every change.</summary>
    public const int GroupLimit = 500;

    [BindProperty(SupportsGet = true, Name = "connection")]
    public Guid ConnectionId { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public Guid? FromId { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public Guid? ToId { get; set; }

    /// <summary>"report" or "ddl".</summary>
    [BindProperty(SupportsGet = true, Name = "view")]
    public string? View { get; set; }

    public DatabaseConnection? Connection { get; private set; }
    public SchemaComparison? Comparison { get; private set; }
    public int FromNumber { get; private set; }
    public int ToNumber { get; private set; }
    public IReadOnlyList<DiffGroup> Groups { get; private set; } = [];
    public MigrationScript? Script { get; private set; }
    /// <summary>Why there is no migration DDL for this connection (SQLite), or why it could not be made.</summary>
    public string? DdlUnavailable { get; private set; }

    public bool ShowDdl => View == "ddl" && DdlUnavailable is null;
    public bool HasDdlTab => Connection?.Engine != DatabaseEngine.Sqlite;
    public SchemaDifference Difference => Comparison!.Difference;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem)
        {
            return problem;
        }

        Groups = DiffReport.Build(Difference, Comparison!.Old, Comparison.New);
        return Page();
    }

    public async Task<IActionResult> OnGetSqlAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem)
        {
            return problem;
        }

        if (Script is null)
        {
            return NotFound();
        }

        var header = $"-- Migration of '{SingleLine(Connection!.Name)}' from version {FromNumber} ({Comparison!.From.IngestedAt:yyyy-MM-dd HH:mm} UTC) to version {ToNumber} ({Comparison.To.IngestedAt:yyyy-MM-dd HH:mm} UTC)\n"
            + $"-- {Script.Dialect.ToCliName()}; {SingleLine(Difference.Summary)}. Review before running.\n\n";
        return File(Encoding.UTF8.GetBytes(header + Script.ToSql()), "application/sql; charset=utf-8", FileName("sql"));
    }

    public async Task<IActionResult> OnGetJsonAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } problem)
        {
            return problem;
        }

        return File(Encoding.UTF8.GetBytes(Difference.ToJson()), "application/json; charset=utf-8", FileName("json"));
    }

    public string Link(string? view = null, string? handler = null) =>
        $"/Schema/Diff?connection={ConnectionId}&from={Comparison!.From.Id}&to={Comparison.To.Id}"
        + (view is null ? "" : $"&view={view}") + (handler is null ? "" : $"&handler={handler}");

    /// <summary>A step's description as a sentence (the generator writes them in lower case for the script's comments).</summary>
    public static string Sentence(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public int Count(SchemaChangeKind kind) => SchemaHistoryService.Count(Difference, kind);

    /// <summary>Loads the connection, the two versions (the latest and its predecessor by default) and the difference; an error result when something is missing.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var membership = await LoadMembershipAsync();
        Connection = membership is null ? null : await connections.FindAsync(membership.WorkspaceId, ConnectionId, ct);
        if (Connection is null)
        {
            return NotFound();
        }

        var to = ToId is { } toId ? await history.FindAsync(ConnectionId, toId, ct) : (await history.PageAsync(ConnectionId, 1, 1, ct)).Versions.FirstOrDefault()?.Snapshot;
        var from = to is null ? null : FromId is { } fromId ? await history.FindAsync(ConnectionId, fromId, ct) : await history.PreviousAsync(to, ct);
        if (to is null || from is null)
        {
            return NotFound();
        }

        Comparison = await history.CompareAsync(from, to, ct);
        FromNumber = await history.NumberAsync(from, ct);
        ToNumber = await history.NumberAsync(to, ct);
        if (Connection.Engine == DatabaseEngine.Sqlite)
        {
            DdlUnavailable = "SQLite can change a table in place only by renaming it or adding a column; anything else means rebuilding the table "
                + "(create a new one, copy the rows, drop the old one), which depends on your data and is best left to your migration tool. "
                + "The report and the JSON download list every change.";
        }
        else
        {
            try
            {
                Script = MigrationPlanner.Plan(Comparison.Old, Comparison.New, Difference, Connection.Engine.ToSqlDialect());
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException)
            {
                DdlUnavailable = $"The migration DDL could not be generated: {ex.Message}";
            }
        }

        return null;
    }

    private string FileName(string extension)
    {
        var name = UnsafeFileNameRun().Replace(Connection!.Name, "-").Trim('-');
        return $"{(name.Length == 0 ? "schema" : name)}-v{FromNumber}-v{ToNumber}.{extension}";
    }

    private static string SingleLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ');

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex UnsafeFileNameRun();
}
