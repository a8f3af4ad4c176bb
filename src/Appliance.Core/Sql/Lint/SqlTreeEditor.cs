namespace Appliance.Core.Sql.Lint;

/// <summary>
/// Replaces nodes of an immutable syntax tree by identity and rebuilds only their ancestors, so a rewrite is a set of
/// node replacements followed by formatting. Parents the editor does not know how to rebuild (DDL, MERGE …) make the
/// edit fail with null rather than produce a half-edited tree.
/// </summary>
internal static class SqlTreeEditor
{
    /// <summary>The tree with every key of <paramref name="replacements"/> (compared by reference) replaced, or null.</summary>
    public static T? Replace<T>(T root, IReadOnlyDictionary<SqlNode, SqlNode> replacements)
        where T : SqlNode
    {
        if (replacements.Count == 0)
        {
            return root;
        }

        var ancestors = AncestorsOf(root, replacements);
        if (ancestors is null)
        {
            return null;
        }

        try
        {
            return (T)new Rebuilder(replacements, ancestors).Visit(root);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    public static T? Replace<T>(T root, SqlNode target, SqlNode replacement)
        where T : SqlNode =>
        Replace(root, new Dictionary<SqlNode, SqlNode>(ReferenceEqualityComparer.Instance) { [target] = replacement });

    /// <summary>Every node on a path from the root to a replaced node; null when some target is not in the tree.</summary>
    private static HashSet<SqlNode>? AncestorsOf(SqlNode root, IReadOnlyDictionary<SqlNode, SqlNode> replacements)
    {
        var parents = new Dictionary<SqlNode, SqlNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<SqlNode>();
        var children = new List<SqlNode>();
        stack.Push(root);
        var found = 0;
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (replacements.ContainsKey(node))
            {
                found++;
                continue;
            }

            children.Clear();
            SqlTree.AddChildren(node, children);
            foreach (var child in children)
            {
                parents[child] = node;
                stack.Push(child);
            }
        }

        if (found < replacements.Count)
        {
            return null;
        }

        var ancestors = new HashSet<SqlNode>(ReferenceEqualityComparer.Instance);
        foreach (var target in replacements.Keys)
        {
            for (var node = target; parents.TryGetValue(node, out var parent) && ancestors.Add(parent); node = parent)
            {
            }
        }

        return ancestors;
    }

    private sealed class Rebuilder(IReadOnlyDictionary<SqlNode, SqlNode> replacements, HashSet<SqlNode> ancestors)
    {
        public SqlNode Visit(SqlNode node)
        {
            if (replacements.TryGetValue(node, out var replacement))
            {
                return replacement;
            }

            return ancestors.Contains(node) ? Rebuild(node) : node;
        }

        private T V<T>(T node)
            where T : SqlNode => (T)Visit(node);

        private T? O<T>(T? node)
            where T : SqlNode => node is null ? null : (T)Visit(node);

        private NodeList<T> L<T>(NodeList<T> list)
            where T : SqlNode
        {
            T[]? copy = null;
            for (var i = 0; i < list.Count; i++)
            {
                var item = (T)Visit(list[i]);
                if (!ReferenceEquals(item, list[i]))
                {
                    copy ??= [.. list];
                    copy[i] = item;
                }
            }

            return copy is null ? list : NodeList.From(copy);
        }

        private SqlNode Rebuild(SqlNode node) => node switch
        {
            // Statements
            SelectStatement s => s with { Query = V(s.Query) },
            ExplainStatement s => s with { Statement = V(s.Statement) },
            InsertStatement s => s with { With = O(s.With), Source = O(s.Source) },
            UpdateStatement s => s with { With = O(s.With), Set = L(s.Set), From = L(s.From), Where = O(s.Where) },
            DeleteStatement s => s with { With = O(s.With), Sources = L(s.Sources), Where = O(s.Where) },
            SqlAssignment a => a with { Value = V(a.Value) },

            // Queries and sources
            SqlQuery q => q with { With = O(q.With), Body = V(q.Body), OrderBy = L(q.OrderBy), Limit = O(q.Limit) },
            SqlWithClause w => w with { Tables = L(w.Tables) },
            SqlCommonTableExpression c => c with { Body = V(c.Body) },
            SqlSelect s => s with
            {
                DistinctOn = L(s.DistinctOn),
                Top = O(s.Top),
                Items = L(s.Items),
                From = L(s.From),
                Where = O(s.Where),
                GroupBy = O(s.GroupBy),
                Having = O(s.Having),
                Windows = L(s.Windows),
            },
            SqlSetOperation s => s with { Left = V(s.Left), Right = V(s.Right) },
            SqlParenthesizedQuery p => p with { Query = V(p.Query) },
            SqlValues v => v with { Rows = L(v.Rows) },
            SqlSelectItem i => i with { Expression = V(i.Expression) },
            SqlTop t => t with { Count = V(t.Count) },
            SqlGroupBy g => g with { Items = L(g.Items) },
            SqlLimit l => l with { Count = O(l.Count), Offset = O(l.Offset) },
            SqlJoin j => j with { Left = V(j.Left), Right = V(j.Right), On = O(j.On) },
            SqlDerivedTable d => d with { Query = V(d.Query) },
            SqlFunctionTable f => f with { Function = V(f.Function) },
            SqlParenthesizedSource p => p with { Inner = V(p.Inner) },
            SqlOrderItem o => o with { Expression = V(o.Expression) },
            SqlNamedWindow w => w with { Spec = V(w.Spec) },
            SqlWindowSpec w => w with { PartitionBy = L(w.PartitionBy), OrderBy = L(w.OrderBy) },
            SqlWhen w => w with { Condition = V(w.Condition), Result = V(w.Result) },

            // Expressions
            UnaryExpression e => e with { Operand = V(e.Operand) },
            BinaryExpression e => e with { Left = V(e.Left), Right = V(e.Right) },
            ParenthesizedExpression e => e with { Inner = V(e.Inner) },
            RowExpression e => e with { Items = L(e.Items) },
            IsExpression e => e with { Operand = V(e.Operand), Other = O(e.Other) },
            BetweenExpression e => e with { Operand = V(e.Operand), Low = V(e.Low), High = V(e.High) },
            LikeExpression e => e with { Operand = V(e.Operand), Pattern = V(e.Pattern), Escape = O(e.Escape) },
            InListExpression e => e with { Operand = V(e.Operand), Items = L(e.Items) },
            InSubqueryExpression e => e with { Operand = V(e.Operand), Query = V(e.Query) },
            ExistsExpression e => e with { Query = V(e.Query) },
            SubqueryExpression e => e with { Query = V(e.Query) },
            QuantifiedExpression e => e with { Left = V(e.Left), Source = V(e.Source) },
            FunctionCall e => e with { Arguments = L(e.Arguments), OrderBy = L(e.OrderBy), Filter = O(e.Filter), WithinGroup = L(e.WithinGroup), Over = O(e.Over) },
            KeywordArgument e => e with { Value = O(e.Value) },
            NamedArgument e => e with { Value = V(e.Value) },
            CaseExpression e => e with { Operand = O(e.Operand), Whens = L(e.Whens), Else = O(e.Else) },
            CastExpression e => e with { Operand = V(e.Operand), Style = O(e.Style) },
            ExtractExpression e => e with { Source = V(e.Source) },
            CollateExpression e => e with { Operand = V(e.Operand) },
            ArrayExpression e => e with { Elements = L(e.Elements) },
            ArraySubqueryExpression e => e with { Query = V(e.Query) },
            SubscriptExpression e => e with { Operand = V(e.Operand), Lower = O(e.Lower), Upper = O(e.Upper) },
            FieldExpression e => e with { Operand = V(e.Operand) },
            GroupingExpression e => e with { Items = L(e.Items) },
            IntervalExpression e => e with { Value = V(e.Value) },
            _ => throw new NotSupportedException($"Cannot rebuild {node.GetType().Name}."),
        };
    }
}
