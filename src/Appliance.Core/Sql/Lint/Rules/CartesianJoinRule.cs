using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL006: tables in one FROM that no condition links (a comma join without a WHERE between them, or JOIN … ON TRUE).
/// Explicit CROSS JOIN is taken as meant, and so is pairing with a one-row source (a parameter CTE, an aggregate).
/// </summary>
internal sealed class CartesianJoinRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL006",
        "cartesian-join",
        "Join without a join condition",
        "Without a condition linking two tables every row of one is paired with every row of the other: the result grows as the product of their sizes, which is rarely meant and can exhaust memory and time.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: false);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var select in context.Selects)
        {
            var leaves = SqlFacts.LeafSources(select.From).Select(l => l.Source).ToList();
            if (leaves.Count < 2)
            {
                continue;
            }

            var groups = new Groups(leaves);
            if (!Link(select, leaves, groups, context))
            {
                continue;
            }

            // Pairing with one row, or with a table function (generate_series, unnest, to_tsquery …), is how those are meant to be used.
            var components = leaves.GroupBy(groups.Find).Select(g => g.ToList())
                .Where(c => !c.All(s => s is SqlFunctionTable || IsSingleRow(s, context)))
                .ToList();
            if (components.Count < 2)
            {
                continue;
            }

            var first = components[0];
            foreach (var other in components.Skip(1))
            {
                var message = $"{Names(first, context)} and {Names(other, context)} are not linked by any join condition: every row of one is paired with every row of the other.";
                var suggestion = ForeignKeyHint(first, other, context) ?? "Add the join condition (JOIN … ON), or write CROSS JOIN if the product is really meant.";
                yield return context.Finding(Rule, other[0], message, suggestion);
            }
        }
    }

    /// <summary>Joins the groups of sources that a condition or a correlation links; false when a column cannot be placed.</summary>
    private static bool Link(SqlSelect select, List<SqlTableSource> leaves, Groups groups, LintContext context)
    {
        foreach (var join in SqlFacts.Joins(select.From))
        {
            if (join.Kind is SqlJoinKind.Cross or SqlJoinKind.CrossApply or SqlJoinKind.OuterApply || join.Natural || join.Using.Count > 0)
            {
                var left = SqlFacts.LeafSources([join.Left]);
                foreach (var right in SqlFacts.LeafSources([join.Right]))
                {
                    groups.Union(left[0].Source, right.Source);
                }
            }
        }

        var conditions = SqlFacts.Joins(select.From).Where(j => j.On is not null).SelectMany(j => SqlFacts.Conjuncts(j.On)).Concat(SqlFacts.Conjuncts(select.Where));
        foreach (var condition in conditions)
        {
            var touched = new List<SqlTableSource>();
            var direct = SqlFacts.ColumnsIn(condition).ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var column in SqlTree.Descendants(condition).Prepend(condition).OfType<ColumnExpression>())
            {
                var source = context.Resolve(column).Source;
                if (source is null)
                {
                    // An unqualified name among tables whose columns are unknown could be the link: say nothing rather than guess.
                    if (direct.Contains(column) && (context.Schema is null || leaves.Any(l => context.Bound?.SourceOf(l)?.Columns is null)))
                    {
                        return false;
                    }

                    continue;
                }

                if (leaves.Any(l => ReferenceEquals(l, source)))
                {
                    touched.Add(source);
                }
            }

            foreach (var source in touched.Skip(1))
            {
                groups.Union(touched[0], source);
            }
        }

        // A lateral subquery or a table function reading another source's columns is linked to it.
        foreach (var leaf in leaves.Where(l => l is SqlDerivedTable or SqlFunctionTable))
        {
            foreach (var column in SqlTree.Descendants(leaf).OfType<ColumnExpression>())
            {
                if (context.Resolve(column).Source is { } source && !ReferenceEquals(source, leaf) && leaves.Any(l => ReferenceEquals(l, source)))
                {
                    groups.Union(leaf, source);
                }
            }
        }

        return true;
    }

    /// <summary>A source that yields at most one row: an aggregate without GROUP BY, a SELECT without FROM, LIMIT 1, one VALUES row.</summary>
    private static bool IsSingleRow(SqlTableSource source, LintContext context)
    {
        var query = source switch
        {
            SqlDerivedTable derived => derived.Query,
            SqlNamedTable named when context.Bound?.SourceOf(named)?.CommonTableExpression is { Body: SelectStatement cte } => cte.Query,
            _ => null,
        };
        if (query is null)
        {
            return source is SqlNamedTable { Name.Parts: [{ Value: var name }] } && context.Dialect == SqlDialect.MySql && SqlFacts.SameName(name, "dual");
        }

        if (query.Limit?.Count is { } count && SqlFacts.IntegerValue(count) is 0 or 1)
        {
            return true;
        }

        return query.Body switch
        {
            SqlSelect select => select.From.Count == 0 || (select.GroupBy is null && select.Items.Any(i => SqlFacts.ContainsAggregate(i.Expression))) ||
                (select.Top?.Count is { } top && SqlFacts.IntegerValue(top) is 0 or 1 && !select.Top.Percent),
            SqlValues values => values.Rows.Count <= 1,
            _ => false,
        };
    }

    private static string Names(List<SqlTableSource> sources, LintContext context) =>
        string.Join(", ", sources.Select(s => s switch
        {
            SqlNamedTable named when context.Bound?.SourceOf(named)?.Table is { } table =>
                named.Alias is { } alias ? $"{context.Describe(table)} ({context.Quote(alias.Name.Value)})" : context.Describe(table),
            SqlNamedTable named => context.Sql(new ColumnExpression(named.Name)),
            _ => SqlFacts.ReferenceName(s) is { } name ? context.Quote(name.Value) : "a subquery",
        }));

    /// <summary>When a foreign key links a table of each side, the condition it implies.</summary>
    private static string? ForeignKeyHint(List<SqlTableSource> first, List<SqlTableSource> other, LintContext context)
    {
        foreach (var a in first)
        {
            foreach (var b in other)
            {
                if (TableOf(a, context) is not { } ta || TableOf(b, context) is not { } tb)
                {
                    continue;
                }

                foreach (var (child, childSource, parent, parentSource) in new[] { (ta, a, tb, b), (tb, b, ta, a) })
                {
                    var key = child.ForeignKeys.FirstOrDefault(fk => SqlFacts.SameName(fk.ReferencedTable, parent.Name) && SqlFacts.SameName(fk.ReferencedSchema, parent.Schema));
                    if (key is not null)
                    {
                        var pairs = key.Columns.Zip(key.ReferencedColumns, (c, p) =>
                            $"{Qualifier(childSource, context)}.{context.Quote(c)} = {Qualifier(parentSource, context)}.{context.Quote(p)}");
                        return $"Did you mean to join on {string.Join(" AND ", pairs)} (the foreign key from {context.Describe(child)} to {context.Describe(parent)})?";
                    }
                }
            }
        }

        return null;
    }

    private static Table? TableOf(SqlTableSource source, LintContext context) => context.Bound?.SourceOf(source)?.Table;

    private static string Qualifier(SqlTableSource source, LintContext context) =>
        SqlFacts.ReferenceName(source) is { } name ? context.Quote(name.Value) : "?";

    /// <summary>Union-find over the sources of one FROM, by identity.</summary>
    private sealed class Groups(List<SqlTableSource> sources)
    {
        private readonly int[] parent = Enumerable.Range(0, sources.Count).ToArray();

        public int Find(SqlTableSource source) => Root(sources.FindIndex(s => ReferenceEquals(s, source)));

        public void Union(SqlTableSource a, SqlTableSource b)
        {
            var (ra, rb) = (Find(a), Find(b));
            if (ra >= 0 && rb >= 0 && ra != rb)
            {
                parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
            }
        }

        private int Root(int i)
        {
            if (i < 0)
            {
                return i;
            }

            while (parent[i] != i)
            {
                i = parent[i];
            }

            return i;
        }
    }
}
