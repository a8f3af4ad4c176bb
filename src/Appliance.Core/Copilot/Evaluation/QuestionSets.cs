using System.Text.Json;

namespace Appliance.Core.Copilot.Evaluation;

/// <summary>A question set file that cannot be read, with what is wrong and where.</summary>
public sealed class QuestionSetFormatException(string message) : FormatException(message);

/// <summary>
/// The evaluation question sets shipped with the appliance (embedded JSON files) and the reader for such files:
/// a JSON array of <c>{ "id", "question", "database", "gold_sql", "order_matters"? }</c>, <c>gold_sql</c> null for
/// questions the right answer to is a refusal.
/// </summary>
/// <remarks>
/// The gold SQL is written by hand. Relative dates ("last month") in it are relative to <see cref="ReferenceDate"/>;
/// an engine under evaluation must be given that day as today. Output conventions the gold SQL follows: a listing
/// returns every column of the table asked about unless the question names columns; a result per entity ("per
/// customer") returns the entity's key, then its name columns, then the figure; per month or year returns the period
/// as text ('2025-03', '2025') in chronological order.
/// </remarks>
public static class QuestionSets
{
    private const string ResourcePrefix = "Appliance.Core.Copilot.Evaluation.QuestionSets.";

    /// <summary>The "today" of the gold SQL: the day after the last generated demo and fixture data (the mock generator's reference time).</summary>
    public static DateOnly ReferenceDate { get; } = new(2026, 1, 1);

    /// <summary>The names of the shipped sets, e.g. "demo", "postgres-fixture".</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(QuestionSets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    public static IReadOnlyList<EvalQuestion> Load(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        using var stream = typeof(QuestionSets).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw new ArgumentException($"There is no question set \"{name}\"; the sets are: {string.Join(", ", Names)}.", nameof(name));
        using var reader = new StreamReader(stream);
        try
        {
            return Parse(reader.ReadToEnd());
        }
        catch (QuestionSetFormatException ex)
        {
            throw new QuestionSetFormatException($"Question set \"{name}\": {ex.Message}");
        }
    }

    /// <summary>Reads a question set file; <see cref="QuestionSetFormatException"/> says what is wrong and in which entry.</summary>
    public static IReadOnlyList<EvalQuestion> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new QuestionSetFormatException($"not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new QuestionSetFormatException("expected a JSON array of questions at the top level.");
            }

            var questions = new List<EvalQuestion>();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                index++;
                var question = ReadEntry(entry, index);
                if (!ids.Add(question.Id))
                {
                    throw new QuestionSetFormatException($"entry {index}: the id \"{question.Id}\" is used twice.");
                }

                questions.Add(question);
            }

            return questions;
        }
    }

    private static EvalQuestion ReadEntry(JsonElement entry, int index)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new QuestionSetFormatException($"entry {index} is not an object.");
        }

        string? id = null, question = null, database = null, gold = null;
        bool? orderMatters = null;
        var hasGold = false;
        foreach (var property in entry.EnumerateObject())
        {
            switch (property.Name)
            {
                case "id":
                    id = Text(property, index, id);
                    break;
                case "question":
                    question = Text(property, index, id);
                    break;
                case "database":
                    database = Text(property, index, id);
                    break;
                case "gold_sql":
                    hasGold = true;
                    gold = property.Value.ValueKind == JsonValueKind.Null ? null : Text(property, index, id);
                    break;
                case "order_matters":
                    orderMatters = property.Value.ValueKind switch
                    {
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        JsonValueKind.Null => null,
                        _ => throw new QuestionSetFormatException($"{Where(index, id)}: \"order_matters\" must be true, false or null."),
                    };
                    break;
                default:
                    throw new QuestionSetFormatException($"{Where(index, id)}: unknown property \"{property.Name}\" (expected id, question, database, gold_sql, order_matters).");
            }
        }

        if (id is null)
        {
            throw new QuestionSetFormatException($"entry {index}: \"id\" is missing.");
        }

        if (question is null)
        {
            throw new QuestionSetFormatException($"{Where(index, id)}: \"question\" is missing.");
        }

        if (database is null)
        {
            throw new QuestionSetFormatException($"{Where(index, id)}: \"database\" is missing.");
        }

        if (!hasGold)
        {
            throw new QuestionSetFormatException($"{Where(index, id)}: \"gold_sql\" is missing (write null for a question that should be refused).");
        }

        return new EvalQuestion(id, question, database, gold) { OrderMatters = orderMatters };
    }

    private static string Text(JsonProperty property, int index, string? id)
    {
        if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
        {
            throw new QuestionSetFormatException($"{Where(index, id)}: \"{property.Name}\" must be a non-empty string.");
        }

        return property.Value.GetString()!;
    }

    private static string Where(int index, string? id) => id is null ? $"entry {index}" : $"entry {index} (id \"{id}\")";
}
