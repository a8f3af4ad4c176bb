using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Migration;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Appliance.Tests;
using MySqlConnector;
using Npgsql;
using Kind = Appliance.Core.Schema.Diff.SchemaObjectKind;
using Move = Appliance.Core.Schema.Diff.SchemaChangeKind;

namespace Appliance.Infrastructure.Tests.Schema;

/// <summary>
/// The whole chain against real servers: a base database and a new database (written from scratch, many kinds of change
/// apart) are ingested and diffed; the migration DDL from the diff is applied to a fresh copy of the base, which is
/// ingested again and must then have no difference from the new database.
/// </summary>
public sealed class MigrationRoundTripTests
{
    /// <summary>A change the new schema was written to make: its object kind, change, object (and table), and the property.</summary>
    private sealed record Expected(Kind Object, Move Change, string Name, string? Parent = null, string? Property = null)
    {
        public bool FoundIn(SchemaDifference difference) => difference.Changes.Any(c =>
            c.Object == Object && c.Change == Change && c.Name == Name && (Parent is null || c.Parent == Parent)
            && (Property is null || c.Properties.Any(p => p.Property == Property)));

        /// <summary>What makes it a distinct kind of change ("column changed: length").</summary>
        public string Kind => $"{Object} {Change}{(Property is null ? "" : ": " + Property)}";

        public override string ToString() => $"{Kind} ({(Parent is null ? "" : Parent + ".")}{Name})";
    }

    private static readonly Expected[] PostgresChanges =
    [
        new(Kind.Schema, Move.Added, "archive"),
        new(Kind.Enum, Move.Added, "payment_method"),
        new(Kind.Enum, Move.Changed, "order_status", Property: "values added"),
        new(Kind.Domain, Move.Added, "positive_amount"),
        new(Kind.Domain, Move.Changed, "email", Property: "checks"),
        new(Kind.Sequence, Move.Added, "receipt_no"),
        new(Kind.Sequence, Move.Added, "old_orders_id_seq"),
        new(Kind.Sequence, Move.Changed, "invoice_no", Property: "increment"),
        new(Kind.Sequence, Move.Dropped, "audit_log_id_seq"),
        new(Kind.Table, Move.Added, "payments"),
        new(Kind.Table, Move.Dropped, "audit_log"),
        new(Kind.Table, Move.Renamed, "areas"),
        new(Kind.Table, Move.Changed, "products", Property: "comment"),
        new(Kind.Column, Move.Added, "loyalty_points", "customers"),
        new(Kind.Column, Move.Added, "drop table x; --", "Legacy Items"),
        new(Kind.Column, Move.Dropped, "legacy_code", "customers"),
        new(Kind.Column, Move.Renamed, "phone_number", "customers"),
        new(Kind.Column, Move.Changed, "weight", "products", "type"),
        new(Kind.Column, Move.Changed, "name", "customers", "length"),
        new(Kind.Column, Move.Changed, "name", "customers", "collation"),
        new(Kind.Column, Move.Changed, "total", "orders", "precision"),
        new(Kind.Column, Move.Changed, "placed_at", "orders", "nullable"),
        new(Kind.Column, Move.Changed, "title", "products", "nullable"),
        new(Kind.Column, Move.Changed, "country", "customers", "default"),
        new(Kind.Column, Move.Changed, "discontinued", "products", "default"),
        new(Kind.Column, Move.Changed, "note", "orders", "default"),
        new(Kind.Column, Move.Changed, "id", "orders", "identity"),
        new(Kind.Column, Move.Changed, "notes", "customers", "comment"),
        new(Kind.PrimaryKey, Move.Changed, "order_lines_pkey", "order_lines", "columns"),
        new(Kind.ForeignKey, Move.Added, "fk_orders_assignee", "orders"),
        new(Kind.ForeignKey, Move.Dropped, "fk_lines_product", "order_lines"),
        new(Kind.ForeignKey, Move.Changed, "fk_orders_customer", "orders", "on delete"),
        new(Kind.UniqueConstraint, Move.Added, "uq_products_title", "products"),
        new(Kind.UniqueConstraint, Move.Dropped, "uq_customers_email", "customers"),
        new(Kind.CheckConstraint, Move.Added, "ck_orders_total", "orders"),
        new(Kind.CheckConstraint, Move.Dropped, "ck_products_price", "products"),
        new(Kind.CheckConstraint, Move.Changed, "ck_customers_name", "customers", "expression"),
        new(Kind.Index, Move.Added, "ix_orders_placed_at", "orders"),
        new(Kind.Index, Move.Added, "ix_orders_open", "orders"),
        new(Kind.Index, Move.Dropped, "ix_customers_country", "customers"),
        new(Kind.Index, Move.Changed, "ix_customers_name", "customers", "columns"),
        new(Kind.Index, Move.Changed, "ix_orders_note", "orders", "unique"),
        new(Kind.Index, Move.Renamed, "ix_products_mass", "products"),
        new(Kind.View, Move.Added, "v_payments"),
        new(Kind.View, Move.Added, "mv_order_counts"),
        new(Kind.View, Move.Dropped, "old_report"),
        new(Kind.View, Move.Changed, "big_orders", Property: "definition"),
    ];

