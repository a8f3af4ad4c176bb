using System.Text;

namespace Appliance.Core.Sql;

public sealed partial class SqlParser
{
    private static readonly string[] MySqlSelectOptions =
    [
        "HIGH_PRIORITY", "STRAIGHT_JOIN", "SQL_SMALL_RESULT", "SQL_BIG_RESULT", "SQL_BUFFER_RESULT", "SQL_NO_CACHE", "SQL_CACHE",
        "SQL_CALC_FOUND_ROWS",
    ];

    private static readonly string[] OutfileOptionWords =
    [
        "FIELDS", "COLUMNS", "LINES", "TERMINATED", "OPTIONALLY", "ENCLOSED", "ESCAPED", "STARTING", "BY", "CHARACTER", "SET",
    ];

    private SqlQuery ParseQuery()
    {
        Enter();
        var with = IsWord("WITH") ? ParseWith() : null;
        var query = ParseQueryAfterWith(with);
        Leave();
        return query;
    }

    private SqlQuery ParseQueryAfterWith(SqlWithClause? with)
    {
        var body = ParseSetOperations();
        var orderBy = AcceptWords("ORDER", "BY") ? ParseOrderItems() : NodeList<SqlOrderItem>.Empty;
        var limit = ParseLimit();
        var locking = new List<SqlLockingClause>();
        SqlIntoClause? into = null;
        var outputFormat = NodeList<string>.Empty;
        var hints = NodeList<string>.Empty;
        while (true)
        {
            if (IsWord("FOR") && dialect == SqlDialect.TSql && (IsWordAt(1, "XML") || IsWordAt(1, "JSON") || IsWordAt(1, "BROWSE")))
            {
                index++;
                outputFormat = ParseOutputFormat();
            }
            else if (IsWord("FOR") || (dialect == SqlDialect.MySql && IsWord("LOCK") && IsWordAt(1, "IN")))
            {
                locking.Add(ParseLocking());
            }
            else if (dialect == SqlDialect.MySql && into is null && IsWord("INTO"))
            {
                into = ParseInto();
            }
            else if (dialect == SqlDialect.TSql && IsWord("OPTION") && Peek(1).Kind == SqlTokenKind.LeftParen)
            {
                index++;
                hints = ParseParenthesizedTokens();
            }
            else
            {
                break;
            }
        }

        return new SqlQuery
        {
            With = with,
            Body = body,
            OrderBy = orderBy,
            Limit = limit,
            Locking = NodeList.Own(locking),
            Into = into,
            OutputFormat = outputFormat,
            Hints = hints,
        };
    }

    private SqlWithClause ParseWith()
    {
        ExpectWord("WITH");
        var recursive = AcceptWord("RECURSIVE");
        var tables = new List<SqlCommonTableExpression>();
        do
        {
            var nameToken = Current;
            var name = ParseIdentifier("a name for the WITH query");
            var columns = Is(SqlTokenKind.LeftParen) ? ParseIdentifierList("a column name") : NodeList<SqlIdentifier>.Empty;
            ExpectWord("AS");
            bool? materialized = AcceptWords("NOT", "MATERIALIZED") ? false : AcceptWord("MATERIALIZED") ? true : null;
            Expect(SqlTokenKind.LeftParen);
            var body = ParseCommonTableBody();
            Expect(SqlTokenKind.RightParen);
            tables.Add(Mark(new SqlCommonTableExpression(name, columns, materialized, body), nameToken));
        }
        while (Accept(SqlTokenKind.Comma));
        return new SqlWithClause(recursive, NodeList.Own(tables));
    }

    /// <summary>The body of a WITH query: a query, or a writing statement (PostgreSQL data-modifying WITH).</summary>
    private SqlStatement ParseCommonTableBody()
    {
        Enter();
        SqlStatement body;
        if (IsWord("INSERT"))
        {
            body = ParseInsert(null);
        }
        else if (IsWord("UPDATE"))
        {
            body = ParseUpdate(null);
        }
        else if (IsWord("DELETE"))
        {
            body = ParseDelete(null);
        }
        else if (IsWord("MERGE"))
        {
            body = ParseMerge(null);
        }
        else
        {
            body = new SelectStatement(ParseQuery());
        }

        Leave();
        return body;
    }

