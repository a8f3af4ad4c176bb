using System.Text;
using Level = Appliance.Core.Sql.SqlParser.Level;

namespace Appliance.Core.Sql;

/// <summary>
/// Pretty-prints syntax trees in a dialect: upper-case keywords, one clause per line, indented subqueries, and
/// identifiers quoted only when the dialect needs it. Parsing the output gives back the same tree.
/// </summary>
public sealed class SqlFormatter
{
    private const int LineWidth = 80;

    private readonly SqlDialect dialect;

    private SqlFormatter(SqlDialect dialect) => this.dialect = dialect;

    public static string Format(SqlStatement statement, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new SqlFormatter(dialect).Statement(statement, 0);
    }

    public static string Format(SqlExpression expression, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return new SqlFormatter(dialect).Expr(expression, 0);
    }

    public static string Format(SqlQuery query, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new SqlFormatter(dialect).Query(query, 0);
    }

    /// <summary>Statements one after another, each ended by a semicolon and separated by a blank line.</summary>
    public static string FormatScript(IEnumerable<SqlStatement> statements, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var formatter = new SqlFormatter(dialect);
        return string.Join("\n\n", statements.Select(s => formatter.Statement(s, 0) + ";"));
    }

    private static string Pad(int indent) => new(' ', indent * 4);

    // ---- Statements ---------------------------------------------------------------------------------------------

    private string Statement(SqlStatement statement, int indent) => statement switch
    {
        SelectStatement select => Query(select.Query, indent),
        InsertStatement insert => Insert(insert, indent),
        UpdateStatement update => Update(update, indent),
        DeleteStatement delete => Delete(delete, indent),
        MergeStatement merge => Merge(merge, indent),
        ExplainStatement explain => Pad(indent) + "EXPLAIN" + (explain.Options.Count > 0 ? " " + Raw(explain.Options) : "") + "\n" + Statement(explain.Statement, indent),
        CommandStatement command => Command(command, indent),
        _ => throw new NotSupportedException($"Cannot format {statement.GetType().Name}."),
    };

    private string Insert(InsertStatement insert, int indent)
    {
        var pad = Pad(indent);
        var lines = new List<string>();
        if (insert.With is not null)
        {
            lines.Add(With(insert.With, indent));
        }

        var head = new StringBuilder(pad).Append(insert.Verb);
        AppendWords(head, insert.Options);
        if (insert.Top is not null)
        {
            head.Append(' ').Append(Top(insert.Top));
        }

        head.Append(" INTO ").Append(Name(insert.Target));
        if (insert.Alias is not null)
        {
            head.Append(" AS ").Append(Ident(insert.Alias));
        }

        if (insert.Columns.Count > 0)
        {
            head.Append(" (").Append(Idents(insert.Columns)).Append(')');
        }

        lines.Add(head.ToString());
        if (insert.Output is not null)
        {
            lines.Add(pad + Output(insert.Output, indent));
        }

        if (insert.DefaultValues)
        {
            lines.Add(pad + "DEFAULT VALUES");
        }
        else if (insert.Source is not null)
        {
            lines.Add(Query(insert.Source, indent));
        }
        else if (insert.Set.Count > 0)
        {
            lines.Add(pad + "SET " + Assignments(insert.Set, indent));
        }
        else if (insert.Execute is not null)
        {
            lines.Add(Statement(insert.Execute, indent));
        }

        if (insert.OnConflict is { } conflict)
        {
            var text = new StringBuilder(pad).Append("ON CONFLICT");
            if (conflict.Constraint is not null)
            {
                text.Append(" ON CONSTRAINT ").Append(Ident(conflict.Constraint));
            }
            else if (conflict.Targets.Count > 0)
            {
                text.Append(" (").Append(Exprs(conflict.Targets, indent)).Append(')');
                if (conflict.TargetWhere is not null)
                {
                    text.Append(" WHERE ").Append(Expr(conflict.TargetWhere, indent));
                }
            }

            if (conflict.DoNothing)
            {
                text.Append(" DO NOTHING");
            }
            else
            {
                text.Append(" DO UPDATE SET ").Append(Assignments(conflict.Set, indent));
                if (conflict.Where is not null)
                {
                    text.Append(" WHERE ").Append(Expr(conflict.Where, indent));
                }
            }

            lines.Add(text.ToString());
        }

        if (insert.OnDuplicateKeyUpdate.Count > 0)
        {
            lines.Add(pad + "ON DUPLICATE KEY UPDATE " + Assignments(insert.OnDuplicateKeyUpdate, indent));
        }

        if (insert.Returning.Count > 0)
        {
            lines.Add(pad + "RETURNING " + SelectItems(insert.Returning, indent));
        }

        return string.Join("\n", lines);
    }

    private string Update(UpdateStatement update, int indent)
    {
        var pad = Pad(indent);
        var lines = new List<string>();
        if (update.With is not null)
        {
            lines.Add(With(update.With, indent));
        }

        var head = new StringBuilder(pad).Append("UPDATE");
        AppendWords(head, update.Options);
        if (update.Top is not null)
        {
            head.Append(' ').Append(Top(update.Top));
        }

        lines.Add(head.Append(' ').Append(Sources(update.Targets, indent)).ToString());
        lines.Add(pad + "SET " + Assignments(update.Set, indent));
        if (update.Output is not null)
        {
            lines.Add(pad + Output(update.Output, indent));
        }

        if (update.From.Count > 0)
        {
            lines.Add(pad + "FROM " + Sources(update.From, indent));
        }

        AddWhere(lines, update.Where, indent);
        if (update.OrderBy.Count > 0)
        {
            lines.Add(pad + "ORDER BY " + OrderItems(update.OrderBy, indent));
        }

        if (update.Limit is not null)
        {
            lines.Add(pad + "LIMIT " + Expr(update.Limit, indent));
        }

        if (update.Returning.Count > 0)
        {
            lines.Add(pad + "RETURNING " + SelectItems(update.Returning, indent));
        }

        return string.Join("\n", lines);
    }

