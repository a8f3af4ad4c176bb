using Appliance.Core.Schema;

namespace Appliance.Core.Tests.Sql;

/// <summary>
/// Ingested schemas used by the SQL tests: the bundled demo database (SQLite) and the PostgreSQL fixture with every
/// object kind (made by <c>appliance ingest</c>; Appliance.Infrastructure.Tests checks they still match their sources).
/// </summary>
public static class TestSchemas
{
    private static readonly Lazy<DatabaseSchema> DemoSchema = new(() => Load("demo.schema.json"));
    private static readonly Lazy<DatabaseSchema> PostgresSchema = new(() => Load("postgres-fixture.schema.json"));

    public static DatabaseSchema Demo => DemoSchema.Value;

    public static DatabaseSchema PostgresFixture => PostgresSchema.Value;

    private static DatabaseSchema Load(string file) =>
        SchemaJson.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sql", "Schemas", file)));
}
