using System.Globalization;
using Appliance.Core.Schema;
using Appliance.Core.Sql.Binding;

namespace Appliance.Core.Sql.Explain;

/// <summary>
/// Explains a statement in plain English, deterministically from its syntax tree and the ingested schema: which rows
/// come back with which columns, from which tables and how they are joined, filters, grouping and aggregates, window
/// functions, ordering and limits, with CTEs and subqueries as numbered steps. Table and column comments word the
/// text where the schema has them. Where a construct has no plain wording, the SQL itself is quoted, never guessed.
/// </summary>
public static class SqlExplainer
{
    public static QueryExplanation Explain(ParsedStatement statement, DatabaseSchema? schema, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        schema ??= new DatabaseSchema { Engine = Connections.DatabaseEngine.Sqlite };
        var bound = SqlBinder.Bind(statement, schema, dialect);
        return new Explainer(bound, dialect).Explain();
    }

    private sealed class Explainer(BoundStatement bound, SqlDialect dialect)
    {
        private readonly List<ExplanationStep> steps = [];
        private readonly List<string> warnings = [];
        private readonly Dictionary<SqlNode, int> stepOf = new(ReferenceEqualityComparer.Instance);
        private readonly HashSet<string> describedTables = new(StringComparer.Ordinal);
        private bool orderedQuery;

        public QueryExplanation Explain()
        {
            var summary = bound.Statement switch
            {
                SelectStatement select => ExplainSelect(select.Query),
                InsertStatement insert => ExplainInsert(insert),
                UpdateStatement update => ExplainUpdate(update),
                DeleteStatement delete => ExplainDelete(delete),
                MergeStatement merge => ExplainMerge(merge),
                ExplainStatement explain => ExplainExplain(explain),
                CommandStatement command => ExplainCommand(command),
                _ => "This statement could not be explained.",
            };

            var verdict = ReadOnlyPolicy.Check(bound.Parsed, dialect);
            if (!verdict.Allowed)
            {
                warnings.Insert(0, "Not allowed in read-only mode: " + LowerFirst(verdict.Reason));
            }

            return new QueryExplanation
            {
                Summary = summary,
                Steps = steps,
                Tables = bound.Sources.Select(s => s.QualifiedName).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
                Warnings = warnings,
                Problems = bound.Problems.Select(p => p.Message).ToList(),
            };
        }

        // ---- SELECT ------------------------------------------------------------------------------------------------

        private string ExplainSelect(SqlQuery query)
        {
            var summary = DescribeQuery(query, out var lines);
            AddStep(query, steps.Count == 0 ? "The query" : "Final result", lines);
            return summary;
        }

        /// <summary>Describes a whole query (WITH, body, ORDER BY, LIMIT); CTEs and complex subqueries become earlier steps.</summary>
        private string DescribeQuery(SqlQuery query, out List<string> lines)
        {
            if (query.With is { } with)
            {
                foreach (var cte in with.Tables)
                {
                    DescribeCte(cte, with.Recursive);
                }
            }

            lines = [];
            string summary;
            var enclosingOrdered = orderedQuery;
            orderedQuery = query.OrderBy.Count > 0;
            switch (query.Body)
            {
                case SqlSelect select:
                    summary = DescribeSelect(select, lines);
                    break;
                case SqlSetOperation set:
                    summary = DescribeSetOperation(set, lines);
                    break;
                case SqlValues values:
                    summary = $"Returns {Count(values.Rows.Count, "row")} of literal values.";
                    lines.Add($"Returns {Count(values.Rows.Count, "row")} written in the statement (VALUES).");
                    break;
                case SqlParenthesizedQuery inner:
                    summary = DescribeQuery(inner.Query, out var innerLines);
                    lines.AddRange(innerLines);
                    break;
                default:
                    summary = "Returns rows.";
                    break;
            }

            orderedQuery = enclosingOrdered;
            var tail = new List<string>();
            if (query.OrderBy.Count > 0)
            {
                var order = DescribeOrder(query.OrderBy);
                lines.Add($"Sorts the result by {order}.");
                tail.Add($"sorted by {order}");
            }

            var outerOrdered = orderedQuery;
            orderedQuery = query.OrderBy.Count > 0;
            if (DescribeLimit(query.Limit, null) is { } limit)
            {
                lines.Add("Returns " + limit + ".");
                tail.Add(limit);
            }

            orderedQuery = outerOrdered;

            if (query.Locking.Count > 0)
            {
                lines.Add("Locks the rows it reads (" + string.Join(", ", query.Locking.Select(l => "FOR " + l.Strength.ToString().ToUpperInvariant())) + ") until the transaction ends.");
            }

            if (tail.Count > 0)
            {
                summary = summary.TrimEnd('.') + ", " + string.Join(", ", tail) + ".";
            }

            return summary;
        }

        private void DescribeCte(SqlCommonTableExpression cte, bool recursive)
        {
            var name = cte.Name.Value;
            var lines = new List<string>();
            if (cte.Body is SelectStatement { Query: var query })
            {
                if (recursive && query.Body is SqlSetOperation { Operator: SqlSetOperator.Union } set && ReferencesName(set.Right, name))
                {
                    var anchor = DescribeBodyInline(set.Left);
                    var step = DescribeBodyInline(set.Right);
                    lines.Add($"Starts with {anchor}.");
                    lines.Add($"Then repeatedly adds {step}, using the rows found in the previous round, until no new rows appear{(set.All ? "" : " (duplicates removed)")}.");
                }
                else
                {
                    DescribeQuery(query, out var queryLines);
                    lines.AddRange(queryLines);
                }
            }
            else
            {
                // A data-changing WITH query (PostgreSQL): explain the statement itself (it adds its own step, taken over
                // here), then say its RETURNING rows feed the rest.
                switch (cte.Body)
                {
                    case InsertStatement insert:
                        ExplainInsert(insert);
                        break;
                    case UpdateStatement update:
                        ExplainUpdate(update);
                        break;
                    case DeleteStatement delete:
                        ExplainDelete(delete);
                        break;
                }
                if (steps.Count > 0 && stepOf.TryGetValue(cte.Body, out var own) && own == steps.Count)
                {
                    lines.AddRange(steps[^1].Lines);
                    steps.RemoveAt(steps.Count - 1);
                    stepOf.Remove(cte.Body);
                }

                lines.Add("The rows it returns (RETURNING) are what the rest of the query reads as " + Name(cte.Name) + ".");
            }

            if (cte.Columns.Count > 0)
            {
                lines.Add($"Its columns are named {JoinAnd(cte.Columns.Select(c => c.Value))}.");
            }

            AddStep(cte, $"{name} (named subquery{(recursive ? ", recursive" : "")})", lines);
        }

