using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;

namespace Appliance.Core.Tests.Sql.Lint;

public sealed class LintCorpusTests
{
    public static TheoryData<string> Statements()
    {
        var data = new TheoryData<string>();
        foreach (var entry in SqlCorpus.All)
        {
            data.Add(entry.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Linting_a_corpus_statement_never_throws_and_every_rewrite_parses(string id)
    {
        var entry = SqlCorpus.Find(id);
        var statement = LintTestKit.Parse(entry.Sql, entry.Dialect);
        var options = new LintOptions { LargeTableRows = 1, VerifyRewrites = false };

        // With no schema, and with both fixture schemas (mostly unknown names there: the rules must cope).
        foreach (var schema in new DatabaseSchema?[] { null, TestSchemas.Demo, TestSchemas.PostgresFixture })
        {
            foreach (var finding in SqlLinter.Lint(statement, schema, entry.Dialect, options))
            {
                Assert.Contains(SqlLinter.Rules, r => r.Id == finding.RuleId && r.Name == finding.RuleName);
                Assert.False(string.IsNullOrWhiteSpace(finding.Message), finding.ToString());
                if (finding.RewrittenSql is { } rewrite)
                {
                    Assert.NotNull(finding.RewriteKind);
                    var reparsed = SqlParser.Parse(rewrite, entry.Dialect);
                    Assert.True(reparsed.Succeeded, $"{id} {finding.RuleId}: {reparsed.Error}\n{rewrite}");
                    Assert.Equal(entry.Kind, Assert.Single(reparsed.Statements).Kind);
                }
            }
        }
    }
}
