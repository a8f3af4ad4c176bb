using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

public sealed class SqlFormatterTests
{
    private static string Reformat(string sql, SqlDialect dialect = SqlDialect.Postgres)
    {
        var result = SqlParser.Parse(sql, dialect);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return SqlFormatter.Format(Assert.Single(result.Statements).Statement, dialect);
    }

    [Fact]
    public void Keywords_are_upper_case_and_each_clause_gets_its_line()
    {
        Assert.Equal(
            "SELECT a, count(*) AS n\nFROM t\nWHERE x = 1 AND y = 2\nGROUP BY a\nHAVING count(*) > 1\nORDER BY a DESC\nLIMIT 10",
            Reformat("select a, count(*) n from t where x=1 and y=2 group by a having count(*)>1 order by a desc limit 10"));
    }

    [Fact]
    public void Subqueries_are_indented()
    {
        Assert.Equal(
            "SELECT name\nFROM users\nWHERE id IN (\n    SELECT user_id\n    FROM orders\n    WHERE total > (\n        SELECT avg(total)\n        FROM orders\n    )\n)",
            Reformat("SELECT name FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > (SELECT avg(total) FROM orders))"));
    }

    [Fact]
    public void Joins_go_on_indented_lines_under_FROM()
    {
        Assert.Equal(
            "SELECT *\nFROM a\n    JOIN b ON a.id = b.a_id\n    LEFT JOIN c USING (id)\n    CROSS JOIN d",
            Reformat("SELECT * FROM a INNER JOIN b ON a.id = b.a_id LEFT OUTER JOIN c USING (id) CROSS JOIN d"));
    }

    [Fact]
    public void Long_select_lists_and_AND_chains_are_broken_one_item_per_line()
    {
        Assert.Equal(
            "SELECT\n    first_column_name,\n    second_column_name,\n    third_column_name,\n    fourth_column_name\nFROM t\nWHERE a = 1\n    AND b = 2\n    AND (c = 3 OR d = 4)",
            Reformat("SELECT first_column_name, second_column_name, third_column_name, fourth_column_name FROM t WHERE a = 1 AND b = 2 AND (c = 3 OR d = 4)"));
    }