    /// <summary>Set operations; INTERSECT binds tighter than UNION and EXCEPT.</summary>
    private SqlQueryBody ParseSetOperations()
    {
        var left = ParseIntersections();
        var chain = 0;
        while (IsAnyWord("UNION", "EXCEPT") || (dialect == SqlDialect.MySql && IsWord("MINUS")))
        {
            var opToken = Current;
            var op = UpperOf(Current) switch
            {
                "UNION" => SqlSetOperator.Union,
                "EXCEPT" => SqlSetOperator.Except,
                _ => SqlSetOperator.Minus,
            };
            index++;
            var all = ParseSetQuantifier();
            if (++chain + depth > MaxTreeDepth)
            {
                FailWith(Current, $"the query chains more than {MaxTreeDepth} set operations");
            }

            left = Mark(new SqlSetOperation(left, op, all, ParseIntersections()), opToken);
        }

        return left;
    }

    private SqlQueryBody ParseIntersections()
    {
        var left = ParseQueryTerm();
        var chain = 0;
        while (IsWord("INTERSECT"))
        {
            var opToken = Current;
            index++;
            var all = ParseSetQuantifier();
            if (++chain + depth > MaxTreeDepth)
            {
                FailWith(Current, $"the query chains more than {MaxTreeDepth} set operations");
            }

            left = Mark(new SqlSetOperation(left, SqlSetOperator.Intersect, all, ParseQueryTerm()), opToken);
        }

        return left;
    }

    private bool ParseSetQuantifier()
    {
        if (AcceptWord("ALL"))
        {
            return true;
        }

        AcceptWord("DISTINCT");
        return false;
    }

    private SqlQueryBody ParseQueryTerm()
    {
        if (IsWord("SELECT"))
        {
            return ParseSelect();
        }

        if (IsWord("VALUES"))
        {
            return ParseValues();
        }

        if (Accept(SqlTokenKind.LeftParen))
        {
            var query = ParseQuery();
            Expect(SqlTokenKind.RightParen);
            return new SqlParenthesizedQuery(query);
        }

        return Fail<SqlQueryBody>("SELECT, VALUES or a query in parentheses");
    }

    private SqlValues ParseValues()
    {
        ExpectWord("VALUES");
        var rows = new List<RowExpression>();
        do
        {
            var token = Current;
            var rowKeyword = IsWord("ROW") && Peek(1).Kind == SqlTokenKind.LeftParen;
            if (rowKeyword)
            {
                index++;
            }

            Expect(SqlTokenKind.LeftParen);
            var items = Is(SqlTokenKind.RightParen) ? NodeList<SqlExpression>.Empty : ParseExpressionList();
            Expect(SqlTokenKind.RightParen);
            rows.Add(Mark(new RowExpression(items, rowKeyword), token));
        }
        while (Accept(SqlTokenKind.Comma));
        return new SqlValues(NodeList.Own(rows));
    }