        /// <summary>A one-phrase account of a set-operation branch ("the employees where manager_id is empty").</summary>
        private string DescribeBodyInline(SqlQueryBody body)
        {
            if (body is SqlSelect select)
            {
                var from = select.From.Count == 0 ? "a single row" : JoinAnd(select.From.Select(InlineSource));
                var where = select.Where is null ? "" : " where " + Condition(select.Where);
                return $"the rows of {from}{where}";
            }

            return "the rows of " + Sql(body);
        }

        private string InlineSource(SqlTableSource source) => source switch
        {
            SqlJoin { On: { } on } join => $"{InlineSource(join.Left)} joined with {InlineSource(join.Right)} on {Condition(on)}",
            SqlJoin join => $"{InlineSource(join.Left)} combined with {InlineSource(join.Right)}",
            SqlParenthesizedSource p => InlineSource(p.Inner),
            _ => bound.SourceOf(source)?.ToString() ?? Sql(source),
        };

        private static bool ReferencesName(SqlNode node, string name) =>
            SqlTree.Descendants(node).OfType<SqlNamedTable>().Any(t => t.Name.Parts.Count == 1 && string.Equals(t.Name.Name.Value, name, StringComparison.OrdinalIgnoreCase));

        private string DescribeSetOperation(SqlSetOperation set, List<string> lines)
        {
            var branches = new List<(SqlQueryBody Body, SqlSetOperator? Operator, bool All)>();
            Flatten(set, branches);
            var numbers = new List<int>();
            foreach (var (body, _, _) in branches)
            {
                var branchLines = new List<string>();
                var summary = body switch
                {
                    SqlSelect select => DescribeSelect(select, branchLines),
                    SqlParenthesizedQuery p => DescribeQuery(p.Query, out branchLines),
                    _ => "Returns " + Sql(body) + ".",
                };
                if (branchLines.Count == 0)
                {
                    branchLines.Add(summary);
                }

                numbers.Add(AddStep(body, $"Part {numbers.Count + 1}", branchLines));
            }

            var words = new List<string>();
            for (var i = 1; i < branches.Count; i++)
            {
                words.Add(SetWords(branches[i].Operator!.Value, branches[i].All, numbers[i]));
            }

            lines.Add($"Takes the rows of step {numbers[0]}, then {string.Join(", then ", words)}.");
            lines.Add("The result has the column names of step " + numbers[0] + ".");
            return set.Operator switch
            {
                SqlSetOperator.Union => $"Combines the rows of {Count(branches.Count, "query", "queries")}{(branches.All(b => b.All || b.Operator is null) ? ", keeping duplicates" : ", without duplicates")}.",
                SqlSetOperator.Intersect => "Returns the rows that all parts have in common.",
                _ => $"Returns the rows of the first query that are not in the {(branches.Count > 2 ? "others" : "second")}.",
            };
        }

        private static void Flatten(SqlQueryBody body, List<(SqlQueryBody, SqlSetOperator?, bool)> branches, SqlSetOperator? op = null, bool all = false)
        {
            if (body is SqlSetOperation set)
            {
                Flatten(set.Left, branches, op, all);
                Flatten(set.Right, branches, set.Operator, set.All);
            }
            else
            {
                branches.Add((body, op, all));
            }
        }

        private static string SetWords(SqlSetOperator op, bool all, int step) => op switch
        {
            SqlSetOperator.Union when all => $"appends the rows of step {step} (UNION ALL keeps duplicates)",
            SqlSetOperator.Union => $"adds the rows of step {step} and removes duplicate rows (UNION)",
            SqlSetOperator.Intersect => $"keeps only rows that also appear in step {step} (INTERSECT)",
            _ => $"removes the rows that appear in step {step} ({op.ToString().ToUpperInvariant()})",
        };

        private string DescribeSelect(SqlSelect select, List<string> lines)
        {
            var sources = SourcesOf(select);
            foreach (var source in select.From)
            {
                DescribeSource(source, lines);
            }

            var where = select.Where is null ? null : Condition(select.Where);
            if (where is not null)
            {
                lines.Add($"Keeps only rows where {where}.");
            }

            var aggregates = select.Items.Any(i => ContainsAggregate(i.Expression)) || select.Having is not null;
            var groups = select.GroupBy?.Items ?? NodeList<SqlExpression>.Empty;
            string grain;
            if (groups.Count > 0)
            {
                var by = DescribeGrouping(select.GroupBy!);
                lines.Add($"Groups the rows by {by}: one result row per group.");
                grain = $"for each {by}";
            }
            else if (aggregates)
            {
                lines.Add("Aggregates all the rows into a single result row.");
                grain = "";
            }
            else
            {
                grain = "";
            }

            if (select.Having is not null)
            {
                lines.Add($"Keeps only groups where {Condition(select.Having)}.");
            }

            var outputs = select.Items.Select(DescribeItem).ToList();
            lines.Add("Returns " + (outputs.Count == 0 ? "no columns" : JoinAnd(outputs)) + ".");
            if (select.Distinct && select.DistinctOn.Count == 0)
            {
                lines.Add("Removes duplicate rows (DISTINCT).");
            }

            if (select.DistinctOn.Count > 0)
            {
                lines.Add($"Keeps only the first row for each {JoinAnd(select.DistinctOn.Select(Operand))} (DISTINCT ON, first by the sort order).");
            }

            if (select.Top is { } top)
            {
                lines.Add("Returns " + DescribeLimit(null, top) + ".");
            }

            if (select.Into is not null)
            {
                lines.Add("Writes the result INTO " + Sql(select.Into) + " instead of returning it.");
            }

            // Summary sentence.
            var fromPhrase = sources.Count == 0 ? "" : " of " + FromPhrase(select);
            var wherePhrase = where is null ? "" : (where.Length <= 120 ? $" where {where}" : " that pass the filters below");
            string summary;
            if (aggregates && groups.Count == 0)
            {
                var measures = select.Items.Where(i => ContainsAggregate(i.Expression)).Select(i => DescribeExpression(i.Expression)).ToList();
                summary = measures is ["the number of rows"]
                    ? $"Counts the rows{fromPhrase}{wherePhrase}."
                    : $"Computes {JoinAnd(measures)} over the rows{fromPhrase}{wherePhrase}.";
            }
            else if (groups.Count > 0)
            {
                var measures = select.Items.Where(i => ContainsAggregate(i.Expression)).Select(i => DescribeExpression(i.Expression)).ToList();
                summary = measures is ["the number of rows"]
                    ? $"{Capitalize(grain)}, counts the rows{fromPhrase}{wherePhrase}."
                    : measures.Count > 0
                    ? $"{Capitalize(grain)}, computes {JoinAnd(measures)} over the rows{fromPhrase}{wherePhrase}."
                    : $"Lists each distinct {DescribeGrouping(select.GroupBy!)} in the rows{fromPhrase}{wherePhrase}.";
            }
            else
            {
                var columns = select.Items.Count switch
                {
                    0 => "rows",
                    <= 4 => JoinAnd(select.Items.Select(ShortItem)),
                    _ => $"{select.Items.Count} columns",
                };
                summary = sources.Count == 0 ? $"Returns {columns} (no table is read)." : $"Lists {columns} from {FromPhrase(select)}{wherePhrase}.";
            }

            if (select.Distinct && select.DistinctOn.Count == 0)
            {
                summary = summary.TrimEnd('.') + ", without duplicates.";
            }
            else if (select.DistinctOn.Count > 0)
            {
                summary = summary.TrimEnd('.') + $", one row per {JoinAnd(select.DistinctOn.Select(Operand))}.";
            }

            if (select.Top is { } t)
            {
                summary = summary.TrimEnd('.') + ", " + DescribeLimit(null, t) + ".";
            }

            return summary;
        }

