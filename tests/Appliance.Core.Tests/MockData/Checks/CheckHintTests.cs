using Appliance.Core.Connections;
using Appliance.Core.MockData.Checks;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.MockData.Checks;

public sealed class CheckHintTests
{
    private static readonly string[] Columns =
    [
        "quantity integer", "balance numeric", "total numeric", "rating integer", "status varchar", "code varchar", "email text",
        "discount numeric", "country_code text", "is_active integer", "name text", "starts_on date null", "price numeric",
    ];

    [Theory]
    // PostgreSQL, as pg_get_constraintdef spells them.
    [InlineData(DatabaseEngine.Postgres, "(quantity > 0)", "quantity", ">0")]
    [InlineData(DatabaseEngine.Postgres, "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "status", "in(a,b)")]
    [InlineData(DatabaseEngine.Postgres, "(total < (1000000)::numeric)", "total", "<1000000")]
    [InlineData(DatabaseEngine.Postgres, "((rating >= 1) AND (rating <= 5))", "rating", ">=1; <=5")]
    [InlineData(DatabaseEngine.Postgres, "(char_length((code)::text) = 2)", "code", "len 2..2")]
    [InlineData(DatabaseEngine.Postgres, "((status)::text <> ALL ((ARRAY['x'::character varying, 'y'::character varying])::text[]))", "status", "not(x,y)")]
    [InlineData(DatabaseEngine.Postgres, "((email)::text ~ '^[^@]+@[^@]+$'::text)", "email", "~^[^@]+@[^@]+$")]
    [InlineData(DatabaseEngine.Postgres, "(email ~* '^[a-z]+$'::text)", "email", "~(?i)^[a-z]+$")]
    [InlineData(DatabaseEngine.Postgres, "(code ~ '^[[:upper:]]{2}$'::text)", "code", "~^[\\p{Lu}]{2}$")]
    [InlineData(DatabaseEngine.Postgres, "(price >= ('-1.5'::numeric))", "price", ">=-1.5")]
    [InlineData(DatabaseEngine.Postgres, "(price > (- 2))", "price", ">-2")]
    [InlineData(DatabaseEngine.Postgres, "(starts_on >= '2020-01-01'::date)", "starts_on", ">=2020-01-01")]
    [InlineData(DatabaseEngine.Postgres, "(starts_on < '2030-06-30')", "starts_on", "<2030-06-30")]
    [InlineData(DatabaseEngine.Postgres, "((code)::text ~~ 'A%'::text)", "code", "~^A.*$")]
    [InlineData(DatabaseEngine.Postgres, "((code)::text LIKE 'A_%'::text)", "code", "~^A..*$")]
    [InlineData(DatabaseEngine.Postgres, "(name <> ''::text)", "name", "not empty")]
    [InlineData(DatabaseEngine.Postgres, "(btrim(name) <> ''::text)", "name", "not empty")]
    [InlineData(DatabaseEngine.Postgres, "(name IS NOT NULL)", "name", "not null")]
    [InlineData(DatabaseEngine.Postgres, "(NOT (name IS NULL))", "name", "not null")]
    [InlineData(DatabaseEngine.Postgres, "(NOT (quantity > 10))", "quantity", "<=10")]
    [InlineData(DatabaseEngine.Postgres, "(0 < quantity)", "quantity", ">0")]
    [InlineData(DatabaseEngine.Postgres, "(quantity BETWEEN SYMMETRIC 10 AND 1)", "quantity", ">=1; <=10")]
    [InlineData(DatabaseEngine.Postgres, "((quantity IS NULL) OR (quantity > 0))", "quantity", ">0")]
    [InlineData(DatabaseEngine.Postgres, "((quantity IS NULL) OR ((quantity >= 1) AND (quantity <= 9)))", "quantity", ">=1; <=9")]
    [InlineData(DatabaseEngine.Postgres, "((status)::text = 'a'::text OR (status)::text = 'b'::text OR (status)::text IN ('c'))", "status", "in(a,b,c)")]
    [InlineData(DatabaseEngine.Postgres, "((length((code)::text) >= 2) AND (length((code)::text) < 6))", "code", "len 2..5")]
    [InlineData(DatabaseEngine.Postgres, "(length((code)::text) BETWEEN 1 AND 3)", "code", "len 1..3")]
    [InlineData(DatabaseEngine.Postgres, "((status)::text NOT IN ('gone'))", "status", "not(gone)")]
    [InlineData(DatabaseEngine.Postgres, "(lower((status)::text) IN ('a', 'b'))", "status", "in(a,b)")]
    [InlineData(DatabaseEngine.Postgres, "(quantity <= (10 * 100))", "quantity", "<=1000")]
    // PostgreSQL's pretty form (pg_get_expr(conbin, conrelid, true)), which ingestion stores.
    [InlineData(DatabaseEngine.Postgres, "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])", "status", "in(a,b)")]
    [InlineData(DatabaseEngine.Postgres, "char_length(code::text) = 2", "code", "len 2..2")]
    [InlineData(DatabaseEngine.Postgres, "total::numeric < 1000000::numeric", "total", "<1000000")]
    [InlineData(DatabaseEngine.Postgres, "rating >= 1 AND rating <= 5", "rating", ">=1; <=5")]
    [InlineData(DatabaseEngine.Postgres, "code::text ~~ 'A%'::text", "code", "~^A.*$")]
    [InlineData(DatabaseEngine.Postgres, "quantity > '-5'::integer", "quantity", ">-5")]
    [InlineData(DatabaseEngine.Postgres, "starts_on IS NULL OR starts_on >= '2020-01-01'::date", "starts_on", ">=2020-01-01")]
    // MySQL / MariaDB, as information_schema.CHECK_CONSTRAINTS spells them.
    [InlineData(DatabaseEngine.MySql, "`quantity` > 0", "quantity", ">0")]
    [InlineData(DatabaseEngine.MySql, "`balance` >= 0", "balance", ">=0")]
    [InlineData(DatabaseEngine.MySql, "`status` in ('a','b')", "status", "in(a,b)")]
    [InlineData(DatabaseEngine.MySql, "(`status` in (_utf8mb4'a',_utf8mb4'b'))", "status", "in(a,b)")]
    [InlineData(DatabaseEngine.MySql, "char_length(`code`) = 2", "code", "len 2..2")]
    [InlineData(DatabaseEngine.MySql, "(`code` regexp _utf8mb4'^[A-Z]{2}$')", "code", "~^[A-Z]{2}$")]
    [InlineData(DatabaseEngine.MySql, "`code` rlike '^x'", "code", "~^x")]
    [InlineData(DatabaseEngine.MySql, "`rating` between 1 and 5", "rating", ">=1; <=5")]
    [InlineData(DatabaseEngine.MySql, "`quantity` > 0 && `quantity` < 10", "quantity", ">0; <10")]
    // SQLite: the source text of the CREATE TABLE.
    [InlineData(DatabaseEngine.Sqlite, "status IN ('active', 'suspended', 'closed')", "status", "in(active,suspended,closed)")]
    [InlineData(DatabaseEngine.Sqlite, "length(country_code) = 2", "country_code", "len 2..2")]
    [InlineData(DatabaseEngine.Sqlite, "discount BETWEEN 0 AND 1", "discount", ">=0; <=1")]
    [InlineData(DatabaseEngine.Sqlite, "is_active IN (0, 1)", "is_active", "in(0,1)")]
    [InlineData(DatabaseEngine.Sqlite, "code GLOB '[A-Z][A-Z]'", "code", "~^[A-Z][A-Z]$")]
    [InlineData(DatabaseEngine.Sqlite, "status IN (\"a\", \"b\")", "status", "in(a,b)")]
    // SQL Server, as sys.check_constraints spells them.
    [InlineData(DatabaseEngine.SqlServer, "([quantity]>(0))", "quantity", ">0")]
    [InlineData(DatabaseEngine.SqlServer, "([status]='closed' OR [status]='active')", "status", "in(closed,active)")]
    [InlineData(DatabaseEngine.SqlServer, "(len([code])=(2))", "code", "len 2..2")]
    [InlineData(DatabaseEngine.SqlServer, "([price]>=(0.5) AND [price]<=(99.99))", "price", ">=0.5; <=99.99")]
    [InlineData(DatabaseEngine.SqlServer, "([code] like '[A-Z][0-9]%')", "code", "~^[A-Z][0-9].*$")]
    [InlineData(DatabaseEngine.SqlServer, "([status]<>N'')", "status", "not empty")]
    public void Checks_in_each_dialects_spelling_give_column_hints(DatabaseEngine engine, string expression, string column, string expected)
    {
        var analysis = CheckTestTables.Analyze(engine, Columns, "ck: " + expression);

        Assert.Equal(expected, CheckTestTables.Describe(analysis.HintsFor(column)));
        Assert.Equal(["ck"], analysis.HintsFor(column).Constraints);
        Assert.Empty(analysis.Problems);
    }

    [Fact]
    public void Bounds_are_decimal_datetime_or_string_and_carry_their_constraint()
    {
        var analysis = CheckTestTables.Analyze(
            DatabaseEngine.Postgres,
            ["quantity integer", "starts_on date", "code text"],
            "ck_qty: (quantity > 0)",
            "ck_date: (starts_on >= '2020-01-01'::date)",
            "ck_code: (code >= 'B'::text)");

        var quantity = analysis.HintsFor("quantity").Lower!;
        Assert.Equal(0m, Assert.IsType<decimal>(quantity.Value));
        Assert.False(quantity.Inclusive);
        Assert.Equal("ck_qty", quantity.Constraint);
        Assert.Equal(new DateTime(2020, 1, 1), Assert.IsType<DateTime>(analysis.HintsFor("starts_on").Lower!.Value));
        Assert.Equal("B", Assert.IsType<string>(analysis.HintsFor("code").Lower!.Value));
        Assert.Same(ColumnHints.None, analysis.HintsFor("no_such_column"));
    }

    [Fact]
    public void Bounds_from_several_checks_merge_to_the_tightest_and_allowed_values_intersect()
    {
        var analysis = CheckTestTables.Analyze(
            DatabaseEngine.Postgres,
            ["x integer", "s text"],
            "a: (x > 0)",
            "b: (x >= 5)",
            "c: (x <= 100)",
            "d: (x < 100)",
            "e: (s IN ('a', 'b', 'c', 'd'))",
            "f: (s IN ('b', 'c', 'd', 'e'))",
            "g: (s <> 'c')",
            "h: (length(s) = 1)");

        Assert.Empty(analysis.Problems);
        var x = analysis.HintsFor("x");
        Assert.Equal(">=5; <100", CheckTestTables.Describe(x));
        Assert.Equal("b", x.Lower!.Constraint);
        Assert.Equal("d", x.Upper!.Constraint);
        Assert.Equal(["a", "b", "c", "d"], x.Constraints);
        Assert.Equal("in(b,d); not(c); len 1..1", CheckTestTables.Describe(analysis.HintsFor("s")));
    }

    [Fact]
    public void Several_patterns_on_one_column_must_all_match()
    {
        var analysis = CheckTestTables.Analyze(DatabaseEngine.Postgres, ["code text"], "(code ~ '^[A-Z]')", "(code ~ '[0-9]$')");

        var pattern = analysis.HintsFor("code").Pattern!;
        Assert.Matches(pattern, "A1");
        Assert.Matches(pattern, "AB9");
        Assert.DoesNotMatch(pattern, "a1");
        Assert.DoesNotMatch(pattern, "AB");
    }

    [Theory]
    [InlineData(DatabaseEngine.Postgres, "(end_date > start_date)", "end_date", ">", "start_date", false)]
    [InlineData(DatabaseEngine.Postgres, "(start_date < end_date)", "end_date", ">", "start_date", false)]
    [InlineData(DatabaseEngine.Postgres, "(start_date <= end_date)", "end_date", ">=", "start_date", false)]
    [InlineData(DatabaseEngine.Postgres, "((end_date)::date >= (start_date)::date)", "end_date", ">=", "start_date", false)]
    [InlineData(DatabaseEngine.Postgres, "((end_date IS NULL) OR (end_date >= start_date))", "end_date", ">=", "start_date", true)]
    [InlineData(DatabaseEngine.Postgres, "((end_date IS NULL) OR (start_date <= end_date))", "end_date", ">=", "start_date", true)]
    [InlineData(DatabaseEngine.Postgres, "((start_date IS NULL) OR (end_date > start_date))", "start_date", "<", "end_date", true)]
    [InlineData(DatabaseEngine.Sqlite, "ends_on > starts_on", "ends_on", ">", "starts_on", false)]
    [InlineData(DatabaseEngine.Sqlite, "delivered_at IS NULL OR delivered_at >= shipped_at", "delivered_at", ">=", "shipped_at", true)]
    [InlineData(DatabaseEngine.MySql, "(`end_date` > `start_date`)", "end_date", ">", "start_date", false)]
    [InlineData(DatabaseEngine.SqlServer, "([end_date]>[start_date])", "end_date", ">", "start_date", false)]
    [InlineData(DatabaseEngine.SqlServer, "([end_date]<>[start_date])", "end_date", "<>", "start_date", false)]
    public void Comparisons_between_two_columns_are_relations(DatabaseEngine engine, string expression, string left, string op, string right, bool nullAllowed)
    {
        var analysis = CheckTestTables.Analyze(
            engine,
            ["start_date date", "end_date date null", "starts_on text", "ends_on text", "shipped_at text", "delivered_at text null"],
            "ck: " + expression);

        var relation = Assert.Single(analysis.Relations);
        Assert.Equal(new ColumnRelation(left, op, right, nullAllowed, "ck"), relation);
        Assert.Empty(analysis.Problems);
        Assert.All(analysis.Hints.Values, h => Assert.Null(h.Lower));
    }

    [Theory]
    [InlineData(DatabaseEngine.Postgres, "(created_at <= CURRENT_TIMESTAMP)")]
    [InlineData(DatabaseEngine.Postgres, "(created_at <= now())")]
    [InlineData(DatabaseEngine.Postgres, "((created_at)::date <= CURRENT_DATE)")]
    [InlineData(DatabaseEngine.SqlServer, "([created_at]<=getdate())")]
    [InlineData(DatabaseEngine.Sqlite, "created_at <= datetime('now')")]
    [InlineData(DatabaseEngine.Sqlite, "created_at BETWEEN '2000-01-01' AND CURRENT_TIMESTAMP")]
    public void Comparisons_with_the_clock_give_no_bound_and_no_warning(DatabaseEngine engine, string expression)
    {
        var analysis = CheckTestTables.Analyze(engine, ["created_at timestamp"], expression);

        Assert.Null(analysis.HintsFor("created_at").Upper);
        Assert.Empty(analysis.Problems);
        Assert.True(analysis.Checks[0].CanEvaluate);
    }

    [Fact]
    public void Domain_checks_apply_to_the_column_with_VALUE_standing_for_it()
    {
        var email = new DomainType
        {
            Schema = "public",
            Name = "email_address",
            BaseType = "citext",
            CheckConstraints = [new CheckConstraint { Name = "email_address_check", Expression = "(VALUE ~ '^[^@]+@[^@]+$'::text)" }],
        };
        var amount = new DomainType
        {
            Schema = "public",
            Name = "positive_amount",
            BaseType = "numeric(12,2)",
            CheckConstraints = [new CheckConstraint { Name = "positive_amount_check", Expression = "(VALUE >= (0)::numeric)" }],
        };
        var table = CheckTestTables.Table(["email email_address", "total positive_amount", "value integer"], "ck_value: (value > 1)");

        var analysis = CheckAnalyzer.Analyze(table, DatabaseEngine.Postgres, new Dictionary<string, DomainType> { ["email"] = email, ["total"] = amount });

        Assert.Equal("~^[^@]+@[^@]+$", CheckTestTables.Describe(analysis.HintsFor("email")));
        Assert.Equal(">=0", CheckTestTables.Describe(analysis.HintsFor("total")));
        Assert.Equal(">1", CheckTestTables.Describe(analysis.HintsFor("value")));
        var emailCheck = Assert.Single(analysis.Checks, c => c.Name == "email_address_check");
        Assert.Equal("email", emailCheck.DomainColumn);
        Assert.Equal(["email"], emailCheck.Columns);
        Assert.Null(Assert.Single(analysis.Checks, c => c.Name == "ck_value").DomainColumn);
        Assert.Empty(analysis.Problems);
    }

    [Fact]
    public void Domains_of_columns_are_found_by_bare_or_qualified_type_name()
    {
        var schema = new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            Domains =
            [
                new DomainType { Schema = "public", Name = "amount", BaseType = "numeric" },
                new DomainType { Schema = "sales", Name = "amount", BaseType = "integer" },
                new DomainType { Schema = "public", Name = "email", BaseType = "text" },
            ],
        };
        var table = new Table
        {
            Schema = "sales",
            Name = "t",
            Columns =
            [
                new Column { Name = "a", DataType = "amount" },
                new Column { Name = "b", DataType = "public.amount" },
                new Column { Name = "c", DataType = "email" },
                new Column { Name = "d", DataType = "text" },
            ],
        };

        var domains = CheckAnalyzer.DomainsOf(table, schema);

        Assert.Equal("sales", domains["a"].Schema);
        Assert.Equal("public", domains["b"].Schema);
        Assert.Equal("email", domains["c"].Name);
        Assert.False(domains.ContainsKey("d"));
    }
}
