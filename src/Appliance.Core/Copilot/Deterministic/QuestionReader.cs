using System.Globalization;

namespace Appliance.Core.Copilot.Deterministic;

/// <summary>The outcome of reading a question: a plan, or what was missing, and what was understood either way.</summary>
internal sealed record ReadResult(QueryPlan? Plan, string? Problem, IReadOnlyList<string> Understood, Func<JoinEdge, bool> Prefer);

/// <summary>
/// Reads a question against a schema: first into elements (keywords, dates, numbers, names of tables, columns and
/// values), then into a <see cref="QueryPlan"/>. Every word must find a role; one that does not stops the reading with
/// a problem naming it, so nothing is guessed silently.
/// </summary>
internal sealed partial class QuestionReader
{
    private readonly QuestionContext context;
    private readonly SchemaLexicon lexicon;
    private readonly List<QuestionToken> tokens;
    private readonly List<(string Phrase, GlossaryTerm Term)> glossary;
    private readonly List<string> understood = [];
    private readonly List<string> problems = [];
    private readonly HashSet<string> questionWords;
    private readonly Dictionary<TableInfo, Dictionary<TableInfo, int>> distances = [];
    private readonly HashSet<TableInfo> mentionedTables = [];
    private List<Element> elements = [];
    private TableInfo? fact;

    // What the sweep over the elements found.
    private bool countRequested;
    private Element? countTarget;
    private bool countDistinct;
    private AggregateKind? aggregate;
    private Element? aggregateTarget;
    private bool revenue;
    private Element? aggregateTable;
    private readonly List<Element> subjects = [];
    private readonly List<Element> projections = [];
    private readonly List<Element> groupMentions = [];
    private readonly List<(string Period, Element? Hint)> periodGroups = [];
    private int? limit;
    private string? superlative;
    private Element? superlativeTarget;
    private bool superlativeOnGroup;
    private bool topRequested;
    private Element? orderTarget;
    private bool orderByAggregate;
    private string? direction;
    private bool distinct;
    private readonly List<Pending> pending = [];

    private QuestionReader(string question, QuestionContext context)
    {
        this.context = context;
        lexicon = SchemaLexicon.For(context.Schema);
        tokens = QuestionTokenizer.Tokenize(question);
        glossary = context.Glossary
            .Where(t => !string.IsNullOrWhiteSpace(t.Term) && (t.Table is not null || t.Column is not null))
            .Select(t => (string.Join(' ', QuestionTokenizer.Tokenize(t.Term).Where(k => k.Kind == TokenKind.Word).Select(k => k.Norm)), t))
            .ToList();
        questionWords = tokens.Where(t => t.Kind == TokenKind.Word).SelectMany(t => new[] { t.Norm, WordForms.Stem(t.Text) }).ToHashSet(StringComparer.Ordinal);
    }

    public static ReadResult Read(string question, QuestionContext context)
    {
        var reader = new QuestionReader(question, context);
        var plan = reader.Run();
        var problem = reader.problems.Count > 0 ? string.Join("; ", reader.problems.Distinct(StringComparer.Ordinal)) : null;
        return new ReadResult(problem is null ? plan : null, problem, reader.understood.Distinct(StringComparer.Ordinal).ToList(), reader.Prefer);
    }

    /// <summary>Among foreign keys that reach a table equally fast, the one whose column a question word names.</summary>
    private bool Prefer(JoinEdge edge)
    {
        var columns = edge.ManyToOne ? edge.FromColumns : edge.ToColumns;
        var table = edge.ManyToOne ? edge.From : edge.To;
        foreach (var name in columns)
        {
            var words = WordForms.SplitIdentifier(name);
            var target = edge.ManyToOne ? edge.To : edge.From;
            if (words.Any(w => w != "id" && questionWords.Contains(w) && !target.Words.Contains(w) && !table.Words.Contains(w)))
            {
                return true;
            }
        }

        // A table the question names is a better way through than one it does not.
        return mentionedTables.Contains(edge.From) && edge.From != fact;
    }

    private QueryPlan? Run()
    {
        if (tokens.Count == 0)
        {
            problems.Add("the question is empty");
            return null;
        }

        if (Refusal() is { } refusal)
        {
            problems.Add(refusal);
            return null;
        }

        elements = BuildElements();
        Sweep();
        if (problems.Count > 0)
        {
            return null;
        }

        return Resolve();
    }

