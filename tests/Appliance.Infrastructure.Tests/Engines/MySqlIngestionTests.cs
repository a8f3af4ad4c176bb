using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;

namespace Appliance.Infrastructure.Tests.Engines;

/// <summary>
/// Creates the MySQL fixture in two temporary databases ("crm" and "sales", each a schema of the model) once for the
/// class and ingests the whole server (the connection names no database); dispose drops both databases.
/// </summary>
public sealed class MySqlFixtureDatabases : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private TemporaryDatabase? _crm;
    private TemporaryDatabase? _sales;
    private DatabaseSchema? _schema;

    public string Crm => _crm?.Name ?? throw new InvalidOperationException("Not created yet.");
    public string Sales => _sales?.Name ?? throw new InvalidOperationException("Not created yet.");
    public bool IsMariaDb { get; private set; }

    public async Task<DatabaseSchema> GetSchemaAsync()
    {
        _ = TestServers.MySqlAdmin; // skips the test when no server is configured
        await _gate.WaitAsync();
        try
        {
            if (_schema is null)
            {
                _crm = await TestServers.CreateMySqlDatabaseAsync("crm");
                _sales = await TestServers.CreateMySqlDatabaseAsync("sales");
                var sql = EngineTestSupport.ReadFixture("mysql.sql").Replace("{crm}", Crm, StringComparison.Ordinal).Replace("{sales}", Sales, StringComparison.Ordinal);
                await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, sql);
                _schema = await new MySqlEngineAdapter().ReadSchemaAsync(new ConnectionSettings { Engine = DatabaseEngine.MySql, ConnectionString = TestServers.MySqlAdmin });
                IsMariaDb = _schema.ServerVersion!.StartsWith("MariaDB", StringComparison.Ordinal);
                if (IsMariaDb)
                {
                    await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, $"CREATE SEQUENCE `{Sales}`.invoice_no START WITH 1000 INCREMENT BY 10");
                    _schema = await new MySqlEngineAdapter().ReadSchemaAsync(new ConnectionSettings { Engine = DatabaseEngine.MySql, ConnectionString = TestServers.MySqlAdmin });
                }
            }

            return _schema;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Settings naming the sales database, so that only it is read.</summary>
    public ConnectionSettings SalesOnly() => new()
    {
        Engine = DatabaseEngine.MySql,
        ConnectionString = new MySqlConnector.MySqlConnectionStringBuilder(TestServers.MySqlAdmin) { Database = Sales }.ConnectionString,
    };

    public async ValueTask DisposeAsync()
    {
        // sales references crm: drop it first.
        if (_sales is not null)
        {
            await _sales.DisposeAsync();
        }

        if (_crm is not null)
        {
            await _crm.DisposeAsync();
        }

        _gate.Dispose();
    }
}

public sealed class MySqlIngestionTests(MySqlFixtureDatabases fixture) : IClassFixture<MySqlFixtureDatabases>
{
    private static Table Table(DatabaseSchema schema, string schemaName, string name) =>
        schema.FindTable(schemaName, name) ?? throw new Xunit.Sdk.XunitException($"Table {schemaName}.{name} was not ingested.");

    private static Column Column(Table table, string name) =>
        table.FindColumn(name) ?? throw new Xunit.Sdk.XunitException($"Column {name} of {table.QualifiedName} was not ingested.");

    private static TableIndex Index(Table table, string name) =>
        table.Indexes.SingleOrDefault(i => i.Name == name) ?? throw new Xunit.Sdk.XunitException($"Index {name} of {table.QualifiedName} was not ingested.");

    [Fact]
    public async Task Reads_every_database_as_a_schema_without_system_databases()
    {
        var schema = await fixture.GetSchemaAsync();

        Assert.Equal(DatabaseEngine.MySql, schema.Engine);
        Assert.Null(schema.DatabaseName);
        Assert.Matches("^(MariaDB|MySQL) [0-9]", schema.ServerVersion);
        Assert.Contains(fixture.Crm, schema.Schemas.Select(s => s.Name));
        Assert.Contains(fixture.Sales, schema.Schemas.Select(s => s.Name));
        Assert.DoesNotContain(schema.Schemas, s => s.Name is "mysql" or "information_schema" or "performance_schema" or "sys");
        Assert.DoesNotContain(schema.Tables, t => t.Schema is "mysql" or "information_schema" or "performance_schema" or "sys");

        Assert.Equal(["customer"], schema.Tables.Where(t => t.Schema == fixture.Crm).Select(t => t.Name));
        Assert.Equal(["Kundë 客户", "order", "order_line", "shipment"], schema.Tables.Where(t => t.Schema == fixture.Sales).Select(t => t.Name));
        Assert.Equal(["order_summary"], schema.Views.Where(v => v.Schema == fixture.Sales).Select(v => v.Name));

        var customer = Table(schema, fixture.Crm, "customer");
        Assert.Equal("People who buy things", customer.Comment);
        Assert.InRange(customer.RowEstimate!.Value, 1, 10); // InnoDB's estimate after ANALYZE of 3 rows
    }