    [Fact]
    public void CTEs_and_set_operations_are_laid_out_by_clause()
    {
        Assert.Equal(
            "WITH RECURSIVE t (n) AS (\n    SELECT 1\n    UNION ALL\n    SELECT n + 1\n    FROM t\n)\nSELECT n\nFROM t",
            Reformat("with recursive t(n) as (select 1 union all select n+1 from t) select n from t"));
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "SELECT \"order\", \"Mixed Case\", plain, \"Upper\", \"lower\" FROM \"my table\"", "SELECT \"order\", \"Mixed Case\", plain, \"Upper\", lower\nFROM \"my table\"")]
    [InlineData(SqlDialect.MySql, "SELECT `order`, `Mixed Case`, plain, `Upper`, `lower` FROM `my table`", "SELECT `order`, `Mixed Case`, plain, Upper, lower\nFROM `my table`")]
    [InlineData(SqlDialect.TSql, "SELECT [order], [Mixed Case], plain, [Upper], \"lower\", [a]]b] FROM [my table]", "SELECT [order], [Mixed Case], plain, Upper, lower, [a]]b]\nFROM [my table]")]
    [InlineData(SqlDialect.TSql, "SELECT [go] FROM #t JOIN @v v ON 1 = 1", "SELECT [go]\nFROM #t\n    JOIN @v AS v ON 1 = 1")]
    public void Identifiers_are_quoted_only_when_the_dialect_needs_it_in_its_own_style(SqlDialect dialect, string sql, string expected)
    {
        Assert.Equal(expected, Reformat(sql, dialect));
    }

    [Fact]
    public void Names_built_in_code_are_quoted_as_needed()
    {
        var tree = new SelectStatement(new SqlQuery
        {
            Body = new SqlSelect
            {
                Items = [new SqlSelectItem(new ColumnExpression(SqlObjectName.Of("t", "select"))), new SqlSelectItem(new ColumnExpression(SqlObjectName.Of("t", "two words")))],
                From = [new SqlNamedTable { Name = SqlObjectName.Of("sales", "t") }],
            },
        });

        Assert.Equal("SELECT t.\"select\", t.\"two words\"\nFROM sales.t", SqlFormatter.Format(tree, SqlDialect.Postgres));
        Assert.Equal("SELECT t.[select], t.[two words]\nFROM sales.t", SqlFormatter.Format(tree, SqlDialect.TSql));

        // PUBLIC is a reserved word in T-SQL only.
        var publicTable = new SelectStatement(new SqlQuery
        {
            Body = new SqlSelect { Items = [new SqlSelectItem(new StarExpression(null))], From = [new SqlNamedTable { Name = SqlObjectName.Of("public", "t") }] },
        });
        Assert.Equal("SELECT *\nFROM [public].t", SqlFormatter.Format(publicTable, SqlDialect.TSql));
        Assert.Equal("SELECT *\nFROM public.t", SqlFormatter.Format(publicTable, SqlDialect.Postgres));
        Assert.Equal("SELECT *\nFROM [public].t", SqlFormatter.Format(new SelectStatement(new SqlQuery { Body = new SqlSelect { Items = [new SqlSelectItem(new StarExpression(null))], From = [new SqlNamedTable { Name = SqlObjectName.Of("public", "t") }] } }), SqlDialect.TSql));
    }

    [Fact]
    public void Expressions_built_in_code_get_the_parentheses_precedence_needs()
    {
        SqlExpression one = new LiteralExpression(SqlLiteralKind.Number, "1", "1");
        SqlExpression two = new LiteralExpression(SqlLiteralKind.Number, "2", "2");
        SqlExpression three = new LiteralExpression(SqlLiteralKind.Number, "3", "3");

        Assert.Equal("(1 + 2) * 3", SqlFormatter.Format(new BinaryExpression(new BinaryExpression(one, "+", two), "*", three), SqlDialect.Postgres));
        Assert.Equal("1 - (2 - 3)", SqlFormatter.Format(new BinaryExpression(one, "-", new BinaryExpression(two, "-", three)), SqlDialect.Postgres));
        Assert.Equal("1 - 2 - 3", SqlFormatter.Format(new BinaryExpression(new BinaryExpression(one, "-", two), "-", three), SqlDialect.Postgres));
        Assert.Equal("- -1", SqlFormatter.Format(new UnaryExpression("-", new UnaryExpression("-", one)), SqlDialect.Postgres));
    }

    [Fact]
    public void Dialect_specific_clauses_are_written_in_the_dialect()
    {
        Assert.Equal(
            "SELECT TOP (5) WITH TIES name\nFROM dbo.t AS x WITH (NOLOCK)\nORDER BY score DESC",
            Reformat("select top 5 with ties name from dbo.t x with (nolock) order by score desc", SqlDialect.TSql));
        Assert.Equal(
            "SELECT *\nFROM t\nORDER BY a\nOFFSET 10 ROWS FETCH NEXT 5 ROWS ONLY",
            Reformat("select * from t order by a offset 10 rows fetch next 5 rows only", SqlDialect.TSql));
        Assert.Equal("SELECT *\nFROM t\nLIMIT 10, 5", Reformat("select * from t limit 10, 5", SqlDialect.MySql));
        Assert.Equal("SELECT DISTINCT ON (a) a, b\nFROM t\nORDER BY a, b DESC NULLS LAST", Reformat("select distinct on (a) a, b from t order by a, b desc nulls last"));
    }

    [Fact]
    public void Statements_kept_as_tokens_are_written_with_upper_case_keywords()
    {
        Assert.Equal(
            "CREATE TABLE IF NOT EXISTS t (\n    id int PRIMARY KEY,\n    name varchar(20) NOT NULL\n)",
            Reformat("create table if not exists t (id int primary key, name varchar(20) not null)"));
        Assert.Equal("CREATE VIEW v AS\nSELECT a\nFROM t", Reformat("create view v as select a from t"));
        Assert.Equal("GRANT SELECT ON t TO reader", Reformat("grant select on t to reader"));
    }

    [Fact]
    public void Scripts_end_each_statement_with_a_semicolon()
    {
        var statements = SqlParser.Parse("select 1; update t set a = 2", SqlDialect.Postgres).Statements.Select(s => s.Statement);

        Assert.Equal("SELECT 1;\n\nUPDATE t\nSET a = 2;", SqlFormatter.FormatScript(statements, SqlDialect.Postgres));
    }

    [Fact]
    public void Literals_keep_their_dialect_spelling()
    {
        Assert.Equal("SELECT E'a\\nb', $$x$$, B'101', DATE '2024-01-01', INTERVAL '1 day'", Reformat("select E'a\\nb', $$x$$, B'101', date '2024-01-01', interval '1 day'"));
        Assert.Equal("SELECT N'ñ', 0x1F", Reformat("select N'ñ', 0x1F", SqlDialect.TSql));
        Assert.Equal("SELECT \"double\", _utf8mb4'x', INTERVAL 1 DAY", Reformat("select \"double\", _utf8mb4'x', interval 1 day", SqlDialect.MySql));
    }
}
