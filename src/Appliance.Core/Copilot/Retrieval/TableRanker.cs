using Appliance.Core.Schema;

namespace Appliance.Core.Copilot.Retrieval;

/// <summary>How <see cref="TableRanker"/> weighs evidence and how far it follows foreign keys.</summary>
public sealed record TableRankingOptions
{
    public double TableWeight { get; init; } = 1.0;
    /// <summary>Weight of a table's best matching column; its second best counts half as much.</summary>
    public double ColumnWeight { get; init; } = 0.6;
    public double GlossaryWeight { get; init; } = 0.9;
    public double ExampleWeight { get; init; } = 0.7;
    /// <summary>Share of a foreign-key column's match credited to its own table (all of it goes to the table referenced).</summary>
    public double ForeignKeyColumnShare { get; init; } = 0.5;
    /// <summary>Added when the question says every word of the table's name (a module prefix aside), or the name itself.</summary>
    public double FullNameBonus { get; init; } = 0.4;
    /// <summary>
    /// Taken, in proportion to the words left unsaid, from a table whose name the question says only in part:
    /// "order_status_history" when the question is about orders.
    /// </summary>
    public double PartialNamePenalty { get; init; } = 0.4;
    /// <summary>Added in proportion to the share of the question's words the table's name and column names hold.</summary>
    public double CoverageWeight { get; init; } = 0.4;
    /// <summary>Added to a neighbour in proportion to the share of the question's words it holds and its seed does not.</summary>
    public double NoveltyWeight { get; init; } = 0.6;
    /// <summary>How many of the best tables bring in their foreign-key neighbours.</summary>
    public int NeighbourSeeds { get; init; } = 3;
    /// <summary>Added to a table the seed references (a lookup a join usually needs), as a share of the seed's score.</summary>
    public double ParentDecay { get; init; } = 0.35;
    /// <summary>Added to a table referencing the seed (its lines, history, notes…), as a share of the seed's score.</summary>
    public double ChildDecay { get; init; } = 0.15;
    /// <summary>Neighbours taken per seed (hub tables are referenced by hundreds); those with evidence of their own first.</summary>
    public int MaxNeighboursPerTable { get; init; } = 6;
}

/// <summary>
/// Ranks a schema's tables for a question from the vector search's hits: per table, the table document's similarity,
/// its best columns, glossary terms and accepted examples pointing at it, and the share of the question's words its
/// name and columns hold; plus a boost when the question names the table, less when it names only part of a longer
/// name ("orders" against "order_status_history"). Then the foreign-key neighbours (one hop, both directions) of the
/// best tables gain a decayed share of their score, as the tables a join needs. Build one per schema and reuse it: the
/// name words and neighbours are worked out once.
/// </summary>
public sealed class TableRanker
{
    private readonly SchemaCatalog catalog;
    private readonly TableRankingOptions options;

    public TableRanker(DatabaseSchema schema, TableRankingOptions? options = null)
    {
        catalog = SchemaCatalog.For(schema);
        this.options = options ?? new TableRankingOptions();
    }

    /// <summary>
    /// The best <paramref name="limit"/> tables by their own evidence, with the foreign-key neighbours of the best
    /// <see cref="TableRankingOptions.NeighbourSeeds"/> merged in, best first (ties by name). Tables without any
    /// evidence are not listed.
    /// </summary>
    public IReadOnlyList<ScoredTable> Rank(string question, IReadOnlyList<RetrievalHit> hits, int limit)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        var evidence = new Dictionary<string, Evidence>(StringComparer.OrdinalIgnoreCase);
        Evidence For(string table)
        {
            if (!evidence.TryGetValue(table, out var e))
            {
                evidence[table] = e = new Evidence();
            }

            return e;
        }

        foreach (var hit in hits)
        {
            var score = Math.Max(0, hit.Score);
            switch (hit.Kind)
            {
                case RetrievalKind.Table when Known(hit.Table) is { } table:
                    For(table).Table = Math.Max(For(table).Table, score);
                    break;
                case RetrievalKind.Column when Known(hit.Table) is { } table:
                    // "patient_id" matching "patient" speaks for the patient table more than for the one holding the key.
                    if (hit.Column is { } column && catalog.ReferencedBy(table, column) is { } referenced)
                    {
                        For(referenced).AddColumn(score);
                        For(table).AddColumn(score * options.ForeignKeyColumnShare);
                    }
                    else
                    {
                        For(table).AddColumn(score);
                    }

                    break;
                case RetrievalKind.Glossary or RetrievalKind.Doc when Known(hit.Table) is { } table:
                    For(table).Glossary = Math.Max(For(table).Glossary, score);
                    break;
                case RetrievalKind.Example:
                    var used = hit.Sql is { } sql ? catalog.TablesOf(sql) : Known(hit.Table) is { } one ? [one] : [];
                    foreach (var table in used)
                    {
                        For(table).Example = Math.Max(For(table).Example, score);
                    }

                    break;
            }
        }

