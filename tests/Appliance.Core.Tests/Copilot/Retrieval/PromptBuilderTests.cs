using System.Text.RegularExpressions;
using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Retrieval;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Copilot.Retrieval;

public sealed partial class PromptBuilderTests
{
    /// <summary>A stand-in for a BPE tokenizer: every run of letters or digits and every other visible character is a token.</summary>
    private sealed partial class WordTokenCounter : ITokenCounter
    {
        public int CountTokens(string text) => Token().Count(text);

        [GeneratedRegex(@"[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]|\n")]
        private static partial Regex Token();
    }

    private static readonly WordTokenCounter Counter = new();

    private static PromptRequest Request(DatabaseSchema schema, int budget, params string[] ranked) => new()
    {
        Question = "how many orders per customer",
        Schema = schema,
        Tables = [.. ranked.Select((t, i) => new ScoredTable("public." + t, 1.0 - (i * 0.1)))],
        BudgetTokens = budget,
    };

    private static int Recount(CopilotPrompt prompt) =>
        Counter.CountTokens(prompt.System) + Counter.CountTokens(prompt.User) + (2 * CopilotPrompt.MessageOverheadTokens);

    [Fact]
    public void Tables_go_in_best_first_and_those_that_do_not_fit_are_reported()
    {
        var schema = ShopSchema.Create();
        var roomy = new PromptBuilder(Counter).Build(Request(schema, 5000, "orders", "customers", "order_lines", "products"));
        Assert.Equal(["public.orders", "public.customers", "public.order_lines", "public.products"], roomy.IncludedTables);
        Assert.Empty(roomy.LeftOut);

        // Room for the frame and about two tables.
        var frame = new PromptBuilder(Counter).Build(Request(schema, 5000)).Tokens;
        var tight = new PromptBuilder(Counter).Build(Request(schema, frame + 75, "orders", "customers", "order_lines", "products"));
        Assert.Equal("public.orders", tight.IncludedTables[0]);
        Assert.NotEmpty(tight.LeftOut);
        Assert.Equal(4, tight.Tables.Count + tight.LeftOut.Count);
        Assert.True(tight.Tokens <= frame + 75);
        Assert.Equal(Recount(tight), tight.Tokens);
        Assert.All(tight.LeftOut, t => Assert.DoesNotContain("TABLE " + t.Split('.')[1] + " (", tight.User, StringComparison.Ordinal));
        Assert.Empty(tight.Truncated);
    }

