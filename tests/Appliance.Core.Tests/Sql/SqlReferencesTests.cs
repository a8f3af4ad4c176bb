using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

public sealed class SqlReferencesTests
{
    private static SqlReferenceSet Collect(string sql, SqlDialect dialect = SqlDialect.Postgres)
    {
        var result = SqlParser.Parse(sql, dialect);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return SqlReferences.Collect(Assert.Single(result.Statements));
    }

    [Fact]
    public void Tables_are_listed_with_schema_name_alias_and_position()
    {
        var references = Collect("SELECT o.id, c.name\nFROM sales.orders o\nJOIN customers AS c ON c.id = o.customer_id");

        Assert.Equal(
            [("sales", "orders", "o", "2:6"), (null, "customers", "c", "3:6")],
            references.Tables.Select(t => (t.Schema, t.Table, t.Alias?.Value, t.Position.ToString())));
        Assert.All(references.Tables, t => Assert.Equal(SqlTableUse.Read, t.Use));
        Assert.False(references.WritesTables);
    }

    [Fact]
    public void Columns_are_listed_with_their_qualifiers_from_every_clause()
    {
        var references = Collect("SELECT o.id, total FROM orders o WHERE o.status = 'paid' GROUP BY region HAVING sum(amount) > 0 ORDER BY o.created_at");

        Assert.Equal(
            [("o", "id"), (null, "total"), ("o", "status"), (null, "region"), (null, "amount"), ("o", "created_at")],
            references.Columns.Select(c => (c.Qualifier, c.Column)));
        Assert.Equal("1:8", references.Columns[0].Position.ToString());
        Assert.Equal(["sum"], references.Functions.Select(f => f.Function));
    }

    [Fact]
    public void Names_of_WITH_queries_are_told_apart_from_tables()
    {
        var references = Collect("WITH recent AS (SELECT * FROM orders WHERE created > now() - interval '1 day') SELECT * FROM recent r JOIN users u ON u.id = r.user_id");

        Assert.Equal([("orders", false), ("recent", true), ("users", false)], references.Tables.Select(t => (t.Table, t.IsCommonTableExpression)));
        Assert.Equal(["recent"], references.CommonTableExpressions);
    }

    [Fact]
    public void A_write_hidden_in_a_CTE_is_reported_as_a_write()
    {
        var references = Collect("WITH gone AS (DELETE FROM sessions WHERE expired RETURNING id) SELECT count(*) FROM gone");

        Assert.True(references.WritesTables);
        var sessions = references.Tables.Single(t => t.Table == "sessions");
        Assert.Equal(SqlTableUse.Write, sessions.Use);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "INSERT INTO audit (id, note) SELECT id, note FROM staging", "audit", "staging")]
    [InlineData(SqlDialect.Postgres, "UPDATE accounts SET balance = 0 FROM closed WHERE closed.id = accounts.id", "accounts", "closed")]
    [InlineData(SqlDialect.MySql, "DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id", "t1", "t2")]
    [InlineData(SqlDialect.TSql, "MERGE INTO target t USING source s ON t.id = s.id WHEN MATCHED THEN DELETE;", "target", "source")]
    [InlineData(SqlDialect.TSql, "SELECT * INTO #copy FROM orders", "#copy", "orders")]
    [InlineData(SqlDialect.TSql, "UPDATE t SET a = 1 OUTPUT inserted.a INTO log FROM t JOIN src ON src.id = t.id", "t", "src")]
    public void Written_tables_are_told_apart_from_read_ones(SqlDialect dialect, string sql, string written, string read)
    {
        var references = Collect(sql, dialect);

        Assert.Contains(references.Tables, t => t.Table == written && t.Use == SqlTableUse.Write);
        Assert.Contains(references.Tables, t => t.Table == read && t.Use == SqlTableUse.Read);
        Assert.DoesNotContain(references.Tables, t => t.Table == read && t.Use == SqlTableUse.Write);
    }

    [Fact]
    public void Insert_and_assignment_columns_are_column_references()
    {
        var references = Collect("INSERT INTO t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b");

        Assert.Equal(["a", "b", "a", "b", "b"], references.Columns.Select(c => c.Column));
        Assert.Equal("EXCLUDED", references.Columns[^1].Qualifier);
    }

    [Fact]
    public void Four_part_TSql_names_keep_every_part()
    {
        var table = Collect("SELECT * FROM srv.db.dbo.orders", SqlDialect.TSql).Tables.Single();

        Assert.Equal(["srv", "db", "dbo", "orders"], table.Name.Parts.Select(p => p.Value));
        Assert.Equal("dbo", table.Schema);
    }

    [Fact]
    public void Functions_in_every_position_are_listed()
    {
        var references = Collect("SELECT pg_sleep(1), lower(name) FROM generate_series(1, 3) g WHERE exists (SELECT 1 WHERE dblink_exec('x') IS NULL)");

        Assert.Equal(["pg_sleep", "lower", "generate_series", "dblink_exec"], references.Functions.Select(f => f.Function));
    }

    [Fact]
    public void Objects_of_other_statements_are_listed_with_their_kind()
    {
        var drop = Collect("DROP TABLE IF EXISTS a, s.b");
        Assert.Equal([("a", StatementKind.Drop, "TABLE"), ("s.b", StatementKind.Drop, "TABLE")], drop.Objects.Select(o => (o.Name.ToString(), o.Kind, o.ObjectType)));
        Assert.Equal("1:22", drop.Objects[0].Position.ToString());

        var view = Collect("CREATE VIEW v AS SELECT * FROM base_table");
        Assert.Equal("v", view.Objects.Single().Name.ToString());
        Assert.Equal("base_table", view.Tables.Single().Table);
    }

    [Fact]
    public void Explained_statements_are_walked()
    {
        var references = Collect("EXPLAIN ANALYZE DELETE FROM t WHERE id = 1");

        Assert.True(references.WritesTables);
        Assert.Equal("id", references.Columns.Single().Column);
    }
}
