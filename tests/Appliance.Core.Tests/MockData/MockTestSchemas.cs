using Appliance.Core.Connections;
using Appliance.Core.MockData;
using Appliance.Core.MockData.Checks;
using Appliance.Core.MockData.Output;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.MockData;

/// <summary>Small hand-built schemas for the planner tests, and an in-memory integrity check of generated data.</summary>
internal static class MockTestSchemas
{
    public static Column Int(string name, bool nullable = false, IdentityKind identity = IdentityKind.None) =>
        new() { Name = name, DataType = "integer", BaseType = "int4", IsNullable = nullable, Identity = identity };

    public static Column Text(string name, int? length = null, bool nullable = false) =>
        new() { Name = name, DataType = length is null ? "text" : $"character varying({length})", BaseType = length is null ? "text" : "varchar", MaxLength = length, IsNullable = nullable };

    public static Column Date(string name, bool nullable = false) =>
        new() { Name = name, DataType = "date", BaseType = "date", IsNullable = nullable };

    public static ForeignKey Fk(string name, string[] columns, string table, string[] referenced) =>
        new() { Name = name, Columns = columns, ReferencedSchema = "public", ReferencedTable = table, ReferencedColumns = referenced };

    /// <summary>
    /// department ⇄ employee (a cycle: department.head_id is nullable), employee.manager_id (a tree), a composite
    /// project key referenced by a composite foreign key, a composite unique key and CHECK (end_date &gt; start_date).
    /// </summary>
    public static DatabaseSchema Cycle() => new()
    {
        Engine = DatabaseEngine.Postgres,
        Tables =
        [
            new Table
            {
                Schema = "public", Name = "department",
                Columns = [Int("id"), Text("name", 60), Int("head_id", nullable: true)],
                PrimaryKey = new KeyConstraint { Name = "department_pkey", Columns = ["id"] },
                UniqueConstraints = [new KeyConstraint { Name = "department_name_key", Columns = ["name"] }],
                ForeignKeys = [Fk("department_head_fk", ["head_id"], "employee", ["id"])],
            },
            new Table
            {
                Schema = "public", Name = "employee",
                Columns = [Int("id"), Int("department_id"), Int("manager_id", nullable: true), Text("email", 120), Text("first_name", 40), Text("last_name", 40)],
                PrimaryKey = new KeyConstraint { Name = "employee_pkey", Columns = ["id"] },
                UniqueConstraints = [new KeyConstraint { Name = "employee_email_key", Columns = ["email"] }],
                ForeignKeys =
                [
                    Fk("employee_department_fk", ["department_id"], "department", ["id"]),
                    Fk("employee_manager_fk", ["manager_id"], "employee", ["id"]),
                ],
            },
            new Table
            {
                Schema = "public", Name = "project",
                Columns = [Int("department_id"), Int("project_no"), Text("title", 80), Date("start_date"), Date("end_date")],
                PrimaryKey = new KeyConstraint { Name = "project_pkey", Columns = ["department_id", "project_no"] },
                ForeignKeys = [Fk("project_department_fk", ["department_id"], "department", ["id"])],
                CheckConstraints = [new CheckConstraint { Name = "project_dates_check", Expression = "(end_date > start_date)" }],
            },
            new Table
            {
                Schema = "public", Name = "assignment",
                Columns = [Int("employee_id"), Int("department_id"), Int("project_no"), Int("hours")],
                PrimaryKey = new KeyConstraint { Name = "assignment_pkey", Columns = ["employee_id", "department_id", "project_no"] },
                ForeignKeys =
                [
                    Fk("assignment_employee_fk", ["employee_id"], "employee", ["id"]),
                    Fk("assignment_project_fk", ["department_id", "project_no"], "project", ["department_id", "project_no"]),
                ],
                CheckConstraints = [new CheckConstraint { Name = "assignment_hours_check", Expression = "((hours >= 1) AND (hours <= 40))" }],
            },
        ],
    };