    private string? Refusal()
    {
        var first = tokens[0].Kind == TokenKind.Word ? tokens[0].Text : "";
        var words = tokens.Where(t => t.Kind == TokenKind.Word).Select(t => t.Text).ToList();
        if (first is "why" || (first == "how" && words.Count > 1 && words[1] == "come"))
        {
            return "the question asks why; a query can show what the data holds, not the reasons behind it";
        }

        if (first is "delete" or "remove" or "update" or "insert" or "add" or "drop" or "create" or "change" or "modify" or "set"
            or "rename" or "truncate" or "grant" or "revoke" or "alter" or "cancel" or "increase" or "decrease" or "fix" or "merge")
        {
            return $"\"{tokens[0].Original}\" asks to change data or the schema; the copilot only writes read-only queries";
        }

        foreach (var word in words)
        {
            switch (word)
            {
                case "predict" or "forecast" or "projection" or "estimate" or "will" or "expected" or "trend" or "likely":
                    return $"\"{word}\" asks about the future or a trend; the engine answers with what the data holds";
                case "should" or "recommend" or "suggest" or "better" or "optimal" or "advice":
                    return $"\"{word}\" asks for advice, which a query cannot give";
                case "next" when words.Contains("month") || words.Contains("year") || words.Contains("week") || words.Contains("quarter"):
                    return "the question asks about a future period";
                case "compare" or "compared" or "versus" or "vs" or "correlation" or "correlate" or "percentage" or "proportion" or "ratio" or "growth" or "increase" or "decrease" or "drop" or "dropped" or "rise" or "change" or "trending":
                    return $"\"{word}\" needs a comparison the rule engine does not build";
                case "median" or "percentile" or "variance" or "deviation" or "stddev":
                    return $"\"{word}\" is a statistic the rule engine does not compute";
            }
        }

        return null;
    }

    // ---- The sweep: give every element a role ------------------------------------------------------------------

    private void Sweep()
    {
        for (var e = 0; e < elements.Count; e++)
        {
            var element = elements[e];
            if (element.Used)
            {
                continue;
            }

            element.Used = true;
            switch (element.Kind)
            {
                case ElementKind.Count:
                    ReadCount(e);
                    break;
                case ElementKind.Aggregate:
                    ReadAggregate(e, element);
                    break;
                case ElementKind.Revenue:
                    revenue = true;
                    aggregate ??= AggregateKind.Sum;
                    break;
                case ElementKind.Superlative:
                    ReadSuperlative(e, element);
                    break;
                case ElementKind.Top:
                    ReadTop(e);
                    break;
                case ElementKind.Group:
                    ReadGroup(e, element);
                    break;
                case ElementKind.OrderBy:
                    ReadOrderBy(e);
                    break;
                case ElementKind.Direction:
                    direction = element.Tag;
                    break;
                case ElementKind.Comparison:
                    ReadComparison(e, element, negated: false);
                    break;
                case ElementKind.Distinct:
                    distinct = true;
                    break;
                case ElementKind.Not:
                    ReadNot(e, element);
                    break;
                case ElementKind.Without:
                    ReadWithout(e, element);
                    break;
                case ElementKind.With:
                    ReadWith(e);
                    break;
                case ElementKind.Named:
                    ReadNamed(e, element, null, negated: false);
                    break;
                case ElementKind.In:
                    ReadPlace(e, negated: false);
                    break;
                case ElementKind.Date:
                    pending.Add(new DatePending(element.Range!, DateHint(e)));
                    break;
                case ElementKind.Period:
                    periodGroups.Add((element.Tag, PeriodHint(e)));
                    break;
                case ElementKind.Number:
                    ReadNumber(e, element);
                    break;
                case ElementKind.Quoted:
                    pending.Add(new NamedPending(element.Text, "=", null, Negated: false));
                    break;
                case ElementKind.Mention:
                    ReadMention(e, element, negated: false);
                    break;
                case ElementKind.Unknown:
                    problems.Add($"did not understand \"{element.Text}\"");
                    break;
                case ElementKind.Conjunction when element.Tag == "or":
                    // "and" between conditions is what every condition does anyway; "or" would be silently lost.
                    problems.Add("did not understand \"or\" between conditions (only between values of one column, as in \"paid or shipped\")");
                    break;
            }
        }
    }

    private int Next(int e, bool skipFiller = true)
    {
        for (var j = e + 1; j < elements.Count; j++)
        {
            if (skipFiller && elements[j].Kind is ElementKind.Filler or ElementKind.Equals && !elements[j].Used)
            {
                continue;
            }

            return j;
        }

        return -1;
    }

    private int Previous(int e)
    {
        for (var j = e - 1; j >= 0; j--)
        {
            if (elements[j].Kind is ElementKind.Filler or ElementKind.Equals or ElementKind.With)
            {
                continue;
            }

            return j;
        }

        return -1;
    }

    /// <summary>The element at or before <paramref name="j"/> skipping filler and "is", not other keywords.</summary>
    private int Adjacent(int j)
    {
        while (j >= 0 && elements[j].Kind is ElementKind.Filler or ElementKind.Equals)
        {
            j--;
        }

        return j;
    }