        private List<BoundSource> SourcesOf(SqlSelect select) => bound.ScopeOf(select)?.Sources.ToList() ?? [];

        private string FromPhrase(SqlSelect select)
        {
            var sources = SourcesOf(select);
            return sources.Count switch
            {
                1 => SourceName(sources[0]),
                2 => $"{SourceName(sources[0])} joined with {SourceName(sources[1])}",
                _ => $"{SourceName(sources[0])} and {Count(sources.Count - 1, "joined table")}",
            };
        }

        private static string SourceName(BoundSource source) => source.Kind switch
        {
            BoundSourceKind.Derived => source.Alias is null ? "a subquery" : $"the subquery {source.Alias}",
            BoundSourceKind.Function => $"the function {source.Name}",
            _ => source.Name,
        };

        /// <summary>Adds lines for a FROM entry: which table (with its comment, once) and how joins combine rows.</summary>
        private void DescribeSource(SqlTableSource source, List<string> lines)
        {
            switch (source)
            {
                case SqlJoin join:
                {
                    DescribeSource(join.Left, lines);
                    var right = SourceLabel(join.Right);
                    if (right.Contains(" — ", StringComparison.Ordinal))
                    {
                        right += " —"; // close the comment's dash pair before the join condition
                    }

                    var left = JoinLeftLabel(join.Left);
                    string? on = null;
                    if (join.Using.Count > 0)
                    {
                        on = $"matching equal {JoinAnd(join.Using.Select(u => Name(u)))}";
                    }
                    else if (join.Natural)
                    {
                        on = "matching equal values in all columns with the same name (NATURAL)";
                    }
                    else if (join.On is not null)
                    {
                        var conjuncts = Conjuncts(join.On).ToList();
                        on = conjuncts.All(c => c is BinaryExpression { Operator: "=", Left: ColumnExpression, Right: ColumnExpression })
                            ? "matching " + JoinAnd(conjuncts.Cast<BinaryExpression>().Select(c => $"{Operand(c.Left)} with {Operand(c.Right)}"))
                            : "on " + Condition(join.On);
                    }

                    var fk = join.On is null ? null : ForeignKeyOf(join.On);
                    var onText = on is null ? "" : $" {on}" + (fk is null ? "" : $" (the foreign key {fk})");
                    var line = join.Kind switch
                    {
                        SqlJoinKind.Inner or SqlJoinKind.Straight => $"Joins {right}{onText}; an inner join, so only rows with a match on both sides are kept.",
                        SqlJoinKind.Left => $"Adds {right}{onText}; a left outer join, so every row of {left} is kept even without a match (then the columns of {ShortLabel(join.Right)} are NULL).",
                        SqlJoinKind.Right => $"Adds {right}{onText}; a right outer join, so every row of {ShortLabel(join.Right)} is kept even without a match in {left}.",
                        SqlJoinKind.Full => $"Adds {right}{onText}; a full outer join, so unmatched rows of both sides are kept too.",
                        SqlJoinKind.Cross => $"Combines every row of {left} with every row of {right} (a cross join).",
                        SqlJoinKind.CrossApply => $"For each row so far, runs {right}; rows for which it returns nothing are dropped (CROSS APPLY).",
                        SqlJoinKind.OuterApply => $"For each row so far, runs {right}; rows for which it returns nothing are kept with NULLs (OUTER APPLY).",
                        _ => $"Joins {right}{onText}.",
                    };
                    if (join.Right is SqlDerivedTable { Lateral: true } && join.Kind is not (SqlJoinKind.CrossApply or SqlJoinKind.OuterApply))
                    {
                        line += " The subquery is LATERAL: it runs once for each row before it and can use its columns.";
                    }

                    lines.Add(line);
                    break;
                }

                case SqlParenthesizedSource parenthesized:
                    DescribeSource(parenthesized.Inner, lines);
                    break;
                default:
                    lines.Add((lines.Any(l => l.StartsWith("Reads ", StringComparison.Ordinal)) ? "Also reads " : "Reads ") + SourceLabel(source) + ".");
                    break;
            }
        }

        private string JoinLeftLabel(SqlTableSource left) => left switch
        {
            SqlJoin join => JoinLeftLabel(join.Left) + " and " + ShortLabel(join.Right),
            SqlParenthesizedSource p => JoinLeftLabel(p.Inner),
            _ => ShortLabel(left),
        };

        private string ShortLabel(SqlTableSource source) => bound.SourceOf(source) is { } b ? SourceName(b) : Sql(source);

        /// <summary>"customers (c) — People and companies who place orders" on first mention, the short name afterwards.</summary>
        private string SourceLabel(SqlTableSource source)
        {
            var b = bound.SourceOf(source);
            switch (source)
            {
                case SqlDerivedTable derived:
                {
                    var step = StepFor(derived.Query, $"subquery {derived.Alias?.Name.Value ?? "in FROM"}");
                    return $"the subquery {derived.Alias?.Name.Value} (step {step})".Replace("subquery  (", "subquery (", StringComparison.Ordinal);
                }

                case SqlFunctionTable function:
                    return $"the rows returned by {Sql(function.Function)}" + (function.Alias is null ? "" : $" (as {function.Alias.Name.Value})");
                case SqlParenthesizedSource p:
                    return SourceLabel(p.Inner);
            }

            if (b is null)
            {
                return Sql(source);
            }

            var label = b.Alias is null || string.Equals(b.Alias, b.Name, StringComparison.OrdinalIgnoreCase) ? b.Name : $"{b.Name} (as {b.Alias})";
            if (b.Kind == BoundSourceKind.CommonTableExpression && b.CommonTableExpression is { } cte && stepOf.TryGetValue(cte, out var cteStep))
            {
                return $"{label} (step {cteStep})";
            }

            var key = b.QualifiedName ?? b.Name;
            if (b.Comment is { Length: > 0 } comment && describedTables.Add(key))
            {
                label += $" — {FirstSentence(comment)}";
            }

            if (b.Kind == BoundSourceKind.View)
            {
                label = "the view " + label;
            }

            return label;
        }

