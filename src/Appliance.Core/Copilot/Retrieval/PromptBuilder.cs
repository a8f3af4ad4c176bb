using System.Globalization;
using System.Text;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;

namespace Appliance.Core.Copilot.Retrieval;

/// <summary>The previous answer of a repair round and why it was refused.</summary>
public sealed record PromptRepair(string PreviousSql, string Error);

/// <summary>What the chat prompt is built from.</summary>
public sealed record PromptRequest
{
    public required string Question { get; init; }
    public required DatabaseSchema Schema { get; init; }
    /// <summary>Ranked tables, best first (as <see cref="TableRanker"/> gives them, foreign-key neighbours included).</summary>
    public required IReadOnlyList<ScoredTable> Tables { get; init; }
    /// <summary>The most tokens the whole prompt may take: system and user messages and the chat template's overhead.</summary>
    public required int BudgetTokens { get; init; }
    /// <summary>The SQL dialect to ask for; the schema engine's when null.</summary>
    public SqlDialect? Dialect { get; init; }
    /// <summary>Accepted examples, most relevant first; only those reading included tables are shown.</summary>
    public IReadOnlyList<QuestionExample> Examples { get; init; } = [];
    public int MaxExamples { get; init; } = 3;
    /// <summary>The date relative dates ("this year") mean; not shown when null.</summary>
    public DateOnly? Today { get; init; }
    public PromptRepair? Repair { get; init; }
}

/// <summary>
/// The chat prompt: a system and a user message. <see cref="Tokens"/> is what the budget was checked against
/// (both messages counted plus <see cref="MessageOverheadTokens"/> per message for the chat template) and never exceeds
/// it. <see cref="Tables"/> are the tables shown, in prompt order, as shown (a truncated table holds only its shown
/// columns): the grammar is built from them.
/// </summary>
public sealed record CopilotPrompt
{
    /// <summary>Tokens a chat template adds around one message (role markers, separators), reserved in the budget.</summary>
    public const int MessageOverheadTokens = 8;

    public required string System { get; init; }
    public required string User { get; init; }
    public required int Tokens { get; init; }
    public required IReadOnlyList<Table> Tables { get; init; }
    /// <summary>Ranked tables that did not fit, best first (qualified names).</summary>
    public required IReadOnlyList<string> LeftOut { get; init; }
    /// <summary>Included tables shown with some columns left out, because even alone they did not fit whole.</summary>
    public required IReadOnlyList<string> Truncated { get; init; }
    public required IReadOnlyList<QuestionExample> Examples { get; init; }

    /// <summary>Qualified names of <see cref="Tables"/>.</summary>
    public IReadOnlyList<string> IncludedTables => [.. Tables.Select(t => t.QualifiedName)];
}

/// <summary>Thrown when the instructions and the question alone take more tokens than the budget allows.</summary>
public sealed class PromptTooLargeException(string message) : Exception(message);

/// <summary>
/// Builds the model's prompt within a token budget: instructions for the dialect (one read-only SELECT, only these
/// tables), the schema as compact DDL, a few accepted examples, the question and, in a repair round, the refused SQL
/// with its error. The best-ranked table goes in first; then accepted examples with the tables they read (a matching
/// example teaches more than a low-ranked table); then the other tables by rank. Tables go in whole, a table that does
/// not fit is skipped for smaller ones after it; only when the best table alone does not fit is it shown with its
/// least useful columns left out. Tables appear in rank order.
/// </summary>
public sealed class PromptBuilder(ITokenCounter counter)
{
    private const int ErrorLength = 600;
    private const int PreviousSqlLength = 4000;
    private const string SchemaHeader = "Schema:\n";
    private const string ExamplesHeader = "Examples:\n";

    public CopilotPrompt Build(PromptRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.BudgetTokens, 1);
        var catalog = SchemaCatalog.For(request.Schema);
        var dialect = request.Dialect ?? request.Schema.Engine.ToSqlDialect();
        var writer = new TableWriter(catalog, dialect, SearchTerms.Of(request.Question).ToHashSet(StringComparer.Ordinal));

        var system = SystemMessage(dialect);
        var tail = QuestionPart(request);
        var baseTokens = Count(system) + Count(SchemaHeader + "\n" + tail) + (2 * CopilotPrompt.MessageOverheadTokens);
        if (baseTokens > request.BudgetTokens)
        {
            throw new PromptTooLargeException(
                $"The instructions and the question take {baseTokens} tokens, more than the prompt budget of {request.BudgetTokens}; shorten the question or raise the budget.");
        }

