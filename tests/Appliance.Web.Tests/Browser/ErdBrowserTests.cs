using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using PuppeteerSharp;
using PuppeteerSharp.Input;

namespace Appliance.Web.Tests.Browser;

/// <summary>The ERD page in real headless Chromium: every table and edge drawn, find-and-centre, focus, drag, and SVG export.</summary>
public sealed class ErdBrowserTests
{
    [Fact]
    public async Task The_demo_diagram_can_be_searched_focused_dragged_and_exported()
    {
        await using var session = await BrowserSession.StartAsync();
        var (factory, page, baseUrl, errors) = (session.Factory, session.Page, session.BaseUrl, session.Errors);
        await session.SetUpWithDemoAsync("edgar", "Relational-Model-1970", "Design");
        await page.GoToAsync(baseUrl + "/Schema", WaitUntilNavigation.Networkidle0);
        await Task.WhenAll(page.WaitForNavigationAsync(), page.ClickAsync("[data-testid=open-erd]"));
        await page.WaitForSelectorAsync("#erd-view[data-ready]");

        // Every table of the demo is a box, and every foreign key an edge between two drawn boxes.
        var nodes = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('g.erd-node')].map(n => n.dataset.id)");
        var edges = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('g.erd-edge')].map(e => e.dataset.from + '>' + e.dataset.to)");
        var demo = await DemoSchemaAsync(factory);
        Assert.Equal(demo.Tables.Select(t => t.QualifiedName).Order(StringComparer.Ordinal), nodes.Order(StringComparer.Ordinal));
        Assert.Equal(demo.Tables.Sum(t => t.ForeignKeys.Count), edges.Length);
        Assert.All(edges, e => Assert.All(e.Split('>'), end => Assert.Contains(end, nodes)));
        var visible = await page.EvaluateExpressionAsync<bool>(
            "[...document.querySelectorAll('g.erd-node')].every(n => { const r = n.getBoundingClientRect(), v = document.querySelector('#erd-view').getBoundingClientRect(); return r.width > 0 && r.left >= v.left - 1 && r.right <= v.right + 1 && r.top >= v.top - 1 && r.bottom <= v.bottom + 1; })");
        Assert.True(visible, "after Fit every table is inside the view");
        await session.ScreenshotAsync("erd-demo", fullPage: false);

        // The SVG export is a valid standalone SVG naming every table.
        var svg = await page.EvaluateFunctionAsync<string>(
            "async () => { const r = await fetch(document.querySelector('[data-testid=erd-export-svg]').href); return r.headers.get('content-disposition') + '\\n' + await r.text(); }");
        Assert.StartsWith("attachment", svg, StringComparison.Ordinal);
        var document = XDocument.Parse(svg[(svg.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
        var names = document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToHashSet(StringComparer.Ordinal);
        Assert.All(nodes, id => Assert.Contains(id["main.".Length..], names));

        // The PNG export draws that SVG on a canvas and downloads a real PNG image.
        await page.EvaluateExpressionAsync(
            "const create = URL.createObjectURL; URL.createObjectURL = b => { window.__blob = b; return create(b); }; " +
            "HTMLAnchorElement.prototype.click = function () { if (this.download) { window.__download = this.download; } }");
        await page.ClickAsync("[data-testid=erd-export-png]");
        await page.WaitForFunctionAsync("() => window.__download !== undefined", new WaitForFunctionOptions { Timeout = 15000 });
        var png = await page.EvaluateFunctionAsync<int[]>(
            "async () => { const b = new Uint8Array(await window.__blob.arrayBuffer()); const i = await createImageBitmap(new Blob([b])); return [...b.slice(0, 4), i.width, i.height]; }");
        Assert.Equal("erd.png", await page.EvaluateExpressionAsync<string>("window.__download"));
        Assert.Equal([0x89, 'P', 'N', 'G'], png[..4]);
        Assert.True(png[4] > 400 && png[5] > 200, $"the PNG is {png[4]}×{png[5]}");

        // Find centres the table in the view and opens its details.
        await page.ClickAsync("[data-testid=erd-search]");
        await page.Keyboard.TypeAsync("payments");
        await page.Keyboard.PressAsync(Key.Enter);
        await page.WaitForSelectorAsync("#erd-view[data-centered='main.payments']");
        var offset = await page.EvaluateExpressionAsync<double[]>(
            "(() => { const r = document.querySelector(\"g.erd-node[data-id='main.payments'] rect.erd-box\").getBoundingClientRect(), v = document.querySelector('#erd-view').getBoundingClientRect(); return [r.left + r.width / 2 - (v.left + v.width / 2), r.top + r.height / 2 - (v.top + v.height / 2)]; })()");
        Assert.True(Math.Abs(offset[0]) < 4 && Math.Abs(offset[1]) < 4, $"payments is {offset[0]:0}, {offset[1]:0} px from the centre");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=erd-details-name]')?.textContent === 'payments'");

        // Dragging a table moves it and its edges follow.
        var before = await EdgePathAsync(page, "main.payments");
        var box = await (await page.QuerySelectorAsync("g.erd-node[data-id='main.payments'] rect.erd-head, g.erd-node[data-id='main.payments'] rect.erd-box"))!.BoundingBoxAsync();
        await page.Mouse.MoveAsync(box!.X + 20, box.Y + 8);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 120, box.Y + 80, new MoveOptions { Steps = 8 });
        await page.Mouse.UpAsync();
        var moved = await (await page.QuerySelectorAsync("g.erd-node[data-id='main.payments'] rect.erd-box"))!.BoundingBoxAsync();
        Assert.InRange(moved!.X - box.X, 90, 110);
        Assert.NotEqual(before, await EdgePathAsync(page, "main.payments"));

        // Focus keeps payments and its neighbour orders, and nothing else.
        await page.ClickAsync("[data-testid=erd-focus]");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('g.erd-node').length === 2");
        var focused = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('g.erd-node')].map(n => n.dataset.id).sort()");
        Assert.Equal(["main.orders", "main.payments"], focused);
        Assert.Contains("focus=main.payments", page.Url, StringComparison.Ordinal);
        await session.ScreenshotAsync("erd-focus", fullPage: false);

        Assert.Empty(errors);
    }

    private static async Task<Appliance.Core.Schema.DatabaseSchema> DemoSchemaAsync(ApplianceFactory factory)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Appliance.Infrastructure.Metadata.MetadataDbContext>();
        var ingestion = scope.ServiceProvider.GetRequiredService<Appliance.Infrastructure.Schema.SchemaIngestionService>();
        return await ingestion.LoadAsync(db.SchemaSnapshots.Single());
    }

    private static Task<string> EdgePathAsync(IPage page, string table) => page.EvaluateFunctionAsync<string>(
        "id => [...document.querySelectorAll('g.erd-edge')].filter(e => e.dataset.from === id || e.dataset.to === id).map(e => e.querySelector('path.erd-line').getAttribute('d')).join('|')", table);
}
