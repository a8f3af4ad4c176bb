using Appliance.Core.Schema;
using Appliance.Core.Schema.Diff;
using Appliance.Core.Schema.Migration;
using Appliance.Core.Sql;
using static Appliance.Core.Tests.Schema.Diff.DiffSchemas;

namespace Appliance.Core.Tests.Schema.Migration;

/// <summary>
/// Each kind of change the diff reports, made alone on the shop schema, gives the expected DDL in PostgreSQL, MySQL and
/// SQL Server — or, where a dialect cannot express it, a comment-only step with a warning (<see cref="NotMigrated"/>).
/// </summary>
public sealed class MigrationChangeKindTests
{
    /// <summary>Expected instead of SQL: the change is a comment-only step carrying a warning.</summary>
    private const string NotMigrated = "-- not migrated";

    private sealed record Case(Func<DatabaseSchema, DatabaseSchema> Mutate, string[] Postgres, string[] MySql, string[] TSql);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["schema added"] = new(s => s with { Schemas = [.. s.Schemas, new SchemaNamespace { Name = "sales" }] },
            ["CREATE SCHEMA \"sales\""], ["CREATE DATABASE `sales`"], ["EXEC(N'CREATE SCHEMA [sales]')"]),
        ["schema dropped"] = new(s => (s with { Schemas = [.. s.Schemas, new SchemaNamespace { Name = "old" }] }).Reverse(),
            ["DROP SCHEMA \"old\""], ["DROP DATABASE `old`"], ["DROP SCHEMA [old]"]),
        ["schema comment"] = new(s => s with { Schemas = [new SchemaNamespace { Name = "public", Comment = "Shop tables" }] },
            ["COMMENT ON SCHEMA \"public\" IS 'Shop tables'"], [],
            ["EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Shop tables', @level0type = N'SCHEMA', @level0name = N'public'"]),
        ["table added"] = new(s => s with { Tables = [.. s.Tables, new Table { Schema = "public", Name = "payments", Columns = [Col("payment_ref", 1, "text"), Col("amount_paid", 2, "numeric")] }] },
            ["CREATE TABLE \"public\".\"payments\" (\n    \"payment_ref\" text NOT NULL,\n    \"amount_paid\" numeric NOT NULL\n)"],
            ["CREATE TABLE `public`.`payments` (\n    `payment_ref` text NOT NULL,\n    `amount_paid` numeric NOT NULL\n)"],
            ["CREATE TABLE [public].[payments] (\n    [payment_ref] text NOT NULL,\n    [amount_paid] numeric NOT NULL\n)"]),
        ["table dropped"] = new(s => s with { Tables = [.. s.Tables.Where(t => t.Name != "orders")], Views = [] },
            ["DROP TABLE \"public\".\"orders\""], ["DROP TABLE `public`.`orders`"], ["DROP TABLE [public].[orders]"]),
        ["table renamed"] = new(s => s with { Tables = [.. s.Tables.Select(t => t.Name == "orders" ? t with { Name = "purchase_orders" } : t)] },
            ["ALTER TABLE \"public\".\"orders\" RENAME TO \"purchase_orders\""],
            ["RENAME TABLE `public`.`orders` TO `public`.`purchase_orders`"],
            ["EXEC sp_rename N'[public].[orders]', N'purchase_orders'"]),
        ["table comment"] = new(s => s.WithTable("customers", t => t with { Comment = "Buyers" }),
            ["COMMENT ON TABLE \"public\".\"customers\" IS 'Buyers'"],
            ["ALTER TABLE `public`.`customers` COMMENT = 'Buyers'"],
            ["EXEC sys.sp_updateextendedproperty @name = N'MS_Description', @value = N'Buyers', @level0type = N'SCHEMA', @level0name = N'public', @level1type = N'TABLE', @level1name = N'customers'"]),
        ["column added"] = new(s => s.WithTable("orders", t => t with { Columns = [.. t.Columns, Col("note", 5, "text", true)] }),
            ["ALTER TABLE \"public\".\"orders\" ADD COLUMN \"note\" text"], ["ALTER TABLE `public`.`orders` ADD COLUMN `note` text NULL"], ["ALTER TABLE [public].[orders] ADD [note] text NULL"]),
        ["column dropped"] = new(s => s.WithTable("orders", t => t with { Columns = [.. t.Columns.Where(c => c.Name != "status")] }),
            ["ALTER TABLE \"public\".\"orders\" DROP COLUMN \"status\""], ["ALTER TABLE `public`.`orders` DROP COLUMN `status`"], ["ALTER TABLE [public].[orders] DROP COLUMN [status]"]),
        ["column renamed"] = new(s => s.WithTable("customers", t => t.WithColumn("email", c => c with { Name = "email_address" })
                with { UniqueConstraints = [new KeyConstraint { Name = "customers_email_key", Columns = ["email_address"] }] }),
            ["ALTER TABLE \"public\".\"customers\" RENAME COLUMN \"email\" TO \"email_address\""],
            ["ALTER TABLE `public`.`customers` RENAME COLUMN `email` TO `email_address`"],
            ["EXEC sp_rename N'[public].[customers].[email]', N'email_address', N'COLUMN'"]),
        ["column type"] = new(s => s.WithTable("orders", t => t.WithColumn("customer_id", c => c with { DataType = "bigint" })),
            ["ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"customer_id\" TYPE bigint USING \"customer_id\"::bigint"],
            ["ALTER TABLE `public`.`orders` MODIFY COLUMN `customer_id` bigint NOT NULL"],
            ["ALTER TABLE [public].[orders] ALTER COLUMN [customer_id] bigint NOT NULL"]),
        ["column length"] = new(s => s.WithTable("customers", t => t.WithColumn("name", c => c with { DataType = "character varying(150)", MaxLength = 150 })),
            ["ALTER TABLE \"public\".\"customers\" ALTER COLUMN \"name\" TYPE character varying(150)"],
            ["ALTER TABLE `public`.`customers` MODIFY COLUMN `name` character varying(150) NOT NULL"],
            ["ALTER TABLE [public].[customers] ALTER COLUMN [name] character varying(150) NOT NULL"]),
        ["column precision"] = new(s => s.WithTable("orders", t => t.WithColumn("total", c => c with { DataType = "numeric(12,2)", Precision = 12 })),
            ["ALTER COLUMN \"total\" TYPE numeric(12,2)"], ["MODIFY COLUMN `total` numeric(12,2) NOT NULL"], ["ALTER COLUMN [total] numeric(12,2) NOT NULL"]),
        ["column scale"] = new(s => s.WithTable("orders", t => t.WithColumn("total", c => c with { DataType = "numeric(10,3)", Scale = 3 })),
            ["ALTER COLUMN \"total\" TYPE numeric(10,3)"], ["MODIFY COLUMN `total` numeric(10,3) NOT NULL"], ["ALTER COLUMN [total] numeric(10,3) NOT NULL"]),
        ["column made not null"] = new(s => s.WithTable("customers", t => t.WithColumn("email", c => c with { IsNullable = false })),
            ["ALTER TABLE \"public\".\"customers\" ALTER COLUMN \"email\" SET NOT NULL"],
            ["ALTER TABLE `public`.`customers` MODIFY COLUMN `email` character varying(200) NOT NULL"],
            ["ALTER TABLE [public].[customers] ALTER COLUMN [email] character varying(200) NOT NULL"]),
        ["column made nullable"] = new(s => s.WithTable("customers", t => t.WithColumn("name", c => c with { IsNullable = true })),
            ["ALTER COLUMN \"name\" DROP NOT NULL"], ["MODIFY COLUMN `name` character varying(100) NULL"], ["ALTER COLUMN [name] character varying(100) NULL"]),
        ["column default changed"] = new(s => s.WithTable("customers", t => t.WithColumn("created_at", c => c with { Default = "CURRENT_TIMESTAMP" })),
            ["ALTER TABLE \"public\".\"customers\" ALTER COLUMN \"created_at\" SET DEFAULT CURRENT_TIMESTAMP"],
            ["MODIFY COLUMN `created_at` timestamp with time zone NOT NULL DEFAULT CURRENT_TIMESTAMP"],
            ["DECLARE @default_1 sysname", "IF @default_1 IS NOT NULL EXEC(N'ALTER TABLE [public].[customers] DROP CONSTRAINT ' + QUOTENAME(@default_1))",
             "ALTER TABLE [public].[customers] ADD DEFAULT (CURRENT_TIMESTAMP) FOR [created_at]"]),
        ["column default dropped"] = new(s => s.WithTable("customers", t => t.WithColumn("created_at", c => c with { Default = null })),
            ["ALTER COLUMN \"created_at\" DROP DEFAULT"], ["MODIFY COLUMN `created_at` timestamp with time zone NOT NULL"], ["DECLARE @default_1 sysname"]),
        ["column identity dropped"] = new(s => s.WithTable("customers", t => t.WithColumn("id", c => c with { Identity = IdentityKind.None })),
            ["ALTER TABLE \"public\".\"customers\" ALTER COLUMN \"id\" DROP IDENTITY IF EXISTS"],
            ["ALTER TABLE `public`.`customers` MODIFY COLUMN `id` integer NOT NULL"],
            [NotMigrated]),
        ["column identity kind"] = new(s => s.WithTable("customers", t => t.WithColumn("id", c => c with { Identity = IdentityKind.ByDefault })),
            ["ALTER COLUMN \"id\" SET GENERATED BY DEFAULT"], ["MODIFY COLUMN `id` integer NOT NULL AUTO_INCREMENT"], []),
        ["column identity added"] = new(s => s.WithTable("orders", t => t.WithColumn("id", c => c with { Identity = IdentityKind.ByDefault })),
            ["ALTER COLUMN \"id\" ADD GENERATED BY DEFAULT AS IDENTITY"], ["MODIFY COLUMN `id` integer NOT NULL AUTO_INCREMENT"], [NotMigrated]),
        ["column generation"] = new(s => s.WithTable("orders", t => t.WithColumn("total", c => c with { GenerationExpression = "(0)", IsGeneratedStored = true })),
            ["ALTER TABLE \"public\".\"orders\" DROP COLUMN \"total\"", "ALTER TABLE \"public\".\"orders\" ADD COLUMN \"total\" numeric(10,2) GENERATED ALWAYS AS ((0)) STORED NOT NULL"],
            ["MODIFY COLUMN `total` numeric(10,2) GENERATED ALWAYS AS ((0)) STORED"],
            ["ALTER TABLE [public].[orders] DROP COLUMN [total]", "ALTER TABLE [public].[orders] ADD [total] AS ((0)) PERSISTED"]),
        ["column collation"] = new(s => s.WithTable("customers", t => t.WithColumn("name", c => c with { Collation = "C" })),
            ["ALTER COLUMN \"name\" TYPE character varying(100) COLLATE \"C\""], ["MODIFY COLUMN `name` character varying(100) COLLATE C NOT NULL"],
            ["ALTER COLUMN [name] character varying(100) COLLATE C NOT NULL"]),
        ["column comment"] = new(s => s.WithTable("customers", t => t.WithColumn("email", c => c with { Comment = "Login" })),
            ["COMMENT ON COLUMN \"public\".\"customers\".\"email\" IS 'Login'"],
            ["MODIFY COLUMN `email` character varying(200) NULL COMMENT 'Login'"],
            ["EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Login', @level0type = N'SCHEMA', @level0name = N'public', @level1type = N'TABLE', @level1name = N'customers', @level2type = N'COLUMN', @level2name = N'email'"]),
        ["primary key columns"] = new(s => s.WithTable("orders", t => t with { PrimaryKey = new KeyConstraint { Name = "orders_pkey", Columns = ["id", "customer_id"] } }),
            ["ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT \"orders_pkey\"", "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_pkey\" PRIMARY KEY (\"id\", \"customer_id\")"],
            ["ALTER TABLE `public`.`orders` DROP PRIMARY KEY", "ALTER TABLE `public`.`orders` ADD PRIMARY KEY (`id`, `customer_id`)"],
            ["ALTER TABLE [public].[orders] DROP CONSTRAINT [orders_pkey]", "ALTER TABLE [public].[orders] ADD CONSTRAINT [orders_pkey] PRIMARY KEY ([id], [customer_id])"]),
        ["primary key dropped"] = new(s => s.WithTable("orders", t => t with { PrimaryKey = null }),
            ["DROP CONSTRAINT \"orders_pkey\""], ["DROP PRIMARY KEY"], ["DROP CONSTRAINT [orders_pkey]"]),
        ["primary key added"] = new(s => s.WithTable("orders", t => t with { PrimaryKey = null }).Reverse(),
            ["ADD CONSTRAINT \"orders_pkey\" PRIMARY KEY (\"id\")"], ["ADD PRIMARY KEY (`id`)"], ["ADD CONSTRAINT [orders_pkey] PRIMARY KEY ([id])"]),
        ["foreign key added"] = new(s => s.WithTable("customers", t => t with { ForeignKeys = [new ForeignKey { Name = "fk_last_order", Columns = ["id"], ReferencedSchema = "public", ReferencedTable = "orders", ReferencedColumns = ["id"] }] }),
            ["ALTER TABLE \"public\".\"customers\" ADD CONSTRAINT \"fk_last_order\" FOREIGN KEY (\"id\") REFERENCES \"public\".\"orders\" (\"id\")"],
            ["ALTER TABLE `public`.`customers` ADD CONSTRAINT `fk_last_order` FOREIGN KEY (`id`) REFERENCES `public`.`orders` (`id`)"],
            ["ALTER TABLE [public].[customers] ADD CONSTRAINT [fk_last_order] FOREIGN KEY ([id]) REFERENCES [public].[orders] ([id])"]),
        ["foreign key dropped"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [] }),
            ["ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT \"orders_customer_id_fkey\""],
            ["ALTER TABLE `public`.`orders` DROP FOREIGN KEY `orders_customer_id_fkey`"],
            ["ALTER TABLE [public].[orders] DROP CONSTRAINT [orders_customer_id_fkey]"]),
        ["foreign key on delete"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { OnDelete = ReferentialAction.SetNull }] }),
            ["DROP CONSTRAINT \"orders_customer_id_fkey\"", "REFERENCES \"public\".\"customers\" (\"id\") ON DELETE SET NULL"],
            ["DROP FOREIGN KEY `orders_customer_id_fkey`", "REFERENCES `public`.`customers` (`id`) ON DELETE SET NULL"],
            ["DROP CONSTRAINT [orders_customer_id_fkey]", "REFERENCES [public].[customers] ([id]) ON DELETE SET NULL"]),
        ["foreign key on update"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { OnUpdate = ReferentialAction.Cascade }] }),
            ["ON DELETE CASCADE ON UPDATE CASCADE"], ["ON DELETE CASCADE ON UPDATE CASCADE"], ["ON DELETE CASCADE ON UPDATE CASCADE"]),
        ["foreign key restrict"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { OnDelete = ReferentialAction.Restrict }] }),
            ["(\"id\") ON DELETE RESTRICT"], ["(`id`) ON DELETE RESTRICT"], ["REFERENCES [public].[customers] ([id])"]),
        ["foreign key target"] = new(s => s.WithTable("orders", t => t with { ForeignKeys = [t.ForeignKeys[0] with { ReferencedColumns = ["email"] }] }),
            ["REFERENCES \"public\".\"customers\" (\"email\")"], ["REFERENCES `public`.`customers` (`email`)"], ["REFERENCES [public].[customers] ([email])"]),
        ["unique added"] = new(s => s.WithTable("customers", t => t with { UniqueConstraints = [.. t.UniqueConstraints, new KeyConstraint { Name = "uq_name", Columns = ["name"] }] }),
            ["ALTER TABLE \"public\".\"customers\" ADD CONSTRAINT \"uq_name\" UNIQUE (\"name\")"],
            ["ALTER TABLE `public`.`customers` ADD UNIQUE KEY `uq_name` (`name`)"],
            ["ALTER TABLE [public].[customers] ADD CONSTRAINT [uq_name] UNIQUE ([name])"]),
        ["unique dropped"] = new(s => s.WithTable("customers", t => t with { UniqueConstraints = [] }),
            ["ALTER TABLE \"public\".\"customers\" DROP CONSTRAINT \"customers_email_key\""],
            ["ALTER TABLE `public`.`customers` DROP INDEX `customers_email_key`"],
            ["ALTER TABLE [public].[customers] DROP CONSTRAINT [customers_email_key]"]),
        ["check changed"] = new(s => s.WithTable("customers", t => t with { CheckConstraints = [new CheckConstraint { Name = "ck_name", Expression = "(length(name) > 1)" }] }),
            ["DROP CONSTRAINT \"ck_name\"", "ADD CONSTRAINT \"ck_name\" CHECK ((length(name) > 1))"],
            ["DROP CONSTRAINT `ck_name`", "ADD CONSTRAINT `ck_name` CHECK ((length(name) > 1))"],
            ["DROP CONSTRAINT [ck_name]", "ADD CONSTRAINT [ck_name] CHECK ((length(name) > 1))"]),
        ["check renamed"] = new(s => s.WithTable("customers", t => t with { CheckConstraints = [new CheckConstraint { Name = "ck_customer_name", Expression = "(length(name) > 0)" }] }),
            ["ALTER TABLE \"public\".\"customers\" RENAME CONSTRAINT \"ck_name\" TO \"ck_customer_name\""],
            ["DROP CONSTRAINT `ck_name`", "ADD CONSTRAINT `ck_customer_name` CHECK ((length(name) > 0))"],
            ["EXEC sp_rename N'[public].[ck_name]', N'ck_customer_name', N'OBJECT'"]),
        ["unique columns"] = new(s => s.WithTable("customers", t => t with { UniqueConstraints = [new KeyConstraint { Name = "customers_email_key", Columns = ["email", "name"] }] }),
            ["DROP CONSTRAINT \"customers_email_key\"", "ADD CONSTRAINT \"customers_email_key\" UNIQUE (\"email\", \"name\")"],
            ["DROP INDEX `customers_email_key`", "ADD UNIQUE KEY `customers_email_key` (`email`, `name`)"],
            ["DROP CONSTRAINT [customers_email_key]", "ADD CONSTRAINT [customers_email_key] UNIQUE ([email], [name])"]),
        ["check added"] = new(s => s.WithTable("orders", t => t with { CheckConstraints = [new CheckConstraint { Name = "ck_total", Expression = "total >= 0" }] }),
            ["ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"ck_total\" CHECK (total >= 0)"],
            ["ALTER TABLE `public`.`orders` ADD CONSTRAINT `ck_total` CHECK (total >= 0)"],
            ["ALTER TABLE [public].[orders] ADD CONSTRAINT [ck_total] CHECK (total >= 0)"]),
        ["check dropped"] = new(s => s.WithTable("customers", t => t with { CheckConstraints = [] }),
            ["ALTER TABLE \"public\".\"customers\" DROP CONSTRAINT \"ck_name\""], ["ALTER TABLE `public`.`customers` DROP CONSTRAINT `ck_name`"], ["ALTER TABLE [public].[customers] DROP CONSTRAINT [ck_name]"]),
        ["index added"] = new(s => s.WithTable("orders", t => t with { Indexes = [.. t.Indexes, new TableIndex { Name = "ix_orders_status", Columns = [new IndexColumn { Name = "status" }] }] }),
            ["CREATE INDEX \"ix_orders_status\" ON \"public\".\"orders\" (\"status\")"],
            ["CREATE INDEX `ix_orders_status` ON `public`.`orders` (`status`)"],
            ["CREATE INDEX [ix_orders_status] ON [public].[orders] ([status])"]),
        ["expression index added"] = new(s => s.WithTable("customers", t => t with { Indexes = [.. t.Indexes, new TableIndex { Name = "ix_lower_email", Columns = [new IndexColumn { Name = "lower(email)", IsExpression = true }], IncludedColumns = ["name"] }] }),
            ["CREATE INDEX \"ix_lower_email\" ON \"public\".\"customers\" ((lower(email))) INCLUDE (\"name\")"], [NotMigrated], [NotMigrated]),
        ["index dropped"] = new(s => s.WithTable("orders", t => t with { Indexes = [] }),
            ["DROP INDEX \"public\".\"ix_orders_customer\""], ["DROP INDEX `ix_orders_customer` ON `public`.`orders`"], ["DROP INDEX [ix_orders_customer] ON [public].[orders]"]),
        ["index unique"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { IsUnique = true }] }),
            ["DROP INDEX \"public\".\"ix_customers_name\"", "CREATE UNIQUE INDEX \"ix_customers_name\" ON \"public\".\"customers\" (\"name\")"],
            ["DROP INDEX `ix_customers_name` ON `public`.`customers`", "CREATE UNIQUE INDEX `ix_customers_name` ON `public`.`customers` (`name`)"],
            ["DROP INDEX [ix_customers_name] ON [public].[customers]", "CREATE UNIQUE INDEX [ix_customers_name] ON [public].[customers] ([name])"]),
        ["index columns"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Columns = [new IndexColumn { Name = "name", Descending = true }] }] }),
            ["ON \"public\".\"customers\" (\"name\" DESC)"], ["ON `public`.`customers` (`name` DESC)"], ["ON [public].[customers] ([name] DESC)"]),
        ["index filter"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Filter = "(email IS NOT NULL)" }] }),
            ["CREATE INDEX \"ix_customers_name\" ON \"public\".\"customers\" (\"name\") WHERE (email IS NOT NULL)"],
            ["DROP INDEX `ix_customers_name`", NotMigrated],
            ["CREATE INDEX [ix_customers_name] ON [public].[customers] ([name]) WHERE (email IS NOT NULL)"]),
        ["index method"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Method = "hash" }] }),
            ["CREATE INDEX \"ix_customers_name\" ON \"public\".\"customers\" USING hash (\"name\")"],
            ["CREATE INDEX `ix_customers_name` USING HASH ON `public`.`customers` (`name`)"],
            [NotMigrated]),
        ["index renamed"] = new(s => s.WithTable("customers", t => t with { Indexes = [t.Indexes[0] with { Name = "ix_customers_by_name" }] }),
            ["ALTER INDEX \"public\".\"ix_customers_name\" RENAME TO \"ix_customers_by_name\""],
            ["ALTER TABLE `public`.`customers` RENAME INDEX `ix_customers_name` TO `ix_customers_by_name`"],
            ["EXEC sp_rename N'[public].[customers].[ix_customers_name]', N'ix_customers_by_name', N'INDEX'"]),
        ["view added"] = new(s => s with { Views = [.. s.Views, new View { Schema = "public", Name = "big_orders", Definition = "SELECT id FROM orders WHERE total > 100", Columns = [Col("id", 1, "integer")] }] },
            ["CREATE VIEW \"public\".\"big_orders\" AS\nSELECT id FROM orders WHERE total > 100"],
            ["CREATE VIEW `public`.`big_orders` AS\nSELECT id FROM orders WHERE total > 100"],
            ["EXEC(N'CREATE VIEW [public].[big_orders] AS\nSELECT id FROM orders WHERE total > 100')"]),
        ["view dropped"] = new(s => s with { Views = [] },
            ["DROP VIEW \"public\".\"order_totals\""], ["DROP VIEW `public`.`order_totals`"], ["DROP VIEW [public].[order_totals]"]),
        ["view definition"] = new(s => s with { Views = [s.Views[0] with { Definition = "SELECT customer_id, sum(total) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id;" }] },
            ["DROP VIEW \"public\".\"order_totals\"", "CREATE VIEW \"public\".\"order_totals\" AS\nSELECT customer_id, sum(total) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id;"],
            ["DROP VIEW `public`.`order_totals`", "CREATE VIEW `public`.`order_totals` AS\nSELECT customer_id"],
            ["DROP VIEW [public].[order_totals]", "EXEC(N'CREATE VIEW [public].[order_totals] AS\nSELECT customer_id, sum(total) AS total FROM orders WHERE status = ''paid'' GROUP BY customer_id')"]),
        ["view materialized"] = new(s => s with { Views = [s.Views[0] with { IsMaterialized = true }] },
            ["DROP VIEW \"public\".\"order_totals\"", "CREATE MATERIALIZED VIEW \"public\".\"order_totals\" AS"], [NotMigrated], [NotMigrated]),
        ["view renamed"] = new(s => s with { Views = [s.Views[0] with { Name = "customer_totals" }] },
            ["DROP VIEW \"public\".\"order_totals\"", "CREATE VIEW \"public\".\"customer_totals\" AS"],
            ["DROP VIEW `public`.`order_totals`", "CREATE VIEW `public`.`customer_totals` AS"],
            ["DROP VIEW [public].[order_totals]", "EXEC(N'CREATE VIEW [public].[customer_totals] AS"]),
        ["view comment"] = new(s => s with { Views = [s.Views[0] with { Comment = "Per customer" }] },
            ["COMMENT ON VIEW \"public\".\"order_totals\" IS 'Per customer'"], [],
            ["EXEC sys.sp_addextendedproperty @name = N'MS_Description', @value = N'Per customer', @level0type = N'SCHEMA', @level0name = N'public', @level1type = N'VIEW', @level1name = N'order_totals'"]),
        ["enum added"] = new(s => s with { Enums = [.. s.Enums, new EnumType { Schema = "public", Name = "mood", Values = ["ok", "it's fine"] }] },
            ["CREATE TYPE \"public\".\"mood\" AS ENUM ('ok', 'it''s fine')"], [NotMigrated], [NotMigrated]),
        ["enum dropped"] = new(s => s with { Enums = [] }, ["DROP TYPE \"public\".\"order_status\""], [NotMigrated], [NotMigrated]),
        ["enum value added"] = new(s => s with { Enums = [s.Enums[0] with { Values = ["new", "paid", "packed", "shipped", "refunded"] }] },
            ["ALTER TYPE \"public\".\"order_status\" ADD VALUE 'packed' BEFORE 'shipped'", "ALTER TYPE \"public\".\"order_status\" ADD VALUE 'refunded'"], [NotMigrated], [NotMigrated]),
        ["enum value removed"] = new(s => s with { Enums = [s.Enums[0] with { Values = ["new", "shipped"] }] }, [NotMigrated], [NotMigrated], [NotMigrated]),
        ["enum reordered"] = new(s => s with { Enums = [s.Enums[0] with { Values = ["paid", "new", "shipped"] }] }, [NotMigrated], [NotMigrated], [NotMigrated]),
        ["domain added"] = new(s => s with { Domains = [.. s.Domains, new DomainType { Schema = "public", Name = "code", BaseType = "character varying(10)", IsNullable = false }] },
            ["CREATE DOMAIN \"public\".\"code\" AS character varying(10) NOT NULL"], [NotMigrated], ["CREATE TYPE [public].[code] FROM character varying(10) NOT NULL"]),
        ["domain dropped"] = new(s => s with { Domains = [] }, ["DROP DOMAIN \"public\".\"email\""], [NotMigrated], ["DROP TYPE [public].[email]"]),
        ["domain type"] = new(s => s with { Domains = [s.Domains[0] with { BaseType = "character varying(320)" }] }, [NotMigrated], [NotMigrated], [NotMigrated]),
        ["domain check"] = new(s => s with { Domains = [s.Domains[0] with { CheckConstraints = [new CheckConstraint { Name = "email_at", Expression = "VALUE ~ '.@.'" }] }] },
            [NotMigrated, "ALTER DOMAIN \"public\".\"email\" ADD CONSTRAINT \"email_at\" CHECK (VALUE ~ '.@.')"], [NotMigrated], [NotMigrated]),
        ["domain nullability and default"] = new(s => s with { Domains = [s.Domains[0] with { IsNullable = false, Default = "'x@y'" }] },
            ["ALTER DOMAIN \"public\".\"email\" SET DEFAULT 'x@y'", "ALTER DOMAIN \"public\".\"email\" SET NOT NULL"], [NotMigrated], [NotMigrated]),
        ["sequence added"] = new(s => s with { Sequences = [.. s.Sequences, new Sequence { Schema = "public", Name = "ticket_no", DataType = "bigint", StartValue = 5, Increment = 5, Cycles = true }] },
            ["CREATE SEQUENCE \"public\".\"ticket_no\" AS bigint INCREMENT BY 5 START WITH 5 CYCLE"],
            ["CREATE SEQUENCE `public`.`ticket_no` INCREMENT BY 5 START WITH 5 CYCLE"],
            ["CREATE SEQUENCE [public].[ticket_no] AS bigint START WITH 5 INCREMENT BY 5 CYCLE"]),
        ["sequence dropped"] = new(s => s with { Sequences = [] },
            ["DROP SEQUENCE \"public\".\"invoice_no\""], ["DROP SEQUENCE `public`.`invoice_no`"], ["DROP SEQUENCE [public].[invoice_no]"]),
        ["sequence increment"] = new(s => s with { Sequences = [s.Sequences[0] with { Increment = 10 }] },
            ["ALTER SEQUENCE \"public\".\"invoice_no\" INCREMENT BY 10"], ["ALTER SEQUENCE `public`.`invoice_no` INCREMENT BY 10"], ["ALTER SEQUENCE [public].[invoice_no] INCREMENT BY 10"]),
        ["sequence cycles"] = new(s => s with { Sequences = [s.Sequences[0] with { Cycles = true, MaxValue = 999 }] },
            ["ALTER SEQUENCE \"public\".\"invoice_no\" MAXVALUE 999 CYCLE"], ["ALTER SEQUENCE `public`.`invoice_no` MAXVALUE 999 CYCLE"], ["ALTER SEQUENCE [public].[invoice_no] MAXVALUE 999 CYCLE"]),
        ["sequence start"] = new(s => s with { Sequences = [s.Sequences[0] with { StartValue = 1000 }] },
            ["ALTER SEQUENCE \"public\".\"invoice_no\" START WITH 1000"], ["ALTER SEQUENCE `public`.`invoice_no` START WITH 1000"], [NotMigrated]),
    };

    public static TheoryData<string, string> CasesAndDialects()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Cases.Keys)
        {
            foreach (var dialect in new[] { "postgres", "mysql", "tsql" })
            {
                data.Add(name, dialect);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndDialects))]
    public void Each_change_kind_gives_its_ddl(string name, string dialectName)
    {
        var @case = Cases[name];
        Assert.True(SqlDialectNames.TryParse(dialectName, out var dialect));
        var old = Shop();
        var @new = @case.Mutate(old);
        // A few cases describe the change backwards (an object that only the old schema has).
        (old, @new) = Unwrap(old, @new);
        var difference = SchemaDiff.Compare(old, @new);
        Assert.False(difference.IsEmpty, $"{name}: the diff found nothing to migrate");

        var script = MigrationPlanner.Plan(old, @new, difference, dialect);
        var sql = script.ToSql();
        var expected = dialect switch
        {
            SqlDialect.Postgres => @case.Postgres,
            SqlDialect.MySql => @case.MySql,
            _ => @case.TSql,
        };
        foreach (var fragment in expected)
        {
            if (fragment == NotMigrated)
            {
                Assert.Contains(script.Steps, s => s.IsCommentOnly && !string.IsNullOrWhiteSpace(s.Warning));
            }
            else
            {
                Assert.Contains(fragment, sql, StringComparison.Ordinal);
            }
        }

        if (!expected.Contains(NotMigrated))
        {
            Assert.DoesNotContain(script.Steps, s => s.IsCommentOnly);
        }

        if (expected.Length == 0)
        {
            // Nothing to do in this dialect (SQL Server identities have one kind; MySQL keeps no view or schema comments).
            Assert.Empty(script.Steps);
        }
    }

    [Fact]
    public void Every_kind_of_change_the_diff_reports_is_covered()
    {
        var covered = new HashSet<(SchemaObjectKind, SchemaChangeKind)>();
        foreach (var @case in Cases.Values)
        {
            var (old, @new) = Unwrap(Shop(), @case.Mutate(Shop()));
            covered.UnionWith(SchemaDiff.Compare(old, @new).Changes.Select(c => (c.Object, c.Change)));
        }

        var missing = Enum.GetValues<SchemaObjectKind>()
            .SelectMany(kind => new[] { SchemaChangeKind.Added, SchemaChangeKind.Dropped, SchemaChangeKind.Changed }.Select(change => (kind, change)))
            .Concat([(SchemaObjectKind.Table, SchemaChangeKind.Renamed), (SchemaObjectKind.View, SchemaChangeKind.Renamed),
                (SchemaObjectKind.Column, SchemaChangeKind.Renamed), (SchemaObjectKind.Index, SchemaChangeKind.Renamed),
                (SchemaObjectKind.CheckConstraint, SchemaChangeKind.Renamed)])
            .Where(k => !covered.Contains(k))
            .ToList();
        Assert.True(missing.Count == 0, "No case makes: " + string.Join(", ", missing));
    }

    /// <summary>A case marked with <see cref="MigrationCaseExtensions.Reverse"/> is the old side: the schemas swap.</summary>
    private static (DatabaseSchema Old, DatabaseSchema New) Unwrap(DatabaseSchema old, DatabaseSchema @new) =>
        @new.DatabaseName == MigrationCaseExtensions.ReversedName ? (@new with { DatabaseName = old.DatabaseName }, old) : (old, @new);
}

internal static class MigrationCaseExtensions
{
    public const string ReversedName = "reversed";

    /// <summary>Marks a mutated schema as the old side of the case (the change is then the reverse of the mutation).</summary>
    public static DatabaseSchema Reverse(this DatabaseSchema schema) => schema with { DatabaseName = ReversedName };
}
