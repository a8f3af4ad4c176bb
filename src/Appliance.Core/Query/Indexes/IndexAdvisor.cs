using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;

namespace Appliance.Core.Query.Indexes;

/// <summary>
/// Proposes B-tree indexes for a statement from its predicates, joins and ORDER BY: equality columns first, then at
/// most one range column, then ORDER BY columns when that spares a sort; INCLUDE columns where the dialect has them;
/// nothing where an existing index, primary key or unique constraint already starts with the same columns.
/// Column ownership comes from <see cref="SqlBinder"/>, so aliases, joins, correlated subqueries and CTEs are told apart.
/// </summary>
public static class IndexAdvisor
{
    private static readonly HashSet<string> Comparisons = new(StringComparer.Ordinal) { "=", "<", "<=", ">", ">=", "<=>" };

    public static IndexAdviceReport Advise(ParsedStatement statement, DatabaseSchema schema, SqlDialect dialect, IndexAdvisorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(schema);
        return Advise(SqlBinder.Bind(statement, schema, dialect), options);
    }

    /// <summary>Advice for a statement bound already (the caller may have bound it for other reasons).</summary>
    public static IndexAdviceReport Advise(BoundStatement bound, IndexAdvisorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bound);
        return new Advisor(bound, options ?? new IndexAdvisorOptions()).Run();
    }

    /// <summary>One SELECT block (or UPDATE/DELETE): its sources in FROM order and what applies to it alone.</summary>
    private sealed record Block(IReadOnlyList<BoundSource> Sources, NodeList<SqlOrderItem> OrderBy, bool HasLimit, NodeList<SqlSelectItem> Items);

    private sealed record Key(string Column, IndexKeyRole Role, int Position, string Predicate, bool IsExpression = false);

    /// <summary>What one table source of one block needs from an index.</summary>
    private sealed class Candidate(BoundSource source, Block block)
    {
        public BoundSource Source { get; } = source;

        public Table Table { get; } = source.Table!;

        public Block Block { get; } = block;

        public List<Key> Equalities { get; } = [];

        public List<Key> Ranges { get; } = [];

        public List<Key> Expressions { get; } = [];
    }

    private sealed class Advisor(BoundStatement bound, IndexAdvisorOptions options)
    {
        private readonly SqlDialect dialect = bound.Dialect;
        private readonly Dictionary<BoundSource, Candidate> candidates = new(ReferenceEqualityComparer.Instance);
        private readonly List<Candidate> order = [];
        private readonly List<IndexNote> notes = [];
        private int discovery;

        public IndexAdviceReport Run()
        {
            var orderBy = new Dictionary<SqlSelect, SqlQuery>(ReferenceEqualityComparer.Instance);
            var nodes = SqlTree.Descendants(bound.Statement).Prepend(bound.Statement).ToList();
            foreach (var query in nodes.OfType<SqlQuery>())
            {
                if (query.Body is SqlSelect select)
                {
                    orderBy[select] = query;
                }
            }

            foreach (var node in nodes)
            {
                switch (node)
                {
                    case SqlSelect select when bound.ScopeOf(select) is { } scope:
                    {
                        var query = orderBy.GetValueOrDefault(select);
                        var block = new Block(scope.Sources, query?.OrderBy ?? NodeList<SqlOrderItem>.Empty, query?.Limit is not null || select.Top is not null, select.Items);
                        foreach (var source in select.From)
                        {
                            JoinConditions(source, block);
                        }

                        Predicate(select.Where, block, null);
                        if (block.HasLimit && block.Sources.Count == 1 && block.OrderBy.Count > 0 && block.Sources[0].Table is not null)
                        {
                            // ORDER BY … LIMIT alone: an index in that order returns the first rows without sorting them all.
                            CandidateFor(block.Sources[0], block);
                        }

                        break;
                    }

                    case UpdateStatement update when bound.ScopeOf(update) is { } scope:
                    {
                        var block = new Block(scope.Sources, NodeList<SqlOrderItem>.Empty, false, NodeList<SqlSelectItem>.Empty);
                        foreach (var source in update.From)
                        {
                            JoinConditions(source, block);
                        }

                        Predicate(update.Where, block, null);
                        break;
                    }

                    case DeleteStatement delete when bound.ScopeOf(delete) is { } scope:
                    {
                        var block = new Block(scope.Sources, NodeList<SqlOrderItem>.Empty, false, NodeList<SqlSelectItem>.Empty);
                        foreach (var source in delete.Sources)
                        {
                            JoinConditions(source, block);
                        }

                        Predicate(delete.Where, block, null);
                        break;
                    }
                }
            }

            return Assemble();
        }

        // ---- Collecting predicates -------------------------------------------------------------------------------
        private void JoinConditions(SqlTableSource source, Block block)
        {
            switch (source)
            {
                case SqlJoin join:
                    JoinConditions(join.Left, block);
                    JoinConditions(join.Right, block);
                    Predicate(join.On, block, join.Kind);
                    foreach (var column in join.Using)
                    {
                        if (RightmostSource(join.Right) is { Table: not null } inner && inner.FindColumn(column.Value, column.Quoted) is { } schemaColumn)
                        {
                            Add(inner, block, schemaColumn.Name, IndexKeyRole.Join, Position(column), "USING (" + column.Value + ")");
                        }
                    }

                    break;
                case SqlParenthesizedSource parenthesized:
                    JoinConditions(parenthesized.Inner, block);
                    break;
            }
        }

        private BoundSource? RightmostSource(SqlTableSource source) => source switch
        {
            SqlJoin join => RightmostSource(join.Right),
            SqlParenthesizedSource parenthesized => RightmostSource(parenthesized.Inner),
            _ => bound.SourceOf(source),
        };

        private void Predicate(SqlExpression? expression, Block block, SqlJoinKind? join)
        {
            switch (Unwrap(expression))
            {
                case null:
                    return;
                case BinaryExpression { Operator: "AND" } and:
                    Predicate(and.Left, block, join);
                    Predicate(and.Right, block, join);
                    return;
                case BinaryExpression { Operator: "OR" } or:
                    Or(or, block);
                    return;
                case BinaryExpression comparison when Comparisons.Contains(comparison.Operator):
                    Compare(comparison, block, join);
                    return;
                case BetweenExpression { Negated: false } between when ValueLike(between.Low, block) && ValueLike(between.High, block):
                    if (Plain(between.Operand, block) is { } ranged)
                    {
                        Add(ranged.Source, block, ranged.Column, IndexKeyRole.Range, Position(between.Operand), Text(between));
                    }
                    else
                    {
                        NonSargable(between.Operand, block, IndexKeyRole.Range, between);
                    }

                    return;
                case InListExpression { Negated: false } inList when inList.Items.All(i => ValueLike(i, block)):
                    if (Plain(inList.Operand, block) is { } listed)
                    {
                        Add(listed.Source, block, listed.Column, IndexKeyRole.Equality, Position(inList.Operand), Text(inList));
                    }
                    else
                    {
                        NonSargable(inList.Operand, block, IndexKeyRole.Equality, inList);
                    }

                    return;
                case IsExpression { Negated: false, Test: SqlIsTest.Null } isNull when Plain(isNull.Operand, block) is { } nullable:
                    Add(nullable.Source, block, nullable.Column, IndexKeyRole.Equality, Position(isNull.Operand), Text(isNull));
                    return;
                case LikeExpression { Negated: false } like:
                    Like(like, block);
                    return;
                case InSubqueryExpression { Negated: false } inSubquery:
                    SemiJoin(inSubquery);
                    return;
            }
        }

        private void Compare(BinaryExpression comparison, Block block, SqlJoinKind? join)
        {
            var left = Plain(comparison.Left, block);
            var right = Plain(comparison.Right, block);
            var equality = comparison.Operator is "=" or "<=>";
            if (left is { } l && right is { } r)
            {
                if (equality && !ReferenceEquals(l.Source, r.Source))
                {
                    // The table joined later is probed once per row of the other: its column wants the index.
                    var (inner, outer, node) = Later(l.Source, r.Source, block, join) == l.Source ? (l, r, comparison.Left) : (r, l, comparison.Right);
                    Add(inner.Source, block, inner.Column, IndexKeyRole.Join, Position(node), $"{inner.Source.ReferenceName}.{inner.Column} = {outer.Source.ReferenceName}.{outer.Column}");
                }

                return;
            }

            if (left is { } column && ValueLike(comparison.Right, block))
            {
                Add(column.Source, block, column.Column, equality ? IndexKeyRole.Equality : IndexKeyRole.Range, Position(comparison.Left), Text(comparison));
                return;
            }

            if (right is { } mirrored && ValueLike(comparison.Left, block))
            {
                Add(mirrored.Source, block, mirrored.Column, equality ? IndexKeyRole.Equality : IndexKeyRole.Range, Position(comparison.Right), Text(comparison));
                return;
            }

            // a.x = f(b.y): still a lookup into a when a comes later in the join order.
            if (equality && (left ?? right) is { } bare)
            {
                var other = left is null ? comparison.Left : comparison.Right;
                var others = SourcesIn(other, block);
                if (!others.Contains(bare.Source) && others.All(o => Later(o, bare.Source, block, join) == bare.Source))
                {
                    Add(bare.Source, block, bare.Column, IndexKeyRole.Join, Position(left is null ? comparison.Right : comparison.Left), Text(comparison));
                }

                return;
            }

            var role = equality ? IndexKeyRole.Equality : IndexKeyRole.Range;
            if (ValueLike(comparison.Right, block))
            {
                NonSargable(comparison.Left, block, role, comparison);
            }
            else if (ValueLike(comparison.Left, block))
            {
                NonSargable(comparison.Right, block, role, comparison);
            }
        }

        private void Or(BinaryExpression or, Block block)
        {
            var branches = new List<SqlExpression>();
            Flatten(or, branches);
            var columns = branches.Select(b => EqualityColumn(b, block)).ToList();
            if (columns.All(c => c is not null) && columns.Select(c => (c!.Value.Source, c.Value.Column.ToUpperInvariant())).Distinct().Count() == 1)
            {
                // a = 1 OR a = 2 is a = ANY (1, 2): one column, one index.
                var first = columns[0]!.Value;
                Add(first.Source, block, first.Column, IndexKeyRole.Equality, Position(or.Left), Text(or));
                return;
            }

            var named = branches.SelectMany(b => SqlTree.Descendants(b).Prepend(b).OfType<ColumnExpression>())
                .Select(c => Plain(c, block)).Where(c => c is not null).Select(c => c!.Value).ToList();
            if (named.Count == 0)
            {
                return;
            }

            var list = string.Join(", ", named.Select(c => c.Source.ReferenceName + "." + c.Column).Distinct(StringComparer.OrdinalIgnoreCase));
            var combine = dialect switch
            {
                SqlDialect.Postgres => "PostgreSQL can combine one index per column with a BitmapOr",
                SqlDialect.MySql => "MySQL/MariaDB can combine one index per column with index_merge (union)",
                SqlDialect.TSql => "SQL Server can combine one index per column by concatenating seeks",
                _ => "one index per column may be combined by the engine",
            };
            notes.Add(new IndexNote(
                IndexNoteKind.OrAcrossColumns,
                named[0].Source.Table,
                $"{Shorten(Text(or))} compares different columns ({list}) with OR: no single composite index serves it. {combine}, or rewrite the query as a UNION ALL of one branch per column."));
        }

        private (BoundSource Source, string Column)? EqualityColumn(SqlExpression branch, Block block) => Unwrap(branch) switch
        {
            BinaryExpression { Operator: "=" } b when Plain(b.Left, block) is { } c && ValueLike(b.Right, block) => c,
            BinaryExpression { Operator: "=" } b when Plain(b.Right, block) is { } c && ValueLike(b.Left, block) => c,
            InListExpression { Negated: false } l when Plain(l.Operand, block) is { } c && l.Items.All(i => ValueLike(i, block)) => c,
            IsExpression { Negated: false, Test: SqlIsTest.Null } n when Plain(n.Operand, block) is { } c => c,
            _ => null,
        };

        private static void Flatten(SqlExpression expression, List<SqlExpression> branches)
        {
            if (Unwrap(expression) is BinaryExpression { Operator: "OR" } or)
            {
                Flatten(or.Left, branches);
                Flatten(or.Right, branches);
            }
            else
            {
                branches.Add(expression);
            }
        }

        private void Like(LikeExpression like, Block block)
        {
            if (Unwrap(like.Pattern) is not LiteralExpression { Kind: SqlLiteralKind.String } pattern || Plain(like.Operand, block) is not { } column)
            {
                return;
            }

            if (pattern.Value.Length == 0 || pattern.Value[0] is '%' or '_')
            {
                notes.Add(new IndexNote(
                    IndexNoteKind.LeadingWildcard,
                    column.Source.Table,
                    $"{Shorten(Text(like))} starts with a wildcard, so no B-tree index can narrow it down; a trigram or full-text index is the tool for substring search."));
                return;
            }

            if (!like.Operator.Equals("LIKE", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (dialect is SqlDialect.Postgres or SqlDialect.Sqlite)
            {
                var how = dialect == SqlDialect.Postgres
                    ? $"in PostgreSQL a B-tree index serves it only with the C collation or an operator class: CREATE INDEX … ({IndexDdl.Identifier(column.Column, dialect)} text_pattern_ops)"
                    : "in SQLite LIKE ignores case, so an index serves it only with COLLATE NOCASE (or PRAGMA case_sensitive_like)";
                notes.Add(new IndexNote(IndexNoteKind.PatternNeedsOperatorClass, column.Source.Table, $"{Shorten(Text(like))} is a prefix search; {how}."));
                return;
            }

            Add(column.Source, block, column.Column, IndexKeyRole.Range, Position(like.Operand), Text(like));
        }

        /// <summary><c>x IN (SELECT t.c FROM t …)</c>: looking up t by c for each x wants an index on t.c.</summary>
        private void SemiJoin(InSubqueryExpression inSubquery)
        {
            if (inSubquery.Query.Body is not SqlSelect { Items: [{ Expression: var item }] } select || bound.ScopeOf(select) is not { } scope)
            {
                return;
            }

            var block = new Block(scope.Sources, NodeList<SqlOrderItem>.Empty, false, select.Items);
            if (Plain(item, block) is { } column)
            {
                Add(column.Source, block, column.Column, IndexKeyRole.Join, Position(item), Text(inSubquery));
            }
        }

        /// <summary>A predicate on f(column): no plain index serves it; PostgreSQL can index the expression itself.</summary>
        private void NonSargable(SqlExpression side, Block block, IndexKeyRole role, SqlExpression predicate)
        {
            var sources = SourcesIn(side, block);
            if (sources.Count != 1)
            {
                return;
            }

            var source = sources.First();
            if (dialect == SqlDialect.Postgres && IndexExpression(Unwrap(side)!, source) is { } expression)
            {
                var candidate = CandidateFor(source, block);
                candidate.Expressions.Add(new Key(expression, role, Position(side), Text(predicate), IsExpression: true));
                notes.Add(new IndexNote(
                    IndexNoteKind.NonSargable,
                    source.Table,
                    $"{Shorten(Text(predicate))} applies {Shorten(Text(side))} to the column, so a plain index on it cannot be used; an expression index on ({expression}) can (PostgreSQL accepts only IMMUTABLE functions there), or compare the bare column with a transformed value."));
                return;
            }

            notes.Add(new IndexNote(
                IndexNoteKind.NonSargable,
                source.Table,
                $"{Shorten(Text(predicate))} wraps the column in {Shorten(Text(side))}, so no index on the column can be used; compare the bare column instead (move the function to the other side), or index a computed column."));
        }

        /// <summary>
        /// The expression text for an expression index: a function call or cast over this source's columns and
        /// literals only, with the qualifiers dropped (an index expression names bare columns).
        /// </summary>
        private string? IndexExpression(SqlExpression expression, BoundSource source)
        {
            SqlExpression? Bare(SqlExpression argument) => Unwrap(argument) switch
            {
                ColumnExpression column when bound.Resolve(column)?.Source == source => new ColumnExpression(new SqlObjectName([column.Name.Name])),
                LiteralExpression or TypedLiteralExpression or IntervalExpression => argument,
                _ => null,
            };

            switch (expression)
            {
                case FunctionCall { Over: null, OverWindow: null, Distinct: false, Filter: null } call when call.Arguments.Count > 0 && call.OrderBy.Count == 0:
                {
                    var arguments = call.Arguments.Select(Bare).OfType<SqlExpression>().ToList();
                    return arguments.Count == call.Arguments.Count && arguments.OfType<ColumnExpression>().Any()
                        ? SqlFormatter.Format(call with { Arguments = NodeList.From(arguments) }, SqlDialect.Postgres)
                        : null;
                }

                case CastExpression cast when Bare(cast.Operand) is ColumnExpression column:
                    return SqlFormatter.Format(cast with { Operand = column }, SqlDialect.Postgres);
                default:
                    return null;
            }
        }

        // ---- Candidates -----------------------------------------------------------------------------------------
        private void Add(BoundSource source, Block block, string column, IndexKeyRole role, int position, string predicate)
        {
            var candidate = CandidateFor(source, block);
            var key = new Key(column, role, position, predicate);
            (role == IndexKeyRole.Range ? candidate.Ranges : candidate.Equalities).Add(key);
        }

        private Candidate CandidateFor(BoundSource source, Block block)
        {
            if (!candidates.TryGetValue(source, out var candidate))
            {
                candidate = new Candidate(source, block);
                candidates[source] = candidate;
                order.Add(candidate);
            }

            return candidate;
        }

        /// <summary>A column of one of this block's tables (not a correlated outer column, not a CTE or subquery column).</summary>
        private (BoundSource Source, string Column)? Plain(SqlExpression? expression, Block block)
        {
            if (Unwrap(expression) is not ColumnExpression node || bound.Resolve(node) is not { IsCorrelated: false, IsOutputAlias: false, IsWholeRow: false } column)
            {
                return null;
            }

            return column.Source is { Table: not null } source && block.Sources.Contains(source)
                ? (source, column.Column?.Name ?? column.Name)
                : null;
        }

        /// <summary>True when the expression is a value for this block: it reads no column of the block's own sources.</summary>
        private bool ValueLike(SqlExpression? expression, Block block) => expression is not null && SourcesIn(expression, block).Count == 0;

        /// <summary>The block's sources an expression reads, not looking into nested queries (those are values).</summary>
        private HashSet<BoundSource> SourcesIn(SqlExpression expression, Block block)
        {
            var found = new HashSet<BoundSource>(ReferenceEqualityComparer.Instance);
            var pending = new Stack<SqlNode>();
            pending.Push(expression);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                if (node is SqlQuery)
                {
                    continue;
                }

                if (node is ColumnExpression column)
                {
                    if (bound.Resolve(column) is { IsCorrelated: false, Source: { } source } && block.Sources.Contains(source))
                    {
                        found.Add(source);
                    }

                    continue;
                }

                foreach (var child in SqlTree.Children(node))
                {
                    pending.Push(child);
                }
            }

            return found;
        }

        /// <summary>Of two sources of a block, the one probed per row of the other: the later one in FROM, or the left side of a RIGHT JOIN.</summary>
        private static BoundSource Later(BoundSource a, BoundSource b, Block block, SqlJoinKind? join)
        {
            var later = IndexOf(block, a) > IndexOf(block, b) ? a : b;
            return join == SqlJoinKind.Right ? (ReferenceEquals(later, a) ? b : a) : later;
        }

        private static int IndexOf(Block block, BoundSource source)
        {
            for (var i = 0; i < block.Sources.Count; i++)
            {
                if (ReferenceEquals(block.Sources[i], source))
                {
                    return i;
                }
            }

            return -1;
        }

        private int Position(SqlNode node)
        {
            var position = bound.Parsed.PositionOf(node) ?? (node is ColumnExpression c ? bound.Parsed.PositionOf(c.Name) : null);
            return position?.Offset ?? (int.MaxValue / 2) + discovery++;
        }

        private string Text(SqlExpression expression) => SqlFormatter.Format(expression, dialect);

        private static string Shorten(string text) => text.Length <= 100 ? text : text[..99] + "…";

        private static SqlExpression? Unwrap(SqlExpression? expression)
        {
            while (expression is ParenthesizedExpression parenthesized)
            {
                expression = parenthesized.Inner;
            }

            return expression;
        }

        // ---- Proposals -------------------------------------------------------------------------------------------
        private IndexAdviceReport Assemble()
        {
            var proposals = new List<(Candidate Candidate, List<IndexKeyColumn> Keys, List<string> Include, string Serves)>();
            foreach (var candidate in order)
            {
                if (Keys(candidate) is { } proposal)
                {
                    proposals.Add((candidate, proposal.Keys, proposal.Include, proposal.Serves));
                }
            }

            // The same table asked for by several blocks: one index serves a proposal whose key is a prefix of another's.
            var kept = new List<(Candidate Candidate, List<IndexKeyColumn> Keys, List<string> Include, string Serves)>();
            foreach (var proposal in proposals)
            {
                var keyNames = proposal.Keys.Select(k => k.Name).ToList();
                var wider = proposals.FirstOrDefault(o => !ReferenceEquals(o.Keys, proposal.Keys) && ReferenceEquals(o.Candidate.Table, proposal.Candidate.Table)
                    && StartsWith(o.Keys.Select(k => k.Name).ToList(), keyNames)
                    && (o.Keys.Count > proposal.Keys.Count || proposals.IndexOf(o) < proposals.IndexOf(proposal)));
                if (wider.Keys is null)
                {
                    kept.Add(proposal);
                }
            }

            var taken = new HashSet<string>(bound.Schema.Tables.SelectMany(t => t.Indexes).Select(i => i.Name), StringComparer.OrdinalIgnoreCase);
            var advice = new List<IndexAdvice>();
            foreach (var (candidate, keys, include, serves) in kept)
            {
                var table = candidate.Table;
                if (Covering(table, keys) is { } existing)
                {
                    notes.Add(new IndexNote(
                        IndexNoteKind.AlreadyCovered,
                        table,
                        $"{table.Name} ({string.Join(", ", keys)}) is already served by {existing}: no new index needed for {serves}."));
                    continue;
                }

                var name = IndexDdl.Name(table, keys, dialect, taken);
                var extends = Prefix(table, keys);
                advice.Add(new IndexAdvice(table)
                {
                    KeyColumns = keys,
                    IncludeColumns = include,
                    IndexName = name,
                    CreateStatement = IndexDdl.Create(table, name, keys, include, dialect),
                    Reason = Reason(candidate, keys, include, serves, extends),
                    ExtendsIndex = extends,
                });
            }

            return new IndexAdviceReport(advice, notes);
        }

        private (List<IndexKeyColumn> Keys, List<string> Include, string Serves)? Keys(Candidate candidate)
        {
            var keys = new List<IndexKeyColumn>();
            var served = new List<string>();
            var equalities = candidate.Equalities
                .GroupBy(k => k.Column, StringComparer.OrdinalIgnoreCase)
                .Select(g => g.OrderBy(k => k.Role).First())
                .OrderBy(k => k.Position)
                .ToList();
            if (options.DistinctValues is { } distinct && equalities.Count > 1
                && equalities.Select(k => distinct(candidate.Table, k.Column)).ToList() is var counts && counts.All(c => c is not null))
            {
                // With statistics, the column that tells rows apart best leads.
                equalities = equalities.Zip(counts).OrderByDescending(p => p.Second).Select(p => p.First).ToList();
            }

            keys.AddRange(equalities.Select(k => new IndexKeyColumn(k.Column, k.Role)));
            served.AddRange(equalities.Select(k => k.Predicate));

            var orderColumns = OrderColumns(candidate);
            var ranges = candidate.Ranges.Where(r => !keys.Any(k => Same(k.Name, r.Column))).OrderBy(r => r.Position).ToList();
            var range = orderColumns is [var firstOrder, ..] ? ranges.FirstOrDefault(r => Same(r.Column, firstOrder.Column)) : null;
            range ??= ranges.FirstOrDefault();
            if (range is not null)
            {
                keys.Add(new IndexKeyColumn(range.Column, IndexKeyRole.Range, orderColumns is [var o, ..] && Same(o.Column, range.Column) && o.Descending && Mixed(orderColumns)));
                served.Add(range.Predicate);
            }

            if (range is null && candidate.Expressions.Count > 0)
            {
                var expression = candidate.Expressions.OrderBy(e => e.Role).ThenBy(e => e.Position).First();
                keys.Add(new IndexKeyColumn(expression.Column, expression.Role, IsExpression: true));
                served.Add(expression.Predicate);
            }

            // ORDER BY columns after the key, when the rows would then come out in that order.
            if (orderColumns.Count > 0 && !keys.Any(k => k.IsExpression) && (range is null || Same(range.Column, orderColumns[0].Column)))
            {
                var mixed = Mixed(orderColumns);
                var added = false;
                foreach (var column in orderColumns.Where(c => !keys.Any(k => Same(k.Name, c.Column))))
                {
                    keys.Add(new IndexKeyColumn(column.Column, IndexKeyRole.OrderBy, mixed && column.Descending));
                    added = true;
                }

                if (added || range is not null)
                {
                    served.Add("ORDER BY " + string.Join(", ", orderColumns.Select(c => c.Column + (c.Descending ? " DESC" : ""))));
                }
            }

            if (keys.Count == 0 || keys.All(k => k.Role == IndexKeyRole.OrderBy) && !candidate.Block.HasLimit)
            {
                return null;
            }

            return (keys, Include(candidate, keys), string.Join(", ", served.Distinct(StringComparer.Ordinal)));
        }

        /// <summary>The ORDER BY of a single-table block when every item is a bare column of that table; else none.</summary>
        private List<(string Column, bool Descending)> OrderColumns(Candidate candidate)
        {
            var block = candidate.Block;
            if (block.Sources.Count != 1 || block.OrderBy.Count == 0)
            {
                return [];
            }

            var columns = new List<(string, bool)>();
            foreach (var item in block.OrderBy)
            {
                if (Plain(item.Expression, block) is not { } column || !ReferenceEquals(column.Source, candidate.Source) || item.Nulls != SqlNullsOrder.Unspecified)
                {
                    return [];
                }

                columns.Add((column.Column, item.Direction == SqlSortDirection.Descending));
            }

            return columns;
        }

        // All DESC is read backwards from an ascending index; only a mix needs DESC key columns.
        private static bool Mixed(List<(string Column, bool Descending)> columns) => columns.Select(c => c.Descending).Distinct().Count() > 1;

        /// <summary>The other columns the query reads from the table, for INCLUDE, when the dialect has it and they are few.</summary>
        private List<string> Include(Candidate candidate, List<IndexKeyColumn> keys)
        {
            if (!IndexDdl.SupportsInclude(dialect, bound.Schema) || keys.Any(k => k.IsExpression))
            {
                return [];
            }

            var source = candidate.Source;
            var star = candidate.Block.Items.Any(i => i.Expression is StarExpression star
                && (star.Qualifier is null || string.Equals(star.Qualifier.Name.Value, source.ReferenceName, StringComparison.OrdinalIgnoreCase)));
            var read = bound.Columns.Where(c => ReferenceEquals(c.Source, source)).ToList();
            if (star || read.Any(c => c.IsWholeRow || c.Column is null))
            {
                return [];
            }

            // SQL Server's nonclustered indexes carry the clustered key (by default the primary key) already.
            var implicitColumns = dialect == SqlDialect.TSql && candidate.Table.PrimaryKey is { } primary ? primary.Columns : [];
            var include = read.Select(c => c.Column!.Name)
                .Where(n => !keys.Any(k => Same(k.Name, n)) && !implicitColumns.Contains(n, StringComparer.OrdinalIgnoreCase))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .OrderBy(n => candidate.Table.FindColumn(n)?.Ordinal ?? int.MaxValue)
                .ToList();
            return include.Count <= options.MaxIncludeColumns ? include : [];
        }

        /// <summary>
        /// An existing index, primary key or unique constraint that starts with the key columns: the equality columns
        /// in any order (they are all matched exactly), then the rest in order. Partial and non-B-tree indexes do not count.
        /// </summary>
        private static string? Covering(Table table, List<IndexKeyColumn> keys)
        {
            foreach (var (name, columns) in ExistingKeys(table))
            {
                if (columns.Count < keys.Count)
                {
                    continue;
                }

                var equalities = keys.TakeWhile(k => k.Role is IndexKeyRole.Equality or IndexKeyRole.Join).Select(k => Normalize(k.Name, k.IsExpression)).ToList();
                var leading = columns.Take(equalities.Count).ToList();
                if (!equalities.All(e => leading.Contains(e, StringComparer.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (keys.Skip(equalities.Count).Select((k, i) => Same(Normalize(k.Name, k.IsExpression), columns[equalities.Count + i])).All(b => b))
                {
                    return name;
                }
            }

            return null;
        }

        /// <summary>An existing index that starts with a proper prefix of the key, which the proposal would supersede.</summary>
        private static string? Prefix(Table table, List<IndexKeyColumn> keys) =>
            ExistingKeys(table)
                .Where(e => e.Columns.Count < keys.Count && e.Columns.Count > 0 && e.Columns.Select((c, i) => Same(c, Normalize(keys[i].Name, keys[i].IsExpression))).All(b => b))
                .Select(e => e.Name)
                .FirstOrDefault();

        private static IEnumerable<(string Name, List<string> Columns)> ExistingKeys(Table table)
        {
            if (table.PrimaryKey is { } primary)
            {
                yield return ("the primary key" + (primary.Name is null ? "" : " " + primary.Name), primary.Columns.ToList());
            }

            foreach (var unique in table.UniqueConstraints)
            {
                yield return ("the unique constraint" + (unique.Name is null ? "" : " " + unique.Name), unique.Columns.ToList());
            }

            foreach (var index in table.Indexes)
            {
                if (index.Filter is null && index.Method is null or "btree" or "clustered" or "nonclustered")
                {
                    yield return ("index " + index.Name, index.Columns.Select(c => Normalize(c.Name, c.IsExpression)).ToList());
                }
            }
        }

        /// <summary>Expression texts compared loosely: engines re-print them with their own casts and parentheses.</summary>
        private static string Normalize(string name, bool expression)
        {
            if (!expression)
            {
                return name;
            }

            var text = name.ToLowerInvariant();
            foreach (var noise in new[] { "::text", "::character varying", "(", ")", "\"", " " })
            {
                text = text.Replace(noise, "", StringComparison.Ordinal);
            }

            return "expr:" + text;
        }

        private static bool StartsWith(List<string> longer, List<string> prefix) =>
            prefix.Count <= longer.Count && prefix.Select((p, i) => Same(p, longer[i])).All(b => b);

        private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        private string Reason(Candidate candidate, List<IndexKeyColumn> keys, List<string> include, string serves, string? extends)
        {
            var table = candidate.Table.Name;
            var keyList = string.Join(", ", keys);
            var reason = keys[0].Role switch
            {
                IndexKeyRole.Join => $"{table} is looked up once per row of the table joined before it ({serves}); an index on ({keyList}) makes each lookup a seek instead of a scan",
                IndexKeyRole.OrderBy => $"{serves} with a LIMIT: an index on ({keyList}) returns the first rows in order without sorting the whole table",
                _ => $"{serves} filters {table}; an index on ({keyList}) lets the database seek the matching rows instead of reading the whole table",
            };
            if (keys.Any(k => k.Role == IndexKeyRole.OrderBy) && keys[0].Role != IndexKeyRole.OrderBy)
            {
                reason += ", already in ORDER BY order so no sort is needed";
            }

            if (include.Count > 0)
            {
                reason += $"; INCLUDE ({string.Join(", ", include)}) carries the other columns the query reads, so it is answered from the index alone";
            }

            if (extends is not null)
            {
                reason += $". It starts like the existing {extends}, which it can replace";
            }

            return reason + ".";
        }
    }
}