    private string Delete(DeleteStatement delete, int indent)
    {
        var pad = Pad(indent);
        var lines = new List<string>();
        if (delete.With is not null)
        {
            lines.Add(With(delete.With, indent));
        }

        var head = new StringBuilder(pad).Append("DELETE");
        AppendWords(head, delete.Options);
        if (delete.Top is not null)
        {
            head.Append(' ').Append(Top(delete.Top));
        }

        head.Append(delete.TargetsBeforeFrom ? " " : " FROM ").Append(Sources(delete.Targets, indent));
        lines.Add(head.ToString());
        if (delete.Output is not null)
        {
            lines.Add(pad + Output(delete.Output, indent));
        }

        if (delete.Sources.Count > 0)
        {
            lines.Add(pad + (delete.SourcesWithUsing ? "USING " : "FROM ") + Sources(delete.Sources, indent));
        }

        AddWhere(lines, delete.Where, indent);
        if (delete.OrderBy.Count > 0)
        {
            lines.Add(pad + "ORDER BY " + OrderItems(delete.OrderBy, indent));
        }

        if (delete.Limit is not null)
        {
            lines.Add(pad + "LIMIT " + Expr(delete.Limit, indent));
        }

        if (delete.Returning.Count > 0)
        {
            lines.Add(pad + "RETURNING " + SelectItems(delete.Returning, indent));
        }

        return string.Join("\n", lines);
    }

    private string Merge(MergeStatement merge, int indent)
    {
        var pad = Pad(indent);
        var lines = new List<string>();
        if (merge.With is not null)
        {
            lines.Add(With(merge.With, indent));
        }

        lines.Add(pad + "MERGE " + (merge.Top is null ? "" : Top(merge.Top) + " ") + "INTO " + Source(merge.Target, indent));
        lines.Add(pad + "USING " + Source(merge.Source, indent));
        lines.Add(pad + "ON " + Expr(merge.On, indent));
        foreach (var clause in merge.Clauses)
        {
            var text = new StringBuilder(pad).Append(clause.Match switch
            {
                SqlMergeMatch.Matched => "WHEN MATCHED",
                SqlMergeMatch.NotMatched => "WHEN NOT MATCHED",
                _ => "WHEN NOT MATCHED BY SOURCE",
            });
            if (clause.Condition is not null)
            {
                text.Append(" AND ").Append(Expr(clause.Condition, indent));
            }

            text.Append(" THEN ");
            switch (clause.Action)
            {
                case SqlMergeAction.Update:
                    text.Append("UPDATE SET ").Append(Assignments(clause.Set, indent));
                    break;
                case SqlMergeAction.Delete:
                    text.Append("DELETE");
                    break;
                case SqlMergeAction.DoNothing:
                    text.Append("DO NOTHING");
                    break;
                default:
                    text.Append("INSERT");
                    if (clause.Columns.Count > 0)
                    {
                        text.Append(" (").Append(Idents(clause.Columns)).Append(')');
                    }

                    text.Append(clause.DefaultValues ? " DEFAULT VALUES" : " VALUES (" + Exprs(clause.Values, indent) + ")");
                    break;
            }

            lines.Add(text.ToString());
        }

        if (merge.Output is not null)
        {
            lines.Add(pad + Output(merge.Output, indent));
        }

        if (merge.Returning.Count > 0)
        {
            lines.Add(pad + "RETURNING " + SelectItems(merge.Returning, indent));
        }

        return string.Join("\n", lines);
    }

    private string Command(CommandStatement command, int indent)
    {
        var pad = Pad(indent);
        var text = new StringBuilder(pad);
        if (command.Embedded is not null && command.Verb == "COPY")
        {
            text.Append(Raw(command.Tokens)).Append(" (\n").Append(Statement(command.Embedded, indent + 1)).Append('\n').Append(pad).Append(')');
            if (command.TrailingTokens.Count > 0)
            {
                text.Append(' ').Append(Raw(command.TrailingTokens));
            }

            return text.ToString();
        }

        text.Append(command is { CommandKind: StatementKind.Create, ObjectType: "TABLE" } ? TableDefinition(command.Tokens, indent) : Raw(command.Tokens));
        if (command.Embedded is not null)
        {
            text.Append('\n').Append(Statement(command.Embedded, indent));
            if (command.TrailingTokens.Count > 0)
            {
                var trailing = Raw(command.TrailingTokens);
                text.Append(IsBatchSeparatorLine(trailing) ? " " : "\n" + pad).Append(trailing);
            }
        }

        return text.ToString();
    }

    private string Output(SqlOutputClause output, int indent)
    {
        var text = "OUTPUT " + SelectItems(output.Items, indent);
        if (output.Into is not null)
        {
            text += " INTO " + Name(output.Into);
            if (output.IntoColumns.Count > 0)
            {
                text += " (" + Idents(output.IntoColumns) + ")";
            }
        }

        return text;
    }

    private string Assignments(NodeList<SqlAssignment> assignments, int indent) => string.Join(", ", assignments.Select(a =>
        (a.Targets.Count == 1 ? Name(a.Targets[0]) : "(" + string.Join(", ", a.Targets.Select(Name)) + ")") + " " + a.Operator + " " + Expr(a.Value, indent)));

