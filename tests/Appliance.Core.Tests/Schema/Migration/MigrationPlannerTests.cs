using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Migration;
using Appliance.Core.Sql;
using static Appliance.Core.Tests.Schema.Diff.DiffSchemas;

namespace Appliance.Core.Tests.Schema.Migration;

/// <summary>The safe order of migration steps, the warnings of destructive ones, quoting, and the script text.</summary>
public sealed class MigrationPlannerTests
{
    public static TheoryData<SqlDialect> Dialects => [SqlDialect.Postgres, SqlDialect.MySql, SqlDialect.TSql];

    private static MigrationScript Plan(DatabaseSchema old, DatabaseSchema @new, SqlDialect dialect = SqlDialect.Postgres) =>
        MigrationPlanner.Plan(old, @new, SchemaDiff.Compare(old, @new), dialect);

    /// <summary>The position of the first step whose SQL contains <paramref name="fragment"/>; fails when there is none.</summary>
    private static int IndexOf(MigrationScript script, string fragment)
    {
        var index = script.Steps.ToList().FindIndex(s => s.Sql.Contains(fragment, StringComparison.Ordinal));
        Assert.True(index >= 0, $"No step contains {fragment}:\n{script.ToSql()}");
        return index;
    }

    private static void AssertBefore(MigrationScript script, string first, string then) =>
        Assert.True(IndexOf(script, first) < IndexOf(script, then), $"Expected {first} before {then}:\n{script.ToSql()}");

    private static string Drop(SqlDialect dialect, string table) => dialect switch
    {
        SqlDialect.MySql => $"DROP TABLE `public`.`{table}`",
        SqlDialect.TSql => $"DROP TABLE [public].[{table}]",
        _ => $"DROP TABLE \"public\".\"{table}\"",
    };

    private static string Create(SqlDialect dialect, string table) => Drop(dialect, table).Replace("DROP", "CREATE", StringComparison.Ordinal);

    [Fact]
    public void Identical_schemas_give_an_empty_script()
    {
        var script = Plan(Shop(), Shop());

        Assert.True(script.IsEmpty);
        Assert.Equal("", script.ToSql());
    }

    [Fact]
    public void Sqlite_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<NotSupportedException>(() => Plan(Shop(), Shop() with { Tables = [] }, SqlDialect.Sqlite));

