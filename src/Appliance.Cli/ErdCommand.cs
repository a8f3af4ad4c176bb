using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Erd;

namespace Appliance.Cli;

/// <summary>
/// `appliance erd`: the entity-relationship diagram of a schema JSON as a standalone SVG, laid out by the same code as the
/// web page's diagram (so both show the same picture).
/// </summary>
internal static class ErdCommand
{
    private const string Name = "appliance erd";

    private sealed record Options(Option<FileInfo> Schema, Option<string> Out, Option<bool> KeysOnly, Option<string?> Tables, Option<bool> Views, Option<bool> Overview);

    public static Command Create(TextWriter output, TextWriter error)
    {
        var options = new Options(
            new Option<FileInfo>("--schema") { Description = "The schema JSON to draw (written by `appliance ingest --out`).", Required = true },
            new Option<string>("--out") { Description = "The SVG file to write (- writes it to standard output).", Required = true },
            new Option<bool>("--keys-only") { Description = "Only primary and foreign key columns in the boxes; the others are counted as \"+N more\"." },
            new Option<string?>("--tables") { Description = "Only tables whose name matches one of these patterns (separated by commas or spaces; * and ? are wildcards, a pattern without them matches anywhere in the name), e.g. \"billing_*,orders\"." },
            new Option<bool>("--views") { Description = "Draw views too (as boxes without relationships)." },
            new Option<bool>("--overview") { Description = "Draw the overview of a large schema instead: tables grouped by schema or name prefix, links between groups." });
        var command = new Command("erd", "Draw the entity-relationship diagram of a schema JSON as a standalone SVG (the same layout as the web page).")
        {
            options.Schema, options.Out, options.KeysOnly, options.Tables, options.Views, options.Overview,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result, options, output, error, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, Options options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        async Task<int> Fail(string message)
        {
            await error.WriteLineAsync($"{Name}: {message}");
            return 1;
        }

        if (await SchemaFiles.ReadAsync(result.GetValue(options.Schema)!, message => Fail(message), cancellationToken) is not { } schema)
        {
            return 1;
        }

        var stopwatch = Stopwatch.StartNew();
        var views = result.GetValue(options.Views);
        IReadOnlyList<string>? ids = null;
        if (result.GetValue(options.Tables) is { } pattern)
        {
            // The web page's name filter; views, when asked for, come with whatever tables are chosen.
            var tables = ErdSelection.Select(schema, new ErdSelectionRequest { Pattern = pattern });
            if (tables.Count == 0)
            {
                return await Fail($"no table matches '{pattern}'.");
            }

            ids = [.. tables, .. views ? schema.Views.Select(v => v.QualifiedName) : []];
        }

        ErdDiagram diagram;
        string summary;
        if (result.GetValue(options.Overview))
        {
            var selected = ids is null ? null : new HashSet<string>(ids, StringComparer.Ordinal);
            var overview = ErdOverview.Build(selected is null ? schema : schema with { Tables = [.. schema.Tables.Where(t => selected.Contains(t.QualifiedName))] });
            diagram = overview.Diagram;
            summary = string.Create(CultureInfo.InvariantCulture, $"{overview.Groups.Count} groups of {overview.Groups.Sum(g => g.TableIds.Count)} tables, {diagram.Edges.Count} links");
        }
        else
        {
            diagram = ErdLayout.Compute(schema, ids, new ErdLayoutOptions { KeysOnly = result.GetValue(options.KeysOnly), IncludeViews = views });
            var tables = diagram.Nodes.Count(n => !n.IsView);
            var viewCount = diagram.Nodes.Count - tables;
            summary = string.Create(CultureInfo.InvariantCulture,
                $"{tables} tables{(views ? $", {viewCount} views" : "")}, {diagram.Edges.Count} foreign keys");
        }

        var title = schema.DatabaseName is { Length: > 0 } database ? $"{database}: entity-relationship diagram" : "Entity-relationship diagram";
        var svg = ErdSvg.Write(diagram, new ErdSvgOptions { Standalone = true, Title = title });
        var target = result.GetValue(options.Out)!;
        if (target == "-")
        {
            await output.WriteAsync(svg);
            return 0;
        }

        var path = Path.GetFullPath(target);
        try
        {
            await File.WriteAllTextAsync(path, svg, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return await Fail($"cannot write {path}: {ex.Message}");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"erd: {summary} in {stopwatch.Elapsed.TotalSeconds:0.000} s ({path})"));
        return 0;
    }
}
