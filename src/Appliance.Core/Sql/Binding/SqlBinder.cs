using Appliance.Core.Schema;

namespace Appliance.Core.Sql.Binding;

/// <summary>
/// Binds the table and column names of a parsed statement to an ingested schema: every reference either points at a
/// schema object (or a CTE, subquery or alias of the statement) or becomes a <see cref="BindingProblem"/> with a
/// "did you mean" suggestion. The binder is lenient where the database is: sources whose columns cannot be known
/// (functions without a column list, temporary tables) accept any column without a problem.
/// </summary>
public static class SqlBinder
{
    public static BoundStatement Bind(ParsedStatement statement, DatabaseSchema schema, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(schema);
        var binder = new Binder(statement, schema, dialect);
        binder.BindStatement(statement.Statement, null, CteEnvironment.Empty);
        return new BoundStatement(statement, schema, dialect, binder.Sources, binder.Columns, binder.Problems, binder.Scopes);
    }

    /// <summary>The common table expressions visible at a point, innermost first.</summary>
    private sealed class CteEnvironment
    {
        public static readonly CteEnvironment Empty = new(null, null, null);

        private CteEnvironment(CteEnvironment? parent, SqlCommonTableExpression? cte, IReadOnlyList<string>? columns)
        {
            Parent = parent;
            Cte = cte;
            Columns = columns;
        }

        public CteEnvironment? Parent { get; }

        public SqlCommonTableExpression? Cte { get; }

        public IReadOnlyList<string>? Columns { get; }

        public CteEnvironment With(SqlCommonTableExpression cte, IReadOnlyList<string>? columns) => new(this, cte, columns);

        public CteEnvironment? Find(string name, bool exact)
        {
            for (var env = this; env?.Cte is not null; env = env.Parent)
            {
                if (NameMatching.Same(env.Cte.Name.Value, name, exact))
                {
                    return env;
                }
            }

            return null;
        }

        public IEnumerable<string> Names()
        {
            for (var env = this; env?.Cte is not null; env = env.Parent)
            {
                yield return env.Cte.Name.Value;
            }
        }
    }

    private sealed class Binder(ParsedStatement parsed, DatabaseSchema schema, SqlDialect dialect)
    {
        private static readonly HashSet<string> PseudoColumns = new(StringComparer.OrdinalIgnoreCase)
        {
            "ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid", "rowid", "_rowid_",
            "current_user", "session_user", "user", "current_role", "current_schema", "current_catalog", "system_user",
            "localtime", "localtimestamp", "current_date", "current_time", "current_timestamp", "sysdate",
            "null", "true", "false", "unknown", "default", "$action", "$identity", "$rowguid",
        };

        private static readonly HashSet<string> SystemSchemas = new(StringComparer.OrdinalIgnoreCase)
        {
            "pg_catalog", "information_schema", "pg_toast", "sys", "mysql", "performance_schema", "INFORMATION_SCHEMA", "sqlite_master",
        };

        public List<BoundSource> Sources { get; } = [];

        public List<BoundColumn> Columns { get; } = [];

        public List<BindingProblem> Problems { get; } = [];

        public Dictionary<SqlNode, BoundScope> Scopes { get; } = new(ReferenceEqualityComparer.Instance);

        // ---- Statements ------------------------------------------------------------------------------------------

        public void BindStatement(SqlStatement statement, BoundScope? outer, CteEnvironment ctes)
        {
            switch (statement)
            {
                case SelectStatement select:
                    BindQuery(select.Query, outer, ctes);
                    break;
                case InsertStatement insert:
                    BindInsert(insert, outer, ctes);
                    break;
                case UpdateStatement update:
                    BindUpdate(update, outer, ctes);
                    break;
                case DeleteStatement delete:
                    BindDelete(delete, outer, ctes);
                    break;
                case MergeStatement merge:
                    BindMerge(merge, outer, ctes);
                    break;
                case ExplainStatement explain:
                    BindStatement(explain.Statement, outer, ctes);
                    break;
                case CommandStatement { Embedded: { } embedded }:
                    BindStatement(embedded, outer, ctes);
                    break;
            }
        }