        Assert.Contains("SQLite", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Dropped_tables_go_children_first(SqlDialect dialect)
    {
        var script = Plan(Shop(), Shop() with { Tables = [], Views = [] }, dialect);

        AssertBefore(script, Drop(dialect, "orders"), Drop(dialect, "customers"));
        // The foreign key goes with its table: no separate drop is needed when the child goes first.
        Assert.DoesNotContain(script.Steps, s => s.Sql.Contains("orders_customer_id_fkey", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Created_tables_go_parents_first_and_foreign_keys_after_every_table(SqlDialect dialect)
    {
        var target = Shop();
        // Orders listed first, so only the planner's ordering puts customers ahead.
        var script = Plan(target with { Tables = [], Views = [] }, target with { Tables = [.. target.Tables.Reverse()] }, dialect);

        AssertBefore(script, Create(dialect, "customers"), Create(dialect, "orders"));
        AssertBefore(script, Create(dialect, "orders"), "FOREIGN KEY");
        Assert.DoesNotContain("FOREIGN KEY", script.Steps[IndexOf(script, Create(dialect, "orders"))].Sql, StringComparison.Ordinal);
        AssertBefore(script, "FOREIGN KEY", "order_totals");
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_foreign_key_comes_off_before_the_key_it_references_is_rebuilt_and_goes_back_after(SqlDialect dialect)
    {
        var old = Shop();
        var @new = old.WithTable("customers", t => t with { PrimaryKey = new KeyConstraint { Name = "customers_pkey", Columns = ["id", "name"] } });
        // The foreign key must now point at a key that exists: customers gets a unique key on id.
        @new = @new.WithTable("customers", t => t with { UniqueConstraints = [.. t.UniqueConstraints, new KeyConstraint { Name = "uq_customer_id", Columns = ["id"] }] });

        var script = Plan(old, @new, dialect);

        var dropKey = IndexOf(script, "orders_customer_id_fkey");
        var dropPrimaryKey = dialect switch
        {
            SqlDialect.MySql => "DROP PRIMARY KEY",
            SqlDialect.TSql => "DROP CONSTRAINT [customers_pkey]",
            _ => "DROP CONSTRAINT \"customers_pkey\"",
        };
        Assert.True(dropKey < IndexOf(script, dropPrimaryKey), script.ToSql());
        Assert.Contains("the key it references is rebuilt; added again below", script.Steps[dropKey].Description, StringComparison.Ordinal);
        var addKey = script.Steps.ToList().FindLastIndex(s => s.Sql.Contains("orders_customer_id_fkey", StringComparison.Ordinal));
        Assert.True(addKey > dropKey && script.Steps[addKey].Sql.Contains("FOREIGN KEY", StringComparison.Ordinal), script.ToSql());
        Assert.True(addKey > IndexOf(script, "PRIMARY KEY ("), script.ToSql());
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_foreign_key_comes_off_while_the_type_of_its_columns_changes(SqlDialect dialect)
    {
        var old = Shop();
        var @new = old.WithTable("customers", t => t.WithColumn("id", c => c with { DataType = "bigint", BaseType = "int8" }))
            .WithTable("orders", t => t.WithColumn("customer_id", c => c with { DataType = "bigint" }));

        var script = Plan(old, @new, dialect);

        var drop = IndexOf(script, "orders_customer_id_fkey");
        var alter = IndexOf(script, "bigint");
        var add = script.Steps.ToList().FindLastIndex(s => s.Sql.Contains("orders_customer_id_fkey", StringComparison.Ordinal));
        Assert.True(drop < alter && alter < add, script.ToSql());
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Views_reading_a_changed_column_are_dropped_first_and_created_again_last(SqlDialect dialect)
    {
        var old = Shop();
        var @new = old.WithTable("orders", t => t.WithColumn("total", c => c with { DataType = "numeric(14,2)", Precision = 14 }));

        var script = Plan(old, @new, dialect);

        var dropView = IndexOf(script, "DROP VIEW");
        var alter = IndexOf(script, "numeric(14,2)");
        var createView = IndexOf(script, "CREATE VIEW");
        Assert.True(dropView < alter && alter < createView, script.ToSql());
        Assert.Equal(script.Steps.Count - 1, createView);
        Assert.False(script.Steps[dropView].IsDestructive, "a view dropped to be rebuilt loses nothing");
    }

    [Fact]
    public void Indexes_and_constraints_come_off_before_their_columns_are_dropped()
    {
        var old = Shop();
        var @new = old.WithTable("customers", t => t with
        {
            Columns = [.. t.Columns.Where(c => c.Name != "name")],
            Indexes = [],
            CheckConstraints = [],
        });

        var script = Plan(old, @new);

        var dropColumn = IndexOf(script, "DROP COLUMN \"name\"");
        Assert.True(IndexOf(script, "DROP INDEX \"public\".\"ix_customers_name\"") < dropColumn, script.ToSql());
        Assert.True(IndexOf(script, "DROP CONSTRAINT \"ck_name\"") < dropColumn, script.ToSql());
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void A_renamed_table_is_renamed_before_its_columns_change_and_they_use_the_new_name(SqlDialect dialect)
    {
        var old = Shop();
        var @new = old with
        {
            Tables = [.. old.Tables.Select(t => t.Name == "orders" ? t with { Name = "purchase_orders", Columns = [.. t.Columns, Col("note", 5, "text", nullable: true)] } : t)],
        };

        var script = Plan(old, @new, dialect);

        var rename = IndexOf(script, "purchase_orders");
        Assert.Contains("rename table public.orders to public.purchase_orders", script.Steps[rename].Description, StringComparison.Ordinal);
        var addColumn = IndexOf(script, "note");
        Assert.True(rename < addColumn, script.ToSql());
        Assert.Contains("purchase_orders", script.Steps[addColumn].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Enums_and_sequences_exist_before_the_tables_that_use_them_and_go_after_the_tables_that_used_them()
    {
        var old = Shop() with { Enums = [], Sequences = [], Tables = [], Views = [] };
        var script = Plan(old, Shop());

        AssertBefore(script, "CREATE TYPE \"public\".\"order_status\"", "CREATE TABLE \"public\".\"orders\"");
        AssertBefore(script, "CREATE SEQUENCE \"public\".\"invoice_no\"", "CREATE TABLE \"public\".\"customers\"");

        var back = Plan(Shop(), old);
        AssertBefore(back, "DROP TABLE \"public\".\"orders\"", "DROP TYPE \"public\".\"order_status\"");
    }

    [Fact]
    public void Dropping_a_table_warns_what_is_lost()
    {
        var old = Shop();
        var script = Plan(old, old with { Tables = [old.Tables[0]], Views = [] });

        var step = script.Steps.Single(s => s.Sql == "DROP TABLE \"public\".\"orders\"");
        Assert.True(step.IsDestructive);
        Assert.Equal("drops table public.orders and its 4 columns: all its rows are lost (about 5,000 by the last statistics)", step.Warning);
        var view = script.Steps.Single(s => s.Sql == "DROP VIEW \"public\".\"order_totals\"");
        Assert.True(view.IsDestructive);
        Assert.Equal("drops view public.order_totals: queries, reports and grants that use it stop working", view.Warning);
        Assert.Contains("-- WARNING: drops table public.orders and its 4 columns: all its rows are lost (about 5,000 by the last statistics)\nDROP TABLE \"public\".\"orders\";\n",
            script.ToSql(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dropping_a_column_warns_what_is_lost()
    {
        var old = Shop();
        var script = Plan(old, old.WithTable("orders", t => t with { Columns = [.. t.Columns.Where(c => c.Name != "total")] }), SqlDialect.MySql);

        var step = script.Steps.Single(s => s.Sql.Contains("DROP COLUMN", StringComparison.Ordinal));
        Assert.True(step.IsDestructive);
        Assert.Equal("drops column public.orders.total (numeric(10,2)): its value in every row is lost", step.Warning);
    }

    [Fact]
    public void Sql_server_drops_a_columns_default_constraint_first_and_warns_once()
    {
        var old = Shop();
        var script = Plan(old, old.WithTable("customers", t => t with { Columns = [.. t.Columns.Where(c => c.Name != "created_at")] }), SqlDialect.TSql);

        Assert.Equal(2, script.Steps.Count);
        Assert.StartsWith("DECLARE @default_1 sysname = (SELECT d.name FROM sys.default_constraints d", script.Steps[0].Sql, StringComparison.Ordinal);
        Assert.Contains("c.name = N'created_at'", script.Steps[0].Sql, StringComparison.Ordinal);
        Assert.False(script.Steps[0].IsDestructive);
        Assert.Equal("ALTER TABLE [public].[customers] DROP COLUMN [created_at]", script.Steps[1].Sql);
        Assert.Single(script.Warnings);
    }

    [Theory]
    [InlineData("character varying(100)", "character varying(50)", 50, true)]
    [InlineData("character varying(100)", "character varying(200)", 200, false)]
    [InlineData("character varying(100)", "text", null, false)]
    [InlineData("character varying(100)", "integer", null, true)]
    public void A_type_change_warns_only_when_values_may_not_fit(string from, string to, int? length, bool destructive)
    {
        var old = Shop();
        var @new = old.WithTable("customers", t => t.WithColumn("name", c => c with { DataType = to, BaseType = null, MaxLength = length }));

        var script = Plan(old.WithTable("customers", t => t.WithColumn("name", c => c with { DataType = from, BaseType = null })), @new);

        var step = script.Steps.Single(s => s.Sql.Contains($"TYPE {to}", StringComparison.Ordinal));
        Assert.Equal(destructive, step.IsDestructive);
        if (destructive)
        {
            Assert.StartsWith($"changes public.customers.name from {from} to {to}: values that ", step.Warning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(step.Warning);
        }
    }

    [Fact]
    public void Narrowing_a_numeric_and_dropping_an_enum_value_of_a_mysql_column_warn()
    {
        var old = Shop(Connections.DatabaseEngine.MySql).WithTable("orders", t => t.WithColumn("status", c => c with { DataType = "enum('new','paid')", BaseType = "enum" }));
        var @new = old.WithTable("orders", t => t
            .WithColumn("status", c => c with { DataType = "enum('new')" })
            .WithColumn("total", c => c with { DataType = "numeric(8,2)", Precision = 8 }));

        var script = Plan(old, @new, SqlDialect.MySql);

        var status = script.Steps.Single(s => s.Sql.Contains("`status` enum('new')", StringComparison.Ordinal));
        Assert.True(status.IsDestructive);
        Assert.Contains("rows holding paid", status.Warning, StringComparison.Ordinal);
        var total = script.Steps.Single(s => s.Sql.Contains("`total` numeric(8,2)", StringComparison.Ordinal));
        Assert.True(total.IsDestructive);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public void Making_a_column_not_null_warns(SqlDialect dialect)
    {
        var old = Shop();
        var script = Plan(old, old.WithTable("customers", t => t.WithColumn("email", c => c with { IsNullable = false })), dialect);

        var step = Assert.Single(script.Steps);
        Assert.True(step.IsDestructive);
        Assert.Equal("makes public.customers.email NOT NULL: the statement fails while any row holds NULL there (fill those rows first)", step.Warning);
    }

    [Fact]
    public void An_enum_value_cannot_be_dropped_in_place_so_the_step_is_a_destructive_comment()
    {
        var old = Shop();
        var script = Plan(old, old with { Enums = [old.Enums[0] with { Values = ["new", "shipped"] }] });

        var step = Assert.Single(script.Steps);
        Assert.True(step.IsCommentOnly);
        Assert.True(step.IsDestructive);
        Assert.Contains("values paid cannot be dropped from enum public.order_status", step.Warning, StringComparison.Ordinal);
        // A comment is not a statement: no terminator that would make an empty statement.
        Assert.Equal($"-- WARNING: {step.Warning}\n{step.Sql}\n", script.ToSql());
    }

    [Fact]
    public void Adding_a_not_null_column_without_a_default_warns_that_rows_must_be_empty()
    {
        var old = Shop();
        var script = Plan(old, old.WithTable("orders", t => t with { Columns = [.. t.Columns, Col("code", 5, "text")] }));

        var step = Assert.Single(script.Steps);
        Assert.False(step.IsDestructive);
        Assert.Equal("adds public.orders.code as NOT NULL without a default: fails if public.orders already has rows", step.Warning);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "\"we\"\"ird]`s\".\"ta\"\"ble; DROP TABLE x; --\"", "\"co\"\"l]`\"", "'it''s'")]
    [InlineData(SqlDialect.MySql, "`we\"ird]``s`.`ta\"ble; DROP TABLE x; --`", "`co\"l]```", "'it''s \\\\ fine'")]
    [InlineData(SqlDialect.TSql, "[we\"ird]]`s].[ta\"ble; DROP TABLE x; --]", "[co\"l]]`]", "N'it''s")]
    public void Hostile_names_and_comments_are_quoted_in_every_statement(SqlDialect dialect, string table, string column, string comment)
    {
        var hostile = new Table
        {
            Schema = "we\"ird]`s",
            Name = "ta\"ble; DROP TABLE x; --",
            Comment = dialect == SqlDialect.MySql ? "it's \\ fine" : "it's",
            Columns = [Col("co\"l]`", 1, "integer"), Col("other", 2, "text", nullable: true)],
            PrimaryKey = new KeyConstraint { Name = "p\"k", Columns = ["co\"l]`"] },
            Indexes = [new TableIndex { Name = "i\"x", Columns = [new IndexColumn { Name = "other" }] }],
        };
        var old = Shop() with { Schemas = [new SchemaNamespace { Name = "we\"ird]`s" }], Tables = [], Views = [], Enums = [], Domains = [], Sequences = [] };
        var @new = old with { Tables = [hostile] };

        var created = Plan(old, @new, dialect).ToSql();
        Assert.Contains(table, created, StringComparison.Ordinal);
        Assert.Contains(column, created, StringComparison.Ordinal);
        Assert.Contains(comment, created, StringComparison.Ordinal);

        var renamed = @new with { Tables = [hostile with { Columns = [hostile.Columns[0], hostile.Columns[1] with { Name = "oth\"er]`" }], Indexes = [] }] };
        var script = Plan(@new, renamed, dialect).ToSql();
        var expected = dialect switch
        {
            SqlDialect.Postgres => "RENAME COLUMN \"other\" TO \"oth\"\"er]`\"",
            SqlDialect.MySql => "RENAME COLUMN `other` TO `oth\"er]```",
            _ => "N'oth\"er]`', N'COLUMN'",
        };
        Assert.Contains(expected, script, StringComparison.Ordinal);
        // Every line is either a comment or a statement that starts with a keyword: nothing leaked out of a quote.
        Assert.DoesNotContain("\nDROP TABLE x", created + script, StringComparison.Ordinal);
    }
}
