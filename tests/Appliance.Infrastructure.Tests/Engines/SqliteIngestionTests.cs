using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.Engines;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Tests.Engines;

/// <summary>The SQLite fixture written to a file in a temporary folder, ingested once; dispose deletes the folder.</summary>
public sealed class SqliteFixtureFile : IDisposable
{
    private readonly Lazy<DatabaseSchema> _schema;

    public SqliteFixtureFile()
    {
        Folder = Directory.CreateTempSubdirectory("appliance-sqlite-");
        Path = System.IO.Path.Combine(Folder.FullName, "shop.db");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = new SqliteCommand(EngineTestSupport.ReadFixture("sqlite.sql"), connection);
            command.ExecuteNonQuery();
        }

        _schema = new Lazy<DatabaseSchema>(() => Ingest().GetAwaiter().GetResult());
    }

    public DirectoryInfo Folder { get; }
    public string Path { get; }
    public DatabaseSchema Schema => _schema.Value;

    public Task<DatabaseSchema> Ingest() =>
        new SqliteEngineAdapter().ReadSchemaAsync(new ConnectionSettings { Engine = DatabaseEngine.Sqlite, Database = Path });

    public void Dispose() => Folder.Delete(recursive: true);
}

public sealed class SqliteIngestionTests(SqliteFixtureFile fixture) : IClassFixture<SqliteFixtureFile>
{
    private Table Table(string name) => fixture.Schema.FindTable("main", name) ?? throw new Xunit.Sdk.XunitException($"Table {name} was not ingested.");

    private static Column Column(Table table, string name) =>
        table.FindColumn(name) ?? throw new Xunit.Sdk.XunitException($"Column {name} of {table.QualifiedName} was not ingested.");

    private static TableIndex Index(Table table, string name) =>
        table.Indexes.SingleOrDefault(i => i.Name == name) ?? throw new Xunit.Sdk.XunitException($"Index {name} of {table.QualifiedName} was not ingested.");

    [Fact]
    public void Reads_the_header_tables_and_views_without_internal_tables()
    {
        var schema = fixture.Schema;
        Assert.Equal(DatabaseEngine.Sqlite, schema.Engine);
        Assert.Equal("shop.db", schema.DatabaseName);
        Assert.StartsWith("SQLite 3.", schema.ServerVersion, StringComparison.Ordinal);
        Assert.Equal(["main"], schema.Schemas.Select(s => s.Name));
        // sqlite_sequence and sqlite_stat1 are SQLite's own.
        Assert.Equal(["Kundë 客户", "customer", "order", "order_line", "shipment"], schema.Tables.Select(t => t.Name));
        Assert.Equal(3, Table("customer").RowEstimate); // from sqlite_stat1 after ANALYZE
        Assert.Null(Table("shipment").RowEstimate);
    }

    [Fact]
    public void Reads_columns_with_types_defaults_identity_generation_and_collation()
    {
        var customer = Table("customer");
        Assert.Equal(
            ["id", "email", "name", "country", "created_at", "referred_by", "balance", "name_upper", "email_domain"],
            customer.Columns.Select(c => c.Name));
        Assert.Equal(Enumerable.Range(1, 9), customer.Columns.Select(c => c.Ordinal));

        var id = Column(customer, "id");
        Assert.Equal(("INTEGER", "integer", IdentityKind.AutoIncrement, false), (id.DataType, id.BaseType, id.Identity, id.IsNullable));

        Assert.Equal("NOCASE", Column(customer, "email").Collation);
        Assert.Null(Column(customer, "name").Collation);
        var name = Column(customer, "name");
        Assert.Equal(("VARCHAR(100)", "varchar", 100), (name.DataType, name.BaseType, name.MaxLength!.Value));
        Assert.Equal("'DE'", Column(customer, "country").Default);
        Assert.Equal("CURRENT_TIMESTAMP", Column(customer, "created_at").Default);
        Assert.True(Column(customer, "referred_by").IsNullable);
        var balance = Column(customer, "balance");
        Assert.Equal(("DECIMAL(12, 2)", "decimal", 12, 2, "0"), (balance.DataType, balance.BaseType, balance.Precision!.Value, balance.Scale!.Value, balance.Default));

        var upper = Column(customer, "name_upper");
        Assert.Equal(("upper(name)", false), (upper.GenerationExpression, upper.IsGeneratedStored));
        var domain = Column(customer, "email_domain");
        Assert.Equal(("substr(email, instr(email, '@') + 1)", true), (domain.GenerationExpression, domain.IsGeneratedStored));
        Assert.Null(domain.Default);

        // A plain INTEGER PRIMARY KEY is the rowid too; in a WITHOUT ROWID table it is not.
        Assert.Equal(IdentityKind.AutoIncrement, Column(Table("order"), "id").Identity);
        Assert.All(Table("order_line").Columns, c => Assert.Equal(IdentityKind.None, c.Identity));
    }

