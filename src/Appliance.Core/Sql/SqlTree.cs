namespace Appliance.Core.Sql;

/// <summary>Generic navigation over syntax trees.</summary>
public static class SqlTree
{
    /// <summary>The direct children of a node, in source order.</summary>
    public static IEnumerable<SqlNode> Children(SqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var children = new List<SqlNode>();
        AddChildren(node, children);
        return children;
    }

    /// <summary>Every node below <paramref name="node"/>, depth first in source order (iterative, so deep trees are safe).</summary>
    public static IEnumerable<SqlNode> Descendants(SqlNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var stack = new Stack<SqlNode>();
        var buffer = new List<SqlNode>();
        AddChildren(node, buffer);
        for (var i = buffer.Count - 1; i >= 0; i--)
        {
            stack.Push(buffer[i]);
        }

        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            buffer.Clear();
            AddChildren(current, buffer);
            for (var i = buffer.Count - 1; i >= 0; i--)
            {
                stack.Push(buffer[i]);
            }
        }
    }

    private static void Add(List<SqlNode> children, SqlNode? node)
    {
        if (node is not null)
        {
            children.Add(node);
        }
    }

    private static void AddAll<T>(List<SqlNode> children, IEnumerable<T> nodes)
        where T : SqlNode
    {
        foreach (var node in nodes)
        {
            children.Add(node);
        }
    }

    internal static void AddChildren(SqlNode node, List<SqlNode> c)
    {
        switch (node)
        {
            case SqlObjectName name:
                AddAll(c, name.Parts);
                break;
            case SqlDataType type:
                AddAll(c, type.Name);
                break;
            case TypedLiteralExpression typed:
                Add(c, typed.Literal);
                break;
            case IntervalExpression interval:
                Add(c, interval.Value);
                break;
            case ColumnExpression column:
                Add(c, column.Name);
                break;
            case StarExpression star:
                Add(c, star.Qualifier);
                break;
            case UnaryExpression unary:
                Add(c, unary.Operand);
                break;
            case BinaryExpression binary:
                Add(c, binary.Left);
                Add(c, binary.Right);
                break;
            case ParenthesizedExpression parenthesized:
                Add(c, parenthesized.Inner);
                break;
            case RowExpression row:
                AddAll(c, row.Items);
                break;
            case IsExpression isExpression:
                Add(c, isExpression.Operand);
                Add(c, isExpression.Other);
                break;
            case BetweenExpression between:
                Add(c, between.Operand);
                Add(c, between.Low);
                Add(c, between.High);
                break;
            case LikeExpression like:
                Add(c, like.Operand);
                Add(c, like.Pattern);
                Add(c, like.Escape);
                break;
            case InListExpression inList:
                Add(c, inList.Operand);
                AddAll(c, inList.Items);
                break;
            case InSubqueryExpression inSubquery:
                Add(c, inSubquery.Operand);
                Add(c, inSubquery.Query);
                break;
            case ExistsExpression exists:
                Add(c, exists.Query);
                break;
            case SubqueryExpression subquery:
                Add(c, subquery.Query);
                break;
            case QuantifiedExpression quantified:
                Add(c, quantified.Left);
                Add(c, quantified.Source);
                break;
            case FunctionCall call:
                Add(c, call.Name);
                AddAll(c, call.Arguments);
                AddAll(c, call.OrderBy);
                Add(c, call.Filter);
                AddAll(c, call.WithinGroup);
                Add(c, call.Over);
                Add(c, call.OverWindow);
                break;
            case KeywordArgument keywordArgument:
                Add(c, keywordArgument.Value);
                break;
            case NamedArgument named:
                Add(c, named.Name);
                Add(c, named.Value);
                break;
            case CaseExpression caseExpression:
                Add(c, caseExpression.Operand);
                AddAll(c, caseExpression.Whens);
                Add(c, caseExpression.Else);
                break;
            case SqlWhen whenClause:
                Add(c, whenClause.Condition);
                Add(c, whenClause.Result);
                break;
            case CastExpression cast:
                Add(c, cast.Operand);
                Add(c, cast.Type);
                Add(c, cast.Style);
                break;
            case ExtractExpression extract:
                Add(c, extract.Source);
                break;
            case CollateExpression collate:
                Add(c, collate.Operand);
                Add(c, collate.Collation);
                break;
            case ArrayExpression array:
                AddAll(c, array.Elements);
                break;
            case ArraySubqueryExpression arraySubquery:
                Add(c, arraySubquery.Query);
                break;
            case SubscriptExpression subscript:
                Add(c, subscript.Operand);
                Add(c, subscript.Lower);
                Add(c, subscript.Upper);
                break;
            case FieldExpression field:
                Add(c, field.Operand);
                Add(c, field.Field);
                break;
            case GroupingExpression grouping:
                AddAll(c, grouping.Items);
                break;
            case SqlOrderItem order:
                Add(c, order.Expression);
                break;
            case SqlFrameBound bound:
                Add(c, bound.Offset);
                break;
            case SqlWindowFrame frame:
                Add(c, frame.Start);
                Add(c, frame.End);
                break;
            case SqlWindowSpec spec:
                Add(c, spec.BaseWindow);
                AddAll(c, spec.PartitionBy);
                AddAll(c, spec.OrderBy);
                Add(c, spec.Frame);
                break;
            case SqlNamedWindow window:
                Add(c, window.Name);
                Add(c, window.Spec);
                break;
            case SqlQuery query:
                Add(c, query.With);
                Add(c, query.Body);
                AddAll(c, query.OrderBy);
                Add(c, query.Limit);
                AddAll(c, query.Locking);
                Add(c, query.Into);
                break;
            case SqlWithClause with:
                AddAll(c, with.Tables);
                break;
            case SqlCommonTableExpression cte:
                Add(c, cte.Name);
                AddAll(c, cte.Columns);
                Add(c, cte.Body);
                break;
            case SqlSelect select:
                AddAll(c, select.DistinctOn);
                Add(c, select.Top);
                AddAll(c, select.Items);
                Add(c, select.Into);
                AddAll(c, select.From);
                Add(c, select.Where);
                Add(c, select.GroupBy);
                Add(c, select.Having);
                AddAll(c, select.Windows);
                break;
            case SqlSetOperation set:
                Add(c, set.Left);
                Add(c, set.Right);
                break;
            case SqlParenthesizedQuery parenthesizedQuery:
                Add(c, parenthesizedQuery.Query);
                break;
            case SqlValues values:
                AddAll(c, values.Rows);
                break;
            case SqlSelectItem item:
                Add(c, item.Expression);
                Add(c, item.Alias);
                break;
            case SqlTop top:
                Add(c, top.Count);
                break;
            case SqlGroupBy groupBy:
                AddAll(c, groupBy.Items);
                break;
            case SqlLimit limit:
                Add(c, limit.Count);
                Add(c, limit.Offset);
                break;
            case SqlLockingClause locking:
                AddAll(c, locking.Of);
                break;
            case SqlIntoClause into:
                Add(c, into.Table);
                AddAll(c, into.Variables);
                break;
            case SqlTableAlias alias:
                Add(c, alias.Name);
                AddAll(c, alias.Columns);
                break;
            case SqlNamedTable table:
                Add(c, table.Name);
                Add(c, table.Alias);
                break;
            case SqlDerivedTable derived:
                Add(c, derived.Query);
                Add(c, derived.Alias);
                break;
            case SqlFunctionTable functionTable:
                Add(c, functionTable.Function);
                Add(c, functionTable.Alias);
                break;
            case SqlJoin join:
                Add(c, join.Left);
                Add(c, join.Right);
                Add(c, join.On);
                AddAll(c, join.Using);
                break;
            case SqlParenthesizedSource parenthesizedSource:
                Add(c, parenthesizedSource.Inner);
                Add(c, parenthesizedSource.Alias);
                break;
            case SelectStatement selectStatement:
                Add(c, selectStatement.Query);
                break;
            case SqlAssignment assignment:
                AddAll(c, assignment.Targets);
                Add(c, assignment.Value);
                break;
            case SqlOutputClause output:
                AddAll(c, output.Items);
                Add(c, output.Into);
                AddAll(c, output.IntoColumns);
                break;
            case SqlOnConflict conflict:
                AddAll(c, conflict.Targets);
                Add(c, conflict.TargetWhere);
                Add(c, conflict.Constraint);
                AddAll(c, conflict.Set);
                Add(c, conflict.Where);
                break;
            case InsertStatement insert:
                Add(c, insert.With);
                Add(c, insert.Top);
                Add(c, insert.Target);
                Add(c, insert.Alias);
                AddAll(c, insert.Columns);
                Add(c, insert.Output);
                Add(c, insert.Source);
                AddAll(c, insert.Set);
                Add(c, insert.Execute);
                Add(c, insert.OnConflict);
                AddAll(c, insert.OnDuplicateKeyUpdate);
                AddAll(c, insert.Returning);
                break;
            case UpdateStatement update:
                Add(c, update.With);
                Add(c, update.Top);
                AddAll(c, update.Targets);
                AddAll(c, update.Set);
                Add(c, update.Output);
                AddAll(c, update.From);
                Add(c, update.Where);
                AddAll(c, update.OrderBy);
                Add(c, update.Limit);
                AddAll(c, update.Returning);
                break;
            case DeleteStatement delete:
                Add(c, delete.With);
                Add(c, delete.Top);
                AddAll(c, delete.Targets);
                Add(c, delete.Output);
                AddAll(c, delete.Sources);
                Add(c, delete.Where);
                AddAll(c, delete.OrderBy);
                Add(c, delete.Limit);
                AddAll(c, delete.Returning);
                break;
            case SqlMergeClause clause:
                Add(c, clause.Condition);
                AddAll(c, clause.Set);
                AddAll(c, clause.Columns);
                AddAll(c, clause.Values);
                break;
            case MergeStatement merge:
                Add(c, merge.With);
                Add(c, merge.Top);
                Add(c, merge.Target);
                Add(c, merge.Source);
                Add(c, merge.On);
                AddAll(c, merge.Clauses);
                Add(c, merge.Output);
                AddAll(c, merge.Returning);
                break;
            case ExplainStatement explain:
                Add(c, explain.Statement);
                break;
            case CommandStatement command:
                AddAll(c, command.Targets);
                Add(c, command.Embedded);
                break;
        }
    }
}
