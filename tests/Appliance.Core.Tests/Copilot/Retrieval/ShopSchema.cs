using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.Copilot.Retrieval;

/// <summary>A small shop: customers ← orders ← order_lines → products → suppliers, and an unrelated audit_log.</summary>
internal static class ShopSchema
{
    public static DatabaseSchema Create(string schema = "public") => new()
    {
        Engine = DatabaseEngine.Postgres,
        Tables =
        [
            Table(schema, "customers", ["id:integer", "name:text", "email:text", "country:char(2)"], comment: "People who buy from the shop"),
            Table(schema, "orders", ["id:integer", "customer_id:integer", "ordered_at:timestamp", "status:text", "total_amount:numeric(12,2)"], keys: [("customer_id", "customers")]),
            Table(schema, "order_lines", ["id:integer", "order_id:integer", "product_id:integer", "quantity:integer", "unit_price:numeric(10,2)"], keys: [("order_id", "orders"), ("product_id", "products")]),
            Table(schema, "products", ["id:integer", "name:text", "supplier_id:integer", "price:numeric(10,2)"], keys: [("supplier_id", "suppliers")]),
            Table(schema, "suppliers", ["id:integer", "name:text", "country:char(2)"]),
            Table(schema, "audit_log", ["id:integer", "happened_at:timestamp", "message:text"]),
        ],
    };

    public static Table Table(string schema, string name, string[] columns, (string Column, string Table)[]? keys = null, string? comment = null) => new()
    {
        Schema = schema,
        Name = name,
        Comment = comment,
        Columns = [.. columns.Select((c, i) => new Column { Name = c.Split(':')[0], DataType = c.Split(':')[1], Ordinal = i + 1 })],
        PrimaryKey = new KeyConstraint { Columns = ["id"] },
        ForeignKeys = [.. (keys ?? []).Select(k => new ForeignKey { Columns = [k.Column], ReferencedSchema = schema, ReferencedTable = k.Table, ReferencedColumns = ["id"] })],
    };
}