    [Fact]
    public void The_schema_is_compact_ddl_with_keys_types_and_comments()
    {
        var prompt = new PromptBuilder(Counter).Build(Request(ShopSchema.Create(), 5000, "orders", "customers"));

        Assert.Contains("CREATE TABLE orders (\n  id integer PRIMARY KEY,\n  customer_id integer REFERENCES customers(id),", prompt.User, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE customers ( -- People who buy from the shop", prompt.User, StringComparison.Ordinal);
        Assert.Contains("total_amount numeric(12,2)\n);", prompt.User, StringComparison.Ordinal);
        Assert.Contains("Question: how many orders per customer", prompt.User, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", prompt.System, StringComparison.Ordinal);
        Assert.Contains("one read-only SELECT", prompt.System, StringComparison.Ordinal);
        Assert.Same(ShopSchema.Create().Tables[1].GetType(), prompt.Tables[0].GetType());
        Assert.Equal(5, prompt.Tables[0].Columns.Count);
    }

    [Fact]
    public void Names_are_quoted_for_the_dialect_and_qualified_when_there_are_several_schemas()
    {
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.SqlServer,
            Tables =
            [
                ShopSchema.Table("dbo", "order", ["id:int", "Order Date:datetime2"]),
                ShopSchema.Table("sales", "lines", ["id:int", "order_id:int"], keys: [("order_id", "order")]) with
                {
                    ForeignKeys = [new ForeignKey { Columns = ["order_id"], ReferencedSchema = "dbo", ReferencedTable = "order", ReferencedColumns = ["id"] }],
                },
            ],
        };
        var prompt = new PromptBuilder(Counter).Build(new PromptRequest
        {
            Question = "orders",
            Schema = schema,
            Tables = [new ScoredTable("dbo.order", 1), new ScoredTable("sales.lines", 0.5)],
            BudgetTokens = 5000,
        });

        Assert.Contains("CREATE TABLE dbo.[order] (", prompt.User, StringComparison.Ordinal);
        Assert.Contains("[Order Date] datetime2", prompt.User, StringComparison.Ordinal);
        Assert.Contains("order_id int REFERENCES dbo.[order](id)", prompt.User, StringComparison.Ordinal);
        Assert.Contains("TOP", prompt.System, StringComparison.Ordinal);
    }

    [Fact]
    public void A_best_table_too_big_for_the_budget_is_cut_to_its_most_useful_columns()
    {
        var columns = new[] { "id:integer", "customer_id:integer" }
            .Concat(Enumerable.Range(1, 60).Select(i => $"attribute_{i}:varchar(40)"))
            .Append("shipping_country:char(2)")
            .ToArray();
        var wide = ShopSchema.Table("public", "wide_orders", columns, keys: [("customer_id", "customers")]);
        var schema = ShopSchema.Create() with { Tables = [wide, .. ShopSchema.Create().Tables] };
        var frame = new PromptBuilder(Counter).Build(Request(schema, 5000)).Tokens;
        var request = Request(schema, frame + 80, "wide_orders", "customers") with { Question = "orders by shipping country" };

        var prompt = new PromptBuilder(Counter).Build(request);

        Assert.True(prompt.Tokens <= request.BudgetTokens);
        Assert.Equal(["public.wide_orders"], prompt.Truncated);
        var shown = prompt.Tables[0];
        Assert.InRange(shown.Columns.Count, 3, columns.Length - 1);
        // The key, the column the question names and the foreign key come before the other columns.
        Assert.Equal(["id", "customer_id"], shown.Columns.Take(2).Select(c => c.Name));
        Assert.Contains(shown.Columns, c => c.Name == "shipping_country");
        Assert.Equal("customers", Assert.Single(shown.ForeignKeys).ReferencedTable);
        Assert.Contains($"-- {columns.Length - shown.Columns.Count} more columns not shown", prompt.User, StringComparison.Ordinal);
        Assert.Contains("public.customers", prompt.LeftOut);
    }

    [Fact]
    public void Examples_come_with_the_tables_they_read_and_never_with_a_table_outside_the_ranking()
    {
        var schema = ShopSchema.Create();
        var fitting = new QuestionExample("customers per country", "SELECT country, count(*) FROM customers GROUP BY country");
        var outside = new QuestionExample("log lines", "SELECT message FROM audit_log");
        var prompt = new PromptBuilder(Counter).Build(Request(schema, 5000, "orders", "customers") with { Examples = [outside, fitting] });

        Assert.Equal([fitting], prompt.Examples);
        Assert.Contains("Question: customers per country\nSQL: SELECT country", prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("audit_log", prompt.User, StringComparison.Ordinal);

        // An example outranks a low-ranked table: with room for one more table and an example, customers (read by the
        // example) goes in before order_lines, though ranked after it.
        var frame = new PromptBuilder(Counter).Build(Request(schema, 5000, "orders")).Tokens;
        var tight = new PromptBuilder(Counter).Build(Request(schema, frame + 80, "orders", "order_lines", "customers") with { Examples = [fitting] });
        Assert.Equal([fitting], tight.Examples);
        Assert.Contains("public.customers", tight.IncludedTables);
        Assert.Contains("public.order_lines", tight.LeftOut);
    }

    [Fact]
    public void A_repair_round_shows_the_refused_sql_and_its_error()
    {
        var prompt = new PromptBuilder(Counter).Build(Request(ShopSchema.Create(), 5000, "orders") with
        {
            Repair = new PromptRepair("SELECT nope FROM orders", "column \"nope\" does not exist"),
            Today = new DateOnly(2026, 3, 1),
        });

        Assert.Contains("SELECT nope FROM orders\nError: column \"nope\" does not exist", prompt.User, StringComparison.Ordinal);
        Assert.Contains("Today is 2026-03-01.", prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void A_budget_below_the_instructions_and_question_is_refused_clearly()
    {
        var error = Assert.Throws<PromptTooLargeException>(() => new PromptBuilder(Counter).Build(Request(ShopSchema.Create(), 20, "orders")));
        Assert.Contains("prompt budget of 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_budget_or_schema_makes_the_prompt_exceed_its_budget()
    {
        var random = new Random(2026);
        var builder = new PromptBuilder(Counter);
        int built = 0, truncated = 0, leftOut = 0;
        for (var round = 0; round < 400; round++)
        {
            var schema = RandomSchema(random);
            var ranked = schema.Tables.Select(t => t.QualifiedName).Append("public.missing").OrderBy(_ => random.Next()).Take(random.Next(0, 25))
                .Select((t, i) => new ScoredTable(t, 10 - i)).ToList();
            var request = new PromptRequest
            {
                Question = "question " + string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => RandomWord(random))),
                Schema = schema,
                Tables = ranked,
                BudgetTokens = random.Next(40, 2500),
                Dialect = (SqlDialect)random.Next(0, 4),
                Examples = [.. schema.Tables.Take(random.Next(0, 4)).Select(t => new QuestionExample("rows of " + t.Name, $"SELECT * FROM {t.Schema}.{t.Name}"))],
                Repair = random.Next(3) == 0 ? new PromptRepair("SELECT " + RandomWord(random), string.Join(' ', Enumerable.Range(0, random.Next(1, 200)).Select(_ => RandomWord(random)))) : null,
            };

            CopilotPrompt prompt;
            try
            {
                prompt = builder.Build(request);
            }
            catch (PromptTooLargeException)
            {
                // Only ever because the frame alone is too big: it is, whatever tables are offered.
                Assert.Throws<PromptTooLargeException>(() => builder.Build(request with { Tables = [] }));
                continue;
            }

            built++;
            truncated += prompt.Truncated.Count;
            leftOut += prompt.LeftOut.Count > 0 && prompt.Tables.Count > 0 ? 1 : 0;
            Assert.True(prompt.Tokens <= request.BudgetTokens, $"round {round}: {prompt.Tokens} > {request.BudgetTokens}");
            Assert.Equal(Recount(prompt), prompt.Tokens);
            var known = ranked.Select(t => t.Table).Where(t => t != "public.missing").ToList();
            Assert.Equal(known.Where(prompt.IncludedTables.Contains), prompt.IncludedTables);
            Assert.Equal(known.Where(t => !prompt.IncludedTables.Contains(t)), prompt.LeftOut);
            Assert.True(prompt.Truncated.Count == 0 || (prompt.Truncated.Single() == known[0] && prompt.IncludedTables[0] == known[0]));
            if (known.Count > 0 && !prompt.IncludedTables.Contains(known[0]))
            {
                Assert.Equal(known[0], prompt.LeftOut[0]);
            }
        }

        // The rounds cover what matters: most build, some cut the best table, some leave tables out.
        Assert.True(built > 300, $"only {built} prompts were built");
        Assert.True(truncated > 10, $"only {truncated} truncated");
        Assert.True(leftOut > 50, $"only {leftOut} left tables out");
    }

    private static DatabaseSchema RandomSchema(Random random)
    {
        var schemas = random.Next(2) == 0 ? new[] { "public" } : ["public", "Sales"];
        var names = Enumerable.Range(0, random.Next(1, 30)).Select(i => (Schema: schemas[random.Next(schemas.Length)], Name: i % 7 == 3 ? "order" + i : RandomWord(random) + "_" + i)).ToList();
        var tables = names.Select(n =>
        {
            var columns = Enumerable.Range(0, random.Next(1, 80)).Select(c => new Column
            {
                Name = c == 0 ? "id" : random.Next(10) == 0 ? "Select" : RandomWord(random) + c,
                Ordinal = c + 1,
                DataType = random.Next(2) == 0 ? "integer" : "character varying(" + random.Next(1, 400) + ")",
                Comment = random.Next(4) == 0 ? string.Join(' ', Enumerable.Range(0, random.Next(1, 60)).Select(_ => RandomWord(random))) : null,
            }).ToList();
            var target = names[random.Next(names.Count)];
            return new Table
            {
                Schema = n.Schema,
                Name = n.Name,
                Comment = random.Next(3) == 0 ? "about " + RandomWord(random) : null,
                Columns = columns,
                PrimaryKey = new KeyConstraint { Columns = columns.Count > 2 && random.Next(4) == 0 ? [columns[0].Name, columns[1].Name] : [columns[0].Name] },
                ForeignKeys = random.Next(2) == 0 ? [new ForeignKey { Columns = [columns[^1].Name], ReferencedSchema = target.Schema, ReferencedTable = target.Name, ReferencedColumns = ["id"] }] : [],
            };
        });
        return new DatabaseSchema { Engine = DatabaseEngine.Postgres, Tables = [.. tables.DistinctBy(t => t.QualifiedName)] };
    }

    private static string RandomWord(Random random) =>
        new([.. Enumerable.Range(0, random.Next(2, 12)).Select(_ => (char)('a' + random.Next(26)))]);
}
