using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.Copilot.Grammar;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;
using Appliance.Core.Tests.Sql;

namespace Appliance.Core.Tests.Copilot.Grammar;

public sealed class SqlGrammarTests
{
    public static TheoryData<SqlDialect> Dialects => [SqlDialect.Sqlite, SqlDialect.Postgres, SqlDialect.MySql, SqlDialect.TSql];

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Every_table_and_column_of_the_context_is_in_the_grammar_quoted_for_the_dialect(SqlDialect dialect)
    {
        var tables = TestSchemas.Demo.Tables;
        var text = SqlGrammar.Build(tables, dialect);

        foreach (var table in tables)
        {
            Assert.Contains(Literal(SqlKeywords.Quote(table.Name, dialect)), text, StringComparison.Ordinal);
            foreach (var column in table.Columns)
            {
                Assert.Contains(Literal(SqlKeywords.Quote(column.Name, dialect)), text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Tables_outside_the_context_are_not_in_the_grammar()
    {
        var tables = TestSchemas.Demo.Tables.Where(t => t.Name is "orders" or "customers").ToList();

        var text = SqlGrammar.Build(tables, SqlDialect.Sqlite);

        Assert.Contains("\\\"orders\\\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\\"products\\\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\\"unit_price\\\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void The_grammar_has_no_unbounded_repetition_no_recursion_and_no_undefined_rule(SqlDialect dialect)
    {
        var grammar = GbnfReader.Read(SqlGrammar.Build(TestSchemas.Demo.Tables, dialect));

        Assert.Empty(grammar.UnboundedRepetitions());
        Assert.Empty(grammar.RecursiveRules());
        Assert.Empty(grammar.UndefinedReferences());
        Assert.Contains(SqlGrammarDefinition.RootRule, grammar.Rules.Keys);
    }

    [Theory]
    [InlineData(384)]
    [InlineData(200)]
    [InlineData(1000)]
    public void The_longest_query_fits_the_length_limit_and_is_measured_exactly(int maxLength)
    {
        var definition = SqlGrammar.Create(TestSchemas.Demo.Tables, SqlDialect.Sqlite, new SqlGrammarOptions { MaxLength = maxLength });

        var measured = GbnfReader.Read(definition.Text).MaxBytes(SqlGrammarDefinition.RootRule);

        Assert.Equal(definition.MaxLength, measured);
        Assert.True(measured <= maxLength, $"longest query {measured} bytes > {maxLength}");
    }

    [Fact]
    public void A_tighter_limit_gives_fewer_or_smaller_branches_but_still_joins()
    {
        var wide = SqlGrammar.Create(TestSchemas.Demo.Tables, SqlDialect.Sqlite, new SqlGrammarOptions { MaxLength = 1000 });
        var tight = SqlGrammar.Create(TestSchemas.Demo.Tables, SqlDialect.Sqlite, new SqlGrammarOptions { MaxLength = 200 });

        Assert.True(tight.Text.Length < wide.Text.Length);
        Assert.Contains(" JOIN ", tight.Text, StringComparison.Ordinal);
        Assert.True(tight.FromClauses <= wide.FromClauses);
    }

    [Fact]
    public void A_limit_no_query_fits_is_refused_with_a_clear_message()
    {
        var table = new Table
        {
            Schema = "main",
            Name = new string('t', 40),
            Columns = [new Column { Name = new string('c', 40), DataType = "INTEGER" }],
        };

        var error = Assert.Throws<ArgumentException>(() => SqlGrammar.Create([table], SqlDialect.Sqlite, new SqlGrammarOptions { MaxLength = 40 }));

        Assert.Contains("fits in 40 bytes", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SqlGrammar.Build([], SqlDialect.Sqlite));
        Assert.Throws<ArgumentOutOfRangeException>(() => SqlGrammar.Create([table], SqlDialect.Sqlite, new SqlGrammarOptions { MaxJoins = -1 }));
    }

    public static TheoryData<string, SqlDialect, int> Derivations => new()
    {
        { "demo", SqlDialect.Sqlite, 384 },
        { "demo", SqlDialect.Postgres, 384 },
        { "demo", SqlDialect.MySql, 384 },
        { "demo", SqlDialect.TSql, 384 },
        { "demo", SqlDialect.Sqlite, 1000 },
        { "postgres-fixture", SqlDialect.Postgres, 384 },
        { "postgres-fixture", SqlDialect.TSql, 600 },
    };

    [Theory]
    [MemberData(nameof(Derivations))]
    public void Every_sentence_of_the_grammar_parses_binds_without_problems_and_is_read_only(string schemaName, SqlDialect dialect, int maxLength)
    {
        var schema = schemaName == "demo" ? TestSchemas.Demo : TestSchemas.PostgresFixture;
        var definition = SqlGrammar.Create(schema.Tables, dialect, new SqlGrammarOptions { MaxLength = maxLength });
        var grammar = GbnfReader.Read(definition.Text);
        var random = new Random(2026);
        var shapes = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 600; i++)
        {
            var sql = grammar.Generate(SqlGrammarDefinition.RootRule, random);

            Assert.True(Encoding.UTF8.GetByteCount(sql) <= maxLength, sql);
            var parsed = SqlParser.Parse(sql, dialect);
            Assert.True(parsed.Succeeded, $"{parsed.Error}: {sql}");
            var statement = Assert.Single(parsed.Statements);
            var bound = SqlBinder.Bind(statement, schema, dialect);
            Assert.True(bound.Problems.Count == 0, $"{string.Join("; ", bound.Problems.Select(p => p.Message))}: {sql}");
            var verdict = ReadOnlyPolicy.Check(parsed, dialect);
            Assert.True(verdict.Allowed, $"{verdict.Reason}: {sql}");
            foreach (var clause in new[] { " JOIN ", " WHERE ", " GROUP BY ", " HAVING ", " ORDER BY ", " LIMIT ", "TOP ", " LIKE ", " IN (", " BETWEEN ", "DISTINCT " })
            {
                if (sql.Contains(clause, StringComparison.Ordinal))
                {
                    shapes.Add(clause);
                }
            }
        }

        // The random walk reaches every clause the dialect has.
        Assert.True(shapes.Count >= 9, string.Join(",", shapes));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Names_with_quotes_backslashes_spaces_and_keywords_are_escaped_and_still_bind(SqlDialect dialect)
    {
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            Tables =
            [
                new Table
                {
                    Schema = "public",
                    Name = "order",
                    Columns =
                    [
                        new Column { Name = "id", DataType = "integer" },
                        new Column { Name = "we\"ird]`name", DataType = "text" },
                        new Column { Name = "back\\slash", DataType = "numeric" },
                        new Column { Name = "Größe", DataType = "date" },
                    ],
                    PrimaryKey = new KeyConstraint { Columns = ["id"] },
                },
                new Table
                {
                    Schema = "public",
                    Name = "line item",
                    Columns = [new Column { Name = "order_id", DataType = "integer" }, new Column { Name = "select", DataType = "boolean" }],
                    ForeignKeys = [new ForeignKey { Columns = ["order_id"], ReferencedSchema = "public", ReferencedTable = "order", ReferencedColumns = ["id"] }],
                },
            ],
        };
        var grammar = GbnfReader.Read(SqlGrammar.Build(schema.Tables, dialect));
        var random = new Random(11);
        var names = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 400; i++)
        {
            var sql = grammar.Generate(SqlGrammarDefinition.RootRule, random);

            var parsed = SqlParser.Parse(sql, dialect);
            Assert.True(parsed.Succeeded, $"{parsed.Error}: {sql}");
            var bound = SqlBinder.Bind(Assert.Single(parsed.Statements), schema, dialect);
            Assert.True(bound.Problems.Count == 0, $"{string.Join("; ", bound.Problems.Select(p => p.Message))}: {sql}");
            names.UnionWith(bound.Columns.Select(c => c.Column?.Name).OfType<string>());
        }

        Assert.Contains("we\"ird]`name", names);
        Assert.Contains("back\\slash", names);
        Assert.Contains("Größe", names);
    }

    [Fact]
    public void Joins_follow_foreign_keys_with_fixed_aliases()
    {
        var tables = TestSchemas.Demo.Tables.Where(t => t.Name is "orders" or "customers" or "order_lines").ToList();

        var text = SqlGrammar.Build(tables, SqlDialect.Sqlite);

        // Each foreign key is offered once, from whichever end the enumeration reached first.
        Assert.Matches(@"(\\""customers\\"" AS c JOIN \\""orders\\"" AS o ON o\.\\""customer_id\\"" = c\.|\\""orders\\"" AS o JOIN \\""customers\\"" AS c ON c\.\\""customer_id\\"" = o\.)\\""customer_id\\""", text);
        Assert.Contains("\\\"order_lines\\\" AS ol JOIN \\\"orders\\\" AS o ON o.\\\"order_id\\\" = ol.\\\"order_id\\\"", text, StringComparison.Ordinal);
        // A self-reference joins the table to itself under a second alias.
        Assert.Contains("\\\"customers\\\" AS c JOIN \\\"customers\\\" AS c_2 ON c_2.\\\"customer_id\\\" = c.\\\"referred_by\\\"", text, StringComparison.Ordinal);
        // The demo's tables live in SQLite's "main": PostgreSQL's default schema is "public", so they are qualified there.
        Assert.Contains("\\\"main\\\".\\\"orders\\\"", SqlGrammar.Build(tables, SqlDialect.Postgres), StringComparison.Ordinal);
    }

    [Fact]
    public void Predicates_follow_the_column_type()
    {
        var tables = TestSchemas.Demo.Tables.Where(t => t.Name == "orders").ToList();
        var grammar = GbnfReader.Read(SqlGrammar.Build(tables, SqlDialect.Sqlite));
        var random = new Random(7);

        for (var i = 0; i < 400; i++)
        {
            var sql = grammar.Generate(SqlGrammarDefinition.RootRule, random);

            // LIKE only on text, SUM/AVG only on numbers.
            Assert.DoesNotMatch("\"(order_id|customer_id|total_amount)\" LIKE", sql);
            Assert.DoesNotMatch("(SUM|AVG)\\(\"(status|ordered_at)\"\\)", sql);
        }
    }

    private static string Literal(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
