namespace Appliance.Core.Sql;

public enum SqlTableUse
{
    Read,

    /// <summary>Rows are written: INSERT/UPDATE/DELETE/MERGE targets, SELECT … INTO, OUTPUT … INTO.</summary>
    Write,
}

/// <summary>A table (or view, or WITH query) named in a statement.</summary>
public sealed record SqlTableReference(SqlObjectName Name, SqlIdentifier? Alias, SqlTableUse Use, bool IsCommonTableExpression, SourcePosition? Position)
{
    public string Table => Name.Name.Value;

    public string? Schema => Name.Qualifier?.Value;
}

/// <summary>A column named in a statement, with the qualifier (table or alias) as written, if any.</summary>
public sealed record SqlColumnReference(SqlObjectName Name, SourcePosition? Position)
{
    public string Column => Name.Name.Value;

    public string? Qualifier => Name.Qualifier?.Value;
}

public sealed record SqlFunctionReference(SqlObjectName Name, SourcePosition? Position)
{
    public string Function => Name.Name.Value;
}

/// <summary>An object a DDL, GRANT, COPY, CALL or similar statement acts on.</summary>
public sealed record SqlObjectReference(SqlObjectName Name, StatementKind Kind, string? ObjectType, SourcePosition? Position);

/// <summary>The names a statement mentions, unresolved: binding them to the schema comes later.</summary>
public sealed class SqlReferenceSet
{
    internal SqlReferenceSet(
        IReadOnlyList<SqlTableReference> tables,
        IReadOnlyList<SqlColumnReference> columns,
        IReadOnlyList<SqlFunctionReference> functions,
        IReadOnlyList<SqlObjectReference> objects,
        IReadOnlyList<string> commonTableExpressions)
    {
        Tables = tables;
        Columns = columns;
        Functions = functions;
        Objects = objects;
        CommonTableExpressions = commonTableExpressions;
    }

    public IReadOnlyList<SqlTableReference> Tables { get; }

    public IReadOnlyList<SqlColumnReference> Columns { get; }

    public IReadOnlyList<SqlFunctionReference> Functions { get; }

    public IReadOnlyList<SqlObjectReference> Objects { get; }

    /// <summary>The names defined by WITH clauses anywhere in the statement.</summary>
    public IReadOnlyList<string> CommonTableExpressions { get; }

    /// <summary>Whether any table is written, including by a statement nested in a WITH query.</summary>
    public bool WritesTables => Tables.Any(t => t.Use == SqlTableUse.Write);
}

/// <summary>Lists every table, column, function and object reference of a statement.</summary>
public static class SqlReferences
{
    public static SqlReferenceSet Collect(ParsedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new Collector(statement.PositionOf).Run(statement.Statement);
    }

    public static SqlReferenceSet Collect(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new Collector(_ => null).Run(statement);
    }

    private sealed class Collector(Func<SqlNode, SourcePosition?> positionOf)
    {
        private readonly List<SqlTableReference> tables = [];
        private readonly List<SqlColumnReference> columns = [];
        private readonly List<SqlFunctionReference> functions = [];
        private readonly List<SqlObjectReference> objects = [];
        private readonly List<string> commonTableExpressions = [];
        private readonly List<string> scope = [];

        public SqlReferenceSet Run(SqlStatement statement)
        {
            Visit(statement, write: false);
            return new SqlReferenceSet(tables, columns, functions, objects, commonTableExpressions);
        }