    private Element? At(int j) => j >= 0 && j < elements.Count ? elements[j] : null;

    private Element? Take(int j, ElementKind kind)
    {
        if (At(j) is { } element && element.Kind == kind && !element.Used)
        {
            element.Used = true;
            return element;
        }

        return null;
    }

    private void ReadCount(int e)
    {
        countRequested = true;
        var j = Next(e);
        if (Take(j, ElementKind.Distinct) is not null)
        {
            countDistinct = true;
            j = Next(j);
        }

        // "how many shipped orders": values before the counted thing are filters.
        for (var guard = 0; guard < 4 && At(j) is { } next && !next.Used; guard++)
        {
            if (next.Kind == ElementKind.Mention && next.Mention!.IsState && !IsNameMatch(next.Mention))
            {
                ReadMention(j, next, negated: false);
                next.Used = true;
                j = Next(j);
                continue;
            }

            if (next.Kind == ElementKind.Superlative || next.Kind == ElementKind.Date)
            {
                return;
            }

            if (next.Kind == ElementKind.Mention && (next.Mention!.HasTables || next.Mention.HasColumns || next.Mention.Term is not null))
            {
                next.Used = true;
                countTarget = next;
            }

            return;
        }
    }

    private void ReadAggregate(int e, Element element)
    {
        var kind = element.Tag switch
        {
            "sum" => AggregateKind.Sum,
            "average" => AggregateKind.Average,
            "min" => AggregateKind.Min,
            _ => AggregateKind.Max,
        };
        var j = Next(e);
        var next = At(j);
        if (next is { Kind: ElementKind.Revenue, Used: false })
        {
            next.Used = true;
            revenue = true;
            aggregate = kind;
            return;
        }

        if (next is { Kind: ElementKind.Count, Used: false } && kind == AggregateKind.Sum)
        {
            return;
        }

        // "the average number of units": the average of the units.
        if (next is { Kind: ElementKind.Count, Used: false } && At(Next(j)) is { Kind: ElementKind.Mention, Used: false } counted
            && counted.Mention!.HasColumns && !IsTableNoun(counted.Mention))
        {
            next.Used = true;
            counted.Used = true;
            aggregate = kind;
            aggregateTarget = counted;
            return;
        }

        if (next is { Kind: ElementKind.Mention, Used: false } && (next.Mention!.HasColumns || next.Mention.Term?.Column is not null))
        {
            next.Used = true;
            aggregate = kind;
            aggregateTarget = next;
            return;
        }

        // "total orders": a count of rows; "sum of payments": the sum of the table's amount.
        if (next is { Kind: ElementKind.Mention, Used: false } && next.Mention!.HasTables && kind == AggregateKind.Sum)
        {
            next.Used = true;
            if (element.Text.StartsWith("total", StringComparison.Ordinal))
            {
                countRequested = true;
                countTarget = next;
            }
            else
            {
                aggregate = kind;
                aggregateTable = next;
            }

            return;
        }

        aggregate = kind;
    }

    private void ReadSuperlative(int e, Element element)
    {
        var previous = At(e - 1);
        // "the product with the highest price" ranks products; "what is the highest price" is a maximum.
        var afterWith = previous is { Kind: ElementKind.With } || (previous is { Kind: ElementKind.Filler } && At(e - 2) is { Kind: ElementKind.With });
        var j = Next(e);
        if (Take(j, ElementKind.Number) is { } number)
        {
            limit = Limit(number);
            j = Next(j);
        }
        else if (At(Previous(e)) is { Kind: ElementKind.Number, Used: false } before)
        {
            before.Used = true;
            limit = Limit(before);
        }

        var next = At(j);
        if (element.Tag is "most" or "fewest")
        {
            // "the customer with the most orders"; "most orders" after a grouping.
            if (next is { Kind: ElementKind.Mention, Used: false } && next.Mention!.HasTables && !next.Mention.HasColumns)
            {
                next.Used = true;
                superlative = element.Tag;
                superlativeTarget = next;
                superlativeOnGroup = true;
                limit ??= 1;
                return;
            }

            if (next is { Kind: ElementKind.Revenue, Used: false })
            {
                next.Used = true;
                revenue = true;
                aggregate ??= AggregateKind.Sum;
                superlative = element.Tag == "most" ? "measure-desc" : "measure-asc";
                orderByAggregate = true;
                limit ??= 1;
                return;
            }

            problems.Add($"did not understand \"{element.Text}\" without something to count after it");
            return;
        }

        if (next is { Kind: ElementKind.Revenue, Used: false })
        {
            next.Used = true;
            revenue = true;
            aggregate ??= AggregateKind.Sum;
            superlative = element.Tag;
            orderByAggregate = true;
            limit ??= afterWith ? 1 : null;
            return;
        }

        // "the highest price" (not "the product with the highest price") is a MAX.
        if (!afterWith && limit is null && next is { Kind: ElementKind.Mention, Used: false } && next.Mention!.HasColumns && !next.Mention.HasTables
            && element.Tag is "measure-desc" or "measure-asc" or "date-desc" or "date-asc")
        {
            next.Used = true;
            aggregate = element.Tag.EndsWith("desc", StringComparison.Ordinal) ? AggregateKind.Max : AggregateKind.Min;
            aggregateTarget = next;
            return;
        }

        superlative = element.Tag;
        if (next is { Kind: ElementKind.Mention, Used: false } && next.Mention!.HasColumns && !IsNameMatch(next.Mention))
        {
            next.Used = true;
            superlativeTarget = next;
        }

        if (afterWith)
        {
            limit ??= 1;
        }
        else if (limit is null && next is { Kind: ElementKind.Mention } subject && IsSingular(subject))
        {
            limit = 1;
        }
    }

