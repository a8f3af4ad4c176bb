using Appliance.Core.Connections;
using Appliance.Core.Schema;

namespace Appliance.Infrastructure.Engines;

// Placeholder: being implemented.
public sealed class MySqlEngineAdapter : IDatabaseEngineAdapter
{
    public DatabaseEngine Engine => DatabaseEngine.MySql;

    public string BuildConnectionString(ConnectionSettings settings) => throw new NotImplementedException();

    public Task<ConnectionTestResult> TestAsync(ConnectionSettings settings, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    public Task<DatabaseSchema> ReadSchemaAsync(ConnectionSettings settings, CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
