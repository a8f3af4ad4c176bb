using System.Diagnostics;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Erd;
using Appliance.Core.Tests.Schema.Erd;

namespace Appliance.Benchmarks;

/// <summary>
/// ERD layout, SVG writing and schema diff on generated schemas shaped like large real ones (modules with hub tables,
/// global hubs, cross-module links, self-references, a few cycles), each next to reading the same schema from its JSON
/// (SchemaJson.Deserialize) in the same run. Medians of several runs after a warm-up.
/// Targets: layout of 1,000 tables &lt; 1 s (the page must be usable in 2 s); 5,000 tables &lt; 5 s; diff of two
/// 5,000-table versions &lt; 200 ms.
/// </summary>
internal static class ErdBenchmark
{
    private static readonly TimeSpan Layout1000Target = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Layout5000Target = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DiffTarget = TimeSpan.FromMilliseconds(200);

    public static Task<int> RunAsync()
    {
        var met = true;
        foreach (var (count, runs) in new[] { (100, 9), (1_000, 5), (5_000, 3) })
        {
            var schema = ErdSchemas.Generate(count, seed: 7);
            var json = SchemaJson.Serialize(schema, indented: false);
            var read = Median(runs, () => SchemaJson.Deserialize(json));
            ErdDiagram? diagram = null;
            var layout = Median(runs, () => diagram = ErdLayout.Compute(schema));
            var svg = Median(runs, () => ErdSvg.Write(diagram!));
            var target = count switch { 1_000 => Layout1000Target, 5_000 => Layout5000Target, _ => (TimeSpan?)null };
            var verdict = target is { } t ? $"   (target < {t.TotalSeconds:0} s: {(layout < t ? "met" : "NOT met")})" : "";
            met &= target is null || layout < target;
            Console.WriteLine($"{count,5:N0} tables, {diagram!.Edges.Count,5:N0} foreign keys: read JSON (reference) {Ms(read)}   layout {Ms(layout)} ({Ratio(layout, read)})   SVG {Ms(svg)} ({Ratio(svg, read)}){verdict}");
            var crossings = count <= 100 ? $", {Crossings(diagram):N0} pairs of crossing segments" : "";
            Console.WriteLine($"{"",33}diagram {diagram.Width:N0} × {diagram.Height:N0} px{crossings}");
        }

        var (old, @new) = Versions(5_000);
        var oldJson = SchemaJson.Serialize(old, indented: false);
        var newJson = SchemaJson.Serialize(@new, indented: false);
        var readBoth = Median(5, () => (SchemaJson.Deserialize(oldJson), SchemaJson.Deserialize(newJson)));
        SchemaDifference? difference = null;
        var diff = Median(5, () => difference = SchemaDiff.Compare(old, @new));
        met &= diff < DiffTarget;
        Console.WriteLine($"diff of two 5,000-table versions: read both JSON (reference) {Ms(readBoth)}   diff {Ms(diff)} ({Ratio(diff, readBoth)}, {difference!.Changes.Count} changes)   (target < {DiffTarget.TotalMilliseconds:0} ms: {(diff < DiffTarget ? "met" : "NOT met")})");
        return Task.FromResult(met ? 0 : 1);
    }

    /// <summary>Two versions: tables dropped, added and renamed, columns changed and added, foreign keys dropped.</summary>
    private static (DatabaseSchema Old, DatabaseSchema New) Versions(int count)
    {
        var old = ErdSchemas.Generate(count, seed: 7);
        var tables = new List<Table>();
        for (var i = 0; i < old.Tables.Count; i++)
        {
            var table = old.Tables[i];
            if (i % 500 == 499)
            {
                continue;
            }

            tables.Add((i % 100) switch
            {
                10 => table with { Columns = [.. table.Columns.Select(c => c.Ordinal == table.Columns.Count ? c with { DataType = "text", IsNullable = !c.IsNullable } : c)] },
                20 => table with { Columns = [.. table.Columns, new Column { Name = "added_note", Ordinal = table.Columns.Count + 1, DataType = "text", IsNullable = true }] },
                30 => table with { ForeignKeys = [.. table.ForeignKeys.Skip(1)] },
                _ => table,
            });
        }

        var extra = ErdSchemas.Generate(count + 20, seed: 7).Tables.Skip(count).Select(t => t with { ForeignKeys = [] });
        return (old, old with { Tables = [.. tables, .. extra] });
    }

    /// <summary>Pairs of edge segments that cross (a rough readability figure; quadratic, so only for the small diagram).</summary>
    private static long Crossings(ErdDiagram diagram)
    {
        var segments = diagram.Edges.SelectMany(e => e.Points.Zip(e.Points.Skip(1), (a, b) => (a, b, e.Id))).ToList();

        long crossings = 0;
        for (var i = 0; i < segments.Count; i++)
        {
            for (var j = i + 1; j < segments.Count; j++)
            {
                if (segments[i].Id != segments[j].Id && Cross(segments[i].a, segments[i].b, segments[j].a, segments[j].b))
                {
                    crossings++;
                }
            }
        }

        return crossings;
    }

    private static bool Cross(ErdPoint a, ErdPoint b, ErdPoint c, ErdPoint d)
    {
        static double Side(ErdPoint p, ErdPoint q, ErdPoint r) => ((q.X - p.X) * (r.Y - p.Y)) - ((q.Y - p.Y) * (r.X - p.X));
        return Side(a, b, c) * Side(a, b, d) < 0 && Side(c, d, a) * Side(c, d, b) < 0;
    }

    private static TimeSpan Median<T>(int runs, Func<T> action)
    {
        action();
        var times = new List<TimeSpan>(runs);
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed);
        }

        times.Sort();
        return times[runs / 2];
    }

    private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds,8:N1} ms";

    private static string Ratio(TimeSpan time, TimeSpan reference) => $"{time / reference,5:0.0} × reference";
}
