using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;

namespace Appliance.Infrastructure.Tests.Engines;

/// <summary>Creates the PostgreSQL fixture database once for the class and ingests it once; dispose drops it.</summary>
public sealed class PostgresFixtureDatabase : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TemporaryDatabase? _database;
    private DatabaseSchema? _schema;

    public TemporaryDatabase Database => _database ?? throw new InvalidOperationException("Not created yet.");

    public async Task<DatabaseSchema> GetSchemaAsync()
    {
        _ = TestServers.PostgresAdmin; // skips the test when no server is configured
        await _gate.WaitAsync();
        try
        {
            if (_schema is null)
            {
                _database = await TestServers.CreatePostgresDatabaseAsync("ingest");
                await TestServers.ExecutePostgresAsync(_database.ConnectionString, EngineTestSupport.ReadFixture("postgres.sql"));
                _schema = await IngestAsync();
            }

            return _schema;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<DatabaseSchema> IngestAsync() =>
        new PostgresEngineAdapter().ReadSchemaAsync(new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = Database.ConnectionString });

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _gate.Dispose();
    }
}

public sealed class PostgresIngestionTests(PostgresFixtureDatabase fixture) : IClassFixture<PostgresFixtureDatabase>
{
    private static Table Table(DatabaseSchema schema, string schemaName, string name) =>
        schema.FindTable(schemaName, name) ?? throw new Xunit.Sdk.XunitException($"Table {schemaName}.{name} was not ingested.");

    private static Column Column(Table table, string name) =>
        table.FindColumn(name) ?? throw new Xunit.Sdk.XunitException($"Column {name} of {table.QualifiedName} was not ingested.");

    private static TableIndex Index(Table table, string name) =>
        table.Indexes.SingleOrDefault(i => i.Name == name) ?? throw new Xunit.Sdk.XunitException($"Index {name} of {table.QualifiedName} was not ingested.");

