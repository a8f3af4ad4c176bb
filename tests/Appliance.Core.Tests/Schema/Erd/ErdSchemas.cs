using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.Schema.Erd;

/// <summary>
/// Generated schemas shaped like real large ones (also used by the erd benchmark): modules of tables sharing a name
/// prefix, a few hub tables per module that the rest refer to, global hubs (users, accounts, tenants) referred to from
/// everywhere, some links across modules, self-references and a few foreign key cycles. The same arguments give the same schema.
/// </summary>
internal static class ErdSchemas
{
    private static readonly string[] Modules =
    [
        "billing", "crm", "inventory", "hr", "sales", "shipping", "catalog", "support", "auth", "audit", "finance", "marketing",
        "payroll", "reporting", "warehouse", "procurement", "legal", "content", "search", "analytics",
    ];

    private static readonly string[] Nouns =
    [
        "invoice", "item", "line", "entry", "account", "contact", "order", "note", "event", "rule", "setting", "history", "batch",
        "document", "status", "type", "log", "assignment", "template", "request", "approval", "tag", "price", "rate", "period",
    ];

    public static DatabaseSchema Generate(int tableCount, int seed = 1, int schemaCount = 1)
    {
        var random = new Random(seed);
        var moduleCount = Math.Max(1, tableCount / 40);
        var names = new string[tableCount];
        var module = new int[tableCount];
        var moduleStart = new int[moduleCount + 1];
        for (var i = 0; i < tableCount; i++)
        {
            module[i] = (int)((long)i * moduleCount / tableCount);
        }

        for (var i = 0; i < tableCount; i++)
        {
            if (i == 0 || module[i] != module[i - 1])
            {
                moduleStart[module[i]] = i;
            }
        }

        moduleStart[moduleCount] = tableCount;
        for (var i = 0; i < tableCount; i++)
        {
            var m = module[i];
            var prefix = Modules[m % Modules.Length] + (m >= Modules.Length ? (m / Modules.Length).ToString(CultureInfo.InvariantCulture) : "");
            names[i] = i switch
            {
                0 => "core_users",
                1 when tableCount > 1 => "core_accounts",
                2 when tableCount > 2 => "core_tenants",
                _ => $"{prefix}_{Nouns[(i - moduleStart[m]) % Nouns.Length]}_{i.ToString("D5", CultureInfo.InvariantCulture)}",
            };
        }

        string SchemaOf(int i) => schemaCount <= 1 ? "app" : $"s{module[i] % schemaCount}";

        var tables = new List<Table>(tableCount);
        for (var i = 0; i < tableCount; i++)
        {
            var m = module[i];
            var start = moduleStart[m];
            var targets = new List<int>();
            if (i >= 3)
            {
                // Module hubs (the first three of a module) refer to global hubs; the rest mostly to their module's hubs.
                var hubs = Enumerable.Range(start, Math.Min(3, i - start)).ToList();
                if (i - start < 3 || random.NextDouble() < 0.35)
                {
                    targets.Add(random.Next(3));
                }

                var local = i - start < 3 ? 0 : 1 + random.Next(3);
                for (var k = 0; k < local && i > start; k++)
                {
                    targets.Add(hubs.Count > 0 && random.NextDouble() < 0.6 ? hubs[random.Next(hubs.Count)] : start + random.Next(i - start));
                }

                if (random.NextDouble() < 0.06 && start > 3)
                {
                    targets.Add(3 + random.Next(start - 3));
                }

                if (random.NextDouble() < 0.03)
                {
                    targets.Add(i);
                }

                if (random.NextDouble() < 0.01 && i + 1 < moduleStart[m + 1])
                {
                    targets.Add(i + 1 + random.Next(moduleStart[m + 1] - i - 1));
                }
            }

            var columns = new List<Column> { new() { Name = "id", Ordinal = 1, DataType = "bigint", BaseType = "int8" } };
            var foreignKeys = new List<ForeignKey>();
            foreach (var target in targets.Distinct())
            {
                var column = (target == i ? "parent" : names[target][(names[target].IndexOf('_', StringComparison.Ordinal) + 1)..]) + "_id";
                if (columns.Any(c => c.Name == column))
                {
                    continue;
                }

                columns.Add(new Column { Name = column, Ordinal = columns.Count + 1, DataType = "bigint", BaseType = "int8", IsNullable = random.NextDouble() < 0.3 });
                foreignKeys.Add(new ForeignKey
                {
                    Name = $"fk_{names[i]}_{column}", Columns = [column], ReferencedSchema = SchemaOf(target), ReferencedTable = names[target], ReferencedColumns = ["id"],
                });
            }

            var extra = 2 + random.Next(9);
            for (var k = 0; k < extra; k++)
            {
                var (name, type) = (k % 6) switch
                {
                    0 => ("name", "character varying(120)"),
                    1 => ("created_at", "timestamp with time zone"),
                    2 => ("amount", "numeric(12,2)"),
                    3 => ("status", "text"),
                    4 => ("is_active", "boolean"),
                    _ => ("description", "text"),
                };
                columns.Add(new Column { Name = k < 6 ? name : $"{name}_{k}", Ordinal = columns.Count + 1, DataType = type, IsNullable = k % 2 == 1 });
            }

            tables.Add(new Table
            {
                Schema = SchemaOf(i),
                Name = names[i],
                Columns = columns,
                PrimaryKey = new KeyConstraint { Name = $"{names[i]}_pkey", Columns = ["id"] },
                ForeignKeys = foreignKeys,
            });
        }

        return new DatabaseSchema
        {
            Engine = DatabaseEngine.Postgres,
            DatabaseName = $"generated_{tableCount}",
            Schemas = [.. tables.Select(t => t.Schema).Distinct().Order(StringComparer.Ordinal).Select(s => new SchemaNamespace { Name = s })],
            Tables = tables,
        };
    }
}
