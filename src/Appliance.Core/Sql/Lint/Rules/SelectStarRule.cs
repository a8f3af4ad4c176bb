using Appliance.Core.Sql.Binding;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL001: SELECT * over tables; rewritten to the explicit column list when the schema knows the columns.</summary>
internal sealed class SelectStarRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL001",
        "select-star",
        "SELECT * instead of a column list",
        "SELECT * reads and sends every column, including large ones nobody uses and any added later; it prevents index-only scans and breaks code that expects a fixed set of columns.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var cteNames = SqlTree.Descendants(context.Statement).OfType<SqlCommonTableExpression>().Select(c => c.Name.Value).ToList();
        var topBranches = context.TopQuery is { } top ? SqlFacts.Branches(top.Body) : [];
        foreach (var select in context.Selects)
        {
            if (IsExistsSubquery(select, context))
            {
                continue;
            }

            var leaves = SqlFacts.LeafSources(select.From);
            foreach (var item in select.Items)
            {
                if (item.Expression is not StarExpression star)
                {
                    continue;
                }

                var covered = star.Qualifier is null
                    ? leaves
                    : leaves.Where(l => SqlFacts.ReferenceName(l.Source) is { } name && SqlFacts.SameName(name.Value, star.Qualifier.Name.Value)).ToList();
                var tables = covered.Where(l => IsStoredTable(l.Source, context, cteNames)).ToList();
                if (tables.Count == 0)
                {
                    continue;
                }

                var expansion = Expand(select, star, covered, context);
                var names = string.Join(", ", covered.Select(l => Describe(l.Source, context)));
                var message = expansion is null
                    ? $"SELECT {context.Sql(star)} returns every column of {names}."
                    : $"SELECT {context.Sql(star)} returns all {expansion.Count} columns of {names}.";
                var rewrite = expansion is null
                    ? null
                    : context.Rewrite(select, select with { Items = NodeList.From(select.Items.SelectMany(i => ReferenceEquals(i, item) ? expansion : [i])) });
                var suggestion = expansion is null
                    ? "List only the columns the caller uses."
                    : "List only the columns the caller uses; the rewrite lists them all, so remove the ones you do not need.";

                // Inside a subquery the outer query usually picks columns, and the optimizer prunes the rest.
                var severity = topBranches.Contains(select) || context.Statement is InsertStatement ? LintSeverity.Warning : LintSeverity.Info;
                yield return context.Finding(Rule, star, message, suggestion, rewrite, severity);
            }
        }
    }

    private static bool IsExistsSubquery(SqlSelect select, LintContext context) =>
        context.ParentOf(select) is SqlQuery query && context.ParentOf(query) is ExistsExpression;

    private static bool IsStoredTable(SqlTableSource source, LintContext context, List<string> cteNames)
    {
        if (source is not SqlNamedTable named)
        {
            return false;
        }

        if (context.Bound?.SourceOf(named) is { } bound)
        {
            return bound.Kind is BoundSourceKind.Table or BoundSourceKind.View or BoundSourceKind.Unknown;
        }

        return named.Name.Parts.Count > 1 || !cteNames.Any(n => SqlFacts.SameName(n, named.Name.Name.Value));
    }

    private static string Describe(SqlTableSource source, LintContext context) => source switch
    {
        SqlNamedTable named when context.Bound?.SourceOf(named)?.Table is { } table => context.Describe(table),
        SqlNamedTable named => context.Sql(new ColumnExpression(named.Name)),
        _ => SqlFacts.ReferenceName(source) is { } name ? context.Quote(name.Value) : "a subquery",
    };

    /// <summary>The columns the star stands for, qualified when the SELECT reads several sources; null when not all are known.</summary>
    private static List<SqlSelectItem>? Expand(SqlSelect select, StarExpression star, List<LeafSource> covered, LintContext context)
    {
        // USING and NATURAL joins merge the join columns into one, which an explicit list would have to imitate.
        if (star.Qualifier is null && SqlFacts.Joins(select.From).Any(j => j.Natural || j.Using.Count > 0))
        {
            return null;
        }

        var qualify = star.Qualifier is not null || SqlFacts.LeafSources(select.From).Count > 1;
        var items = new List<SqlSelectItem>();
        foreach (var leaf in covered)
        {
            var columns = ColumnsOf(leaf.Source, context);
            var qualifier = SqlFacts.ReferenceName(leaf.Source);
            if (columns is null || columns.Count == 0 || (qualify && qualifier is null) ||
                columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Count)
            {
                return null;
            }

            foreach (var column in columns)
            {
                var parts = qualify ? new[] { qualifier!, context.Identifier(column) } : [context.Identifier(column)];
                items.Add(new SqlSelectItem(new ColumnExpression(new SqlObjectName(NodeList.From(parts)))));
            }
        }

        return items;
    }

    private static List<string>? ColumnsOf(SqlTableSource source, LintContext context)
    {
        var bound = context.Bound?.SourceOf(source);
        switch (bound?.Kind)
        {
            case BoundSourceKind.Table:
                return bound.Table!.Columns.OrderBy(c => c.Ordinal).Select(c => c.Name).ToList();
            case BoundSourceKind.View when bound.View!.Columns.Count > 0:
                return bound.View.Columns.OrderBy(c => c.Ordinal).Select(c => c.Name).ToList();
            case BoundSourceKind.CommonTableExpression when bound.CommonTableExpression is { } cte:
                return cte.Columns.Count > 0 ? cte.Columns.Select(c => c.Value).ToList() : NamedOutputs(cte.Body is SelectStatement s ? s.Query : null);
            case BoundSourceKind.Derived when source is SqlDerivedTable derived:
                return derived.Alias is { Columns.Count: > 0 } alias ? alias.Columns.Select(c => c.Value).ToList() : NamedOutputs(derived.Query);
            default:
                return null;
        }
    }

    /// <summary>Output names of a query whose every column is named in its text (an alias or a plain column), else null.</summary>
    private static List<string>? NamedOutputs(SqlQuery? query)
    {
        if (query?.Body is not SqlSelect select)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var item in select.Items)
        {
            switch (item)
            {
                case { Alias: { } alias }:
                    names.Add(alias.Value);
                    break;
                case { Expression: ColumnExpression column }:
                    names.Add(column.Name.Name.Value);
                    break;
                default:
                    return null;
            }
        }

        return names;
    }
}