    [Fact]
    public async Task Reads_columns_with_types_defaults_auto_increment_generation_collation_and_comments()
    {
        var customer = Table(await fixture.GetSchemaAsync(), fixture.Crm, "customer");
        Assert.Equal(
            ["id", "email", "name", "country", "note", "maybe", "created_at", "referred_by", "status", "balance", "name_upper", "email_domain"],
            customer.Columns.Select(c => c.Name));

        var id = Column(customer, "id");
        Assert.Equal("int", id.BaseType);
        Assert.StartsWith("int", id.DataType, StringComparison.Ordinal);
        Assert.Equal(IdentityKind.AutoIncrement, id.Identity);
        Assert.False(id.IsNullable);
        Assert.Null(id.Default);

        var email = Column(customer, "email");
        Assert.Equal(("varchar(255)", "varchar", 255), (email.DataType, email.BaseType, email.MaxLength!.Value));
        Assert.Equal("Login e-mail", email.Comment);
        Assert.Null(email.Collation); // the table's default

        Assert.Equal("utf8mb4_bin", Column(customer, "name").Collation);
        Assert.Equal("'DE'", Column(customer, "country").Default);
        Assert.Equal("'it''s'", Column(customer, "note").Default);
        Assert.Null(Column(customer, "maybe").Default);
        Assert.True(Column(customer, "maybe").IsNullable);

        var created = Column(customer, "created_at");
        Assert.Equal("timestamp(3)", created.DataType);
        Assert.Equal(3, created.Precision);
        Assert.Equal("current_timestamp(3)", created.Default, ignoreCase: true);

        var status = Column(customer, "status");
        Assert.Equal(("enum('new','active','gone')", "enum", "'new'"), (status.DataType, status.BaseType, status.Default));

        var balance = Column(customer, "balance");
        Assert.Equal(("decimal(12,2)", 12, 2, "0.00"), (balance.DataType, balance.Precision!.Value, balance.Scale!.Value, balance.Default));

        var upper = Column(customer, "name_upper");
        Assert.False(upper.IsGeneratedStored);
        Assert.Matches("^(ucase|upper)\\(`name`\\)$", upper.GenerationExpression);
        Assert.Null(upper.Default);
        var domain = Column(customer, "email_domain");
        Assert.True(domain.IsGeneratedStored);
        Assert.Contains("substring_index(`email`,'@',-1)", domain.GenerationExpression, StringComparison.Ordinal);

        var order = Table(await fixture.GetSchemaAsync(), fixture.Sales, "order");
        Assert.Equal("bigint unsigned", Column(order, "id").DataType.Replace("(20)", "", StringComparison.Ordinal));
        Assert.Equal("A column named like a keyword", Column(order, "select").Comment);
    }

    [Fact]
    public async Task Reads_keys_foreign_keys_with_actions_and_checks()
    {
        var schema = await fixture.GetSchemaAsync();
        var customer = Table(schema, fixture.Crm, "customer");
        Assert.Equal(("PRIMARY", "id"), (customer.PrimaryKey!.Name, Assert.Single(customer.PrimaryKey.Columns)));
        var unique = Assert.Single(customer.UniqueConstraints);
        Assert.Equal(("customer_email_uq", "email"), (unique.Name, Assert.Single(unique.Columns)));
        var check = Assert.Single(customer.CheckConstraints);
        Assert.Equal(("customer_balance_ck", "`balance` >= 0"), (check.Name, check.Expression));

        var self = Assert.Single(customer.ForeignKeys);
        Assert.Equal(("customer_referred_fk", fixture.Crm, "customer"), (self.Name, self.ReferencedSchema, self.ReferencedTable));
        Assert.Equal(["referred_by"], self.Columns);
        Assert.Equal(["id"], self.ReferencedColumns);
        Assert.Equal(ReferentialAction.SetNull, self.OnDelete);
        Assert.Contains(self.OnUpdate, new[] { ReferentialAction.Restrict, ReferentialAction.NoAction });

        // Cross-database foreign key with ON UPDATE.
        var toCustomer = Assert.Single(Table(schema, fixture.Sales, "order").ForeignKeys);
        Assert.Equal((fixture.Crm, "customer"), (toCustomer.ReferencedSchema, toCustomer.ReferencedTable));
        Assert.Equal((ReferentialAction.Cascade, ReferentialAction.Cascade), (toCustomer.OnDelete, toCustomer.OnUpdate));

        var line = Table(schema, fixture.Sales, "order_line");
        Assert.Equal(["order_id", "line_no"], line.PrimaryKey!.Columns);
        var lineUnique = Assert.Single(line.UniqueConstraints);
        Assert.Equal("order_line_product_uq", lineUnique.Name);
        Assert.Equal(["order_id", "product_code"], lineUnique.Columns);
        Assert.Equal("`quantity` > 0", Assert.Single(line.CheckConstraints).Expression);
        Assert.Equal(ReferentialAction.Cascade, Assert.Single(line.ForeignKeys).OnDelete);

        // Composite foreign key in constraint order (not table column order).
        var composite = Assert.Single(Table(schema, fixture.Sales, "shipment").ForeignKeys);
        Assert.Equal("shipment_line_fk", composite.Name);
        Assert.Equal(["order_id", "line_no"], composite.Columns);
        Assert.Equal(["order_id", "line_no"], composite.ReferencedColumns);
        Assert.Equal((ReferentialAction.Restrict, ReferentialAction.NoAction), (composite.OnDelete, composite.OnUpdate));
    }

