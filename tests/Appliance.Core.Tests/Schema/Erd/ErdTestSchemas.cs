using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Core.Tests.Schema.Erd;

/// <summary>Small hand-built schemas for the ERD tests.</summary>
internal static class ErdTestSchemas
{
    /// <summary>A table with an integer primary key "id", a "name", and one NOT NULL foreign key column per parent ("parent_id").</summary>
    public static Table Table(string name, params string[] parents) => TableIn("public", name, parents);

    public static Table TableIn(string schema, string name, params string[] parents) => new()
    {
        Schema = schema,
        Name = name,
        Columns =
        [
            new Column { Name = "id", Ordinal = 1, DataType = "integer" },
            .. parents.Select((p, i) => new Column { Name = $"{Short(p)}_id", Ordinal = i + 2, DataType = "integer" }),
            new Column { Name = "name", Ordinal = parents.Length + 2, DataType = "text", IsNullable = true },
        ],
        PrimaryKey = new KeyConstraint { Name = $"{name}_pkey", Columns = ["id"] },
        ForeignKeys =
        [
            .. parents.Select(p => new ForeignKey
            {
                Name = $"{name}_{Short(p)}_fkey", Columns = [$"{Short(p)}_id"], ReferencedSchema = p.Contains('.', StringComparison.Ordinal) ? p.Split('.')[0] : schema,
                ReferencedTable = Short(p), ReferencedColumns = ["id"],
            }),
        ],
    };

    private static string Short(string qualified) => qualified.Contains('.', StringComparison.Ordinal) ? qualified.Split('.')[1] : qualified;

    public static DatabaseSchema SchemaOf(params Table[] tables) => new() { Engine = DatabaseEngine.Postgres, Tables = tables };
}