    // ---- Queries ------------------------------------------------------------------------------------------------

    private string Query(SqlQuery query, int indent)
    {
        var pad = Pad(indent);
        var lines = new List<string>();
        if (query.With is not null)
        {
            lines.Add(With(query.With, indent));
        }

        lines.Add(Body(query.Body, indent));
        if (query.OrderBy.Count > 0)
        {
            lines.Add(pad + "ORDER BY " + OrderItems(query.OrderBy, indent));
        }

        if (query.Limit is not null)
        {
            lines.Add(pad + Limit(query.Limit, indent));
        }

        foreach (var locking in query.Locking)
        {
            lines.Add(pad + Locking(locking));
        }

        if (query.Into is not null)
        {
            lines.Add(pad + Into(query.Into));
        }

        if (query.OutputFormat.Count > 0)
        {
            lines.Add(pad + "FOR " + Raw(query.OutputFormat));
        }

        if (query.Hints.Count > 0)
        {
            lines.Add(pad + "OPTION (" + Raw(query.Hints) + ")");
        }

        return string.Join("\n", lines);
    }

    private string With(SqlWithClause with, int indent)
    {
        var pad = Pad(indent);
        var parts = with.Tables.Select(cte =>
        {
            var text = new StringBuilder(Ident(cte.Name));
            if (cte.Columns.Count > 0)
            {
                text.Append(" (").Append(Idents(cte.Columns)).Append(')');
            }

            text.Append(" AS ");
            if (cte.Materialized is { } materialized)
            {
                text.Append(materialized ? "MATERIALIZED " : "NOT MATERIALIZED ");
            }

            return text.Append("(\n").Append(Statement(cte.Body, indent + 1)).Append('\n').Append(pad).Append(')').ToString();
        });
        return pad + "WITH " + (with.Recursive ? "RECURSIVE " : "") + string.Join(",\n" + pad, parts);
    }

    private string Body(SqlQueryBody body, int indent) => body switch
    {
        SqlSelect select => Select(select, indent),
        SqlSetOperation set => SetOperation(set, indent),
        SqlParenthesizedQuery parenthesized => Pad(indent) + "(\n" + Query(parenthesized.Query, indent + 1) + "\n" + Pad(indent) + ")",
        SqlValues values => Values(values, indent),
        _ => throw new NotSupportedException($"Cannot format {body.GetType().Name}."),
    };

    private string SetOperation(SqlSetOperation set, int indent)
    {
        var strength = SetStrength(set.Operator);

        // The parser builds left-deep trees with INTERSECT binding tighter; other shapes need parentheses.
        var left = set.Left is SqlSetOperation l && SetStrength(l.Operator) < strength ? Wrap(l, indent) : Body(set.Left, indent);
        var right = set.Right is SqlSetOperation r && SetStrength(r.Operator) <= strength ? Wrap(r, indent) : Body(set.Right, indent);
        var op = set.Operator switch
        {
            SqlSetOperator.Union => "UNION",
            SqlSetOperator.Intersect => "INTERSECT",
            SqlSetOperator.Except => "EXCEPT",
            _ => "MINUS",
        };
        return left + "\n" + Pad(indent) + op + (set.All ? " ALL" : "") + "\n" + right;
    }

    private static int SetStrength(SqlSetOperator op) => op == SqlSetOperator.Intersect ? 2 : 1;

    private string Wrap(SqlQueryBody body, int indent) => Body(new SqlParenthesizedQuery(new SqlQuery { Body = body }), indent);

    private string Values(SqlValues values, int indent)
    {
        var rows = values.Rows.Select(row => Row(row, indent + 1)).ToList();
        if (rows.Count == 1)
        {
            return Pad(indent) + "VALUES " + rows[0];
        }

        return Pad(indent) + "VALUES\n" + string.Join(",\n", rows.Select(r => Pad(indent + 1) + r));
    }

    private string Row(RowExpression row, int indent) => (row.RowKeyword ? "ROW" : "") + "(" + Exprs(row.Items, indent) + ")";

    private string Select(SqlSelect select, int indent)
    {
        var pad = Pad(indent);
        var head = new StringBuilder("SELECT");
        if (select.Distinct)
        {
            head.Append(" DISTINCT");
            if (select.DistinctOn.Count > 0)
            {
                head.Append(" ON (").Append(Exprs(select.DistinctOn, indent)).Append(')');
            }
        }

        if (select.Top is not null)
        {
            head.Append(' ').Append(Top(select.Top));
        }

        AppendWords(head, select.Options);

        var lines = new List<string>();
        var items = select.Items.Select(item => SelectItem(item, indent + 1)).ToList();
        var oneLine = string.Join(", ", items);
        if (items.Count <= 1 || (!oneLine.Contains('\n', StringComparison.Ordinal) && oneLine.Length + head.Length + 1 <= LineWidth))
        {
            lines.Add(pad + head + " " + (items.Count == 1 ? SelectItem(select.Items[0], indent) : oneLine));
        }
        else
        {
            lines.Add(pad + head + "\n" + string.Join(",\n", items.Select(i => Pad(indent + 1) + i)));
        }

        if (select.Into is not null)
        {
            lines.Add(pad + Into(select.Into));
        }

        if (select.From.Count > 0)
        {
            lines.Add(pad + "FROM " + Sources(select.From, indent));
        }

        AddWhere(lines, select.Where, indent);
        if (select.GroupBy is not null)
        {
            lines.Add(pad + "GROUP BY " + Exprs(select.GroupBy.Items, indent) + (select.GroupBy.WithRollup ? " WITH ROLLUP" : ""));
        }

        if (select.Having is not null)
        {
            lines.Add(pad + "HAVING " + Expr(select.Having, indent));
        }

        if (select.Windows.Count > 0)
        {
            lines.Add(pad + "WINDOW " + string.Join(", ", select.Windows.Select(w => Ident(w.Name) + " AS " + WindowSpec(w.Spec, indent))));
        }

        return string.Join("\n", lines);
    }

