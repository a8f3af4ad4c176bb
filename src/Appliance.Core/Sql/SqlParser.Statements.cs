using System.Collections.Frozen;

namespace Appliance.Core.Sql;

public sealed partial class SqlParser
{
    private static readonly FrozenSet<string> ObjectTypeWords = new[]
    {
        "TABLE", "VIEW", "INDEX", "SCHEMA", "FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "SEQUENCE", "TYPE", "DATABASE",
        "EXTENSION", "ROLE", "USER", "DOMAIN", "EVENT", "POLICY", "RULE", "SERVER", "LOGIN", "COLLATION", "AGGREGATE",
        "OPERATOR", "PUBLICATION", "SUBSCRIPTION", "TABLESPACE", "STATISTICS", "SYNONYM", "LANGUAGE", "CAST", "CONVERSION",
        "ROUTINE", "MATERIALIZED", "FOREIGN",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private int derivationLimit = int.MaxValue;

    private static readonly FrozenSet<string> RoutineTypes = new[] { "FUNCTION", "PROCEDURE", "PROC", "TRIGGER", "EVENT" }.ToFrozenSet();

    private static readonly FrozenSet<string> MaintenanceVerbs = new[]
    {
        "VACUUM", "ANALYZE", "ANALYSE", "OPTIMIZE", "REPAIR", "CHECKSUM", "REINDEX", "CLUSTER", "REFRESH", "LOCK",
    }.ToFrozenSet();

    private static readonly FrozenSet<string> OtherVerbs = new[]
    {
        "VACUUM", "ANALYZE", "ANALYSE", "LOCK", "UNLOCK", "LISTEN", "NOTIFY", "UNLISTEN", "PREPARE", "DEALLOCATE", "REINDEX",
        "CLUSTER", "REFRESH", "COMMENT", "OPTIMIZE", "REPAIR", "CHECKSUM", "KILL", "FLUSH", "PRINT", "RAISERROR", "THROW",
        "WAITFOR", "IF", "WHILE", "RETURN", "GOTO", "OPEN", "FETCH", "CLOSE", "MOVE", "CHECKPOINT", "DBCC", "HANDLER", "DISCARD",
        "SECURITY", "IMPORT", "PURGE", "RESTORE", "BACKUP", "INSTALL", "UNINSTALL", "SHUTDOWN", "RECONFIGURE", "REVERT",
        "SETUSER", "BREAK", "CONTINUE", "PRAGMA", "ATTACH", "DETACH", "SIGNAL", "RESIGNAL", "GET", "ITERATE", "LEAVE", "XA",
        "CACHE", "BINLOG", "CHANGE", "REASSIGN", "LOAD", "TABLE", "CHECK", "HELP",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private SqlStatement ParseStatement()
    {
        Enter();
        var statement = ParseStatementCore();
        Leave();
        return statement;
    }

    private SqlStatement ParseStatementCore()
    {
        var token = Current;
        if (token.Kind == SqlTokenKind.LeftParen && StartsQuery(1, throughParentheses: true))
        {
            return new SelectStatement(ParseQuery());
        }

        if (token.Kind != SqlTokenKind.Word)
        {
            return Fail<SqlStatement>("a statement such as SELECT, INSERT, UPDATE, DELETE or CREATE");
        }

        switch (UpperOf(token))
        {
            case "SELECT" or "VALUES":
                return new SelectStatement(ParseQuery());
            case "WITH":
                return ParseWithStatement();
            case "INSERT":
                return ParseInsert(null);
            case "REPLACE" when dialect == SqlDialect.MySql:
                return ParseInsert(null);
            case "UPDATE":
                return ParseUpdate(null);
            case "DELETE":
                return ParseDelete(null);
            case "MERGE":
                return ParseMerge(null);
            case "EXPLAIN" or "DESCRIBE":
                return ParseExplain();
            case "DESC" when dialect == SqlDialect.MySql:
                return ParseExplain();
            default:
                return ParseCommand();
        }
    }

    private SqlStatement ParseWithStatement()
    {
        var with = ParseWith();
        if (IsWord("INSERT") || (dialect == SqlDialect.MySql && IsWord("REPLACE")))
        {
            return ParseInsert(with);
        }

        if (IsWord("UPDATE"))
        {
            return ParseUpdate(with);
        }

        if (IsWord("DELETE"))
        {
            return ParseDelete(with);
        }

        if (IsWord("MERGE"))
        {
            return ParseMerge(with);
        }

        return new SelectStatement(ParseQueryAfterWith(with));
    }

    // ---- INSERT, UPDATE, DELETE, MERGE ------------------------------------------------------------------------

    private InsertStatement ParseInsert(SqlWithClause? with)
    {
        var verb = UpperOf(Current);
        index++;
        var options = ParseStatementOptions("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE");
        var top = dialect == SqlDialect.TSql && IsWord("TOP") ? ParseTop() : null;
        if (!AcceptWord("INTO") && dialect is not (SqlDialect.MySql or SqlDialect.TSql))
        {
            Fail("INTO");
        }

        var target = ParseObjectName("a table name");
        var alias = dialect is SqlDialect.Postgres or SqlDialect.Sqlite && AcceptWord("AS") ? ParseIdentifier("an alias") : null;
        var columns = Is(SqlTokenKind.LeftParen) && !StartsQuery(1, throughParentheses: true) ? ParseIdentifierList("a column name") : NodeList<SqlIdentifier>.Empty;
        var output = dialect == SqlDialect.TSql && IsWord("OUTPUT") ? ParseOutput() : null;

        SqlQuery? source = null;
        var defaultValues = false;
        var set = NodeList<SqlAssignment>.Empty;
        SqlStatement? execute = null;
        if (AcceptWords("DEFAULT", "VALUES"))
        {
            defaultValues = true;
        }
        else if (IsAnyWord("VALUES", "SELECT", "WITH") || (Is(SqlTokenKind.LeftParen) && StartsQuery(1, throughParentheses: true)))
        {
            source = ParseQuery();
        }
        else if (dialect == SqlDialect.MySql && AcceptWord("SET"))
        {
            set = ParseAssignments();
        }
        else if (dialect == SqlDialect.TSql && IsAnyWord("EXEC", "EXECUTE"))
        {
            execute = ParseCommand();
        }
        else
        {
            Fail(columns.Count == 0 ? "VALUES, a query, DEFAULT VALUES or a column list" : "VALUES, a query or DEFAULT VALUES");
        }

        SqlOnConflict? onConflict = null;
        var onDuplicate = NodeList<SqlAssignment>.Empty;
        if (dialect is SqlDialect.Postgres or SqlDialect.Sqlite && IsWord("ON") && IsWordAt(1, "CONFLICT"))
        {
            onConflict = ParseOnConflict();
        }
        else if (dialect == SqlDialect.MySql && IsWord("ON") && IsWordAt(1, "DUPLICATE"))
        {
            index += 2;
            ExpectWord("KEY");
            ExpectWord("UPDATE");
            onDuplicate = ParseAssignments();
        }

        return new InsertStatement
        {
            With = with,
            Verb = verb,
            Options = options,
            Top = top,
            Target = target,
            Alias = alias,
            Columns = columns,
            Output = output,
            Source = source,
            DefaultValues = defaultValues,
            Set = set,
            Execute = execute,
            OnConflict = onConflict,
            OnDuplicateKeyUpdate = onDuplicate,
            Returning = ParseReturning(),
        };
    }

    /// <summary>MySQL modifiers (IGNORE, LOW_PRIORITY …) and SQLite's OR REPLACE / OR IGNORE ….</summary>
    private NodeList<string> ParseStatementOptions(params string[] mySqlWords)
    {
        var options = new List<string>();
        if (dialect == SqlDialect.Sqlite && IsWord("OR") && Peek(1).Kind == SqlTokenKind.Word)
        {
            options.Add("OR " + UpperOf(Peek(1)));
            index += 2;
        }

        while (dialect == SqlDialect.MySql && Current.Kind == SqlTokenKind.Word && mySqlWords.Contains(UpperOf(Current)))
        {
            options.Add(UpperOf(Current));
            index++;
        }

        return NodeList.Own(options);
    }

    private SqlOnConflict ParseOnConflict()
    {
        index += 2;
        var targets = NodeList<SqlExpression>.Empty;
        SqlExpression? targetWhere = null;
        SqlIdentifier? constraint = null;
        if (Accept(SqlTokenKind.LeftParen))
        {
            targets = ParseExpressionList();
            Expect(SqlTokenKind.RightParen);
            targetWhere = AcceptWord("WHERE") ? ParseExpression() : null;
        }
        else if (AcceptWords("ON", "CONSTRAINT"))
        {
            constraint = ParseIdentifier("a constraint name");
        }

        ExpectWord("DO");
        if (AcceptWord("NOTHING"))
        {
            return new SqlOnConflict { Targets = targets, TargetWhere = targetWhere, Constraint = constraint, DoNothing = true };
        }

        ExpectWord("UPDATE");
        ExpectWord("SET");
        var set = ParseAssignments();
        var where = AcceptWord("WHERE") ? ParseExpression() : null;
        return new SqlOnConflict { Targets = targets, TargetWhere = targetWhere, Constraint = constraint, Set = set, Where = where };
    }

    private NodeList<SqlAssignment> ParseAssignments()
    {
        var assignments = new List<SqlAssignment>();
        do
        {
            assignments.Add(ParseAssignment());
        }
        while (Accept(SqlTokenKind.Comma));
        return NodeList.Own(assignments);
    }

    private SqlAssignment ParseAssignment()
    {
        var targets = new List<SqlObjectName>();
        if (Accept(SqlTokenKind.LeftParen))
        {
            do
            {
                targets.Add(ParseObjectName("a column name"));
            }
            while (Accept(SqlTokenKind.Comma));
            Expect(SqlTokenKind.RightParen);
        }
        else if (Is(SqlTokenKind.Parameter) && dialect is SqlDialect.TSql or SqlDialect.MySql && TextOf(Current).StartsWith('@'))
        {
            targets.Add(Mark(new SqlObjectName([new SqlIdentifier(TextOf(Current))]), Current));
            index++;
        }
        else
        {
            targets.Add(ParseObjectName("a column name"));
        }

        var op = Current.Kind == SqlTokenKind.Operator ? TextOf(Current) : "";
        if (op != "=" && !(dialect == SqlDialect.TSql && op.Length == 2 && op[1] == '=' && op[0] != '!' && op[0] != '<' && op[0] != '>'))
        {
            Fail("\"=\"");
        }

        index++;
        return new SqlAssignment(NodeList.Own(targets), op, ParseExpression());
    }

    private SqlOutputClause ParseOutput()
    {
        ExpectWord("OUTPUT");
        var items = ParseSelectItemList();
        SqlObjectName? into = null;
        var columns = NodeList<SqlIdentifier>.Empty;
        if (AcceptWord("INTO"))
        {
            into = ParseObjectName("a table or table variable");
            if (Is(SqlTokenKind.LeftParen))
            {
                columns = ParseIdentifierList("a column name");
            }
        }

        return new SqlOutputClause(items, into, columns);
    }

    private NodeList<SqlSelectItem> ParseSelectItemList()
    {
        var items = new List<SqlSelectItem>();
        do
        {
            items.Add(ParseSelectItem());
        }
        while (Accept(SqlTokenKind.Comma));
        return NodeList.Own(items);
    }

    private NodeList<SqlSelectItem> ParseReturning() => AcceptWord("RETURNING") ? ParseSelectItemList() : NodeList<SqlSelectItem>.Empty;

    private UpdateStatement ParseUpdate(SqlWithClause? with)
    {
        ExpectWord("UPDATE");
        var options = ParseStatementOptions("LOW_PRIORITY", "IGNORE");
        var top = dialect == SqlDialect.TSql && IsWord("TOP") ? ParseTop() : null;
        var targets = new List<SqlTableSource> { ParseJoinedSource() };
        while (dialect == SqlDialect.MySql && Accept(SqlTokenKind.Comma))
        {
            targets.Add(ParseJoinedSource());
        }

        ExpectWord("SET");
        var set = ParseAssignments();
        var output = dialect == SqlDialect.TSql && IsWord("OUTPUT") ? ParseOutput() : null;
        var from = AcceptWord("FROM") ? ParseFromList() : NodeList<SqlTableSource>.Empty;
        var where = AcceptWord("WHERE") ? ParseExpression() : null;
        var orderBy = dialect is SqlDialect.MySql or SqlDialect.Sqlite && AcceptWords("ORDER", "BY") ? ParseOrderItems() : NodeList<SqlOrderItem>.Empty;
        var limit = dialect is SqlDialect.MySql or SqlDialect.Sqlite && AcceptWord("LIMIT") ? ParseExpression() : null;
        return new UpdateStatement
        {
            With = with,
            Options = options,
            Top = top,
            Targets = NodeList.Own(targets),
            Set = set,
            Output = output,
            From = from,
            Where = where,
            OrderBy = orderBy,
            Limit = limit,
            Returning = ParseReturning(),
        };
    }

    private DeleteStatement ParseDelete(SqlWithClause? with)
    {
        ExpectWord("DELETE");
        var options = ParseStatementOptions("LOW_PRIORITY", "QUICK", "IGNORE");
        var top = dialect == SqlDialect.TSql && IsWord("TOP") ? ParseTop() : null;
        var targetsBeforeFrom = !AcceptWord("FROM");
        var targets = ParseDeleteTargets();
        var output = dialect == SqlDialect.TSql && IsWord("OUTPUT") ? ParseOutput() : null;
        var sources = NodeList<SqlTableSource>.Empty;
        var usingSources = false;
        if (!targetsBeforeFrom && dialect is SqlDialect.Postgres or SqlDialect.MySql && AcceptWord("USING"))
        {
            sources = ParseFromList();
            usingSources = true;
        }
        else if ((targetsBeforeFrom || dialect == SqlDialect.TSql) && AcceptWord("FROM"))
        {
            sources = ParseFromList();
        }

        var where = AcceptWord("WHERE") ? ParseExpression() : null;
        var orderBy = dialect is SqlDialect.MySql or SqlDialect.Sqlite && AcceptWords("ORDER", "BY") ? ParseOrderItems() : NodeList<SqlOrderItem>.Empty;
        var limit = dialect is SqlDialect.MySql or SqlDialect.Sqlite && AcceptWord("LIMIT") ? ParseExpression() : null;
        return new DeleteStatement
        {
            With = with,
            Options = options,
            Top = top,
            Targets = targets,
            TargetsBeforeFrom = targetsBeforeFrom,
            Output = output,
            Sources = sources,
            SourcesWithUsing = usingSources,
            Where = where,
            OrderBy = orderBy,
            Limit = limit,
            Returning = ParseReturning(),
        };
    }

    private NodeList<SqlTableSource> ParseDeleteTargets()
    {
        var targets = new List<SqlTableSource>();
        do
        {
            targets.Add(ParseTablePrimary());

            // MySQL's multi-table form may write t.* for a target.
            if (Is(SqlTokenKind.Dot) && IsOperatorAt(1, "*"))
            {
                index += 2;
            }
        }
        while (Accept(SqlTokenKind.Comma));
        return NodeList.Own(targets);
    }

    private MergeStatement ParseMerge(SqlWithClause? with)
    {
        ExpectWord("MERGE");
        var top = dialect == SqlDialect.TSql && IsWord("TOP") ? ParseTop() : null;
        AcceptWord("INTO");
        var target = ParseTablePrimary();
        ExpectWord("USING");
        var source = ParseTablePrimary();
        ExpectWord("ON");
        var on = ParseExpression();
        var clauses = new List<SqlMergeClause>();
        while (AcceptWord("WHEN"))
        {
            clauses.Add(ParseMergeClause());
        }

        if (clauses.Count == 0)
        {
            Fail("WHEN MATCHED or WHEN NOT MATCHED");
        }

        var output = dialect == SqlDialect.TSql && IsWord("OUTPUT") ? ParseOutput() : null;
        return new MergeStatement
        {
            With = with,
            Top = top,
            Target = target,
            Source = source,
            On = on,
            Clauses = NodeList.Own(clauses),
            Output = output,
            Returning = ParseReturning(),
        };
    }

    private SqlMergeClause ParseMergeClause()
    {
        SqlMergeMatch match;
        if (AcceptWord("MATCHED"))
        {
            match = SqlMergeMatch.Matched;
        }
        else
        {
            ExpectWord("NOT");
            ExpectWord("MATCHED");
            if (AcceptWords("BY", "SOURCE"))
            {
                match = SqlMergeMatch.NotMatchedBySource;
            }
            else
            {
                AcceptWords("BY", "TARGET");
                match = SqlMergeMatch.NotMatched;
            }
        }

        var condition = AcceptWord("AND") ? ParseExpression() : null;
        ExpectWord("THEN");
        if (AcceptWord("UPDATE"))
        {
            ExpectWord("SET");
            return new SqlMergeClause { Match = match, Condition = condition, Action = SqlMergeAction.Update, Set = ParseAssignments() };
        }

        if (AcceptWord("DELETE"))
        {
            return new SqlMergeClause { Match = match, Condition = condition, Action = SqlMergeAction.Delete };
        }

        if (AcceptWords("DO", "NOTHING"))
        {
            return new SqlMergeClause { Match = match, Condition = condition, Action = SqlMergeAction.DoNothing };
        }

        if (AcceptWord("INSERT"))
        {
            var columns = Is(SqlTokenKind.LeftParen) ? ParseIdentifierList("a column name") : NodeList<SqlIdentifier>.Empty;
            if (AcceptWords("DEFAULT", "VALUES"))
            {
                return new SqlMergeClause { Match = match, Condition = condition, Action = SqlMergeAction.Insert, Columns = columns, DefaultValues = true };
            }

            ExpectWord("VALUES");
            Expect(SqlTokenKind.LeftParen);
            var values = ParseExpressionList();
            Expect(SqlTokenKind.RightParen);
            return new SqlMergeClause { Match = match, Condition = condition, Action = SqlMergeAction.Insert, Columns = columns, Values = values };
        }

        return Fail<SqlMergeClause>("UPDATE, DELETE, INSERT or DO NOTHING");
    }

    // ---- EXPLAIN ------------------------------------------------------------------------------------------------

    private SqlStatement ParseExplain()
    {
        var first = index;
        var verb = UpperOf(Current);
        index++;
        var options = new List<string>();
        var nesting = 0;
        while (!AtStatementEnd && !(nesting == 0 && StartsExplainedStatement()))
        {
            if (Is(SqlTokenKind.Error))
            {
                Fail("a statement to explain");
            }

            nesting += Is(SqlTokenKind.LeftParen) ? 1 : Is(SqlTokenKind.RightParen) ? -1 : 0;
            if (nesting < 0)
            {
                Fail("a statement to explain");
            }

            options.Add(RawText(Current));
            index++;
        }

        if (AtStatementEnd)
        {
            if (dialect == SqlDialect.MySql && options.Count > 0 && nesting == 0)
            {
                // MySQL's EXPLAIN t / DESCRIBE t shows a table's columns.
                var targets = new List<SqlObjectName>();
                var end = index;
                derivationLimit = end;
                AddName(targets, first + 1);
                derivationLimit = int.MaxValue;
                index = end;
                return new CommandStatement
                {
                    CommandKind = StatementKind.Show,
                    Verb = verb,
                    Targets = NodeList.Own(targets),
                    Tokens = NodeList.Own([verb, .. options]),
                };
            }

            Fail("a statement to explain");
        }

        return new ExplainStatement(NodeList.Own(options), ParseStatement());
    }

    private bool StartsExplainedStatement()
    {
        if (Is(SqlTokenKind.LeftParen))
        {
            return StartsQuery(1, throughParentheses: true);
        }

        return IsAnyWord("SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "CREATE", "EXECUTE", "DECLARE") ||
            (dialect == SqlDialect.MySql && IsWord("REPLACE"));
    }

    // ---- Everything else, kept as tokens ----------------------------------------------------------------------

    private SqlStatement ParseCommand()
    {
        var first = index;
        var verb = UpperOf(Current);
        var kind = ClassifyCommand(verb);
        if (kind is null)
        {
            return Fail<SqlStatement>("a statement such as SELECT, INSERT, UPDATE, DELETE or CREATE");
        }

        var hasObjectType = verb is "CREATE" or "ALTER" or "DROP" or "COMMENT";
        var (objectType, _) = hasObjectType ? FindObjectType(first + 1, tokens.Count) : (null, first + 1);
        var routine = objectType is not null && RoutineTypes.Contains(objectType) && verb is "CREATE" or "ALTER";
        var toBatchEnd = dialect == SqlDialect.TSql && (routine || verb is "IF" or "WHILE" || (verb == "BEGIN" && kind == StatementKind.Other));
        var trackBlocks = routine || (verb == "BEGIN" && kind == StatementKind.Other);
        var tsqlStops = dialect == SqlDialect.TSql && !toBatchEnd && verb is not ("GRANT" or "REVOKE" or "DENY" or "ALTER" or "BULK");

        SqlStatement? embedded = null;
        List<string> tokensBefore;
        var trailing = new List<string>();
        int headerEnd;
        if (verb == "COPY" && Peek(1).Kind == SqlTokenKind.LeftParen && StartsQuery(2, throughParentheses: true))
        {
            index += 2;
            headerEnd = index;
            tokensBefore = ["COPY"];
            embedded = new SelectStatement(ParseQuery());
            Expect(SqlTokenKind.RightParen);
            trailing = CollectTokens(toBatchEnd, trackBlocks, tsqlStops, null, continuation: true).Tokens;
        }
        else
        {
            Func<bool>? stopAt = EmbeddedQueryStart(verb, objectType);
            var (collected, stopped) = CollectTokens(toBatchEnd, trackBlocks, tsqlStops, stopAt);
            tokensBefore = collected;
            headerEnd = index;
            if (stopped)
            {
                if (IsWord("AS") || IsWord("FOR"))
                {
                    tokensBefore.Add(UpperOf(Current));
                    index++;
                }

                embedded = verb == "PREPARE" ? ParseStatement() : new SelectStatement(ParseQuery());
                trailing = CollectTokens(toBatchEnd, trackBlocks, tsqlStops, null, continuation: true).Tokens;
            }
        }

        // Only the statement's own tokens count: T-SQL statements need no separator before the next one.
        var (ownType, typeEnd) = hasObjectType ? FindObjectType(first + 1, headerEnd) : (null, first + 1);
        objectType = ownType;
        var targets = DeriveTargets(verb, first, typeEnd, objectType, headerEnd);

        // SET TRANSACTION is told from SET by the statement's own words, not by what follows it.
        if (verb == "SET")
        {
            kind = tokensBefore.Take(3).Skip(1).Any(t => t.Equals("TRANSACTION", StringComparison.OrdinalIgnoreCase)) ? StatementKind.Transaction : StatementKind.Set;
        }

        // The words up to the object type (CREATE OR REPLACE TEMPORARY VIEW …) are keywords whatever they spell.
        for (var i = 0; i < typeEnd - first && i < tokensBefore.Count; i++)
        {
            if (tokens[first + i].Kind == SqlTokenKind.Word && (i == 0 || tokens[first + i - 1].Kind != SqlTokenKind.Dot))
            {
                tokensBefore[i] = UpperOf(tokens[first + i]);
            }
        }

        return new CommandStatement
        {
            CommandKind = kind.Value,
            Verb = VerbOf(verb, first),
            ObjectType = NormalizeObjectType(verb, objectType),
            Targets = targets,
            Tokens = NodeList.Own(tokensBefore),
            Embedded = embedded,
            TrailingTokens = NodeList.Own(trailing),
        };
    }

    private StatementKind? ClassifyCommand(string verb)
    {
        switch (verb)
        {
            case "CREATE":
                return StatementKind.Create;
            case "ALTER" or "RENAME":
                return StatementKind.Alter;
            case "DROP":
                return StatementKind.Drop;
            case "TRUNCATE":
                return StatementKind.Truncate;
            case "GRANT":
                return StatementKind.Grant;
            case "REVOKE" or "DENY":
                return StatementKind.Revoke;
            case "COPY":
                return StatementKind.Copy;
            case "LOAD" when IsWordAt(1, "DATA") || IsWordAt(1, "XML"):
                return StatementKind.Copy;
            case "BULK" when IsWordAt(1, "INSERT"):
                return StatementKind.Copy;
            case "CALL" or "EXEC" or "EXECUTE" or "DO":
                return StatementKind.Call;
            case "SET" when IsWordAt(1, "TRANSACTION") || IsWordAt(2, "TRANSACTION"):
                return StatementKind.Transaction;
            case "SET" or "RESET":
                return StatementKind.Set;
            case "SHOW":
                return StatementKind.Show;
            case "BEGIN" when dialect == SqlDialect.TSql:
                return IsWordAt(1, "TRAN") || IsWordAt(1, "TRANSACTION") || IsWordAt(1, "DISTRIBUTED") ? StatementKind.Transaction : StatementKind.Other;
            case "BEGIN" or "COMMIT" or "ROLLBACK" or "SAVEPOINT" or "RELEASE" or "ABORT":
                return StatementKind.Transaction;
            case "START" when IsWordAt(1, "TRANSACTION"):
                return StatementKind.Transaction;
            case "END" when dialect is SqlDialect.Postgres or SqlDialect.Sqlite:
                return StatementKind.Transaction;
            case "SAVE" when dialect == SqlDialect.TSql:
                return StatementKind.Transaction;
            case "USE":
                return StatementKind.Use;
            case "DECLARE":
                return StatementKind.Declare;
            default:
                return OtherVerbs.Contains(verb) ? StatementKind.Other : null;
        }
    }

    private string VerbOf(string verb, int first) => verb switch
    {
        "START" => "START TRANSACTION",
        "LOAD" when TokenAt(first + 1).Kind == SqlTokenKind.Word => "LOAD " + UpperOf(TokenAt(first + 1)),
        "BULK" => "BULK INSERT",
        _ => verb,
    };

    /// <summary>The token at <paramref name="i"/>, or an end token past the statement whose targets are being derived.</summary>
    private SqlToken TokenAt(int i) => i >= derivationLimit
        ? new SqlToken(SqlTokenKind.End, tokens[Math.Min(derivationLimit, tokens.Count - 1)].Position, 0)
        : tokens[Math.Clamp(i, 0, tokens.Count - 1)];

    private static string? NormalizeObjectType(string verb, string? objectType) => verb switch
    {
        "TRUNCATE" or "RENAME" => "TABLE",
        _ => objectType switch
        {
            "PROC" => "PROCEDURE",
            _ => objectType,
        },
    };

    /// <summary>The object type word(s) near the start of a DDL statement, skipping modifiers such as OR REPLACE or TEMPORARY.</summary>
    private (string? Type, int After) FindObjectType(int from, int limit)
    {
        for (var i = from; i < from + 16 && i < limit && i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Kind is SqlTokenKind.LeftParen or SqlTokenKind.Semicolon or SqlTokenKind.End or SqlTokenKind.BatchSeparator)
            {
                break;
            }

            if (token.Kind != SqlTokenKind.Word || !ObjectTypeWords.Contains(UpperOf(token)))
            {
                continue;
            }

            var word = UpperOf(token);
            var next = i + 1 < tokens.Count && i + 1 < limit ? tokens[i + 1] : token;
            if (word == "MATERIALIZED" && IsWordToken(next, "VIEW"))
            {
                return ("MATERIALIZED VIEW", i + 2);
            }

            if (word == "FOREIGN" && IsWordToken(next, "TABLE"))
            {
                return ("FOREIGN TABLE", i + 2);
            }

            if (word is "MATERIALIZED" or "FOREIGN")
            {
                continue;
            }

            if (word == "EVENT" && IsWordToken(next, "TRIGGER"))
            {
                return ("EVENT TRIGGER", i + 2);
            }

            return (word, i + 1);
        }

        return (null, from);
    }

    /// <summary>Where a statement kept as tokens embeds a query: CREATE VIEW … AS SELECT, DECLARE … CURSOR FOR SELECT, PREPARE … AS.</summary>
    private Func<bool>? EmbeddedQueryStart(string verb, string? objectType)
    {
        if (verb is "CREATE" or "ALTER" && objectType is "VIEW" or "MATERIALIZED VIEW" or "TABLE")
        {
            return () => (IsWord("AS") && StartsQuery(1, throughParentheses: true)) ||
                (dialect == SqlDialect.MySql && objectType == "TABLE" && verb == "CREATE" && IsWord("SELECT"));
        }

        if (verb == "DECLARE")
        {
            return () => IsWord("FOR") && StartsQuery(1, throughParentheses: true);
        }

        if (verb == "PREPARE" && dialect == SqlDialect.Postgres)
        {
            return () => IsWord("AS") && Peek(1).Kind == SqlTokenKind.Word;
        }

        return null;
    }

    /// <summary>
    /// Collects the statement's tokens up to its end: a semicolon outside parentheses and BEGIN … END blocks, the end of
    /// the T-SQL batch for routine bodies, or (T-SQL) the start of the next statement.
    /// </summary>
    private (List<string> Tokens, bool Stopped) CollectTokens(bool toBatchEnd, bool trackBlocks, bool tsqlStops, Func<bool>? stopAt, bool continuation = false)
    {
        var words = new List<string>();
        var parens = 0;
        var blocks = 0;
        while (true)
        {
            var token = Current;
            if (token.Kind == SqlTokenKind.Error)
            {
                Fail("the rest of the statement");
            }

            if (token.Kind is SqlTokenKind.End or SqlTokenKind.BatchSeparator)
            {
                break;
            }

            if (parens == 0 && blocks == 0)
            {
                if (token.Kind == SqlTokenKind.Semicolon && !toBatchEnd)
                {
                    break;
                }

                if (stopAt is not null && stopAt())
                {
                    return (words, true);
                }

                // CREATE OR ALTER and DROP TABLE IF EXISTS stay one statement.
                if (tsqlStops && (words.Count > 0 || continuation) && IsTSqlStatementStart(token) &&
                    !(words.Count > 0 && (words[^1] == "OR" || (IsWordToken(token, "IF") && ObjectTypeWords.Contains(words[^1])))))
                {
                    break;
                }
            }

            switch (token.Kind)
            {
                case SqlTokenKind.LeftParen:
                    parens++;
                    break;
                case SqlTokenKind.RightParen:
                    if (parens == 0)
                    {
                        Fail("\";\" or the end of the statement");
                    }

                    parens--;
                    break;
                case SqlTokenKind.Word when trackBlocks:
                    if (IsWordToken(token, "BEGIN") || IsWordToken(token, "CASE"))
                    {
                        blocks++;
                    }
                    else if (IsWordToken(token, "END"))
                    {
                        var next = Peek(1);

                        // END IF / END LOOP / END WHILE / END REPEAT close constructs that were not counted.
                        if (!(IsWordToken(next, "IF") || IsWordToken(next, "LOOP") || IsWordToken(next, "WHILE") || IsWordToken(next, "REPEAT")))
                        {
                            blocks = Math.Max(0, blocks - 1);
                        }
                    }

                    break;
            }

            words.Add(RawText(token));
            index++;
        }

        if (parens > 0)
        {
            Fail("\")\"");
        }

        // A batch-long body may end with its last statement's semicolon; the statement itself does not need it.
        while (toBatchEnd && words.Count > 1 && words[^1] == ";" && tokens[index - 1].Kind == SqlTokenKind.Semicolon)
        {
            words.RemoveAt(words.Count - 1);
            index--;
        }

        return (words, false);
    }

    // ---- Targets of statements kept as tokens --------------------------------------------------------------

    private NodeList<SqlObjectName> DeriveTargets(string verb, int first, int typeEnd, string? objectType, int limit)
    {
        var saved = index;
        var savedDepth = depth;
        var targets = new List<SqlObjectName>();
        derivationLimit = limit;
        try
        {
            switch (verb)
            {
                case "CREATE" or "ALTER" when objectType is not null:
                {
                    var i = SkipWords(typeEnd, "IF", "NOT", "EXISTS", "CONCURRENTLY", "ONLY");
                    var next = AddName(targets, i);
                    if (objectType is "INDEX" or "TRIGGER" or "POLICY" or "RULE" or "STATISTICS")
                    {
                        var on = FindWordAtDepthZero(Math.Max(next, i), "ON");
                        if (on >= 0)
                        {
                            AddName(targets, SkipWords(on + 1, "ONLY", "TABLE"));
                        }
                    }

                    break;
                }

                case "DROP" when objectType is not null:
                {
                    var i = AddNameList(targets, SkipWords(typeEnd, "IF", "EXISTS", "CONCURRENTLY"));
                    if (IsWordToken(TokenAt(i), "ON"))
                    {
                        AddName(targets, SkipWords(i + 1, "TABLE"));
                    }

                    break;
                }

                case "COMMENT" when objectType is not null:
                    AddName(targets, typeEnd);
                    break;
                case "TRUNCATE":
                    AddNameList(targets, SkipWords(first + 1, "TABLE", "ONLY"));
                    break;
                case "RENAME":
                {
                    var i = SkipWords(first + 1, "TABLE");
                    while (true)
                    {
                        i = AddName(targets, i);
                        if (i < 0 || !IsWordToken(TokenAt(i), "TO"))
                        {
                            break;
                        }

                        i = AddName(targets, i + 1);
                        if (i < 0 || TokenAt(i).Kind != SqlTokenKind.Comma)
                        {
                            break;
                        }

                        i++;
                    }

                    break;
                }

                case "GRANT" or "REVOKE" or "DENY":
                    DerivePrivilegeTargets(targets, first);
                    break;
                case "COPY":
                    AddName(targets, SkipWords(first + 1, "BINARY"));
                    break;
                case "LOAD":
                {
                    var into = FindWordAtDepthZero(first + 1, "INTO");
                    if (into >= 0)
                    {
                        AddName(targets, SkipWords(into + 1, "TABLE"));
                    }

                    break;
                }

                case "BULK":
                    AddName(targets, first + 2);
                    break;
                case "CALL" or "EXEC" or "EXECUTE":
                {
                    var i = first + 1;
                    if (TokenAt(i).Kind == SqlTokenKind.Parameter && IsOperatorToken(TokenAt(i + 1), "="))
                    {
                        i += 2;
                    }

                    AddName(targets, i);
                    break;
                }

                case "USE":
                    AddName(targets, first + 1);
                    break;
                case "SHOW":
                {
                    var from = FindWordAtDepthZero(first + 1, "FROM");
                    if (from < 0)
                    {
                        from = FindWordAtDepthZero(first + 1, "IN");
                    }

                    if (from >= 0)
                    {
                        AddName(targets, from + 1);
                    }
                    else if (IsWordToken(TokenAt(first + 1), "CREATE"))
                    {
                        AddName(targets, first + 3);
                    }

                    break;
                }

                default:
                    if (MaintenanceVerbs.Contains(verb))
                    {
                        var i = first + 1;
                        while (TokenAt(i).Kind == SqlTokenKind.LeftParen)
                        {
                            i = SkipParentheses(i);
                        }

                        i = SkipWords(i, "TABLE", "TABLES", "ONLY", "VERBOSE", "FULL", "FREEZE", "ANALYZE", "NO_WRITE_TO_BINLOG", "LOCAL", "MATERIALIZED", "VIEW", "CONCURRENTLY", "INDEX");
                        AddNameList(targets, i, skipToComma: verb == "LOCK");
                    }

                    break;
            }
        }
        finally
        {
            index = saved;
            depth = savedDepth;
            derivationLimit = int.MaxValue;
        }

        return NodeList.Own(targets);
    }

    private void DerivePrivilegeTargets(List<SqlObjectName> targets, int first)
    {
        var on = FindWordAtDepthZero(first + 1, "ON");
        if (on < 0)
        {
            return;
        }

        var i = on + 1;
        if (IsWordToken(TokenAt(i), "ALL") && TokenAt(i + 1).Kind == SqlTokenKind.Word)
        {
            i = SkipWords(i + 2, "IN", "SCHEMA");
        }
        else if ((TokenAt(i).Kind == SqlTokenKind.Word && ObjectTypeWords.Contains(UpperOf(TokenAt(i)))) || IsWordToken(TokenAt(i), "OBJECT"))
        {
            i++;
            if (IsOperatorToken(TokenAt(i), "::"))
            {
                i++;
            }
        }

        AddNameList(targets, i);
    }

    private bool IsOperatorToken(SqlToken token, string op) => token.Kind == SqlTokenKind.Operator && SpanOf(token).SequenceEqual(op);

    private int SkipWords(int i, params string[] words)
    {
        while (i < tokens.Count && TokenAt(i).Kind == SqlTokenKind.Word && words.Contains(UpperOf(TokenAt(i))))
        {
            i++;
        }

        return i;
    }

    private int SkipParentheses(int i)
    {
        var nesting = 0;
        do
        {
            var kind = TokenAt(i).Kind;
            if (kind is SqlTokenKind.End or SqlTokenKind.Error)
            {
                return i;
            }

            nesting += kind == SqlTokenKind.LeftParen ? 1 : kind == SqlTokenKind.RightParen ? -1 : 0;
            i++;
        }
        while (nesting > 0);
        return i;
    }

    /// <summary>The index of <paramref name="word"/> outside parentheses before the statement ends, or -1.</summary>
    private int FindWordAtDepthZero(int from, string word)
    {
        var nesting = 0;
        for (var i = from; i < tokens.Count; i++)
        {
            var token = TokenAt(i);
            if (token.Kind is SqlTokenKind.End or SqlTokenKind.Error or SqlTokenKind.BatchSeparator || (token.Kind == SqlTokenKind.Semicolon && nesting == 0))
            {
                return -1;
            }

            nesting += token.Kind == SqlTokenKind.LeftParen ? 1 : token.Kind == SqlTokenKind.RightParen ? -1 : 0;
            if (nesting == 0 && IsWordToken(token, word))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Reads a name at token <paramref name="at"/> into <paramref name="targets"/>; returns the index after it, or -1.</summary>
    private int AddName(List<SqlObjectName> targets, int at)
    {
        if (at < 0 || at >= tokens.Count || !(IsIdentifierToken(TokenAt(at)) || TokenAt(at).Kind == SqlTokenKind.Parameter))
        {
            return -1;
        }

        index = at;
        if (TokenAt(at).Kind == SqlTokenKind.Parameter)
        {
            targets.Add(Mark(new SqlObjectName([new SqlIdentifier(TextOf(TokenAt(at)))]), TokenAt(at)));
            return at + 1;
        }

        try
        {
            var name = ParseObjectName("a name");
            if (index > derivationLimit)
            {
                return -1;
            }

            targets.Add(name);
            return index;
        }
        catch (SqlSyntaxException)
        {
            return -1;
        }
    }

    /// <summary>Reads comma-separated names, skipping argument lists (DROP FUNCTION f(int)) and, for LOCK, words after each name.</summary>
    private int AddNameList(List<SqlObjectName> targets, int at, bool skipToComma = false)
    {
        var i = at;
        while (true)
        {
            var next = AddName(targets, i);
            if (next < 0)
            {
                return Math.Max(i, 0);
            }

            i = next;
            if (TokenAt(i).Kind == SqlTokenKind.LeftParen)
            {
                i = SkipParentheses(i);
            }

            while (skipToComma && TokenAt(i).Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier)
            {
                i++;
            }

            if (TokenAt(i).Kind != SqlTokenKind.Comma)
            {
                return i;
            }

            i++;
        }
    }
}
