using Appliance.Core.Copilot;
using Appliance.Core.Copilot.Retrieval;
using Appliance.Infrastructure.Copilot.Retrieval;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Infrastructure.Tests.Copilot.Retrieval;

/// <summary>The 5,000-table schema indexed once (lexical embedding, embedded index in a temporary directory).</summary>
public sealed class IndexedBusinessSchema : IAsyncLifetime
{
    public const string ConnectionId = "erp";
    public const int PromptBudget = 2048;

    public static readonly GlossaryTerm[] Glossary =
    [
        new("client", "sales_customer", Definition: "someone who buys from us"),
        new("head count", "hr_employee"),
    ];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "appliance-retrieval-" + Guid.NewGuid().ToString("N"));

    public SchemaRetriever Retriever { get; }

    public SchemaIndexStatus Status { get; private set; } = null!;

    public TiktokenTokenCounter Counter { get; } = new();

    public IndexedBusinessSchema() =>
        Retriever = new SchemaRetriever(new EmbeddedVectorIndex(directory), new LexicalEmbedder(), NullLogger<SchemaRetriever>.Instance);

    public async ValueTask InitializeAsync() =>
        Status = await Retriever.EnsureIndexedAsync(ConnectionId, BusinessSchema.Schema, Glossary, [], TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The required retrieval check: on a 5,000-table business schema, each question's table(s) are among the first five
/// ranked, and the prompt built for it stays within the context budget counted with cl100k_base.
/// </summary>
public sealed class LargeSchemaRetrievalTests(IndexedBusinessSchema indexed) : IClassFixture<IndexedBusinessSchema>
{
    private const int TopK = 5;

    public static TheoryData<string, string[]> Questions => new()
    {
        { "which invoices are unpaid", ["sales_invoice"] },
        { "employee contracts ending this year", ["hr_employee_contract"] },
        { "how many employees were hired last month", ["hr_employee"] },
        { "items whose stock level is below the reorder point", ["inv_stock_level"] },
        { "open support tickets by priority", ["sup_ticket"] },
        { "patients with an appointment tomorrow", ["clin_appointment", "clin_patient"] },
        { "total payroll deductions per employee in 2025", ["payroll_deduction"] },
        { "shipments delivered late, per carrier", ["log_shipment", "log_carrier"] },
        { "average quiz score per course", ["lms_quiz_attempt"] },
        { "vehicles due for their next service", ["fleet_vehicle"] },
        { "failed login attempts per user today", ["sec_login_attempt"] },
        { "journal entries posted in March", ["gl_journal_entry"] },
        { "exchange rate from euro to dollar yesterday", ["gl_exchange_rate"] },
        { "campaign conversions and revenue by channel", ["mkt_conversion"] },
        { "machine downtime hours last week", ["mnt_downtime"] },
        { "candidates interviewed for each job posting", ["rec_interview", "rec_job_posting"] },
        { "expense reports awaiting approval", ["exp_expense_report"] },
        { "hotel stays in Berlin this quarter", ["trv_hotel_stay"] },
        { "insurance claims settled per adjuster", ["ins_claim", "ins_adjuster"] },
        { "meter readings with the highest kWh", ["nrg_meter_reading"] },
        { "students absent more than five days", ["edu_attendance"] },
        { "unresolved IT incidents by service", ["itsm_incident"] },
        { "documents still waiting for a signature", ["dms_signature"] },
        { "refund amount of returns per store", ["pos_return", "pos_store"] },
        { "gift cards expiring with a balance left", ["pos_gift_card"] },
        { "vendor invoices due next week", ["vnd_vendor_invoice"] },
        { "overdue rent payments by tenant", ["re_rent_payment", "re_tenant"] },
        { "bank transactions over 10000 booked yesterday", ["bank_transaction"] },
        { "roaming calls longer than an hour", ["tel_call_record"] },
        { "sponsors of each event and their contribution", ["evt_sponsor"] },
        { "clients in Germany with a credit limit over 5000", ["sales_customer"] },
        { "head count per department", ["hr_employee", "hr_department"] },
    };

    [Fact]
    public void The_generated_schema_has_five_thousand_tables_whose_keys_all_resolve()
    {
        var schema = BusinessSchema.Schema;
        var names = schema.Tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(5000, schema.Tables.Count);
        Assert.Equal(5000, names.Count);
        Assert.All(schema.Tables.SelectMany(t => t.ForeignKeys), fk => Assert.Contains(fk.ReferencedTable, names));
        Assert.True(indexed.Status.Rebuilt);
        // One document per table, per column that is not a one-column key (none has a comment), per glossary term.
        var keyColumns = schema.Tables.Sum(t => t.Columns.Count(c => c.Name == "id" || t.ForeignKeys.Any(k => k.Columns.SequenceEqual([c.Name]))));
        var columns = schema.Tables.Sum(t => t.Columns.Count) - keyColumns;
        Assert.Equal(schema.Tables.Count + columns + IndexedBusinessSchema.Glossary.Length, indexed.Status.Documents);
    }

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task The_right_tables_rank_in_the_top_five_and_the_prompt_fits_the_budget(string question, string[] expected)
    {
        var ranked = await indexed.Retriever.RetrieveAsync(IndexedBusinessSchema.ConnectionId, question, TopK, TestContext.Current.CancellationToken);

        var top = ranked.Take(TopK).Select(t => t.Table).ToList();
        var listing = string.Join(", ", ranked.Take(10).Select(t => $"{t.Table} {t.Score:F2}"));
        foreach (var table in expected)
        {
            Assert.True(top.Contains(BusinessSchema.Qualified(table)), $"{table} is not in the top {TopK} for \"{question}\": {listing}");
        }

        var prompt = new PromptBuilder(indexed.Counter).Build(new PromptRequest
        {
            Question = question,
            Schema = BusinessSchema.Schema,
            Tables = ranked,
            BudgetTokens = IndexedBusinessSchema.PromptBudget,
            Today = new DateOnly(2026, 5, 14),
        });
        var recounted = indexed.Counter.CountTokens(prompt.System) + indexed.Counter.CountTokens(prompt.User) + (2 * CopilotPrompt.MessageOverheadTokens);
        Assert.Equal(recounted, prompt.Tokens);
        Assert.True(prompt.Tokens <= IndexedBusinessSchema.PromptBudget, $"{prompt.Tokens} tokens");
        Assert.Equal(ranked[0].Table, prompt.IncludedTables[0]);
        Assert.Equal(ranked.Count, prompt.Tables.Count + prompt.LeftOut.Count);
    }
}
