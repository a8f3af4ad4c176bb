using System.Text;

namespace Appliance.Core.Sql.Explain;

/// <summary>One numbered step of an explanation: a named subquery, a subquery in FROM, or the final query.</summary>
public sealed record ExplanationStep(int Number, string Title, IReadOnlyList<string> Lines);

/// <summary>
/// A plain-English account of what a statement does, built from its tree and the schema only, so it is always
/// available (with or without a model) and says exactly what the SQL says.
/// </summary>
public sealed record QueryExplanation
{
    /// <summary>One or two sentences: what comes back (or what changes), from where.</summary>
    public required string Summary { get; init; }

    /// <summary>The breakdown; a simple query has one step, the final one always comes last.</summary>
    public required IReadOnlyList<ExplanationStep> Steps { get; init; }

    /// <summary>Qualified names of the schema tables and views the statement uses.</summary>
    public required IReadOnlyList<string> Tables { get; init; }

    /// <summary>Things a reader must not miss, e.g. "This statement changes data." or "No WHERE clause: every row is deleted."</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Names that did not bind to the schema (the explanation then uses the names as written).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>The explanation as plain text: summary, warnings, then the steps as a list.</summary>
    public string ToText()
    {
        var text = new StringBuilder(Summary);
        foreach (var warning in Warnings)
        {
            text.Append("\nWarning: ").Append(warning);
        }

        foreach (var problem in Problems)
        {
            text.Append("\nProblem: ").Append(problem);
        }

        text.Append('\n');
        var numbered = Steps.Count > 1;
        foreach (var step in Steps)
        {
            text.Append('\n');
            var indent = "";
            if (numbered)
            {
                text.Append(step.Number).Append(". ").Append(step.Title).Append('\n');
                indent = "   ";
            }

            foreach (var line in step.Lines)
            {
                text.Append(indent).Append("- ").Append(line).Append('\n');
            }
        }

        return text.ToString();
    }
}