    [Fact]
    public async Task Reads_index_shapes()
    {
        var customer = Table(await fixture.GetSchemaAsync(), fixture.Crm, "customer");

        var primary = Index(customer, "PRIMARY");
        Assert.True(primary.IsPrimaryKey && primary.IsUnique);
        Assert.Equal("btree", primary.Method);

        var descending = Index(customer, "customer_country_created_idx");
        Assert.False(descending.IsUnique);
        Assert.Equal([("country", false), ("created_at", true)], descending.Columns.Select(c => (c.Name, c.Descending)));

        Assert.Equal("fulltext", Index(customer, "customer_name_ft").Method);
        Assert.Equal("name_upper", Assert.Single(Index(customer, "customer_upper_idx").Columns).Name);
        Assert.True(Index(customer, "customer_email_uq").IsUnique);
        Assert.Equal([("order_id", false), ("line_no", false)], Index(Table(await fixture.GetSchemaAsync(), fixture.Sales, "order_line"), "PRIMARY").Columns.Select(c => (c.Name, c.Descending)));
    }

    [Fact]
    public async Task Reads_views_sequences_and_odd_identifiers()
    {
        var schema = await fixture.GetSchemaAsync();
        var view = schema.FindView(fixture.Sales, "order_summary")!;
        Assert.Contains("join", view.Definition, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"`{fixture.Crm}`.`customer`", view.Definition, StringComparison.Ordinal);
        Assert.Equal(["id", "customer_name", "total"], view.Columns.Select(c => c.Name));
        Assert.All(view.Columns, c => Assert.Null(c.Default));

        if (fixture.IsMariaDb)
        {
            Assert.Equal("invoice_no", Assert.Single(schema.Sequences, s => s.Schema == fixture.Sales).Name);
            Assert.Null(schema.FindTable(fixture.Sales, "invoice_no"));
        }

        var kunde = Table(schema, fixture.Sales, "Kundë 客户");
        Assert.Equal("Unicode, spaces and quotes", kunde.Comment);
        Assert.Equal(["Kundë ID", "say `hi`", "order id"], kunde.Columns.Select(c => c.Name));
        Assert.Equal(["Kundë ID"], kunde.PrimaryKey!.Columns);
        var fk = Assert.Single(kunde.ForeignKeys);
        Assert.Equal(("Kundë → order", "order", ReferentialAction.SetNull), (fk.Name, fk.ReferencedTable, fk.OnDelete));
        Assert.Equal(["order id"], fk.Columns);
    }

    [Fact]
    public async Task A_connection_naming_a_database_reads_only_it_and_twice_gives_identical_json()
    {
        await fixture.GetSchemaAsync();
        var adapter = new MySqlEngineAdapter();

        var first = await adapter.ReadSchemaAsync(fixture.SalesOnly(), TestContext.Current.CancellationToken);
        var second = await adapter.ReadSchemaAsync(fixture.SalesOnly(), TestContext.Current.CancellationToken);

        Assert.Equal(fixture.Sales, first.DatabaseName);
        Assert.Equal([fixture.Sales], first.Schemas.Select(s => s.Name));
        Assert.Equal(["Kundë 客户", "order", "order_line", "shipment"], first.Tables.Select(t => t.Name));
        // The cross-database key still names the other database.
        Assert.Equal(fixture.Crm, Assert.Single(first.FindTable(fixture.Sales, "order")!.ForeignKeys).ReferencedSchema);
        Assert.Equal(SchemaJson.ContentHash(first), SchemaJson.ContentHash(second));
        Assert.Equal(
            SchemaJson.Serialize(first with { IngestedAt = default, Tables = [.. first.Tables.Select(t => t with { RowEstimate = null })] }),
            SchemaJson.Serialize(second with { IngestedAt = default, Tables = [.. second.Tables.Select(t => t with { RowEstimate = null })] }));
    }
}