    [Fact]
    public void Reads_keys_foreign_keys_with_actions_and_checks()
    {
        var customer = Table("customer");
        Assert.Equal(["id"], customer.PrimaryKey!.Columns);
        var unique = Assert.Single(customer.UniqueConstraints);
        Assert.Equal("customer_email_uq", unique.Name);
        Assert.Equal(["email"], unique.Columns);
        var check = Assert.Single(customer.CheckConstraints);
        Assert.Equal(("customer_balance_ck", "balance >= 0"), (check.Name, check.Expression));

        var self = Assert.Single(customer.ForeignKeys);
        Assert.Equal(("main", "customer", ReferentialAction.SetNull, ReferentialAction.NoAction), (self.ReferencedSchema, self.ReferencedTable, self.OnDelete, self.OnUpdate));
        Assert.Equal(["referred_by"], self.Columns);
        Assert.Equal(["id"], self.ReferencedColumns);
        Assert.Null(self.Name);

        var toCustomer = Assert.Single(Table("order").ForeignKeys);
        Assert.Equal(("order_customer_fk", ReferentialAction.Cascade, ReferentialAction.Cascade), (toCustomer.Name, toCustomer.OnDelete, toCustomer.OnUpdate));

        var line = Table("order_line");
        Assert.Equal("order_line_pk", line.PrimaryKey!.Name);
        Assert.Equal(["order_id", "line_no"], line.PrimaryKey.Columns);
        Assert.Equal(["order_id", "product_code"], Assert.Single(line.UniqueConstraints).Columns);
        Assert.Equal((null, "quantity > 0"), (Assert.Single(line.CheckConstraints).Name, line.CheckConstraints[0].Expression));
        var toOrder = Assert.Single(line.ForeignKeys);
        Assert.Equal(("order", ReferentialAction.Cascade), (toOrder.ReferencedTable, toOrder.OnDelete));
        Assert.Equal(["id"], toOrder.ReferencedColumns); // REFERENCES "order" without columns: its primary key

        var composite = Assert.Single(Table("shipment").ForeignKeys);
        Assert.Equal("shipment_line_fk", composite.Name);
        Assert.Equal(["order_id", "line_no"], composite.Columns);
        Assert.Equal(["order_id", "line_no"], composite.ReferencedColumns);
        Assert.Equal((ReferentialAction.Restrict, ReferentialAction.SetDefault), (composite.OnDelete, composite.OnUpdate));
    }

    [Fact]
    public void Reads_index_shapes()
    {
        var customer = Table("customer");
        var expression = Assert.Single(Index(customer, "customer_lower_name_idx").Columns);
        Assert.Equal(("lower(name)", true), (expression.Name, expression.IsExpression));
        Assert.Equal([("country", false), ("created_at", true)], Index(customer, "customer_country_created_idx").Columns.Select(c => (c.Name, c.Descending)));
        Assert.Equal("referred_by IS NOT NULL", Index(customer, "customer_referred_idx").Filter);
        Assert.Null(Index(customer, "customer_lower_name_idx").Filter);
        var uniqueIndex = Assert.Single(customer.Indexes, i => i.IsUnique);
        Assert.Equal(["email"], uniqueIndex.Columns.Select(c => c.Name));

        var linePk = Assert.Single(Table("order_line").Indexes, i => i.IsPrimaryKey);
        Assert.Equal(["order_id", "line_no"], linePk.Columns.Select(c => c.Name));
    }