        private void BindInsert(InsertStatement insert, BoundScope? outer, CteEnvironment ctes)
        {
            ctes = BindWith(insert.With, outer, ctes);
            var scope = NewScope(insert, outer);
            var target = BindNamedTable(insert.Target, insert.Alias?.Value, insert.Target, ctes);
            scope.Add(target);
            foreach (var column in insert.Columns)
            {
                CheckTargetColumn(target, new SqlObjectName(NodeList.From([column])), column);
            }

            if (insert.Source is not null)
            {
                BindQuery(insert.Source, outer, ctes);
            }

            foreach (var assignment in insert.Set)
            {
                BindAssignment(assignment, scope, [target]);
            }

            if (insert.OnConflict is { } onConflict)
            {
                // ON CONFLICT … DO UPDATE sees the proposed row as the pseudo-table "excluded".
                var excluded = new BoundSource(insert.OnConflict, target.Kind, "excluded", null, target.Columns) { Table = target.Table, View = target.View };
                var conflictScope = NewScope(onConflict, scope);
                conflictScope.Add(excluded);
                foreach (var expression in onConflict.Targets)
                {
                    BindExpression(expression, conflictScope, null);
                }

                BindOptional(onConflict.TargetWhere, conflictScope);
                foreach (var assignment in onConflict.Set)
                {
                    BindAssignment(assignment, conflictScope, [target]);
                }

                BindOptional(onConflict.Where, conflictScope);
            }

            foreach (var assignment in insert.OnDuplicateKeyUpdate)
            {
                BindAssignment(assignment, scope, [target]);
            }

            BindItems(insert.Returning, scope);
            BindOutput(insert.Output, scope);
        }

        private void BindUpdate(UpdateStatement update, BoundScope? outer, CteEnvironment ctes)
        {
            ctes = BindWith(update.With, outer, ctes);
            var scope = NewScope(update, outer);
            foreach (var target in update.Targets)
            {
                BindSource(target, scope, outer, ctes);
            }

            var targets = scope.Sources.ToList();
            foreach (var source in update.From)
            {
                // T-SQL "UPDATE o SET … FROM orders o JOIN …" names the alias as target: it is the same source.
                BindSource(source, scope, outer, ctes);
            }

            foreach (var assignment in update.Set)
            {
                BindAssignment(assignment, scope, targets);
            }

            BindOptional(update.Where, scope);
            foreach (var item in update.OrderBy)
            {
                BindExpression(item.Expression, scope, null);
            }

            BindOptional(update.Limit, scope);
            BindItems(update.Returning, scope);
            BindOutput(update.Output, scope);
        }

        private void BindDelete(DeleteStatement delete, BoundScope? outer, CteEnvironment ctes)
        {
            ctes = BindWith(delete.With, outer, ctes);
            var scope = NewScope(delete, outer);

            // MySQL "DELETE t1 FROM t1 JOIN t2 …" and T-SQL "DELETE o FROM orders o …" name sources of the FROM list as targets.
            var targetsAreAliases = delete.Sources.Count > 0 && !delete.SourcesWithUsing;
            if (!targetsAreAliases)
            {
                foreach (var target in delete.Targets)
                {
                    BindSource(target, scope, outer, ctes);
                }
            }

            foreach (var source in delete.Sources)
            {
                BindSource(source, scope, outer, ctes);
            }

            BindOptional(delete.Where, scope);
            foreach (var item in delete.OrderBy)
            {
                BindExpression(item.Expression, scope, null);
            }

            BindOptional(delete.Limit, scope);
            BindItems(delete.Returning, scope);
            BindOutput(delete.Output, scope);
        }

        private void BindMerge(MergeStatement merge, BoundScope? outer, CteEnvironment ctes)
        {
            ctes = BindWith(merge.With, outer, ctes);
            var scope = NewScope(merge, outer);
            BindSource(merge.Target, scope, outer, ctes);
            var target = scope.Sources.ToList();
            BindSource(merge.Source, scope, outer, ctes);
            BindExpression(merge.On, scope, null);
            foreach (var clause in merge.Clauses)
            {
                BindOptional(clause.Condition, scope);
                foreach (var assignment in clause.Set)
                {
                    BindAssignment(assignment, scope, target);
                }

                if (target is [var only])
                {
                    foreach (var column in clause.Columns)
                    {
                        CheckTargetColumn(only, new SqlObjectName(NodeList.From([column])), column);
                    }
                }

                foreach (var value in clause.Values)
                {
                    BindExpression(value, scope, null);
                }
            }

            BindItems(merge.Returning, scope);
            BindOutput(merge.Output, scope);
        }

