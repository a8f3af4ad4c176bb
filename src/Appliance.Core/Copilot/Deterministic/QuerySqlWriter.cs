using System.Globalization;
using System.Text;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>
/// Writes a <see cref="QueryPlan"/> as SQL of one dialect. Tables other than the fact table are joined along the
/// shortest foreign-key path; a condition on a table that lies behind a one-to-many step becomes a semi-join
/// (<c>IN (SELECT …)</c> or <c>EXISTS</c>) so that it never multiplies the rows it filters.
/// </summary>
internal sealed class QuerySqlWriter
{
    private readonly SchemaLexicon lexicon;
    private readonly SqlDialect dialect;
    private readonly Func<JoinEdge, bool> prefer;
    private readonly Dictionary<TableInfo, string> aliases = [];
    private readonly HashSet<string> usedAliases = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<JoinEdge> joins = [];
    private readonly HashSet<TableInfo> tree = [];
    private Dictionary<TableInfo, string>? innerScope;
    private bool qualify;

    public QuerySqlWriter(SchemaLexicon lexicon, SqlDialect dialect, Func<JoinEdge, bool> prefer)
    {
        this.lexicon = lexicon;
        this.dialect = dialect;
        this.prefer = prefer;
    }

    /// <summary>Join steps used, for the "understood" list.</summary>
    public List<string> JoinNotes { get; } = [];

    public (string? Sql, string? Problem) Write(QueryPlan plan)
    {
        tree.Add(plan.Fact);
        var semiJoins = new List<(JoinEdge First, JoinPath Remainder, Filter Filter)>();
        var where = new List<string>();

        // Tables the output needs are joined; a filter table is joined when the path to it only goes many-to-one.
        var needed = new List<TableInfo>();
        if (plan.Measure is { } measure)
        {
            needed.Add(measure.Table);
        }

        needed.AddRange(plan.Groups.Where(g => !GroupUsesForeignKey(plan, g)).Select(g => g.Table));
        needed.AddRange(plan.Select.Select(c => c.Table));
        if (plan.Order?.Column is { } orderColumn)
        {
            needed.Add(orderColumn.Table);
        }

        if (plan.CountDistinct is { } distinctColumn)
        {
            needed.Add(distinctColumn.Table);
        }

        foreach (var table in needed.Distinct())
        {
            if (Connect(table) is { } problem)
            {
                return (null, problem);
            }
        }

        var filterTexts = new List<(Filter Filter, Func<string> Render)>();
        foreach (var filter in plan.Filters)
        {
            if (filter is RelatedFilter)
            {
                continue;
            }

            if (tree.Contains(filter.Table))
            {
                continue;
            }

            var (path, pathProblem) = JoinPaths.Find(tree, filter.Table, prefer);
            if (path is null)
            {
                return (null, pathProblem!.Message);
            }

            var split = path.Edges.ToList().FindIndex(e => !e.ManyToOne);
            var joinedPart = split < 0 ? path.Edges : path.Edges.Take(split).ToList();
            foreach (var edge in joinedPart)
            {
                AddJoin(edge);
            }

            if (split >= 0)
            {
                semiJoins.Add((path.Edges[split], new JoinPath(path.Edges.Skip(split + 1).ToList()), filter));
            }
        }

        qualify = tree.Count > 1 || semiJoins.Count > 0 || plan.Filters.Any(f => f is RelatedFilter);
        foreach (var table in tree.OrderBy(t => t == plan.Fact ? 0 : 1))
        {
            AliasOf(table);
        }

        // Conditions on joined tables.
        foreach (var filter in plan.Filters)
        {
            if (filter is RelatedFilter related)
            {
                var (text, problem) = RelatedCondition(plan.Fact, related);
                if (text is null)
                {
                    return (null, problem);
                }

                where.Add(text);
            }
            else if (tree.Contains(filter.Table) && !semiJoins.Exists(s => s.Filter == filter))
            {
                where.Add(Condition(filter));
            }
        }

        // Semi-joins, one per first one-to-many step, holding all the conditions that go through it.
        foreach (var group in semiJoins.GroupBy(s => s.First))
        {
            var (text, problem) = SemiJoin(group.Key, group.Select(s => s.Filter).ToList());
            if (text is null)
            {
                return (null, problem);
            }

            where.Add(text);
        }

        return (Render(plan, where), null);
    }

