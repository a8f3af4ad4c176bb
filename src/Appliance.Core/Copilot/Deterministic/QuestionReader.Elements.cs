namespace Appliance.Core.Copilot.Deterministic;

/// <summary>First stage of reading: the question's tokens grouped into keywords, dates, numbers and schema mentions.</summary>
internal sealed partial class QuestionReader
{
    private static readonly (string[] Words, ElementKind Kind, string Tag)[] Keywords = BuildKeywords();

    private static (string[], ElementKind, string)[] BuildKeywords()
    {
        var list = new List<(string[], ElementKind, string)>();
        void Add(ElementKind kind, string tag, params string[] phrases)
        {
            foreach (var phrase in phrases)
            {
                list.Add((phrase.Split(' '), kind, tag));
            }
        }

        Add(ElementKind.Count, "", "how many", "number of", "count of", "total number of", "the number of", "count", "counts", "total count of", "tally of");
        Add(ElementKind.Aggregate, "sum", "sum of", "sum", "total", "how much", "combined", "summed");
        Add(ElementKind.Aggregate, "average", "average", "avg", "mean", "on average", "typical");
        Add(ElementKind.Aggregate, "min", "minimum", "min");
        Add(ElementKind.Aggregate, "max", "maximum", "max");
        Add(ElementKind.Revenue, "", "revenue", "revenues", "sales", "turnover", "income", "earnings", "sales volume");
        Add(ElementKind.Superlative, "price-desc", "most expensive", "priciest", "costliest", "dearest");
        Add(ElementKind.Superlative, "price-asc", "cheapest", "least expensive", "cheaper ones");
        Add(ElementKind.Superlative, "date-desc", "latest", "newest", "most recent", "most recently", "recent", "youngest", "last");
        Add(ElementKind.Superlative, "date-asc", "oldest", "earliest", "first");
        Add(ElementKind.Superlative, "measure-desc", "largest", "biggest", "highest", "greatest");
        Add(ElementKind.Superlative, "measure-asc", "smallest", "lowest");
        Add(ElementKind.Superlative, "most", "most");
        Add(ElementKind.Superlative, "fewest", "fewest", "least");
        Add(ElementKind.Top, "desc", "top");
        Add(ElementKind.Top, "asc", "bottom");
        Add(ElementKind.Group, "", "per", "by", "for each", "for every", "each", "every", "grouped by", "group by", "broken down by",
            "breakdown by", "split by", "in each", "across", "by each", "for all", "broken out by", "by every");
        Add(ElementKind.OrderBy, "", "sorted by", "sort by", "ordered by", "order by", "ranked by", "rank by", "sorted on");
        Add(ElementKind.Direction, "asc", "ascending", "asc", "in ascending order", "lowest first", "smallest first", "from lowest to highest",
            "oldest first", "cheapest first", "low to high", "from low to high");
        Add(ElementKind.Direction, "desc", "descending", "desc", "in descending order", "highest first", "largest first", "biggest first",
            "from highest to lowest", "newest first", "latest first", "most recent first", "high to low", "from high to low");
        Add(ElementKind.Direction, "alpha", "alphabetically", "alphabetical", "in alphabetical order", "a to z", "by name");
        Add(ElementKind.Comparison, ">", "more than", "greater than", "over", "above", "exceeding", "exceeds", "higher than", "larger than",
            "bigger than", "in excess of", ">");
        Add(ElementKind.Comparison, ">=", "at least", "no less than", "minimum of", "not less than", ">=");
        Add(ElementKind.Comparison, ">=after", "or more", "or above", "or higher", "and above", "and up", "or over");
        Add(ElementKind.Comparison, "<", "less than", "fewer than", "under", "below", "lower than", "smaller than", "<");
        Add(ElementKind.Comparison, "<=", "at most", "no more than", "up to", "maximum of", "not more than", "<=");
        Add(ElementKind.Comparison, "<=after", "or less", "or fewer", "or below", "or lower", "and below", "and under");
        Add(ElementKind.Comparison, "=", "equal to", "equals", "exactly", "=");
        Add(ElementKind.Comparison, "<>", "<>", "not equal to", "different from");
        Add(ElementKind.Comparison, "between", "between");
        Add(ElementKind.Comparison, "price<", "cheaper than", "less expensive than");
        Add(ElementKind.Comparison, "price>", "more expensive than", "pricier than", "costlier than");
        Add(ElementKind.Distinct, "", "distinct", "unique", "different", "various");
        Add(ElementKind.Not, "", "not", "except", "excluding", "excluded", "other than", "non", "isn't", "aren't", "wasn't", "weren't",
            "doesn't", "don't", "didn't", "apart from", "besides");
        Add(ElementKind.Without, "", "without", "with no", "with zero", "have no", "has no", "having no", "never", "no", "lacking", "missing", "without any",
            "that have no", "who have no", "with no associated");
        Add(ElementKind.With, "", "with", "having", "that have", "who have", "which have", "that has", "who has", "which has", "that had", "have a", "has a", "have an", "has an",
            "who had", "with a", "with an", "with any", "whose", "where");
        Add(ElementKind.Named, "=", "named", "called", "titled", "name is", "named exactly");
        Add(ElementKind.Named, "contains", "containing", "contains", "that contain", "like", "including the text", "mentioning");
        Add(ElementKind.Named, "starts", "starting with", "starts with", "beginning with", "begins with", "that start with");
        Add(ElementKind.Named, "ends", "ending with", "ends with", "that end with");
        Add(ElementKind.In, "", "in", "from", "based in", "located in", "living in", "who live in", "that are in", "shipped to", "sent to", "to");
        Add(ElementKind.Conjunction, "and", "and", "as well as", "plus", "&");
        Add(ElementKind.Conjunction, "or", "or", "either");
        Add(ElementKind.Equals, "", "is", "are", "was", "were", "equal", "set to");
        return [.. list.OrderByDescending(k => k.Item1.Length)];
    }