        private void BindAssignment(SqlAssignment assignment, BoundScope scope, IReadOnlyList<BoundSource> targets)
        {
            foreach (var name in assignment.Targets)
            {
                if (name.Parts.Count >= 2)
                {
                    var qualifier = name.Parts[^2];
                    var source = targets.FirstOrDefault(t => NameMatching.Same(t.ReferenceName, qualifier.Value, Exact(qualifier)) || NameMatching.Same(t.Name, qualifier.Value, Exact(qualifier)));
                    if (source is not null)
                    {
                        CheckTargetColumn(source, name, name.Name);
                    }
                }
                else if (targets.Count == 1)
                {
                    CheckTargetColumn(targets[0], name, name.Name);
                }
            }

            BindExpression(assignment.Value, scope, null);
        }

        private void CheckTargetColumn(BoundSource target, SqlObjectName name, SqlIdentifier column)
        {
            if (target.Columns is null || target.Columns.Any(c => NameMatching.Same(c, column.Value, Exact(column))))
            {
                return;
            }

            var suggestion = NameMatching.Suggest(column.Value, target.Columns);
            Problems.Add(new BindingProblem(
                BindingProblemKind.UnknownColumn,
                column.Value,
                $"Column \"{column.Value}\" does not exist in {target.Name}." + DidYouMean(suggestion),
                suggestion,
                parsed.PositionOf(name)));
        }

        private void BindOutput(SqlOutputClause? output, BoundScope scope)
        {
            if (output is null)
            {
                return;
            }

            // T-SQL OUTPUT names the pseudo-tables inserted and deleted; their columns are the target's.
            var pseudo = NewScope(output, scope);
            var target = scope.Sources.FirstOrDefault();
            foreach (var name in new[] { "inserted", "deleted" })
            {
                pseudo.Add(new BoundSource(output, target?.Kind ?? BoundSourceKind.Unknown, name, null, target?.Columns) { Table = target?.Table, View = target?.View });
            }

            BindItems(output.Items, pseudo);
        }

        private CteEnvironment BindWith(SqlWithClause? with, BoundScope? outer, CteEnvironment ctes)
        {
            if (with is null)
            {
                return ctes;
            }

            foreach (var cte in with.Tables)
            {
                var declared = cte.Columns.Count > 0 ? cte.Columns.Select(c => c.Value).ToList() : null;
                var bodyEnv = with.Recursive ? ctes.With(cte, declared ?? OutputColumnsOfAnchor(cte.Body)) : ctes;
                var columns = BindCteBody(cte.Body, outer, bodyEnv);
                ctes = ctes.With(cte, declared ?? columns);
            }

            return ctes;
        }

        private IReadOnlyList<string>? BindCteBody(SqlStatement body, BoundScope? outer, CteEnvironment ctes)
        {
            if (body is SelectStatement select)
            {
                return BindQuery(select.Query, outer, ctes);
            }

            BindStatement(body, outer, ctes);
            var returning = body switch
            {
                InsertStatement i => i.Returning,
                UpdateStatement u => u.Returning,
                DeleteStatement d => d.Returning,
                _ => NodeList<SqlSelectItem>.Empty,
            };
            return returning.Count == 0 ? null : OutputNames(returning, null);
        }

        /// <summary>The columns of a recursive CTE come from its non-recursive first branch, which is bound separately.</summary>
        private static IReadOnlyList<string>? OutputColumnsOfAnchor(SqlStatement body)
        {
            if (body is not SelectStatement { Query.Body: var queryBody })
            {
                return null;
            }

            while (queryBody is SqlSetOperation set)
            {
                queryBody = set.Left;
            }

            return queryBody is SqlSelect anchor && anchor.Items.All(i => i.Alias is not null || i.Expression is ColumnExpression)
                ? anchor.Items.Select(i => i.Alias?.Value ?? ((ColumnExpression)i.Expression).Name.Name.Value).ToList()
                : null;
        }

