using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

public sealed class SqlParserTests
{
    private static ParsedStatement One(string sql, SqlDialect dialect = SqlDialect.Postgres)
    {
        var result = SqlParser.Parse(sql, dialect);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return Assert.Single(result.Statements);
    }

    private static SqlSelect Select(string sql, SqlDialect dialect = SqlDialect.Postgres) =>
        Assert.IsType<SqlSelect>(Assert.IsType<SelectStatement>(One(sql, dialect).Statement).Query.Body);

    private static SqlExpression Expression(string expression, SqlDialect dialect = SqlDialect.Postgres) =>
        Select("SELECT " + expression, dialect).Items.Single().Expression;

    /// <summary>A compact shape of an expression tree: binary operators and tests in prefix form.</summary>
    private static string Shape(SqlExpression expression) => expression switch
    {
        BinaryExpression b => $"({b.Operator} {Shape(b.Left)} {Shape(b.Right)})",
        UnaryExpression u => $"({u.Operator} {Shape(u.Operand)})",
        IsExpression i => $"(IS{(i.Negated ? " NOT" : "")} {i.Test} {Shape(i.Operand)})",
        LikeExpression l => $"({(l.Negated ? "NOT " : "")}{l.Operator} {Shape(l.Operand)} {Shape(l.Pattern)})",
        BetweenExpression b => $"(BETWEEN {Shape(b.Operand)} {Shape(b.Low)} {Shape(b.High)})",
        CastExpression c => $"(CAST {Shape(c.Operand)} {string.Join(".", c.Type.Name.Select(n => n.Value))})",
        ParenthesizedExpression p => $"[{Shape(p.Inner)}]",
        LiteralExpression l => l.Text,
        ColumnExpression c => c.Name.ToString(),
        CollateExpression c => $"(COLLATE {Shape(c.Operand)})",
        _ => expression.GetType().Name,
    };

    [Theory]
    [InlineData("1 + 2 * 3", "(+ 1 (* 2 3))")]
    [InlineData("1 - 2 - 3", "(- (- 1 2) 3)")]
    [InlineData("a OR b AND c", "(OR a (AND b c))")]
    [InlineData("NOT a = b AND c", "(AND (NOT (= a b)) c)")]
    [InlineData("a = b IS NULL", "(IS Null (= a b))")]
    [InlineData("a IS NOT NULL AND b", "(AND (IS NOT Null a) b)")]
    [InlineData("a || b LIKE c", "(LIKE (|| a b) c)")]
    [InlineData("a BETWEEN 1 AND 2 AND b", "(AND (BETWEEN a 1 2) b)")]
    [InlineData("-2 ^ 2", "(^ (- 2) 2)")]
    [InlineData("x::int + 1", "(+ (CAST x INT) 1)")]
    [InlineData("-x::int", "(- (CAST x INT))")]
    [InlineData("(1 + 2) * 3", "(* [(+ 1 2)] 3)")]
    [InlineData("a < b = c", "(= (< a b) c)")]
    [InlineData("ts AT TIME ZONE 'UTC' + INTERVAL '1 hour'", "(+ (AT TIME ZONE ts 'UTC') IntervalExpression)")]
    [InlineData("a + b COLLATE \"C\"", "(+ a (COLLATE b))")]
    [InlineData("j -> 'a' ->> 'b' = 'c'", "(= (->> (-> j 'a') 'b') 'c')")]
    public void Operators_bind_by_precedence_and_associate_to_the_left(string expression, string shape)
    {
        Assert.Equal(shape, Shape(Expression(expression)));
    }

    [Theory]
    [InlineData("a = 1 && b = 2 || c", "(|| (&& (= a 1) (= b 2)) c)")]
    [InlineData("5 DIV 2 + 1", "(+ (DIV 5 2) 1)")]
    [InlineData("a XOR b AND c", "(XOR a (AND b c))")]
    public void MySql_symbolic_logic_operators_bind_like_their_words(string expression, string shape)
    {
        Assert.Equal(shape, Shape(Expression(expression, SqlDialect.MySql)));
    }

