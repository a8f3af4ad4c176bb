namespace Appliance.Core.Sql.Lint.Rules;

/// <summary>
/// SQL011: COUNT(*) compared with 0 or 1 to test whether rows exist: (SELECT COUNT(*) …) &gt; 0, or a whole query
/// SELECT COUNT(*) &gt; 0 FROM …. Rewritten as EXISTS / NOT EXISTS.
/// </summary>
internal sealed class CountForExistenceRule : ILintRule
{
    public LintRule Rule { get; } = new(
        "SQL011",
        "count-for-existence",
        "COUNT(*) used to test existence",
        "COUNT(*) must find and count every matching row before it can be compared with zero; EXISTS stops at the first match and says what is meant.",
        LintSeverity.Warning,
        LintRuleTarget.Query,
        CanRewrite: true);

    public IEnumerable<LintFinding> Check(LintContext context)
    {
        var handled = new HashSet<SqlNode>(ReferenceEqualityComparer.Instance);
        foreach (var select in context.Selects)
        {
            if (CheckWholeQuery(select, context, handled) is { } finding)
            {
                yield return finding;
            }
        }

        foreach (var comparison in SqlTree.Descendants(context.Statement).OfType<BinaryExpression>())
        {
            if (handled.Contains(comparison) || Existence(comparison) is not { } test || SqlFacts.Unparen(test.Operand) is not SubqueryExpression subquery ||
                subquery.Query is not { With: null, Limit: null, Body: SqlSelect { Items: [{ Expression: FunctionCall count }] } inner } ||
                inner is not { GroupBy: null, Having: null, Top: null, Into: null, DistinctOn.Count: 0 } || NonNull(count) is not { } nonNull)
            {
                continue;
            }

            var exists = new ExistsExpression(subquery.Query with
            {
                Body = inner with { Distinct = false, Items = [One()], Where = SqlFacts.And([.. SqlFacts.Conjuncts(inner.Where), .. nonNull]) },
                OrderBy = NodeList<SqlOrderItem>.Empty,
            });
            var replacement = test.Exists ? (SqlExpression)exists : new UnaryExpression("NOT", exists);
            var message = $"{context.Sql(comparison)} counts every matching row only to learn whether there is one.";
            yield return context.Finding(Rule, count, message, test.Exists ? "Use EXISTS (SELECT 1 …)." : "Use NOT EXISTS (SELECT 1 …).", context.Rewrite(comparison, replacement));
        }
    }

    /// <summary>SELECT COUNT(*) &gt; 0 FROM t WHERE …: a one-row aggregate whose only use of the rows is the existence test.</summary>
    private LintFinding? CheckWholeQuery(SqlSelect select, LintContext context, HashSet<SqlNode> handled)
    {
        if (select is not { GroupBy: null, Having: null, Top: null, Into: null, DistinctOn.Count: 0, Windows.Count: 0 } || select.From.Count == 0 ||
            context.ParentOf(select) is not SqlQuery { Limit: null, OrderBy.Count: 0 } query || !ReferenceEquals(query.Body, select))
        {
            return null;
        }

        var tests = new List<(BinaryExpression Comparison, FunctionCall Count, bool Exists, List<SqlExpression> NonNull)>();
        foreach (var comparison in select.Items.SelectMany(i => SqlFacts.ExpressionNodes(i.Expression)).OfType<BinaryExpression>())
        {
            if (Existence(comparison) is { } test && SqlFacts.Unparen(test.Operand) is FunctionCall count && NonNull(count) is { } nonNull)
            {
                tests.Add((comparison, count, test.Exists, nonNull));
            }
        }

        if (tests.Count == 0)
        {
            return null;
        }

        // Every use of the rows must be one of the tests, or removing FROM would change the result.
        var counts = tests.Select(t => t.Count).ToHashSet(ReferenceEqualityComparer.Instance);
        var usesRows = false;
        var stack = new Stack<SqlNode>(select.Items.Select(i => i.Expression));
        while (stack.Count > 0 && !usesRows)
        {
            var node = stack.Pop();
            if (counts.Contains(node))
            {
                continue;
            }

            usesRows = node is ColumnExpression or StarExpression or SqlQuery || (node is FunctionCall call && (SqlFacts.IsAggregate(call) || SqlFacts.IsWindowFunction(call)));
            foreach (var child in SqlTree.Children(node))
            {
                stack.Push(child);
            }
        }

        foreach (var test in tests)
        {
            handled.Add(test.Comparison);
        }

        string? rewrite = null;
        // An item without an alias is named after its text in some dialects, and the rewrite changes the text.
        var named = select.Items.All(i => i.Alias is not null || !tests.Any(t => SqlFacts.ExpressionNodes(i.Expression).Contains(t.Comparison, ReferenceEqualityComparer.Instance)));
        if (!usesRows && named)
        {
            var replacements = LintContext.Replacements();
            foreach (var test in tests)
            {
                var exists = new ExistsExpression(new SqlQuery
                {
                    Body = new SqlSelect { Items = [One()], From = select.From, Where = SqlFacts.And([.. SqlFacts.Conjuncts(select.Where), .. test.NonNull]) },
                });
                replacements[test.Comparison] = test.Exists ? exists : new UnaryExpression("NOT", exists);
            }

            var items = SqlTreeEditor.Replace(new SqlSelect { Items = select.Items }, replacements)?.Items;
            rewrite = items is null ? null : context.Rewrite(select, select with { Items = items, From = NodeList<SqlTableSource>.Empty, Where = null });
        }

        var first = tests[0];
        var message = $"{context.Sql(first.Comparison)} counts every matching row only to learn whether there is one.";
        return context.Finding(Rule, first.Count, message, "Ask with EXISTS (SELECT 1 FROM … WHERE …), which stops at the first row.", rewrite);
    }

    private static SqlSelectItem One() => new(new LiteralExpression(SqlLiteralKind.Number, "1", "1"));

    /// <summary>The operand and meaning of count &gt; 0, count &gt;= 1, count &lt;&gt; 0 (exists) or count = 0, count &lt; 1 (none), either way round.</summary>
    private static (SqlExpression Operand, bool Exists)? Existence(BinaryExpression comparison)
    {
        var (operand, op, value) = SqlFacts.IntegerValue(comparison.Right) is { } right
            ? (comparison.Left, comparison.Operator, right)
            : SqlFacts.IntegerValue(comparison.Left) is { } left ? (comparison.Right, SqlFacts.Mirror(comparison.Operator), left) : (null, "", -1);
        if (operand is null)
        {
            return null;
        }

        bool? exists = (op, value) switch
        {
            (">", 0) or (">=", 1) or ("<>", 0) or ("!=", 0) => true,
            ("=", 0) or ("<", 1) or ("<=", 0) => false,
            _ => null,
        };
        return exists is null ? null : (operand, exists.Value);
    }

    /// <summary>For COUNT(*) or COUNT(constant) nothing; for COUNT(x) the condition x IS NOT NULL (it counts only those); null if not a plain COUNT.</summary>
    private static List<SqlExpression>? NonNull(FunctionCall count)
    {
        if (SqlFacts.NameOf(count) is not ("count" or "count_big") || !SqlFacts.IsAggregate(count) || count.Filter is not null)
        {
            return null;
        }

        return count.Arguments switch
        {
            [] or [StarExpression { Qualifier: null }] => [],
            [LiteralExpression literal] when literal.Kind != SqlLiteralKind.Null => [],
            [var argument] when !SqlFacts.HasSubquery(argument) => [new IsExpression(argument, Negated: true, SqlIsTest.Null)],
            _ => null,
        };
    }
}