        // ---- Queries ---------------------------------------------------------------------------------------------

        /// <summary>Binds a query and returns its output column names, or null when they cannot be known.</summary>
        private IReadOnlyList<string>? BindQuery(SqlQuery query, BoundScope? outer, CteEnvironment ctes)
        {
            ctes = BindWith(query.With, outer, ctes);
            var (columns, scope) = BindBody(query.Body, outer, ctes);
            if (query.OrderBy.Count > 0)
            {
                var orderScope = scope ?? NewScope(query, outer);
                foreach (var item in query.OrderBy)
                {
                    BindExpression(item.Expression, orderScope, columns);
                }
            }

            if (query.Limit is { } limit)
            {
                BindOptional(limit.Count, outer);
                BindOptional(limit.Offset, outer);
            }

            return columns;
        }

        private (IReadOnlyList<string>? Columns, BoundScope? Scope) BindBody(SqlQueryBody body, BoundScope? outer, CteEnvironment ctes)
        {
            switch (body)
            {
                case SqlSelect select:
                    return BindSelect(select, outer, ctes);
                case SqlSetOperation set:
                {
                    var left = BindBody(set.Left, outer, ctes);
                    BindBody(set.Right, outer, ctes);

                    // ORDER BY after a set operation sees only the output columns (by the left branch's names).
                    return (left.Columns, null);
                }

                case SqlParenthesizedQuery parenthesized:
                    return (BindQuery(parenthesized.Query, outer, ctes), null);
                case SqlValues values:
                {
                    foreach (var row in values.Rows)
                    {
                        BindExpression(row, outer, null);
                    }

                    var width = values.Rows.Count > 0 ? values.Rows[0].Items.Count : 0;
                    var names = Enumerable.Range(1, width).Select(i => dialect == SqlDialect.MySql ? $"column_{i - 1}" : $"column{i}").ToList();
                    return (names, null);
                }

                default:
                    return (null, null);
            }
        }

        private (IReadOnlyList<string>? Columns, BoundScope Scope) BindSelect(SqlSelect select, BoundScope? outer, CteEnvironment ctes)
        {
            var scope = NewScope(select, outer);
            foreach (var source in select.From)
            {
                BindSource(source, scope, outer, ctes);
            }

            var aliases = select.Items.Where(i => i.Alias is not null).Select(i => i.Alias!.Value).ToList();
            BindItems(select.Items, scope);
            BindOptional(select.Where, scope);
            foreach (var expression in select.DistinctOn)
            {
                BindExpression(expression, scope, aliases);
            }

            if (select.Top is { } top)
            {
                BindExpression(top.Count, outer, null);
            }

            if (select.GroupBy is { } groupBy)
            {
                foreach (var item in groupBy.Items)
                {
                    BindExpression(item, scope, aliases);
                }
            }

            BindOptional(select.Having, scope, aliases);
            foreach (var window in select.Windows)
            {
                BindExpression(window.Spec, scope, null);
            }

            return (OutputNames(select.Items, scope), scope);
        }

        private void BindItems(NodeList<SqlSelectItem> items, BoundScope scope)
        {
            foreach (var item in items)
            {
                if (item.Expression is StarExpression { Qualifier: { } qualifier })
                {
                    if (FindQualified(qualifier, scope, out _) is null && !IsSystemQualifier(qualifier))
                    {
                        ReportUnknownQualifier(qualifier, qualifier.Name, scope);
                    }

                    continue;
                }

                BindExpression(item.Expression, scope, null);
            }
        }

        private List<string>? OutputNames(NodeList<SqlSelectItem> items, BoundScope? scope)
        {
            var names = new List<string>();
            foreach (var item in items)
            {
                switch (item)
                {
                    case { Alias: { } alias }:
                        names.Add(alias.Value);
                        break;
                    case { Expression: ColumnExpression column }:
                        names.Add(column.Name.Name.Value);
                        break;
                    case { Expression: StarExpression star }:
                    {
                        if (scope is null)
                        {
                            return null;
                        }

                        var sources = star.Qualifier is null
                            ? scope.Sources
                            : FindQualified(star.Qualifier, scope, out _) is { } one ? [one] : [];
                        foreach (var source in sources)
                        {
                            if (source.Columns is null)
                            {
                                return null;
                            }

                            names.AddRange(source.Columns);
                        }

                        break;
                    }

                    case { Expression: FunctionCall call }:
                        names.Add(call.Name.Name.Value.ToLowerInvariant());
                        break;
                    default:
                        names.Add("?column?");
                        break;
                }
            }

            return names;
        }