    [Fact]
    public void Reads_views_and_odd_identifiers()
    {
        var view = Assert.Single(fixture.Schema.Views);
        Assert.Equal("order_summary", view.Name);
        Assert.StartsWith("SELECT o.id, c.name AS customer_name, o.total", view.Definition, StringComparison.Ordinal);
        Assert.Equal(["id", "customer_name", "total"], view.Columns.Select(c => c.Name));

        var kunde = Table("Kundë 客户");
        Assert.Equal(["Kundë ID", "say \"hi\"", "order id"], kunde.Columns.Select(c => c.Name));
        Assert.Equal(("Kundë pk", "Kundë ID"), (kunde.PrimaryKey!.Name, Assert.Single(kunde.PrimaryKey.Columns)));
        var fk = Assert.Single(kunde.ForeignKeys);
        Assert.Equal(("Kundë → order", "order", ReferentialAction.SetNull), (fk.Name, fk.ReferencedTable, fk.OnDelete));
        Assert.NotNull(Table("order").FindColumn("select"));
    }

    [Fact]
    public async Task Two_ingestions_give_identical_json_and_the_file_is_not_changed()
    {
        var before = await File.ReadAllBytesAsync(fixture.Path, TestContext.Current.CancellationToken);
        var again = await fixture.Ingest();

        Assert.Equal(SchemaJson.Serialize(fixture.Schema with { IngestedAt = default }), SchemaJson.Serialize(again with { IngestedAt = default }));
        Assert.Equal(before, await File.ReadAllBytesAsync(fixture.Path, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Connection_test_opens_read_only()
    {
        var adapter = new SqliteEngineAdapter();
        var settings = new ConnectionSettings { Engine = DatabaseEngine.Sqlite, ConnectionString = $"Data Source={fixture.Path};Mode=ReadWriteCreate" };

        Assert.Equal(SqliteOpenMode.ReadOnly, new SqliteConnectionStringBuilder(adapter.BuildConnectionString(settings)).Mode);
        var result = await adapter.TestAsync(settings, TestContext.Current.CancellationToken);
        Assert.True(result.Success, result.Message);
        Assert.StartsWith("SQLite 3.", result.ServerVersion, StringComparison.Ordinal);
        Assert.Contains(fixture.Path, result.Message, StringComparison.Ordinal);
        Assert.False(result.RoleCanWrite);
    }

    [Fact]
    public async Task A_missing_file_is_an_unknown_database_and_is_not_created()
    {
        var adapter = new SqliteEngineAdapter();
        var missing = Path.Combine(fixture.Folder.FullName, "missing.db");
        var settings = new ConnectionSettings { Engine = DatabaseEngine.Sqlite, Database = missing };

        var result = await adapter.TestAsync(settings, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionProblem.UnknownDatabase, result.Problem);
        Assert.Contains(missing, result.Message, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<DatabaseAccessException>(() => adapter.ReadSchemaAsync(settings, TestContext.Current.CancellationToken));
        Assert.Equal(ConnectionProblem.UnknownDatabase, ex.Problem);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported()
    {
        var text = Path.Combine(fixture.Folder.FullName, "notes.txt");
        await File.WriteAllTextAsync(text, "This is not a database, just some words that are long enough to fill a header.", TestContext.Current.CancellationToken);

        var result = await new SqliteEngineAdapter().TestAsync(new ConnectionSettings { Engine = DatabaseEngine.Sqlite, Database = text }, TestContext.Current.CancellationToken);

        Assert.Equal(ConnectionProblem.InvalidSettings, result.Problem);
        Assert.Contains("not a SQLite database", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_pasted_string_or_an_empty_path_is_invalid_settings()
    {
        var adapter = new SqliteEngineAdapter();
        var pasted = await adapter.TestAsync(new ConnectionSettings { Engine = DatabaseEngine.Sqlite, ConnectionString = "Data Source=x.db;Password=Hunter2-Secret;Bogus=1" }, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionProblem.InvalidSettings, pasted.Problem);
        Assert.DoesNotContain("Hunter2", pasted.Message, StringComparison.Ordinal);

        var empty = await adapter.TestAsync(new ConnectionSettings { Engine = DatabaseEngine.Sqlite }, TestContext.Current.CancellationToken);
        Assert.Equal(ConnectionProblem.InvalidSettings, empty.Problem);
    }
}