        var ranked = request.Tables
            .Select(t => catalog.Find(t.Table))
            .OfType<SchemaRelation>()
            .DistinctBy(r => r.QualifiedName, StringComparer.OrdinalIgnoreCase)
            .ToList();

        // Filled by estimate (each part counted alone); the exact count of the finished prompt is checked below.
        // First the best table, then the examples with the tables they read, then the other tables by rank.
        var remaining = request.BudgetTokens - baseTokens;
        var included = new Dictionary<SchemaRelation, Shown>();
        var blocks = new Dictionary<SchemaRelation, (TableBlock Block, int Cost)>();
        (TableBlock Block, int Cost) Whole(SchemaRelation relation)
        {
            if (!blocks.TryGetValue(relation, out var whole))
            {
                var block = writer.Write(relation, relation.Table.Columns.Count);
                blocks[relation] = whole = (block, Count(block.Text));
            }

            return whole;
        }

        if (ranked.Count > 0)
        {
            var best = ranked[0];
            var (block, cost) = Whole(best);
            if (cost <= remaining)
            {
                included[best] = new Shown(best, block);
                remaining -= cost;
            }
            else if (LargestFitting(writer, best, remaining) is { } fitting)
            {
                var truncated = writer.Write(best, fitting);
                included[best] = new Shown(best, truncated);
                remaining -= Count(truncated.Text);
            }
        }

        var examples = new List<(QuestionExample Example, string Text)>();
        var examplesHeaderCost = Count(ExamplesHeader);
        foreach (var example in request.Examples)
        {
            if (examples.Count >= request.MaxExamples)
            {
                break;
            }

            // An example reading a table the prompt does not show would teach a query the grammar refuses.
            var tables = catalog.TablesOf(example.Sql).Select(catalog.Find).OfType<SchemaRelation>().ToList();
            if (tables.Count == 0 || !tables.All(ranked.Contains) || tables.Any(t => included.TryGetValue(t, out var shown) && shown.IsTruncated))
            {
                continue;
            }

            var missing = tables.Where(t => !included.ContainsKey(t)).Distinct().ToList();
            var text = ExampleText(example);
            var cost = Count(text) + (examples.Count == 0 ? examplesHeaderCost : 0) + missing.Sum(t => Whole(t).Cost);
            if (cost <= remaining)
            {
                foreach (var table in missing)
                {
                    included[table] = new Shown(table, Whole(table).Block);
                }

                examples.Add((example, text));
                remaining -= cost;
            }
        }

        foreach (var relation in ranked.Where(r => !included.ContainsKey(r)))
        {
            var (block, cost) = Whole(relation);
            if (cost <= remaining)
            {
                included[relation] = new Shown(relation, block);
                remaining -= cost;
            }
        }

        var shownTables = ranked.Where(included.ContainsKey).Select(r => included[r]).ToList();