        // ---- Sources ---------------------------------------------------------------------------------------------

        private void BindSource(SqlTableSource source, BoundScope scope, BoundScope? outer, CteEnvironment ctes)
        {
            switch (source)
            {
                case SqlNamedTable named:
                {
                    var bound = BindNamedTable(named.Name, named.Alias?.Name.Value, named, ctes);
                    if (named.Alias is { Columns.Count: > 0 } alias)
                    {
                        bound = Renamed(bound, alias);
                    }

                    scope.Add(bound);
                    break;
                }

                case SqlDerivedTable derived:
                    BindDerived(derived, derived.Lateral, scope, outer, ctes);
                    break;

                case SqlFunctionTable function:
                {
                    BindExpression(function.Function, scope, null);
                    IReadOnlyList<string>? columns = function.Alias is { Columns.Count: > 0 } alias ? alias.Columns.Select(c => c.Value).ToList() : null;
                    var name = function.Alias?.Name.Value ?? function.Function.Name.Name.Value;
                    var bound = new BoundSource(function, BoundSourceKind.Function, name, function.Alias?.Name.Value, columns) { Position = parsed.PositionOf(function.Function.Name) };
                    Register(bound, scope);
                    break;
                }

                case SqlJoin join:
                {
                    BindSource(join.Left, scope, outer, ctes);
                    if (join.Kind is SqlJoinKind.CrossApply or SqlJoinKind.OuterApply && join.Right is SqlDerivedTable applied)
                    {
                        BindDerived(applied, lateral: true, scope, outer, ctes);
                    }
                    else
                    {
                        BindSource(join.Right, scope, outer, ctes);
                    }

                    BindOptional(join.On, scope);
                    break;
                }

                case SqlParenthesizedSource parenthesized:
                    BindSource(parenthesized.Inner, scope, outer, ctes);
                    break;
            }
        }

        private void BindDerived(SqlDerivedTable derived, bool lateral, BoundScope scope, BoundScope? outer, CteEnvironment ctes)
        {
            // A LATERAL subquery (and T-SQL APPLY's right side) sees the sources before it; others only the outer query.
            var columns = BindQuery(derived.Query, lateral ? scope : outer, ctes);
            if (derived.Alias is { Columns.Count: > 0 } alias)
            {
                columns = alias.Columns.Select(c => c.Value).ToList();
            }

            var name = derived.Alias?.Name.Value ?? "subquery";
            Register(new BoundSource(derived, BoundSourceKind.Derived, name, derived.Alias?.Name.Value, columns) { Position = parsed.PositionOf(derived) }, scope);
        }

        private BoundSource Renamed(BoundSource bound, SqlTableAlias alias)
        {
            var renamed = new BoundSource(bound.Node, bound.Kind, bound.Name, bound.Alias, alias.Columns.Select(c => c.Value).ToList())
            {
                Table = bound.Table,
                View = bound.View,
                CommonTableExpression = bound.CommonTableExpression,
                Position = bound.Position,
            };
            Sources[Sources.IndexOf(bound)] = renamed;
            return renamed;
        }

        private void Register(BoundSource bound, BoundScope scope)
        {
            Sources.Add(bound);
            scope.Add(bound);
        }

