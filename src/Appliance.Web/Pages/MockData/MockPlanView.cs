using Appliance.Core.MockData;
using Appliance.Core.MockData.Output;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Connections;

namespace Appliance.Web.Pages.MockData;

/// <summary>What the mock data page shows for one state of the form: the plan, the table in focus and its preview.</summary>
public sealed class MockPlanView
{
    public const int PreviewRows = 20;

    private readonly Dictionary<string, int> _index;

    private MockPlanView(DatabaseConnection connection, DatabaseSchema schema, MockFormState state, MockPlan plan)
    {
        Connection = connection;
        Schema = schema;
        State = state;
        Plan = plan;
        _index = schema.Tables.Select((t, i) => (t.QualifiedName, i)).ToDictionary(p => p.QualifiedName, p => p.i, StringComparer.Ordinal);
        MultiSchema = schema.Tables.Select(t => t.Schema).Distinct(StringComparer.Ordinal).Skip(1).Any();
    }

    public DatabaseConnection Connection { get; }
    public DatabaseSchema Schema { get; }
    public MockFormState State { get; }
    public MockPlan Plan { get; }

    /// <summary>The table shown in detail: the chosen one, else the first of the plan.</summary>
    public Table? FocusTable { get; private set; }

    /// <summary>The focused table's plan; null when the table is not being filled.</summary>
    public TablePlan? Focus { get; private set; }

    public IReadOnlyList<ColumnPlan> PreviewColumns { get; private set; } = [];
    public IReadOnlyList<object?[]> Preview { get; private set; } = [];
    public string? PreviewProblem { get; private set; }

    public bool MultiSchema { get; }

    /// <summary>Set on htmx answers: the summary and the table list's status cells are swapped in out of band.</summary>
    public bool OutOfBand { get; init; }

    public bool HasErrors => Plan.HasErrors || State.Problems.Count > 0 || Plan.Tables.Count == 0;

    public IEnumerable<PlanMessage> GeneralMessages => Plan.Messages.Where(m => m.Table is null);

    public static MockPlanView Build(DatabaseConnection connection, DatabaseSchema schema, MockFormState state, bool outOfBand = false)
    {
        ArgumentNullException.ThrowIfNull(state);
        var plan = MockPlanner.Plan(schema, state.ToRequest());
        var view = new MockPlanView(connection, schema, state, plan) { OutOfBand = outOfBand };
        view.FocusTable = (state.Focus is { } focus ? schema.Tables.FirstOrDefault(t => t.QualifiedName == focus) : null)
            ?? plan.Tables.FirstOrDefault()?.Table ?? schema.Tables.FirstOrDefault();
        view.Focus = view.FocusTable is null ? null : plan.Tables.FirstOrDefault(t => ReferenceEquals(t.Table, view.FocusTable));
        view.BuildPreview();
        return view;
    }

    public int IndexOf(Table table) => _index.GetValueOrDefault(table.QualifiedName, -1);

    public string Name(Table table) => MultiSchema ? table.QualifiedName : table.Name;

    public TablePlan? PlanOf(Table table) => Plan.Tables.FirstOrDefault(t => ReferenceEquals(t.Table, table));

    public IEnumerable<PlanMessage> MessagesFor(Table table) => Plan.Messages.Where(m => m.Table == table.QualifiedName);

    public IEnumerable<PlanMessage> MessagesFor(Table table, string column) => MessagesFor(table).Where(m => m.Column == column);

    public IEnumerable<TablePlan> TablesWithErrors =>
        Plan.Tables.Where(t => MessagesFor(t.Table).Any(m => m.Severity == PlanSeverity.Error));

    public static string Text(object value) => MockValueFormat.Text(value);

    /// <summary>"main.orders" as the list shows it: the default schemas of SQLite, PostgreSQL and SQL Server go without saying.</summary>
    public static string Shown(string qualifiedName) =>
        qualifiedName.StartsWith("main.", StringComparison.Ordinal) || qualifiedName.StartsWith("public.", StringComparison.Ordinal) || qualifiedName.StartsWith("dbo.", StringComparison.Ordinal)
            ? qualifiedName[(qualifiedName.IndexOf('.', StringComparison.Ordinal) + 1)..]
            : qualifiedName;

    public static string SourceLabel(ColumnSource source) => source switch
    {
        ColumnSource.Omitted => "database",
        ColumnSource.Null => "null",
        ColumnSource.Sequence => "sequence",
        ColumnSource.ForeignKey => "foreign key",
        ColumnSource.Ordinal => "ordinal",
        ColumnSource.Values => "values",
        _ => "generator",
    };

    private void BuildPreview()
    {
        if (Focus is null)
        {
            return;
        }

        if (HasErrors)
        {
            PreviewProblem = "The preview appears once the plan has no errors.";
            return;
        }

        try
        {
            var data = MockDataSet.Create(Plan)[Focus];
            PreviewColumns = data.Columns;
            Preview = data.Rows().Take(PreviewRows).Select(r => (object?[])r.Clone()).ToList();
        }
        catch (MockDataException ex)
        {
            PreviewProblem = ex.Message;
        }
    }
}
