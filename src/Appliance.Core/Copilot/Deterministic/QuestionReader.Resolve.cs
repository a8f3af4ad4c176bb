namespace Appliance.Core.Copilot.Deterministic;

/// <summary>A condition read from the question, before its column is chosen.</summary>
internal abstract record Pending;

internal sealed record ValuePending(List<Mention> Values, bool Negated, string Text, HashSet<ColumnInfo>? Columns = null) : Pending;

internal sealed record ColumnPending(Element Column, string Operator, List<Literal> Values) : Pending;

internal sealed record ComparePending(Element? Column, string Operator, List<decimal> Values, string? Implied, string Text) : Pending;

internal sealed record NullPending(Element Column, bool IsNull) : Pending;

internal sealed record RelatedPending(Element Table, bool Exists, string? Operator, decimal Count) : Pending;

internal sealed record PlacePending(string Name, (string Code, string Name)? Country, bool Negated) : Pending
{
    /// <summary>Further countries joined by "or"/"and" ("from Brazil or Japan").</summary>
    public List<(string Code, string Name)> More { get; } = [];
}

internal sealed record IdPending(Element Table, decimal Id) : Pending;

internal sealed record DatePending(DateRange Range, Element? Hint) : Pending;

internal sealed record NamedPending(string Text, string Mode, Element? Column, bool Negated) : Pending;

internal sealed record NumberPending(Element Number) : Pending;

internal sealed record HavingPending(AggregateKind Aggregate, Element Column, string Operator, decimal Bound) : Pending;

/// <summary>Second stage of reading: choose the tables and columns the elements mean and put the plan together.</summary>
internal sealed partial class QuestionReader
{
    private QueryPlan? Resolve()
    {
        foreach (var element in elements.Where(e => e.Kind == ElementKind.Mention && e.Mention!.Term is null))
        {
            foreach (var table in element.Mention!.BestTables())
            {
                if (element.Mention.Tables.Exists(t => t.Table == table && t.Match >= TableMatch.Head))
                {
                    mentionedTables.Add(table);
                }
            }
        }

        // Date hints ("hired in 2024") are not output columns.
        foreach (var hint in pending.OfType<DatePending>().Select(d => d.Hint).Concat(periodGroups.Select(p => p.Hint)))
        {
            if (hint is not null && !(hint.Kind == ElementKind.Mention && IsNameMatch(hint.Mention!)))
            {
                projections.Remove(hint);
                subjects.Remove(hint);
            }
        }

        // A verb left over ("customers who ordered") means rows that have related rows; one that only a column comment
        // has ("handled" in "Employee who handled the order") says nothing more than the column named next to it.
        foreach (var verb in projections.Where(p => tokens[p.Start].Text.EndsWith("ed", StringComparison.Ordinal) && p.Length == 1).ToList())
        {
            if (verb.Mention!.HasTables)
            {
                projections.Remove(verb);
                pending.Add(new RelatedPending(verb, true, null, 0));
            }
            else if (verb.Mention.ExactColumns.Count == 0 && verb.Mention.PartialColumns.Count == 0)
            {
                projections.Remove(verb);
            }
        }

        var plan = ChooseFact();
        if (plan is null)
        {
            return null;
        }

        fact = plan.Fact;
        understood.Insert(0, "table: " + plan.Fact.Name);
        ReadGroups(plan);
        if (problems.Count > 0)
        {
            return null;
        }

        ReadFilters(plan);
        if (problems.Count > 0)
        {
            return null;
        }

        ReadOrder(plan);
        if (problems.Count > 0)
        {
            return null;
        }

        ReadProjection(plan);
        if (problems.Count > 0)
        {
            return null;
        }

        if (plan.Groups.Count > 0 && plan.Aggregate is null)
        {
            plan.Aggregate = AggregateKind.Count;
            understood.Add($"count: {plan.Fact.Name}");
        }

        if (plan.Limit is { } n)
        {
            understood.Add($"limit: {n}");
        }

        return plan;
    }

    // ---- The fact table ----------------------------------------------------------------------------------------

    private Element? subjectElement;