        /// <summary>Resolves a table name (in FROM or a DML target) and records it in <see cref="Sources"/>.</summary>
        private BoundSource BindNamedTable(SqlObjectName name, string? alias, SqlNode node, CteEnvironment ctes)
        {
            var position = parsed.PositionOf(name);
            var last = name.Name;
            var exact = Exact(last);
            BoundSource bound;
            if (name.Parts.Count == 1 && ctes.Find(last.Value, exact) is { } env)
            {
                bound = new BoundSource(node, BoundSourceKind.CommonTableExpression, env.Cte!.Name.Value, alias, env.Columns) { CommonTableExpression = env.Cte, Position = position };
            }
            else if (IsUncheckable(name))
            {
                bound = new BoundSource(node, BoundSourceKind.Unknown, last.Value, alias, null) { Position = position };
            }
            else if (FindTable(name) is { } table)
            {
                bound = new BoundSource(node, BoundSourceKind.Table, table.Name, alias, table.Columns.Select(c => c.Name).ToList()) { Table = table, Position = position };
            }
            else if (FindView(name) is { } view)
            {
                var columns = view.Columns.Count > 0 ? view.Columns.Select(c => c.Name).ToList() : null;
                bound = new BoundSource(node, BoundSourceKind.View, view.Name, alias, columns) { View = view, Position = position };
            }
            else
            {
                var candidates = schema.Tables.Select(t => t.Name).Concat(schema.Views.Select(v => v.Name)).Concat(ctes.Names());
                var suggestion = NameMatching.Suggest(last.Value, candidates);
                var written = name.ToString();
                Problems.Add(new BindingProblem(
                    BindingProblemKind.UnknownTable,
                    written,
                    $"Table \"{written}\" does not exist." + DidYouMean(suggestion),
                    suggestion,
                    position));
                bound = new BoundSource(node, BoundSourceKind.Unknown, last.Value, alias, null) { Position = position };
            }

            Sources.Add(bound);
            return bound;
        }

        private bool IsUncheckable(SqlObjectName name)
        {
            var last = name.Name.Value;
            if (last.StartsWith('@') || last.StartsWith('#'))
            {
                return true; // T-SQL table variables and temporary tables are not in the ingested schema.
            }

            if (name.Qualifier is { } qualifier && SystemSchemas.Contains(qualifier.Value))
            {
                return true;
            }

            return name.Parts.Count == 1 && (
                (dialect == SqlDialect.Postgres && last.StartsWith("pg_", StringComparison.OrdinalIgnoreCase)) ||
                (dialect == SqlDialect.Sqlite && last.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase)) ||
                (dialect == SqlDialect.MySql && last.Equals("dual", StringComparison.OrdinalIgnoreCase)));
        }

        private Table? FindTable(SqlObjectName name) => FindObject(schema.Tables, t => t.Schema, t => t.Name, name);

        private View? FindView(SqlObjectName name) => FindObject(schema.Views, v => v.Schema, v => v.Name, name);

        private T? FindObject<T>(IReadOnlyList<T> objects, Func<T, string> schemaOf, Func<T, string> nameOf, SqlObjectName name)
            where T : class
        {
            var last = name.Name;
            var matches = objects.Where(o => NameMatching.Same(nameOf(o), last.Value, Exact(last))).ToList();
            if (name.Qualifier is { } qualifier)
            {
                return NameMatching.Find(matches, schemaOf, qualifier.Value, Exact(qualifier));
            }

            if (matches.Count <= 1)
            {
                return matches.FirstOrDefault();
            }

            // An exact-case match beats a folded one; then the default schema of the dialect (the search path).
            var exactCase = matches.Where(o => nameOf(o) == last.Value).ToList();
            if (exactCase.Count == 1)
            {
                return exactCase[0];
            }

            var defaultSchema = DefaultSchema();
            return matches.FirstOrDefault(o => NameMatching.Same(schemaOf(o), defaultSchema, false)) ?? matches[0];
        }

        private string DefaultSchema() => dialect switch
        {
            SqlDialect.Postgres => "public",
            SqlDialect.TSql => "dbo",
            SqlDialect.Sqlite => "main",
            _ => schema.DatabaseName ?? "",
        };

        // ---- Expressions -----------------------------------------------------------------------------------------

        private void BindOptional(SqlNode? node, BoundScope? scope, IReadOnlyList<string>? aliases = null)
        {
            if (node is not null)
            {
                BindExpression(node, scope, aliases);
            }
        }