    private static readonly Dictionary<string, string> PeriodWords = new(StringComparer.Ordinal)
    {
        ["day"] = "day", ["days"] = "day", ["daily"] = "day", ["date"] = "day",
        ["week"] = "week", ["weeks"] = "week", ["weekly"] = "week",
        ["month"] = "month", ["months"] = "month", ["monthly"] = "month",
        ["quarter"] = "quarter", ["quarters"] = "quarter", ["quarterly"] = "quarter",
        ["year"] = "year", ["years"] = "year", ["yearly"] = "year", ["annually"] = "year", ["annual"] = "year",
    };

    private List<Element> BuildElements()
    {
        var elements = new List<Element>();
        var i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            if (DatePhrases.Match(tokens, i, context.Today) is { } date && !IsBareYearAfterComparison(i))
            {
                elements.Add(new Element { Kind = ElementKind.Date, Start = i, Length = date.Length, Text = Span(i, date.Length), Range = date.Range });
                i += date.Length;
                continue;
            }

            switch (token.Kind)
            {
                case TokenKind.Number:
                    elements.Add(new Element { Kind = ElementKind.Number, Start = i, Length = 1, Text = token.Original, Number = token.Number });
                    i++;
                    continue;
                case TokenKind.Quoted:
                    elements.Add(new Element { Kind = ElementKind.Quoted, Start = i, Length = 1, Text = token.Text });
                    i++;
                    continue;
                case TokenKind.Symbol:
                    elements.Add(new Element { Kind = ElementKind.Comparison, Start = i, Length = 1, Text = token.Text, Tag = token.Text });
                    i++;
                    continue;
                case TokenKind.Date:
                    elements.Add(new Element { Kind = ElementKind.Unknown, Start = i, Length = 1, Text = token.Original });
                    i++;
                    continue;
            }

            // Period words after a grouping word, or on their own ("monthly").
            if (PeriodWords.TryGetValue(token.Text, out var period)
                && (token.Text.EndsWith("ly", StringComparison.Ordinal) || token.Text == "annual"
                    || (elements.Count > 0 && elements[^1].Kind == ElementKind.Group)))
            {
                elements.Add(new Element { Kind = ElementKind.Period, Start = i, Length = 1, Text = token.Original, Tag = period });
                i++;
                continue;
            }

            var keyword = MatchKeyword(i);
            var mention = MatchMention(i, elements);
            if (keyword is { } k && KeywordWins(i, k, mention))
            {
                elements.Add(new Element { Kind = k.Kind, Start = i, Length = k.Length, Text = Span(i, k.Length), Tag = k.Tag });
                i += k.Length;
                continue;
            }

            if (mention is { } m)
            {
                elements.Add(new Element { Kind = ElementKind.Mention, Start = i, Length = m.Length, Text = Span(i, m.Length), Mention = m.Mention });
                i += m.Length;
                continue;
            }

            var kind = WordForms.IsStopWord(token.Text) || WordForms.IsStopWord(token.Norm) ? ElementKind.Filler : ElementKind.Unknown;
            elements.Add(new Element { Kind = kind, Start = i, Length = 1, Text = token.Original });
            i++;
        }