        var questionTerms = SearchTerms.Of(question).ToHashSet(StringComparer.Ordinal);
        var scores = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var relation in catalog.Relations)
        {
            var hasEvidence = evidence.TryGetValue(relation.QualifiedName, out var e);
            var (named, unsaid) = NameMatch(relation, question, questionTerms);
            // A table the search did not bring up joins only when the question says its whole name.
            if (!hasEvidence && !named)
            {
                continue;
            }

            var score = (named ? options.FullNameBonus : 0) - (options.PartialNamePenalty * unsaid)
                + options.CoverageWeight * Share(relation.Terms, questionTerms, except: null);
            if (e is not null)
            {
                score += options.TableWeight * e.Table
                    + options.ColumnWeight * (e.BestColumn + 0.5 * e.SecondColumn)
                    + options.GlossaryWeight * e.Glossary
                    + options.ExampleWeight * e.Example;
            }

            if (score > 0)
            {
                scores[relation.QualifiedName] = score;
            }
        }

        var direct = scores
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(limit)
            .Select(p => new ScoredTable(catalog.Find(p.Key)!.QualifiedName, p.Value))
            .ToList();

        // Neighbours of the best tables: the link adds to what they have of their own, so a lookup the best table
        // references, or a detail table holding words of the question the best table lacks, moves up.
        var ranked = direct.ToDictionary(t => t.Table, StringComparer.OrdinalIgnoreCase);
        foreach (var seed in direct.Take(options.NeighbourSeeds))
        {
            var seedTerms = catalog.Find(seed.Table)!.Terms;
            var neighbours = catalog.NeighboursOf(seed.Table)
                .Select(n => (Name: n, Novelty: Share(catalog.Find(n)!.Terms, questionTerms, except: seedTerms)))
                .OrderByDescending(n => n.Novelty)
                .ThenByDescending(n => scores.GetValueOrDefault(n.Name))
                .ThenBy(n => n.Name, StringComparer.Ordinal)
                .Take(options.MaxNeighboursPerTable);
            foreach (var (neighbour, novelty) in neighbours)
            {
                var link = (seed.Score * (catalog.References(seed.Table, neighbour) ? options.ParentDecay : options.ChildDecay))
                    + (options.NoveltyWeight * novelty);
                var linked = scores.GetValueOrDefault(neighbour) + link;
                if (!ranked.TryGetValue(neighbour, out var existing) || linked > existing.Score)
                {
                    ranked[neighbour] = new ScoredTable(neighbour, linked) { ReachedFrom = seed.Table };
                }
            }
        }

        return [.. ranked.Values.OrderByDescending(t => t.Score).ThenBy(t => t.Table, StringComparer.Ordinal)];
    }

    /// <summary>The share of the question's words found in <paramref name="terms"/> and not in <paramref name="except"/>.</summary>
    private static double Share(IReadOnlySet<string> terms, HashSet<string> questionTerms, IReadOnlySet<string>? except)
    {
        if (questionTerms.Count == 0)
        {
            return 0;
        }

        var found = questionTerms.Count(t => terms.Contains(t) && (except is null || !except.Contains(t)));
        return (double)found / questionTerms.Count;
    }

    private string? Known(string? table) => table is null ? null : catalog.Find(table)?.QualifiedName;

    /// <summary>
    /// Whether the question says the table's whole name (a module prefix aside) and, when it says part of it, the
    /// share of the name's words it leaves unsaid.
    /// </summary>
    private static (bool Named, double Unsaid) NameMatch(SchemaRelation relation, string question, HashSet<string> questionTerms)
    {
        var core = relation.CoreTerms;
        if (core.Count == 0)
        {
            return (false, 0);
        }

        var saidCore = core.Count(questionTerms.Contains);
        var named = saidCore == core.Count
            || question.Contains(relation.Table.Name, StringComparison.OrdinalIgnoreCase) && relation.Table.Name.Length > 3;
        var unsaid = named || saidCore == 0 ? 0 : (double)(core.Count - saidCore) / core.Count;
        return (named, unsaid);
    }

    private sealed class Evidence
    {
        public double Table { get; set; }
        public double BestColumn { get; private set; }
        public double SecondColumn { get; private set; }
        public double Glossary { get; set; }
        public double Example { get; set; }

        public void AddColumn(double score)
        {
            if (score > BestColumn)
            {
                SecondColumn = BestColumn;
                BestColumn = score;
            }
            else if (score > SecondColumn)
            {
                SecondColumn = score;
            }
        }
    }
}