        /// <summary>When an ON condition equates the columns of a declared foreign key, names it (a reader trusts such joins).</summary>
        private string? ForeignKeyOf(SqlExpression on)
        {
            var pairs = new List<(BoundColumn, BoundColumn)>();
            foreach (var conjunct in Conjuncts(on))
            {
                if (conjunct is BinaryExpression { Operator: "=", Left: ColumnExpression l, Right: ColumnExpression r } &&
                    bound.Resolve(l) is { Source.Table: not null } bl && bound.Resolve(r) is { Source.Table: not null } br)
                {
                    pairs.Add((bl, br));
                }
            }

            foreach (var (a, b) in pairs.Concat(pairs.Select(p => (p.Item2, p.Item1))))
            {
                var child = a.Source!.Table!;
                var parent = b.Source!.Table!;
                var key = child.ForeignKeys.FirstOrDefault(f =>
                    string.Equals(f.ReferencedTable, parent.Name, StringComparison.Ordinal) &&
                    string.Equals(f.ReferencedSchema, parent.Schema, StringComparison.Ordinal) &&
                    f.Columns.Contains(a.Name, StringComparer.OrdinalIgnoreCase));
                if (key is not null)
                {
                    return $"{child.Name}.{string.Join(", ", key.Columns)} → {parent.Name}";
                }
            }

            return null;
        }

        private static IEnumerable<SqlExpression> Conjuncts(SqlExpression expression)
        {
            if (expression is BinaryExpression b && b.Operator.Equals("AND", StringComparison.OrdinalIgnoreCase))
            {
                return Conjuncts(b.Left).Concat(Conjuncts(b.Right));
            }

            return expression is ParenthesizedExpression p ? Conjuncts(p.Inner) : [expression];
        }

        private string DescribeGrouping(SqlGroupBy groupBy)
        {
            var parts = new List<string>();
            foreach (var item in groupBy.Items)
            {
                parts.Add(item switch
                {
                    GroupingExpression { Kind: SqlGroupingKind.Rollup } g => $"{JoinAnd(g.Items.Select(Operand))} with subtotals for each level and a grand total (ROLLUP)",
                    GroupingExpression { Kind: SqlGroupingKind.Cube } g => $"every combination of {JoinAnd(g.Items.Select(Operand))} with subtotals (CUBE)",
                    GroupingExpression g => $"the grouping sets {Sql(g)}",
                    _ => Operand(item),
                });
            }

            var text = JoinAnd(parts);
            return groupBy.WithRollup ? text + " with subtotals and a grand total (WITH ROLLUP)" : text;
        }

        private string DescribeOrder(NodeList<SqlOrderItem> items) =>
            JoinAnd(items.Select(i =>
            {
                var operand = i.Expression is LiteralExpression { Kind: SqlLiteralKind.Number } position ? $"column {position.Text}" : Operand(i.Expression);
                if (i.Expression is FunctionCall { Name.Name.Value: var fn } && fn.ToUpperInvariant() is "RANDOM" or "RAND" or "NEWID")
                {
                    return "a random order";
                }

                var direction = i.Direction == SqlSortDirection.Descending ? " descending" : (i.Direction == SqlSortDirection.Ascending ? " ascending" : "");
                var nulls = i.Nulls switch
                {
                    SqlNullsOrder.First => " (NULLs first)",
                    SqlNullsOrder.Last => " (NULLs last)",
                    _ => "",
                };
                return operand + direction + nulls;
            }));

        /// <summary>"only the first 10 rows after skipping the first 20"; without ORDER BY it says the rows are arbitrary, as they are.</summary>
        private string? DescribeLimit(SqlLimit? limit, SqlTop? top)
        {
            var ordered = orderedQuery;
            if (top is not null)
            {
                var n = Operand(top.Count);
                var first = top.Percent ? $"only the first {n} percent of the rows" : First(top.Count, ordered);
                return first + (top.WithTies ? " (plus rows tied with the last one)" : "") + (ordered || top.Percent ? "" : Arbitrary);
            }

            if (limit is null)
            {
                return null;
            }

            var parts = new List<string>();
            if (limit.Count is not null)
            {
                parts.Add(First(limit.Count, ordered) + (limit.WithTies ? " (plus rows tied with the last one)" : ""));
            }

            if (limit.Offset is not null)
            {
                parts.Add($"after skipping the first {RowCount(limit.Offset)}");
            }

            if (parts.Count == 0)
            {
                return null;
            }

            return string.Join(" ", parts) + (ordered ? "" : Arbitrary);
        }

        private const string Arbitrary = " (which rows is not defined: there is no ORDER BY)";

        private string First(SqlExpression count, bool ordered)
        {
            var isOne = count is LiteralExpression { Kind: SqlLiteralKind.Number, Value: "1" };
            if (ordered)
            {
                return isOne ? "only the first row" : $"only the first {RowCount(count)}";
            }

            return isOne ? "only one row" : $"only {RowCount(count)}";
        }

        private string RowCount(SqlExpression count) =>
            count is LiteralExpression { Kind: SqlLiteralKind.Number, Value: var v } && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? Count(n, "row")
                : $"{Operand(count)} rows";

        // ---- Select items and expressions -------------------------------------------------------------------------

        private string ShortItem(SqlSelectItem item) => item switch
        {
            { Alias: { } alias } => alias.Value,
            { Expression: StarExpression { Qualifier: null } } => "every column",
            { Expression: StarExpression { Qualifier: { } q } } => $"every column of {q}",
            _ => Operand(item.Expression),
        };

        private string DescribeItem(SqlSelectItem item)
        {
            var text = DescribeExpression(item.Expression);
            if (item.Expression is ColumnExpression column)
            {
                if (item.Alias is { } renamed && !string.Equals(column.Name.Name.Value, renamed.Value, StringComparison.Ordinal))
                {
                    text += $" as {Name(renamed)}";
                }

                return bound.Resolve(column)?.Column?.Comment is { Length: > 0 } comment ? $"{text} ({FirstSentence(comment)})" : text;
            }

            // A computed column reads best by its name first: "revenue (the total of total_amount)".
            return item.Alias is { } alias ? $"{Name(alias)} ({text})" : text;
        }

        private string Name(SqlIdentifier identifier) => identifier.Quoted ? SqlFormatter.Format(new ColumnExpression(new SqlObjectName(NodeList.From([identifier]))), dialect) : identifier.Value;

        private string DescribeExpression(SqlExpression expression)
        {
            switch (expression)
            {
                case StarExpression { Qualifier: null }:
                    return "every column";
                case StarExpression { Qualifier: { } q }:
                    return $"every column of {q}";
                case FunctionCall call when call.Over is not null || call.OverWindow is not null:
                    return DescribeWindow(call);
                case FunctionCall call when AggregateWords(call) is { } words:
                    return words;
                case SubqueryExpression subquery:
                {
                    var correlated = IsCorrelated(subquery.Query);
                    var step = StepFor(subquery.Query, "subquery in the select list");
                    return correlated ? $"the value computed by step {step} for each row" : $"the single value computed by step {step}";
                }

                case CaseExpression @case:
                    return $"a value chosen by {Count(@case.Whens.Count, "condition")} (CASE {Sql(@case).Length switch { < 90 => Sql(@case)[4..].Trim(), _ => "…" }})";
                default:
                    return Operand(expression);
            }
        }