    private string SelectItem(SqlSelectItem item, int indent) =>
        Expr(item.Expression, indent) + (item.Alias is null ? "" : " AS " + Ident(item.Alias));

    private string SelectItems(NodeList<SqlSelectItem> items, int indent) => string.Join(", ", items.Select(i => SelectItem(i, indent)));

    /// <summary>WHERE, with a long chain of ANDs broken into one condition per line.</summary>
    private void AddWhere(List<string> lines, SqlExpression? where, int indent)
    {
        if (where is null)
        {
            return;
        }

        var conjuncts = new List<SqlExpression>();
        var node = where;
        while (node is BinaryExpression { Operator: "AND" } and)
        {
            conjuncts.Add(and.Right);
            node = and.Left;
        }

        conjuncts.Add(node);
        conjuncts.Reverse();
        var pad = Pad(indent);
        var single = pad + "WHERE " + Expr(where, indent);
        if (conjuncts.Count == 1 || (conjuncts.Count == 2 && single.Length <= LineWidth))
        {
            lines.Add(single);
            return;
        }

        var text = new StringBuilder(pad).Append("WHERE ").Append(Left(conjuncts[0], Level.And, indent));
        for (var i = 1; i < conjuncts.Count; i++)
        {
            text.Append('\n').Append(Pad(indent + 1)).Append("AND ").Append(Operand(conjuncts[i], Level.And + 1, indent + 1));
        }

        lines.Add(text.ToString());
    }

    private string Top(SqlTop top) => "TOP (" + Expr(top.Count, 0) + ")" + (top.Percent ? " PERCENT" : "") + (top.WithTies ? " WITH TIES" : "");

    private string Into(SqlIntoClause into)
    {
        var text = new StringBuilder("INTO");
        switch (into.Kind)
        {
            case SqlIntoKind.Table:
                AppendWords(text, into.TableModifiers);
                text.Append(' ').Append(Name(into.Table!));
                break;
            case SqlIntoKind.Variables:
                text.Append(' ').Append(Exprs(into.Variables, 0));
                break;
            default:
                text.Append(into.Kind == SqlIntoKind.OutFile ? " OUTFILE " : " DUMPFILE ").Append(into.File);
                AppendWords(text, into.Options);
                break;
        }

        return text.ToString();
    }

    private string Limit(SqlLimit limit, int indent)
    {
        switch (limit.Style)
        {
            case SqlLimitStyle.LimitComma:
                return "LIMIT " + Expr(limit.Offset!, indent) + ", " + Expr(limit.Count!, indent);
            case SqlLimitStyle.OffsetFetch:
                var parts = new List<string>();
                if (limit.Offset is not null)
                {
                    parts.Add("OFFSET " + Expr(limit.Offset, indent) + " ROWS");
                }

                if (limit.Count is not null)
                {
                    parts.Add("FETCH NEXT " + Expr(limit.Count, indent) + " ROWS " + (limit.WithTies ? "WITH TIES" : "ONLY"));
                }

                return string.Join(" ", parts);
            default:
                var text = limit.Count is null ? "" : "LIMIT " + Expr(limit.Count, indent);
                if (limit.Offset is not null)
                {
                    text += (text.Length > 0 ? " " : "") + "OFFSET " + Expr(limit.Offset, indent);
                }

                return text;
        }
    }

    private string Locking(SqlLockingClause locking)
    {
        if (locking.Strength == SqlLockStrength.LockInShareMode)
        {
            return "LOCK IN SHARE MODE";
        }

        var text = "FOR " + locking.Strength switch
        {
            SqlLockStrength.Update => "UPDATE",
            SqlLockStrength.NoKeyUpdate => "NO KEY UPDATE",
            SqlLockStrength.Share => "SHARE",
            _ => "KEY SHARE",
        };
        if (locking.Of.Count > 0)
        {
            text += " OF " + string.Join(", ", locking.Of.Select(Name));
        }

        return text + locking.Wait switch
        {
            SqlLockWait.NoWait => " NOWAIT",
            SqlLockWait.SkipLocked => " SKIP LOCKED",
            _ => "",
        };
    }

    private string OrderItems(NodeList<SqlOrderItem> items, int indent) => string.Join(", ", items.Select(item =>
        Expr(item.Expression, indent) +
        item.Direction switch
        {
            SqlSortDirection.Ascending => " ASC",
            SqlSortDirection.Descending => " DESC",
            _ => "",
        } +
        item.Nulls switch
        {
            SqlNullsOrder.First => " NULLS FIRST",
            SqlNullsOrder.Last => " NULLS LAST",
            _ => "",
        }));

    private string WindowSpec(SqlWindowSpec spec, int indent)
    {
        var parts = new List<string>();
        if (spec.BaseWindow is not null)
        {
            parts.Add(Ident(spec.BaseWindow));
        }

        if (spec.PartitionBy.Count > 0)
        {
            parts.Add("PARTITION BY " + Exprs(spec.PartitionBy, indent));
        }

        if (spec.OrderBy.Count > 0)
        {
            parts.Add("ORDER BY " + OrderItems(spec.OrderBy, indent));
        }

        if (spec.Frame is { } frame)
        {
            var units = frame.Units switch
            {
                SqlFrameUnits.Rows => "ROWS",
                SqlFrameUnits.Range => "RANGE",
                _ => "GROUPS",
            };
            var text = frame.End is null
                ? units + " " + FrameBound(frame.Start, indent)
                : units + " BETWEEN " + FrameBound(frame.Start, indent) + " AND " + FrameBound(frame.End, indent);
            if (frame.Exclusion is not null)
            {
                text += " EXCLUDE " + frame.Exclusion;
            }

            parts.Add(text);
        }

        return "(" + string.Join(" ", parts) + ")";
    }