    private static bool GroupUsesForeignKey(QueryPlan plan, GroupSpec group) =>
        group.Entity is { } entity && entity != plan.Fact && entity.Labels.Count == 0 && DirectKey(plan.Fact, entity) is not null;

    /// <summary>The single foreign key of <paramref name="fact"/> that points at <paramref name="entity"/>, when there is exactly one.</summary>
    private static JoinEdge? DirectKey(TableInfo fact, TableInfo entity)
    {
        var edges = fact.Edges.Where(e => e.ManyToOne && e.To == entity && e.From != e.To).ToList();
        return edges.Count == 1 ? edges[0] : null;
    }

    private string? Connect(TableInfo table)
    {
        if (tree.Contains(table))
        {
            return null;
        }

        var (path, problem) = JoinPaths.Find(tree, table, prefer);
        if (path is null)
        {
            return problem!.Message;
        }

        foreach (var edge in path.Edges)
        {
            AddJoin(edge);
        }

        return null;
    }

    private void AddJoin(JoinEdge edge)
    {
        if (tree.Add(edge.To))
        {
            joins.Add(edge);
            JoinNotes.Add("join: " + edge.Describe());
        }
    }

    private string Render(QueryPlan plan, List<string> where)
    {
        var items = new List<string>();
        var groupBy = new List<string>();
        var orderBy = new List<string>();
        string? aggregateAlias = null;
        foreach (var group in plan.Groups)
        {
            foreach (var (expression, alias) in GroupExpressions(plan, group))
            {
                items.Add(alias is null ? expression : $"{expression} AS {Name(alias)}");
                groupBy.Add(expression);
                if (group.Period is not null)
                {
                    orderBy.Add(alias is null ? expression : Name(alias));
                }
            }
        }

        if (plan.Aggregate is { } aggregate)
        {
            var (expression, alias) = AggregateExpression(plan, aggregate);
            aggregateAlias = alias;
            items.Add($"{expression} AS {Name(alias)}");
        }
        else if (plan.Select.Count > 0)
        {
            items.AddRange(plan.Select.Select(c => Column(c)));
        }
        else if (plan.Groups.Count == 0)
        {
            items.Add(qualify ? AliasOf(plan.Fact) + ".*" : "*");
        }

        if (plan.Order is { } order)
        {
            // PostgreSQL sorts nulls first when descending; a "top" list wants the largest values first.
            var nullable = order.Kind == OrderKind.Aggregate ? plan.Aggregate != AggregateKind.Count : order.Column!.Column.IsNullable;
            var direction = order.Descending ? (dialect == SqlDialect.Postgres && nullable ? " DESC NULLS LAST" : " DESC") : "";
            orderBy.Clear();
            orderBy.Add(order.Kind == OrderKind.Aggregate && aggregateAlias is not null ? Name(aggregateAlias) + direction : Column(order.Column!) + direction);
        }

        var sql = new StringBuilder("SELECT ");
        if (plan.Distinct)
        {
            sql.Append("DISTINCT ");
        }

        if (plan.Limit is { } top && dialect == SqlDialect.TSql)
        {
            sql.Append("TOP (").Append(top.ToString(CultureInfo.InvariantCulture)).Append(") ");
        }

        sql.Append(string.Join(", ", items));
        sql.Append("\nFROM ").Append(TableReference(plan.Fact));
        foreach (var edge in joins)
        {
            sql.Append("\nJOIN ").Append(TableReference(edge.To)).Append(" ON ").Append(JoinCondition(edge));
        }

        if (where.Count > 0)
        {
            sql.Append("\nWHERE ").Append(string.Join("\n  AND ", where));
        }

        if (groupBy.Count > 0)
        {
            sql.Append("\nGROUP BY ").Append(string.Join(", ", groupBy));
        }

        if (orderBy.Count > 0)
        {
            sql.Append("\nORDER BY ").Append(string.Join(", ", orderBy));
        }

        if (plan.Limit is { } limit && dialect != SqlDialect.TSql)
        {
            sql.Append("\nLIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
        }

        return sql.ToString();
    }

    private IEnumerable<(string Expression, string? Alias)> GroupExpressions(QueryPlan plan, GroupSpec group)
    {
        if (group.Period is { } period)
        {
            yield return (PeriodExpression(group.Column!, period), period);
            yield break;
        }

        if (group.Column is { } column)
        {
            yield return (Column(column), null);
            yield break;
        }

        var entity = group.Entity!;
        if (GroupUsesForeignKey(plan, group))
        {
            var edge = DirectKey(plan.Fact, entity)!;
            foreach (var name in edge.FromColumns)
            {
                yield return (Column(plan.Fact.FindColumn(name)!), null);
            }

            yield break;
        }

        foreach (var key in entity.Key.Concat(entity.Labels).Distinct())
        {
            yield return (Column(key), null);
        }
    }

    private (string Expression, string Alias) AggregateExpression(QueryPlan plan, AggregateKind aggregate)
    {
        if (aggregate == AggregateKind.Count)
        {
            var counted = string.Join('_', plan.Fact.Words);
            if (plan.CountDistinct is { } distinct)
            {
                return ($"COUNT(DISTINCT {Column(distinct)})", string.Join('_', distinct.Words) + "_count");
            }

            // Joins along one-to-many steps repeat the fact rows; count each once.
            if (joins.Any(e => !e.ManyToOne) && plan.Fact.Key.Count == 1)
            {
                return ($"COUNT(DISTINCT {Column(plan.Fact.Key[0])})", counted + "_count");
            }

            return ("COUNT(*)", counted + "_count");
        }

        var measure = plan.Measure!;
        var value = measure.Times is null ? Column(measure.Column) : $"{Column(measure.Column)} * {Column(measure.Times)}";
        if (measure.Discount is { } discount)
        {
            value += $" * (1 - {Column(discount)})";
        }

        var (function, prefix) = aggregate switch
        {
            AggregateKind.Sum => ("SUM", "total_"),
            AggregateKind.Average => ("AVG", "average_"),
            AggregateKind.Min => ("MIN", "min_"),
            _ => ("MAX", "max_"),
        };
        var stem = measure.AliasStem();
        // Never the name of a column (an ORDER BY on the alias must not be read as the column).
        var alias = measure.Times is not null && aggregate == AggregateKind.Sum ? "revenue"
            : aggregate == AggregateKind.Sum && stem.StartsWith("total", StringComparison.OrdinalIgnoreCase) ? "sum_" + stem
            : stem.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? prefix + stem[prefix.Length..] : prefix + stem;
        return ($"{function}({value})", alias);
    }

    private string PeriodExpression(ColumnInfo column, string period)
    {
        var c = Column(column);
        return (dialect, period) switch
        {
            (SqlDialect.Sqlite, "day") => $"date({c})",
            (SqlDialect.Sqlite, "month") => $"strftime('%Y-%m', {c})",
            (SqlDialect.Sqlite, _) => $"strftime('%Y', {c})",
            (SqlDialect.Postgres, "day") => $"CAST({c} AS date)",
            (SqlDialect.Postgres, "month") => $"to_char({c}, 'YYYY-MM')",
            (SqlDialect.Postgres, _) => $"to_char({c}, 'YYYY')",
            (SqlDialect.MySql, "day") => $"DATE({c})",
            (SqlDialect.MySql, "month") => $"DATE_FORMAT({c}, '%Y-%m')",
            (SqlDialect.MySql, _) => $"DATE_FORMAT({c}, '%Y')",
            (_, "day") => $"CAST({c} AS date)",
            (_, "month") => $"FORMAT({c}, 'yyyy-MM')",
            _ => $"FORMAT({c}, 'yyyy')",
        };
    }

    private string Condition(Filter filter) => filter switch
    {
        ColumnFilter f => f.Operator switch
        {
            "IN" or "NOT IN" => $"{Column(f.Column)} {f.Operator} ({string.Join(", ", f.Values.Select(v => Value(f.Column, v)))})",
            "BETWEEN" => $"{Column(f.Column)} BETWEEN {Value(f.Column, f.Values[0])} AND {Value(f.Column, f.Values[1])}",
            _ => $"{Column(f.Column)} {f.Operator} {Value(f.Column, f.Values[0])}",
        },
        NullFilter n => $"{Column(n.Column)} IS {(n.IsNull ? "" : "NOT ")}NULL",
        DateFilter d => DateCondition(d),
        _ => throw new InvalidOperationException("Related filters are written as subqueries."),
    };

    private string DateCondition(DateFilter filter)
    {
        var c = Column(filter.Column);
        var parts = new List<string>();
        if (filter.Range.Start is { } start)
        {
            parts.Add($"{c} >= {DateLiteral(start)}");
        }

        if (filter.Range.End is { } end)
        {
            parts.Add($"{c} < {DateLiteral(end)}");
        }

        return string.Join(" AND ", parts);
    }

    private string DateLiteral(DateOnly day)
    {
        var iso = DateRange.Iso(day);
        return dialect switch
        {
            SqlDialect.Postgres or SqlDialect.MySql => $"DATE '{iso}'",
            SqlDialect.TSql => $"CAST('{iso}' AS date)",
            _ => $"'{iso}'",
        };
    }

    private string Value(ColumnInfo column, Literal literal)
    {
        if (literal.Flag is { } flag)
        {
            var isBoolean = (column.Column.BaseType ?? column.Column.DataType).ToLowerInvariant() is "bool" or "boolean";
            return isBoolean && dialect is SqlDialect.Postgres or SqlDialect.MySql ? (flag ? "TRUE" : "FALSE") : (flag ? "1" : "0");
        }

        if (literal.Number is { } number)
        {
            return column.Kind == ValueKind.Text ? Text(WordForms.Invariant(number)) : WordForms.Invariant(number);
        }

        return Text(literal.Text!);
    }

    private string Text(string value)
    {
        var escaped = "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        return dialect == SqlDialect.TSql && value.Any(c => c > 127) ? "N" + escaped : escaped;
    }

    /// <summary>EXISTS / NOT EXISTS / a correlated count for "with orders", "without orders", "with more than 5 orders".</summary>
    private (string? Text, string? Problem) RelatedCondition(TableInfo fact, RelatedFilter filter)
    {
        var (path, problem) = JoinPaths.Find([fact], filter.Related, prefer);
        if (path is null)
        {
            return (null, problem!.Message);
        }

        if (path.Edges.Count == 0)
        {
            return (null, $"{filter.Related.Name} is the table being asked about, not a related one");
        }

        var first = path.Edges[0];
        if (first.ManyToOne && filter.Operator is null && path.Edges.Count == 1)
        {
            // A row "with a customer" is one whose foreign key is set.
            var columns = first.FromColumns.Select(n => Column(fact.FindColumn(n)!));
            return (string.Join(" AND ", columns.Select(c => $"{c} IS {(filter.Exists ? "NOT " : "")}NULL")), null);
        }

        qualify = true;
        var inner = new InnerQuery(this, first, path.Edges.Skip(1));
        var body = $"FROM {inner.From} WHERE {inner.Correlation}";
        JoinNotes.Add("related: " + string.Join(", ", path.Edges.Select(e => e.Describe())));
        if (filter.Operator is { } op)
        {
            var measured = "COUNT(*)";
            if (filter.Column is { } column)
            {
                // The aggregated column sits in the subquery's last table.
                var function = filter.Aggregate switch { AggregateKind.Sum => "SUM", AggregateKind.Average => "AVG", AggregateKind.Min => "MIN", _ => "MAX" };
                measured = $"{function}({Column(column, inner.Scope)})";
            }

            return ($"(SELECT {measured} {body}) {op} {WordForms.Invariant(filter.Count)}", null);
        }

        return ($"{(filter.Exists ? "" : "NOT ")}EXISTS (SELECT 1 {body})", null);
    }

    private (string? Text, string? Problem) SemiJoin(JoinEdge first, List<Filter> filters)
    {
        var inner = new InnerQuery(this, first, []);
        foreach (var filter in filters)
        {
            if (inner.Connect(filter.Table) is { } problem)
            {
                return (null, problem);
            }
        }

        JoinNotes.Add("through: " + first.Describe());
        innerScope = inner.Scope;
        var conditions = filters.Select(Condition).ToList();
        innerScope = null;
        if (first.FromColumns.Count == 1)
        {
            var outer = Column(first.From.FindColumn(first.FromColumns[0])!);
            var selected = Column(first.To.FindColumn(first.ToColumns[0])!, inner.Scope);
            return ($"{outer} IN (SELECT {selected} FROM {inner.From} WHERE {string.Join(" AND ", conditions)})", null);
        }

        return ($"EXISTS (SELECT 1 FROM {inner.From} WHERE {inner.Correlation} AND {string.Join(" AND ", conditions)})", null);
    }

    /// <summary>The FROM of a subquery that starts with the table at the far end of <c>first</c> and joins on from there.</summary>
    private sealed class InnerQuery
    {
        private readonly QuerySqlWriter writer;
        private readonly HashSet<TableInfo> tables = [];
        private readonly StringBuilder from = new();

        public InnerQuery(QuerySqlWriter writer, JoinEdge first, IEnumerable<JoinEdge> rest)
        {
            this.writer = writer;
            Scope = [];
            tables.Add(first.To);
            Alias(first.To);
            from.Append(writer.TableReference(first.To, Scope[first.To]));
            Correlation = string.Join(" AND ", first.FromColumns.Select((c, i) =>
                $"{writer.Column(first.To.FindColumn(first.ToColumns[i])!, Scope)} = {writer.Column(first.From.FindColumn(c)!)}"));
            foreach (var edge in rest)
            {
                Add(edge);
            }
        }

        /// <summary>The subquery's own aliases, so a table that is also in the outer query is not confused with it.</summary>
        public Dictionary<TableInfo, string> Scope { get; }

        private void Alias(TableInfo table) => Scope[table] = writer.NewAlias(table);

        public string From => from.ToString();

        public string Correlation { get; }

        public string? Connect(TableInfo table)
        {
            if (tables.Contains(table))
            {
                return null;
            }

            var (path, problem) = JoinPaths.Find(tables, table, writer.prefer);
            if (path is null)
            {
                return problem!.Message;
            }

            foreach (var edge in path.Edges)
            {
                Add(edge);
            }

            return null;
        }

        private void Add(JoinEdge edge)
        {
            if (tables.Add(edge.To))
            {
                Alias(edge.To);
                from.Append(" JOIN ").Append(writer.TableReference(edge.To, Scope[edge.To])).Append(" ON ").Append(writer.JoinCondition(edge, Scope));
            }
        }
    }

    private string JoinCondition(JoinEdge edge, Dictionary<TableInfo, string>? scope = null) =>
        string.Join(" AND ", edge.FromColumns.Select((c, i) =>
            $"{Column(edge.To.FindColumn(edge.ToColumns[i])!, scope)} = {Column(edge.From.FindColumn(c)!, scope)}"));

    private string TableReference(TableInfo table, string? alias = null)
    {
        var name = Name(table.Name);
        if (NeedsSchema(table))
        {
            name = Name(table.Table.Schema) + "." + name;
        }

        return alias is not null ? $"{name} {alias}" : qualify ? $"{name} {AliasOf(table)}" : name;
    }

    private bool NeedsSchema(TableInfo table)
    {
        var defaultSchema = dialect switch
        {
            SqlDialect.Postgres => "public",
            SqlDialect.TSql => "dbo",
            SqlDialect.Sqlite => "main",
            _ => lexicon.Schema.DatabaseName ?? table.Table.Schema,
        };
        return !string.Equals(table.Table.Schema, defaultSchema, StringComparison.OrdinalIgnoreCase) || lexicon.IsNameShared(table);
    }

    private string Column(ColumnInfo column, Dictionary<TableInfo, string>? scope = null)
    {
        scope ??= innerScope;
        if (scope is not null && scope.TryGetValue(column.Table, out var inner))
        {
            return $"{inner}.{Name(column.Name)}";
        }

        return qualify ? $"{AliasOf(column.Table)}.{Name(column.Name)}" : Name(column.Name);
    }

    private string Name(string name) => SqlKeywords.NeedsQuoting(name, dialect) ? SqlKeywords.Quote(name, dialect) : name;

    private string AliasOf(TableInfo table)
    {
        if (aliases.TryGetValue(table, out var alias))
        {
            return alias;
        }

        alias = NewAlias(table);
        aliases[table] = alias;
        return alias;
    }

    /// <summary>The initials of the table's words ("order_lines" → "ol"), numbered when taken or reserved.</summary>
    private string NewAlias(TableInfo table)
    {
        var letters = new string(table.Words.Where(w => w.Length > 0 && char.IsAsciiLetter(w[0])).Select(w => w[0]).ToArray());
        if (letters.Length == 0)
        {
            letters = "t";
        }

        var alias = letters;
        for (var n = 2; usedAliases.Contains(alias) || SqlKeywords.IsAliasBlocked(alias, dialect) || SqlKeywords.NeedsQuoting(alias, dialect); n++)
        {
            alias = letters + n.ToString(CultureInfo.InvariantCulture);
        }

        usedAliases.Add(alias);
        return alias;
    }
}