        private string? AggregateWords(FunctionCall call)
        {
            var name = call.Name.Name.Value.ToLowerInvariant();
            var argument = call.Arguments.Count > 0 ? call.Arguments[0] : null;
            var what = argument is null or StarExpression ? null : Operand(argument);
            var distinct = call.Distinct ? "distinct " : "";
            var filter = call.Filter is null ? "" : $" (counting only rows where {Condition(call.Filter)})";
            var text = name switch
            {
                "count" or "count_big" when what is null => "the number of rows",
                "count" or "count_big" => $"the number of {distinct}non-NULL {what} values",
                "sum" => $"the total of {distinct}{what}",
                "avg" => $"the average of {distinct}{what}",
                "min" => $"the smallest {what}",
                "max" => $"the largest {what}",
                "string_agg" or "group_concat" or "listagg" => $"the {distinct}{what} values joined into one text",
                "array_agg" or "json_agg" or "jsonb_agg" or "json_arrayagg" => $"the list of {distinct}{what} values",
                "bool_and" or "every" => $"whether {what} is true for every row",
                "bool_or" => $"whether {what} is true for any row",
                "stddev" or "stddev_samp" or "stdev" => $"the standard deviation of {what}",
                "variance" or "var_samp" or "var" => $"the variance of {what}",
                "percentile_cont" or "percentile_disc" when call.WithinGroup.Count > 0 && argument is LiteralExpression { Value: "0.5" or ".5" } =>
                    $"the median of {Operand(call.WithinGroup[0].Expression)}{(name == "percentile_disc" ? " (an actual value, not interpolated)" : "")}",
                "percentile_cont" or "percentile_disc" when call.WithinGroup.Count > 0 =>
                    $"the value below which a fraction {Operand(argument!)} of {Operand(call.WithinGroup[0].Expression)} lies (percentile)",
                "mode" when call.WithinGroup.Count > 0 => $"the most frequent {Operand(call.WithinGroup[0].Expression)}",
                _ => null,
            };
            var order = call.OrderBy.Count > 0 ? $" (in the order of {DescribeOrder(call.OrderBy)})" : "";
            return text is null ? null : text + order + filter;
        }

        private string DescribeWindow(FunctionCall call)
        {
            var name = call.Name.Name.Value.ToLowerInvariant();
            var spec = call.Over;
            var partition = spec is { PartitionBy.Count: > 0 } ? $" within each {JoinAnd(spec.PartitionBy.Select(Operand))}" : "";
            var order = spec is { OrderBy.Count: > 0 } ? $", ordered by {DescribeOrder(spec.OrderBy)}" : "";
            var argument = call.Arguments.Count > 0 ? Operand(call.Arguments[0]) : "";
            var text = name switch
            {
                "row_number" => $"a running row number{partition}{order}",
                "rank" => $"the rank{partition}{order} (ties share a rank, and ranks after a tie are skipped)",
                "dense_rank" => $"the rank{partition}{order} (ties share a rank, no gaps)",
                "percent_rank" or "cume_dist" => $"the relative position (0 to 1){partition}{order}",
                "ntile" => $"which of {argument} equal buckets the row falls in{partition}{order}",
                "lag" => $"the {argument} of the previous row{partition}{order}",
                "lead" => $"the {argument} of the next row{partition}{order}",
                "first_value" => $"the first {argument}{partition}{order}",
                "last_value" => $"the last {argument}{partition}{order}",
                _ when AggregateWords(call with { Over = null, OverWindow = null }) is { } agg =>
                    spec is { OrderBy.Count: > 0 } ? $"a running {StripArticle(agg)}{partition}{order}" : $"{agg}{partition}",
                _ => Sql(call),
            };
            return call.OverWindow is not null ? $"{text} (over the window {call.OverWindow.Value})" : text;
        }

        private static string StripArticle(string text) => text.StartsWith("the ", StringComparison.Ordinal) ? text[4..] : text;