        return MergeQualifiedColumns(elements);
    }

    /// <summary>"over 2024" is a number to compare with, not the year.</summary>
    private bool IsBareYearAfterComparison(int i) =>
        tokens[i].Kind == TokenKind.Number && i > 0 && tokens[i - 1].Kind == TokenKind.Word
        && tokens[i - 1].Text is "over" or "above" or "under" or "below" or "than" or "least" or "most" or "top" or "first" or "last";

    private (ElementKind Kind, string Tag, int Length)? MatchKeyword(int at)
    {
        foreach (var (words, kind, tag) in Keywords)
        {
            if (at + words.Length > tokens.Count)
            {
                continue;
            }

            var all = true;
            for (var j = 0; j < words.Length && all; j++)
            {
                var token = tokens[at + j];
                all = (token.Kind is TokenKind.Word or TokenKind.Symbol) && token.Text == words[j];
            }

            if (all)
            {
                return (kind, tag, words.Length);
            }
        }

        return null;
    }

    /// <summary>
    /// Where words are both a keyword and a name in the schema: the longer reading wins, except in the places below
    /// ("total amount" after "what is the" is a sum of an amount, after "with" it is the column).
    /// </summary>
    private bool KeywordWins(int at, (ElementKind Kind, string Tag, int Length) keyword, (Mention Mention, int Length)? mention)
    {
        if (mention is not { } m)
        {
            return true;
        }

        if (keyword.Length < m.Length)
        {
            return keyword.Kind == ElementKind.Aggregate && tokens[at].Text is "total" or "sum" && !ColumnContext(at);
        }

        return !PreferMention(at, keyword, m);
    }

    /// <summary>A word before "total …" that makes it a column name rather than a sum.</summary>
    private bool ColumnContext(int at)
    {
        var before = at - 1;
        while (before >= 0 && tokens[before].Text is "a" or "an" or "the")
        {
            before--;
        }

        return before >= 0 && (tokens[before].Text is "with" or "whose" or "where" or "by" or "and" or "their" or "its" or "of" or "having"
            || lexicon.TablesNamed(tokens[before].Norm).Count > 0);
    }

    /// <summary>Where a word is both a keyword and a name in the schema, the name wins in these places.</summary>
    private bool PreferMention(int at, (ElementKind Kind, string Tag, int Length) keyword, (Mention Mention, int Length) m)
    {
        var next = at + keyword.Length < tokens.Count ? tokens[at + keyword.Length] : null;
        switch (keyword.Kind)
        {
            // "first name", "last name", "first and last names"; "first" before a number is a limit.
            case ElementKind.Superlative when tokens[at].Text is "first" or "last"
                && (next is { Kind: TokenKind.Word, Text: "name" or "names" } || (next is { Kind: TokenKind.Word, Text: "and" or "or" }
                    && Word(at + 2) is "first" or "last" && Word(at + 3) is "name" or "names")):
                return true;
            // A column called "total" or "count" (or with the word): the name when nothing follows that it could sum.
            case ElementKind.Aggregate or ElementKind.Count when tokens[at].Text is "total" or "count" && m.Mention.HasColumns
                && (next is null || next.Kind != TokenKind.Word || next.Text is "of" or "per" or "by" or "for" or "is" or "over" or "above" or "under"
                    or "below" or "greater" or "less" or "more" or "at" or "exceeding" or "and" or "between" or "in" or "from" or "was" or "were"
                    or "last" or "this" or "since" or "before" or "after"):
                return m.Mention.ExactColumns.Count > 0 || at > 0 && lexicon.TablesNamed(tokens[at - 1].Norm).Count > 0;
            // "sales" in "sales rep" is a name.
            case ElementKind.Revenue or ElementKind.Group or ElementKind.Equals or ElementKind.In when m.Length > keyword.Length:
                return true;
            case ElementKind.Superlative or ElementKind.Top or ElementKind.Aggregate when m.Length > keyword.Length:
                return true;
            default:
                return false;
        }
    }

    /// <summary>The longest run of words from <paramref name="at"/> that names something in the schema.</summary>
    private (Mention Mention, int Length)? MatchMention(int at, List<Element> before)
    {
        for (var length = Math.Min(4, tokens.Count - at); length >= 1; length--)
        {
            var words = tokens.Skip(at).Take(length).ToList();
            if (words.Exists(t => t.Kind != TokenKind.Word))
            {
                continue;
            }

            var phrase = string.Join(' ', words.Select(t => t.Norm));
            var raw = string.Join(' ', words.Select(t => t.Text));
            var mention = new Mention { Phrase = phrase };
            foreach (var term in glossary)
            {
                if (term.Phrase == phrase || term.Phrase == raw)
                {
                    mention.Term = term.Term;
                }
            }

            mention.Values.AddRange(lexicon.ValuesNamed(phrase));
            if (raw != phrase)
            {
                mention.Values.AddRange(lexicon.ValuesNamed(raw).Where(v => !mention.Values.Contains(v)));
            }

            foreach (var flag in lexicon.FlagsNamed(phrase))
            {
                mention.Flags.Add((flag, true));
            }

            // "inactive", "unpaid", "non-active" (the last split into two words by the tokenizer).
            if (length == 1 && phrase.Length > 4 && (phrase.StartsWith("in", StringComparison.Ordinal) || phrase.StartsWith("un", StringComparison.Ordinal)))
            {
                foreach (var flag in lexicon.FlagsNamed(phrase[2..]))
                {
                    mention.Flags.Add((flag, false));
                }
            }

            mention.Tables.AddRange(lexicon.TablesNamed(phrase));
            mention.ExactColumns.AddRange(lexicon.ColumnsNamed(phrase));
            if (length == 1 && !WordForms.IsStopWord(words[0].Text) && !WordForms.IsStopWord(phrase) && phrase.Length > 1)
            {
                AddNew(mention.PartialColumns, lexicon.ColumnsWithWord(phrase), mention.ExactColumns);
            }
            else if (length > 1 && !lexicon.TablesNamed(words[^1].Norm).Any(t => t.Match == TableMatch.Name))
            {
                // "shipping address" is a column; "shipping addresses" is a value and a table.
                IEnumerable<ColumnInfo>? common = null;
                foreach (var word in words.Select(t => t.Norm))
                {
                    var withWord = lexicon.ColumnsWithWord(word);
                    common = common is null ? withWord : common.Intersect(withWord);
                }

                AddNew(mention.PartialColumns, common ?? [], mention.ExactColumns);
            }

            var afterPlace = before.Count > 0 && before[^1].Kind == ElementKind.In;
            if ((words[0].Capitalized || afterPlace) && Countries.Find(raw) is { } country)
            {
                mention.Country = country;
            }

            // A table's own name: its key columns (customer_id everywhere) are not what the word means.
            if (mention.Tables.Exists(t => t.Match == TableMatch.Name))
            {
                mention.PartialColumns.RemoveAll(c => c.IsKey);
            }

            var found = mention.Term is not null || mention.IsState || mention.Tables.Count > 0 || mention.HasColumns || mention.Country is not null;
            if (length == 1 && !WordForms.IsStopWord(words[0].Text) && words[0].Text.Length > 2 && mention.ExactColumns.Count == 0 && mention.PartialColumns.Count == 0
                && !mention.Tables.Exists(t => t.Match >= TableMatch.Head) && mention.Values.Count == 0)
            {
                // Weaker: a word of a column comment ("stock" in "Units in stock").
                mention.CommentColumns.AddRange(lexicon.ColumnsWithCommentWord(phrase));
            }

            if (length == 1 && !mention.HasColumns && !mention.HasTables && !mention.IsState && (WordForms.MeansCreated(phrase) || phrase == "creation"))
            {
                mention.CommentColumns.AddRange(lexicon.ColumnsWithStem("creat").Where(c => c.Kind == ValueKind.Date));
            }

            if (length == 1 && !mention.HasColumns && !mention.HasTables && !mention.IsState)
            {
                // "cost" for a price column, "amount" for a total.
                foreach (var related in WordForms.RelatedColumnWords(phrase))
                {
                    AddNew(mention.PartialColumns, lexicon.ColumnsWithWord(related).Where(c => !c.IsKey), mention.PartialColumns);
                }
            }

            var isVerb = words[0].Text.EndsWith("ed", StringComparison.Ordinal) && !mention.IsState;
            if (length == 1 && words[0].Text.Length > 2 && !WordForms.IsStopWord(words[0].Text) && (!found || isVerb))
            {
                // A verb whose stem is a table's or column's ("ordered", "reviewed", "hired").
                var stem = WordForms.Stem(words[0].Text);
                foreach (var table in lexicon.TablesWithStem(stem).Where(t => !mention.Tables.Exists(m => m.Table == t)))
                {
                    mention.Tables.Add((table, TableMatch.Comment));
                }

                if (!found && mention.Tables.Count == 0)
                {
                    AddNew(mention.CommentColumns, lexicon.ColumnsWithStem(stem), mention.CommentColumns);
                }
            }

            found = found || mention.Tables.Count > 0 || mention.HasColumns;

            if (found)
            {
                return (mention, length);
            }
        }

        return null;
    }

    /// <summary>"order amount", "customer email", "product price": a table word narrows the column that follows it.</summary>
    private List<Element> MergeQualifiedColumns(List<Element> elements)
    {
        var result = new List<Element>();
        for (var i = 0; i < elements.Count; i++)
        {
            var current = elements[i];
            // Not a verb ("employees hired in 2024"): that names the date column of a condition.
            if (current.Kind == ElementKind.Mention && i + 1 < elements.Count && elements[i + 1].Kind == ElementKind.Mention
                && current.Mention!.HasTables && current.Mention.Values.Count == 0 && current.Mention.Term is null
                && !tokens[elements[i + 1].Start].Text.EndsWith("ed", StringComparison.Ordinal)
                && !tokens[elements[i + 1].Start].Text.EndsWith("ing", StringComparison.Ordinal))
            {
                var next = elements[i + 1].Mention!;
                var tables = current.Mention.BestTables();
                var columns = next.AllColumns.Where(c => tables.Contains(c.Table)).Distinct().ToList();
                if (columns.Count == 0 && next.Phrase is "date" or "time" or "day" or "when")
                {
                    columns = tables.Select(DefaultDateColumn).OfType<ColumnInfo>().ToList();
                }

                if (columns.Count > 0 && next.Values.Count == 0)
                {
                    var merged = new Mention { Phrase = current.Mention.Phrase + " " + next.Phrase };
                    var exact = next.ExactColumns.Where(columns.Contains).ToList();
                    merged.ExactColumns.AddRange(exact.Count > 0 ? exact : columns);
                    result.Add(new Element
                    {
                        Kind = ElementKind.Mention,
                        Start = current.Start,
                        Length = current.Length + elements[i + 1].Length,
                        Text = current.Text + " " + elements[i + 1].Text,
                        Mention = merged,
                    });
                    i++;
                    continue;
                }
            }

            // "creation date", "hire date": a date column and the word date.
            if (current.Kind == ElementKind.Mention && i + 1 < elements.Count && elements[i + 1] is { Kind: ElementKind.Mention } dateWord
                && dateWord.Mention!.Phrase is "date" or "time" or "day" or "timestamp" && current.Mention!.AllColumns.Any(c => c.Kind == ValueKind.Date))
            {
                var merged = new Mention { Phrase = current.Mention.Phrase + " date" };
                merged.ExactColumns.AddRange(current.Mention.AllColumns.Where(c => c.Kind == ValueKind.Date).Distinct());
                result.Add(new Element { Kind = ElementKind.Mention, Start = current.Start, Length = current.Length + dateWord.Length, Text = current.Text + " " + dateWord.Text, Mention = merged });
                i++;
                continue;
            }

            result.Add(current);
        }

        return result;
    }

    /// <summary>Adds the columns not yet in <paramref name="except"/> (a set, so very large schemas stay linear).</summary>
    private static void AddNew(List<ColumnInfo> target, IEnumerable<ColumnInfo> columns, List<ColumnInfo> except)
    {
        var seen = new HashSet<ColumnInfo>(except);
        foreach (var column in columns)
        {
            if (seen.Add(column))
            {
                target.Add(column);
            }
        }
    }

    private string Word(int at) => at < tokens.Count && tokens[at].Kind == TokenKind.Word ? tokens[at].Text : "";

    private string Span(int start, int length) => string.Join(' ', tokens.Skip(start).Take(length).Select(t => t.ToString()));
}