    private void ReadTop(int e)
    {
        topRequested = true;
        var j = Next(e);
        if (Take(j, ElementKind.Number) is { } number)
        {
            limit = Limit(number);
        }
        else
        {
            limit = 1;
        }
    }

    private void ReadGroup(int e, Element element)
    {
        var j = Next(e);
        var next = At(j);
        if (next is null || next.Used)
        {
            // "by" with nothing after it carries no meaning.
            return;
        }

        // After "top 5 customers", "by" says what ranks them.
        if ((topRequested || superlative is not null || limit is not null) && element.Text == "by")
        {
            ReadOrderTarget(j);
            return;
        }

        switch (next.Kind)
        {
            case ElementKind.Period:
                next.Used = true;
                periodGroups.Add((next.Tag, PeriodHint(e)));
                return;
            case ElementKind.Mention when next.Mention!.Values.Count > 0 && !next.Mention.HasTables && !next.Mention.HasColumns:
                // "payments by card": a value, not a grouping.
                return;
            case ElementKind.Mention when next.Mention!.Country is not null && !next.Mention.HasTables && !next.Mention.HasColumns:
                return;
            case ElementKind.Mention:
                next.Used = true;
                if (At(Next(j)) is { Kind: ElementKind.Number, Used: false } id)
                {
                    // "orders by customer 5", "handled by sales rep 12": a condition, not a grouping.
                    id.Used = true;
                    if (next.Mention!.HasTables && (IsNameMatch(next.Mention) || !next.Mention.HasColumns))
                    {
                        pending.Add(new IdPending(next, id.Number));
                    }
                    else
                    {
                        pending.Add(new ColumnPending(next, "=", [Literal.Of(id.Number)]));
                    }

                    return;
                }

                groupMentions.Add(next);
                return;
            case ElementKind.Date:
                return;
        }
    }

    private void ReadOrderBy(int e) => ReadOrderTarget(Next(e));

    private void ReadOrderTarget(int j)
    {
        var next = At(j);
        if (next is null || next.Used)
        {
            return;
        }

        switch (next.Kind)
        {
            case ElementKind.Revenue:
                next.Used = true;
                revenue = true;
                aggregate ??= AggregateKind.Sum;
                orderByAggregate = true;
                return;
            case ElementKind.Aggregate:
                next.Used = true;
                ReadAggregate(j, next);
                orderByAggregate = true;
                return;
            case ElementKind.Count:
                next.Used = true;
                var k = Next(j);
                if (At(k) is { Kind: ElementKind.Mention, Used: false } counted && counted.Mention!.HasTables)
                {
                    counted.Used = true;
                    superlative = "most";
                    superlativeTarget = counted;
                    superlativeOnGroup = true;
                }

                return;
            case ElementKind.Mention when next.Mention!.HasTables && !next.Mention.HasColumns:
                // "top 5 customers by orders": by how many orders they have.
                next.Used = true;
                superlative = "most";
                superlativeTarget = next;
                superlativeOnGroup = true;
                return;
            case ElementKind.Mention:
                next.Used = true;
                orderTarget = next;
                return;
            case ElementKind.Superlative:
                return;
        }
    }

