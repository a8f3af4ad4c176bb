using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using static Appliance.Core.Tests.Schema.Diff.DiffSchemas;

namespace Appliance.Core.Tests.Schema.Diff;

/// <summary>Each kind of change, made alone on the shop schema, is reported as exactly that one change.</summary>
public sealed class SchemaDiffChangeKindTests
{
    private sealed record Case(Func<DatabaseSchema, DatabaseSchema> Mutate, SchemaObjectKind Object, SchemaChangeKind Change, string Name, string? Property);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["table added"] = new(s => s with { Tables = [.. s.Tables, new Table { Schema = "public", Name = "payments", Columns = [Col("payment_ref", 1, "text"), Col("amount_paid", 2, "numeric")] }] },
            SchemaObjectKind.Table, SchemaChangeKind.Added, "payments", null),
        ["table dropped"] = new(s => s with { Tables = [.. s.Tables.Where(t => t.Name != "orders")] }, SchemaObjectKind.Table, SchemaChangeKind.Dropped, "orders", null),
        ["table comment"] = new(s => s.WithTable("customers", t => t with { Comment = "Buyers" }), SchemaObjectKind.Table, SchemaChangeKind.Changed, "customers", "comment"),
        ["column added"] = new(s => s.WithTable("orders", t => t with { Columns = [.. t.Columns, Col("note", 5, "text", true)] }), SchemaObjectKind.Column, SchemaChangeKind.Added, "note", "type"),
        ["column dropped"] = new(s => s.WithTable("orders", t => t with { Columns = [.. t.Columns.Where(c => c.Name != "status")] }), SchemaObjectKind.Column, SchemaChangeKind.Dropped, "status", "type"),
        ["column type"] = new(s => s.WithTable("orders", t => t.WithColumn("customer_id", c => c with { DataType = "bigint" })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "customer_id", "type"),
        ["column length"] = new(s => s.WithTable("customers", t => t.WithColumn("name", c => c with { DataType = "character varying(150)", MaxLength = 150 })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "name", "length"),
        ["column precision"] = new(s => s.WithTable("orders", t => t.WithColumn("total", c => c with { DataType = "numeric(12,2)", Precision = 12 })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "total", "precision"),
        ["column scale"] = new(s => s.WithTable("orders", t => t.WithColumn("total", c => c with { DataType = "numeric(10,3)", Scale = 3 })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "total", "scale"),
        ["column nullability"] = new(s => s.WithTable("customers", t => t.WithColumn("email", c => c with { IsNullable = false })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "email", "nullable"),
        ["column default"] = new(s => s.WithTable("customers", t => t.WithColumn("created_at", c => c with { Default = "CURRENT_TIMESTAMP" })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "created_at", "default"),
        ["column identity"] = new(s => s.WithTable("customers", t => t.WithColumn("id", c => c with { Identity = IdentityKind.ByDefault })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "id", "identity"),
        ["column generation"] = new(s => s.WithTable("orders", t => t.WithColumn("total", c => c with { GenerationExpression = "(0)", IsGeneratedStored = true })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "total", "generated"),
        ["column collation"] = new(s => s.WithTable("customers", t => t.WithColumn("name", c => c with { Collation = "C" })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "name", "collation"),
        ["column comment"] = new(s => s.WithTable("customers", t => t.WithColumn("email", c => c with { Comment = "Login" })), SchemaObjectKind.Column, SchemaChangeKind.Changed, "email", "comment"),
        ["primary key columns"] = new(s => s.WithTable("orders", t => t with { PrimaryKey = new KeyConstraint { Name = "orders_pkey", Columns = ["id", "customer_id"] } }), SchemaObjectKind.PrimaryKey, SchemaChangeKind.Changed, "orders_pkey", "columns"),
        ["primary key dropped"] = new(s => s.WithTable("orders", t => t with { PrimaryKey = null }), SchemaObjectKind.PrimaryKey, SchemaChangeKind.Dropped, "orders_pkey", "definition"),
        ["foreign key added"] = new(s => s.WithTable("customers", t => t with { ForeignKeys = [new ForeignKey { Name = "fk_last_order", Columns = ["id"], ReferencedSchema = "public", ReferencedTable = "orders", ReferencedColumns = ["id"] }] }), SchemaObjectKind.ForeignKey, SchemaChangeKind.Added, "fk_last_order", "definition"),
        ["foreign key dropped"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [] }), SchemaObjectKind.ForeignKey, SchemaChangeKind.Dropped, "orders_customer_id_fkey", "definition"),
        ["foreign key on delete"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { OnDelete = ReferentialAction.Restrict }] }), SchemaObjectKind.ForeignKey, SchemaChangeKind.Changed, "orders_customer_id_fkey", "on delete"),
        ["foreign key on update"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { OnUpdate = ReferentialAction.Cascade }] }), SchemaObjectKind.ForeignKey, SchemaChangeKind.Changed, "orders_customer_id_fkey", "on update"),
        ["foreign key target"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { ReferencedColumns = ["email"] }] }), SchemaObjectKind.ForeignKey, SchemaChangeKind.Changed, "orders_customer_id_fkey", "referenced columns"),
        ["unique added"] = new(s => s.WithTable("customers", t => t with { UniqueConstraints = [.. t.UniqueConstraints, new KeyConstraint { Name = "uq_name", Columns = ["name"] }] }), SchemaObjectKind.UniqueConstraint, SchemaChangeKind.Added, "uq_name", "definition"),
        ["unique dropped"] = new(s => s.WithTable("customers", t => t with { UniqueConstraints = [] }), SchemaObjectKind.UniqueConstraint, SchemaChangeKind.Dropped, "customers_email_key", "definition"),
        ["check changed"] = new(s => s.WithTable("customers", t => t with { CheckConstraints = [new CheckConstraint { Name = "ck_name", Expression = "(length(name) > 1)" }] }), SchemaObjectKind.CheckConstraint, SchemaChangeKind.Changed, "ck_name", "expression"),
        ["check added"] = new(s => s.WithTable("orders", t => t with { CheckConstraints = [new CheckConstraint { Name = "ck_total", Expression = "(total >= 0)" }] }), SchemaObjectKind.CheckConstraint, SchemaChangeKind.Added, "ck_total", "definition"),
        ["index added"] = new(s => s.WithTable("orders", t => t with { Indexes = [.. t.Indexes, new TableIndex { Name = "ix_orders_status", Columns = [new IndexColumn { Name = "status" }] }] }), SchemaObjectKind.Index, SchemaChangeKind.Added, "ix_orders_status", "definition"),
        ["index dropped"] = new(s => s.WithTable("orders", t => t with { Indexes = [] }), SchemaObjectKind.Index, SchemaChangeKind.Dropped, "ix_orders_customer", "definition"),
        ["index unique"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { IsUnique = true }] }), SchemaObjectKind.Index, SchemaChangeKind.Changed, "ix_customers_name", "unique"),
        ["index columns"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Columns = [new IndexColumn { Name = "name", Descending = true }] }] }), SchemaObjectKind.Index, SchemaChangeKind.Changed, "ix_customers_name", "columns"),
        ["index filter"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Filter = "(email IS NOT NULL)" }] }), SchemaObjectKind.Index, SchemaChangeKind.Changed, "ix_customers_name", "filter"),
        ["index method"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Method = "hash" }] }), SchemaObjectKind.Index, SchemaChangeKind.Changed, "ix_customers_name", "method"),
        ["view added"] = new(s => s with { Views = [.. s.Views, new View { Schema = "public", Name = "big_orders", Definition = "SELECT id FROM orders WHERE total > 100", Columns = [Col("id", 1, "integer")] }] }, SchemaObjectKind.View, SchemaChangeKind.Added, "big_orders", null),
        ["view dropped"] = new(s => s with { Views = [] }, SchemaObjectKind.View, SchemaChangeKind.Dropped, "order_totals", null),
        ["view definition"] = new(s => s with { Views = [s.Views[0] with { Definition = "SELECT customer_id, sum(total) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id" }] }, SchemaObjectKind.View, SchemaChangeKind.Changed, "order_totals", "definition"),
        ["view materialized"] = new(s => s with { Views = [s.Views[0] with { IsMaterialized = true }] }, SchemaObjectKind.View, SchemaChangeKind.Changed, "order_totals", "materialized"),
        ["enum added"] = new(s => s with { Enums = [.. s.Enums, new EnumType { Schema = "public", Name = "mood", Values = ["ok"] }] }, SchemaObjectKind.Enum, SchemaChangeKind.Added, "mood", null),
        ["enum dropped"] = new(s => s with { Enums = [] }, SchemaObjectKind.Enum, SchemaChangeKind.Dropped, "order_status", null),
        ["enum value added"] = new(s => s with { Enums = [s.Enums[0] with { Values = ["new", "paid", "shipped", "refunded"] }] }, SchemaObjectKind.Enum, SchemaChangeKind.Changed, "order_status", "values added"),
        ["enum value removed"] = new(s => s with { Enums = [s.Enums[0] with { Values = ["new", "shipped"] }] }, SchemaObjectKind.Enum, SchemaChangeKind.Changed, "order_status", "values removed"),
        ["enum reordered"] = new(s => s with { Enums = [s.Enums[0] with { Values = ["paid", "new", "shipped"] }] }, SchemaObjectKind.Enum, SchemaChangeKind.Changed, "order_status", "value order"),
        ["domain type"] = new(s => s with { Domains = [s.Domains[0] with { BaseType = "character varying(320)" }] }, SchemaObjectKind.Domain, SchemaChangeKind.Changed, "email", "type"),
        ["domain check"] = new(s => s with { Domains = [s.Domains[0] with { CheckConstraints = [] }] }, SchemaObjectKind.Domain, SchemaChangeKind.Changed, "email", "checks"),
        ["domain nullability"] = new(s => s with { Domains = [s.Domains[0] with { IsNullable = false }] }, SchemaObjectKind.Domain, SchemaChangeKind.Changed, "email", "nullable"),
        ["sequence increment"] = new(s => s with { Sequences = [s.Sequences[0] with { Increment = 10 }] }, SchemaObjectKind.Sequence, SchemaChangeKind.Changed, "invoice_no", "increment"),
        ["sequence cycles"] = new(s => s with { Sequences = [s.Sequences[0] with { Cycles = true }] }, SchemaObjectKind.Sequence, SchemaChangeKind.Changed, "invoice_no", "cycles"),
        ["sequence added"] = new(s => s with { Sequences = [.. s.Sequences, new Sequence { Schema = "public", Name = "ticket_no" }] }, SchemaObjectKind.Sequence, SchemaChangeKind.Added, "ticket_no", null),
        ["schema added"] = new(s => s with { Schemas = [.. s.Schemas, new SchemaNamespace { Name = "audit" }] }, SchemaObjectKind.Schema, SchemaChangeKind.Added, "audit", null),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void There_are_at_least_25_kinds_of_change()
    {
        Assert.True(Cases.Count >= 25);
        Assert.True(Cases.Values.Select(c => (c.Object, c.Change, c.Property)).Distinct().Count() >= 25);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void A_single_change_is_reported_as_exactly_that_change(string caseName)
    {
        var expected = Cases[caseName];
        var difference = SchemaDiff.Compare(Shop(), expected.Mutate(Shop()));

        var change = Assert.Single(difference.Changes);
        Assert.Equal(expected.Object, change.Object);
        Assert.Equal(expected.Change, change.Change);
        Assert.Equal(expected.Name, change.Name);
        if (expected.Property is { } property)
        {
            Assert.Contains(change.Properties, p => p.Property == property);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_reverse_change_is_reported_too(string caseName)
    {
        // Diffing new → old must also find a difference (drops become adds); only the count of changes is symmetric.
        var expected = Cases[caseName];
        var difference = SchemaDiff.Compare(expected.Mutate(Shop()), Shop());

        Assert.Single(difference.Changes);
    }
}
