namespace Appliance.Core.Sql.Lint;

/// <summary>A table source of a FROM list with whether an outer join can make its columns NULL.</summary>
internal sealed record LeafSource(SqlTableSource Source, bool NullableByOuterJoin);

/// <summary>Syntax-level facts the rules share: conjuncts, aggregates, constants, the leaves of FROM.</summary>
internal static class SqlFacts
{
    private static readonly HashSet<string> AggregateNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "count", "count_big", "sum", "avg", "min", "max", "string_agg", "array_agg", "group_concat", "listagg", "json_agg",
        "jsonb_agg", "json_object_agg", "jsonb_object_agg", "json_arrayagg", "json_objectagg", "xmlagg", "bool_and", "bool_or",
        "every", "bit_and", "bit_or", "bit_xor", "stddev", "stddev_pop", "stddev_samp", "stdev", "stdevp", "variance",
        "var_pop", "var_samp", "var", "varp", "checksum_agg", "grouping", "grouping_id", "percentile_cont", "percentile_disc",
        "mode", "median", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept", "regr_count", "total",
    };

    /// <summary>Functions whose value changes from row to row although the arguments do not.</summary>
    private static readonly HashSet<string> VolatileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "rand", "random", "newid", "newsequentialid", "uuid", "gen_random_uuid", "uuid_generate_v4", "random_bytes", "randomblob", "nextval",
    };

    public static SqlExpression Unparen(SqlExpression expression)
    {
        while (expression is ParenthesizedExpression parenthesized)
        {
            expression = parenthesized.Inner;
        }

        return expression;
    }

    /// <summary>The operands of a chain of ANDs (through parentheses), in source order.</summary>
    public static List<SqlExpression> Conjuncts(SqlExpression? expression) => Flatten(expression, "AND");

    /// <summary>The operands of a chain of ORs (through parentheses), in source order.</summary>
    public static List<SqlExpression> Disjuncts(SqlExpression? expression) => Flatten(expression, "OR");

    private static List<SqlExpression> Flatten(SqlExpression? expression, string op)
    {
        var result = new List<SqlExpression>();
        if (expression is null)
        {
            return result;
        }

        var stack = new Stack<SqlExpression>();
        stack.Push(expression);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (Unparen(current) is BinaryExpression binary && binary.Operator.Equals(op, StringComparison.OrdinalIgnoreCase))
            {
                stack.Push(binary.Right);
                stack.Push(binary.Left);
            }
            else
            {
                result.Add(current);
            }
        }

        return result;
    }

    /// <summary>The conjuncts joined back with AND, left-deep as the parser builds them; null for none.</summary>
    public static SqlExpression? And(IEnumerable<SqlExpression> conjuncts)
    {
        SqlExpression? result = null;
        foreach (var conjunct in conjuncts)
        {
            result = result is null ? conjunct : new BinaryExpression(result, "AND", conjunct);
        }

        return result;
    }

    public static SqlExpression? Or(IEnumerable<SqlExpression> disjuncts)
    {
        SqlExpression? result = null;
        foreach (var disjunct in disjuncts)
        {
            result = result is null ? disjunct : new BinaryExpression(result, "OR", disjunct);
        }

        return result;
    }

    /// <summary>The nodes of an expression without entering subqueries (they have their own scope), depth first.</summary>
    public static IEnumerable<SqlNode> ExpressionNodes(SqlNode root)
    {
        var stack = new Stack<SqlNode>();
        var children = new List<SqlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            if (node is SqlQuery && !ReferenceEquals(node, root))
            {
                continue;
            }

            children.Clear();
            SqlTree.AddChildren(node, children);
            for (var i = children.Count - 1; i >= 0; i--)
            {
                if (children[i] is not SqlQuery)
                {
                    stack.Push(children[i]);
                }
            }
        }
    }

    public static IEnumerable<ColumnExpression> ColumnsIn(SqlNode root) => ExpressionNodes(root).OfType<ColumnExpression>();

    public static bool HasSubquery(SqlNode root) =>
        SqlTree.Children(root).Any(c => c is SqlQuery) || ExpressionNodes(root).Any(n => SqlTree.Children(n).Any(c => c is SqlQuery));

    public static string NameOf(FunctionCall call) => call.Name.Name.Value.ToLowerInvariant();

    public static bool IsAggregate(FunctionCall call) =>
        call.Over is null && call.OverWindow is null && call.Name.Parts.Count == 1 && AggregateNames.Contains(call.Name.Name.Value);

    public static bool IsWindowFunction(FunctionCall call) => call.Over is not null || call.OverWindow is not null;

    public static bool IsVolatile(FunctionCall call) => VolatileNames.Contains(call.Name.Name.Value);

    public static bool ContainsAggregate(SqlNode root) => ExpressionNodes(root).Any(n => n is FunctionCall call && IsAggregate(call));

    public static bool ContainsWindowFunction(SqlNode root) => ExpressionNodes(root).Any(n => n is FunctionCall call && IsWindowFunction(call));

    public static bool ContainsVolatile(SqlNode root) => ExpressionNodes(root).Any(n => n is FunctionCall call && IsVolatile(call));

    /// <summary>A value that does not depend on any row: literals, parameters, CURRENT_DATE, and casts or signs of those.</summary>
    public static bool IsConstant(SqlExpression expression) => Unparen(expression) switch
    {
        LiteralExpression or TypedLiteralExpression or ParameterExpression or KeywordExpression => true,
        UnaryExpression { Operator: "-" or "+" } unary => IsConstant(unary.Operand),
        CastExpression cast => IsConstant(cast.Operand),
        IntervalExpression interval => IsConstant(interval.Value),
        _ => false,
    };

    public static bool IsNullLiteral(SqlExpression expression) => Unparen(expression) is LiteralExpression { Kind: SqlLiteralKind.Null };

    /// <summary>Whether a SELECT aggregates: GROUP BY, HAVING, or an aggregate in its select list.</summary>
    public static bool IsAggregated(SqlSelect select) =>
        select.GroupBy is not null || select.Having is not null || select.Items.Any(i => ContainsAggregate(i.Expression));

    /// <summary>The table sources of a FROM list with joins and parentheses flattened, in source order.</summary>
    public static List<LeafSource> LeafSources(IEnumerable<SqlTableSource> from)
    {
        var result = new List<LeafSource>();
        foreach (var source in from)
        {
            AddLeaves(source, false, result);
        }

        return result;
    }

    private static void AddLeaves(SqlTableSource source, bool nullable, List<LeafSource> result)
    {
        switch (source)
        {
            case SqlJoin join:
                AddLeaves(join.Left, nullable || join.Kind is SqlJoinKind.Right or SqlJoinKind.Full, result);
                AddLeaves(join.Right, nullable || join.Kind is SqlJoinKind.Left or SqlJoinKind.Full or SqlJoinKind.OuterApply, result);
                break;
            case SqlParenthesizedSource parenthesized:
                AddLeaves(parenthesized.Inner, nullable, result);
                break;
            default:
                result.Add(new LeafSource(source, nullable));
                break;
        }
    }

    /// <summary>Every join of a FROM list, outermost first.</summary>
    public static IEnumerable<SqlJoin> Joins(IEnumerable<SqlTableSource> from)
    {
        var stack = new Stack<SqlTableSource>(from.Reverse());
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case SqlJoin join:
                    yield return join;
                    stack.Push(join.Right);
                    stack.Push(join.Left);
                    break;
                case SqlParenthesizedSource parenthesized:
                    stack.Push(parenthesized.Inner);
                    break;
            }
        }
    }

    /// <summary>The name a column qualifier uses for a source: its alias, else the table's own name.</summary>
    public static SqlIdentifier? ReferenceName(SqlTableSource source) => source switch
    {
        SqlNamedTable table => table.Alias?.Name ?? table.Name.Name,
        SqlDerivedTable derived => derived.Alias?.Name,
        SqlFunctionTable function => function.Alias?.Name ?? function.Function.Name.Name,
        SqlParenthesizedSource parenthesized => parenthesized.Alias?.Name,
        _ => null,
    };

    /// <summary>The SELECT blocks of a query body: the branches of set operations, in order.</summary>
    public static List<SqlSelect> Branches(SqlQueryBody body)
    {
        var result = new List<SqlSelect>();
        var stack = new Stack<SqlQueryBody>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case SqlSelect select:
                    result.Add(select);
                    break;
                case SqlSetOperation set:
                    stack.Push(set.Right);
                    stack.Push(set.Left);
                    break;
                case SqlParenthesizedQuery { Query: { With: null, OrderBy.Count: 0, Limit: null } inner }:
                    stack.Push(inner.Body);
                    break;
            }
        }

        return result;
    }

    /// <summary>A column reference reduced to its last part, lower-cased: the form used to compare references textually.</summary>
    public static string Key(ColumnExpression column) => column.Name.Name.Value.ToLowerInvariant();

    public static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>The comparison with its operands swapped: a &lt; b is b &gt; a.</summary>
    public static string Mirror(string op) => op switch
    {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        "!<" => "!>",
        "!>" => "!<",
        _ => op,
    };

    public static bool IsComparison(string op) => op is "=" or "<>" or "!=" or "<" or ">" or "<=" or ">=" or "==";

    /// <summary>A literal string or number as a number, for thresholds; null when it is not a plain integer.</summary>
    public static long? IntegerValue(SqlExpression expression) =>
        Unparen(expression) is LiteralExpression { Kind: SqlLiteralKind.Number } literal &&
        long.TryParse(literal.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