    private void ReadComparison(int e, Element element, bool negated)
    {
        var op = element.Tag;
        if (op.EndsWith("after", StringComparison.Ordinal))
        {
            // "5 or more orders", "rating 4 or above".
            op = op[..^"after".Length];
            var before = At(Previous(e));
            if (before is not { Kind: ElementKind.Number })
            {
                problems.Add($"did not understand \"{element.Text}\" without a number before it");
                return;
            }

            before.Used = true;
            RemoveNumberFilter(before);
            var after = At(Next(e));
            if (after is { Kind: ElementKind.Mention, Used: false } related && IsTableNoun(related.Mention!))
            {
                related.Used = true;
                pending.Add(new RelatedPending(related, true, op, before.Number));
                return;
            }

            pending.Add(new ComparePending(ColumnBefore(Adjacent(Previous(e))), op, [before.Number], null, element.Text));
            return;
        }

        var j = Next(e);
        var number = Take(j, ElementKind.Number);
        if (number is null)
        {
            problems.Add($"did not understand \"{element.Text}\" without a number after it");
            return;
        }

        var values = new List<decimal> { number.Number };
        if (op == "between")
        {
            var and = Next(j);
            if (At(and) is not { Kind: ElementKind.Conjunction, Tag: "and" } || Take(Next(and), ElementKind.Number) is not { } upper)
            {
                problems.Add("did not understand \"between\" without two numbers");
                return;
            }

            At(and)!.Used = true;
            values.Add(upper.Number);
            j = Next(Next(and));
        }
        else
        {
            j = Next(j);
        }

        if (negated)
        {
            op = op switch { ">" => "<=", ">=" => "<", "<" => ">=", "<=" => ">", "=" => "<>", "<>" => "=", _ => op };
        }

        if (At(j) is { Kind: ElementKind.Mention, Used: false } counted && IsTableNoun(counted.Mention!) && op != "between")
        {
            counted.Used = true;
            pending.Add(new RelatedPending(counted, true, op, values[0]));
            return;
        }

        var implied = op.StartsWith("price", StringComparison.Ordinal) ? "price" : null;
        if (implied is not null)
        {
            op = op[5..];
        }

        var column = implied is null ? ColumnBefore(Adjacent(e - 1)) : null;
        // "more than 50 percent off": the column named after the number.
        if (column is null && implied is null && At(j) is { Kind: ElementKind.Mention, Used: false } unit && unit.Mention!.HasColumns && !unit.Mention.HasTables)
        {
            unit.Used = true;
            column = unit;
        }

        pending.Add(new ComparePending(column, op, values, implied, element.Text));
    }

    private void RemoveNumberFilter(Element number) => pending.RemoveAll(p => p is NumberPending n && n.Number == number);

    /// <summary>The column named just before a comparison ("quantity over 10", "whose total is above 100").</summary>
    private Element? ColumnBefore(int j)
    {
        if (At(j) is { Kind: ElementKind.Mention } column && column.Mention!.HasColumns && (!column.Mention.HasTables || column.Mention.ExactColumns.Count > 0))
        {
            projections.Remove(column);
            subjects.Remove(column);
            column.Used = true;
            return column;
        }

        return null;
    }

    private void ReadNot(int e, Element element)
    {
        var j = Next(e);
        var next = At(j);
        if (next is null || next.Used)
        {
            problems.Add($"did not understand \"{element.Text}\" at the end");
            return;
        }

        next.Used = true;
        switch (next.Kind)
        {
            case ElementKind.Mention:
                ReadMention(j, next, negated: true);
                return;
            case ElementKind.Comparison:
                ReadComparison(j, next, negated: true);
                return;
            case ElementKind.In:
                ReadPlace(j, negated: true);
                return;
            case ElementKind.Named:
                ReadNamed(j, next, null, negated: true);
                return;
            case ElementKind.With:
                ReadWithout(j, next);
                return;
            case ElementKind.Quoted:
                pending.Add(new NamedPending(next.Text, "=", null, Negated: true));
                return;
            default:
                problems.Add($"did not understand \"{element.Text} {next.Text}\"");
                return;
        }
    }

    private void ReadWithout(int e, Element element)
    {
        var j = Next(e);
        if (At(j) is not { Kind: ElementKind.Mention, Used: false } next)
        {
            problems.Add($"did not understand \"{element.Text}\" without a table or column after it");
            return;
        }

        next.Used = true;
        if (next.Mention!.HasTables && (!next.Mention.HasColumns || next.Mention.Tables.Exists(t => t.Match == TableMatch.Name)
            || tokens[next.Start].Text.EndsWith("ed", StringComparison.Ordinal)))
        {
            pending.Add(new RelatedPending(next, false, null, 0));
        }
        else if (next.Mention.HasColumns)
        {
            pending.Add(new NullPending(next, true));
        }
        else
        {
            problems.Add($"did not understand \"{element.Text} {next.Text}\"");
        }
    }