    private SqlSelect ParseSelect()
    {
        var selectToken = Current;
        ExpectWord("SELECT");
        var distinct = false;
        var distinctOn = NodeList<SqlExpression>.Empty;
        SqlTop? top = null;
        var options = new List<string>();
        while (true)
        {
            if (AcceptWord("DISTINCT") || (dialect == SqlDialect.MySql && AcceptWord("DISTINCTROW")))
            {
                distinct = true;
                if (dialect == SqlDialect.Postgres && IsWord("ON") && Peek(1).Kind == SqlTokenKind.LeftParen)
                {
                    index += 2;
                    distinctOn = ParseExpressionList();
                    Expect(SqlTokenKind.RightParen);
                }
            }
            else if (AcceptWord("ALL"))
            {
                // SELECT ALL is the default; nothing to record.
            }
            else if (dialect == SqlDialect.MySql && Current.Kind == SqlTokenKind.Word && MySqlSelectOptions.Contains(UpperOf(Current)))
            {
                options.Add(UpperOf(Current));
                index++;
            }
            else if (dialect == SqlDialect.TSql && top is null && IsWord("TOP"))
            {
                top = ParseTop();
            }
            else
            {
                break;
            }
        }

        var items = new List<SqlSelectItem>();
        do
        {
            items.Add(ParseSelectItem());
        }
        while (Accept(SqlTokenKind.Comma));

        var into = IsWord("INTO") ? ParseInto() : null;
        var from = AcceptWord("FROM") ? ParseFromList() : NodeList<SqlTableSource>.Empty;
        var where = AcceptWord("WHERE") ? ParseExpression() : null;
        var groupBy = AcceptWords("GROUP", "BY") ? ParseGroupBy() : null;
        var having = AcceptWord("HAVING") ? ParseExpression() : null;
        var windows = AcceptWord("WINDOW") ? ParseWindows() : NodeList<SqlNamedWindow>.Empty;
        return Mark(new SqlSelect
        {
            Distinct = distinct,
            DistinctOn = distinctOn,
            Top = top,
            Options = NodeList.Own(options),
            Items = NodeList.Own(items),
            Into = into,
            From = from,
            Where = where,
            GroupBy = groupBy,
            Having = having,
            Windows = windows,
        }, selectToken);
    }

    private SqlTop ParseTop()
    {
        ExpectWord("TOP");
        SqlExpression count;
        if (Accept(SqlTokenKind.LeftParen))
        {
            count = ParseExpression();
            Expect(SqlTokenKind.RightParen);
        }
        else if (Current.Kind is SqlTokenKind.Number or SqlTokenKind.Parameter)
        {
            count = ParsePrimary();
        }
        else
        {
            return Fail<SqlTop>("a number or a parenthesized expression after TOP");
        }

        var percent = AcceptWord("PERCENT");
        var withTies = AcceptWords("WITH", "TIES");
        return new SqlTop(count, percent, withTies);
    }

    private SqlSelectItem ParseSelectItem()
    {
        var expression = ParseExpression();
        return new SqlSelectItem(expression, ParseColumnAlias());
    }

    private SqlIdentifier? ParseColumnAlias()
    {
        if (AcceptWord("AS"))
        {
            return ParseAliasName();
        }

        if (IsImplicitAliasToken(Current))
        {
            var alias = IdentifierFrom(Current);
            index++;
            return alias;
        }

        if (dialect is SqlDialect.MySql or SqlDialect.TSql && Current.Kind == SqlTokenKind.String && Current.Style is SqlStringStyle.Plain or SqlStringStyle.DoubleQuoted && !string.IsNullOrEmpty(Current.Value))
        {
            return ParseAliasName();
        }

        return null;
    }

    /// <summary>An alias after AS; MySQL and T-SQL also take a string ('Total').</summary>
    private SqlIdentifier ParseAliasName()
    {
        if (dialect is SqlDialect.MySql or SqlDialect.TSql && Current.Kind == SqlTokenKind.String && Current.Style is SqlStringStyle.Plain or SqlStringStyle.DoubleQuoted && !string.IsNullOrEmpty(Current.Value))
        {
            var value = Current.Value ?? "";
            index++;
            return new SqlIdentifier(value, SqlKeywords.NeedsQuoting(value, dialect, caseMatters: true));
        }

        return ParseIdentifier("an alias");
    }

