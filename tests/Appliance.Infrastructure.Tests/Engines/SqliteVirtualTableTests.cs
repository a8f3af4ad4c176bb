using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Microsoft.Data.Sqlite;

namespace Appliance.Infrastructure.Tests.Engines;

public sealed class SqliteVirtualTableTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sqlite-vt-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_virtual_table_whose_module_is_missing_does_not_fail_the_ingestion()
    {
        var path = Path.Combine(_directory, "vt.db");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // An FTS5 table (module present), and a table declared with a module this build does not have, as a
            // SpatiaLite or extension database would carry.
            command.CommandText = """
                CREATE TABLE docs_meta (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
                CREATE VIRTUAL TABLE docs USING fts5(title, body);
                PRAGMA writable_schema = ON;
                INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) VALUES ('table', 'geo', 'geo', 0, 'CREATE VIRTUAL TABLE geo USING no_such_module(x)');
                PRAGMA writable_schema = OFF;
                """;
            await command.ExecuteNonQueryAsync();
        }

        var schema = await new SqliteEngineAdapter().ReadSchemaAsync(new ConnectionSettings { Engine = DatabaseEngine.Sqlite, Database = path });

        Assert.Equal(["id", "title"], schema.FindTable("main", "docs_meta")!.Columns.Select(c => c.Name));
        Assert.Equal(["title", "body"], schema.FindTable("main", "docs")!.Columns.Select(c => c.Name));
        Assert.Empty(schema.FindTable("main", "geo")!.Columns);
    }
}
