using System.Text;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Explain;

namespace Appliance.Core.Tests.Sql.Explain;

/// <summary>
/// Golden tests: each query of explain-golden.txt, on the demo (SQLite) or PostgreSQL fixture schema, must explain to
/// exactly the text stored below it. After a deliberate wording change, regenerate with
/// <c>APPLIANCE_UPDATE_GOLDEN=1 dotnet test --project tests/Appliance.Core.Tests --filter-class "*Golden*"</c> and review the diff.
/// </summary>
public sealed class SqlExplainerGoldenTests
{
    private const string FileName = "explain-golden.txt";

    public sealed record GoldenCase(int Number, string Schema, string Sql, string Expected)
    {
        public override string ToString() => $"#{Number} {Sql}";
    }

    public static TheoryData<GoldenCase> Cases()
    {
        var data = new TheoryData<GoldenCase>();
        foreach (var c in Load())
        {
            data.Add(c);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Explanation_matches_the_golden_text(GoldenCase golden)
    {
        Assert.Equal(golden.Expected, Explain(golden));
    }

    [Fact]
    public void The_golden_file_covers_at_least_50_queries_on_both_schemas_and_is_up_to_date()
    {
        var cases = Load();
        Assert.True(cases.Count >= 50, $"only {cases.Count} golden queries");
        Assert.Contains(cases, c => c.Schema == "demo");
        Assert.Contains(cases, c => c.Schema == "postgres");

        if (Environment.GetEnvironmentVariable("APPLIANCE_UPDATE_GOLDEN") == "1")
        {
            var text = new StringBuilder();
            foreach (var c in cases)
            {
                text.Append("=== ").Append(c.Schema).Append('\n').Append(c.Sql).Append("\n---\n").Append(Explain(c)).Append('\n');
            }

            File.WriteAllText(SourcePath(), text.ToString());
        }

        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Expected), $"#{c.Number} has no expected text"));
    }

    private static string Explain(GoldenCase golden)
    {
        var (schema, dialect) = golden.Schema == "postgres"
            ? (TestSchemas.PostgresFixture, SqlDialect.Postgres)
            : (TestSchemas.Demo, SqlDialect.Sqlite);
        var parsed = SqlParser.Parse(golden.Sql, dialect);
        Assert.True(parsed.Succeeded, parsed.Error?.ToString());
        return SqlExplainer.Explain(Assert.Single(parsed.Statements), schema, dialect).ToText().TrimEnd('\n');
    }

    private static List<GoldenCase> Load()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sql", "Explain", FileName)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var cases = new List<GoldenCase>();
        foreach (var block in text.Split("=== ", StringSplitOptions.RemoveEmptyEntries))
        {
            var newline = block.IndexOf('\n', StringComparison.Ordinal);
            var schema = block[..newline].Trim();
            var body = block[(newline + 1)..];
            var separator = body.IndexOf("\n---\n", StringComparison.Ordinal);
            var sql = (separator < 0 ? body : body[..separator]).Trim();
            var expected = separator < 0 ? "" : body[(separator + 5)..].TrimEnd('\n');
            cases.Add(new GoldenCase(cases.Count + 1, schema, sql, expected));
        }

        return cases;
    }

    private static string SourcePath([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, FileName);
}
