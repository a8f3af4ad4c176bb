using Appliance.Core.Sql;

namespace Appliance.Core.Tests.Sql;

public sealed class SqlLexerTests
{
    private static List<SqlToken> Lex(string sql, SqlDialect dialect) => [.. SqlLexer.Tokenize(sql, dialect)];

    private static SqlToken Only(string sql, SqlDialect dialect)
    {
        var tokens = Lex(sql, dialect);
        Assert.Equal(2, tokens.Count);
        Assert.Equal(SqlTokenKind.End, tokens[1].Kind);
        return tokens[0];
    }

    [Fact]
    public void Tokens_carry_exact_lines_and_columns_across_line_breaks_of_every_style()
    {
        const string sql = "SELECT a,\n  b\r\n\tFROM t\rWHERE 'x\ny' = c";

        var tokens = Lex(sql, SqlDialect.Postgres);

        var positions = tokens.Select(t => (t.GetText(sql), t.Position.Line, t.Position.Column)).ToList();
        Assert.Equal(
            [
                ("SELECT", 1, 1), ("a", 1, 8), (",", 1, 9), ("b", 2, 3), ("FROM", 3, 2), ("t", 3, 7), ("WHERE", 4, 1),
                ("'x\ny'", 4, 7), ("=", 5, 4), ("c", 5, 6), ("", 5, 7),
            ],
            positions);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "\"a\"\"b\"", "a\"b")]
    [InlineData(SqlDialect.TSql, "\"a\"\"b\"", "a\"b")]
    [InlineData(SqlDialect.MySql, "`a``b`", "a`b")]
    [InlineData(SqlDialect.TSql, "[a]]b]", "a]b")]
    [InlineData(SqlDialect.TSql, "[order details]", "order details")]
    [InlineData(SqlDialect.Sqlite, "[x]", "x")]
    [InlineData(SqlDialect.Sqlite, "`x`", "x")]
    [InlineData(SqlDialect.Postgres, "U&\"d\\0061t\\+000061\"", "data")]
    public void Quoted_identifiers_are_decoded_in_each_dialect_style(SqlDialect dialect, string sql, string name)
    {
        var token = Only(sql, dialect);

        Assert.Equal(SqlTokenKind.QuotedIdentifier, token.Kind);
        Assert.Equal(name, token.Value);
    }

    [Theory]
    [InlineData("prénom")]
    [InlineData("名前")]
    [InlineData("Größe")]
    [InlineData("données_2024")]
    public void Unicode_letters_make_plain_identifiers(string word)
    {
        var token = Only(word, SqlDialect.Postgres);

        Assert.Equal(SqlTokenKind.Word, token.Kind);
        Assert.Equal(word.Length, token.Length);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "'it''s'", "it's", SqlStringStyle.Plain)]
    [InlineData(SqlDialect.Postgres, "'back\\slash'", "back\\slash", SqlStringStyle.Plain)]
    [InlineData(SqlDialect.Postgres, "E'a\\nb\\x41\\101\\u00e9'", "a\nbAAé", SqlStringStyle.Escape)]
    [InlineData(SqlDialect.Postgres, "$$it's $1$$", "it's $1", SqlStringStyle.Dollar)]
    [InlineData(SqlDialect.Postgres, "$fn$ x $$ y $fn$", " x $$ y ", SqlStringStyle.Dollar)]
    [InlineData(SqlDialect.Postgres, "U&'d\\0061t\\+000061'", "data", SqlStringStyle.Unicode)]
    [InlineData(SqlDialect.Postgres, "B'1010'", "1010", SqlStringStyle.Bit)]
    [InlineData(SqlDialect.Postgres, "X'1F'", "1F", SqlStringStyle.Hex)]
    [InlineData(SqlDialect.MySql, "'a\\'b\\tc'", "a'b\tc", SqlStringStyle.Plain)]
    [InlineData(SqlDialect.MySql, "\"say \"\"hi\"\"\"", "say \"hi\"", SqlStringStyle.DoubleQuoted)]
    [InlineData(SqlDialect.MySql, "'100\\%'", "100\\%", SqlStringStyle.Plain)]
    [InlineData(SqlDialect.MySql, "_utf8mb4'x'", "x", SqlStringStyle.Introduced)]
    [InlineData(SqlDialect.TSql, "N'ñandú'", "ñandú", SqlStringStyle.National)]
    [InlineData(SqlDialect.TSql, "'C:\\path\\'", "C:\\path\\", SqlStringStyle.Plain)]
    public void String_literals_follow_the_dialect_escaping_rules(SqlDialect dialect, string sql, string value, SqlStringStyle style)
    {
        var token = Only(sql, dialect);

        Assert.Equal(SqlTokenKind.String, token.Kind);
        Assert.Equal(value, token.Value);
        Assert.Equal(style, token.Style);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("3.14")]
    [InlineData(".5")]
    [InlineData("1.")]
    [InlineData("1e-3")]
    [InlineData("6.02E+23")]
    [InlineData("0x1F")]
    public void Numbers_are_read_whole(string number)
    {
        var token = Only(number, SqlDialect.MySql);

        Assert.Equal(SqlTokenKind.Number, token.Kind);
        Assert.Equal(number.Length, token.Length);
    }

    [Theory]
    [InlineData(SqlDialect.TSql, "@p")]
    [InlineData(SqlDialect.TSql, "@@ROWCOUNT")]
    [InlineData(SqlDialect.MySql, "@@session.sql_mode")]
    [InlineData(SqlDialect.MySql, "?")]
    [InlineData(SqlDialect.Postgres, "$1")]
    [InlineData(SqlDialect.Postgres, ":name")]
    [InlineData(SqlDialect.Sqlite, "?12")]
    [InlineData(SqlDialect.Sqlite, "$value")]
    public void Parameters_and_variables_are_one_token(SqlDialect dialect, string sql)
    {
        var token = Only(sql, dialect);

        Assert.Equal(SqlTokenKind.Parameter, token.Kind);
        Assert.Equal(sql.Length, token.Length);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "a::int", new[] { "a", "::", "int" })]
    [InlineData(SqlDialect.Postgres, "j->>'k'", new[] { "j", "->>", "'k'" })]
    [InlineData(SqlDialect.Postgres, "x @> y", new[] { "x", "@>", "y" })]
    [InlineData(SqlDialect.Postgres, "a=-1", new[] { "a", "=", "-", "1" })]
    [InlineData(SqlDialect.Postgres, "a||b", new[] { "a", "||", "b" })]
    [InlineData(SqlDialect.Postgres, "a<>b", new[] { "a", "<>", "b" })]
    [InlineData(SqlDialect.MySql, "a<=>b", new[] { "a", "<=>", "b" })]
    [InlineData(SqlDialect.MySql, "a!=b", new[] { "a", "!=", "b" })]
    [InlineData(SqlDialect.MySql, "j->'$.x'", new[] { "j", "->", "'$.x'" })]
    [InlineData(SqlDialect.TSql, "a!<b", new[] { "a", "!<", "b" })]
    public void Operators_are_read_with_longest_match(SqlDialect dialect, string sql, string[] expected)
    {
        var tokens = Lex(sql, dialect);

        Assert.Equal(expected, tokens.Where(t => t.Kind != SqlTokenKind.End).Select(t => t.GetText(sql)));
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "a -- comment\n b", 2)]
    [InlineData(SqlDialect.Postgres, "a /* one /* two */ still comment */ b", 2)]
    [InlineData(SqlDialect.TSql, "a /* one /* two */ still comment */ b", 2)]
    [InlineData(SqlDialect.MySql, "a # hash comment\n b", 2)]
    [InlineData(SqlDialect.MySql, "a /* plain */ b", 2)]
    [InlineData(SqlDialect.MySql, "1--1", 4)]
    [InlineData(SqlDialect.MySql, "1 -- 1", 1)]
    public void Comments_are_skipped_as_each_dialect_defines_them(SqlDialect dialect, string sql, int tokensBeforeEnd)
    {
        var tokens = Lex(sql, dialect);

        Assert.Equal(SqlTokenKind.End, tokens[^1].Kind);
        Assert.Equal(tokensBeforeEnd, tokens.Count - 1);
    }

    [Fact]
    public void MySql_executable_comments_are_read_as_code()
    {
        const string sql = "SELECT 1 /*!40101 , SLEEP(5) */";

        var texts = Lex(sql, SqlDialect.MySql).Where(t => t.Kind != SqlTokenKind.End).Select(t => t.GetText(sql));

        Assert.Equal(["SELECT", "1", ",", "SLEEP", "(", "5", ")"], texts);
    }

    [Fact]
    public void TSql_GO_alone_on_its_line_separates_batches_but_a_column_named_go_does_not()
    {
        const string sql = "SELECT go FROM t\n  GO  \nSELECT 2\ngo 3 -- again\n";

        var tokens = Lex(sql, SqlDialect.TSql);

        var separators = tokens.Where(t => t.Kind == SqlTokenKind.BatchSeparator).ToList();
        Assert.Equal(2, separators.Count);
        Assert.Equal((2, 3), (separators[0].Position.Line, separators[0].Position.Column));
        Assert.Equal("3", separators[1].Value);
        Assert.Equal(SqlTokenKind.Word, tokens[1].Kind);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "SELECT 'abc", 1, 8, "unterminated string literal")]
    [InlineData(SqlDialect.Postgres, "SELECT \"abc", 1, 8, "unterminated quoted identifier")]
    [InlineData(SqlDialect.Postgres, "SELECT 1\n/* open /* nested */ still open", 2, 1, "unterminated comment")]
    [InlineData(SqlDialect.Postgres, "SELECT $x$ body", 1, 8, "unterminated dollar-quoted string")]
    [InlineData(SqlDialect.TSql, "SELECT [abc", 1, 8, "unterminated quoted identifier")]
    [InlineData(SqlDialect.MySql, "SELECT `abc", 1, 8, "unterminated quoted identifier")]
    [InlineData(SqlDialect.MySql, "SELECT 'a\\'", 1, 8, "unterminated string literal")]
    [InlineData(SqlDialect.Postgres, "SELECT 1；", 1, 9, "unexpected character \"；\"")]
    [InlineData(SqlDialect.Postgres, "SELECT \\x", 1, 8, "unexpected character \"\\\"")]
    public void Unreadable_text_ends_the_tokens_with_a_positioned_error(SqlDialect dialect, string sql, int line, int column, string message)
    {
        var last = Lex(sql, dialect)[^1];

        Assert.Equal(SqlTokenKind.Error, last.Kind);
        Assert.Equal((line, column), (last.Position.Line, last.Position.Column));
        Assert.Contains(message, last.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Keywords_are_case_insensitive()
    {
        var upper = SqlParser.Parse("SELECT a FROM t WHERE b IS NOT NULL ORDER BY a DESC", SqlDialect.Postgres);
        var lower = SqlParser.Parse("select a from t where b is not null order by a desc", SqlDialect.Postgres);
        var mixed = SqlParser.Parse("SeLeCt a FrOm t WhErE b Is NoT nUlL oRdEr By a DeSc", SqlDialect.Postgres);

        Assert.Equal(upper.Statements[0].Statement, lower.Statements[0].Statement);
        Assert.Equal(upper.Statements[0].Statement, mixed.Statements[0].Statement);
    }
}
