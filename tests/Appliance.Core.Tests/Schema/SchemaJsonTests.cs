using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.Schema;

public sealed class SchemaJsonTests
{
    internal static DatabaseSchema Sample() => new()
    {
        Engine = DatabaseEngine.Postgres,
        DatabaseName = "shop",
        ServerVersion = "15.8",
        IngestedAt = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero),
        Schemas = [new SchemaNamespace { Name = "public" }, new SchemaNamespace { Name = "billing", Comment = "Money" }],
        Tables =
        [
            new Table
            {
                Schema = "public", Name = "order lines \"x\"", Comment = "Lines",
                Columns =
                [
                    new Column { Name = "order_id", Ordinal = 1, DataType = "integer", BaseType = "int4", IsNullable = false },
                    new Column { Name = "line", Ordinal = 2, DataType = "integer", IsNullable = false, Identity = IdentityKind.Always },
                    new Column { Name = "price", Ordinal = 3, DataType = "numeric(10,2)", Precision = 10, Scale = 2, IsNullable = true, Default = "0" },
                ],
                PrimaryKey = new KeyConstraint { Name = "pk", Columns = ["order_id", "line"] },
                ForeignKeys =
                [
                    new ForeignKey
                    {
                        Name = "fk", Columns = ["order_id"], ReferencedSchema = "billing", ReferencedTable = "orders",
                        ReferencedColumns = ["id"], OnDelete = ReferentialAction.Cascade, OnUpdate = ReferentialAction.SetNull,
                    },
                ],
                CheckConstraints = [new CheckConstraint { Name = "ck", Expression = "(price >= 0)" }],
                Indexes = [new TableIndex { Name = "ix", Columns = [new IndexColumn { Name = "price", Descending = true }], Filter = "(price > 0)", Method = "btree" }],
                RowEstimate = 42,
            },
        ],
        Enums = [new EnumType { Schema = "public", Name = "mood", Values = ["sad", "ok"] }],
    };

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var schema = Sample();
        var back = SchemaJson.Deserialize(SchemaJson.Serialize(schema));

        Assert.Equal(SchemaJson.Serialize(schema), SchemaJson.Serialize(back));
        var table = Assert.Single(back.Tables);
        Assert.Equal("order lines \"x\"", table.Name);
        Assert.Equal(ReferentialAction.Cascade, table.ForeignKeys[0].OnDelete);
        Assert.Equal(ReferentialAction.SetNull, table.ForeignKeys[0].OnUpdate);
        Assert.Equal(IdentityKind.Always, table.Columns[1].Identity);
        Assert.True(table.Indexes[0].Columns[0].Descending);
        Assert.Equal(["sad", "ok"], back.Enums[0].Values);
    }

    [Fact]
    public void Json_uses_documented_names()
    {
        var json = SchemaJson.Serialize(Sample());

        Assert.Contains("\"formatVersion\": 1", json, StringComparison.Ordinal);
        Assert.Contains("\"engine\": \"postgres\"", json, StringComparison.Ordinal);
        Assert.Contains("\"onDelete\": \"cascade\"", json, StringComparison.Ordinal);
        Assert.Contains("\"identity\": \"always\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("qualifiedName", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Newer_format_version_is_refused_with_a_clear_message()
    {
        var json = SchemaJson.Serialize(Sample()).Replace("\"formatVersion\": 1", "\"formatVersion\": 7", StringComparison.Ordinal);

        var ex = Assert.Throws<SchemaFormatException>(() => SchemaJson.Deserialize(json));
        Assert.Contains("format version 7", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"formatVersion\":1,\"engine\":\"oracle\"}")]
    [InlineData("{\"formatVersion\":1}")]
    public void Malformed_json_gives_a_schema_format_error(string json) =>
        Assert.Throws<SchemaFormatException>(() => SchemaJson.Deserialize(json));

    [Fact]
    public void Content_hash_ignores_when_it_was_read_but_not_what_changed()
    {
        var schema = Sample();
        var later = schema with { IngestedAt = schema.IngestedAt.AddDays(3), Tables = [schema.Tables[0] with { RowEstimate = 99 }] };
        var changed = schema with { Tables = [schema.Tables[0] with { Comment = "Other" }] };

        Assert.Equal(SchemaJson.ContentHash(schema), SchemaJson.ContentHash(later));
        Assert.NotEqual(SchemaJson.ContentHash(schema), SchemaJson.ContentHash(changed));
    }

    [Fact]
    public void Summary_counts_tables_views_columns_keys_and_indexes()
    {
        var schema = Sample() with { Views = [new View { Schema = "public", Name = "v", Columns = [new Column { Name = "a", DataType = "int" }] }] };

        Assert.Equal(new SchemaSummary(1, 1, 4, 1, 1), schema.Summarize());
    }

    [Fact]
    public void References_to_a_table_are_found_across_schemas()
    {
        var orders = new Table { Schema = "billing", Name = "orders" };
        var schema = Sample() with { Tables = [.. Sample().Tables, orders] };

        var incoming = schema.ReferencesTo(orders).ToList();

        Assert.Single(incoming);
        Assert.Equal("order lines \"x\"", incoming[0].From.Name);
    }
}