    private static readonly Expected[] MySqlChanges =
    [
        new(Kind.Sequence, Move.Added, "receipt_no"),
        new(Kind.Table, Move.Added, "payments"),
        new(Kind.Table, Move.Dropped, "audit_log"),
        new(Kind.Table, Move.Renamed, "areas"),
        new(Kind.Table, Move.Changed, "tags", Property: "comment"),
        new(Kind.Column, Move.Added, "loyalty_points", "customers"),
        new(Kind.Column, Move.Added, "drop table x; --", "Legacy Items"),
        new(Kind.Column, Move.Dropped, "legacy_code", "customers"),
        new(Kind.Column, Move.Renamed, "phone_number", "customers"),
        new(Kind.Column, Move.Changed, "stock", "products", "type"),
        new(Kind.Column, Move.Changed, "status", "customers", "type"),
        new(Kind.Column, Move.Changed, "name", "customers", "length"),
        new(Kind.Column, Move.Changed, "price", "products", "precision"),
        new(Kind.Column, Move.Changed, "placed_at", "orders", "nullable"),
        new(Kind.Column, Move.Changed, "title", "products", "nullable"),
        new(Kind.Column, Move.Changed, "country", "customers", "default"),
        new(Kind.Column, Move.Changed, "discontinued", "products", "default"),
        new(Kind.Column, Move.Changed, "note", "orders", "default"),
        new(Kind.Column, Move.Changed, "id", "tags", "identity"),
        new(Kind.Column, Move.Changed, "notes", "customers", "comment"),
        new(Kind.PrimaryKey, Move.Changed, "PRIMARY", "order_lines", "columns"),
        new(Kind.ForeignKey, Move.Added, "fk_orders_assignee", "orders"),
        new(Kind.ForeignKey, Move.Dropped, "fk_lines_product", "order_lines"),
        new(Kind.ForeignKey, Move.Changed, "fk_orders_customer", "orders", "on delete"),
        new(Kind.UniqueConstraint, Move.Added, "uq_products_title", "products"),
        new(Kind.UniqueConstraint, Move.Added, "ix_orders_note", "orders"),
        new(Kind.UniqueConstraint, Move.Dropped, "uq_customers_email", "customers"),
        new(Kind.CheckConstraint, Move.Added, "ck_orders_total", "orders"),
        new(Kind.CheckConstraint, Move.Dropped, "ck_products_price", "products"),
        new(Kind.CheckConstraint, Move.Changed, "ck_customers_name", "customers", "expression"),
        new(Kind.Index, Move.Added, "ix_orders_placed_at", "orders"),
        new(Kind.Index, Move.Dropped, "ix_customers_country", "customers"),
        new(Kind.Index, Move.Changed, "ix_customers_name", "customers", "columns"),
        new(Kind.Index, Move.Changed, "ix_orders_note", "orders", "unique"),
        new(Kind.Index, Move.Renamed, "ix_products_quantity", "products"),
        new(Kind.View, Move.Added, "v_payments"),
        new(Kind.View, Move.Dropped, "old_report"),
        new(Kind.View, Move.Changed, "big_orders", Property: "definition"),
    ];

