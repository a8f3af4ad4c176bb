namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL010: a correlated scalar subquery in the select list. An aggregate correlated by equalities is rewritten as a
/// grouped subquery joined with LEFT JOIN (COALESCE(…, 0) keeps COUNT's zero for rows without matches).
/// </summary>
internal sealed class CorrelatedScalarSubqueryRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL010",
        "correlated-scalar-subquery",
        "Correlated subquery in the select list",
        "A subquery that refers to the outer row is evaluated once per row returned: for many rows that is many separate lookups, where one grouped join would read the inner table once.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var select in context.Selects)
        {
            foreach (var item in select.Items)
            {
                foreach (var subquery in SqlFacts.ExpressionNodes(item.Expression).OfType<SubqueryExpression>())
                {
                    var outer = OuterColumns(subquery.Query, context);
                    if (outer.Count == 0)
                    {
                        continue;
                    }

                    var what = item.Alias is { } alias ? $"The subquery for {context.Quote(alias.Value)}" : "The subquery";
                    var message = $"{what} refers to {string.Join(", ", outer.Select(context.Describe).Distinct())} of the outer query, so it runs once for every row the outer query returns.";
                    var rewrite = ReferenceEquals(SqlFacts.Unparen(item.Expression), subquery) ? Rewrite(select, item, subquery, context) : null;
                    yield return context.Finding(Rule, subquery, message, Advice(context.Dialect), rewrite);
                }
            }
        }
    }

    /// <summary>Columns inside the subquery that come from tables outside it.</summary>
    private static List<ColumnExpression> OuterColumns(SqlQuery query, LintContext context)
    {
        var inside = SqlTree.Descendants(query).OfType<SqlTableSource>().ToHashSet(ReferenceEqualityComparer.Instance);
        return SqlTree.Descendants(query).OfType<ColumnExpression>()
            .Where(c => context.Resolve(c) is { IsCorrelated: true, Source: { } source } && !inside.Contains(source))
            .ToList();
    }

    private static string Advice(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgres => "Join a grouped subquery instead (LEFT JOIN (SELECT key, count(*) … GROUP BY key) ON …), or use LEFT JOIN LATERAL (…) ON TRUE for row-by-row logic.",
        SqlDialect.TSql => "Join a grouped subquery instead (LEFT JOIN (SELECT key, COUNT(*) … GROUP BY key) ON …), or use OUTER APPLY for row-by-row logic.",
        SqlDialect.MySql => "Join a grouped derived table instead (LEFT JOIN (SELECT key, COUNT(*) … GROUP BY key) ON …); MySQL 8.0.14+ also has LATERAL.",
        _ => "Join a grouped subquery instead: LEFT JOIN (SELECT key, count(*) … GROUP BY key) ON ….",
    };

    private static string? Rewrite(SqlSelect select, SqlSelectItem item, SubqueryExpression subquery, LintContext context)
    {
        if (context.Bound is null || item.Alias is null || select.From.Count != 1 || SqlFacts.IsAggregated(select) || select.DistinctOn.Count > 0 ||
            subquery.Query is not { With: null, OrderBy.Count: 0, Limit: null, Body: SqlSelect inner } ||
            inner is not { Items: [{ Expression: FunctionCall aggregate }], GroupBy: null, Having: null, Top: null, Distinct: false, DistinctOn.Count: 0, Into: null, Windows.Count: 0 } ||
            inner.From.Count == 0 || !SqlFacts.IsAggregate(aggregate) ||
            aggregate is not { Filter: null, WithinGroup.Count: 0, OrderBy.Count: 0 } ||
            SqlFacts.NameOf(aggregate) is not ("count" or "count_big" or "sum" or "min" or "max" or "avg"))
        {
            return null;
        }

        var innerSources = SqlTree.Descendants(subquery.Query).OfType<SqlTableSource>().ToHashSet(ReferenceEqualityComparer.Instance);
        var outerLeaves = SqlFacts.LeafSources(select.From).Select(l => l.Source).ToList();
        bool IsOuter(ColumnExpression c) => context.Resolve(c).Source is { } s && !innerSources.Contains(s);
        bool HasOuter(SqlNode node) => SqlTree.Descendants(node).Prepend(node).OfType<ColumnExpression>().Any(IsOuter);
        if (HasOuter(aggregate) || inner.From.Any(HasOuter))
        {
            return null;
        }

        // The correlation must be inner column = outer column equalities; the other conditions must not look outside.
        var keys = new List<(ColumnExpression Inner, ColumnExpression Outer)>();
        var filters = new List<SqlExpression>();
        foreach (var conjunct in SqlFacts.Conjuncts(inner.Where))
        {
            if (!HasOuter(conjunct))
            {
                filters.Add(conjunct);
                continue;
            }

            if (SqlFacts.Unparen(conjunct) is not BinaryExpression { Operator: "=", Left: ColumnExpression left, Right: ColumnExpression right })
            {
                return null;
            }

            var (innerColumn, outerColumn) = IsOuter(right) && !IsOuter(left) ? (left, right) : IsOuter(left) && !IsOuter(right) ? (right, left) : (null, null);
            if (innerColumn is null || outerColumn is null || context.Resolve(outerColumn).Source is not { } outerSource ||
                !outerLeaves.Any(l => ReferenceEquals(l, outerSource)) || SqlFacts.ReferenceName(outerSource) is null)
            {
                return null;
            }

            keys.Add((innerColumn, outerColumn));
        }

        if (keys.Count == 0 || Taken(select, context) is not { } taken)
        {
            return null;
        }

        var aliasBase = inner.From[0] is SqlNamedTable named ? named.Name.Name.Value : "sub";
        var alias = context.Identifier(Unique(aliasBase + "_agg", outerLeaves.Select(l => SqlFacts.ReferenceName(l)?.Value ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase), aliasBase + "_agg"));
        var derivedItems = new List<SqlSelectItem>();
        var on = new List<SqlExpression>();
        foreach (var (innerColumn, outerColumn) in keys)
        {
            var keyName = context.Identifier(Unique(innerColumn.Name.Name.Value, taken, aliasBase + "_" + innerColumn.Name.Name.Value));
            derivedItems.Add(new SqlSelectItem(innerColumn, keyName));
            var outerReference = outerColumn.Name.Qualifier is null
                ? new ColumnExpression(new SqlObjectName([SqlFacts.ReferenceName(context.Resolve(outerColumn).Source!)!, outerColumn.Name.Name]))
                : outerColumn;
            on.Add(new BinaryExpression(new ColumnExpression(new SqlObjectName([alias, keyName])), "=", outerReference));
        }

        var valueName = context.Identifier(Unique(item.Alias.Value, taken, aliasBase + "_" + item.Alias.Value));
        derivedItems.Add(new SqlSelectItem(aggregate, valueName));
        var derived = new SqlDerivedTable(
            new SqlQuery
            {
                Body = new SqlSelect
                {
                    Items = NodeList.From(derivedItems),
                    From = inner.From,
                    Where = SqlFacts.And(filters),
                    GroupBy = new SqlGroupBy(NodeList.From<SqlExpression>(keys.Select(k => k.Inner)), WithRollup: false),
                },
            },
            new SqlTableAlias(alias, NodeList<SqlIdentifier>.Empty),
            Lateral: false);

        // COUNT over no rows is 0, but a row without a match in the LEFT JOIN gets NULL.
        SqlExpression value = new ColumnExpression(new SqlObjectName([alias, valueName]));
        if (SqlFacts.NameOf(aggregate) is "count" or "count_big")
        {
            value = new FunctionCall { Name = SqlObjectName.Of("COALESCE"), Arguments = [value, new LiteralExpression(SqlLiteralKind.Number, "0", "0")] };
        }

        var rewritten = select with
        {
            Items = NodeList.From(select.Items.Select(i => ReferenceEquals(i, item) ? i with { Expression = value } : i)),
            From = [new SqlJoin { Left = select.From[0], Kind = SqlJoinKind.Left, Right = derived, On = SqlFacts.And(on) }],
        };
        return context.Rewrite(select, rewritten);
    }

    /// <summary>
    /// Names the new subquery's columns must avoid so no unqualified reference of the SELECT becomes ambiguous or is
    /// captured; null when a source's columns are unknown.
    /// </summary>
    private static HashSet<string>? Taken(SqlSelect select, LintContext context)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var leaf in SqlFacts.LeafSources(select.From))
        {
            if (context.Bound?.SourceOf(leaf.Source)?.Columns is not { } columns)
            {
                return null;
            }

            taken.UnionWith(columns);
        }

        foreach (var column in SqlTree.Descendants(select).OfType<ColumnExpression>().Where(c => c.Name.Qualifier is null))
        {
            taken.Add(column.Name.Name.Value);
        }

        return taken;
    }

    /// <summary>The name, else the fallback, else the fallback numbered: the first not taken (and now taken).</summary>
    private static string Unique(string name, HashSet<string> taken, string fallback)
    {
        var candidate = taken.Contains(name) ? fallback : name;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = fallback + "_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        taken.Add(candidate);
        return candidate;
    }
}