    private string FrameBound(SqlFrameBound bound, int indent) => bound.Kind switch
    {
        SqlFrameBoundKind.UnboundedPreceding => "UNBOUNDED PRECEDING",
        SqlFrameBoundKind.UnboundedFollowing => "UNBOUNDED FOLLOWING",
        SqlFrameBoundKind.CurrentRow => "CURRENT ROW",
        SqlFrameBoundKind.Preceding => Operand(bound.Offset!, Level.Other, indent) + " PRECEDING",
        _ => Operand(bound.Offset!, Level.Other, indent) + " FOLLOWING",
    };

    // ---- Table sources ------------------------------------------------------------------------------------------

    private string Sources(NodeList<SqlTableSource> sources, int indent) => string.Join(", ", sources.Select(s => Source(s, indent)));

    private string Source(SqlTableSource source, int indent)
    {
        switch (source)
        {
            case SqlNamedTable table:
            {
                var text = new StringBuilder();
                if (table.Only)
                {
                    text.Append("ONLY ");
                }

                text.Append(Name(table.Name)).Append(Alias(table.Alias));
                if (table.Hints.Count > 0)
                {
                    text.Append(dialect == SqlDialect.TSql ? " WITH (" + string.Join(", ", table.Hints) + ")" : " " + string.Join(" ", table.Hints));
                }

                return text.ToString();
            }

            case SqlDerivedTable derived:
                return (derived.Lateral ? "LATERAL " : "") + Subquery(derived.Query, indent) + Alias(derived.Alias);
            case SqlFunctionTable function:
                return (function.Lateral ? "LATERAL " : "") + Function(function.Function, indent) + (function.WithOrdinality ? " WITH ORDINALITY" : "") + Alias(function.Alias);
            case SqlParenthesizedSource parenthesized:
                return "(" + Source(parenthesized.Inner, indent) + ")" + Alias(parenthesized.Alias);
            case SqlJoin join:
            {
                var right = join.Right is SqlJoin ? "(" + Source(join.Right, indent + 1) + ")" : Source(join.Right, indent + 1);
                var text = new StringBuilder(Source(join.Left, indent)).Append('\n').Append(Pad(indent + 1));
                if (join.Natural)
                {
                    text.Append("NATURAL ");
                }

                text.Append(join.Kind switch
                {
                    SqlJoinKind.Inner => "JOIN",
                    SqlJoinKind.Left => "LEFT JOIN",
                    SqlJoinKind.Right => "RIGHT JOIN",
                    SqlJoinKind.Full => "FULL JOIN",
                    SqlJoinKind.Cross => "CROSS JOIN",
                    SqlJoinKind.CrossApply => "CROSS APPLY",
                    SqlJoinKind.OuterApply => "OUTER APPLY",
                    _ => "STRAIGHT_JOIN",
                }).Append(' ').Append(right);
                if (join.On is not null)
                {
                    text.Append(" ON ").Append(Expr(join.On, indent + 1));
                }
                else if (join.Using.Count > 0)
                {
                    text.Append(" USING (").Append(Idents(join.Using)).Append(')');
                }

                return text.ToString();
            }

            default:
                throw new NotSupportedException($"Cannot format {source.GetType().Name}.");
        }
    }

    private string Alias(SqlTableAlias? alias) => alias is null
        ? ""
        : " AS " + Ident(alias.Name) + (alias.Columns.Count > 0 ? " (" + Idents(alias.Columns) + ")" : "");

    private string Subquery(SqlQuery query, int indent) => "(\n" + Query(query, indent + 1) + "\n" + Pad(indent) + ")";

    // ---- Expressions --------------------------------------------------------------------------------------------

    private string Exprs(IEnumerable<SqlExpression> expressions, int indent) => string.Join(", ", expressions.Select(e => Expr(e, indent)));

    /// <summary>An expression in a place that binds at <paramref name="level"/>: parenthesized when it binds more loosely.</summary>
    private string ExprAt(SqlExpression expression, int level, int indent) =>
        LevelOf(expression) < level ? "(" + Expr(expression, indent) + ")" : Expr(expression, indent);

    /// <summary>
    /// A left-hand operand followed by an operator of <paramref name="level"/>: parenthesized only when its last,
    /// open-ended operand would swallow that operator on reparsing. Constructs closed on the right (IS NULL, IN (…),
    /// x::type) never need it, whatever their own precedence.
    /// </summary>
    private string Left(SqlExpression expression, int level, int indent) =>
        level >= OpenLevel(expression) ? "(" + Expr(expression, indent) + ")" : Expr(expression, indent);

    /// <summary>The weakest operator level the expression's trailing operand would absorb; past the top when closed.</summary>
    private int OpenLevel(SqlExpression expression) => expression switch
    {
        BinaryExpression binary => binary.Operator == ":=" ? BinaryLevel(binary.Operator) : BinaryLevel(binary.Operator) + 1,
        UnaryExpression unary => unary.Operator == "NOT" ? Level.Not + 1 : Level.Unary,
        IsExpression { Test: SqlIsTest.DistinctFrom } => Level.Comparison + 1,
        BetweenExpression => Level.Other,
        LikeExpression => Level.Like + 1,
        IntervalExpression { Unit: null } => Level.Unary,
        _ => int.MaxValue,
    };