    [Fact]
    public void INTERSECT_binds_tighter_than_UNION_and_EXCEPT()
    {
        var body = Assert.IsType<SelectStatement>(One("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4").Statement).Query.Body;

        var except = Assert.IsType<SqlSetOperation>(body);
        Assert.Equal(SqlSetOperator.Except, except.Operator);
        Assert.True(except.All);
        var union = Assert.IsType<SqlSetOperation>(except.Left);
        Assert.Equal(SqlSetOperator.Union, union.Operator);
        Assert.IsType<SqlSelect>(union.Left);
        Assert.Equal(SqlSetOperator.Intersect, Assert.IsType<SqlSetOperation>(union.Right).Operator);
    }

    [Fact]
    public void Parenthesized_set_operands_keep_their_own_order_and_limit()
    {
        var query = Assert.IsType<SelectStatement>(One("(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u) ORDER BY 1 LIMIT 5").Statement).Query;

        var union = Assert.IsType<SqlSetOperation>(query.Body);
        var left = Assert.IsType<SqlParenthesizedQuery>(union.Left).Query;
        Assert.Single(left.OrderBy);
        Assert.NotNull(left.Limit);
        Assert.Single(query.OrderBy);
        Assert.Equal("5", Assert.IsType<LiteralExpression>(query.Limit!.Count).Text);
    }

    [Theory]
    [InlineData("SELECT * FROM a JOIN b ON a.id = b.id", SqlJoinKind.Inner, false)]
    [InlineData("SELECT * FROM a INNER JOIN b ON a.id = b.id", SqlJoinKind.Inner, false)]
    [InlineData("SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id", SqlJoinKind.Left, false)]
    [InlineData("SELECT * FROM a RIGHT JOIN b ON true", SqlJoinKind.Right, false)]
    [InlineData("SELECT * FROM a FULL OUTER JOIN b USING (id)", SqlJoinKind.Full, false)]
    [InlineData("SELECT * FROM a CROSS JOIN b", SqlJoinKind.Cross, false)]
    [InlineData("SELECT * FROM a NATURAL JOIN b", SqlJoinKind.Inner, true)]
    [InlineData("SELECT * FROM a NATURAL LEFT JOIN b", SqlJoinKind.Left, true)]
    public void Joins_of_every_kind_are_recorded(string sql, SqlJoinKind kind, bool natural)
    {
        var join = Assert.IsType<SqlJoin>(Assert.Single(Select(sql).From));

        Assert.Equal(kind, join.Kind);
        Assert.Equal(natural, join.Natural);
        Assert.Equal("a", Assert.IsType<SqlNamedTable>(join.Left).Name.ToString());
        Assert.Equal("b", Assert.IsType<SqlNamedTable>(join.Right).Name.ToString());
    }

    [Fact]
    public void Joins_chain_to_the_left_and_keep_their_conditions()
    {
        var from = Select("SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c USING (y, z)").From;

        var outer = Assert.IsType<SqlJoin>(Assert.Single(from));
        Assert.Equal(SqlJoinKind.Left, outer.Kind);
        Assert.Equal(["y", "z"], outer.Using.Select(u => u.Value));
        var inner = Assert.IsType<SqlJoin>(outer.Left);
        Assert.Equal("(= a.x b.x)", Shape(inner.On!));
    }

    [Fact]
    public void TSql_APPLY_joins_and_table_hints_are_recorded()
    {
        var from = Select("SELECT * FROM dbo.t AS a WITH (NOLOCK, INDEX(ix_a)) CROSS APPLY dbo.f(a.id) AS f OUTER APPLY (SELECT TOP 1 x FROM u) AS o", SqlDialect.TSql).From;

        var outerApply = Assert.IsType<SqlJoin>(Assert.Single(from));
        Assert.Equal(SqlJoinKind.OuterApply, outerApply.Kind);
        Assert.IsType<SqlDerivedTable>(outerApply.Right);
        var crossApply = Assert.IsType<SqlJoin>(outerApply.Left);
        Assert.Equal(SqlJoinKind.CrossApply, crossApply.Kind);
        Assert.Equal("f", Assert.IsType<SqlFunctionTable>(crossApply.Right).Function.Name.Name.Value);
        var table = Assert.IsType<SqlNamedTable>(crossApply.Left);
        Assert.Equal(["NOLOCK", "INDEX(ix_a)"], table.Hints);
        Assert.Equal("a", table.Alias!.Name.Value);
    }

