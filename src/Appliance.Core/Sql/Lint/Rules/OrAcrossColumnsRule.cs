namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL004: WHERE a = … OR b = … over different columns. Rewritten, for a simple top-level SELECT, as one branch per
/// condition joined by UNION ALL, each later branch excluding the rows of the earlier ones (UNION for SELECT DISTINCT).
/// </summary>
internal sealed class OrAcrossColumnsRule : ILintRule
{
    private const int MaxBranches = 4;

    public LintRule Rule { get; } = new(
        "SQL004",
        "or-across-columns",
        "OR across different columns",
        "An index on one column cannot answer an OR that also tests another column: the engine scans the table, or at best combines several indexes; one query per condition lets each use its own index.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var site in context.Predicates)
        {
            if (site is not { Clause: PredicateClause.Where, Owner: SqlSelect select })
            {
                continue;
            }

            var conjuncts = SqlFacts.Conjuncts(site.Condition);
            foreach (var conjunct in conjuncts)
            {
                var disjuncts = SqlFacts.Disjuncts(conjunct);
                if (disjuncts.Count < 2)
                {
                    continue;
                }

                var columns = new List<ColumnExpression>();
                foreach (var disjunct in disjuncts)
                {
                    var inside = SqlFacts.HasSubquery(disjunct) ? [] : SqlFacts.ColumnsIn(disjunct).ToList();
                    if (inside.Count == 0 || inside.Select(c => Key(c, context)).Distinct().Count() != 1)
                    {
                        columns.Clear();
                        break;
                    }

                    columns.Add(inside[0]);
                }

                var distinct = columns.DistinctBy(c => Key(c, context)).ToList();
                if (distinct.Count < 2)
                {
                    continue; // The same column throughout (status = 'a' OR status = 'b') is an IN list, which an index serves.
                }

                var unindexed = distinct.Where(c => context.Resolve(c) is { Table: { } table, Column: { } column } && SchemaFacts.SeekableIndexOn(table, column.Name, []) is null).ToList();
                var known = distinct.All(c => context.Resolve(c).Table is not null);
                var names = string.Join(", ", distinct.Select(context.Describe));
                var message = unindexed.Count > 0
                    ? $"The OR in {context.Sql(conjunct)} tests different columns ({names}) and {string.Join(", ", unindexed.Select(context.Describe))} {(unindexed.Count == 1 ? "has" : "have")} no index, so the whole table is read."
                    : $"The OR in {context.Sql(conjunct)} tests different columns ({names}): no single index serves it, so the engine scans or has to combine several indexes.";
                var rewrite = Rewrite(context, select, conjuncts, conjunct, disjuncts);
                var suggestion = select.Distinct
                    ? "Write one SELECT per condition and combine them with UNION, so each can use its own index."
                    : "Write one SELECT per condition and combine them with UNION ALL, each later branch excluding the rows of the earlier ones, so each can use its own index.";
                yield return context.Finding(Rule, conjunct, message, suggestion, rewrite, unindexed.Count > 0 && known ? LintSeverity.Warning : LintSeverity.Info);
            }
        }
    }

    private static (SqlTableSource?, string) Key(ColumnExpression column, LintContext context) =>
        context.Resolve(column).Source is { } source
            ? (source, column.Name.Name.Value.ToLowerInvariant())
            : (null, context.Sql(column).ToLowerInvariant());

    private static string? Rewrite(LintContext context, SqlSelect select, List<SqlExpression> conjuncts, SqlExpression or, List<SqlExpression> disjuncts)
    {
        var query = context.TopQuery;
        if (query is null || !ReferenceEquals(query.Body, select) || disjuncts.Count > MaxBranches ||
            query is not { OrderBy.Count: 0, Limit: null, Locking.Count: 0, Into: null, OutputFormat.Count: 0, Hints.Count: 0 } ||
            select is not { GroupBy: null, Having: null, Top: null, Into: null, DistinctOn.Count: 0 } ||
            select.Items.Any(i => SqlFacts.ContainsAggregate(i.Expression) || SqlFacts.ContainsWindowFunction(i.Expression)) ||
            SqlTree.Descendants(select).Any(n => n is FunctionCall call && SqlFacts.IsVolatile(call)))
        {
            return null;
        }

        SqlQueryBody? body = null;
        for (var k = 0; k < disjuncts.Count; k++)
        {
            var where = conjuncts.Select(c => ReferenceEquals(c, or) ? disjuncts[k] : c).ToList();
            if (!select.Distinct)
            {
                for (var j = 0; j < k; j++)
                {
                    if (Negation(disjuncts[j], context) is not { } negation)
                    {
                        return null;
                    }

                    where.Add(negation);
                }
            }

            var branch = select with { Distinct = false, Where = SqlFacts.And(where) };
            body = body is null ? branch : new SqlSetOperation(body, SqlSetOperator.Union, !select.Distinct, branch);
        }

        return context.Rewrite(select, body!);
    }

    /// <summary>
    /// A condition true exactly where <paramref name="condition"/> is not true (false or unknown), so the branches of
    /// the UNION ALL never return the same row twice.
    /// </summary>
    private static SqlExpression? Negation(SqlExpression condition, LintContext context)
    {
        var inner = SqlFacts.Unparen(condition);
        if (inner is IsExpression { Test: SqlIsTest.Null } isNull)
        {
            return isNull with { Negated = !isNull.Negated };
        }

        if (NeverUnknown(inner, context))
        {
            switch (inner)
            {
                case BinaryExpression binary when Negated(binary.Operator) is { } op:
                    return binary with { Operator = op };
                case InListExpression inList:
                    return inList with { Negated = !inList.Negated };
                case LikeExpression like:
                    return like with { Negated = !like.Negated };
                case BetweenExpression between:
                    return between with { Negated = !between.Negated };
            }
        }

        // T-SQL has no IS [NOT] TRUE.
        return context.Dialect == SqlDialect.TSql ? null : new IsExpression(new ParenthesizedExpression(inner), Negated: true, SqlIsTest.True);
    }

    /// <summary>A comparison of a NOT NULL column with non-NULL literals is always true or false, so NOT is its exact opposite.</summary>
    private static bool NeverUnknown(SqlExpression condition, LintContext context)
    {
        var nodes = SqlFacts.ExpressionNodes(condition).Skip(1).Where(n => n is SqlExpression).ToList();
        return nodes.All(n => n switch
        {
            ColumnExpression column => context.Resolve(column) is { Table: { } table, Column: { } c } && SchemaFacts.IsNotNull(table, c.Name),
            LiteralExpression literal => literal.Kind != SqlLiteralKind.Null,
            TypedLiteralExpression => true,
            _ => false,
        });
    }

    private static string? Negated(string op) => op switch
    {
        "=" => "<>",
        "<>" or "!=" => "=",
        "<" => ">=",
        ">=" => "<",
        ">" => "<=",
        "<=" => ">",
        _ => null,
    };
}