    /// <summary>
    /// A right-hand operand. Prefix operators (NOT, -) are accepted there at any level by the parser, so they are never
    /// parenthesized; anything else binding more loosely than <paramref name="level"/> is.
    /// </summary>
    private string Operand(SqlExpression expression, int level, int indent) =>
        expression is UnaryExpression ? Expr(expression, indent) : ExprAt(expression, level, indent);

    private int LevelOf(SqlExpression expression) => expression switch
    {
        BinaryExpression binary => BinaryLevel(binary.Operator),
        UnaryExpression unary => unary.Operator == "NOT" ? Level.Not : Level.Unary,
        IsExpression => Level.Is,
        BetweenExpression or LikeExpression or InListExpression or InSubqueryExpression => Level.Like,
        QuantifiedExpression quantified => char.IsLetter(quantified.Operator[0]) ? Level.Like : Level.Comparison,
        CollateExpression => Level.Collate,
        _ => Level.Postfix + 1,
    };

    private int BinaryLevel(string op) => op switch
    {
        "OR" or ":=" => Level.Or,
        "||" when dialect == SqlDialect.MySql => Level.Or,
        "XOR" => Level.Xor,
        "AND" => Level.And,
        "&&" when dialect == SqlDialect.MySql => Level.And,
        "=" or "<" or ">" or "<=" or ">=" or "<>" or "!=" or "<=>" or "==" or "!<" or "!>" => Level.Comparison,
        "+" or "-" => Level.Additive,
        "*" or "/" or "%" or "DIV" or "MOD" => Level.Multiplicative,
        "^" when dialect == SqlDialect.Postgres => Level.Exponent,
        "AT TIME ZONE" => Level.AtTimeZone,
        _ => Level.Other,
    };

    private string Expr(SqlExpression expression, int indent)
    {
        switch (expression)
        {
            case LiteralExpression literal:
                return literal.Text;
            case TypedLiteralExpression typed:
                return typed.TypeName + " " + typed.Literal.Text;
            case IntervalExpression interval:
                return "INTERVAL " + ExprAt(interval.Value, Level.Unary, indent) + (interval.Unit is null ? "" : " " + interval.Unit);
            case ColumnExpression column:
                return Name(column.Name);
            case StarExpression star:
                return star.Qualifier is null ? "*" : Name(star.Qualifier) + ".*";
            case ParameterExpression parameter:
                return parameter.Name;
            case KeywordExpression keyword:
                return keyword.Keyword;
            case UnaryExpression unary:
                return Unary(unary, indent);
            case BinaryExpression binary:
            {
                var level = BinaryLevel(binary.Operator);
                var right = binary.Operator == ":=" ? Operand(binary.Right, level, indent) : Operand(binary.Right, level + 1, indent);
                return Left(binary.Left, level, indent) + " " + binary.Operator + " " + right;
            }

            case ParenthesizedExpression parenthesized:
                return "(" + Expr(parenthesized.Inner, indent) + ")";
            case RowExpression row:
                return Row(row, indent);
            case IsExpression isExpression:
                return Left(isExpression.Operand, Level.Is, indent) + " IS " + (isExpression.Negated ? "NOT " : "") + isExpression.Test switch
                {
                    SqlIsTest.Null => "NULL",
                    SqlIsTest.True => "TRUE",
                    SqlIsTest.False => "FALSE",
                    SqlIsTest.Unknown => "UNKNOWN",
                    _ => "DISTINCT FROM " + Operand(isExpression.Other!, Level.Comparison + 1, indent),
                };
            case BetweenExpression between:
                return Left(between.Operand, Level.Like, indent) + (between.Negated ? " NOT" : "") + " BETWEEN " + (between.Symmetric ? "SYMMETRIC " : "") +
                    Operand(between.Low, Level.Other, indent) + " AND " + Operand(between.High, Level.Other, indent);
            case LikeExpression like:
                return Left(like.Operand, Level.Like, indent) + (like.Negated ? " NOT " : " ") + like.Operator + " " + Operand(like.Pattern, Level.Like + 1, indent) +
                    (like.Escape is null ? "" : " ESCAPE " + Operand(like.Escape, Level.Like + 1, indent));
            case InListExpression inList:
                return Left(inList.Operand, Level.Like, indent) + (inList.Negated ? " NOT IN (" : " IN (") + Exprs(inList.Items, indent) + ")";
            case InSubqueryExpression inSubquery:
                return Left(inSubquery.Operand, Level.Like, indent) + (inSubquery.Negated ? " NOT IN " : " IN ") + Subquery(inSubquery.Query, indent);
            case ExistsExpression exists:
                return "EXISTS " + Subquery(exists.Query, indent);
            case SubqueryExpression subquery:
                return Subquery(subquery.Query, indent);
            case QuantifiedExpression quantified:
                return Left(quantified.Left, LevelOf(quantified), indent) + " " + quantified.Operator + " " + quantified.Quantifier.ToString().ToUpperInvariant() + " " +
                    (quantified.Source is SubqueryExpression source ? Subquery(source.Query, indent) : "(" + Expr(quantified.Source, indent) + ")");
            case FunctionCall call:
                return Function(call, indent);
            case KeywordArgument keywordArgument:
                return keywordArgument.Keyword + (keywordArgument.Value is null ? "" : " " + Expr(keywordArgument.Value, indent));
            case NamedArgument named:
                return Ident(named.Name) + " => " + Expr(named.Value, indent);
            case CaseExpression caseExpression:
                return Case(caseExpression, indent);
            case CastExpression cast:
                return Cast(cast, indent);
            case ExtractExpression extract:
                return "EXTRACT(" + extract.Field + " FROM " + Expr(extract.Source, indent) + ")";
            case CollateExpression collate:
                return Left(collate.Operand, Level.Collate, indent) + " COLLATE " + Name(collate.Collation);
            case ArrayExpression array:
                return (array.ArrayKeyword ? "ARRAY[" : "[") + Exprs(array.Elements, indent) + "]";
            case ArraySubqueryExpression arraySubquery:
                return "ARRAY" + Subquery(arraySubquery.Query, indent);
            case SubscriptExpression subscript:
                return Left(subscript.Operand, Level.Postfix, indent) + "[" + (subscript.Lower is null ? "" : Expr(subscript.Lower, indent)) +
                    (subscript.Slice ? ":" + (subscript.Upper is null ? "" : Expr(subscript.Upper, indent)) : "") + "]";
            case FieldExpression field:
                return Left(field.Operand, Level.Postfix, indent) + "." + (field.Field is null ? "*" : Ident(field.Field));
            case GroupingExpression grouping:
                return grouping.Kind switch
                {
                    SqlGroupingKind.Rollup => "ROLLUP (",
                    SqlGroupingKind.Cube => "CUBE (",
                    _ => "GROUPING SETS (",
                } + Exprs(grouping.Items, indent) + ")";
            default:
                throw new NotSupportedException($"Cannot format {expression.GetType().Name}.");
        }
    }