        private static bool ContainsAggregate(SqlExpression expression)
        {
            if (expression is FunctionCall call && call.Over is null && call.OverWindow is null && IsAggregateName(call.Name.Name.Value))
            {
                return true;
            }

            foreach (var node in SqlTree.Descendants(expression))
            {
                if (node is SqlQuery)
                {
                    return false;
                }

                if (node is FunctionCall f && f.Over is null && f.OverWindow is null && IsAggregateName(f.Name.Name.Value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAggregateName(string name) => name.ToLowerInvariant() is
            "count" or "count_big" or "sum" or "avg" or "min" or "max" or "string_agg" or "group_concat" or "listagg" or "array_agg" or
            "json_agg" or "jsonb_agg" or "json_arrayagg" or "json_objectagg" or "bool_and" or "bool_or" or "every" or "stddev" or
            "stddev_samp" or "stddev_pop" or "stdev" or "stdevp" or "variance" or "var_samp" or "var_pop" or "var" or "varp" or
            "percentile_cont" or "percentile_disc" or "mode" or "bit_and" or "bit_or" or "checksum_agg" or "grouping";

        private bool IsCorrelated(SqlQuery query)
        {
            foreach (var node in SqlTree.Descendants(query))
            {
                if (node is ColumnExpression column && bound.Resolve(column) is { IsCorrelated: true })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A condition in words: comparisons, ranges, lists, patterns, NULL tests, EXISTS; the SQL itself otherwise.</summary>
        private string Condition(SqlExpression expression)
        {
            switch (expression)
            {
                case BinaryExpression b when b.Operator.Equals("AND", StringComparison.OrdinalIgnoreCase) || b.Operator == "&&":
                    return $"{Nested(b.Left)} and {Nested(b.Right)}";
                case BinaryExpression b when b.Operator.Equals("OR", StringComparison.OrdinalIgnoreCase):
                    return $"{Nested(b.Left, inOr: true)} or {Nested(b.Right, inOr: true)}";
                case BinaryExpression b when Comparison(b.Operator) is { } words:
                {
                    if (b.Operator == "=" && b.Left is ColumnExpression && b.Right is ColumnExpression)
                    {
                        return $"{Operand(b.Left)} equals {Operand(b.Right)}";
                    }

                    if (b.Right is LiteralExpression { Kind: SqlLiteralKind.Null })
                    {
                        return $"{Operand(b.Left)} {words} NULL (never true: use IS NULL)";
                    }

                    return $"{Operand(b.Left)} {words} {Operand(b.Right)}";
                }

                case UnaryExpression { Operator: var op, Operand: var inner } when op.Equals("NOT", StringComparison.OrdinalIgnoreCase):
                    return inner switch
                    {
                        ExistsExpression e => $"there is no {ExistsPhrase(e.Query)}",
                        _ => $"it is not true that {Nested(inner)}",
                    };
                case ParenthesizedExpression p:
                    return Condition(p.Inner);
                case IsExpression { Test: SqlIsTest.Null } isNull:
                    return isNull.Negated ? $"{Operand(isNull.Operand)} has a value (is not NULL)" : $"{Operand(isNull.Operand)} is empty (NULL)";
                case IsExpression { Test: SqlIsTest.DistinctFrom } distinct:
                    return $"{Operand(distinct.Operand)} {(distinct.Negated ? "is the same as" : "differs from")} {Operand(distinct.Other!)} (NULLs compared as values)";
                case IsExpression test:
                    return $"{Operand(test.Operand)} is {(test.Negated ? "not " : "")}{test.Test.ToString().ToLowerInvariant()}";
                case BetweenExpression between:
                    return $"{Operand(between.Operand)} is {(between.Negated ? "not " : "")}between {Operand(between.Low)} and {Operand(between.High)} (inclusive)";
                case InListExpression list:
                    return list.Items.Count == 1
                        ? $"{Operand(list.Operand)} is {(list.Negated ? "not " : "")}{Operand(list.Items[0])}"
                        : $"{Operand(list.Operand)} is {(list.Negated ? "none" : "one")} of {JoinOr(list.Items.Select(Operand), list.Negated ? "and" : "or")}";
                case InSubqueryExpression inSub:
                    return $"{Operand(inSub.Operand)} is {(inSub.Negated ? "not " : "")}among the values of {SubqueryPhrase(inSub.Query)}"
                        + (inSub.Negated ? " (if that subquery returns any NULL, no row passes)" : "");
                case ExistsExpression exists:
                    return $"there is at least one {ExistsPhrase(exists.Query)}";
                case LikeExpression like:
                    return DescribeLike(like);
                case QuantifiedExpression quantified when Comparison(quantified.Operator) is { } words:
                {
                    var values = quantified.Source is SubqueryExpression s ? SubqueryPhrase(s.Query) : Operand(quantified.Source);
                    var all = quantified.Quantifier == SqlQuantifier.All;
                    return quantified.Operator == "=" && !all
                        ? $"{Operand(quantified.Left)} equals one of the values of {values}"
                        : $"{Operand(quantified.Left)} {words} {(all ? "every" : "at least one")} value of {values}";
                }
                case ColumnExpression column:
                    return $"{Operand(column)} is true";
                default:
                    return Sql(expression);
            }
        }

        private string Nested(SqlExpression expression, bool inOr = false)
        {
            var text = Condition(expression);
            var unwrapped = expression is ParenthesizedExpression p ? p.Inner : expression;
            var isOr = unwrapped is BinaryExpression b && b.Operator.Equals("OR", StringComparison.OrdinalIgnoreCase);
            return isOr && !inOr ? $"({text})" : text;
        }

        private static string? Comparison(string op) => op switch
        {
            "=" or "==" => "is",
            "<>" or "!=" => "is not",
            "<" => "is less than",
            "<=" => "is at most",
            ">" => "is greater than",
            ">=" => "is at least",
            "<=>" => "is (NULL-safe)",
            _ => null,
        };

        private string DescribeLike(LikeExpression like)
        {
            var subject = Operand(like.Operand);
            var not = like.Negated ? "not " : "";
            var ignoringCase = like.Operator == "ILIKE" ? " (ignoring case)" : "";
            if (like.Operator is "LIKE" or "ILIKE" && like.Escape is null && like.Pattern is LiteralExpression { Kind: SqlLiteralKind.String, Value: var pattern })
            {
                var core = pattern.Trim('%');
                var simple = core.Length > 0 && core.IndexOfAny(['%', '_']) < 0 && !(dialect == SqlDialect.TSql && core.Contains('[', StringComparison.Ordinal));
                if (simple)
                {
                    var starts = !pattern.StartsWith('%');
                    var ends = !pattern.EndsWith('%');
                    var verb = (starts, ends) switch
                    {
                        (true, true) => "is exactly",
                        (true, false) => "starts with",
                        (false, true) => "ends with",
                        _ => "contains",
                    };
                    verb = like.Negated ? verb switch
                    {
                        "is exactly" => "is not exactly",
                        "starts with" => "does not start with",
                        "ends with" => "does not end with",
                        _ => "does not contain",
                    } : verb;
                    return $"{subject} {verb} '{core.Replace("'", "''", StringComparison.Ordinal)}'{ignoringCase}";
                }
            }

            var kind = like.Operator switch
            {
                "LIKE" or "ILIKE" => "the pattern",
                "SIMILAR TO" => "the SQL regular expression",
                "GLOB" => "the glob pattern",
                _ => "the regular expression",
            };
            return $"{subject} does {(like.Negated ? "not " : "")}match {kind} {Operand(like.Pattern)}{ignoringCase}".Replace("does match", "matches", StringComparison.Ordinal).Replace(not + "not ", "not ", StringComparison.Ordinal);
        }

        /// <summary>"matching row in orders where customer_id equals c.customer_id" for a simple one-table subquery; a step otherwise.</summary>
        private string ExistsPhrase(SqlQuery query)
        {
            if (IsSimple(query, out var select))
            {
                var source = SourcesOf(select).FirstOrDefault();
                var where = select.Where is null ? "" : $" for which {Condition(select.Where)}";
                return $"row in {(source is null ? "the subquery" : SourceName(source))}{where}";
            }

            return $"row returned by step {StepFor(query, "subquery")}";
        }

        private string SubqueryPhrase(SqlQuery query)
        {
            if (IsSimple(query, out var select) && select.Items.Count == 1)
            {
                var source = SourcesOf(select).FirstOrDefault();
                var where = select.Where is null ? "" : $" for which {Condition(select.Where)}";
                return $"{Operand(select.Items[0].Expression)} in {(source is null ? "the subquery" : SourceName(source))}{where}";
            }

            return $"step {StepFor(query, "subquery")}";
        }

        private bool IsSimple(SqlQuery query, out SqlSelect select)
        {
            select = null!;
            if (query is not { With: null, OrderBy.Count: 0, Limit: null, Body: SqlSelect s } || s.From.Count != 1 || s.From[0] is not SqlNamedTable ||
                s.GroupBy is not null || s.Having is not null || s.Distinct)
            {
                return false;
            }

            if (s.Where is not null && (SqlTree.Descendants(s.Where).Any(n => n is SqlQuery) || Sql(s.Where).Length > 160))
            {
                return false;
            }

            select = s;
            return true;
        }

        /// <summary>The step number of a subquery, describing it first when it has none yet.</summary>
        private int StepFor(SqlQuery query, string title)
        {
            if (stepOf.TryGetValue(query, out var number))
            {
                return number;
            }

            DescribeQuery(query, out var lines);
            if (IsCorrelated(query))
            {
                lines.Insert(0, "Runs once for each row of the outer query, using its columns (a correlated subquery).");
            }

            return AddStep(query, Capitalize(title), lines);
        }

        private int AddStep(SqlNode node, string title, List<string> lines)
        {
            var number = steps.Count + 1;
            steps.Add(new ExplanationStep(number, title, lines));
            stepOf[node] = number;
            return number;
        }

        /// <summary>An operand as a reader would say it: names and literals as written, well-known functions in words.</summary>
        private string Operand(SqlExpression expression)
        {
            switch (expression)
            {
                case ColumnExpression column:
                    return Sql(column);
                case LiteralExpression { Kind: SqlLiteralKind.Null }:
                    return "NULL";
                case LiteralExpression literal:
                    return literal.Text;
                case ParameterExpression parameter:
                    return $"the parameter {parameter.Name}";
                case KeywordExpression keyword:
                    return KeywordWords(keyword.Keyword) ?? keyword.Keyword;
                case FunctionCall call when call.Arguments.Count == 0 && KeywordWords(call.Name.Name.Value) is { } words:
                    return words;
                case FunctionCall call when AggregateWords(call) is { } aggregate && call.Over is null:
                    return aggregate;
                case ParenthesizedExpression { Inner: var inner } when inner is not BinaryExpression:
                    return Operand(inner);
                case SubqueryExpression subquery:
                    return $"the value of {SubqueryPhrase(subquery.Query)}";
                case CastExpression cast:
                    return $"{Operand(cast.Operand)} as {Sql(cast.Type)}";
                default:
                    return Sql(expression);
            }
        }

        private static string? KeywordWords(string keyword) => keyword.ToUpperInvariant() switch
        {
            "NOW" or "CURRENT_TIMESTAMP" or "GETDATE" or "SYSDATETIME" or "LOCALTIMESTAMP" or "SYSDATE" => "the current time",
            "GETUTCDATE" or "SYSUTCDATETIME" or "UTC_TIMESTAMP" => "the current UTC time",
            "CURRENT_DATE" or "CURDATE" => "today's date",
            "CURRENT_USER" or "USER" or "SESSION_USER" => "the current database user",
            _ => null,
        };

        private string Sql(SqlNode node)
        {
            var text = node switch
            {
                SqlExpression e => SqlFormatter.Format(e, dialect),
                SqlQuery q => SqlFormatter.Format(q, dialect),
                SqlQueryBody b => SqlFormatter.Format(new SqlQuery { Body = b }, dialect),
                _ => FormatOther(node),
            };
            return CollapseWhitespace(text);
        }

        private string FormatOther(SqlNode node) => node switch
        {
            SqlDataType type => string.Join(" ", type.Name.Select(n => n.Value)) + (type.Arguments.Count > 0 ? "(" + string.Join(", ", type.Arguments) + ")" : ""),
            SqlNamedTable table => table.Name.ToString(),
            SqlIntoClause into => into.ToString(),
            _ => node.GetType().Name,
        };

        private static string CollapseWhitespace(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

        // ---- Data-changing and other statements -------------------------------------------------------------------

        private string ExplainInsert(InsertStatement insert)
        {
            var lines = new List<string>();
            var target = bound.Sources.FirstOrDefault(s => ReferenceEquals(s.Node, insert.Target));
            var table = target is null ? insert.Target.ToString() : TargetLabel(target);
            var columns = insert.Columns.Count > 0 ? $", setting {JoinAnd(insert.Columns.Select(Name))}" : "";
            string summary;
            if (insert.Source is { Body: SqlValues values } && insert.Source.With is null)
            {
                summary = $"Adds {Count(values.Rows.Count, "row")} to {insert.Target}.";
                lines.Add($"Inserts {Count(values.Rows.Count, "row")} of given values into {table}{columns}.");
            }
            else if (insert.Source is not null)
            {
                var step = StepFor(insert.Source, "rows to insert");
                summary = $"Adds the rows returned by a query to {insert.Target}.";
                lines.Add($"Inserts the rows of step {step} into {table}{columns}.");
            }
            else if (insert.DefaultValues)
            {
                summary = $"Adds one row of default values to {insert.Target}.";
                lines.Add($"Inserts one row into {table}, every column taking its default value.");
            }
            else if (insert.Set.Count > 0)
            {
                summary = $"Adds one row to {insert.Target}.";
                lines.Add($"Inserts one row into {table} with {JoinAnd(insert.Set.Select(DescribeAssignment))}.");
            }
            else
            {
                summary = $"Adds rows to {insert.Target}.";
                lines.Add($"Inserts rows into {table}{columns}.");
            }

            if (insert.OnConflict is { } conflict)
            {
                var on = conflict.Targets.Count > 0 ? $" on {JoinAnd(conflict.Targets.Select(Operand))}" : conflict.Constraint is not null ? $" on the constraint {conflict.Constraint.Value}" : "";
                lines.Add(conflict.DoNothing
                    ? $"When a row would conflict with an existing one{on}, that row is skipped."
                    : $"When a row would conflict with an existing one{on}, the existing row is updated instead: {JoinAnd(conflict.Set.Select(DescribeAssignment))}.");
            }

            if (insert.OnDuplicateKeyUpdate.Count > 0)
            {
                lines.Add($"When a row has the same primary or unique key as an existing one, the existing row is updated instead: {JoinAnd(insert.OnDuplicateKeyUpdate.Select(DescribeAssignment))}.");
            }

            AddReturning(insert.Returning, lines);
            AddStep(insert, "The statement", lines);
            return summary;
        }

        private string ExplainUpdate(UpdateStatement update)
        {
            var lines = new List<string>();
            var targets = update.Targets.Select(t => bound.SourceOf(t) is { } s ? TargetLabel(s) : Sql(t)).ToList();
            foreach (var source in update.From)
            {
                DescribeSource(source, lines);
            }

            lines.Insert(0, $"Changes rows of {JoinAnd(targets)}: sets {JoinAnd(update.Set.Select(DescribeAssignment))}.");
            if (update.Where is null)
            {
                warnings.Add("There is no WHERE clause: every row of the table is changed.");
                lines.Add("Applies to every row (no WHERE clause).");
            }
            else
            {
                lines.Add($"Only rows where {Condition(update.Where)}.");
            }

            AddReturning(update.Returning, lines);
            AddStep(update, "The statement", lines);
            var names = JoinAnd(update.Targets.Select(t => bound.SourceOf(t)?.Name ?? Sql(t)));
            return update.Where is null ? $"Changes every row of {names}." : $"Changes the rows of {names} where {Condition(update.Where)}.";
        }

        private string ExplainDelete(DeleteStatement delete)
        {
            var lines = new List<string>();
            var targetNodes = delete.Targets;
            var names = JoinAnd(targetNodes.Select(t => bound.SourceOf(t) is { } s ? s.Name : Sql(t)));
            lines.Add($"Deletes rows of {JoinAnd(targetNodes.Select(t => bound.SourceOf(t) is { } s ? TargetLabel(s) : Sql(t)))}.");
            foreach (var source in delete.Sources)
            {
                DescribeSource(source, lines);
            }

            if (delete.Where is null)
            {
                warnings.Add("There is no WHERE clause: every row of the table is deleted.");
                lines.Add("Applies to every row (no WHERE clause).");
            }
            else
            {
                lines.Add($"Only rows where {Condition(delete.Where)}.");
            }

            AddReturning(delete.Returning, lines);
            AddStep(delete, "The statement", lines);
            return delete.Where is null ? $"Deletes every row of {names}." : $"Deletes the rows of {names} where {Condition(delete.Where)}.";
        }

        private string ExplainMerge(MergeStatement merge)
        {
            var lines = new List<string>
            {
                $"Compares {ShortLabel(merge.Source)} with {ShortLabel(merge.Target)} on {Condition(merge.On)}.",
            };
            foreach (var clause in merge.Clauses)
            {
                var when = clause.Match switch
                {
                    SqlMergeMatch.Matched => "When a row matches",
                    SqlMergeMatch.NotMatched => "When a source row has no match",
                    _ => "When a target row has no match in the source",
                };
                var condition = clause.Condition is null ? "" : $" and {Condition(clause.Condition)}";
                var action = clause.Action switch
                {
                    SqlMergeAction.Update => $"updates it: {JoinAnd(clause.Set.Select(DescribeAssignment))}",
                    SqlMergeAction.Delete => "deletes it",
                    SqlMergeAction.Insert => "inserts a new row" + (clause.Columns.Count > 0 ? $" ({JoinAnd(clause.Columns.Select(c => c.Value))})" : ""),
                    _ => "does nothing",
                };
                lines.Add($"{when}{condition}, {action}.");
            }

            AddStep(merge, "The statement", lines);
            return $"Merges {ShortLabel(merge.Source)} into {ShortLabel(merge.Target)}: updates, inserts or deletes rows depending on whether they match.";
        }

        private string ExplainExplain(ExplainStatement explain)
        {
            var inner = explain.Statement switch
            {
                SelectStatement select => ExplainSelect(select.Query),
                _ => "a " + explain.Statement.Kind.ToString().ToUpperInvariant() + " statement",
            };
            if (steps.Count == 0)
            {
                AddStep(explain, "The statement", []);
            }

            return explain.Analyze
                ? $"Runs the statement below and shows its execution plan with actual timings (EXPLAIN ANALYZE). The statement: {LowerFirst(inner)}"
                : $"Shows how the database would execute the statement below, without running it (EXPLAIN). The statement: {LowerFirst(inner)}";
        }

        private string ExplainCommand(CommandStatement command)
        {
            var what = command.ObjectType is null ? "" : command.ObjectType.ToLowerInvariant() + " ";
            var targets = command.Targets.Count > 0 ? JoinAnd(command.Targets.Select(t => t.ToString())) : "";
            var summary = command.CommandKind switch
            {
                StatementKind.Create => $"Creates the {what}{targets}.",
                StatementKind.Alter => $"Changes the definition of the {what}{targets}.",
                StatementKind.Drop => $"Drops the {what}{targets}; its definition{(what.StartsWith("table", StringComparison.Ordinal) ? " and all its rows" : "")} are removed.",
                StatementKind.Truncate => $"Removes every row of {targets} at once (TRUNCATE).",
                StatementKind.Grant => $"Grants privileges{(targets.Length > 0 ? " on " + targets : "")}.",
                StatementKind.Revoke => $"Revokes privileges{(targets.Length > 0 ? " on " + targets : "")}.",
                StatementKind.Set => "Changes a setting of the session or server.",
                StatementKind.Show => "Shows a setting or server information.",
                StatementKind.Transaction => "Controls the transaction (begin, commit or roll back).",
                StatementKind.Call => $"Calls the procedure {targets}; what it does is defined in the procedure.",
                StatementKind.Copy => $"Copies data between {targets} and a file or the client.",
                _ => $"A {command.Verb.ToUpperInvariant()} statement.",
            };
            summary = summary.Replace(" .", ".", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal);
            var lines = new List<string> { summary };
            if (command.CommandKind is StatementKind.Drop or StatementKind.Truncate)
            {
                warnings.Add("Data is lost and cannot be recovered without a backup.");
            }

            if (command.Embedded is SelectStatement select)
            {
                var step = StepFor(select.Query, "rows used by the statement");
                lines.Add($"Uses the rows of step {step}.");
            }

            AddStep(command, "The statement", lines);
            return summary;
        }

        private void AddReturning(NodeList<SqlSelectItem> returning, List<string> lines)
        {
            if (returning.Count > 0)
            {
                lines.Add($"Returns {JoinAnd(returning.Select(DescribeItem))} of each changed row.");
            }
        }

        private string DescribeAssignment(SqlAssignment assignment) =>
            $"{JoinAnd(assignment.Targets.Select(t => t.ToString()))} to {Operand(assignment.Value)}";

        private string TargetLabel(BoundSource source)
        {
            var comment = source.Comment is { Length: > 0 } c ? FirstSentence(c) : null;
            return (source.Alias, comment) switch
            {
                (null, null) => source.Name,
                (null, _) => $"{source.Name} ({comment})",
                (_, null) => $"{source.Name} (as {source.Alias})",
                _ => $"{source.Name} (as {source.Alias}; {comment})",
            };
        }

        // ---- Words ------------------------------------------------------------------------------------------------

        private static string FirstSentence(string comment)
        {
            var text = comment.Trim();
            var end = text.IndexOf(". ", StringComparison.Ordinal);
            text = end > 0 ? text[..end] : text.TrimEnd('.');
            return text.Length > 120 ? text[..117] + "…" : text;
        }

        private static string Count(long n, string singular, string? plural = null) =>
            n == 1 ? $"1 {singular}" : $"{n.ToString("N0", CultureInfo.InvariantCulture)} {plural ?? singular + "s"}";

        private static string JoinAnd(IEnumerable<string> items) => JoinOr(items, "and");

        private static string JoinOr(IEnumerable<string> items, string word)
        {
            var list = items.ToList();
            return list.Count switch
            {
                0 => "",
                1 => list[0],
                2 => $"{list[0]} {word} {list[1]}",
                _ => string.Join(", ", list.Take(list.Count - 1)) + $", {word} " + list[^1],
            };
        }

        private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

        private static string LowerFirst(string text) => text.Length == 0 ? text : char.ToLowerInvariant(text[0]) + text[1..];
    }
}