    /// <summary>All rows of every table, by column name (small plans only).</summary>
    public static Dictionary<string, List<Dictionary<string, object?>>> Materialize(MockDataSet data)
    {
        var result = new Dictionary<string, List<Dictionary<string, object?>>>();
        foreach (var table in data.Tables)
        {
            var rows = new List<Dictionary<string, object?>>();
            foreach (var row in table.Rows())
            {
                var values = new Dictionary<string, object?>();
                for (var i = 0; i < row.Length; i++)
                {
                    values[table.Columns[i].Name] = row[i];
                }

                rows.Add(values);
            }

            result[table.Plan.QualifiedName] = rows;
        }

        return result;
    }

    /// <summary>
    /// Every primary key and unique constraint holds, every foreign key value exists in its parent, every check the
    /// evaluator can compute passes, NOT NULL columns have values. Returns the violations (empty when all is well).
    /// </summary>
    public static List<string> Violations(MockDataSet data)
    {
        var rows = Materialize(data);
        var violations = new List<string>();
        foreach (var table in data.Tables)
        {
            var t = table.Plan.Table;
            var written = table.Columns.Select(c => c.Name).ToHashSet();
            var data1 = rows[t.QualifiedName];
            var keys = new List<(string Name, IReadOnlyList<string> Columns)>();
            if (t.PrimaryKey is { } pk)
            {
                keys.Add((pk.Name ?? "primary key", pk.Columns));
            }

            keys.AddRange(t.UniqueConstraints.Select(u => (u.Name ?? "unique", u.Columns)));
            keys.AddRange(t.Indexes.Where(i => i.IsUnique && !i.IsPrimaryKey && i.Columns.All(c => !c.IsExpression)).Select(i => (i.Name, (IReadOnlyList<string>)i.Columns.Select(c => c.Name).ToList())));
            foreach (var (name, columns) in keys.Where(k => k.Columns.All(written.Contains)))
            {
                var seen = new HashSet<string>();
                foreach (var row in data1.Where(r => columns.All(c => r[c] is not null)))
                {
                    if (!seen.Add(Tuple(row, columns)))
                    {
                        violations.Add($"{t.Name}: duplicate {name} {Tuple(row, columns)}");
                    }
                }
            }

            foreach (var key in t.ForeignKeys)
            {
                var parentName = $"{key.ReferencedSchema}.{key.ReferencedTable}";
                if (!rows.TryGetValue(parentName, out var parentRows))
                {
                    continue;
                }

                var parentKeys = parentRows.Select(r => Tuple(r, key.ReferencedColumns)).ToHashSet();
                foreach (var row in data1.Where(r => key.Columns.All(c => r.GetValueOrDefault(c) is not null)))
                {
                    if (!parentKeys.Contains(Tuple(row, key.Columns)))
                    {
                        violations.Add($"{t.Name}: {key.Name} value {Tuple(row, key.Columns)} has no parent");
                    }
                }
            }

            foreach (var column in t.Columns.Where(c => !c.IsNullable && written.Contains(c.Name)))
            {
                if (data1.Any(r => r[column.Name] is null))
                {
                    violations.Add($"{t.Name}.{column.Name} is NOT NULL but got NULL");
                }
            }

            var analysis = CheckAnalyzer.Analyze(t, data.Plan.Schema.Engine, null, data.Plan.Request.ReferenceTime);
            foreach (var check in analysis.Checks.Where(c => c.CanEvaluate && c.DomainColumn is null))
            {
                foreach (var row in data1)
                {
                    if (!check.Evaluate(name => row.GetValueOrDefault(name)))
                    {
                        violations.Add($"{t.Name}: {check.Display} fails for {string.Join(", ", check.Columns.Select(c => $"{c}={row.GetValueOrDefault(c)}"))}");
                        break;
                    }
                }
            }
        }

        return violations;
    }

    private static string Tuple(Dictionary<string, object?> row, IEnumerable<string> columns) =>
        string.Join("\u0001", columns.Select(c => row.GetValueOrDefault(c) is { } v ? MockValueFormat.Text(v) : "∅"));
}