    private string Unary(UnaryExpression unary, int indent)
    {
        if (unary.Operator is "NOT" or "BINARY")
        {
            return unary.Operator + " " + Operand(unary.Operand, unary.Operator == "NOT" ? Level.Not + 1 : Level.Unary, indent);
        }

        var operand = Operand(unary.Operand, Level.Unary, indent);

        // "- -1" must not become the comment "--1", nor "-@x" one PostgreSQL operator.
        var glue = operand.Length > 0 && "+-*/<>=~!@#%^&|`?".Contains(operand[0], StringComparison.Ordinal);
        return unary.Operator + (glue ? " " : "") + operand;
    }

    private string Function(FunctionCall call, int indent)
    {
        var text = new StringBuilder(FunctionName(call.Name)).Append('(');
        if (call.Distinct)
        {
            text.Append("DISTINCT ");
        }

        var position = call.Name.Parts.Count == 1 && call.Name.Name.Value.Equals("POSITION", StringComparison.OrdinalIgnoreCase);
        var first = true;
        foreach (var argument in call.Arguments)
        {
            if (argument is KeywordArgument { Keyword: "SEPARATOR" })
            {
                continue;
            }

            if (argument is KeywordArgument keyword)
            {
                text.Append(first ? "" : " ").Append(Expr(keyword, indent));
            }
            else
            {
                text.Append(first ? "" : ", ").Append(first && position ? ExprAt(argument, Level.Like + 1, indent) : Expr(argument, indent));
            }

            first = false;
        }

        if (call.OrderBy.Count > 0)
        {
            text.Append(" ORDER BY ").Append(OrderItems(call.OrderBy, indent));
        }

        foreach (var separator in call.Arguments.OfType<KeywordArgument>().Where(a => a.Keyword == "SEPARATOR"))
        {
            text.Append(' ').Append(Expr(separator, indent));
        }

        text.Append(')');
        if (call.WithinGroup.Count > 0)
        {
            text.Append(" WITHIN GROUP (ORDER BY ").Append(OrderItems(call.WithinGroup, indent)).Append(')');
        }

        if (call.Filter is not null)
        {
            text.Append(" FILTER (WHERE ").Append(Expr(call.Filter, indent)).Append(')');
        }

        if (call.Over is not null)
        {
            text.Append(" OVER ").Append(WindowSpec(call.Over, indent));
        }
        else if (call.OverWindow is not null)
        {
            text.Append(" OVER ").Append(Ident(call.OverWindow));
        }

        return text.ToString();
    }

    private string Case(CaseExpression caseExpression, int indent)
    {
        var head = "CASE" + (caseExpression.Operand is null ? "" : " " + Expr(caseExpression.Operand, indent));
        var branches = caseExpression.Whens.Select(w => "WHEN " + Expr(w.Condition, indent + 1) + " THEN " + Expr(w.Result, indent + 1)).ToList();
        if (caseExpression.Else is not null)
        {
            branches.Add("ELSE " + Expr(caseExpression.Else, indent + 1));
        }

        var oneLine = head + " " + string.Join(" ", branches) + " END";
        if (oneLine.Length <= LineWidth && !oneLine.Contains('\n', StringComparison.Ordinal))
        {
            return oneLine;
        }

        return head + "\n" + string.Join("\n", branches.Select(b => Pad(indent + 1) + b)) + "\n" + Pad(indent) + "END";
    }

    private string Cast(CastExpression cast, int indent) => cast.Syntax switch
    {
        SqlCastSyntax.Cast => "CAST(" + Expr(cast.Operand, indent) + " AS " + DataType(cast.Type) + ")",
        SqlCastSyntax.TryCast => "TRY_CAST(" + Expr(cast.Operand, indent) + " AS " + DataType(cast.Type) + ")",
        SqlCastSyntax.Colons => Left(cast.Operand, Level.Postfix, indent) + "::" + DataType(cast.Type),
        SqlCastSyntax.ConvertValueFirst => "CONVERT(" + Expr(cast.Operand, indent) + ", " + DataType(cast.Type) + ")",
        _ => (cast.Syntax == SqlCastSyntax.TryConvert ? "TRY_CONVERT(" : "CONVERT(") + DataType(cast.Type) + ", " + Expr(cast.Operand, indent) +
            (cast.Style is null ? "" : ", " + Expr(cast.Style, indent)) + ")",
    };

