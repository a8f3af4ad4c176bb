using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

public sealed class SqlErrorTests
{
    [Theory]
    [InlineData(SqlDialect.Postgres, "SELECT name, FROM t", "1:14", "expected an expression after \"SELECT name,\", found \"FROM\"")]
    [InlineData(SqlDialect.Postgres, "SELECT id,\n       name,\nFROM users", "3:1", "after \"SELECT id, name,\", found \"FROM\"")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM", "1:14", "expected a table name after \"SELECT * FROM\", found the end of the input")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t WHERE", "1:22", "expected an expression")]
    [InlineData(SqlDialect.Postgres, "SELECT (1 + 2", "1:14", "expected \")\"")]
    [InlineData(SqlDialect.Postgres, "SELECT 1 +", "1:11", "expected an expression")]
    [InlineData(SqlDialect.Postgres, "SELECT * FORM t", "1:15", "expected \";\" or the end of the statement after \"SELECT * FORM\", found \"t\"")]
    [InlineData(SqlDialect.Postgres, "SELEC * FROM t", "1:1", "expected a statement such as SELECT, INSERT, UPDATE, DELETE or CREATE, found \"SELEC\"")]
    [InlineData(SqlDialect.Postgres, "INSERT INTO t (a, b VALUES (1, 2)", "1:21", "expected \")\" after \"INSERT INTO t (a, b\", found \"VALUES\"")]
    [InlineData(SqlDialect.Postgres, "UPDATE t SET = 1", "1:14", "expected a column name")]
    [InlineData(SqlDialect.Postgres, "DELETE FROM WHERE id = 1", "1:13", "expected a table name")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM a LEFT JOIN b ON", "1:31", "expected an expression")]
    [InlineData(SqlDialect.Postgres, "SELECT CASE WHEN a THEN 1", "1:26", "expected END")]
    [InlineData(SqlDialect.Postgres, "SELECT CAST(a AS) FROM t", "1:17", "expected a data type")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t WHERE a BETWEEN 1", "1:34", "expected AND")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t WHERE a IN ()", "1:29", "expected an expression")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t ORDER a", "1:17", "expected \";\" or the end of the statement")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t GROUP BY", "1:25", "expected an expression")]
    [InlineData(SqlDialect.Postgres, "SELECT a\nFROM t\nWHERE b = 'x", "3:11", "unterminated string literal")]
    [InlineData(SqlDialect.Postgres, "SELECT /* never closed FROM t", "1:8", "unterminated comment")]
    [InlineData(SqlDialect.TSql, "SELECT TOP FROM t", "1:12", "expected a number or a parenthesized expression after TOP")]
    [InlineData(SqlDialect.TSql, "SELECT [unclosed FROM t", "1:8", "unterminated quoted identifier")]
    [InlineData(SqlDialect.MySql, "SELECT `a FROM t", "1:8", "unterminated quoted identifier")]
    [InlineData(SqlDialect.MySql, "SELECT DATE_ADD(d, INTERVAL 1) FROM t", "1:30", "expected an interval unit such as DAY")]
    [InlineData(SqlDialect.Postgres, "SELECT $$never closed", "1:8", "unterminated dollar-quoted string")]
    [InlineData(SqlDialect.Postgres, "WITH x AS (SELECT 1) DELETE", "1:28", "expected a table name")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t LIMIT", "1:22", "expected an expression")]
    [InlineData(SqlDialect.Postgres, "CREATE TABLE t (a int", "1:22", "expected \")\"")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t)", "1:16", "expected \";\" or the end of the statement")]
    [InlineData(SqlDialect.Postgres, "SELECT a b c FROM t", "1:12", "found \"c\"")]
    [InlineData(SqlDialect.Postgres, "SELECT 1 UNION", "1:15", "expected SELECT, VALUES or a query in parentheses")]
    [InlineData(SqlDialect.Postgres, "SELECT count(*) OVER (PARTITION a) FROM t", "1:23", "expected \")\"")]
    [InlineData(SqlDialect.Postgres, "SELECT 1；", "1:9", "unexpected character \"；\"")]
    [InlineData(SqlDialect.Postgres, "MERGE INTO t USING s ON t.id = s.id", "1:36", "expected WHEN MATCHED or WHEN NOT MATCHED")]
    [InlineData(SqlDialect.TSql, "SELECT 1\nGO\nSELECT * FROM\nGO", "4:1", "found the batch separator GO")]
    [InlineData(SqlDialect.Postgres, "INSERT INTO t VALUES (1, 2", "1:27", "expected \")\"")]
    [InlineData(SqlDialect.Postgres, "SELECT a FROM t WHERE a = = 1", "1:27", "expected an expression")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t WHERE a IS 5", "1:28", "expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t FOR LUNCH", "1:21", "expected UPDATE or SHARE")]
    [InlineData(SqlDialect.Postgres, "SELECT x FROM t WHERE y = (SELECT 1", "1:36", "expected \")\"")]
    [InlineData(SqlDialect.Postgres, "EXPLAIN", "1:8", "expected a statement to explain")]
    [InlineData(SqlDialect.Postgres, "SELECT * FROM t NATURAL", "1:24", "expected JOIN")]
    public void Malformed_statements_give_a_positioned_readable_error(SqlDialect dialect, string sql, string position, string message)
    {
        var result = SqlParser.Parse(sql, dialect);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Statements);
        var error = result.Error!;
        Assert.Equal(position, error.Position.ToString());
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(position + ": ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Error_offsets_point_at_the_reported_line_and_column()
    {
        const string sql = "SELECT a,\r\n       b\r\nFROM t\r\nWHERE a = = 1";

        var error = SqlParser.Parse(sql, SqlDialect.Postgres).Error!;

        Assert.Equal("4:11", error.Position.ToString());
        Assert.Equal('=', sql[error.Position.Offset]);
        Assert.Equal(sql.LastIndexOf('=') , error.Position.Offset);
    }

    [Fact]
    public void Long_context_is_shortened_to_its_last_characters()
    {
        var error = SqlParser.Parse("SELECT aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccc, FROM t", SqlDialect.Postgres).Error!;

        Assert.Contains("after \"…", error.Message, StringComparison.Ordinal);
        Assert.Contains("cccccccccccccccccccc,\", found \"FROM\"", error.Message, StringComparison.Ordinal);
    }
}