    [Fact]
    public async Task The_fixture_schema_file_of_the_SQL_tests_matches_this_fixture()
    {
        // Appliance.Core.Tests binds and explains queries against this file; regenerate it with `appliance ingest` when postgres.sql changes.
        var committed = SchemaJson.Deserialize(EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/postgres-fixture.schema.json"));
        var schema = await fixture.GetSchemaAsync();

        Assert.Equal(SchemaJson.ContentHash(schema with { DatabaseName = null }), SchemaJson.ContentHash(committed with { DatabaseName = null }));
    }

    [Fact]
    public async Task Reads_header_schemas_tables_and_views_without_extension_objects()
    {
        var schema = await fixture.GetSchemaAsync();

        Assert.Equal(DatabaseEngine.Postgres, schema.Engine);
        Assert.Equal(fixture.Database.Name, schema.DatabaseName);
        Assert.StartsWith("PostgreSQL ", schema.ServerVersion, StringComparison.Ordinal);
        Assert.InRange(schema.IngestedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(["public", "sales"], schema.Schemas.Select(s => s.Name));
        Assert.Equal("Orders and what belongs to them", schema.Schemas.Single(s => s.Name == "sales").Comment);

        Assert.Equal(
            ["public.Kundë 客户", "public.customer", "sales.order", "sales.order_line", "sales.shipment"],
            schema.Tables.Select(t => t.QualifiedName));
        // hypopg's views (when the extension is installed) are extension-owned and must not appear.
        Assert.Equal(["sales.daily_totals", "sales.order_summary"], schema.Views.Select(v => v.QualifiedName));
        Assert.Equal("People who buy things", Table(schema, "public", "customer").Comment);
        Assert.Equal(3, Table(schema, "public", "customer").RowEstimate);
        Assert.Null(Table(schema, "sales", "order_line").RowEstimate); // never analyzed: reltuples = -1
    }

    [Fact]
    public async Task Reads_columns_with_types_defaults_identity_generation_collation_and_comments()
    {
        var customer = Table(await fixture.GetSchemaAsync(), "public", "customer");

        Assert.Equal(["id", "email", "name", "country", "created_at", "referred_by", "name_upper"], customer.Columns.Select(c => c.Name));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], customer.Columns.Select(c => c.Ordinal));

        var id = Column(customer, "id");
        Assert.Equal("integer", id.DataType);
        Assert.Equal("int4", id.BaseType);
        Assert.Equal(IdentityKind.Always, id.Identity);
        Assert.False(id.IsNullable);
        Assert.Null(id.Default);

        var email = Column(customer, "email");
        Assert.Equal("email_address", email.DataType);
        Assert.Equal("citext", email.BaseType);
        Assert.False(email.IsNullable); // the domain is NOT NULL
        Assert.Equal("Login e-mail", email.Comment);

        var name = Column(customer, "name");
        Assert.Equal("character varying(100)", name.DataType);
        Assert.Equal("varchar", name.BaseType);
        Assert.Equal(100, name.MaxLength);
        Assert.Equal("C", name.Collation);
        Assert.False(name.IsNullable);

        var country = Column(customer, "country");
        Assert.Equal("character(2)", country.DataType);
        Assert.Equal(2, country.MaxLength);
        Assert.Equal("'DE'::bpchar", country.Default);
        Assert.Null(country.Collation);

        var created = Column(customer, "created_at");
        Assert.Equal("timestamp(3) with time zone", created.DataType);
        Assert.Equal("timestamptz", created.BaseType);
        Assert.Equal(3, created.Precision);
        Assert.Equal("now()", created.Default);

        Assert.True(Column(customer, "referred_by").IsNullable);

        var upper = Column(customer, "name_upper");
        Assert.Equal("upper(name::text)", upper.GenerationExpression);
        Assert.True(upper.IsGeneratedStored);
        Assert.Null(upper.Default);
        Assert.Equal(IdentityKind.None, upper.Identity);

        var order = Table(await fixture.GetSchemaAsync(), "sales", "order");
        Assert.Equal("nextval('sales.order_id_seq'::regclass)", Column(order, "id").Default);
        Assert.Equal("sales.order_status", Column(order, "status").DataType);
        Assert.Equal("order_status", Column(order, "status").BaseType);
        Assert.Equal("'new'::sales.order_status", Column(order, "status").Default);
        var total = Column(order, "total");
        Assert.Equal("positive_amount", total.DataType);
        Assert.Equal("numeric", total.BaseType);
        Assert.Equal(12, total.Precision);
        Assert.Equal(2, total.Scale);
        Assert.Equal("text[]", Column(order, "tags").DataType);
        Assert.Equal("text[]", Column(order, "tags").BaseType);
        Assert.Equal("'{}'::text[]", Column(order, "tags").Default);
        Assert.Equal("A column named like a keyword", Column(order, "select").Comment);

        var line = Table(await fixture.GetSchemaAsync(), "sales", "order_line");
        var price = Column(line, "unit_price");
        Assert.Equal("numeric(10,2)", price.DataType);
        Assert.Equal((10, 2), (price.Precision!.Value, price.Scale!.Value));
        Assert.Equal(IdentityKind.ByDefault, Column(Table(await fixture.GetSchemaAsync(), "sales", "shipment"), "id").Identity);
    }