    private QueryPlan? ChooseFact()
    {
        TableInfo? Subject()
        {
            foreach (var element in subjects)
            {
                if (TableOf(element) is { } table)
                {
                    subjectElement ??= element;
                    return table;
                }
            }

            return null;
        }

        if (countRequested)
        {
            if (countTarget is null)
            {
                var subject = Subject();
                if (subject is null)
                {
                    problems.Add("did not understand what to count");
                    return null;
                }

                subjects.RemoveAt(0);
                return CountPlan(subject);
            }

            var mention = countTarget.Mention!;
            subjectElement = countTarget;
            if (mention.Term is { Column: null } || IsTableNoun(mention) || (IsNameMatch(mention) && mention.ExactColumns.Count == 0))
            {
                return TableOf(countTarget) is { } table ? CountPlan(table) : null;
            }

            // "how many distinct carriers": a count of values; "number of units": a sum of a quantity.
            var column = ResolveColumn(countTarget, Anchors(null), c => true);
            if (column is null)
            {
                return null;
            }

            if (column.Kind == ValueKind.Number && !column.IsKey && !column.IsFlag && !countDistinct && column.AllowedValues.Count == 0)
            {
                understood.Add($"sum: {column.Display}");
                return new QueryPlan { Fact = column.Table, Aggregate = AggregateKind.Sum, Measure = new Measure(column) };
            }

            understood.Add($"count distinct: {column.Display}");
            return new QueryPlan { Fact = column.Table, Aggregate = AggregateKind.Count, CountDistinct = column };
        }

        var subjectTable = Subject();
        if (subjectTable is not null)
        {
            subjects.RemoveAt(subjects.FindIndex(s => TableOf(s, report: false) == subjectTable));
        }

        if (aggregate is { } kind && (revenue || aggregateTarget is not null))
        {
            var measure = revenue ? RevenueMeasure(subjectTable) : MeasureOf(aggregateTarget!, subjectTable, kind);
            if (measure is null)
            {
                return null;
            }

            understood.Add($"{Word(kind)}: {measure.Describe()}");
            var plan = new QueryPlan { Fact = measure.Table, Aggregate = kind, Measure = measure };
            if (subjectTable is not null && subjectTable != measure.Table)
            {
                // "average order total of customers": the subject is a group, a filter or context.
                SubjectBeside(plan, subjectTable);
            }

            return plan;
        }

        if (aggregate is { } summed && aggregateTable is not null && TableOf(aggregateTable) is { } summedTable)
        {
            var main = MainMeasure(summedTable);
            if (main is null)
            {
                problems.Add($"did not understand which column of {summedTable.Name} to {Word(summed)}");
                return null;
            }

            understood.Add($"{Word(summed)}: {main.Display}");
            mentionedTables.Add(summedTable);
            var plan = new QueryPlan { Fact = summedTable, Aggregate = summed, Measure = new Measure(main) };
            if (subjectTable is not null && subjectTable != summedTable)
            {
                SubjectBeside(plan, subjectTable);
            }

            return plan;
        }

        if (aggregate is { } noTarget && subjectTable is not null && noTarget != AggregateKind.Count)
        {
            var main = MainMeasure(subjectTable);
            if (main is null)
            {
                problems.Add($"did not understand which column of {subjectTable.Name} to {Word(noTarget)}");
                return null;
            }

            understood.Add($"{Word(noTarget)}: {main.Display}");
            return new QueryPlan { Fact = subjectTable, Aggregate = noTarget, Measure = new Measure(main) };
        }

        if (aggregate is { } missing && subjectTable is null && projections.Count == 0)
        {
            problems.Add($"did not understand what to {Word(missing)}");
            return null;
        }

        if (superlativeOnGroup && superlativeTarget is not null && subjectTable is not null)
        {
            // "the customer with the most orders": count the orders per customer.
            var counted = TableOf(superlativeTarget);
            if (counted is null)
            {
                return null;
            }

            var plan = new QueryPlan { Fact = counted, Aggregate = AggregateKind.Count };
            plan.Groups.Add(new GroupSpec(subjectTable, null, null));
            understood.Add($"count: {counted.Name} per {subjectTable.Name}");
            mentionedTables.Add(subjectTable);
            return plan;
        }

        if (subjectTable is not null)
        {
            return new QueryPlan { Fact = subjectTable, Aggregate = aggregate };
        }

        // No table named: the table of the columns asked for ("list all job titles").
        if (projections.Count > 0)
        {
            var column = ResolveColumn(projections[0], Anchors(null), c => true);
            if (column is null)
            {
                return null;
            }

            if (aggregate is { } onColumn)
            {
                projections.RemoveAt(0);
                understood.Add($"{Word(onColumn)}: {column.Display}");
                return new QueryPlan { Fact = column.Table, Aggregate = onColumn, Measure = new Measure(column) };
            }

            if (groupMentions.Count == 0 && periodGroups.Count == 0)
            {
                distinct = true;
            }

            return new QueryPlan { Fact = column.Table };
        }

        // "show order 42": the table of the number.
        if (pending.OfType<IdPending>().FirstOrDefault() is { } id && TableOf(id.Table) is { } identified)
        {
            subjectElement = id.Table;
            return new QueryPlan { Fact = identified };
        }

        if (groupMentions.Count > 0 && TableOf(groupMentions[0], report: false) is { } grouped && IsNameMatch(groupMentions[0].Mention!))
        {
            return new QueryPlan { Fact = grouped };
        }

        problems.Add("no table of the schema matched the question");
        return null;
    }

