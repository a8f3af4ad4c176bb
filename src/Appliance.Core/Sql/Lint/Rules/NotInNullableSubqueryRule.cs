namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>SQL005: x NOT IN (SELECT c …) where c can be NULL; rewritten as NOT EXISTS.</summary>
internal sealed class NotInNullableSubqueryRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL005",
        "not-in-nullable-subquery",
        "NOT IN over a subquery that can return NULL",
        "x NOT IN (…) is true only when x differs from every value, and nothing differs from NULL for certain: one NULL in the subquery makes the condition unknown for every row, so the query silently returns nothing. NOT EXISTS has no such trap and is planned as an anti-join.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var notIn in SqlTree.Descendants(context.Statement).OfType<InSubqueryExpression>().Where(e => e.Negated))
        {
            if (notIn.Query is not { Body: SqlSelect { Items: [{ Expression: var item }] } select } ||
                SqlFacts.Unparen(item) is not ColumnExpression column)
            {
                continue;
            }

            var origin = context.Resolve(column);
            var filtered = SqlFacts.Conjuncts(select.Where).Any(c =>
                SqlFacts.Unparen(c) is IsExpression { Test: SqlIsTest.Null, Negated: true, Operand: var operand } &&
                SqlFacts.Unparen(operand) is ColumnExpression tested && SqlFacts.SameName(tested.Name.Name.Value, column.Name.Name.Value) &&
                ReferenceEquals(context.Resolve(tested).Source, origin.Source));
            if (filtered)
            {
                continue;
            }

            bool? nullable = origin is { Table: { } table, Column: { } schemaColumn }
                ? !SchemaFacts.IsNotNull(table, schemaColumn.Name) || SqlFacts.LeafSources(select.From).Any(l => ReferenceEquals(l.Source, origin.Source) && l.NullableByOuterJoin)
                : null;
            if (nullable == false)
            {
                continue;
            }

            var message = nullable == true
                ? $"{context.Describe(column)} can be NULL: if the subquery returns a single NULL, NOT IN is never true and the query returns no rows."
                : $"If {context.Sql(column)} can be NULL, a single NULL from the subquery makes NOT IN never true, and the query returns no rows.";
            var rewrite = Rewrite(notIn, select, column, context);
            const string suggestion = "Use NOT EXISTS with the comparison inside the subquery; it ignores NULLs, which is almost always what is meant (results differ from NOT IN only when the subquery returns a NULL).";
            yield return context.Finding(Rule, notIn, message, suggestion, rewrite, nullable == true ? LintSeverity.Warning : LintSeverity.Info, LintRewriteKind.Fix);
        }
    }

    private static string? Rewrite(InSubqueryExpression notIn, SqlSelect select, ColumnExpression column, LintContext context)
    {
        if (notIn.Query is not { With: null, Limit: null } || select is not { GroupBy: null, Having: null, Top: null, DistinctOn.Count: 0, Into: null } ||
            select.From.Count == 0 || SqlFacts.ContainsAggregate(column) || SqlFacts.HasSubquery(notIn.Operand))
        {
            return null;
        }

        var innerNames = SqlFacts.LeafSources(select.From).Select(l => SqlFacts.ReferenceName(l.Source)?.Value).ToList();
        var operand = Correlated(notIn.Operand, innerNames, context);
        if (operand is null)
        {
            return null;
        }

        var correlation = new BinaryExpression(column, "=", operand);
        var exists = select with
        {
            Distinct = false,
            Items = [new SqlSelectItem(new LiteralExpression(SqlLiteralKind.Number, "1", "1"))],
            Where = SqlFacts.And([.. SqlFacts.Conjuncts(select.Where), correlation]),
        };
        var query = notIn.Query with { Body = exists, OrderBy = NodeList<SqlOrderItem>.Empty };
        return context.Rewrite(notIn, new UnaryExpression("NOT", new ExistsExpression(query)));
    }

    /// <summary>
    /// The outer operand as it must be written inside the subquery: every column qualified by its outer source, so
    /// that no column of the subquery's own tables captures it. Null when that cannot be guaranteed.
    /// </summary>
    private static SqlExpression? Correlated(SqlExpression operand, List<string?> innerNames, LintContext context)
    {
        var replacements = LintContext.Replacements();
        foreach (var column in SqlFacts.ColumnsIn(operand))
        {
            var qualifier = column.Name.Qualifier ?? (context.Resolve(column).Source is { } source ? SqlFacts.ReferenceName(source) : null);
            if (qualifier is null || innerNames.Any(n => n is not null && SqlFacts.SameName(n, qualifier.Value)))
            {
                return null;
            }

            if (column.Name.Qualifier is null)
            {
                replacements[column] = new ColumnExpression(new SqlObjectName([qualifier, column.Name.Name]));
            }
        }

        return replacements.Count == 0 ? operand : SqlTreeEditor.Replace(operand, replacements);
    }
}