    [Fact]
    public async Task Postgres_migration_from_the_diff_turns_the_base_into_the_new_schema()
    {
        _ = TestServers.PostgresAdmin;
        await using var baseDatabase = await TestServers.CreatePostgresDatabaseAsync("mig_base");
        await using var newDatabase = await TestServers.CreatePostgresDatabaseAsync("mig_new");
        await using var target = await TestServers.CreatePostgresDatabaseAsync("mig_target");
        await TestServers.ExecutePostgresAsync(baseDatabase.ConnectionString, MigrationRoundTripSql.PostgresBase);
        await TestServers.ExecutePostgresAsync(target.ConnectionString, MigrationRoundTripSql.PostgresBase);
        await TestServers.ExecutePostgresAsync(newDatabase.ConnectionString, MigrationRoundTripSql.PostgresNew);

        var old = await ReadPostgresAsync(baseDatabase);
        var @new = await ReadPostgresAsync(newDatabase);
        var difference = SchemaDiff.Compare(old, @new);
        AssertIntendedChanges(difference, PostgresChanges);

        var script = MigrationPlanner.Plan(old, @new, difference, SqlDialect.Postgres);
        Assert.DoesNotContain(script.Steps, s => s.IsCommentOnly);
        await using (var connection = new NpgsqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            foreach (var step in script.Steps)
            {
                await using var command = new NpgsqlCommand(step.Sql, connection);
                await Apply(step, script, () => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            }
        }

        var migrated = await ReadPostgresAsync(target);
        var remaining = SchemaDiff.Compare(migrated, @new);
        Assert.True(remaining.IsEmpty, $"After the migration the schemas still differ:\n{remaining.ToText()}\nScript:\n{script.ToSql()}");
        AssertWarnings(script, "drops table public.audit_log and its 3 columns: all its rows are lost", "drops column public.customers.legacy_code");
    }

    [Fact]
    public async Task MariaDb_migration_from_the_diff_turns_the_base_into_the_new_schema()
    {
        _ = TestServers.MySqlAdmin;
        await using var baseDatabase = await TestServers.CreateMySqlDatabaseAsync("mig_base");
        await using var newDatabase = await TestServers.CreateMySqlDatabaseAsync("mig_new");
        await using var target = await TestServers.CreateMySqlDatabaseAsync("mig_target");
        await TestServers.ExecuteMySqlAsync(baseDatabase.ConnectionString, MigrationRoundTripSql.MySqlBase);
        await TestServers.ExecuteMySqlAsync(target.ConnectionString, MigrationRoundTripSql.MySqlBase);
        await TestServers.ExecuteMySqlAsync(newDatabase.ConnectionString, MigrationRoundTripSql.MySqlNew);

        // In MySQL a schema is a database: all three are read as the target's, so the names line up and the DDL lands there.
        var old = Rehome(await ReadMySqlAsync(baseDatabase), baseDatabase.Name, target.Name);
        var @new = Rehome(await ReadMySqlAsync(newDatabase), newDatabase.Name, target.Name);
        var difference = SchemaDiff.Compare(old, @new);
        AssertIntendedChanges(difference, MySqlChanges);

        var script = MigrationPlanner.Plan(old, @new, difference, SqlDialect.MySql);
        Assert.DoesNotContain(script.Steps, s => s.IsCommentOnly);
        await using (var connection = new MySqlConnection(target.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            foreach (var step in script.Steps)
            {
                await using var command = new MySqlCommand(step.Sql, connection);
                await Apply(step, script, () => command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            }
        }

        var migrated = await ReadMySqlAsync(target);
        var remaining = SchemaDiff.Compare(migrated, @new);
        Assert.True(remaining.IsEmpty, $"After the migration the schemas still differ:\n{remaining.ToText()}\nScript:\n{script.ToSql()}");
        AssertWarnings(script, $"drops table {target.Name}.audit_log and its 2 columns: all its rows are lost", $"drops column {target.Name}.customers.legacy_code");
    }

    /// <summary>Each intended change is in the diff (so a kind cannot silently vanish), and there are at least 25 kinds.</summary>
    private static void AssertIntendedChanges(SchemaDifference difference, Expected[] expected)
    {
        var missing = expected.Where(e => !e.FoundIn(difference)).ToList();
        Assert.True(missing.Count == 0, $"The diff lacks intended changes: {string.Join("; ", missing)}\nDiff:\n{difference.ToText()}");
        var kinds = expected.Select(e => e.Kind).Distinct(StringComparer.Ordinal).Count();
        Assert.True(kinds >= 25, $"Only {kinds} distinct kinds of change are exercised.");
    }

    private static void AssertWarnings(MigrationScript script, params string[] starts)
    {
        foreach (var start in starts)
        {
            Assert.Contains(script.Warnings, s => s.IsDestructive && s.Warning!.StartsWith(start, StringComparison.Ordinal));
        }
    }

    private static async Task Apply(MigrationStep step, MigrationScript script, Func<Task<int>> execute)
    {
        if (step.IsCommentOnly)
        {
            return;
        }

        try
        {
            await execute();
        }
        catch (Exception ex) when (ex is NpgsqlException or MySqlException)
        {
            Assert.Fail($"Step \"{step.Description}\" failed: {ex.Message}\n{step.Sql}\nScript:\n{script.ToSql()}");
        }
    }

    private static Task<DatabaseSchema> ReadPostgresAsync(TemporaryDatabase database) =>
        new PostgresEngineAdapter().ReadSchemaAsync(
            new ConnectionSettings { Engine = DatabaseEngine.Postgres, ConnectionString = database.ConnectionString }, TestContext.Current.CancellationToken);

    private static Task<DatabaseSchema> ReadMySqlAsync(TemporaryDatabase database) =>
        new MySqlEngineAdapter().ReadSchemaAsync(
            new ConnectionSettings { Engine = DatabaseEngine.MySql, ConnectionString = database.ConnectionString }, TestContext.Current.CancellationToken);

    /// <summary>The schema as if read from database <paramref name="to"/>: names, references and view bodies that name <paramref name="from"/>.</summary>
    private static DatabaseSchema Rehome(DatabaseSchema schema, string from, string to)
    {
        string Name(string name) => name == from ? to : name;
        return schema with
        {
            Schemas = [.. schema.Schemas.Select(s => s with { Name = Name(s.Name) })],
            Tables = [.. schema.Tables.Select(t => t with
            {
                Schema = Name(t.Schema),
                ForeignKeys = [.. t.ForeignKeys.Select(k => k with { ReferencedSchema = Name(k.ReferencedSchema) })],
            })],
            Views = [.. schema.Views.Select(v => v with
            {
                Schema = Name(v.Schema),
                Definition = v.Definition?.Replace($"`{from}`.", $"`{to}`.", StringComparison.Ordinal),
            })],
            Sequences = [.. schema.Sequences.Select(s => s with { Schema = Name(s.Schema) })],
        };
    }
}