    private void ReadWith(int e)
    {
        var j = Next(e);
        var next = At(j);
        // "products with an average rating above 4": a condition on an aggregate of related rows.
        if (next is { Kind: ElementKind.Aggregate, Used: false } && At(Next(j)) is { Kind: ElementKind.Mention, Used: false } measured
            && measured.Mention!.HasColumns && At(Next(Next(j))) is { Kind: ElementKind.Comparison, Used: false } comparison
            && comparison.Tag is ">" or ">=" or "<" or "<=" or "=" && At(Next(Next(Next(j)))) is { Kind: ElementKind.Number, Used: false } bound)
        {
            next.Used = measured.Used = comparison.Used = bound.Used = true;
            var kind = next.Tag switch { "sum" => AggregateKind.Sum, "average" => AggregateKind.Average, "min" => AggregateKind.Min, _ => AggregateKind.Max };
            pending.Add(new HavingPending(kind, measured, comparison.Tag, bound.Number));
            return;
        }

        if (next is not { Kind: ElementKind.Mention, Used: false })
        {
            return;
        }

        var mention = next.Mention!;
        // "with orders": rows that have related rows.
        if (mention.HasTables && !mention.HasColumns && mention.Values.Count == 0 && mention.Country is null)
        {
            var after = At(Next(j));
            if (after is { Kind: ElementKind.Number or ElementKind.Comparison or ElementKind.Quoted or ElementKind.Date or ElementKind.Named })
            {
                return;
            }

            next.Used = true;
            pending.Add(new RelatedPending(next, true, null, 0));
            return;
        }

        // "with a phone": the column is set.
        if (mention.HasColumns && mention.Values.Count == 0 && At(j - 1) is { } article
            && (article.Text is "a" or "an" || elements[e].Text.EndsWith(" a", StringComparison.Ordinal) || elements[e].Text.EndsWith(" an", StringComparison.Ordinal)))
        {
            var after = At(Next(j));
            if (after is null || after.Kind is ElementKind.Conjunction or ElementKind.Filler or ElementKind.Date or ElementKind.Group or ElementKind.OrderBy)
            {
                next.Used = true;
                pending.Add(new NullPending(next, false));
            }
        }
    }

    private void ReadNamed(int e, Element element, Element? column, bool negated)
    {
        var j = Next(e, skipFiller: false);
        var next = At(j);
        if (next is { Kind: ElementKind.Quoted, Used: false })
        {
            next.Used = true;
            pending.Add(new NamedPending(next.Text, element.Tag, column ?? NamedColumnBefore(e), negated));
            return;
        }

        // Unquoted names: the capitalised words that follow ("named Ada Lovelace").
        var words = new List<string>();
        while (At(j) is { } word && !word.Used && tokens[word.Start].Capitalized && word.Kind is ElementKind.Unknown or ElementKind.Mention or ElementKind.Filler)
        {
            word.Used = true;
            words.Add(word.Text);
            j = Next(j, skipFiller: false);
        }

        if (words.Count == 0)
        {
            problems.Add($"did not understand what \"{element.Text}\" refers to (put the name in quotes)");
            return;
        }

        pending.Add(new NamedPending(string.Join(' ', words), element.Tag, column ?? NamedColumnBefore(e), negated));
    }

    private Element? NamedColumnBefore(int e)
    {
        var before = At(Previous(e));
        if (before is { Kind: ElementKind.Mention } column && column.Mention!.HasColumns && !column.Mention.HasTables)
        {
            projections.Remove(column);
            column.Used = true;
            return column;
        }

        return null;
    }

    private void ReadPlace(int e, bool negated)
    {
        var j = Next(e, skipFiller: false);
        if (At(j) is { Kind: ElementKind.Filler, Text: "the" })
        {
            j = Next(j, skipFiller: false);
        }

        var next = At(j);
        if (next is null || next.Used)
        {
            return;
        }

        if (next.Kind == ElementKind.Mention && next.Mention!.Country is { } country)
        {
            next.Used = true;
            var place = new PlacePending(country.Name, country, negated);
            // "from Brazil or Japan": one condition with both.
            while (At(Next(j)) is { Kind: ElementKind.Conjunction } conjunction && At(Next(Next(j))) is { Kind: ElementKind.Mention, Used: false } other
                && other.Mention!.Country is { } more)
            {
                conjunction.Used = other.Used = true;
                place.More.Add(more);
                j = Next(Next(j));
            }

            pending.Add(place);
            return;
        }

        if (next.Kind == ElementKind.Quoted)
        {
            next.Used = true;
            pending.Add(new PlacePending(next.Text, null, negated));
            return;
        }

        // A capitalised name the schema does not know: a city ("in Berlin", "from New York").
        var words = new List<string>();
        while (At(j) is { } word && !word.Used && tokens[word.Start].Capitalized && word.Kind is ElementKind.Unknown or ElementKind.Mention)
        {
            if (word.Kind == ElementKind.Mention && (word.Mention!.HasTables || word.Mention.Values.Count > 0))
            {
                break;
            }

            word.Used = true;
            words.Add(word.Text);
            j = Next(j, skipFiller: false);
        }

        if (words.Count > 0)
        {
            pending.Add(new PlacePending(string.Join(' ', words), null, negated));
        }
    }

