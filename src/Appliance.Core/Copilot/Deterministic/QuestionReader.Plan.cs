using System.Globalization;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>Third stage of reading: groups, conditions, order and output columns of the plan.</summary>
internal sealed partial class QuestionReader
{
    private void ReadGroups(QueryPlan plan)
    {
        foreach (var (period, hint) in periodGroups)
        {
            var column = DateColumnFor(plan.Fact, hint);
            if (column is null)
            {
                problems.Add($"{plan.Fact.Name} has no date column to group by {period}");
                return;
            }

            plan.Groups.Add(new GroupSpec(null, column, period));
            understood.Add($"group by: {period} of {column.Display}");
        }

        foreach (var element in groupMentions)
        {
            var mention = element.Mention!;
            if (mention.Term is { Column: null } || IsTableNoun(mention) || (IsNameMatch(mention) && mention.ExactColumns.Count == 0))
            {
                var entity = TableOf(element);
                if (entity is null)
                {
                    return;
                }

                if (entity.Key.Count == 0 && entity.Labels.Count == 0)
                {
                    problems.Add($"{entity.Name} has no key or name column to group by");
                    return;
                }

                mentionedTables.Add(entity);
                if (entity == plan.Fact && plan.Measure is not null)
                {
                    // "the average quantity per order line": every row is its own group, so it is the plain average.
                    continue;
                }

                plan.Groups.Add(new GroupSpec(entity, null, null));
                understood.Add("group by: " + entity.Name);
                continue;
            }

            var columns = ResolveColumns(element, [plan.Fact], c => c.Kind != ValueKind.Other);
            if (columns.Count == 0)
            {
                return;
            }

            foreach (var column in columns)
            {
                mentionedTables.Add(column.Table);
                plan.Groups.Add(new GroupSpec(null, column, null));
                understood.Add("group by: " + column.Display);
            }
        }
    }

    private ColumnInfo? DateColumnFor(TableInfo table, Element? hint)
    {
        if (hint is not null)
        {
            if (hint.Kind == ElementKind.Mention && hint.Mention!.AllColumns.Where(c => c.Kind == ValueKind.Date).ToList() is { Count: > 0 } named)
            {
                return named.OrderBy(c => Distance(table, c.Table)).First();
            }

            var stem = WordForms.Stem(tokens[hint.Start].Text);
            var byStem = lexicon.ColumnsWithStem(stem).Where(c => c.Kind == ValueKind.Date).OrderBy(c => Distance(table, c.Table)).ToList();
            if (byStem.Count > 0 && Distance(table, byStem[0].Table) < 4)
            {
                return byStem[0];
            }

            if (hint.Kind == ElementKind.Mention && TableOf(hint, report: false) is { } hinted && DefaultDateColumn(hinted) is { } hintedDate)
            {
                return hintedDate;
            }
        }

        return DefaultDateColumn(table);
    }

    // ---- Conditions --------------------------------------------------------------------------------------------

    private void ReadFilters(QueryPlan plan)
    {
        foreach (var item in pending)
        {
            var filter = item switch
            {
                ValuePending value => ValueFilter(plan, value),
                ColumnPending column => ColumnValueFilter(plan, column),
                ComparePending compare => CompareFilter(plan, compare),
                NullPending isNull => ResolveColumn(isNull.Column, [plan.Fact], c => true) is { } c ? new NullFilter(c, isNull.IsNull) : null,
                RelatedPending related => RelatedFilterOf(plan, related),
                PlacePending place => PlaceFilter(plan, place),
                IdPending id => IdFilter(plan, id),
                DatePending date => DateFilterOf(plan, date),
                NamedPending named => NamedFilter(plan, named),
                HavingPending having => HavingFilter(plan, having),
                _ => null,
            };
            if (problems.Count > 0)
            {
                return;
            }

            if (filter is not null)
            {
                plan.Filters.Add(filter);
                mentionedTables.Add(filter.Table);
                understood.Add(filter is DateFilter d ? $"date range: {d.Range.Describe()} ({d.Column.Display})"
                    : filter is RelatedFilter r ? "related: " + r.Describe()
                    : $"filter: {filter.Table.Name}.{filter.Describe()}");
            }
        }

        // Other tables named: rows that have related rows ("customers who placed orders"), or just the way to join.
        foreach (var element in subjects)
        {
            var table = TableOf(element);
            if (table is null)
            {
                return;
            }

            mentionedTables.Add(table);
            if (table == plan.Fact || plan.Groups.Exists(g => g.Table == table) || plan.Filters.Exists(f => f.Table == table)
                || plan.Measure?.Table == table || plan.CountDistinct?.Table == table)
            {
                continue;
            }

            var (path, _) = JoinPaths.Find([plan.Fact], table, Prefer);
            if (path is { Edges.Count: > 0 } && !path.Edges[0].ManyToOne)
            {
                var related = new RelatedFilter(table, true);
                plan.Filters.Add(related);
                understood.Add("related: " + related.Describe());
            }
        }
    }

