using System.Xml.Linq;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Erd;

namespace Appliance.Cli.Tests;

public sealed class ErdCommandTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly string _directory = Directory.CreateTempSubdirectory("appliance-erd-").FullName;

    private static string DemoSchema => Path.Combine(AppContext.BaseDirectory, "Schemas", "demo.schema.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<XElement> Nodes(XDocument svg) =>
        svg.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.Split(' ').Contains("erd-node") == true);

    [Fact]
    public async Task Writes_a_standalone_svg_with_the_same_layout_as_the_page()
    {
        var file = Path.Combine(_directory, "erd.svg");

        var (code, output, error) = await CliRunner.RunAsync("erd", "--schema", DemoSchema, "--out", file);

        Assert.True(code == 0, error);
        Assert.Equal("", error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("erd: 18 tables, 27 foreign keys in ", line, StringComparison.Ordinal);
        Assert.EndsWith($"({file})", line.TrimEnd(), StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.StartsWith("<?xml", text, StringComparison.Ordinal);
        var svg = XDocument.Parse(text);
        Assert.NotNull(svg.Root!.Element(Svg + "style"));
        var schema = SchemaJson.Deserialize(await File.ReadAllTextAsync(DemoSchema, TestContext.Current.CancellationToken));
        Assert.Equal(schema.Tables.Select(t => t.Name).Order(), Nodes(svg).Select(n => (string?)n.Attribute("data-name")).Order());
        // The web page lays out with the same call; the boxes stand in the same places.
        var page = XDocument.Parse(ErdSvg.Write(ErdLayout.Compute(schema), new ErdSvgOptions { Standalone = false }));
        Assert.Equal(Nodes(page).Select(n => (string?)n.Attribute("transform")), Nodes(svg).Select(n => (string?)n.Attribute("transform")));
    }

    [Fact]
    public async Task Keys_only_and_a_table_pattern_draw_a_subset()
    {
        var file = Path.Combine(_directory, "orders.svg");

        var (code, output, error) = await CliRunner.RunAsync("erd", "--schema", DemoSchema, "--out", file, "--keys-only", "--tables", "order*,customers");

        Assert.True(code == 0, error);
        Assert.StartsWith("erd: 4 tables, ", output, StringComparison.Ordinal);
        var svg = XDocument.Parse(await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
        Assert.Equal(["main.customers", "main.order_lines", "main.order_promotions", "main.orders"], Nodes(svg).Select(n => (string)n.Attribute("data-id")!).Order(StringComparer.Ordinal));
        Assert.Contains("+", string.Concat(svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "erd-more").Select(t => t.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_overview_and_standard_output()
    {
        var (code, output, error) = await CliRunner.RunAsync("erd", "--schema", DemoSchema, "--out", "-", "--overview");

        Assert.True(code == 0, error);
        var svg = XDocument.Parse(output);
        Assert.Contains(Nodes(svg), n => ((string)n.Attribute("class")!).Contains("erd-group", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_fails_with_one_clear_line()
    {
        var notJson = Path.Combine(_directory, "bad.json");
        await File.WriteAllTextAsync(notJson, "{ this is not json", TestContext.Current.CancellationToken);
        var missing = Path.Combine(_directory, "missing.json");
        var unwritable = Path.Combine(_directory, "no-such-directory", "erd.svg");

        var cases = new[]
        {
            (await CliRunner.RunAsync("erd", "--schema", missing, "--out", Path.Combine(_directory, "a.svg")), "cannot read"),
            (await CliRunner.RunAsync("erd", "--schema", notJson, "--out", Path.Combine(_directory, "b.svg")), "bad.json: The schema file is not valid"),
            (await CliRunner.RunAsync("erd", "--schema", DemoSchema, "--out", unwritable), "cannot write"),
            (await CliRunner.RunAsync("erd", "--schema", DemoSchema, "--out", Path.Combine(_directory, "c.svg"), "--tables", "nothing_like_this"), "no table matches 'nothing_like_this'"),
            (await CliRunner.RunAsync("erd", "--out", Path.Combine(_directory, "d.svg")), "--schema"),
        };

        foreach (var ((code, output, error), expected) in cases)
        {
            Assert.Equal(1, code);
            Assert.Equal("", output);
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(expected, line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(unwritable));
        Assert.Empty(Directory.GetFiles(_directory, "*.svg"));
    }
}