    private void ReadNumber(int e, Element element)
    {
        var before = At(Previous(e));
        var after = At(Next(e));
        // "order 42", "customer #5", "orders of customer 7"
        if (before is { Kind: ElementKind.Mention } table && table.Mention!.HasTables && !table.Mention.HasColumns && element.Number == Math.Floor(element.Number))
        {
            table.Used = true;
            subjects.Remove(table);
            pending.Add(new IdPending(table, element.Number));
            return;
        }

        // "rating 5", "line number 3"
        if (before is { Kind: ElementKind.Mention } column && column.Mention!.HasColumns)
        {
            column.Used = true;
            projections.Remove(column);
            subjects.Remove(column);
            pending.Add(new ColumnPending(column, "=", [Literal.Of(element.Number)]));
            return;
        }

        // "5 star reviews", "3 orders" (a number right before what it counts is a limit: "5 customers").
        if (after is { Kind: ElementKind.Mention, Used: false } next && next.Mention!.HasColumns && !next.Mention.HasTables)
        {
            next.Used = true;
            pending.Add(new ColumnPending(next, "=", [Literal.Of(element.Number)]));
            return;
        }

        if (after is { Kind: ElementKind.Mention or ElementKind.Superlative } counted && (counted.Kind == ElementKind.Superlative || counted.Mention!.HasTables)
            && element.Number == Math.Floor(element.Number) && element.Number > 0)
        {
            limit ??= Limit(element);
            return;
        }

        pending.Add(new NumberPending(element));
        problems.Add($"did not understand what the number {element.Text} refers to");
    }

    private void ReadMention(int e, Element element, bool negated)
    {
        var mention = element.Mention!;
        if (mention.Term is { } term)
        {
            if (term.Column is not null)
            {
                projections.Add(element);
            }
            else
            {
                subjects.Add(element);
            }

            return;
        }

        // Allowed values: "shipped orders", "paid or shipped", "not cancelled", "active products".
        if (mention.IsState && !IsNameMatch(mention))
        {
            // "delivered in 2024": the verb names a date column, it is not the status value.
            if (At(e + 1) is { Kind: ElementKind.Date } && tokens[element.Start].Text.EndsWith("ed", StringComparison.Ordinal)
                && lexicon.ColumnsWithStem(WordForms.Stem(tokens[element.Start].Text)).Any(c => c.Kind == ValueKind.Date))
            {
                return;
            }

            var values = new List<Mention> { mention };
            var j = Next(e);
            while (At(j) is { Kind: ElementKind.Conjunction } conjunction && At(Next(j)) is { Kind: ElementKind.Mention, Used: false } other
                && other.Mention!.Values.Count > 0 && other.Mention.Values.Exists(v => mention.Values.Exists(m => m.Column == v.Column)))
            {
                conjunction.Used = true;
                other.Used = true;
                values.Add(other.Mention);
                j = Next(Next(j));
            }

            pending.Add(new ValuePending(values, negated, string.Join(" or ", values.Select(v => v.Phrase))));
            return;
        }

        if (mention.Country is { } country && !mention.HasTables && !mention.HasColumns)
        {
            pending.Add(new PlacePending(country.Name, country, negated));
            return;
        }

        if (mention.HasColumns && (!mention.HasTables || mention.ExactColumns.Count > 0 || mention.Tables.TrueForAll(t => t.Match == TableMatch.Comment)))
        {
            if (ReadColumnValue(e, element, negated))
            {
                return;
            }

            if (negated)
            {
                // "loans not returned": a date of the event that is still empty.
                if (mention.AllColumns.Where(c => c.Kind == ValueKind.Date && c.Column.IsNullable).ToList() is { Count: > 0 }
                    && tokens[element.Start].Text.EndsWith("ed", StringComparison.Ordinal))
                {
                    pending.Add(new NullPending(element, true));
                    return;
                }

                problems.Add($"did not understand \"not {element.Text}\"");
                return;
            }

            projections.Add(element);
            return;
        }

        if (mention.HasTables)
        {
            if (negated)
            {
                pending.Add(new RelatedPending(element, false, null, 0));
                return;
            }

            subjects.Add(element);
            return;
        }

        problems.Add($"did not understand \"{element.Text}\"");
    }

