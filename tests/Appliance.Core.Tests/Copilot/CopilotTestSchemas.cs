using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Deterministic;
using Appliance.Core.Copilot.Evaluation;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;

namespace Appliance.Core.Tests.Copilot;

/// <summary>Schemas and helpers for the rule-engine tests: a library schema unlike the demo, and a 5,000-table one.</summary>
internal static class CopilotTestSchemas
{
    /// <summary>Authors, books, members and loans: different words, a PostgreSQL CHECK … ANY (ARRAY[…]) list, a boolean flag.</summary>
    public static DatabaseSchema Library { get; } = BuildLibrary();

    private static readonly Lazy<DatabaseSchema> LargeSchema = new(() => BuildLarge(5000));

    /// <summary>The demo tables plus 5,000 generated ones that share words with each other (amount, name, created_at).</summary>
    public static DatabaseSchema Large => LargeSchema.Value;

    public static QuestionContext Demo(SqlDialect dialect = SqlDialect.Sqlite) => new(Sql.TestSchemas.Demo, dialect, QuestionSets.ReferenceDate);

    public static QuestionContext Postgres() => new(Sql.TestSchemas.PostgresFixture, SqlDialect.Postgres, QuestionSets.ReferenceDate);

    public static CopilotAnswer Answer(string question, QuestionContext context)
    {
        var answer = DeterministicSqlEngine.Answer(question, context);
        if (answer.Sql is not null)
        {
            AssertValid(answer.Sql, context.Schema, context.Dialect);
        }

        return answer;
    }

    /// <summary>Checked from the outside too: one statement that parses, binds to the schema and is read-only.</summary>
    public static void AssertValid(string sql, DatabaseSchema schema, SqlDialect dialect)
    {
        var parsed = SqlParser.Parse(sql, dialect);
        Assert.True(parsed.Succeeded, $"does not parse: {parsed.Error}\n{sql}");
        Assert.Single(parsed.Statements);
        var bound = SqlBinder.Bind(parsed.Statements[0], schema, dialect);
        Assert.True(bound.Problems.Count == 0, $"does not bind: {string.Join("; ", bound.Problems)}\n{sql}");
        var verdict = ReadOnlyPolicy.Check(parsed, dialect);
        Assert.True(verdict.Allowed, verdict.Reason);
    }

    /// <summary>The SQL on one line with single spaces, for comparisons that ignore the engine's line breaks.</summary>
    public static string Flat(string? sql) => string.Join(' ', (sql ?? "").Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

    private static Column C(string name, string type, bool nullable = false, string? comment = null) =>
        new() { Name = name, DataType = type, BaseType = type.Split('(')[0], IsNullable = nullable, Comment = comment };

    private static ForeignKey Fk(string column, string table, string referenced, string schema = "public") =>
        new() { Columns = [column], ReferencedSchema = schema, ReferencedTable = table, ReferencedColumns = [referenced] };

    private static DatabaseSchema BuildLibrary() => new()
    {
        Engine = DatabaseEngine.Postgres,
        DatabaseName = "library",
        Tables =
        [
            new Table
            {
                Schema = "public", Name = "authors", Comment = "Writers of books",
                Columns = [C("author_id", "integer"), C("full_name", "varchar(200)"), C("born_on", "date", true), C("nationality", "varchar(60)", true)],
                PrimaryKey = new() { Columns = ["author_id"] },
            },
            new Table
            {
                Schema = "public", Name = "books", Comment = "Titles held by the library",
                Columns = [C("book_id", "integer"), C("title", "varchar(300)"), C("author_id", "integer"), C("published_on", "date", true), C("page_count", "integer", true), C("genre", "varchar(40)")],
                PrimaryKey = new() { Columns = ["book_id"] },
                ForeignKeys = [Fk("author_id", "authors", "author_id")],
                CheckConstraints = [new() { Expression = "((genre)::text = ANY ((ARRAY['fiction'::character varying, 'poetry'::character varying, 'history'::character varying, 'science'::character varying])::text[]))" }],
            },
            new Table
            {
                Schema = "public", Name = "members", Comment = "Patrons with a library card",
                Columns = [C("member_id", "integer"), C("first_name", "varchar(80)"), C("last_name", "varchar(80)"), C("city", "varchar(80)", true), C("joined_on", "date"), C("is_suspended", "boolean")],
                PrimaryKey = new() { Columns = ["member_id"] },
            },
            new Table
            {
                Schema = "public", Name = "loans", Comment = "Books lent to members",
                Columns = [C("loan_id", "integer"), C("book_id", "integer"), C("member_id", "integer"), C("loaned_at", "timestamp"), C("due_on", "date"), C("returned_at", "timestamp", true), C("fine_amount", "numeric(8,2)", true)],
                PrimaryKey = new() { Columns = ["loan_id"] },
                ForeignKeys = [Fk("book_id", "books", "book_id"), Fk("member_id", "members", "member_id")],
            },
        ],
    };

    private static DatabaseSchema BuildLarge(int count)
    {
        string[] words =
        [
            "account", "invoice", "ledger", "asset", "vendor", "contract", "project", "task", "ticket", "device", "sensor", "reading", "batch",
            "route", "driver", "vehicle", "claim", "policy", "premium", "visit", "doctor", "patient", "prescription", "dose", "lab", "result",
            "campaign", "lead", "opportunity", "quote", "refund", "coupon", "store", "shelf", "bin", "lot", "recipe", "ingredient", "plant",
            "machine", "shift", "worker", "skill", "course", "lesson", "grade",
        ];
        var demo = Sql.TestSchemas.Demo;
        var tables = new List<Table>(demo.Tables);
        var random = new Random(5);
        for (var i = 0; i < count; i++)
        {
            var a = words[random.Next(words.Length)];
            var b = words[random.Next(words.Length)];
            var columns = new List<Column> { C("id", "integer"), C($"{a}_name", "text"), C($"{b}_amount", "numeric(10,2)"), C("created_at", "timestamp") };
            var keys = new List<ForeignKey>();
            if (i > 0)
            {
                columns.Add(C("parent_id", "integer", true));
                keys.Add(Fk("parent_id", tables[demo.Tables.Count + random.Next(Math.Max(0, i - 50), i)].Name, "id", "main"));
            }

            tables.Add(new Table { Schema = "main", Name = $"{a}_{b}_{i}", Comment = $"{a} {b} records", Columns = columns, PrimaryKey = new() { Columns = ["id"] }, ForeignKeys = keys });
        }

        return demo with { Tables = tables };
    }
}
