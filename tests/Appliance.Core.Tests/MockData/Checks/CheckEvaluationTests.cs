using Appliance.Core.Connections;
using Appliance.Core.MockData.Checks;

namespace Appliance.Core.Tests.MockData.Checks;

public sealed class CheckEvaluationTests
{
    private const DatabaseEngine Pg = DatabaseEngine.Postgres;
    private const DatabaseEngine My = DatabaseEngine.MySql;
    private const DatabaseEngine Lite = DatabaseEngine.Sqlite;
    private const DatabaseEngine Ms = DatabaseEngine.SqlServer;

    public static TheoryData<DatabaseEngine, string, object?, bool> OneColumn => new()
    {
        // Comparisons, and NULL passing a CHECK.
        { Pg, "(x > 0)", 5L, true },
        { Pg, "(x > 0)", 0L, false },
        { Pg, "(x > 0)", null, true },
        { Pg, "(x <> 3)", 3, false },
        { Pg, "(x != 3)", (short)4, true },
        { Ms, "([x]>(0))", -1L, false },
        { Ms, "([x]!<(0))", 0L, true },
        { My, "`x` >= 0", 0m, true },

        // Numbers compare across CLR types.
        { Pg, "(x >= 0.5)", 1L, true },
        { Pg, "(x >= 0.5)", 0.25m, false },
        { Pg, "(x >= 0.5)", 0.5d, true },
        { Pg, "(x >= 0.5)", 0.49f, false },
        { Pg, "(x = 2)", 2.0d, true },
        { Pg, "(x < (1000000)::numeric)", 999999.99m, true },
        { Pg, "(x < (1000000)::numeric)", 1000000L, false },
        { Pg, "(x > -5)", -4, true },
        { Pg, "(x > (- 5))", -6, false },

        // Booleans against 0 / 1 and TRUE / FALSE.
        { Lite, "x IN (0, 1)", true, true },
        { Lite, "x IN (0, 1)", 2L, false },
        { My, "`x` = 1", false, false },
        { Pg, "(x = true)", true, true },
        { Pg, "x", false, false },
        { Pg, "(NOT x)", false, true },
        { Pg, "(x IS TRUE)", null, false },
        { Pg, "(x IS NOT FALSE)", null, true },
        { Pg, "(x IS FALSE)", false, true },
        { Pg, "((x > 0) IS TRUE)", null, false },
        { Pg, "((x > 0) IS UNKNOWN)", null, true },

        // Three-valued logic with a constant side.
        { Pg, "(x > 0 OR x IS NULL)", null, true },
        { Pg, "(x IS NOT NULL)", null, false },
        { Pg, "(NOT (x > 0))", null, true },
        { Pg, "(x > 0 AND false)", 1, false },
        { Pg, "(x > 0 OR true)", -1, true },

        // BETWEEN, IN, = ANY (ARRAY[...]).
        { Lite, "x BETWEEN 0 AND 1", 0.5m, true },
        { Lite, "x BETWEEN 0 AND 1", 1.5m, false },
        { Lite, "x BETWEEN 0 AND 1", 1L, true },
        { Pg, "(x NOT BETWEEN 1 AND 5)", 3L, false },
        { Pg, "(x BETWEEN SYMMETRIC 5 AND 1)", 3L, true },
        { Pg, "(x BETWEEN 5 AND 1)", 3L, false },
        { Lite, "x IN ('active', 'suspended', 'closed')", "closed", true },
        { Lite, "x IN ('active', 'suspended', 'closed')", "Closed", false },
        { Pg, "(x IN (1, NULL))", 2L, true },
        { Pg, "(x NOT IN (1, NULL))", 2L, true },
        { Pg, "(x NOT IN (1, NULL))", 1L, false },
        { Pg, "(x NOT IN (1, 2))", 3L, true },
        { Pg, "(x NOT IN (1, 2))", 2L, false },
        { Lite, "x NOT IN ('a', 'b')", "a", false },
        { Pg, "((x)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "b", true },
        { Pg, "((x)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", "c", false },
        { Pg, "((x)::text <> ALL ((ARRAY['a'::character varying])::text[]))", "a", false },
        { Pg, "(x > ALL (ARRAY[1, 2, 3]))", 4L, true },
        { Pg, "(x > ALL (ARRAY[1, 2, 3]))", 3L, false },
        { Ms, "([x]='closed' OR [x]='active')", "active", true },
        { Ms, "([x]='closed' OR [x]='active')", "open", false },

        // Dates and times against ISO literals.
        { Pg, "(x >= '2024-01-01'::date)", new DateOnly(2024, 1, 1), true },
        { Pg, "(x >= '2024-01-01'::date)", new DateOnly(2023, 12, 31), false },
        { Pg, "(x >= '2024-01-01')", new DateTime(2024, 1, 1, 0, 0, 1), true },
        { Pg, "(x < '2024-01-01 12:00:00+00')", new DateTimeOffset(2024, 1, 1, 13, 0, 0, TimeSpan.FromHours(2)), true },
        { Pg, "(x < '2024-01-01 12:00:00+00')", new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero), false },
        { Pg, "(x >= '08:00'::time)", new TimeOnly(7, 59), false },
        { Pg, "(x >= '08:00')", new TimeOnly(8, 0), true },
        { Pg, "(x > INTERVAL '1 hour')", TimeSpan.FromMinutes(61), true },
        { Pg, "(x > '1 hour'::interval)", TimeSpan.FromMinutes(59), false },
        { Pg, "(x <> '00000000-0000-0000-0000-000000000000'::uuid)", Guid.Empty, false },
        { Pg, "(x <> '00000000-0000-0000-0000-000000000000'::uuid)", new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff"), true },
        { Pg, "(EXTRACT(year FROM x) >= 2000)", new DateOnly(1999, 12, 31), false },
        { My, "year(`x`) >= 2000", "2001-05-01", true },
        { Ms, "(datepart(month,[x])=(2))", new DateTime(2024, 2, 29), true },

        // The clock is the reference time (2026-01-01 12:00).
        { Pg, "(x <= CURRENT_TIMESTAMP)", new DateTime(2026, 1, 1, 11, 59, 59), true },
        { Pg, "(x <= now())", new DateTime(2026, 1, 1, 12, 0, 1), false },
        { Pg, "(x <= CURRENT_DATE)", new DateOnly(2026, 1, 2), false },
        { Pg, "(x <= (CURRENT_DATE - 18))", new DateOnly(2025, 12, 14), true },
        { Pg, "(x <= (CURRENT_DATE - '18 years'::interval))", new DateOnly(2008, 1, 2), false },
        { Ms, "([x]<=getdate())", new DateTime(2025, 6, 1), true },
        { My, "`x` <= curdate()", new DateOnly(2026, 1, 1), true },
        { Lite, "x <= datetime('now')", "2026-01-01 11:59:59", true },
        { Lite, "x <= datetime('now')", "2026-01-01 12:00:01", false },
        { Lite, "x <= CURRENT_TIMESTAMP", "2026-01-01 12:00:00", true },
        { Lite, "x <= date('now', '-18 years')", "2008-01-01", true },
        { Lite, "x <= date('now', '-18 years')", "2008-01-02", false },
        { Lite, "date(x) IS NOT NULL", "2024-02-30", false },
        { Lite, "date(x) IS NOT NULL", "2024-02-29", true },

        // Pattern matching.
        { Pg, "(x ~ '^[^@]+@[^@]+$'::text)", "a@b", true },
        { Pg, "(x ~ '^[^@]+@[^@]+$'::text)", "ab", false },
        { Pg, "(x ~ 'b')", "abc", true },
        { Pg, "(x ~ '^[[:upper:]]+$')", "ABC", true },
        { Pg, "(x ~ '^[[:upper:]]+$')", "AbC", false },
        { Pg, "(x ~* '^abc$')", "ABC", true },
        { Pg, "(x !~ '[0-9]')", "a1", false },
        { Pg, "(x !~* 'X')", "y", true },
        { My, "`x` regexp '^[a-z]+$'", "ABC", true },
        { My, "`x` not regexp '^[a-z]+$'", "abc", false },
        { Lite, "x REGEXP '^[a-z]+$'", "ABC", false },
        { Pg, "(x LIKE 'A_%')", "AB", true },
        { Pg, "(x LIKE 'A_%')", "A", false },
        { Pg, "(x LIKE 'A_%')", "ab", false },
        { Pg, "((x)::text ~~ 'A%'::text)", "Abc", true },
        { Pg, "((x)::text !~~ 'A%'::text)", "Abc", false },
        { Pg, "(x ILIKE 'a%')", "ABC", true },
        { Pg, "(x NOT LIKE '%.%')", "a.b", false },
        { Pg, "(x LIKE 'a\\_%')", "a_b", true },
        { Pg, "(x LIKE 'a\\_%')", "abb", false },
        { Pg, "(x LIKE 'a!%' ESCAPE '!')", "a%", true },
        { Pg, "(x LIKE 'a!%' ESCAPE '!')", "ab", false },
        { Pg, "(x LIKE 'a.c')", "abc", false },
        { My, "`x` like 'a%'", "ABC", true },
        { Ms, "([x] like '[A-Z][0-9]%')", "B7x", true },
        { Ms, "([x] like '[A-Z][0-9]%')", "77x", false },
        { Ms, "([x] like '[^0-9]%')", "7", false },
        { Lite, "x GLOB '[A-Z][A-Z]'", "AB", true },
        { Lite, "x GLOB '[A-Z][A-Z]'", "Ab", false },
        { Pg, "(x SIMILAR TO '(a|b)%')", "bcd", true },
        { Pg, "(x SIMILAR TO '(a|b)%')", "cd", false },
        { Pg, "(x LIKE 'a%')", null, true },

        // Text functions.
        { Pg, "(char_length((x)::text) = 2)", "AB", true },
        { Pg, "(char_length((x)::text) = 2)", "ABC", false },
        { Pg, "(character_length(x) = 1)", "😀", true },
        { Pg, "(length(x) = 1)", "é", true },
        { My, "length(`x`) = 1", "é", false },
        { My, "char_length(`x`) = 1", "é", true },
        { Pg, "(octet_length(x) = 2)", "é", true },
        { Ms, "(len([x])=(2))", "AB  ", true },
        { Ms, "(len([x])=(2))", "ABC", false },
        { Lite, "length(x) = 2", "DE", true },
        { Lite, "length(x) = 3", 123L, true },
        { Pg, "(lower(x) = x)", "abc", true },
        { Pg, "(lower(x) = x)", "Abc", false },
        { Pg, "(upper(x) = (x)::text)", "ABC", true },
        { Pg, "(btrim(x) <> '')", "  ", false },
        { Pg, "(trim(x) = x)", " a", false },
        { Pg, "(trim(both 'x' from x) = 'a')", "xxax", true },
        { Pg, "(ltrim(x) = x)", "a ", true },
        { Ms, "(rtrim([x])=[x])", "a ", false },
        { Pg, "(\"left\"(x, 2) = 'AB')", "ABC", true },
        { Ms, "(left([x],(2))='AB')", "ABC", true },
        { Ms, "(right([x],(1))='Z')", "XYZ", true },
        { Pg, "(substring(x, 2, 2) = 'BC')", "ABCD", true },
        { Pg, "(substring(x FROM 2 FOR 2) = 'BC')", "ABCD", true },
        { Pg, "(substr(x, 3) = 'CD')", "ABCD", true },
        { Lite, "substr(x, -2) = 'YZ'", "WXYZ", true },
        { My, "substring(`x`, -2) = 'YZ'", "WXYZ", true },
        { Pg, "(replace(x, '-', '') ~ '^[0-9]+$')", "12-34", true },
        { Pg, "(concat(x, 'b') = 'ab')", "a", true },
        { Pg, "((x || 'b') = 'ab')", "a", true },
        { Pg, "((x || 'b') IS NULL)", null, true },

        // Arithmetic and numeric functions.
        { Pg, "(abs(x) <= 5)", -5L, true },
        { Pg, "(abs(x) <= 5)", -5.5m, false },
        { Pg, "(round(x, 2) = x)", 1.25m, true },
        { Pg, "(round(x, 2) = x)", 1.255m, false },
        { Pg, "(round(x) = 3)", 2.5m, true },
        { Pg, "(floor(x) = 2)", 2.9m, true },
        { Pg, "(ceil(x) = 3)", 2.1d, true },
        { Pg, "((x % 2) = 0)", 4L, true },
        { Pg, "(mod(x, 2) = 1)", 4L, false },
        { Pg, "((x / 2) = 1)", 3L, true },
        { My, "`x` / 2 = 1", 3L, false },
        { My, "`x` DIV 2 = 1", 3L, true },
        { Pg, "((x / 2) = 1.5)", 3.0m, true },
        { Pg, "((x * 2 + 1) = 7)", 3, true },
        { Pg, "((10 / x) > 1)", 0L, false },
        { Lite, "10 / x > 1", 0L, true },
        { My, "10 / `x` > 1", 0L, true },
        { Pg, "(- x < 0)", 1L, true },

        // Casts.
        { Pg, "((x)::integer = 2)", "2", true },
        { Pg, "((x)::integer = 0)", "abc", false },
        { Lite, "CAST(x AS INTEGER) = 0", "abc", true },
        { Lite, "CAST(x AS INTEGER) = 12", "12abc", true },
        { Pg, "((x)::integer = 3)", 2.5m, true },
        { Ms, "(CONVERT([int],[x])=(2))", 2.9m, true },
        { Pg, "((x)::numeric(5,1) = 2.3)", 2.25m, true },
        { Pg, "((x)::text = '2024-01-31')", new DateOnly(2024, 1, 31), true },
        { Pg, "((x)::text = '2024-01-31 10:00:00')", new DateTime(2024, 1, 31, 10, 0, 0), true },
        { Pg, "((x)::text = '2024-01-31 10:00:00.5')", new DateTime(2024, 1, 31, 10, 0, 0, 500), true },
        { Pg, "((x)::text = 'true')", true, true },
        { Lite, "CAST(x AS TEXT) = '1'", true, true },
        { Pg, "((x)::date = '2024-01-31')", new DateTime(2024, 1, 31, 23, 0, 0), true },
        { Pg, "((x)::date = '2024-01-31')", "not a date", false },
        { Pg, "(TRY_CAST(x AS date) IS NULL)", "not a date", true },
        { Pg, "(CAST(x AS boolean))", "yes", true },
        { Pg, "((x)::varchar(3) = 'abc')", "abcdef", true },
        { Pg, "((x)::citext = 'abc')", "abc", true },

        // Conditional expressions.
        { Pg, "(COALESCE(x, 0) >= 0)", null, true },
        { Pg, "(COALESCE(x, -1) >= 0)", null, false },
        { Ms, "(isnull([x],(-1))>=(0))", null, false },
        { My, "ifnull(`x`, 0) = 0", null, true },
        { Pg, "(NULLIF(x, 0) > 0)", 0L, true },
        { Pg, "(NULLIF(x, 0) > 0)", -1L, false },
        { Pg, "(CASE WHEN x > 10 THEN false ELSE true END)", 11L, false },
        { Pg, "(CASE x WHEN 1 THEN true WHEN 2 THEN false END)", 2L, false },
        { Pg, "(CASE x WHEN 1 THEN true WHEN 2 THEN false END)", 3L, true },
        { Ms, "(iif([x]>(0),(1),(0))=(1))", 5L, true },
        { My, "if(`x` > 0, 1, 0) = 1", -5L, false },
    };

    [Theory]
    [MemberData(nameof(OneColumn))]
    public void A_check_on_one_column_evaluates_with_the_dialects_semantics(DatabaseEngine engine, string expression, object? x, bool passes)
    {
        Assert.Equal(passes, CheckTestTables.Evaluate(engine, expression, ("x", x)));
    }

    public static TheoryData<DatabaseEngine, string, object?, object?, bool> TwoColumns => new()
    {
        // NULL AND FALSE is FALSE; NULL AND TRUE is NULL (passes); NULL OR FALSE is NULL (passes).
        { Pg, "((a > 0) AND (b > 0))", null, -1L, false },
        { Pg, "((a > 0) AND (b > 0))", null, 1L, true },
        { Pg, "((a > 0) OR (b > 0))", null, -1L, true },
        { Pg, "((a > 0) OR (b > 0))", -1L, -1L, false },
        { Pg, "(NOT ((a > 0) AND (b > 0)))", null, 1L, true },
        { Pg, "(NOT ((a > 0) AND (b > 0)))", 1L, 1L, false },
        { My, "(`a` > 0) XOR (`b` > 0)", 1L, 1L, false },
        { My, "`a` <=> `b`", null, null, true },
        { My, "`a` <=> `b`", 1L, null, false },
        { Pg, "(a IS NOT DISTINCT FROM b)", null, null, true },
        { Pg, "(a IS DISTINCT FROM b)", 1L, 1L, false },
        { Pg, "(a IS DISTINCT FROM b)", 1L, null, true },

        // Relations: dates as dates, SQLite's ISO text as text (ordinal, like SQLite compares TEXT).
        { Pg, "(b > a)", new DateOnly(2024, 1, 1), new DateOnly(2024, 1, 2), true },
        { Pg, "(b > a)", new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 2), false },
        { Lite, "b > a", "2024-01-01", "2024-01-02", true },
        { Lite, "b >= a", "2024-09-30", "2024-10-01", true },
        { Lite, "b >= a", "2024-9-30", "2024-10-01", false },
        { Lite, "b IS NULL OR b >= a", "2024-01-02 10:00:00", null, true },
        { Lite, "b IS NULL OR b >= a", "2024-01-02 10:00:00", "2024-01-02 09:59:59", false },
        { Pg, "(b >= a)", "2024-01-02", new DateTime(2024, 1, 2, 0, 0, 0), true },
        { Pg, "(b > a)", new TimeOnly(8, 0), new TimeOnly(17, 30), true },
        { Pg, "(b <= (a + '1 day'::interval))", new DateTime(2024, 1, 1, 12, 0, 0), new DateTime(2024, 1, 2, 12, 0, 1), false },
        { Pg, "(b <= (a + 7))", new DateOnly(2024, 2, 25), new DateOnly(2024, 3, 3), true },
        { Pg, "((b - a) < 30)", new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1), false },
        { Pg, "((b - a) < '1 day'::interval)", new DateTime(2024, 1, 1), new DateTime(2024, 1, 1, 23, 0, 0), true },

