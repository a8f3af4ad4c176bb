using Appliance.Core.Schema;

namespace Appliance.Core.MockData.Values;

/// <summary>
/// The columns of a table that other columns of the same row are made from: an e-mail or user name from the first and
/// last name, a full name from both, a company e-mail from the company. Found once per table; the caller passes it in
/// <see cref="ValueContext.Siblings"/> and generates the columns <see cref="ReadBy"/> names before the ones that read them.
/// </summary>
public sealed record SiblingColumns
{
    public static readonly SiblingColumns None = new();

    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? FullName { get; init; }
    public string? Company { get; init; }

    public static SiblingColumns For(Table table, DatabaseSchema schema)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        string? first = null, last = null, full = null, company = null;
        foreach (var column in table.Columns)
        {
            var type = MockTypes.Resolve(column, schema);
            if (type.Kind != MockValueKind.Text)
            {
                continue;
            }

            switch (ColumnSemantics.Recognize(table, column, type))
            {
                case SemanticKind.FirstName:
                    first ??= column.Name;
                    break;
                case SemanticKind.LastName:
                    last ??= column.Name;
                    break;
                case SemanticKind.FullName:
                    full ??= column.Name;
                    break;
                case SemanticKind.Company:
                    company ??= column.Name;
                    break;
            }
        }

        return new SiblingColumns { FirstName = first, LastName = last, FullName = full, Company = company };
    }

    /// <summary>The sibling columns a generator reads, so the caller can fill them first.</summary>
    public IReadOnlyList<string> ReadBy(string generator)
    {
        var columns = new List<string>(3);
        switch (generator)
        {
            case MockGenerators.Email:
                Add(FirstName);
                Add(LastName);
                Add(FullName);
                Add(Company);
                break;
            case MockGenerators.Username:
                Add(FirstName);
                Add(LastName);
                Add(FullName);
                break;
            case MockGenerators.FullName:
                Add(FirstName);
                Add(LastName);
                break;
        }

        return columns;

        void Add(string? column)
        {
            if (column is not null)
            {
                columns.Add(column);
            }
        }
    }
}