        /// <summary>Binds every column reference below <paramref name="node"/>; subqueries get their own scope.</summary>
        private void BindExpression(SqlNode node, BoundScope? scope, IReadOnlyList<string>? aliases)
        {
            switch (node)
            {
                case ColumnExpression column:
                    ResolveColumn(column, scope, aliases);
                    return;
                case SqlQuery query:
                    BindQuery(query, scope, CteEnvironment.Empty);
                    return;
                case SqlObjectName or SqlIdentifier or SqlDataType:
                    return;
            }

            foreach (var child in SqlTree.Children(node))
            {
                BindExpression(child, scope, aliases);
            }
        }

        private void ResolveColumn(ColumnExpression column, BoundScope? scope, IReadOnlyList<string>? aliases)
        {
            var name = column.Name;
            var last = name.Name;
            var exact = Exact(last);
            if (name.Parts.Count >= 2)
            {
                var source = FindQualified(name, scope, out var correlated, qualifierOnly: true);
                if (source is null)
                {
                    if (!IsSystemQualifier(name))
                    {
                        ReportUnknownQualifier(name, name.Parts[^2], scope);
                    }

                    Columns.Add(new BoundColumn(column, last.Value, null, null, false, false));
                    return;
                }

                if (source.Columns is null || source.Columns.Any(c => NameMatching.Same(c, last.Value, exact)))
                {
                    Columns.Add(new BoundColumn(column, last.Value, source, source.FindColumn(last.Value, exact), correlated, false));
                    return;
                }

                var suggestion = NameMatching.Suggest(last.Value, source.Columns);
                Problems.Add(new BindingProblem(
                    BindingProblemKind.UnknownColumn,
                    name.ToString(),
                    $"Column \"{last.Value}\" does not exist in {source}." + DidYouMean(suggestion),
                    suggestion,
                    parsed.PositionOf(name)));
                Columns.Add(new BoundColumn(column, last.Value, null, null, false, false));
                return;
            }

            var isCorrelated = false;
            for (var current = scope; current is not null; current = current.Parent)
            {
                var found = current.Sources.Where(s => s.Columns is not null && s.Columns.Any(c => NameMatching.Same(c, last.Value, exact))).ToList();
                if (found.Count == 1)
                {
                    Columns.Add(new BoundColumn(column, last.Value, found[0], found[0].FindColumn(last.Value, exact), isCorrelated, false));
                    return;
                }

                if (found.Count > 1)
                {
                    if (aliases is not null && aliases.Any(a => NameMatching.Same(a, last.Value, exact)) && current == scope)
                    {
                        Columns.Add(new BoundColumn(column, last.Value, null, null, false, true));
                        return;
                    }

                    Problems.Add(new BindingProblem(
                        BindingProblemKind.AmbiguousColumn,
                        last.Value,
                        $"Column \"{last.Value}\" is ambiguous: it exists in {string.Join(" and ", found.Select(f => f.ToString()))}. Qualify it, e.g. {found[0].ReferenceName}.{last.Value}.",
                        $"{found[0].ReferenceName}.{last.Value}",
                        parsed.PositionOf(name)));
                    Columns.Add(new BoundColumn(column, last.Value, null, null, false, false));
                    return;
                }

                // A source whose columns are unknown may hold it: accept without a problem rather than guess.
                var open = current.Sources.Where(s => s.Columns is null).ToList();
                if (open.Count > 0)
                {
                    Columns.Add(new BoundColumn(column, last.Value, open.Count == 1 ? open[0] : null, null, isCorrelated, false) { });
                    return;
                }

                isCorrelated = true;
            }

            if (aliases is not null && aliases.Any(a => NameMatching.Same(a, last.Value, exact)))
            {
                Columns.Add(new BoundColumn(column, last.Value, null, null, false, true));
                return;
            }

            for (var current = scope; current is not null; current = current.Parent)
            {
                if (current.Sources.FirstOrDefault(s => NameMatching.Same(s.ReferenceName, last.Value, exact)) is { } whole)
                {
                    Columns.Add(new BoundColumn(column, last.Value, whole, null, current != scope, false) { IsWholeRow = true });
                    return;
                }
            }

            if (PseudoColumns.Contains(last.Value) || scope is null || last.Value.StartsWith('@'))
            {
                Columns.Add(new BoundColumn(column, last.Value, null, null, false, false));
                return;
            }

            var inScope = new List<BoundSource>();
            for (var current = scope; current is not null; current = current.Parent)
            {
                inScope.AddRange(current.Sources);
            }

            var candidates = inScope.SelectMany(s => s.Columns ?? []).Concat(aliases ?? []);
            var guess = NameMatching.Suggest(last.Value, candidates);
            var where = scope.Sources.Count switch
            {
                0 => "",
                1 => $" in {scope.Sources[0]}",
                _ => $" in any of {string.Join(", ", scope.Sources.Select(s => s.ToString()))}",
            };
            Problems.Add(new BindingProblem(
                BindingProblemKind.UnknownColumn,
                last.Value,
                $"Column \"{last.Value}\" does not exist{where}." + DidYouMean(guess),
                guess,
                parsed.PositionOf(name)));
            Columns.Add(new BoundColumn(column, last.Value, null, null, false, false));
        }

