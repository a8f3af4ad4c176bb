using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

public sealed class SqlCorpusTests
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

    [Fact]
    public void Corpus_holds_at_least_three_hundred_statements_with_a_hundred_per_main_dialect()
    {
        Assert.True(SqlCorpus.All.Count >= 300, $"{SqlCorpus.All.Count} statements");
        Assert.True(SqlCorpus.For(SqlDialect.Postgres).Count() >= 100);
        Assert.True(SqlCorpus.For(SqlDialect.MySql).Count() >= 100);
        Assert.True(SqlCorpus.For(SqlDialect.TSql).Count() >= 100);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Corpus_statement_parses_as_one_statement_of_the_expected_kind(string id)
    {
        var entry = SqlCorpus.Find(id);

        var result = SqlParser.Parse(entry.Sql, entry.Dialect);

        Assert.True(result.Succeeded, $"{id}: {result.Error}\n{entry.Sql}");
        var statement = Assert.Single(result.Statements);
        Assert.Equal(entry.Kind, statement.Kind);
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Corpus_statement_formats_to_text_that_parses_back_to_the_same_tree(string id)
    {
        var entry = SqlCorpus.Find(id);
        var tree = SqlParser.Parse(entry.Sql, entry.Dialect).Statements.Single().Statement;

        var formatted = SqlFormatter.Format(tree, entry.Dialect);
        var reparsed = SqlParser.Parse(formatted, entry.Dialect);

        Assert.True(reparsed.Succeeded, $"{id}: {reparsed.Error}\n{formatted}");
        var again = Assert.Single(reparsed.Statements).Statement;
        Assert.True(tree.Equals(again), $"{id}: the tree changed after formatting\n{formatted}\n--- before\n{tree}\n--- after\n{again}");

        // Formatting is stable: the formatted text formats to itself.
        Assert.Equal(formatted, SqlFormatter.Format(again, entry.Dialect));
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Corpus_statement_span_covers_its_text_without_the_semicolon(string id)
    {
        var entry = SqlCorpus.Find(id);

        var statement = SqlParser.Parse(entry.Sql, entry.Dialect).Statements.Single();

        Assert.Equal(entry.Sql[statement.Span.Start.Offset..statement.Span.End.Offset], statement.Text);
        Assert.False(statement.Text.EndsWith(';'), statement.Text);
        Assert.False(char.IsWhiteSpace(statement.Text[0]) || char.IsWhiteSpace(statement.Text[^1]), statement.Text);
    }
}