    private Filter? ValueFilter(QueryPlan plan, ValuePending value)
    {
        // The column every value of the list allows (or the yes/no column the word names).
        IEnumerable<ColumnInfo>? common = null;
        foreach (var mention in value.Values)
        {
            var columns = mention.Values.Select(v => v.Column).Concat(mention.Flags.Select(f => f.Column)).Distinct();
            common = common is null ? columns.ToList() : common.Intersect(columns).ToList();
        }

        var candidates = (common ?? []).Where(c => value.Columns is null || value.Columns.Contains(c)).ToList();
        if (candidates.Count == 0)
        {
            problems.Add($"\"{value.Text}\" are values of different columns");
            return null;
        }

        var column = Nearest(plan.Fact, candidates, $"\"{value.Text}\"");
        if (column is null)
        {
            return null;
        }

        // "revenue per country of the shipping address": "shipping" picks orders.shipping_address_id, it is not addresses.kind.
        if (value.Values.Count == 1 && column.Table != plan.Fact && !value.Negated
            && plan.Fact.Edges.Any(e => e.ManyToOne && e.To == column.Table && e.FromColumns.Any(c => WordForms.SplitIdentifier(c).Contains(value.Values[0].Phrase))))
        {
            understood.Add($"\"{value.Text}\" chooses the foreign key to {column.Table.Name}");
            return null;
        }

        // "the amount paid by card": "paid" says what the payments are (paid_at), it is not the orders' status.
        if (value.Values.Count == 1 && column.Table != plan.Fact && !value.Negated
            && plan.Fact.DateColumns.Any(c => c.Stems.Contains(WordForms.Stem(value.Values[0].Phrase))))
        {
            understood.Add($"\"{value.Text}\" describes {plan.Fact.Name}, not a value of {column.Display}");
            return null;
        }

        if (column.IsFlag)
        {
            var state = value.Values[0].Flags.First(f => f.Column == column).Value;
            return new ColumnFilter(column, "=", [Literal.Of(state ^ value.Negated)]);
        }

        var literals = value.Values.Select(m => Literal.Of(m.Values.First(v => v.Column == column).Literal)).ToList();
        var literalsTyped = column.Kind == ValueKind.Number
            ? literals.Select(l => decimal.TryParse(l.Text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? Literal.Of(n) : l).ToList()
            : literals;
        return literalsTyped.Count == 1
            ? new ColumnFilter(column, value.Negated ? "<>" : "=", literalsTyped)
            : new ColumnFilter(column, value.Negated ? "NOT IN" : "IN", literalsTyped);
    }

    /// <summary>The candidate column in the fact table, else in a table the question names, else the nearest; a tie is a problem.</summary>
    private ColumnInfo? Nearest(TableInfo table, List<ColumnInfo> candidates, string what)
    {
        if (candidates.Count == 1)
        {
            return Distance(table, candidates[0].Table) < int.MaxValue / 2 ? candidates[0] : Unreachable(table, candidates[0]);
        }

        var ranked = candidates
            .Select(c => (Column: c, Rank: Distance(table, c.Table) * 2 - (mentionedTables.Contains(c.Table) ? 1 : 0)))
            .OrderBy(c => c.Rank).ToList();
        if (ranked[0].Rank == ranked[1].Rank)
        {
            problems.Add($"{what} could be {string.Join(" or ", ranked.Where(r => r.Rank == ranked[0].Rank).Take(4).Select(r => r.Column.Display))}");
            return null;
        }

        return ranked[0].Rank >= int.MaxValue / 4 ? Unreachable(table, ranked[0].Column) : ranked[0].Column;
    }

    private ColumnInfo? Unreachable(TableInfo table, ColumnInfo column)
    {
        problems.Add($"no foreign-key path joins {table.Name} to {column.Table.Name} (for {column.Name})");
        return null;
    }

    private Filter? ColumnValueFilter(QueryPlan plan, ColumnPending pending)
    {
        var column = ResolveColumn(pending.Column, [plan.Fact], c => c.Kind != ValueKind.Other);
        if (column is null)
        {
            return null;
        }

        var literals = new List<Literal>();
        foreach (var literal in pending.Values)
        {
            switch (column.Kind)
            {
                case ValueKind.Boolean when literal.Number is 0 or 1:
                    literals.Add(Literal.Of(literal.Number == 1));
                    break;
                case ValueKind.Number when literal.Text is { } text:
                    if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                    {
                        problems.Add($"{column.Display} holds numbers, not \"{text}\"");
                        return null;
                    }

                    literals.Add(Literal.Of(number));
                    break;
                case ValueKind.Date when literal.Text is { } day:
                    literals.Add(Literal.Of(day));
                    break;
                case ValueKind.Date or ValueKind.Boolean:
                    problems.Add($"did not understand {literal} for {column.Display}");
                    return null;
                default:
                    literals.Add(literal);
                    break;
            }
        }

        // A value written in other case than the schema's allowed value ("Shipped") takes the schema's spelling.
        if (column.AllowedValues.Count > 0 && literals.Count == 1 && literals[0].Text is { } written)
        {
            var allowed = column.AllowedValues.FirstOrDefault(v => v.Equals(written, StringComparison.OrdinalIgnoreCase));
            if (allowed is not null)
            {
                literals[0] = Literal.Of(allowed);
            }
        }

        return new ColumnFilter(column, pending.Operator, literals);
    }

    private Filter? CompareFilter(QueryPlan plan, ComparePending compare)
    {
        ColumnInfo? column;
        if (compare.Column is { } named)
        {
            column = ResolveColumn(named, [plan.Fact], c => c.Kind is ValueKind.Number);
        }
        else
        {
            column = compare.Implied == "price" ? PriceColumn(plan.Fact) : MainMeasure(plan.Fact);
            if (column is null)
            {
                problems.Add($"did not understand which column of {plan.Fact.Name} \"{compare.Text} {string.Join(" and ", compare.Values.Select(Format))}\" compares");
                return null;
            }
        }

        if (column is null)
        {
            return null;
        }

        var values = compare.Values.Select(Literal.Of).ToList();
        return compare.Operator == "between" ? new ColumnFilter(column, "BETWEEN", values) : new ColumnFilter(column, compare.Operator, values);
    }

    private RelatedFilter? RelatedFilterOf(QueryPlan plan, RelatedPending related)
    {
        var table = TableOf(related.Table);
        if (table is null)
        {
            return null;
        }

        if (table == plan.Fact)
        {
            problems.Add($"did not understand \"{related.Table.Text}\" as a condition on {table.Name} itself");
            return null;
        }

        return new RelatedFilter(table, related.Exists, related.Operator, related.Count);
    }

    /// <summary>
    /// "in Germany": a table of countries by its name column, or a country column (two-letter codes as "DE");
    /// "in Berlin": a city column. The candidate nearest to the fact table wins; a tie is a problem.
    /// </summary>
    private Filter? PlaceFilter(QueryPlan plan, PlacePending place)
    {
        var candidates = new List<(ColumnInfo Column, string Value)>();
        if (place.Country is { } country)
        {
            foreach (var table in lexicon.Tables.Where(t => t.Words.Length > 0 && t.Words[^1] == "country" && t.Labels.Count == 1))
            {
                candidates.Add((table.Labels[0], country.Name));
            }

            foreach (var column in lexicon.ColumnsWithWord("country").Where(c => c.Kind == ValueKind.Text && !c.IsForeignKey && !c.IsPrimaryKey))
            {
                var isCode = column.Column.MaxLength is 2 || column.Words.Contains("code") || column.Words.Contains("iso")
                    || column.Column.DataType.Contains("(2)", StringComparison.Ordinal);
                candidates.Add((column, isCode ? country.Code : country.Name));
            }
        }
        else
        {
            foreach (var column in lexicon.ColumnsWithWord("city").Concat(lexicon.ColumnsWithWord("town")).Where(c => c.Kind == ValueKind.Text))
            {
                candidates.Add((column, place.Name));
            }
        }

        if (candidates.Count == 0)
        {
            problems.Add(place.Country is null
                ? $"did not understand \"{place.Name}\" (no city column to look it up in; put a value in quotes with its column)"
                : $"no country column or table to look up \"{place.Name}\" in");
            return null;
        }

        var placeColumn = Nearest(plan.Fact, candidates.Select(c => c.Column).Distinct().ToList(), $"\"{place.Name}\"");
        if (placeColumn is null)
        {
            return null;
        }

        var value = candidates.First(c => c.Column == placeColumn).Value;
        if (place.More.Count > 0 && place.Country is { } first)
        {
            var byCode = value == first.Code;
            var values = new[] { first }.Concat(place.More).Select(c => Literal.Of(byCode ? c.Code : c.Name)).ToList();
            return new ColumnFilter(placeColumn, place.Negated ? "NOT IN" : "IN", values);
        }

        return new ColumnFilter(placeColumn, place.Negated ? "<>" : "=", [Literal.Of(value)]);
    }

    private Filter? IdFilter(QueryPlan plan, IdPending id)
    {
        var table = TableOf(id.Table);
        if (table is null)
        {
            return null;
        }

        // "employees who report to employee 1": a second mention of the fact table with a number is its self reference.
        if (table == plan.Fact && subjectElement is not null && subjectElement != id.Table
            && plan.Fact.Edges.Where(e => e.ManyToOne && e.To == plan.Fact && e.FromColumns.Count == 1).ToList() is { Count: 1 } self)
        {
            var reference = plan.Fact.FindColumn(self[0].FromColumns[0])!;
            return new ColumnFilter(reference, "=", [KeyLiteral(reference, id.Id)]);
        }

        if (table == plan.Fact || plan.Fact.Edges.Count(e => e.ManyToOne && e.To == table && e.FromColumns.Count == 1) != 1)
        {
            if (table.Key.Count != 1)
            {
                problems.Add($"{table.Name} has no single-column key for the number {Format(id.Id)}");
                return null;
            }

            return new ColumnFilter(table.Key[0], "=", [KeyLiteral(table.Key[0], id.Id)]);
        }

        // "orders of customer 7": the foreign key in the fact table, no join needed.
        var edge = plan.Fact.Edges.Single(e => e.ManyToOne && e.To == table && e.FromColumns.Count == 1);
        var column = plan.Fact.FindColumn(edge.FromColumns[0])!;
        return new ColumnFilter(column, "=", [KeyLiteral(column, id.Id)]);
    }

    private RelatedFilter? HavingFilter(QueryPlan plan, HavingPending having)
    {
        var column = ResolveColumn(having.Column, [plan.Fact], c => c.Kind == ValueKind.Number && !c.IsKey);
        if (column is null)
        {
            return null;
        }

        if (column.Table == plan.Fact)
        {
            problems.Add($"did not understand an {Word(having.Aggregate)} of {column.Display} as a condition on single {plan.Fact.Name} rows");
            return null;
        }

        return new RelatedFilter(column.Table, true, having.Operator, having.Bound) { Aggregate = having.Aggregate, Column = column };
    }

    private static Literal KeyLiteral(ColumnInfo column, decimal id) =>
        column.Kind == ValueKind.Text ? Literal.Of(Format(id)) : Literal.Of(id);

    private DateFilter? DateFilterOf(QueryPlan plan, DatePending date)
    {
        var column = DateColumnFor(plan.Fact, date.Hint);
        if (column is null)
        {
            // The fact table has no date: the nearest named table that has one.
            column = mentionedTables.Where(t => t != plan.Fact).Select(DefaultDateColumn).OfType<ColumnInfo>()
                .OrderBy(c => Distance(plan.Fact, c.Table)).FirstOrDefault();
        }

        if (column is null)
        {
            problems.Add($"{plan.Fact.Name} has no date column for \"{date.Range.Label}\"");
            return null;
        }

        return new DateFilter(column, date.Range);
    }

    private Filter? NamedFilter(QueryPlan plan, NamedPending named)
    {
        List<ColumnInfo> columns;
        if (named.Column is { } element)
        {
            columns = ResolveColumns(element, [plan.Fact], c => c.Kind == ValueKind.Text);
            if (columns.Count == 0)
            {
                return null;
            }
        }
        else
        {
            // A quoted value no column was named for: an allowed value of one column, else the fact table's name column.
            var allowed = lexicon.ColumnsAllowing(named.Text).ToList();
            if (named.Mode == "=" && allowed.Count > 0)
            {
                var column = Nearest(plan.Fact, allowed, $"'{named.Text}'");
                return column is null ? null : new ColumnFilter(column, named.Negated ? "<>" : "=", [Literal.Of(named.Text)]);
            }

            columns = [.. plan.Fact.Labels];
            if (columns.Count == 0)
            {
                problems.Add($"did not understand which column of {plan.Fact.Name} '{named.Text}' is in");
                return null;
            }
        }

        var words = named.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (columns.Count == 2 && named.Mode == "=" && words.Length == 2)
        {
            // "named Ada Lovelace": first and last name. The first condition is returned, the second added here.
            var last = new ColumnFilter(columns[1], named.Negated ? "<>" : "=", [Literal.Of(words[1])]);
            pendingExtra.Add(last);
            return new ColumnFilter(columns[0], named.Negated ? "<>" : "=", [Literal.Of(words[0])]);
        }

        var target = columns[0];
        return named.Mode switch
        {
            "contains" => new ColumnFilter(target, named.Negated ? "NOT LIKE" : "LIKE", [Literal.Of("%" + named.Text + "%")]),
            "starts" => new ColumnFilter(target, named.Negated ? "NOT LIKE" : "LIKE", [Literal.Of(named.Text + "%")]),
            "ends" => new ColumnFilter(target, named.Negated ? "NOT LIKE" : "LIKE", [Literal.Of("%" + named.Text)]),
            _ => new ColumnFilter(target, named.Negated ? "<>" : "=", [Literal.Of(named.Text)]),
        };
    }

    private readonly List<Filter> pendingExtra = [];

    // ---- Order and limit ---------------------------------------------------------------------------------------

    private void ReadOrder(QueryPlan plan)
    {
        plan.Filters.AddRange(pendingExtra);
        pendingExtra.Clear();
        plan.Limit = limit;
        var descending = direction == "desc";
        var ascending = direction is "asc" or "alpha";
        var grouped = plan.Groups.Count > 0 || (superlativeOnGroup && plan.Aggregate is not null);
        if (superlative is { } tag)
        {
            var down = tag.EndsWith("desc", StringComparison.Ordinal) || tag == "most";
            if (grouped && plan.Aggregate is not null && (tag is "most" or "fewest" or "measure-desc" or "measure-asc" || orderByAggregate))
            {
                plan.Order = new OrderSpec(OrderKind.Aggregate, null, down);
                understood.Add($"order: {(down ? "highest" : "lowest")} {Word(plan.Aggregate.Value)} first");
                return;
            }

            ColumnInfo? column = null;
            if (superlativeTarget is { } target && target.Mention!.HasColumns)
            {
                column = ResolveColumn(target, [plan.Fact], c => c.Kind is ValueKind.Number or ValueKind.Date or ValueKind.Text);
                if (column is null)
                {
                    return;
                }
            }
            else
            {
                column = tag switch
                {
                    "price-desc" or "price-asc" => PriceColumn(plan.Fact),
                    "date-desc" or "date-asc" => DefaultDateColumn(plan.Fact),
                    _ => MainMeasure(plan.Fact),
                };
            }

            if (column is null)
            {
                problems.Add($"did not understand by which column of {plan.Fact.Name} \"{SuperlativeWord()}\" ranks");
                return;
            }

            plan.Order = new OrderSpec(OrderKind.Column, column, down);
            understood.Add($"order: {column.Display} {(down ? "descending" : "ascending")}");
            return;
        }

        if (orderByAggregate && plan.Aggregate is not null)
        {
            plan.Order = new OrderSpec(OrderKind.Aggregate, null, !ascending);
            understood.Add($"order: {Word(plan.Aggregate.Value)} {(!ascending ? "descending" : "ascending")}");
            return;
        }

        if (orderTarget is { } by)
        {
            var column = ResolveColumn(by, [plan.Fact], c => c.Kind != ValueKind.Other);
            if (column is null)
            {
                return;
            }

            var down = descending || (topRequested && !ascending);
            plan.Order = new OrderSpec(OrderKind.Column, column, down);
            understood.Add($"order: {column.Display} {(down ? "descending" : "ascending")}");
            return;
        }

        if (direction == "alpha")
        {
            if (plan.Fact.Labels.Count == 0)
            {
                problems.Add($"{plan.Fact.Name} has no name column to sort alphabetically");
                return;
            }

            plan.Order = new OrderSpec(OrderKind.Column, plan.Fact.Labels[^1], false);
            understood.Add($"order: {plan.Fact.Labels[^1].Display} ascending");
            return;
        }

        if (topRequested)
        {
            if (grouped && plan.Aggregate is not null)
            {
                plan.Order = new OrderSpec(OrderKind.Aggregate, null, direction != "asc");
                return;
            }

            problems.Add("did not understand what \"top\" ranks by (say \"top 5 … by …\")");
        }
    }

    private string SuperlativeWord() => elements.FirstOrDefault(e => e.Kind == ElementKind.Superlative)?.Text ?? "top";

    // ---- Output columns ----------------------------------------------------------------------------------------

    private void ReadProjection(QueryPlan plan)
    {
        // "warehouses and their codes": the rows' names, then what was asked.
        if (projections.Count > 0 && plan.Aggregate is null && projections[0].Start > 0 && tokens[projections[0].Start - 1].Text is "their" or "its")
        {
            foreach (var label in plan.Fact.Labels)
            {
                plan.Select.Add(label);
                understood.Add("column: " + label.Display);
            }
        }

        foreach (var element in projections)
        {
            var columns = ResolveColumns(element, [plan.Fact], c => true);
            if (columns.Count == 0)
            {
                return;
            }

            foreach (var column in columns)
            {
                if (plan.Aggregate is not null && plan.Groups.Count > 0 && element.Mention!.ExactColumns.Count + element.Mention.PartialColumns.Count == 0)
                {
                    problems.Add($"did not understand how \"{element.Text}\" fits the {Word(plan.Aggregate.Value)}");
                    return;
                }

                if (plan.Aggregate is not null && plan.Groups.Count > 0)
                {
                    plan.Groups.Add(new GroupSpec(null, column, null));
                    understood.Add("group by: " + column.Display);
                }
                else if (plan.Aggregate is not null)
                {
                    problems.Add($"did not understand how \"{element.Text}\" fits the {Word(plan.Aggregate.Value)}");
                    return;
                }
                else if (!plan.Select.Contains(column))
                {
                    plan.Select.Add(column);
                    understood.Add("column: " + column.Display);
                }
            }
        }

        // "order totals in descending order": sorted by what is shown.
        if (plan.Order is null && direction is "asc" or "desc" && plan.Select.Count > 0 && plan.Aggregate is null)
        {
            plan.Order = new OrderSpec(OrderKind.Column, plan.Select[0], direction == "desc");
            understood.Add($"order: {plan.Select[0].Display} {(direction == "desc" ? "descending" : "ascending")}");
        }

        if (distinct && plan.Aggregate is null)
        {
            plan.Distinct = true;
            understood.Add("distinct values");
        }
    }
}