    [Fact]
    public void Lateral_subqueries_and_table_functions_are_marked()
    {
        var from = Select("SELECT * FROM t, LATERAL (SELECT * FROM u WHERE u.t_id = t.id) s, LATERAL unnest(t.arr) WITH ORDINALITY AS x(v, n)").From;

        Assert.True(Assert.IsType<SqlDerivedTable>(from[1]).Lateral);
        var function = Assert.IsType<SqlFunctionTable>(from[2]);
        Assert.True(function.Lateral);
        Assert.True(function.WithOrdinality);
        Assert.Equal(["v", "n"], function.Alias!.Columns.Select(c => c.Value));
    }

    [Fact]
    public void TSql_TOP_with_percent_and_ties_is_recorded()
    {
        var select = Select("SELECT TOP (10) PERCENT WITH TIES name FROM t ORDER BY score", SqlDialect.TSql);

        Assert.Equal("10", Assert.IsType<LiteralExpression>(select.Top!.Count).Text);
        Assert.True(select.Top.Percent);
        Assert.True(select.Top.WithTies);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t LIMIT 10 OFFSET 20", "10", "20", SqlLimitStyle.Limit, false)]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t OFFSET 20 LIMIT 10", "10", "20", SqlLimitStyle.Limit, false)]
    [InlineData(SqlDialect.MySql, "SELECT * FROM t LIMIT 20, 10", "10", "20", SqlLimitStyle.LimitComma, false)]
    [InlineData(SqlDialect.TSql, "SELECT * FROM t ORDER BY a OFFSET 20 ROWS FETCH NEXT 10 ROWS ONLY", "10", "20", SqlLimitStyle.OffsetFetch, false)]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t ORDER BY a FETCH FIRST 10 ROWS WITH TIES", "10", null, SqlLimitStyle.OffsetFetch, true)]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t FETCH FIRST ROW ONLY", "1", null, SqlLimitStyle.OffsetFetch, false)]
    public void Row_limits_of_each_dialect_are_recorded(SqlDialect dialect, string sql, string count, string? offset, SqlLimitStyle style, bool withTies)
    {
        var limit = Assert.IsType<SelectStatement>(One(sql, dialect).Statement).Query.Limit!;

        Assert.Equal(count, Assert.IsType<LiteralExpression>(limit.Count).Text);
        Assert.Equal(offset, (limit.Offset as LiteralExpression)?.Text);
        Assert.Equal(style, limit.Style);
        Assert.Equal(withTies, limit.WithTies);
    }

    [Fact]
    public void PostgreSQL_LIMIT_ALL_is_no_limit()
    {
        Assert.Null(Assert.IsType<SelectStatement>(One("SELECT * FROM t LIMIT ALL").Statement).Query.Limit);
    }

    [Fact]
    public void DISTINCT_ON_keeps_its_expressions()
    {
        var select = Select("SELECT DISTINCT ON (a, lower(b)) a, b FROM t ORDER BY a");

        Assert.True(select.Distinct);
        Assert.Equal(2, select.DistinctOn.Count);
        Assert.IsType<FunctionCall>(select.DistinctOn[1]);
    }

    [Fact]
    public void Locking_clauses_are_recorded_on_the_query()
    {
        var query = Assert.IsType<SelectStatement>(One("SELECT * FROM a, b FOR UPDATE OF a NOWAIT FOR SHARE OF b SKIP LOCKED").Statement).Query;

        Assert.Equal(2, query.Locking.Count);
        Assert.Equal((SqlLockStrength.Update, SqlLockWait.NoWait, "a"), (query.Locking[0].Strength, query.Locking[0].Wait, query.Locking[0].Of.Single().ToString()));
        Assert.Equal((SqlLockStrength.Share, SqlLockWait.SkipLocked), (query.Locking[1].Strength, query.Locking[1].Wait));
        var mySql = Assert.IsType<SelectStatement>(One("SELECT * FROM t LOCK IN SHARE MODE", SqlDialect.MySql).Statement).Query;
        Assert.Equal(SqlLockStrength.LockInShareMode, Assert.Single(mySql.Locking).Strength);
    }

    [Theory]
    [InlineData(SqlDialect.TSql, "SELECT * INTO #recent FROM orders", SqlIntoKind.Table)]
    [InlineData(SqlDialect.Postgres, "SELECT * INTO UNLOGGED TABLE recent FROM orders", SqlIntoKind.Table)]
    [InlineData(SqlDialect.MySql, "SELECT a INTO @x FROM t", SqlIntoKind.Variables)]
    [InlineData(SqlDialect.MySql, "SELECT * FROM t INTO OUTFILE '/tmp/t.csv' FIELDS TERMINATED BY ','", SqlIntoKind.OutFile)]
    public void SELECT_INTO_is_recorded(SqlDialect dialect, string sql, SqlIntoKind kind)
    {
        var query = Assert.IsType<SelectStatement>(One(sql, dialect).Statement).Query;

        var into = query.Into ?? Assert.IsType<SqlSelect>(query.Body).Into;
        Assert.NotNull(into);
        Assert.Equal(kind, into.Kind);
    }

    [Fact]
    public void Window_functions_keep_partition_order_and_frame()
    {
        var call = Assert.IsType<FunctionCall>(Expression("sum(x) FILTER (WHERE x > 0) OVER (PARTITION BY a ORDER BY b DESC ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE TIES)"));

        Assert.NotNull(call.Filter);
        var over = call.Over!;
        Assert.Single(over.PartitionBy);
        Assert.Equal(SqlSortDirection.Descending, over.OrderBy.Single().Direction);
        Assert.Equal(SqlFrameUnits.Rows, over.Frame!.Units);
        Assert.Equal(SqlFrameBoundKind.Preceding, over.Frame.Start.Kind);
        Assert.Equal("2", Assert.IsType<LiteralExpression>(over.Frame.Start.Offset).Text);
        Assert.Equal(SqlFrameBoundKind.CurrentRow, over.Frame.End!.Kind);
        Assert.Equal("TIES", over.Frame.Exclusion);
    }

    [Fact]
    public void Aggregates_keep_distinct_order_and_within_group()
    {
        var stringAgg = Assert.IsType<FunctionCall>(Expression("string_agg(DISTINCT name, ',' ORDER BY name)"));
        Assert.True(stringAgg.Distinct);
        Assert.Single(stringAgg.OrderBy);

        var percentile = Assert.IsType<FunctionCall>(Expression("percentile_cont(0.5) WITHIN GROUP (ORDER BY income)"));
        Assert.Single(percentile.WithinGroup);

        var groupConcat = Assert.IsType<FunctionCall>(Expression("GROUP_CONCAT(x ORDER BY y SEPARATOR '; ')", SqlDialect.MySql));
        Assert.Equal("SEPARATOR", Assert.IsType<KeywordArgument>(groupConcat.Arguments[^1]).Keyword);
    }

    [Fact]
    public void Casts_of_each_syntax_are_recorded()
    {
        Assert.Equal(SqlCastSyntax.Cast, Assert.IsType<CastExpression>(Expression("CAST(a AS varchar(10))")).Syntax);
        Assert.Equal(SqlCastSyntax.Colons, Assert.IsType<CastExpression>(Expression("a::timestamp with time zone")).Syntax);
        var tsql = Assert.IsType<CastExpression>(Expression("CONVERT(varchar(10), d, 120)", SqlDialect.TSql));
        Assert.Equal(SqlCastSyntax.Convert, tsql.Syntax);
        Assert.Equal(["10"], tsql.Type.Arguments);
        Assert.NotNull(tsql.Style);
        Assert.Equal(SqlCastSyntax.ConvertValueFirst, Assert.IsType<CastExpression>(Expression("CONVERT(x, DECIMAL(10, 2))", SqlDialect.MySql)).Syntax);
        Assert.Equal(SqlCastSyntax.TryCast, Assert.IsType<CastExpression>(Expression("TRY_CAST(x AS int)", SqlDialect.TSql)).Syntax);

        var type = Assert.IsType<CastExpression>(Expression("x::double precision[]")).Type;
        Assert.Equal("DOUBLE PRECISION", type.Name.Single().Value);
        Assert.Equal(1, type.ArrayDimensions);
    }

    [Fact]
    public void Subqueries_of_every_kind_are_parsed()
    {
        var where = Select("SELECT (SELECT max(x) FROM u) FROM t WHERE a IN (SELECT a FROM v) AND EXISTS (SELECT 1) AND b > ALL (SELECT b FROM w) AND c = ANY ($1)").Where!;

        var conjuncts = new List<SqlExpression>();
        while (where is BinaryExpression { Operator: "AND" } and)
        {
            conjuncts.Insert(0, and.Right);
            where = and.Left;
        }

        conjuncts.Insert(0, where);
        Assert.IsType<InSubqueryExpression>(conjuncts[0]);
        Assert.IsType<ExistsExpression>(conjuncts[1]);
        var all = Assert.IsType<QuantifiedExpression>(conjuncts[2]);
        Assert.Equal(SqlQuantifier.All, all.Quantifier);
        Assert.IsType<SubqueryExpression>(all.Source);
        Assert.IsType<ParameterExpression>(Assert.IsType<QuantifiedExpression>(conjuncts[3]).Source);
    }

    [Fact]
    public void GROUP_BY_keeps_rollup_cube_and_grouping_sets()
    {
        var groupBy = Select("SELECT 1 FROM t GROUP BY ROLLUP (a, b), CUBE (c), GROUPING SETS ((d, e), ())").GroupBy!;

        Assert.Equal(
            [SqlGroupingKind.Rollup, SqlGroupingKind.Cube, SqlGroupingKind.GroupingSets],
            groupBy.Items.Cast<GroupingExpression>().Select(g => g.Kind));
        var sets = (GroupingExpression)groupBy.Items[2];
        Assert.Empty(Assert.IsType<RowExpression>(sets.Items[1]).Items);
        Assert.True(Select("SELECT a FROM t GROUP BY a WITH ROLLUP", SqlDialect.MySql).GroupBy!.WithRollup);
    }

    [Fact]
    public void A_writing_statement_inside_a_CTE_is_part_of_the_tree()
    {
        var statement = One("WITH gone AS (DELETE FROM sessions WHERE expired RETURNING user_id) SELECT count(*) FROM gone").Statement;

        var query = Assert.IsType<SelectStatement>(statement).Query;
        var delete = Assert.IsType<DeleteStatement>(query.With!.Tables.Single().Body);
        Assert.Equal("sessions", Assert.IsType<SqlNamedTable>(delete.Targets.Single()).Name.ToString());
        Assert.Single(delete.Returning);
    }

    [Fact]
    public void Recursive_CTE_keeps_its_columns_and_union()
    {
        var with = Assert.IsType<SelectStatement>(One("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t").Statement).Query.With!;

        Assert.True(with.Recursive);
        var cte = with.Tables.Single();
        Assert.Equal("n", cte.Columns.Single().Value);
        Assert.True(Assert.IsType<SqlSetOperation>(Assert.IsType<SelectStatement>(cte.Body).Query.Body).All);
    }

    [Fact]
    public void INSERT_UPDATE_DELETE_and_MERGE_record_their_targets()
    {
        var insert = Assert.IsType<InsertStatement>(One("INSERT INTO s.t (a, b) VALUES (1, 2), (3, DEFAULT) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b RETURNING id").Statement);
        Assert.Equal("s.t", insert.Target.ToString());
        Assert.Equal(2, Assert.IsType<SqlValues>(insert.Source!.Body).Rows.Count);
        Assert.Equal("b", insert.OnConflict!.Set.Single().Targets.Single().ToString());

        var update = Assert.IsType<UpdateStatement>(One("UPDATE t AS x SET a = 1, (b, c) = (2, 3) FROM u WHERE x.id = u.id").Statement);
        Assert.Equal("x", Assert.IsType<SqlNamedTable>(update.Targets.Single()).Alias!.Name.Value);
        Assert.Equal(2, update.Set[1].Targets.Count);

        var delete = Assert.IsType<DeleteStatement>(One("DELETE t1, t2 FROM t1 JOIN t2 ON t1.id = t2.id", SqlDialect.MySql).Statement);
        Assert.True(delete.TargetsBeforeFrom);
        Assert.Equal(2, delete.Targets.Count);

        var merge = Assert.IsType<MergeStatement>(One("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED BY SOURCE THEN UPDATE SET x = 1;", SqlDialect.TSql).Statement);
        Assert.Equal([SqlMergeMatch.Matched, SqlMergeMatch.NotMatchedBySource], merge.Clauses.Select(c => c.Match));
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "CREATE UNIQUE INDEX CONCURRENTLY ix_a ON public.t (a)", StatementKind.Create, "INDEX", "ix_a|public.t")]
    [InlineData(SqlDialect.Postgres, "CREATE OR REPLACE VIEW v AS SELECT 1", StatementKind.Create, "VIEW", "v")]
    [InlineData(SqlDialect.Postgres, "ALTER TABLE IF EXISTS ONLY s.t ADD COLUMN c int", StatementKind.Alter, "TABLE", "s.t")]
    [InlineData(SqlDialect.Postgres, "DROP TABLE IF EXISTS a, b.c CASCADE", StatementKind.Drop, "TABLE", "a|b.c")]
    [InlineData(SqlDialect.Postgres, "DROP FUNCTION f(int), g(text)", StatementKind.Drop, "FUNCTION", "f|g")]
    [InlineData(SqlDialect.TSql, "DROP INDEX ix ON dbo.t", StatementKind.Drop, "INDEX", "ix|dbo.t")]
    [InlineData(SqlDialect.Postgres, "TRUNCATE TABLE ONLY a, b", StatementKind.Truncate, "TABLE", "a|b")]
    [InlineData(SqlDialect.Postgres, "GRANT SELECT, UPDATE ON TABLE accounts, ledger TO clerk", StatementKind.Grant, null, "accounts|ledger")]
    [InlineData(SqlDialect.TSql, "REVOKE SELECT ON OBJECT::dbo.t FROM u", StatementKind.Revoke, null, "dbo.t")]
    [InlineData(SqlDialect.Postgres, "COPY s.t (a, b) FROM STDIN", StatementKind.Copy, null, "s.t")]
    [InlineData(SqlDialect.MySql, "LOAD DATA LOCAL INFILE 'x.csv' INTO TABLE imports", StatementKind.Copy, null, "imports")]
    [InlineData(SqlDialect.Postgres, "CALL do_work(1)", StatementKind.Call, null, "do_work")]
    [InlineData(SqlDialect.TSql, "EXEC @rc = dbo.work @a = 1", StatementKind.Call, null, "dbo.work")]
    [InlineData(SqlDialect.TSql, "USE Sales", StatementKind.Use, null, "Sales")]
    [InlineData(SqlDialect.MySql, "LOCK TABLES a READ, b WRITE", StatementKind.Other, null, "a|b")]
    [InlineData(SqlDialect.Postgres, "SET search_path TO s", StatementKind.Set, null, "")]
    [InlineData(SqlDialect.Postgres, "SHOW work_mem", StatementKind.Show, null, "")]
    [InlineData(SqlDialect.Postgres, "BEGIN ISOLATION LEVEL SERIALIZABLE", StatementKind.Transaction, null, "")]
    [InlineData(SqlDialect.TSql, "DECLARE @x int = 5", StatementKind.Declare, null, "")]
    public void Other_statements_are_recognised_by_kind_with_their_targets(SqlDialect dialect, string sql, StatementKind kind, string? objectType, string targets)
    {
        var command = Assert.IsType<CommandStatement>(One(sql, dialect).Statement);

        Assert.Equal(kind, command.Kind);
        if (objectType is not null)
        {
            Assert.Equal(objectType, command.ObjectType);
        }

        Assert.Equal(targets, string.Join("|", command.Targets));
    }

    [Fact]
    public void CREATE_VIEW_parses_its_query()
    {
        var command = Assert.IsType<CommandStatement>(One("CREATE VIEW v AS SELECT a FROM t WHERE b > 1 WITH CHECK OPTION").Statement);

        var query = Assert.IsType<SelectStatement>(command.Embedded).Query;
        Assert.Equal("t", Assert.IsType<SqlNamedTable>(Assert.IsType<SqlSelect>(query.Body).From.Single()).Name.ToString());
        Assert.Equal(["WITH", "CHECK", "OPTION"], command.TrailingTokens.Select(t => t.ToUpperInvariant()));
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "EXPLAIN SELECT 1", false, StatementKind.Select)]
    [InlineData(SqlDialect.Postgres, "EXPLAIN (ANALYZE, FORMAT JSON) DELETE FROM t", true, StatementKind.Delete)]
    [InlineData(SqlDialect.Postgres, "EXPLAIN (ANALYZE false) SELECT 1", false, StatementKind.Select)]
    [InlineData(SqlDialect.MySql, "EXPLAIN ANALYZE SELECT 1", true, StatementKind.Select)]
    [InlineData(SqlDialect.MySql, "EXPLAIN FORMAT=JSON UPDATE t SET a = 1", false, StatementKind.Update)]
    public void EXPLAIN_parses_the_explained_statement(SqlDialect dialect, string sql, bool analyze, StatementKind inner)
    {
        var explain = Assert.IsType<ExplainStatement>(One(sql, dialect).Statement);

        Assert.Equal(analyze, explain.Analyze);
        Assert.Equal(inner, explain.Statement.Kind);
    }

    [Fact]
    public void Scripts_split_on_semicolons_skip_empty_statements_and_keep_spans()
    {
        const string sql = "SELECT 1;;\n  ; UPDATE t SET a = 1;\n-- only a comment\nDELETE FROM t";

        var statements = SqlParser.Parse(sql, SqlDialect.Postgres).Statements;

        Assert.Equal([StatementKind.Select, StatementKind.Update, StatementKind.Delete], statements.Select(s => s.Kind));
        Assert.Equal("UPDATE t SET a = 1", statements[1].Text);
        Assert.Equal((2, 5), (statements[1].Span.Start.Line, statements[1].Span.Start.Column));
        Assert.Equal((2, 23), (statements[1].Span.End.Line, statements[1].Span.End.Column));
        Assert.Equal((4, 1), (statements[2].Span.Start.Line, statements[2].Span.Start.Column));
    }

    [Fact]
    public void Empty_text_and_comments_only_give_no_statements_and_no_error()
    {
        var result = SqlParser.Parse("  -- nothing here\n /* at all */ ;", SqlDialect.Postgres);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Statements);
    }

    [Fact]
    public void TSql_GO_lines_separate_batches()
    {
        const string sql = "CREATE PROCEDURE p AS\nSELECT 1;\nSELECT 2;\nGO\nEXEC p\nGO\n";

        var statements = SqlParser.Parse(sql, SqlDialect.TSql).Statements;

        Assert.Equal([StatementKind.Create, StatementKind.Call], statements.Select(s => s.Kind));
        Assert.Equal([0, 1], statements.Select(s => s.Batch));
        Assert.Equal("CREATE PROCEDURE p AS\nSELECT 1;\nSELECT 2", statements[0].Text);
    }

    [Fact]
    public void TSql_statements_may_follow_each_other_without_semicolons()
    {
        const string sql = "DECLARE @n int\nSET @n = 5\nSELECT TOP (@n) * FROM t\nPRINT 'done'";

        var statements = SqlParser.Parse(sql, SqlDialect.TSql).Statements;

        Assert.Equal([StatementKind.Declare, StatementKind.Set, StatementKind.Select, StatementKind.Other], statements.Select(s => s.Kind));
    }

    [Fact]
    public void Routine_bodies_with_semicolons_stay_one_statement()
    {
        const string mySql = "CREATE PROCEDURE p() BEGIN DECLARE x INT; IF x > 0 THEN SELECT 1; END IF; SELECT 2; END; SELECT 3";
        Assert.Equal([StatementKind.Create, StatementKind.Select], SqlParser.Parse(mySql, SqlDialect.MySql).Statements.Select(s => s.Kind));

        const string postgres = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT 3";
        Assert.Equal([StatementKind.Create, StatementKind.Select], SqlParser.Parse(postgres, SqlDialect.Postgres).Statements.Select(s => s.Kind));
    }

    [Fact]
    public void ParseScript_reports_each_broken_statement_and_keeps_going()
    {
        const string sql = "SELECT 1;\nSELECT FROM WHERE;\nSELECT 3\nGO\nSELECT (;\nSELECT 5";

        var script = SqlParser.ParseScript(sql, SqlDialect.TSql);

        Assert.False(script.Succeeded);
        Assert.Equal(5, script.Entries.Count);
        Assert.Equal([true, false, true, false, true], script.Entries.Select(e => e.Error is null));
        Assert.Equal([0, 0, 0, 1, 1], script.Entries.Select(e => e.Batch));
        Assert.Equal("2:8", script.Entries[1].Error!.Position.ToString());
        Assert.Equal("5:9", script.Entries[3].Error!.Position.ToString());
        Assert.Equal(3, script.Statements.Count());
    }

    [Fact]
    public void Parse_returns_no_statements_when_any_statement_is_broken()
    {
        var result = SqlParser.Parse("SELECT 1; SELECT * FROM; SELECT 3", SqlDialect.Postgres);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Statements);
        Assert.Equal("1:24", result.Error!.Position.ToString());
    }

    [Fact]
    public void Positions_of_names_are_available_beside_the_tree()
    {
        var statement = One("SELECT a,\n       t.b\nFROM   s.t");

        var select = Assert.IsType<SqlSelect>(Assert.IsType<SelectStatement>(statement.Statement).Query.Body);
        var column = Assert.IsType<ColumnExpression>(select.Items[1].Expression);
        Assert.Equal("2:8", statement.PositionOf(column).ToString());
        Assert.Equal("2:8", statement.PositionOf(column.Name).ToString());
        Assert.Equal("3:8", statement.PositionOf(Assert.IsType<SqlNamedTable>(select.From[0]).Name).ToString());
        Assert.Null(statement.PositionOf(new LiteralExpression(SqlLiteralKind.Number, "1", "1")));
    }

    [Fact]
    public void Positions_of_literals_stars_SELECT_blocks_set_operators_and_CTEs_are_available_too()
    {
        var statement = One("WITH c AS (SELECT 1)\nSELECT * FROM t WHERE a = 'x'\nUNION SELECT 2 FROM c");

        var query = Assert.IsType<SelectStatement>(statement.Statement).Query;
        var union = Assert.IsType<SqlSetOperation>(query.Body);
        var first = Assert.IsType<SqlSelect>(union.Left);
        Assert.Equal("1:6", statement.PositionOf(query.With!.Tables[0]).ToString());
        Assert.Equal("2:1", statement.PositionOf(first).ToString());
        Assert.Equal("2:8", statement.PositionOf(first.Items[0].Expression).ToString());
        Assert.Equal("2:27", statement.PositionOf(Assert.IsType<BinaryExpression>(first.Where).Right).ToString());
        Assert.Equal("3:1", statement.PositionOf(union).ToString());
        Assert.Equal("3:14", statement.PositionOf(Assert.IsType<SqlSelect>(union.Right).Items[0].Expression).ToString());
    }

    [Fact]
    public void Trees_compare_equal_regardless_of_layout_comments_and_optional_words()
    {
        var compact = One("SELECT a AS x FROM t AS u INNER JOIN v ON u.id=v.id WHERE a>1").Statement;
        var spread = One("select a x -- alias\n from t u /* c */ join v on u.id = v.id\n where a > 1").Statement;

        Assert.Equal(compact, spread);
        Assert.NotEqual(compact, One("SELECT a AS y FROM t AS u INNER JOIN v ON u.id=v.id WHERE a>1").Statement);
    }

    [Fact]
    public void Reserved_words_can_be_identifiers_only_when_quoted()
    {
        Assert.False(SqlParser.Parse("SELECT order FROM t", SqlDialect.Postgres).Succeeded);
        var column = Assert.IsType<ColumnExpression>(Expression("\"order\""));
        Assert.True(column.Name.Name.Quoted);
        Assert.Equal("order", column.Name.Name.Value);
        Assert.True(Assert.IsType<ColumnExpression>(Expression("[order]", SqlDialect.TSql)).Name.Name.Quoted);
        Assert.False(Assert.IsType<ColumnExpression>(Expression("\"plain\"")).Name.Name.Quoted);
        Assert.True(Assert.IsType<ColumnExpression>(Expression("\"Capital\"")).Name.Name.Quoted);
    }

    [Fact]
    public void Reserved_words_that_name_functions_are_called()
    {
        var left = Assert.IsType<FunctionCall>(Expression("LEFT(name, 3)", SqlDialect.TSql));
        Assert.Equal("LEFT", left.Name.Name.Value);
        Assert.False(left.Name.Name.Quoted);
        Assert.IsType<FunctionCall>(Expression("IF(a > 0, 'yes', 'no')", SqlDialect.MySql));
        Assert.IsType<KeywordExpression>(Expression("CURRENT_TIMESTAMP"));
    }
}
