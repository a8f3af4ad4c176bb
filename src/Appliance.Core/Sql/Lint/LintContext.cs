using System.Text;
using Appliance.Core.Schema;
using Appliance.Core.Sql.Binding;

namespace Appliance.Core.Sql.Lint;

/// <summary>Where a condition stands: it filters rows (WHERE, ON) or groups (HAVING).</summary>
internal enum PredicateClause
{
    Where,
    JoinOn,
    Having,
}

/// <summary>A filtering condition of the statement and the SELECT (or UPDATE/DELETE) it belongs to.</summary>
internal sealed record PredicateSite(SqlExpression Condition, PredicateClause Clause, SqlNode Owner, IReadOnlyList<SqlTableSource> From);

/// <summary>What a column reference refers to, as far as the schema (or, without one, the qualifiers) tell.</summary>
internal sealed record ColumnOrigin(SqlTableSource? Source, Table? Table, Column? Column, bool IsCorrelated);

/// <summary>One statement being linted: its tree, the schema and binding when there is one, and shared helpers.</summary>
internal sealed class LintContext
{
    private Dictionary<SqlNode, SqlNode>? parents;
    private List<SqlSelect>? selects;
    private List<PredicateSite>? predicates;

    public LintContext(ParsedStatement parsed, DatabaseSchema? schema, SqlDialect dialect, LintOptions options)
    {
        Parsed = parsed;
        Schema = schema;
        Dialect = dialect;
        Options = options;
        Bound = schema is null ? null : SqlBinder.Bind(parsed, schema, dialect);
    }

    public ParsedStatement Parsed { get; }

    public SqlStatement Statement => Parsed.Statement;

    public DatabaseSchema? Schema { get; }

    public BoundStatement? Bound { get; }

    public SqlDialect Dialect { get; }

    public LintOptions Options { get; }

    // ---- Navigation ----------------------------------------------------------------------------------------------

    /// <summary>Every SELECT block of the statement (subqueries, CTEs and set-operation branches included), in source order.</summary>
    public IReadOnlyList<SqlSelect> Selects => selects ??= SqlTree.Descendants(Statement).OfType<SqlSelect>().ToList();

    public SqlNode? ParentOf(SqlNode node)
    {
        if (parents is null)
        {
            parents = new Dictionary<SqlNode, SqlNode>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<SqlNode>();
            var children = new List<SqlNode>();
            stack.Push(Statement);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                children.Clear();
                SqlTree.AddChildren(current, children);
                foreach (var child in children)
                {
                    parents[child] = current;
                    stack.Push(child);
                }
            }
        }

