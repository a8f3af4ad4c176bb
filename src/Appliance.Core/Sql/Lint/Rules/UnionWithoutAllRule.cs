using System.Globalization;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL013: UNION where UNION ALL would do. When the branches provably cannot overlap (different constants in the
/// same output column, or different = filters on an output column) and each returns distinct rows, the rewrite uses
/// UNION ALL; otherwise an Info explains what the implicit DISTINCT costs.
/// </summary>
internal sealed class UnionWithoutAllRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL013",
        "union-without-all",
        "UNION where UNION ALL is meant",
        "UNION removes duplicate rows, which means sorting or hashing the whole combined result; when the branches cannot overlap, UNION ALL returns the same rows without that work.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var union in SqlTree.Descendants(context.Statement).OfType<SqlSetOperation>().Where(IsUnionDistinct))
        {
            // A chain a UNION b UNION c is one finding, at its root.
            if (context.ParentOf(union) is SqlSetOperation parent && IsUnionDistinct(parent) && ReferenceEquals(parent.Left, union))
            {
                continue;
            }

            var branches = new List<SqlQueryBody>();
            Flatten(union, branches);

            // Point at the first UNION of the chain, the one written first.
            var first = union;
            while (first.Left is SqlSetOperation left && IsUnionDistinct(left))
            {
                first = left;
            }

            var selects = branches.OfType<SqlSelect>().ToList();
            string? reason = null;
            var disjoint = selects.Count == branches.Count;
            for (var i = 0; disjoint && i < selects.Count; i++)
            {
                for (var j = i + 1; disjoint && j < selects.Count; j++)
                {
                    var why = Disjoint(selects[i], selects[j], context);
                    reason ??= why;
                    disjoint = why is not null;
                }
            }

            if (!disjoint)
            {
                const string generic = "UNION removes duplicate rows, which sorts or hashes the whole result; if duplicates cannot occur or do not matter, UNION ALL returns the same rows without that work.";
                yield return context.Finding(Rule, first, generic, "Write UNION ALL when duplicates cannot occur or are wanted.", severity: LintSeverity.Info);
                continue;
            }

            if (selects.All(s => ReturnsDistinctRows(s, context)))
            {
                SqlQueryBody all = selects[0];
                foreach (var next in selects.Skip(1))
                {
                    all = new SqlSetOperation(all, SqlSetOperator.Union, true, next);
                }

                var message = $"The branches of this UNION cannot return the same row ({reason}) and each returns distinct rows, so removing duplicates is wasted work.";
                yield return context.Finding(Rule, first, message, "Write UNION ALL.", context.Rewrite(union, all));
            }
            else
            {
                var message = $"The branches of this UNION cannot overlap ({reason}); if each branch returns distinct rows, UNION ALL returns the same result without removing duplicates.";
                yield return context.Finding(Rule, first, message, "Write UNION ALL if each branch's rows are distinct (or duplicates are wanted).", severity: LintSeverity.Info);
            }
        }
    }

    private static bool IsUnionDistinct(SqlSetOperation set) => set is { Operator: SqlSetOperator.Union, All: false };

    private static void Flatten(SqlQueryBody body, List<SqlQueryBody> branches)
    {
        if (body is SqlSetOperation set && IsUnionDistinct(set))
        {
            Flatten(set.Left, branches);
            branches.Add(set.Right);
        }
        else
        {
            branches.Add(body);
        }
    }

    /// <summary>Why no row of one branch can equal a row of the other, or null when that is not evident.</summary>
    private static string? Disjoint(SqlSelect a, SqlSelect b, LintContext context)
    {
        for (var i = 0; i < Math.Min(a.Items.Count, b.Items.Count); i++)
        {
            var left = SqlFacts.Unparen(a.Items[i].Expression);
            var right = SqlFacts.Unparen(b.Items[i].Expression);
            if (left is LiteralExpression x && right is LiteralExpression y && Differ(x, y))
            {
                return $"column {i + 1} is {x.Text} in one branch and {y.Text} in another";
            }

            if (left is ColumnExpression cx && right is ColumnExpression cy && SameColumn(cx, cy, context) &&
                PinnedValue(a, cx, context) is { } vx && PinnedValue(b, cy, context) is { } vy && Differ(vx, vy))
            {
                return $"{context.Describe(cx)} is {vx.Text} in one branch and {vy.Text} in another";
            }
        }

        return null;
    }

    /// <summary>Whether two literals are certainly different values, even under case-insensitive, space-padding collations.</summary>
    private static bool Differ(LiteralExpression x, LiteralExpression y) => (x.Kind, y.Kind) switch
    {
        (SqlLiteralKind.String, SqlLiteralKind.String) => !string.Equals(x.Value.TrimEnd(' '), y.Value.TrimEnd(' '), StringComparison.OrdinalIgnoreCase),
        (SqlLiteralKind.Number, SqlLiteralKind.Number) =>
            decimal.TryParse(x.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var dx) &&
            decimal.TryParse(y.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var dy) && dx != dy,
        _ => false,
    };

    private static bool SameColumn(ColumnExpression x, ColumnExpression y, LintContext context)
    {
        var (ox, oy) = (context.Resolve(x), context.Resolve(y));
        if (ox.Table is not null && oy.Table is not null)
        {
            return ReferenceEquals(ox.Table, oy.Table) && SqlFacts.SameName(x.Name.Name.Value, y.Name.Name.Value);
        }

        return context.Schema is null && SqlFacts.SameName(SqlFacts.Key(x), SqlFacts.Key(y));
    }

    /// <summary>The literal a WHERE conjunct column = literal fixes the output column to.</summary>
    private static LiteralExpression? PinnedValue(SqlSelect select, ColumnExpression output, LintContext context)
    {
        foreach (var conjunct in SqlFacts.Conjuncts(select.Where))
        {
            if (SqlFacts.Unparen(conjunct) is BinaryExpression { Operator: "=" } equality)
            {
                var (column, value) = (SqlFacts.Unparen(equality.Left), SqlFacts.Unparen(equality.Right)) switch
                {
                    (ColumnExpression c, LiteralExpression v) => (c, v),
                    (LiteralExpression v, ColumnExpression c) => (c, v),
                    _ => (null, null),
                };
                if (column is not null && value is not null && SqlFacts.SameName(column.Name.Name.Value, output.Name.Name.Value) &&
                    ReferenceEquals(context.Resolve(column).Source, context.Resolve(output).Source))
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a branch cannot return the same row twice: DISTINCT, grouped by output columns, one row, or a key of its only table selected.</summary>
    private static bool ReturnsDistinctRows(SqlSelect select, LintContext context)
    {
        if (select is { Distinct: true, DistinctOn.Count: 0 })
        {
            return true;
        }

        var outputs = select.Items.Select(i => SqlFacts.Unparen(i.Expression)).OfType<ColumnExpression>().ToList();
        if (select.GroupBy is { WithRollup: false } groupBy)
        {
            return groupBy.Items.All(g => SqlFacts.Unparen(g) is ColumnExpression c && outputs.Any(o => SqlFacts.SameName(SqlFacts.Key(o), SqlFacts.Key(c)) && ReferenceEquals(context.Resolve(o).Source, context.Resolve(c).Source)));
        }

        if (select.From.Count == 0 || (select.Having is null && select.Items.Any(i => SqlFacts.ContainsAggregate(i.Expression))))
        {
            return true;
        }

        return select.From is [SqlNamedTable only] && context.Bound?.SourceOf(only)?.Table is { } table &&
            SchemaFacts.CoversUniqueKey(table, outputs.Where(o => ReferenceEquals(context.Resolve(o).Source, only)).Select(o => o.Name.Name.Value));
    }
}