    /// <summary>"status shipped", "status is 'paid'", "email = 'a@b.c'", "city Paris", "name containing 'x'".</summary>
    private bool ReadColumnValue(int e, Element column, bool negated)
    {
        var j = e + 1;
        while (At(j) is { Kind: ElementKind.Equals or ElementKind.Filler } skip && !skip.Used)
        {
            j++;
        }

        var next = At(j);
        if (next is null || next.Used)
        {
            return false;
        }

        var isNot = false;
        if (next.Kind == ElementKind.Not)
        {
            isNot = true;
            j = Next(j);
            next = At(j);
            if (next is null || next.Used)
            {
                return false;
            }
        }

        switch (next.Kind)
        {
            case ElementKind.Quoted:
                next.Used = true;
                if (isNot)
                {
                    At(j - 1)!.Used = true;
                }

                pending.Add(new ColumnPending(column, negated ^ isNot ? "<>" : "=", [Literal.Of(next.Text)]));
                return true;
            case ElementKind.Number when column.Mention!.AllColumns.Any(c => c.Kind is ValueKind.Number or ValueKind.Text):
                next.Used = true;
                pending.Add(new ColumnPending(column, negated ^ isNot ? "<>" : "=", [Literal.Of(next.Number)]));
                return true;
            case ElementKind.Mention when next.Mention!.Values.Exists(v => column.Mention!.AllColumns.Contains(v.Column)):
                var columns = column.Mention!.AllColumns.ToHashSet();
                var values = new List<Mention> { next.Mention };
                next.Used = true;
                var k = Next(j);
                while (At(k) is { Kind: ElementKind.Conjunction } conjunction && At(Next(k)) is { Kind: ElementKind.Mention, Used: false } other && other.Mention!.Values.Count > 0)
                {
                    conjunction.Used = true;
                    other.Used = true;
                    values.Add(other.Mention);
                    k = Next(Next(k));
                }

                if (isNot)
                {
                    At(e + 1)!.Used = true;
                }

                pending.Add(new ValuePending(values, negated ^ isNot, string.Join(" or ", values.Select(v => v.Phrase)), columns));
                return true;
            case ElementKind.Named:
                next.Used = true;
                ReadNamed(j, next, column, negated ^ isNot);
                return true;
            case ElementKind.Unknown when tokens[next.Start].Capitalized:
                // "city Berlin"
                var words = new List<string>();
                while (At(j) is { Kind: ElementKind.Unknown } word && !word.Used && tokens[word.Start].Capitalized)
                {
                    word.Used = true;
                    words.Add(word.Text);
                    j++;
                }

                pending.Add(new ColumnPending(column, negated ^ isNot ? "<>" : "=", [Literal.Of(string.Join(' ', words))]));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Largest "top N" read; beyond it the number is refused rather than passed to the database.</summary>
    private const int MaxLimit = 100_000;

    private int? Limit(Element number)
    {
        if (number.Number is < 1 or > MaxLimit || number.Number != Math.Floor(number.Number))
        {
            problems.Add($"did not understand {number.Text} as a number of rows (a whole number from 1 to {MaxLimit})");
            return null;
        }

        return (int)number.Number;
    }

    private static bool IsNameMatch(Mention mention) => mention.Tables.Exists(t => t.Match == TableMatch.Name);

    /// <summary>A phrase that names tables rather than columns ("orders", "lines" for order_lines and shipment_lines).</summary>
    private static bool IsTableNoun(Mention mention) =>
        mention.HasTables && (!mention.HasColumns || mention.Tables.Exists(t => t.Match >= TableMatch.Head)) && mention.ExactColumns.Count == 0;

    private bool IsSingular(Element element)
    {
        var token = tokens[element.Start + element.Length - 1];
        return token.Kind == TokenKind.Word && WordForms.Singular(token.Text) == token.Text && !token.Text.EndsWith("data", StringComparison.Ordinal);
    }

    /// <summary>The word before a date phrase, when it can name a date column ("hired", "shipped", "created").</summary>
    private Element? DateHint(int e)
    {
        for (var j = e - 1; j >= 0 && j >= e - 3; j--)
        {
            var element = elements[j];
            if (element.Kind is ElementKind.Filler or ElementKind.Equals or ElementKind.With)
            {
                if (StemHint(element) is { } filler)
                {
                    return filler;
                }

                continue;
            }

            return element.Kind is ElementKind.Mention or ElementKind.Unknown ? element : null;
        }

        return null;
    }

    private Element? StemHint(Element element)
    {
        var stem = WordForms.MeansCreated(element.Text) ? "creat" : WordForms.Stem(element.Text);
        return stem.Length > 2 && lexicon.ColumnsWithStem(stem).Any(c => c.Kind == ValueKind.Date) ? element : null;
    }

    private Element? PeriodHint(int e)
    {
        var j = e - 1;
        while (At(j) is { Kind: ElementKind.Filler or ElementKind.Group } skip && !(skip.Kind == ElementKind.Filler && StemHint(skip) is not null))
        {
            j--;
        }

        return At(j) is { Kind: ElementKind.Mention or ElementKind.Filler or ElementKind.Unknown } hint ? hint : null;
    }

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