        /// <summary>
        /// The source a qualified name points at: by alias (or unaliased name), then by schema-qualified table name.
        /// For a star (<c>o.*</c>) the whole name is the qualifier; for a column the qualifier is everything but the last part.
        /// </summary>
        private BoundSource? FindQualified(SqlObjectName name, BoundScope? scope, out bool correlated, bool qualifierOnly = false)
        {
            correlated = false;
            var parts = qualifierOnly ? name.Parts.Take(name.Parts.Count - 1).ToList() : name.Parts.ToList();
            if (parts.Count == 0)
            {
                return null;
            }

            var qualifier = parts[^1];
            var schemaPart = parts.Count >= 2 ? parts[^2] : null;
            for (var current = scope; current is not null; current = current.Parent)
            {
                foreach (var source in current.Sources)
                {
                    if (NameMatching.Same(source.ReferenceName, qualifier.Value, Exact(qualifier)) &&
                        (schemaPart is null || source.Table is null || NameMatching.Same(source.Table.Schema, schemaPart.Value, Exact(schemaPart))))
                    {
                        return source;
                    }
                }

                correlated = true;
            }

            return null;
        }

        private bool IsSystemQualifier(SqlObjectName name) =>
            name.Parts.Any(p => SystemSchemas.Contains(p.Value)) ||
            (name.Parts.Count >= 2 && name.Parts[^2].Value is "excluded" or "inserted" or "deleted" or "new" or "old");

        private void ReportUnknownQualifier(SqlObjectName name, SqlIdentifier qualifier, BoundScope? scope)
        {
            var inScope = new List<BoundSource>();
            for (var current = scope; current is not null; current = current.Parent)
            {
                inScope.AddRange(current.Sources);
            }

            // "orders.id" when orders is aliased as o: say so rather than "unknown".
            var aliased = inScope.FirstOrDefault(s => s.Alias is not null && NameMatching.Same(s.Name, qualifier.Value, Exact(qualifier)));
            if (aliased is not null)
            {
                Problems.Add(new BindingProblem(
                    BindingProblemKind.UnknownQualifier,
                    qualifier.Value,
                    $"\"{qualifier.Value}\" is aliased as \"{aliased.Alias}\" in this query; write {aliased.Alias}.{name.Name.Value}.",
                    aliased.Alias,
                    parsed.PositionOf(name)));
                return;
            }

            var suggestion = NameMatching.Suggest(qualifier.Value, inScope.Select(s => s.ReferenceName));
            Problems.Add(new BindingProblem(
                BindingProblemKind.UnknownQualifier,
                qualifier.Value,
                $"\"{qualifier.Value}\" is not a table or alias of this query." + DidYouMean(suggestion),
                suggestion,
                parsed.PositionOf(name)));
        }

        private BoundScope NewScope(SqlNode owner, BoundScope? parent)
        {
            var scope = new BoundScope(owner, parent);
            Scopes[owner] = scope;
            return scope;
        }

        /// <summary>PostgreSQL compares quoted names exactly; everything else folds case.</summary>
        private bool Exact(SqlIdentifier identifier) => dialect == SqlDialect.Postgres && identifier.Quoted;

        private static string DidYouMean(string? suggestion) => suggestion is null ? "" : $" Did you mean \"{suggestion}\"?";
    }
}
