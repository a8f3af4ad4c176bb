using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.Schema.Diff;

/// <summary>Small hand-built schemas for the diff tests: one of every object kind.</summary>
internal static class DiffSchemas
{
    public static Column Col(string name, int ordinal, string type, bool nullable = false) =>
        new() { Name = name, Ordinal = ordinal, DataType = type, IsNullable = nullable };

    public static Table Customers() => new()
    {
        Schema = "public", Name = "customers", Comment = "People who buy",
        Columns =
        [
            Col("id", 1, "integer") with { Identity = IdentityKind.Always, BaseType = "int4" },
            Col("name", 2, "character varying(100)") with { BaseType = "varchar", MaxLength = 100 },
            Col("email", 3, "character varying(200)", nullable: true) with { BaseType = "varchar", MaxLength = 200 },
            Col("created_at", 4, "timestamp with time zone") with { Default = "now()" },
        ],
        PrimaryKey = new KeyConstraint { Name = "customers_pkey", Columns = ["id"] },
        UniqueConstraints = [new KeyConstraint { Name = "customers_email_key", Columns = ["email"] }],
        CheckConstraints = [new CheckConstraint { Name = "ck_name", Expression = "(length(name) > 0)" }],
        Indexes = [new TableIndex { Name = "ix_customers_name", Columns = [new IndexColumn { Name = "name" }], Method = "btree" }],
        RowEstimate = 1000,
    };

    public static Table Orders() => new()
    {
        Schema = "public", Name = "orders",
        Columns =
        [
            Col("id", 1, "integer"),
            Col("customer_id", 2, "integer"),
            Col("total", 3, "numeric(10,2)") with { BaseType = "numeric", Precision = 10, Scale = 2 },
            Col("status", 4, "order_status"),
        ],
        PrimaryKey = new KeyConstraint { Name = "orders_pkey", Columns = ["id"] },
        ForeignKeys =
        [
            new ForeignKey
            {
                Name = "orders_customer_id_fkey", Columns = ["customer_id"], ReferencedSchema = "public",
                ReferencedTable = "customers", ReferencedColumns = ["id"], OnDelete = ReferentialAction.Cascade,
            },
        ],
        Indexes = [new TableIndex { Name = "ix_orders_customer", Columns = [new IndexColumn { Name = "customer_id" }] }],
        RowEstimate = 5000,
    };

    public static DatabaseSchema Shop(DatabaseEngine engine = DatabaseEngine.Postgres) => new()
    {
        Engine = engine,
        DatabaseName = "shop",
        ServerVersion = "16.4",
        IngestedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Schemas = [new SchemaNamespace { Name = "public" }],
        Tables = [Customers(), Orders()],
        Views =
        [
            new View
            {
                Schema = "public", Name = "order_totals",
                Definition = "SELECT customer_id, sum(total) AS total FROM orders GROUP BY customer_id",
                Columns = [Col("customer_id", 1, "integer", true), Col("total", 2, "numeric", true)],
            },
        ],
        Enums = [new EnumType { Schema = "public", Name = "order_status", Values = ["new", "paid", "shipped"] }],
        Domains = [new DomainType { Schema = "public", Name = "email", BaseType = "text", CheckConstraints = [new CheckConstraint { Expression = "(VALUE ~ '@')" }] }],
        Sequences = [new Sequence { Schema = "public", Name = "invoice_no", DataType = "bigint", StartValue = 1, Increment = 1 }],
    };

    /// <summary>Replaces one table (by name) of <paramref name="schema"/>.</summary>
    public static DatabaseSchema WithTable(this DatabaseSchema schema, string name, Func<Table, Table> change) =>
        schema with { Tables = [.. schema.Tables.Select(t => t.Name == name ? change(t) : t)] };

    public static Table WithColumn(this Table table, string name, Func<Column, Column> change) =>
        table with { Columns = [.. table.Columns.Select(c => c.Name == name ? change(c) : c)] };
}