    [Fact]
    public async Task Reads_keys_foreign_keys_with_actions_and_checks()
    {
        var schema = await fixture.GetSchemaAsync();
        var customer = Table(schema, "public", "customer");
        Assert.Equal("customer_pkey", customer.PrimaryKey?.Name);
        Assert.Equal(["id"], customer.PrimaryKey!.Columns);
        var unique = Assert.Single(customer.UniqueConstraints);
        Assert.Equal(("customer_email_key", "email"), (unique.Name, Assert.Single(unique.Columns)));

        // Self-reference.
        var self = Assert.Single(customer.ForeignKeys);
        Assert.Equal(["referred_by"], self.Columns);
        Assert.Equal(("public", "customer"), (self.ReferencedSchema, self.ReferencedTable));
        Assert.Equal(["id"], self.ReferencedColumns);
        Assert.Equal(ReferentialAction.SetNull, self.OnDelete);
        Assert.Equal(ReferentialAction.NoAction, self.OnUpdate);

        // Cross-schema, with ON UPDATE.
        var order = Table(schema, "sales", "order");
        var toCustomer = Assert.Single(order.ForeignKeys);
        Assert.Equal(("order_customer_id_fkey", "public", "customer"), (toCustomer.Name, toCustomer.ReferencedSchema, toCustomer.ReferencedTable));
        Assert.Equal((ReferentialAction.Cascade, ReferentialAction.Cascade), (toCustomer.OnDelete, toCustomer.OnUpdate));
        var check = Assert.Single(order.CheckConstraints);
        Assert.Equal("order_total_check", check.Name);
        Assert.Equal("total::numeric < 1000000::numeric", check.Expression);

        // Composite primary key, unique constraint and check.
        var line = Table(schema, "sales", "order_line");
        Assert.Equal(["order_id", "line_no"], line.PrimaryKey!.Columns);
        Assert.Equal(["order_id", "product_code"], Assert.Single(line.UniqueConstraints).Columns);
        Assert.Equal("quantity > 0", Assert.Single(line.CheckConstraints).Expression);
        Assert.Equal(ReferentialAction.Cascade, Assert.Single(line.ForeignKeys).OnDelete);

        // Composite foreign key whose column order differs from the table's column order.
        var shipment = Table(schema, "sales", "shipment");
        var composite = Assert.Single(shipment.ForeignKeys);
        Assert.Equal("shipment_line_fk", composite.Name);
        Assert.Equal(["order_id", "line_no"], composite.Columns);
        Assert.Equal(["order_id", "line_no"], composite.ReferencedColumns);
        Assert.Equal(("sales", "order_line"), (composite.ReferencedSchema, composite.ReferencedTable));
        Assert.Equal((ReferentialAction.Restrict, ReferentialAction.SetDefault), (composite.OnDelete, composite.OnUpdate));

        Assert.Equal(
            ["public.Kundë 客户", "sales.order_line"],
            schema.ReferencesTo(order).Select(r => r.From.QualifiedName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reads_index_shapes()
    {
        var schema = await fixture.GetSchemaAsync();
        var customer = Table(schema, "public", "customer");
        Assert.Equal(
            ["customer_country_created_idx", "customer_email_hash_idx", "customer_email_key", "customer_lower_name_idx", "customer_pkey", "customer_referred_idx"],
            customer.Indexes.Select(i => i.Name));

        var pk = Index(customer, "customer_pkey");
        Assert.True(pk.IsPrimaryKey && pk.IsUnique);
        Assert.Equal("btree", pk.Method);

        var expression = Assert.Single(Index(customer, "customer_lower_name_idx").Columns);
        Assert.True(expression.IsExpression);
        Assert.Equal("lower(name::text)", expression.Name);

        var covering = Index(customer, "customer_country_created_idx");
        Assert.Equal([("country", false), ("created_at", true)], covering.Columns.Select(c => (c.Name, c.Descending)));
        Assert.All(covering.Columns, c => Assert.False(c.IsExpression));
        Assert.Equal(["name"], covering.IncludedColumns);
        Assert.False(covering.IsUnique);

        Assert.Equal("referred_by IS NOT NULL", Index(customer, "customer_referred_idx").Filter);
        Assert.Null(covering.Filter);
        Assert.Equal("hash", Index(customer, "customer_email_hash_idx").Method);
        Assert.True(Index(customer, "customer_email_key").IsUnique);
        Assert.False(Index(customer, "customer_email_key").IsPrimaryKey);

        var gin = Index(Table(schema, "sales", "order"), "order_tags_gin");
        Assert.Equal("gin", gin.Method);
        Assert.Equal("tags", Assert.Single(gin.Columns).Name);

        Assert.Equal([("order_id", false), ("line_no", false)], Index(Table(schema, "sales", "order_line"), "order_line_pkey").Columns.Select(c => (c.Name, c.Descending)));
    }

    [Fact]
    public async Task Reads_views_enums_domains_and_sequences()
    {
        var schema = await fixture.GetSchemaAsync();

        var summary = schema.FindView("sales", "order_summary")!;
        Assert.False(summary.IsMaterialized);
        Assert.Equal("Orders with customer names", summary.Comment);
        Assert.Contains("FROM sales.\"order\" o", summary.Definition, StringComparison.Ordinal);
        Assert.Contains("JOIN customer c ON c.id = o.customer_id", summary.Definition, StringComparison.Ordinal);
        Assert.Equal(["id", "customer_name", "total"], summary.Columns.Select(c => c.Name));
        Assert.Equal("bigint", summary.Columns[0].DataType);

        var totals = schema.FindView("sales", "daily_totals")!;
        Assert.True(totals.IsMaterialized);
        Assert.Contains("GROUP BY", totals.Definition, StringComparison.Ordinal);
        Assert.Equal(["placed_on", "total"], totals.Columns.Select(c => c.Name));

        var status = Assert.Single(schema.Enums);
        Assert.Equal(("sales", "order_status"), (status.Schema, status.Name));
        Assert.Equal(["new", "on hold", "paid", "shipped", "cancelled"], status.Values);
        Assert.Equal("Lifecycle of an order", status.Comment);

        // citext's own type is extension-owned and not a domain; the fixture declares exactly two domains.
        Assert.Equal(["email_address", "positive_amount"], schema.Domains.Select(d => d.Name));
        var email = schema.Domains[0];
        Assert.Equal(("public", "citext", false), (email.Schema, email.BaseType, email.IsNullable));
        Assert.Equal("An e-mail address", email.Comment);
        Assert.Equal("VALUE ~ '^[^@]+@[^@]+$'::citext", Assert.Single(email.CheckConstraints).Expression);
        var amount = schema.Domains[1];
        Assert.Equal(("numeric(12,2)", true, "0"), (amount.BaseType, amount.IsNullable, amount.Default));
        Assert.Equal(("positive_amount_check", "VALUE >= 0::numeric"), (amount.CheckConstraints[0].Name, amount.CheckConstraints[0].Expression));

        // Identity columns' internal sequences are left out; a serial's sequence is owned by its column.
        Assert.Equal(["sales.invoice_no", "sales.order_id_seq"], schema.Sequences.Select(s => $"{s.Schema}.{s.Name}"));
        var invoice = schema.Sequences[0];
        Assert.Equal("integer", invoice.DataType);
        Assert.Equal((1000L, 10L, 1000L, 999999L, true), (invoice.StartValue!.Value, invoice.Increment!.Value, invoice.MinValue!.Value, invoice.MaxValue!.Value, invoice.Cycles));
        Assert.Null(invoice.OwnedBy);
        Assert.Equal("sales.order.id", schema.Sequences[1].OwnedBy);
        Assert.Equal("bigint", schema.Sequences[1].DataType);
    }

    [Fact]
    public async Task Reads_identifiers_with_spaces_quotes_unicode_and_reserved_words()
    {
        var schema = await fixture.GetSchemaAsync();
        var kunde = Table(schema, "public", "Kundë 客户");
        Assert.Equal("Unicode, spaces and quotes", kunde.Comment);
        Assert.Equal(["Kundë ID", "say \"hi\"", "order id"], kunde.Columns.Select(c => c.Name));
        Assert.Equal(("Kundë pk", "Kundë ID"), (kunde.PrimaryKey!.Name, Assert.Single(kunde.PrimaryKey.Columns)));
        var fk = Assert.Single(kunde.ForeignKeys);
        Assert.Equal("Kundë → order", fk.Name);
        Assert.Equal(["order id"], fk.Columns);
        Assert.Equal(("sales", "order", ReferentialAction.SetNull), (fk.ReferencedSchema, fk.ReferencedTable, fk.OnDelete));
        Assert.NotNull(Table(schema, "sales", "order").FindColumn("select"));
    }

    [Fact]
    public async Task Two_ingestions_of_the_same_database_give_identical_json()
    {
        var first = await fixture.GetSchemaAsync();
        var second = await fixture.IngestAsync();

        Assert.Equal(SchemaJson.ContentHash(first), SchemaJson.ContentHash(second));
        Assert.Equal(SchemaJson.Serialize(first with { IngestedAt = default }), SchemaJson.Serialize(second with { IngestedAt = default }));
    }
}