        private void Visit(SqlNode? node, bool write)
        {
            switch (node)
            {
                case null or SqlIdentifier or SqlObjectName or SqlLockingClause:
                    return;
                case SqlQuery query:
                {
                    var pushed = PushWith(query.With);
                    Visit(query.Body, false);
                    VisitAll(query.OrderBy);
                    Visit(query.Limit, false);
                    Visit(query.Into, false);
                    PopWith(pushed);
                    return;
                }

                case SqlNamedTable table:
                    AddTable(table.Name, table.Alias?.Name, write);
                    return;
                case SqlParenthesizedSource parenthesized:
                    Visit(parenthesized.Inner, write);
                    return;
                case SqlJoin join:
                    Visit(join.Left, write);
                    Visit(join.Right, write);
                    Visit(join.On, false);
                    foreach (var column in join.Using)
                    {
                        AddColumn(new SqlObjectName([column]));
                    }

                    return;
                case ColumnExpression column:
                    AddColumn(column.Name);
                    return;
                case FunctionCall call:
                    functions.Add(new SqlFunctionReference(call.Name, positionOf(call.Name)));
                    VisitAll(call.Arguments);
                    VisitAll(call.OrderBy);
                    Visit(call.Filter, false);
                    VisitAll(call.WithinGroup);
                    Visit(call.Over, false);
                    return;
                case CollateExpression collate:
                    Visit(collate.Operand, false);
                    return;
                case SqlIntoClause into:
                    if (into.Table is not null)
                    {
                        AddTable(into.Table, null, write: true);
                    }

                    return;
                case SqlAssignment assignment:
                    foreach (var target in assignment.Targets)
                    {
                        AddColumn(target);
                    }

                    Visit(assignment.Value, false);
                    return;
                case SqlOutputClause output:
                    VisitAll(output.Items);
                    if (output.Into is not null)
                    {
                        AddTable(output.Into, null, write: true);
                    }

                    return;
                case InsertStatement insert:
                {
                    var pushed = PushWith(insert.With);
                    AddTable(insert.Target, insert.Alias, write: true);
                    foreach (var column in insert.Columns)
                    {
                        AddColumn(new SqlObjectName([column]));
                    }

                    Visit(insert.Top, false);
                    Visit(insert.Output, false);
                    Visit(insert.Source, false);
                    VisitAll(insert.Set);
                    Visit(insert.Execute, false);
                    Visit(insert.OnConflict, false);
                    VisitAll(insert.OnDuplicateKeyUpdate);
                    VisitAll(insert.Returning);
                    PopWith(pushed);
                    return;
                }

                case UpdateStatement update:
                {
                    var pushed = PushWith(update.With);
                    Visit(update.Top, false);
                    foreach (var target in update.Targets)
                    {
                        Visit(target, write: true);
                    }

                    VisitAll(update.Set);
                    Visit(update.Output, false);
                    VisitAll(update.From);
                    Visit(update.Where, false);
                    VisitAll(update.OrderBy);
                    Visit(update.Limit, false);
                    VisitAll(update.Returning);
                    PopWith(pushed);
                    return;
                }

                case DeleteStatement delete:
                {
                    var pushed = PushWith(delete.With);
                    Visit(delete.Top, false);
                    foreach (var target in delete.Targets)
                    {
                        Visit(target, write: true);
                    }

                    Visit(delete.Output, false);
                    VisitAll(delete.Sources);
                    Visit(delete.Where, false);
                    VisitAll(delete.OrderBy);
                    Visit(delete.Limit, false);
                    VisitAll(delete.Returning);
                    PopWith(pushed);
                    return;
                }

                case MergeStatement merge:
                {
                    var pushed = PushWith(merge.With);
                    Visit(merge.Top, false);
                    Visit(merge.Target, write: true);
                    Visit(merge.Source, false);
                    Visit(merge.On, false);
                    VisitAll(merge.Clauses);
                    Visit(merge.Output, false);
                    VisitAll(merge.Returning);
                    PopWith(pushed);
                    return;
                }

                case SqlMergeClause clause:
                    Visit(clause.Condition, false);
                    VisitAll(clause.Set);
                    foreach (var column in clause.Columns)
                    {
                        AddColumn(new SqlObjectName([column]));
                    }

                    VisitAll(clause.Values);
                    return;
                case CommandStatement command:
                    foreach (var target in command.Targets)
                    {
                        objects.Add(new SqlObjectReference(target, command.Kind, command.ObjectType, positionOf(target)));
                    }

                    Visit(command.Embedded, false);
                    return;
                default:
                    foreach (var child in SqlTree.Children(node))
                    {
                        Visit(child, false);
                    }

                    return;
            }
        }

        private void VisitAll<T>(IEnumerable<T> nodes)
            where T : SqlNode
        {
            foreach (var node in nodes)
            {
                Visit(node, false);
            }
        }

        private int PushWith(SqlWithClause? with)
        {
            if (with is null)
            {
                return 0;
            }

            // Every name of a WITH list is visible in all its bodies: T-SQL recursion needs no RECURSIVE keyword.
            foreach (var cte in with.Tables)
            {
                scope.Add(cte.Name.Value);
                commonTableExpressions.Add(cte.Name.Value);
            }

            foreach (var cte in with.Tables)
            {
                Visit(cte.Body, false);
            }

            return with.Tables.Count;
        }

        private void PopWith(int count) => scope.RemoveRange(scope.Count - count, count);

        private void AddTable(SqlObjectName name, SqlIdentifier? alias, bool write)
        {
            var isCte = name.Parts.Count == 1 && scope.Exists(s => s.Equals(name.Name.Value, StringComparison.OrdinalIgnoreCase));
            tables.Add(new SqlTableReference(name, alias, write ? SqlTableUse.Write : SqlTableUse.Read, isCte, positionOf(name)));
        }

        private void AddColumn(SqlObjectName name) => columns.Add(new SqlColumnReference(name, positionOf(name)));
    }
}
