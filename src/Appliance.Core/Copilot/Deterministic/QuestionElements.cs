namespace Appliance.Core.Copilot.Deterministic;

/// <summary>What a run of question tokens means before it is put together with the rest.</summary>
internal enum ElementKind
{
    /// <summary>"how many", "number of", "count".</summary>
    Count,
    /// <summary>"total", "sum of", "average", "minimum", "maximum".</summary>
    Aggregate,
    /// <summary>"revenue", "sales", "turnover": a sum of money.</summary>
    Revenue,
    /// <summary>"most expensive", "cheapest", "latest", "oldest", "largest", "highest", "most", "fewest".</summary>
    Superlative,
    /// <summary>"top", "first", "bottom" (followed by a number).</summary>
    Top,
    /// <summary>"per", "by", "for each", "grouped by".</summary>
    Group,
    /// <summary>"sorted by", "ordered by".</summary>
    OrderBy,
    /// <summary>"ascending", "descending", "alphabetically", "from highest to lowest".</summary>
    Direction,
    /// <summary>"more than", "over", "cheaper than", "at least", "&gt;=", "between".</summary>
    Comparison,
    /// <summary>"distinct", "unique", "different".</summary>
    Distinct,
    /// <summary>"not", "except", "excluding", "other than".</summary>
    Not,
    /// <summary>"without", "with no", "never".</summary>
    Without,
    /// <summary>"with", "having", "that have".</summary>
    With,
    /// <summary>"named", "called", "containing", "starting with".</summary>
    Named,
    /// <summary>"in", "from", "based in" before a place.</summary>
    In,
    /// <summary>"and", "or".</summary>
    Conjunction,
    /// <summary>"is", "=", "equals", "of" between a column and a value.</summary>
    Equals,
    Date,
    /// <summary>A calendar unit to group by: "month" in "per month", "monthly".</summary>
    Period,
    Number,
    Quoted,
    /// <summary>A name of a table, a column, an allowed value, a country, or a glossary term.</summary>
    Mention,
    /// <summary>A word with no meaning for the query ("show", "the").</summary>
    Filler,
    /// <summary>A word the engine does not know.</summary>
    Unknown,
}

internal sealed class Element
{
    public required ElementKind Kind { get; init; }

    public required int Start { get; init; }

    public required int Length { get; init; }

    /// <summary>The words as written.</summary>
    public required string Text { get; init; }

    /// <summary>The sub-kind of a keyword ("sum", "average", "desc", "&gt;", "or", "price-desc"…).</summary>
    public string Tag { get; init; } = "";

    public DateRange? Range { get; init; }

    public decimal Number { get; init; }

    public Mention? Mention { get; init; }

    public bool Used { get; set; }

    public override string ToString() => $"{Kind}({Text})";
}

/// <summary>What a phrase of the question names in the schema; any of the lists may be empty.</summary>
internal sealed class Mention
{
    public required string Phrase { get; init; }

    public List<(TableInfo Table, TableMatch Match)> Tables { get; } = [];

    /// <summary>Columns whose whole name is the phrase.</summary>
    public List<ColumnInfo> ExactColumns { get; } = [];

    /// <summary>Columns whose name contains the phrase's words ("price" in unit_price).</summary>
    public List<ColumnInfo> PartialColumns { get; } = [];

    /// <summary>Columns whose comment has the word ("stock" in "Units in stock").</summary>
    public List<ColumnInfo> CommentColumns { get; } = [];

    public List<ValueRef> Values { get; } = [];

    /// <summary>Yes/no columns the phrase names as a state ("active" → is_active true, "inactive" → false).</summary>
    public List<(ColumnInfo Column, bool Value)> Flags { get; } = [];

    /// <summary>An allowed value or a yes/no state: a condition on its own.</summary>
    public bool IsState => Values.Count > 0 || Flags.Count > 0;

    public (string Code, string Name)? Country { get; set; }

    /// <summary>A glossary term's table or column.</summary>
    public GlossaryTerm? Term { get; set; }

    public bool HasColumns => ExactColumns.Count > 0 || PartialColumns.Count > 0 || CommentColumns.Count > 0;

    public bool HasTables => Tables.Count > 0;

    public IEnumerable<ColumnInfo> AllColumns => ExactColumns.Concat(PartialColumns).Concat(CommentColumns);

    /// <summary>Tables named by the phrase at the strongest match there is.</summary>
    public List<TableInfo> BestTables()
    {
        if (Tables.Count == 0)
        {
            return [];
        }

        var best = Tables.Max(t => t.Match);
        return Tables.Where(t => t.Match == best).Select(t => t.Table).ToList();
    }
}