    private SqlIntoClause ParseInto()
    {
        ExpectWord("INTO");
        if (dialect == SqlDialect.MySql)
        {
            if (IsAnyWord("OUTFILE", "DUMPFILE"))
            {
                var kind = IsWord("OUTFILE") ? SqlIntoKind.OutFile : SqlIntoKind.DumpFile;
                index++;
                if (!Is(SqlTokenKind.String))
                {
                    Fail("a file name in quotes");
                }

                var file = TextOf(Current);
                index++;
                var options = new List<string>();
                while (true)
                {
                    if (Current.Kind == SqlTokenKind.Word && OutfileOptionWords.Contains(UpperOf(Current)))
                    {
                        var word = UpperOf(Current);
                        options.Add(word);
                        index++;
                        if (word == "SET" && Current.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
                        {
                            options.Add(TextOf(Current));
                            index++;
                        }
                    }
                    else if (Current.Kind == SqlTokenKind.String)
                    {
                        options.Add(TextOf(Current));
                        index++;
                    }
                    else
                    {
                        break;
                    }
                }

                return new SqlIntoClause { Kind = kind, File = file, Options = NodeList.Own(options) };
            }

            var variables = new List<SqlExpression>();
            do
            {
                var token = Current;
                variables.Add(Is(SqlTokenKind.Parameter) ? ParsePrimary() : Mark(new ColumnExpression(ParseObjectName("a variable")), token));
            }
            while (Accept(SqlTokenKind.Comma));
            return new SqlIntoClause { Kind = SqlIntoKind.Variables, Variables = NodeList.Own(variables) };
        }

        var modifiers = new List<string>();
        while (IsAnyWord("TEMPORARY", "TEMP", "UNLOGGED", "TABLE"))
        {
            modifiers.Add(UpperOf(Current));
            index++;
        }

        return new SqlIntoClause { Kind = SqlIntoKind.Table, Table = ParseObjectName("a table name"), TableModifiers = NodeList.Own(modifiers) };
    }

    private NodeList<SqlTableSource> ParseFromList()
    {
        var sources = new List<SqlTableSource>();
        do
        {
            sources.Add(ParseJoinedSource());
        }
        while (Accept(SqlTokenKind.Comma));
        return NodeList.Own(sources);
    }

    private SqlTableSource ParseJoinedSource()
    {
        Enter();
        var left = ParseTablePrimary();
        var chain = 0;
        while (true)
        {
            var natural = AcceptWord("NATURAL");
            SqlJoinKind kind;
            if (AcceptWord("JOIN") || AcceptWords("INNER", "JOIN"))
            {
                kind = SqlJoinKind.Inner;
            }
            else if (IsAnyWord("LEFT", "RIGHT", "FULL") && (IsWordAt(1, "JOIN") || (IsWordAt(1, "OUTER") && IsWordAt(2, "JOIN"))))
            {
                kind = UpperOf(Current) switch
                {
                    "LEFT" => SqlJoinKind.Left,
                    "RIGHT" => SqlJoinKind.Right,
                    _ => SqlJoinKind.Full,
                };
                index += IsWordAt(1, "OUTER") ? 3 : 2;
            }
            else if (AcceptWords("CROSS", "JOIN"))
            {
                kind = SqlJoinKind.Cross;
            }
            else if (AcceptWords("CROSS", "APPLY"))
            {
                kind = SqlJoinKind.CrossApply;
            }
            else if (AcceptWords("OUTER", "APPLY"))
            {
                kind = SqlJoinKind.OuterApply;
            }
            else if (dialect == SqlDialect.MySql && AcceptWord("STRAIGHT_JOIN"))
            {
                kind = SqlJoinKind.Straight;
            }
            else
            {
                if (natural)
                {
                    Fail("JOIN");
                }

                break;
            }

            if (++chain + depth > MaxTreeDepth)
            {
                FailWith(Current, $"the query chains more than {MaxTreeDepth} joins");
            }

            var right = ParseTablePrimary();
            SqlExpression? on = null;
            var usingColumns = NodeList<SqlIdentifier>.Empty;
            if (!natural && kind is not (SqlJoinKind.Cross or SqlJoinKind.CrossApply or SqlJoinKind.OuterApply))
            {
                if (AcceptWord("ON"))
                {
                    on = ParseExpression();
                }
                else if (IsWord("USING") && Peek(1).Kind == SqlTokenKind.LeftParen)
                {
                    index++;
                    usingColumns = ParseIdentifierList("a column name");
                }
            }

            left = new SqlJoin { Left = left, Kind = kind, Right = right, Natural = natural, On = on, Using = usingColumns };
        }

        Leave();
        return left;
    }

    private SqlTableSource ParseTablePrimary()
    {
        Enter();
        var start = Current;
        var lateral = dialect is SqlDialect.Postgres or SqlDialect.MySql && AcceptWord("LATERAL");
        SqlTableSource result;
        if (Is(SqlTokenKind.LeftParen))
        {
            index++;
            if (StartsQuery(0, throughParentheses: true))
            {
                var query = ParseQuery();
                Expect(SqlTokenKind.RightParen);
                result = new SqlDerivedTable(query, ParseTableAlias(), lateral);
            }
            else
            {
                var inner = ParseJoinedSource();
                Expect(SqlTokenKind.RightParen);
                result = new SqlParenthesizedSource(inner, ParseTableAlias());
            }
        }
        else
        {
            var only = dialect == SqlDialect.Postgres && AcceptWord("ONLY");

            // Reserved words that name rowset functions: OPENQUERY(…), OPENROWSET(…), CONTAINSTABLE(…).
            SqlObjectName name;
            if (IsReservedWord(Current) && Peek(1).Kind == SqlTokenKind.LeftParen && SqlKeywords.FunctionNames.Contains(UpperOf(Current)))
            {
                name = Mark(new SqlObjectName([new SqlIdentifier(TextOf(Current))]), Current);
                index++;
            }
            else
            {
                name = ParseObjectName("a table name");
            }
            if (Is(SqlTokenKind.LeftParen) && !only)
            {
                var call = ParseFunctionCall(name, start);
                var ordinality = AcceptWords("WITH", "ORDINALITY");
                result = Mark(new SqlFunctionTable(call, ParseTableAlias(), lateral, ordinality), start);
            }
            else
            {
                var hints = new List<string>();
                if (dialect == SqlDialect.TSql)
                {
                    ParseTSqlTableHints(hints);
                }

                var alias = ParseTableAlias();
                if (dialect == SqlDialect.TSql && hints.Count == 0)
                {
                    ParseTSqlTableHints(hints);
                }

                if (dialect == SqlDialect.MySql)
                {
                    ParseMySqlIndexHints(hints);
                }

                result = Mark(new SqlNamedTable { Name = name, Alias = alias, Only = only, Hints = NodeList.Own(hints) }, start);
            }
        }

        Leave();
        return result;
    }

    private SqlTableAlias? ParseTableAlias()
    {
        SqlIdentifier name;
        if (AcceptWord("AS"))
        {
            name = ParseIdentifier("an alias");
        }
        else if (IsImplicitAliasToken(Current))
        {
            name = IdentifierFrom(Current);
            index++;
        }
        else
        {
            return null;
        }

        var columns = Is(SqlTokenKind.LeftParen) && IsIdentifierToken(Peek(1)) ? ParseIdentifierList("a column name") : NodeList<SqlIdentifier>.Empty;
        return new SqlTableAlias(name, columns);
    }

    /// <summary>T-SQL <c>WITH (NOLOCK, INDEX(ix))</c>; each hint is kept as normalised text.</summary>
    private void ParseTSqlTableHints(List<string> hints)
    {
        if (!IsWord("WITH") || Peek(1).Kind != SqlTokenKind.LeftParen)
        {
            return;
        }

        index += 2;
        do
        {
            var hint = new StringBuilder();
            var nesting = 0;
            while (!(nesting == 0 && Current.Kind is SqlTokenKind.Comma or SqlTokenKind.RightParen))
            {
                var token = Current;
                switch (token.Kind)
                {
                    case SqlTokenKind.End or SqlTokenKind.Error or SqlTokenKind.Semicolon or SqlTokenKind.BatchSeparator:
                        Fail("\")\"");
                        break;
                    case SqlTokenKind.LeftParen:
                        nesting++;
                        hint.Append('(');
                        break;
                    case SqlTokenKind.RightParen:
                        nesting--;
                        hint.Append(')');
                        break;
                    case SqlTokenKind.Comma:
                        hint.Append(", ");
                        break;
                    default:
                        if (hint.Length > 0 && hint[^1] != '(')
                        {
                            hint.Append(' ');
                        }

                        hint.Append(token.Kind == SqlTokenKind.Word && nesting == 0 ? UpperOf(token) : TextOf(token));
                        break;
                }

                index++;
            }

            if (hint.Length == 0)
            {
                Fail("a table hint such as NOLOCK");
            }

            hints.Add(hint.ToString());
        }
        while (Accept(SqlTokenKind.Comma));
        Expect(SqlTokenKind.RightParen);
    }

    /// <summary>MySQL <c>USE|FORCE|IGNORE INDEX|KEY [FOR JOIN|ORDER BY|GROUP BY] (names)</c>.</summary>
    private void ParseMySqlIndexHints(List<string> hints)
    {
        while (IsAnyWord("USE", "FORCE", "IGNORE") && (IsWordAt(1, "INDEX") || IsWordAt(1, "KEY")))
        {
            var hint = new StringBuilder().Append(UpperOf(Current)).Append(' ').Append(UpperOf(Peek(1)));
            index += 2;
            if (AcceptWord("FOR"))
            {
                if (AcceptWord("JOIN"))
                {
                    hint.Append(" FOR JOIN");
                }
                else if (AcceptWords("ORDER", "BY"))
                {
                    hint.Append(" FOR ORDER BY");
                }
                else
                {
                    ExpectWord("GROUP");
                    ExpectWord("BY");
                    hint.Append(" FOR GROUP BY");
                }
            }

            Expect(SqlTokenKind.LeftParen);
            var names = new List<string>();
            while (!Is(SqlTokenKind.RightParen))
            {
                if (Current.Kind is not (SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier))
                {
                    Fail("an index name");
                }

                names.Add(TextOf(Current));
                index++;
                if (!Accept(SqlTokenKind.Comma))
                {
                    break;
                }
            }

            Expect(SqlTokenKind.RightParen);
            hints.Add(hint.Append(" (").Append(string.Join(", ", names)).Append(')').ToString());
        }
    }

    private SqlGroupBy ParseGroupBy()
    {
        var items = new List<SqlExpression>();
        do
        {
            items.Add(ParseGroupingElement());
        }
        while (Accept(SqlTokenKind.Comma));
        var withRollup = dialect == SqlDialect.MySql && AcceptWords("WITH", "ROLLUP");
        return new SqlGroupBy(NodeList.Own(items), withRollup);
    }

    private SqlExpression ParseGroupingElement()
    {
        SqlGroupingKind? kind = null;
        if (IsWord("ROLLUP") && Peek(1).Kind == SqlTokenKind.LeftParen)
        {
            kind = SqlGroupingKind.Rollup;
            index++;
        }
        else if (IsWord("CUBE") && Peek(1).Kind == SqlTokenKind.LeftParen)
        {
            kind = SqlGroupingKind.Cube;
            index++;
        }
        else if (IsWord("GROUPING") && IsWordAt(1, "SETS"))
        {
            kind = SqlGroupingKind.GroupingSets;
            index += 2;
        }

        if (kind is { } groupingKind)
        {
            Enter();
            Expect(SqlTokenKind.LeftParen);
            var items = new List<SqlExpression>();
            do
            {
                items.Add(ParseGroupingElement());
            }
            while (Accept(SqlTokenKind.Comma));
            Expect(SqlTokenKind.RightParen);
            Leave();
            return new GroupingExpression(groupingKind, NodeList.Own(items));
        }

        if (Is(SqlTokenKind.LeftParen) && Peek(1).Kind == SqlTokenKind.RightParen)
        {
            index += 2;
            return new RowExpression(NodeList<SqlExpression>.Empty);
        }

        return ParseExpression();
    }

    private NodeList<SqlNamedWindow> ParseWindows()
    {
        var windows = new List<SqlNamedWindow>();
        do
        {
            var name = ParseIdentifier("a window name");
            ExpectWord("AS");
            windows.Add(new SqlNamedWindow(name, ParseWindowSpec()));
        }
        while (Accept(SqlTokenKind.Comma));
        return NodeList.Own(windows);
    }

    private SqlLimit? ParseLimit()
    {
        SqlExpression? count = null;
        SqlExpression? offset = null;
        var sawLimit = false;
        var sawOffset = false;
        var sawFetch = false;
        var offsetRows = false;
        var comma = false;
        var withTies = false;
        while (true)
        {
            if (!sawLimit && !sawFetch && dialect != SqlDialect.TSql && IsWord("LIMIT"))
            {
                index++;
                sawLimit = true;
                if (!(dialect == SqlDialect.Postgres && AcceptWord("ALL")))
                {
                    count = ParseExpression();
                }

                if (dialect is SqlDialect.MySql or SqlDialect.Sqlite && !sawOffset && Accept(SqlTokenKind.Comma))
                {
                    offset = count;
                    count = ParseExpression();
                    comma = true;
                    sawOffset = true;
                }
            }
            else if (!sawOffset && IsWord("OFFSET"))
            {
                index++;
                sawOffset = true;
                offset = ParseExpression();
                offsetRows = AcceptWord("ROWS") || AcceptWord("ROW");
            }
            else if (!sawFetch && !sawLimit && IsWord("FETCH") && (IsWordAt(1, "FIRST") || IsWordAt(1, "NEXT")))
            {
                index += 2;
                sawFetch = true;
                count = IsAnyWord("ROW", "ROWS") ? new LiteralExpression(SqlLiteralKind.Number, "1", "1") : ParseExpression();
                if (!AcceptWord("ROWS") && !AcceptWord("ROW"))
                {
                    Fail("ROWS");
                }

                if (AcceptWords("WITH", "TIES"))
                {
                    withTies = true;
                }
                else
                {
                    ExpectWord("ONLY");
                }
            }
            else
            {
                break;
            }
        }

        if (comma)
        {
            return new SqlLimit(count, offset, SqlLimitStyle.LimitComma);
        }

        if (sawFetch || (offsetRows && !sawLimit))
        {
            return new SqlLimit(count, offset, SqlLimitStyle.OffsetFetch, withTies);
        }

        return count is null && offset is null ? null : new SqlLimit(count, offset, SqlLimitStyle.Limit);
    }

    private SqlLockingClause ParseLocking()
    {
        if (AcceptWord("LOCK"))
        {
            ExpectWord("IN");
            ExpectWord("SHARE");
            ExpectWord("MODE");
            return new SqlLockingClause(SqlLockStrength.LockInShareMode, NodeList<SqlObjectName>.Empty, SqlLockWait.Wait);
        }

        ExpectWord("FOR");
        SqlLockStrength strength;
        if (AcceptWord("UPDATE"))
        {
            strength = SqlLockStrength.Update;
        }
        else if (AcceptWord("SHARE"))
        {
            strength = SqlLockStrength.Share;
        }
        else if (AcceptWords("NO", "KEY"))
        {
            ExpectWord("UPDATE");
            strength = SqlLockStrength.NoKeyUpdate;
        }
        else if (AcceptWords("KEY", "SHARE"))
        {
            strength = SqlLockStrength.KeyShare;
        }
        else
        {
            return Fail<SqlLockingClause>("UPDATE or SHARE");
        }

        var of = new List<SqlObjectName>();
        if (AcceptWord("OF"))
        {
            do
            {
                of.Add(ParseObjectName("a table name"));
            }
            while (Accept(SqlTokenKind.Comma));
        }

        var wait = AcceptWord("NOWAIT") ? SqlLockWait.NoWait : AcceptWords("SKIP", "LOCKED") ? SqlLockWait.SkipLocked : SqlLockWait.Wait;
        return new SqlLockingClause(strength, NodeList.Own(of), wait);
    }

    /// <summary>T-SQL FOR XML/JSON/BROWSE options, up to the end of the query.</summary>
    private NodeList<string> ParseOutputFormat()
    {
        var words = new List<string>();
        var nesting = 0;
        while (true)
        {
            var token = Current;
            if (token.Kind is SqlTokenKind.End or SqlTokenKind.Semicolon or SqlTokenKind.BatchSeparator or SqlTokenKind.Error)
            {
                break;
            }

            if (nesting == 0 && (token.Kind == SqlTokenKind.RightParen || IsWord("OPTION") || (words.Count > 0 && IsTSqlStatementStart(token))))
            {
                break;
            }

            nesting += token.Kind == SqlTokenKind.LeftParen ? 1 : token.Kind == SqlTokenKind.RightParen ? -1 : 0;
            words.Add(token.Kind == SqlTokenKind.Word ? UpperOf(token) : TextOf(token));
            index++;
        }

        if (words.Count == 0)
        {
            Fail("XML, JSON or BROWSE");
        }

        return NodeList.Own(words);
    }

    /// <summary>The tokens between a pair of parentheses (which must balance), without the outer pair.</summary>
    private NodeList<string> ParseParenthesizedTokens()
    {
        Expect(SqlTokenKind.LeftParen);
        var words = new List<string>();
        var nesting = 0;
        while (nesting > 0 || !Is(SqlTokenKind.RightParen))
        {
            var token = Current;
            if (token.Kind is SqlTokenKind.End or SqlTokenKind.Semicolon or SqlTokenKind.BatchSeparator or SqlTokenKind.Error)
            {
                Fail("\")\"");
            }

            nesting += token.Kind == SqlTokenKind.LeftParen ? 1 : token.Kind == SqlTokenKind.RightParen ? -1 : 0;
            words.Add(RawText(token));
            index++;
        }

        Expect(SqlTokenKind.RightParen);
        return NodeList.Own(words);
    }

    /// <summary>A token as kept in raw token lists: reserved words upper-case, everything else as written.</summary>
    private string RawText(SqlToken token)
    {
        var at = tokens[index].Start == token.Start ? index : tokens.FindIndex(t => t.Start == token.Start);

        // A word after a dot is a name part, whatever it spells.
        if (at > 0 && tokens[at - 1].Kind == SqlTokenKind.Dot)
        {
            return TextOf(token);
        }

        return IsReservedWord(token) || IsKeywordInPlace(at) ? UpperOf(token) : TextOf(token);
    }

    /// <summary>
    /// Non-reserved words that are keywords where they stand (IF [NOT] EXISTS, OR REPLACE, PRIMARY KEY). Other
    /// non-reserved words keep their spelling, since they may be names.
    /// </summary>
    private bool IsKeywordInPlace(int at)
    {
        var token = tokens[at];
        if (token.Kind != SqlTokenKind.Word)
        {
            return false;
        }

        var next = at + 1 < tokens.Count ? tokens[at + 1] : token;
        var previous = at > 0 ? tokens[at - 1] : token;
        return (IsWordToken(token, "IF") && (IsWordToken(next, "EXISTS") || IsWordToken(next, "NOT"))) ||
            (IsWordToken(token, "EXISTS") && IsWordToken(previous, "IF")) ||
            (IsWordToken(token, "REPLACE") && IsWordToken(previous, "OR")) ||
            (IsWordToken(token, "KEY") && (IsWordToken(previous, "PRIMARY") || IsWordToken(previous, "FOREIGN")));
    }
}
