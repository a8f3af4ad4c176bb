using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Schema;
using static Appliance.Core.Tests.Copilot.CopilotTestSchemas;

namespace Appliance.Core.Tests.Copilot;

/// <summary>What the rule engine refuses, and that it says what it missed and what it did understand.</summary>
public sealed class NotUnderstoodTests
{
    [Theory]
    [InlineData("Why did revenue drop last month?", "asks why")]
    [InlineData("Delete all cancelled orders", "change data")]
    [InlineData("Which customers will churn next quarter?", "future")]
    [InlineData("Show me the best products", "\"best\"")]
    [InlineData("What is the meaning of life?", "\"meaning\"")]
    [InlineData("Show lines", "could mean order_lines or shipment_lines")]
    [InlineData("Average price", "could mean order_lines.unit_price or products.unit_price")]
    [InlineData("Total revenue per country", "more than one way")]
    [InlineData("Show the items", "no table")]
    [InlineData("Compare sales in 2024 and 2025", "comparison")]
    [InlineData("Top customers", "top")]
    [InlineData("Median order total", "statistic")]
    public void Ambiguous_and_unanswerable_questions_get_no_sql_and_a_reason(string question, string reason)
    {
        var answer = DeterministicSqlEngine.Answer(question, Demo());

        Assert.Null(answer.Sql);
        Assert.False(answer.IsUnderstood);
        Assert.StartsWith("Not understood: ", answer.Problem, StringComparison.Ordinal);
        Assert.Contains(reason, answer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refusal_lists_what_was_understood()
    {
        var answer = DeterministicSqlEngine.Answer("Total revenue per country", Demo());

        Assert.Equal(["table: orders", "sum: orders.total_amount", "group by: countries"], answer.Understood);
    }

    [Fact]
    public void An_unknown_word_that_looks_like_a_condition_is_named_not_ignored()
    {
        var answer = DeterministicSqlEngine.Answer("Orders from loyal customers", Demo());

        Assert.Null(answer.Sql);
        Assert.Contains("\"loyal\"", answer.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_question_is_refused(string question) =>
        Assert.Equal("Not understood: the question is empty.", DeterministicSqlEngine.Answer(question, Demo()).Problem);

    [Fact]
    public void A_very_long_question_is_refused_without_reading_it()
    {
        var answer = DeterministicSqlEngine.Answer(string.Join(' ', Enumerable.Repeat("orders", 200)), Demo());

        Assert.Contains("longer than 500 characters", answer.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_without_tables_knows_none_of_the_words()
    {
        var empty = Demo() with { Schema = new DatabaseSchema { Engine = DatabaseEngine.Sqlite } };

        Assert.Equal("Not understood: did not understand \"orders\".", DeterministicSqlEngine.Answer("How many orders are there?", empty).Problem);
    }

    [Fact]
    public void A_glossary_term_for_a_missing_table_is_reported()
    {
        var context = Demo() with { Glossary = [new GlossaryTerm("leads", "prospects")] };

        var answer = DeterministicSqlEngine.Answer("How many leads are there?", context);

        Assert.Null(answer.Sql);
        Assert.Contains("names a table that is not in the schema (prospects)", answer.Problem, StringComparison.Ordinal);
    }
}