        // Token counts of parts need not add up exactly to the count of their concatenation: shrink until it holds.
        while (true)
        {
            var user = UserMessage(shownTables, examples.Select(e => e.Text), tail);
            var tokens = Count(system) + Count(user) + (2 * CopilotPrompt.MessageOverheadTokens);
            if (tokens <= request.BudgetTokens)
            {
                return Result(system, user, tokens, ranked, shownTables, examples.Select(e => e.Example));
            }

            if (examples.Count > 0)
            {
                examples.RemoveAt(examples.Count - 1);
            }
            else if (shownTables.Count > 1)
            {
                shownTables.RemoveAt(shownTables.Count - 1);
            }
            else if (shownTables.Count == 1 && shownTables[0].Block.Columns.Count > 0)
            {
                var first = shownTables[0];
                var shown = first.Block.Columns.Count;
                shownTables[0] = first with { Block = writer.Write(first.Relation, shown - Math.Max(1, shown / 10)) };
            }
            else if (shownTables.Count == 1)
            {
                shownTables.Clear();
            }
            else
            {
                // Unreachable in practice: the frame alone was counted within the budget above.
                throw new PromptTooLargeException(
                    $"The instructions and the question take {tokens} tokens, more than the prompt budget of {request.BudgetTokens}.");
            }
        }
    }

    private int Count(string text) => counter.CountTokens(text);

    /// <summary>The most columns of the table whose block fits, or null when not even its name does.</summary>
    private int? LargestFitting(TableWriter writer, SchemaRelation relation, int available)
    {
        if (Count(writer.Write(relation, 0).Text) > available)
        {
            return null;
        }

        int low = 0, high = relation.Table.Columns.Count;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Count(writer.Write(relation, middle).Text) <= available)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return low;
    }

    private static CopilotPrompt Result(
        string system, string user, int tokens, List<SchemaRelation> ranked, List<Shown> included, IEnumerable<QuestionExample> examples)
    {
        var shown = included.Select(s => s.Relation.QualifiedName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new CopilotPrompt
        {
            System = system,
            User = user,
            Tokens = tokens,
            Tables = [.. included.Select(s => s.AsShownTable())],
            LeftOut = [.. ranked.Where(r => !shown.Contains(r.QualifiedName)).Select(r => r.QualifiedName)],
            Truncated = [.. included.Where(s => s.IsTruncated).Select(s => s.Relation.QualifiedName)],
            Examples = [.. examples],
        };
    }

    private static string SystemMessage(SqlDialect dialect)
    {
        var (name, hint) = dialect switch
        {
            SqlDialect.Postgres => ("PostgreSQL", "Write top-N as LIMIT n; quote identifiers that need it with double quotes."),
            SqlDialect.MySql => ("MySQL / MariaDB", "Write top-N as LIMIT n; quote identifiers that need it with backticks."),
            SqlDialect.TSql => ("SQL Server (T-SQL)", "Write top-N as SELECT TOP (n); quote identifiers that need it with square brackets."),
            _ => ("SQLite", "Write top-N as LIMIT n; use date() and strftime() for dates; quote identifiers that need it with double quotes."),
        };
        return $"You translate questions about a database into {name} SQL. Answer with exactly one read-only SELECT statement "
            + "(WITH … SELECT is allowed) and nothing else: no explanation, no comments, no statement that changes data or schema. "
            + $"Use only the tables and columns of the schema given, and join tables along the foreign keys shown. {hint}";
    }

    private static string QuestionPart(PromptRequest request)
    {
        var text = new StringBuilder();
        if (request.Today is { } today)
        {
            text.Append("Today is ").Append(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(".\n");
        }

        text.Append("Question: ").Append(SchemaDocuments.Abbreviate(request.Question, 2000)).Append('\n');
        if (request.Repair is { } repair)
        {
            text.Append("Your previous answer was refused:\n")
                .Append(Truncate(repair.PreviousSql.Trim(), PreviousSqlLength)).Append('\n')
                .Append("Error: ").Append(SchemaDocuments.Abbreviate(repair.Error, ErrorLength)).Append('\n')
                .Append("Write a corrected query.\n");
        }

        return text.ToString();
    }

    private static string ExampleText(QuestionExample example) =>
        $"Question: {SchemaDocuments.Abbreviate(example.Question, 400)}\nSQL: {Truncate(example.Sql.Trim(), 2000)}\n";

    private static string UserMessage(List<Shown> tables, IEnumerable<string> examples, string tail)
    {
        var text = new StringBuilder(SchemaHeader);
        foreach (var table in tables)
        {
            text.Append(table.Block.Text);
        }

        text.Append('\n');
        var first = true;
        foreach (var example in examples)
        {
            if (first)
            {
                text.Append(ExamplesHeader);
                first = false;
            }

            text.Append(example);
        }

        if (!first)
        {
            text.Append('\n');
        }

        return text.Append(tail).ToString();
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    /// <summary>A table in the prompt with the block that shows it.</summary>
    private sealed record Shown(SchemaRelation Relation, TableBlock Block)
    {
        public bool IsTruncated => Block.Columns.Count < Relation.Table.Columns.Count;

        public Table AsShownTable()
        {
            var table = Relation.Table;
            if (!IsTruncated)
            {
                return table;
            }

            var names = Block.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            return table with
            {
                Columns = [.. table.Columns.Where(c => names.Contains(c.Name))],
                PrimaryKey = table.PrimaryKey is { } key && key.Columns.All(names.Contains) ? key : null,
                ForeignKeys = [.. table.ForeignKeys.Where(k => k.Columns.All(names.Contains))],
                UniqueConstraints = [.. table.UniqueConstraints.Where(k => k.Columns.All(names.Contains))],
                CheckConstraints = [],
                Indexes = [],
            };
        }
    }
}