        // Arithmetic across columns of different CLR types.
        { Pg, "((a + b) <= 10)", 4L, 6.0m, true },
        { Pg, "((a + b) <= 10)", 4, 6.5d, false },
        { Ms, "([a]+[b]='xy')", "x", "y", true },
        { Pg, "((a * b) = 6)", (short)2, 3L, true },

        // Patterns taken from a column.
        { Pg, "(a LIKE b)", "abc", "a%", true },
        { Pg, "(a LIKE b)", "abc", "b%", false },
        { Pg, "(a ~ b)", "abc", "^a", true },
        { Pg, "(a ~ b)", "abc", null, true },
        { Pg, "(a ~ b)", "abc", "(", false },
    };

    [Theory]
    [MemberData(nameof(TwoColumns))]
    public void A_check_on_two_columns_evaluates_with_three_valued_logic_and_coercions(DatabaseEngine engine, string expression, object? a, object? b, bool passes)
    {
        Assert.Equal(passes, CheckTestTables.Evaluate(engine, expression, ("a", a), ("b", b)));
    }

    [Fact]
    public void A_compiled_check_agrees_with_the_obvious_predicate_over_many_rows()
    {
        var analysis = CheckTestTables.Analyze(
            Lite,
            ["quantity integer null", "discount numeric", "status text", "shipped_at text", "delivered_at text null"],
            "quantity IS NULL OR (quantity > 0 AND quantity <= 100)",
            "discount BETWEEN 0 AND 1",
            "status IN ('active', 'suspended', 'closed')",
            "delivered_at IS NULL OR delivered_at >= shipped_at");
        var checks = analysis.Checks.ToDictionary(c => c.Expression);
        string[] statuses = ["active", "suspended", "closed", "deleted", ""];
        var random = new Random(42);
        var verdicts = new HashSet<(string, bool)>();
        for (var i = 0; i < 2000; i++)
        {
            long? quantity = i % 7 == 0 ? null : random.Next(-50, 150);
            var discount = Math.Round((decimal)random.NextDouble() * 1.4m - 0.2m, 2);
            var status = statuses[random.Next(statuses.Length)];
            var shipped = new DateTime(2024, 1, 1).AddHours(random.Next(0, 1000));
            DateTime? delivered = i % 5 == 0 ? null : shipped.AddHours(random.Next(-48, 200));
            var row = CheckTestTables.Row(
                ("quantity", quantity),
                ("discount", discount),
                ("status", status),
                ("shipped_at", shipped.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)),
                ("delivered_at", delivered?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)));

            Expect("quantity IS NULL OR (quantity > 0 AND quantity <= 100)", quantity is null or > 0 and <= 100);
            Expect("discount BETWEEN 0 AND 1", discount is >= 0 and <= 1);
            Expect("status IN ('active', 'suspended', 'closed')", status is "active" or "suspended" or "closed");
            Expect("delivered_at IS NULL OR delivered_at >= shipped_at", delivered is null || delivered >= shipped);

            void Expect(string expression, bool passes)
            {
                Assert.Equal(passes, checks[expression].Evaluate(row));
                verdicts.Add((expression, passes));
            }
        }

        // Every check saw rows that pass and rows that fail.
        Assert.Equal(8, verdicts.Count);
    }

    [Fact]
    public void A_domain_check_reads_its_column_as_VALUE()
    {
        var domain = new Appliance.Core.Schema.DomainType
        {
            Schema = "public",
            Name = "positive_amount",
            BaseType = "numeric",
            CheckConstraints = [new Appliance.Core.Schema.CheckConstraint { Name = "positive_amount_check", Expression = "(VALUE >= (0)::numeric)" }],
        };
        var table = CheckTestTables.Table(["total positive_amount"]);
        var check = Assert.Single(CheckAnalyzer.Analyze(table, Pg, new Dictionary<string, Appliance.Core.Schema.DomainType> { ["total"] = domain }).Checks);

        Assert.True(check.Evaluate(CheckTestTables.Row(("total", 0m))));
        Assert.False(check.Evaluate(CheckTestTables.Row(("total", -0.01m))));
        Assert.True(check.Evaluate(CheckTestTables.Row(("total", null))));
    }

    [Fact]
    public void A_compiled_check_names_the_columns_it_reads()
    {
        var check = CheckTestTables.Compile(Pg, "((delivered_at IS NULL) OR (delivered_at >= shipped_at))", "id", "shipped_at", "delivered_at");

        Assert.Equal(["delivered_at", "shipped_at"], check.Columns);
        Assert.Null(check.DomainColumn);
        Assert.True(check.CanEvaluate);
    }

    [Fact]
    public void Column_names_match_ignoring_case_when_the_text_spells_them_differently()
    {
        var check = CheckTestTables.Compile(My, "`Quantity` > 0", "quantity");

        Assert.Equal(["quantity"], check.Columns);
        Assert.False(check.Evaluate(CheckTestTables.Row(("quantity", 0L))));
    }

    [Fact]
    public void The_reference_time_decides_what_now_is()
    {
        var table = CheckTestTables.Table(["d date"], "(d <= CURRENT_DATE)");
        var row = CheckTestTables.Row(("d", new DateOnly(2030, 6, 1)));

        Assert.False(CheckAnalyzer.Analyze(table, Pg, referenceNow: new DateTime(2030, 5, 31)).Checks[0].Evaluate(row));
        Assert.True(CheckAnalyzer.Analyze(table, Pg, referenceNow: new DateTime(2030, 6, 1)).Checks[0].Evaluate(row));
        Assert.False(CheckAnalyzer.Analyze(table, Pg).Checks[0].Evaluate(row));
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), CheckAnalyzer.DefaultReferenceTime);
    }

    [Fact]
    public void Values_the_evaluator_cannot_compare_are_unknown_and_pass()
    {
        var check = CheckTestTables.Compile(Pg, "(x > 0)", "x");

        Assert.True(check.Evaluate(CheckTestTables.Row(("x", new[] { 1L, 2L }))));
        Assert.True(check.Evaluate(CheckTestTables.Row(("x", new byte[] { 1 }))));
    }
}
