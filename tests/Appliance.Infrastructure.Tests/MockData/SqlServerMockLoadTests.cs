using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Infrastructure.MockData;
using Appliance.Infrastructure.Tests.Engines;
using Microsoft.Data.SqlClient;

namespace Appliance.Infrastructure.Tests.MockData;

/// <summary>What can be checked of the SQL Server loader without a server: its bulk-copy options and its failures.</summary>
public sealed class SqlServerMockLoadTests
{
    [Fact]
    public void Bulk_copy_keeps_identities_and_nulls_and_checks_constraints()
    {
        var options = SqlServerMockDataLoader.BulkOptions;

        Assert.True(options.HasFlag(SqlBulkCopyOptions.KeepIdentity));
        Assert.True(options.HasFlag(SqlBulkCopyOptions.KeepNulls));
        Assert.True(options.HasFlag(SqlBulkCopyOptions.CheckConstraints));
        Assert.False(options.HasFlag(SqlBulkCopyOptions.UseInternalTransaction));
    }

    [Fact]
    public async Task A_closed_port_is_a_refused_connection_without_the_password()
    {
        var schema = SchemaJson.Deserialize(EngineTestSupport.ReadRepositoryFile("tests/Appliance.Core.Tests/Sql/Schemas/demo.schema.json"));
        var port = EngineTestSupport.FreePort();
        var settings = new ConnectionSettings
        {
            Engine = DatabaseEngine.SqlServer, Host = "127.0.0.1", Port = port, Username = "sa", Password = "Do-not-print-me", ConnectTimeoutSeconds = 3,
        };

        var error = await Assert.ThrowsAsync<MockLoadException>(() =>
            MockDataLoaders.For(DatabaseEngine.SqlServer).LoadAsync(settings, MockTestSupport.Generate(schema, rows: 5), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Do-not-print-me", error.Message, StringComparison.Ordinal);
    }
}
