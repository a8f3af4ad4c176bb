using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL007: SELECT DISTINCT over one table's columns while joining a child table on its foreign key, which multiplies
/// the rows that DISTINCT then removes. Rewritten as WHERE EXISTS (and without DISTINCT when a key is selected).
/// </summary>
internal sealed class DistinctJoinFanOutRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL007",
        "distinct-join-fan-out",
        "DISTINCT hiding a one-to-many join",
        "Joining a child table repeats each parent row once per child; DISTINCT then sorts or hashes the whole result to remove the copies. EXISTS asks the real question, stops at the first child, and needs no de-duplication.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        if (context.Bound is null)
        {
            yield break;
        }

        foreach (var select in context.Selects)
        {
            if (select is not { Distinct: true, DistinctOn.Count: 0, GroupBy: null, Having: null } || SqlFacts.IsAggregated(select) ||
                select.Items.Any(i => SqlFacts.ContainsWindowFunction(i.Expression)))
            {
                continue;
            }

            var leaves = SqlFacts.LeafSources(select.From);
            if (leaves.Count < 2)
            {
                continue;
            }

            var output = OutputSources(select, leaves, context);
            var conditions = SqlFacts.Joins(select.From).Where(j => j.On is not null).SelectMany(j => SqlFacts.Conjuncts(j.On)).Concat(SqlFacts.Conjuncts(select.Where)).ToList();
            foreach (var child in leaves.Where(l => !l.NullableByOuterJoin && !output.Contains(l.Source)))
            {
                if (TableOf(child.Source, context) is not { } childTable)
                {
                    continue;
                }

                foreach (var parent in leaves.Where(l => output.Contains(l.Source)))
                {
                    if (TableOf(parent.Source, context) is not { } parentTable)
                    {
                        continue;
                    }

                    var key = childTable.ForeignKeys.FirstOrDefault(fk =>
                        SqlFacts.SameName(fk.ReferencedTable, parentTable.Name) && SqlFacts.SameName(fk.ReferencedSchema, parentTable.Schema) &&
                        !SchemaFacts.CoversUniqueKey(childTable, fk.Columns) &&
                        fk.Columns.Zip(fk.ReferencedColumns).All(pair => conditions.Any(c => Equates(c, child.Source, pair.First, parent.Source, pair.Second, context))));
                    if (key is null)
                    {
                        continue;
                    }

                    var message = $"DISTINCT removes the copies made by joining {context.Describe(childTable)}: each {context.Describe(parentTable)} row matches many {context.Describe(childTable)} rows through {string.Join(", ", key.Columns.Select(context.Quote))}, yet no column of {context.Describe(childTable)} is selected.";
                    var rewrite = Rewrite(select, leaves, parent.Source, child.Source, parentTable, context);
                    yield return context.Finding(Rule, child.Source, message, $"Filter with WHERE EXISTS (SELECT 1 FROM {context.Describe(childTable)} WHERE …) instead of joining, and drop DISTINCT when the selected columns include a key.", rewrite);
                    break;
                }
            }
        }
    }

    private static Table? TableOf(SqlTableSource source, LintContext context) => context.Bound?.SourceOf(source)?.Table;

    /// <summary>The sources whose columns the SELECT outputs or orders by.</summary>
    private static HashSet<SqlTableSource> OutputSources(SqlSelect select, List<LeafSource> leaves, LintContext context)
    {
        var output = new HashSet<SqlTableSource>(ReferenceEqualityComparer.Instance);
        var expressions = new List<SqlNode>();
        foreach (var item in select.Items)
        {
            if (item.Expression is StarExpression star)
            {
                foreach (var leaf in leaves.Where(l => star.Qualifier is null || (SqlFacts.ReferenceName(l.Source) is { } name && SqlFacts.SameName(name.Value, star.Qualifier.Name.Value))))
                {
                    output.Add(leaf.Source);
                }
            }
            else
            {
                expressions.Add(item.Expression);
            }
        }

        if (context.ParentOf(select) is SqlQuery query)
        {
            expressions.AddRange(query.OrderBy);
        }

        foreach (var column in expressions.SelectMany(e => SqlTree.Descendants(e).Prepend(e)).OfType<ColumnExpression>())
        {
            if (context.Resolve(column).Source is { } source)
            {
                output.Add(source);
            }
        }

        return output;
    }

    /// <summary>Whether the condition is child.childColumn = parent.parentColumn (either way round).</summary>
    private static bool Equates(SqlExpression condition, SqlTableSource child, string childColumn, SqlTableSource parent, string parentColumn, LintContext context)
    {
        if (SqlFacts.Unparen(condition) is not BinaryExpression { Operator: "=", Left: var left, Right: var right })
        {
            return false;
        }

        bool Is(SqlExpression side, SqlTableSource source, string column) =>
            SqlFacts.Unparen(side) is ColumnExpression c && ReferenceEquals(context.Resolve(c).Source, source) && SqlFacts.SameName(c.Name.Name.Value, column);

        return (Is(left, child, childColumn) && Is(right, parent, parentColumn)) || (Is(right, child, childColumn) && Is(left, parent, parentColumn));
    }

    private static string? Rewrite(SqlSelect select, List<LeafSource> leaves, SqlTableSource parent, SqlTableSource child, Table parentTable, LintContext context)
    {
        if (leaves.Count != 2 || select.Windows.Count > 0 || parent is not SqlNamedTable || child is not SqlNamedTable || SqlFacts.ReferenceName(parent) is not { } parentName)
        {
            return null;
        }

        var joinConditions = new List<SqlExpression>();
        switch (select.From)
        {
            case [SqlJoin { Kind: SqlJoinKind.Inner, Natural: false, Using.Count: 0, On: { } on }]:
                joinConditions.AddRange(SqlFacts.Conjuncts(on));
                break;
            case [_, _]:
                break;
            default:
                return null;
        }

        bool Touches(SqlExpression e) => SqlTree.Descendants(e).Prepend(e).OfType<ColumnExpression>().Any(c => ReferenceEquals(context.Resolve(c).Source, child));
        var whereConditions = SqlFacts.Conjuncts(select.Where);
        var inner = joinConditions.Concat(whereConditions.Where(Touches)).ToList();
        var outer = whereConditions.Where(c => !Touches(c)).ToList();
        if (inner.Count == 0 || inner.Any(SqlFacts.HasSubquery))
        {
            return null;
        }

        // Inside EXISTS an unqualified parent column could be captured by a same-named child column: qualify it.
        var replacements = LintContext.Replacements();
        foreach (var column in inner.SelectMany(SqlFacts.ColumnsIn))
        {
            if (column.Name.Qualifier is null && ReferenceEquals(context.Resolve(column).Source, parent))
            {
                replacements[column] = new ColumnExpression(new SqlObjectName([parentName, column.Name.Name]));
            }
        }

        var correlated = SqlTreeEditor.Replace(SqlFacts.And(inner)!, replacements);
        if (correlated is null)
        {
            return null;
        }

        var exists = new ExistsExpression(new SqlQuery
        {
            Body = new SqlSelect
            {
                Items = [new SqlSelectItem(new LiteralExpression(SqlLiteralKind.Number, "1", "1"))],
                From = [child],
                Where = correlated,
            },
        });
        var selected = select.Items.SelectMany(i => i.Expression switch
        {
            StarExpression => parentTable.Columns.Select(c => c.Name),
            ColumnExpression c when ReferenceEquals(context.Resolve(c).Source, parent) => [c.Name.Name.Value],
            _ => [],
        });
        var rewritten = select with
        {
            Distinct = !SchemaFacts.CoversUniqueKey(parentTable, selected),
            From = [parent],
            Where = SqlFacts.And([.. outer, exists]),
        };
        return context.Rewrite(select, rewritten);
    }
}