    private string DataType(SqlDataType type)
    {
        var text = new StringBuilder(string.Join(".", type.Name.Select(p => p.Quoted ? SqlKeywords.Quote(p.Value, dialect) : p.Value)));
        if (type.Arguments.Count > 0)
        {
            text.Append('(').Append(string.Join(", ", type.Arguments)).Append(')');
        }

        AppendWords(text, type.Modifiers);
        for (var i = 0; i < type.ArrayDimensions; i++)
        {
            text.Append("[]");
        }

        return text.ToString();
    }

    // ---- Names and raw tokens -----------------------------------------------------------------------------------

    private string Name(SqlObjectName name) => string.Join(".", name.Parts.Select(Ident));

    private string Idents(IEnumerable<SqlIdentifier> identifiers) => string.Join(", ", identifiers.Select(Ident));

    private string Ident(SqlIdentifier identifier)
    {
        var value = identifier.Value;
        if (value.Length == 0)
        {
            return "";
        }

        if (identifier.Quoted)
        {
            return SqlKeywords.Quote(value, dialect);
        }

        // Variables used as names (T-SQL table variables, MySQL user variables) are written as they are.
        if (value[0] == '@' && dialect is SqlDialect.TSql or SqlDialect.MySql)
        {
            return value;
        }

        return SqlKeywords.NeedsQuoting(value, dialect, caseMatters: false) ? SqlKeywords.Quote(value, dialect) : value;
    }

    private string FunctionName(SqlObjectName name) => string.Join(".", name.Parts.Select((part, i) =>
        i == name.Parts.Count - 1 && !part.Quoted && SqlKeywords.IsPlainWord(part.Value, dialect) ? part.Value : Ident(part)));

    private static void AppendWords(StringBuilder text, IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            text.Append(' ').Append(word);
        }
    }

    /// <summary>Tokens joined with single spaces, except where spacing would look odd and cannot change the meaning.</summary>
    private string Raw(IReadOnlyList<string> tokens)
    {
        var text = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (i > 0 && NeedsSpace(tokens[i - 1], token))
            {
                text.Append(' ');
            }

            text.Append(token);
        }

        return text.ToString();
    }

    /// <summary>CREATE TABLE with its column and constraint definitions one per line.</summary>
    private string TableDefinition(IReadOnlyList<string> tokens, int indent)
    {
        var open = -1;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i] == "(")
            {
                open = i;
                break;
            }
        }

        if (open < 0)
        {
            return Raw(tokens);
        }

        var lines = new List<string>();
        var current = new List<string>();
        var nesting = 0;
        var close = -1;
        for (var i = open + 1; i < tokens.Count && close < 0; i++)
        {
            var token = tokens[i];
            nesting += token == "(" ? 1 : token == ")" ? -1 : 0;
            if (nesting < 0)
            {
                close = i;
            }
            else if (nesting == 0 && token == ",")
            {
                lines.Add(Raw(current));
                current.Clear();
            }
            else
            {
                current.Add(token);
            }
        }

        if (close < 0 || current.Count == 0)
        {
            return Raw(tokens);
        }

        lines.Add(Raw(current));
        if (lines.Exists(IsBatchSeparatorLine))
        {
            return Raw(tokens);
        }

        var text = new StringBuilder(Raw(tokens.Take(open).ToList())).Append(" (\n");
        text.Append(string.Join(",\n", lines.Select(line => Pad(indent + 1) + line))).Append('\n').Append(Pad(indent)).Append(')');
        if (close + 1 < tokens.Count)
        {
            text.Append(tokens[close + 1] is "," or ";" ? "" : " ").Append(Raw(tokens.Skip(close + 1).ToList()));
        }

        return text.ToString();
    }

    /// <summary>Whether a line would read as T-SQL's GO batch separator (a name spelled go must not stand alone on one).</summary>
    private bool IsBatchSeparatorLine(string line)
    {
        if (dialect != SqlDialect.TSql)
        {
            return false;
        }

        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is 1 or 2 && words[0].Equals("GO", StringComparison.OrdinalIgnoreCase) && (words.Length == 1 || words[1].All(char.IsAsciiDigit));
    }

    private static bool IsWordEnd(char c) => char.IsLetterOrDigit(c) || c is '_' or '"' or '`' or ']' or ')' or '\'';

    private static bool IsWordStart(char c) => char.IsLetter(c) || c is '_' or '"' or '`' or '[';

    private bool NeedsSpace(string previous, string token)
    {
        // "1 ." must not become the number "1.", nor ". 5" the number ".5".
        if (token == ".")
        {
            return char.IsAsciiDigit(previous[0]) || previous[^1] == '.';
        }

        if (previous == ".")
        {
            return char.IsAsciiDigit(token[0]) || token[0] == '.';
        }

        // x::type reads better glued, but only between names, or ":::" would lex differently.
        if (token == "::")
        {
            return !IsWordEnd(previous[^1]);
        }

        if (previous == "::")
        {
            return !IsWordStart(token[0]);
        }

        if (token is "," or ")" or ";" || previous == "(")
        {
            return false;
        }

        if (token == "(")
        {
            var wordLike = previous.Length > 0 && (char.IsLetterOrDigit(previous[0]) || previous[0] is '_' or '"' or '`' or '[' or '#' or '@');
            return !wordLike || SqlKeywords.IsReserved(previous, dialect);
        }

        return true;
    }
}