    private QueryPlan CountPlan(TableInfo table)
    {
        understood.Add($"count: {table.Name}");
        var plan = new QueryPlan { Fact = table, Aggregate = AggregateKind.Count };
        if (countDistinct)
        {
            plan.CountDistinct = table.Key.Count == 1 ? table.Key[0] : null;
        }

        return plan;
    }

    /// <summary>A table named beside a measure in another table: a group when it is "per"-like, otherwise context.</summary>
    private void SubjectBeside(QueryPlan plan, TableInfo subject)
    {
        mentionedTables.Add(subject);
        if (superlative is not null || limit is not null || topRequested)
        {
            // "top 5 customers by revenue"
            plan.Groups.Add(new GroupSpec(subject, null, null));
            orderByAggregate = true;
            understood.Add($"group by: {subject.Name}");
        }
    }

    private static string Word(AggregateKind kind) => kind switch
    {
        AggregateKind.Sum => "sum",
        AggregateKind.Average => "average",
        AggregateKind.Min => "minimum",
        AggregateKind.Max => "maximum",
        _ => "count",
    };

    // ---- Tables and columns ------------------------------------------------------------------------------------

    private TableInfo? TableOf(Element element, bool report = true)
    {
        var mention = element.Mention!;
        if (mention.Term is { } term)
        {
            var table = term.Table is null ? null : FindTable(term.Table);
            if (table is null && report)
            {
                problems.Add($"the glossary term \"{term.Term}\" names a table that is not in the schema ({term.Table})");
            }

            return table;
        }

        var candidates = mention.BestTables();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (candidates.Count == 0)
        {
            if (report)
            {
                problems.Add($"\"{element.Text}\" names no table");
            }

            return null;
        }

        // Several tables: the one closest to the other tables the question names.
        var others = mentionedTables.Where(t => !candidates.Contains(t)).ToList();
        if (others.Count > 0)
        {
            var scored = candidates.Select(c => (Table: c, Distance: others.Min(o => Distance(o, c)))).OrderBy(x => x.Distance).ToList();
            if (scored[0].Distance < scored[1].Distance)
            {
                return scored[0].Table;
            }
        }

        if (report)
        {
            problems.Add($"\"{element.Text}\" could mean {string.Join(" or ", candidates.Select(c => c.Name))}");
        }

        return null;
    }