        return parents.GetValueOrDefault(node);
    }

    public IEnumerable<SqlNode> Ancestors(SqlNode node)
    {
        for (var current = ParentOf(node); current is not null; current = ParentOf(current))
        {
            yield return current;
        }
    }

    /// <summary>The statement's top-level query, when the statement is a query (possibly under EXPLAIN).</summary>
    public SqlQuery? TopQuery => Statement switch
    {
        SelectStatement select => select.Query,
        ExplainStatement { Statement: SelectStatement select } => select.Query,
        _ => null,
    };

    /// <summary>Every WHERE, JOIN … ON and HAVING condition of the statement.</summary>
    public IReadOnlyList<PredicateSite> Predicates => predicates ??= CollectPredicates();

    private List<PredicateSite> CollectPredicates()
    {
        var result = new List<PredicateSite>();
        foreach (var node in SqlTree.Descendants(Statement).Prepend(Statement))
        {
            switch (node)
            {
                case SqlSelect select:
                    foreach (var join in SqlFacts.Joins(select.From).Where(j => j.On is not null))
                    {
                        result.Add(new PredicateSite(join.On!, PredicateClause.JoinOn, select, select.From));
                    }

                    if (select.Where is not null)
                    {
                        result.Add(new PredicateSite(select.Where, PredicateClause.Where, select, select.From));
                    }

                    if (select.Having is not null)
                    {
                        result.Add(new PredicateSite(select.Having, PredicateClause.Having, select, select.From));
                    }

                    break;
                case UpdateStatement { Where: not null } update:
                    result.Add(new PredicateSite(update.Where, PredicateClause.Where, update, [.. update.Targets, .. update.From]));
                    break;
                case DeleteStatement { Where: not null } delete:
                    result.Add(new PredicateSite(delete.Where, PredicateClause.Where, delete, [.. delete.Targets, .. delete.Sources]));
                    break;
            }
        }

        return result;
    }

    // ---- Columns -------------------------------------------------------------------------------------------------

    public ColumnOrigin Resolve(ColumnExpression column)
    {
        if (Bound?.Resolve(column) is { Source: { } source } bound)
        {
            var node = source.Node as SqlTableSource;
            return new ColumnOrigin(node, source.Table, bound.Column, bound.IsCorrelated);
        }

        return ResolveByName(column);
    }

    /// <summary>Without a schema: a qualified column by its qualifier, an unqualified one when its SELECT has a single source.</summary>
    private ColumnOrigin ResolveByName(ColumnExpression column)
    {
        var correlated = false;
        foreach (var select in Ancestors(column).OfType<SqlSelect>())
        {
            var leaves = SqlFacts.LeafSources(select.From);
            if (column.Name.Qualifier is { } qualifier)
            {
                var match = leaves.FirstOrDefault(l => SqlFacts.ReferenceName(l.Source) is { } name && SqlFacts.SameName(name.Value, qualifier.Value));
                if (match is not null)
                {
                    return new ColumnOrigin(match.Source, null, null, correlated);
                }
            }
            else
            {
                return new ColumnOrigin(leaves.Count == 1 ? leaves[0].Source : null, null, null, false);
            }

            correlated = true;
        }

        return new ColumnOrigin(null, null, null, false);
    }

    /// <summary>Whether an outer join can make the source's columns NULL in the FROM list it belongs to.</summary>
    public bool IsNullableByOuterJoin(SqlTableSource source) =>
        Predicates.Select(p => p.From).Distinct().Concat(Selects.Select(s => (IReadOnlyList<SqlTableSource>)s.From))
            .SelectMany(SqlFacts.LeafSources)
            .Any(l => ReferenceEquals(l.Source, source) && l.NullableByOuterJoin);

    /// <summary>The columns pinned by <c>column = constant</c> among the conjuncts, each with the source it belongs to.</summary>
    public List<(SqlTableSource Source, string Column)> EqualityColumns(IEnumerable<SqlExpression> conjuncts)
    {
        var result = new List<(SqlTableSource, string)>();
        foreach (var conjunct in conjuncts)
        {
            if (SqlFacts.Unparen(conjunct) is BinaryExpression { Operator: "=" } equality)
            {
                var (column, other) = equality.Left is ColumnExpression l ? (l, equality.Right) : (equality.Right as ColumnExpression, equality.Left);
                if (column is not null && SqlFacts.IsConstant(other) && Resolve(column).Source is { } source)
                {
                    result.Add((source, column.Name.Name.Value));
                }
            }
        }

        return result;
    }

    // ---- Output --------------------------------------------------------------------------------------------------

    /// <summary>
    /// Where the text of a node starts: the earliest recorded position in it (an operator node such as a = b or
    /// x IS NULL is recorded at its operator, but the finding belongs at its start).
    /// </summary>
    public SourcePosition? PositionOf(SqlNode? node)
    {
        if (node is null)
        {
            return null;
        }

        // A set operation's own point is its keyword (UNION …), not the start of its first branch.
        if (node is SqlSetOperation && Parsed.PositionOf(node) is { } keyword)
        {
            return keyword;
        }

        SourcePosition? earliest = null;
        foreach (var part in SqlTree.Descendants(node).Prepend(node))
        {
            if (Parsed.PositionOf(part) is { } position && (earliest is null || position.Offset < earliest.Value.Offset))
            {
                earliest = position;
            }
        }

        return earliest;
    }

    /// <summary>A name as the dialect must write it.</summary>
    public string Quote(string name) => SqlKeywords.NeedsQuoting(name, Dialect) ? SqlKeywords.Quote(name, Dialect) : name;

    /// <summary>An identifier for a name taken from the schema: quoted exactly when the dialect needs it.</summary>
    public SqlIdentifier Identifier(string name) => new(name, SqlKeywords.NeedsQuoting(name, Dialect));

    /// <summary>A column for messages: table.column when the schema knows it, else as written.</summary>
    public string Describe(ColumnExpression column)
    {
        var origin = Resolve(column);
        if (origin.Table is { } table)
        {
            return Quote(table.Name) + "." + Quote(origin.Column?.Name ?? column.Name.Name.Value);
        }

        return Sql(column);
    }

    public string Describe(Table table) => Quote(table.Name);

    /// <summary>A piece of the statement formatted on one line, shortened when long.</summary>
    public string Sql(SqlNode node)
    {
        var text = node switch
        {
            SqlExpression expression => SqlFormatter.Format(expression, Dialect),
            SqlQuery query => SqlFormatter.Format(query, Dialect),
            SqlStatement statement => SqlFormatter.Format(statement, Dialect),
            _ => node.ToString(),
        };
        var oneLine = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = oneLine.Length > 0;
                continue;
            }

            if (space && c != ')' && oneLine[^1] != '(')
            {
                oneLine.Append(' ');
            }

            space = false;
            oneLine.Append(c);
        }

        const int limit = 80;
        return oneLine.Length <= limit ? oneLine.ToString() : oneLine.ToString(0, limit - 1) + "…";
    }

    /// <summary>
    /// The whole statement with the replacements applied, formatted in the dialect; null when the edit is not possible
    /// there or (with <see cref="LintOptions.VerifyRewrites"/> on) the result would not parse.
    /// </summary>
    public string? Rewrite(IReadOnlyDictionary<SqlNode, SqlNode> replacements)
    {
        var edited = SqlTreeEditor.Replace(Statement, replacements);
        if (edited is null)
        {
            return null;
        }

        var text = SqlFormatter.Format(edited, Dialect);
        if (!Options.VerifyRewrites)
        {
            return text;
        }

        var reparsed = SqlParser.Parse(text, Dialect);
        return reparsed.Succeeded && reparsed.Statements.Count == 1 ? text : null;
    }

    public string? Rewrite(SqlNode target, SqlNode replacement) =>
        Rewrite(new Dictionary<SqlNode, SqlNode>(ReferenceEqualityComparer.Instance) { [target] = replacement });

    /// <summary>
    /// Like <see cref="Rewrite(SqlNode, SqlNode)"/> for a condition inside <paramref name="site"/>; when the target is
    /// one of its AND-ed conditions and the replacement is itself a conjunction, the parts join the chain instead of
    /// nesting in parentheses.
    /// </summary>
    public string? RewriteCondition(PredicateSite site, SqlExpression target, SqlExpression replacement)
    {
        var conjuncts = SqlFacts.Conjuncts(site.Condition);
        if (conjuncts.Count < 2 || !conjuncts.Any(c => ReferenceEquals(c, target)))
        {
            return Rewrite(target, replacement);
        }

        var spliced = SqlFacts.And(conjuncts.SelectMany(c => ReferenceEquals(c, target) ? SqlFacts.Conjuncts(replacement) : [c]))!;
        return Rewrite(site.Condition, spliced);
    }

    public static Dictionary<SqlNode, SqlNode> Replacements() => new(ReferenceEqualityComparer.Instance);

    public LintFinding Finding(
        LintRule rule,
        SqlNode? at,
        string message,
        string? suggestion = null,
        string? rewrite = null,
        LintSeverity? severity = null,
        LintRewriteKind kind = LintRewriteKind.Equivalent) => new()
        {
            RuleId = rule.Id,
            RuleName = rule.Name,
            Severity = severity ?? rule.DefaultSeverity,
            Message = message,
            WhyItMatters = rule.WhyItMatters,
            Position = PositionOf(at),
            Suggestion = suggestion,
            RewrittenSql = rewrite,
            RewriteKind = rewrite is null ? null : kind,
        };
}