    private TableInfo? FindTable(string name)
    {
        if (lexicon.FindTable(name) is { } qualified)
        {
            return qualified;
        }

        var matches = lexicon.Tables.Where(t => t.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>Tables a column should be near: the fact table, or else the tables the question names.</summary>
    private List<TableInfo> Anchors(TableInfo? preferred)
    {
        if (preferred is not null)
        {
            return [preferred];
        }

        if (fact is not null)
        {
            return [fact];
        }

        return [.. mentionedTables];
    }

    private ColumnInfo? ResolveColumn(Element element, IReadOnlyList<TableInfo> anchors, Func<ColumnInfo, bool> accept, bool report = true) =>
        ResolveColumns(element, anchors, accept, report) is { Count: > 0 } columns ? columns[0] : null;

    /// <summary>
    /// The column a mention means: exact names before partial ones before comment words, then the one in (or nearest
    /// to) the anchor tables, non-key columns before keys. "name" of a table with first and last names is both.
    /// </summary>
    private List<ColumnInfo> ResolveColumns(Element element, IReadOnlyList<TableInfo> anchors, Func<ColumnInfo, bool> accept, bool report = true)
    {
        var mention = element.Mention!;
        if (mention.Term is { Column: { } termColumn } term)
        {
            var table = term.Table is null ? null : FindTable(term.Table);
            var column = table?.FindColumn(termColumn)
                ?? (term.Table is null ? lexicon.Tables.SelectMany(t => t.Columns).FirstOrDefault(c => c.Name.Equals(termColumn, StringComparison.OrdinalIgnoreCase)) : null);
            if (column is null)
            {
                problems.Add($"the glossary term \"{term.Term}\" names a column that is not in the schema ({term.Table}.{termColumn})");
                return [];
            }

            return [column];
        }

        var scored = new List<(ColumnInfo Column, double Score)>();
        void Score(IEnumerable<ColumnInfo> columns, double baseScore)
        {
            foreach (var column in columns)
            {
                if (!accept(column) || scored.Exists(s => s.Column == column))
                {
                    continue;
                }

                var score = baseScore;
                if (baseScore is 2)
                {
                    score -= 0.2 * (column.Words.Length - mention.Phrase.Split(' ').Length);
                }

                if (!column.IsKey || mention.Phrase.Contains("id", StringComparison.Ordinal))
                {
                    score += 0.3;
                }

                if (anchors.Count > 0)
                {
                    var distance = anchors.Min(a => Distance(a, column.Table));
                    score -= distance >= int.MaxValue / 2 ? 50 : 1.0 * distance;
                }

                if (mentionedTables.Contains(column.Table))
                {
                    score += 0.5;
                }

                scored.Add((column, score));
            }
        }

        Score(mention.ExactColumns, 3);
        Score(mention.PartialColumns, 2);
        foreach (var column in mention.CommentColumns)
        {
            // A short comment is about the word ("Units in stock"); a long one mentions it in passing.
            Score([column], 1 + (0.3 / Math.Max(1, column.CommentWords.Length)));
        }

        if (scored.Count == 0)
        {
            if (report)
            {
                problems.Add($"\"{element.Text}\" names no suitable column");
            }

            return [];
        }

        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
        var best = scored.Where(s => s.Score > scored[0].Score - 0.01).Select(s => s.Column).ToList();
        if (best.Count == 1)
        {
            return best;
        }

        // "name" of a person: first and last name.
        if (best.Select(c => c.Table).Distinct().Count() == 1 && best[0].Table.Labels.Count > 1 && best.All(best[0].Table.Labels.Contains))
        {
            return [.. best[0].Table.Labels];
        }

        if (report)
        {
            problems.Add($"\"{element.Text}\" could mean {string.Join(" or ", best.Take(4).Select(c => c.Display))}");
        }

        return [];
    }

    /// <summary>Foreign-key steps between two tables (either direction); int.MaxValue / 2 when none joins them.</summary>
    private int Distance(TableInfo from, TableInfo to)
    {
        if (from == to)
        {
            return 0;
        }

        if (!distances.TryGetValue(from, out var map))
        {
            map = new Dictionary<TableInfo, int> { [from] = 0 };
            var queue = new Queue<TableInfo>();
            queue.Enqueue(from);
            // Bounded: questions join a few steps at most, and the walk must stay cheap on very large schemas.
            while (queue.Count > 0)
            {
                var table = queue.Dequeue();
                var d = map[table];
                if (d >= 4)
                {
                    continue;
                }

                foreach (var edge in table.Edges)
                {
                    if (map.TryAdd(edge.To, d + 1))
                    {
                        queue.Enqueue(edge.To);
                    }
                }
            }

            distances[from] = map;
        }

        return map.TryGetValue(to, out var distance) ? distance : int.MaxValue / 2;
    }

    // ---- Measures ----------------------------------------------------------------------------------------------

    private Measure? MeasureOf(Element target, TableInfo? subject, AggregateKind kind)
    {
        var numeric = kind is AggregateKind.Sum or AggregateKind.Average;
        var anchors = subject is not null ? [subject] : Anchors(null).Concat(GroupAnchors()).Distinct().ToList();
        var column = ResolveColumn(target, anchors, c => numeric ? c.Kind == ValueKind.Number && !c.IsKey : c.Kind is ValueKind.Number or ValueKind.Date or ValueKind.Text);
        return column is null ? null : new Measure(column);
    }

    private IEnumerable<TableInfo> GroupAnchors()
    {
        foreach (var group in groupMentions)
        {
            if (TableOf(group, report: false) is { } table && IsNameMatch(group.Mention!))
            {
                yield return table;
            }
            else if (group.Mention!.AllColumns.Select(c => c.Table).Distinct().ToList() is { Count: 1 } single)
            {
                yield return single[0];
            }
        }

        foreach (var t in mentionedTables)
        {
            yield return t;
        }
    }

    /// <summary>
    /// "Revenue", "sales": a column named so; else a total or amount column; else price × quantity in one table. The
    /// candidate nearest to the tables the question groups or filters by wins, then the better named one.
    /// </summary>
    private Measure? RevenueMeasure(TableInfo? subject)
    {
        var candidates = lexicon.RevenueCandidates;
        if (candidates.Count == 0)
        {
            problems.Add("no column of the schema holds revenue (an amount, a total, or a price and a quantity)");
            return null;
        }

        var anchors = (subject is not null ? [subject] : new List<TableInfo>()).Concat(GroupAnchors()).Distinct().ToList();
        var ranked = candidates
            .Select(c => (c.Measure, c.Score, Distance: anchors.Count == 0 ? 0 : anchors.Sum(a => Math.Min(Distance(a, c.Measure.Table), 1000))))
            .OrderBy(c => c.Distance).ThenByDescending(c => c.Score).ToList();
        if (ranked.Count > 1 && ranked[1].Distance == ranked[0].Distance && ranked[1].Score == ranked[0].Score)
        {
            problems.Add($"\"revenue\" could mean {ranked[0].Measure.Describe()} or {ranked[1].Measure.Describe()}");
            return null;
        }

        return ranked[0].Measure;
    }

    /// <summary>The column "over 100" or "largest" means for a table: its one amount-like number.</summary>
    private static ColumnInfo? MainMeasure(TableInfo table)
    {
        var numbers = table.Columns.Where(c => c.Kind == ValueKind.Number && !c.IsKey && !c.IsFlag).ToList();
        foreach (var word in (ReadOnlySpan<string>)["total", "amount", "price", "value", "cost", "quantity", "balance", "score", "rating"])
        {
            var matching = numbers.Where(c => c.Words.Contains(word)).ToList();
            if (matching.Count == 1)
            {
                return matching[0];
            }

            if (matching.Count > 1)
            {
                return null;
            }
        }

        return numbers.Count == 1 ? numbers[0] : null;
    }

    private static ColumnInfo? PriceColumn(TableInfo table)
    {
        var numbers = table.Columns.Where(c => c.Kind == ValueKind.Number && !c.IsKey && !c.IsFlag).ToList();
        var prices = numbers.Where(c => c.Words.Contains("price") || c.Words.Contains("cost")).ToList();
        return prices.Count == 1 ? prices[0] : prices.Count == 0 ? MainMeasure(table) : null;
    }

    /// <summary>The date column a date phrase means for a table when the question names none.</summary>
    private static ColumnInfo? DefaultDateColumn(TableInfo table)
    {
        var dates = table.DateColumns;
        if (dates.Count <= 1)
        {
            return dates.Count == 1 ? dates[0] : null;
        }

        var stems = table.Words.Select(WordForms.Stem).ToHashSet(StringComparer.Ordinal);
        return dates.FirstOrDefault(c => c.Stems.Any(stems.Contains))
            ?? dates.FirstOrDefault(c => c.Words.Contains("created") || c.Words.Contains("date"))
            ?? dates.FirstOrDefault(c => !c.Column.IsNullable)
            ?? dates[0];
    }
}
