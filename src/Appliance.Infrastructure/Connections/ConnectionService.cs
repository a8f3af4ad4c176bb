using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Connections;

/// <summary>What a user submits for a connection. Secrets left empty on an edit keep their stored value.</summary>
public sealed record ConnectionInput
{
    public required string Name { get; init; }
    public DatabaseEngine Engine { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? DatabaseName { get; init; }
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public TlsMode TlsMode { get; init; } = TlsMode.Prefer;
    public string? ConnectionString { get; init; }
    public bool IsReadOnly { get; init; } = true;
    /// <summary>On an edit: remove the stored password instead of keeping it.</summary>
    public bool ClearPassword { get; init; }
}

/// <summary>Stores connections with their secrets encrypted, and turns them back into driver settings.</summary>
public sealed class ConnectionService(MetadataDbContext db, SecretProtector protector, DatabaseEngines engines, IOptions<ApplianceOptions> options)
{
    public Task<List<DatabaseConnection>> ListAsync(Guid workspaceId, CancellationToken ct = default) =>
        db.Connections.Where(c => c.WorkspaceId == workspaceId).OrderBy(c => c.Name).ToListAsync(ct);

    public Task<DatabaseConnection?> FindAsync(Guid workspaceId, Guid id, CancellationToken ct = default) =>
        db.Connections.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Id == id, ct);

    /// <summary>Checks the input; returns problems keyed by field name ("" for the whole form).</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(Guid workspaceId, Guid? id, ConnectionInput input, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            problems[nameof(input.Name)] = "Give the connection a name of 1 to 100 characters.";
        }
        else if (await db.Connections.AnyAsync(c => c.WorkspaceId == workspaceId && c.Name == name && c.Id != id, ct))
        {
            problems[nameof(input.Name)] = $"This workspace already has a connection named '{name}'.";
        }

        if (string.IsNullOrWhiteSpace(input.ConnectionString))
        {
            if (input.Engine == DatabaseEngine.Sqlite)
            {
                if (string.IsNullOrWhiteSpace(input.DatabaseName))
                {
                    problems[nameof(input.DatabaseName)] = "Give the path of the SQLite database file.";
                }
            }
            else if (string.IsNullOrWhiteSpace(input.Host))
            {
                problems[nameof(input.Host)] = "Give the server's host name or address, or paste a connection string.";
            }
            else if (input.Host.Length > 255 || input.Host.Any(c => char.IsWhiteSpace(c) || c is ';' or '=' or '\'' or '"'))
            {
                problems[nameof(input.Host)] = "A host name cannot contain spaces, quotes, ';' or '='.";
            }
        }

        if (input.Port is { } port && port is < 1 or > 65535)
        {
            problems[nameof(input.Port)] = "A port is a number from 1 to 65535.";
        }

        if (problems.Count == 0)
        {
            // Let the driver's own parser judge the settings before anything is saved.
            try
            {
                engines[input.Engine].BuildConnectionString(ToSettings(input, input.Password));
            }
            catch (DatabaseAccessException ex)
            {
                problems[string.IsNullOrWhiteSpace(input.ConnectionString) ? "" : nameof(input.ConnectionString)] = ex.Message;
            }
        }

        return problems;
    }

    /// <summary>Adds or updates a connection (not saved: the caller saves it with its audit line).</summary>
    public async Task<DatabaseConnection> ApplyAsync(Guid workspaceId, DatabaseConnection? existing, ConnectionInput input, CancellationToken ct = default)
    {
        var connection = existing ?? new DatabaseConnection { WorkspaceId = workspaceId, Name = input.Name.Trim() };
        connection.Name = input.Name.Trim();
        connection.Engine = input.Engine;
        connection.Host = Blank(input.Host);
        connection.Port = input.Port;
        connection.DatabaseName = Blank(input.DatabaseName);
        connection.UserName = Blank(input.UserName);
        connection.TlsMode = input.TlsMode;
        connection.IsReadOnly = input.IsReadOnly;
        connection.UpdatedAt = DateTime.UtcNow;

        if (!string.IsNullOrEmpty(input.Password))
        {
            connection.EncryptedPassword = await protector.ProtectAsync(input.Password, PasswordContext(connection.Id), ct);
        }
        else if (input.ClearPassword || existing is null)
        {
            connection.EncryptedPassword = null;
        }

        connection.EncryptedConnectionString = string.IsNullOrWhiteSpace(input.ConnectionString)
            ? null
            : await protector.ProtectAsync(input.ConnectionString.Trim(), ConnectionStringContext(connection.Id), ct);

        if (existing is null)
        {
            db.Connections.Add(connection);
        }

        return connection;
    }

    /// <summary>The driver settings of a stored connection, secrets decrypted in memory only.</summary>
    public async Task<ConnectionSettings> ToSettingsAsync(DatabaseConnection connection, CancellationToken ct = default)
    {
        var password = connection.EncryptedPassword is null ? null : await protector.UnprotectAsync(connection.EncryptedPassword, PasswordContext(connection.Id), ct);
        var connectionString = connection.EncryptedConnectionString is null ? null : await protector.UnprotectAsync(connection.EncryptedConnectionString, ConnectionStringContext(connection.Id), ct);
        return new ConnectionSettings
        {
            Engine = connection.Engine,
            Host = connection.Host,
            Port = connection.Port,
            Database = connection.DatabaseName,
            Username = connection.UserName,
            Password = password,
            Tls = connection.TlsMode,
            ConnectionString = connectionString,
            ConnectTimeoutSeconds = options.Value.ConnectTimeoutSeconds,
        };
    }

    /// <summary>Settings straight from form input, for "Test connection" before saving; an empty password on an edit uses the stored one.</summary>
    public async Task<ConnectionSettings> ToSettingsAsync(ConnectionInput input, DatabaseConnection? existing, CancellationToken ct = default)
    {
        var password = input.Password;
        if (string.IsNullOrEmpty(password) && !input.ClearPassword && existing?.EncryptedPassword is { } stored)
        {
            password = await protector.UnprotectAsync(stored, PasswordContext(existing.Id), ct);
        }

        return ToSettings(input, password);
    }

    /// <summary>Decrypts every stored secret; used at start to refuse running with a key that cannot read them.</summary>
    public async Task<int> VerifyAllSecretsAsync(CancellationToken ct = default)
    {
        var count = 0;
        var all = await db.Connections.AsNoTracking()
            .Where(c => c.EncryptedPassword != null || c.EncryptedConnectionString != null)
            .ToListAsync(ct);
        foreach (var connection in all)
        {
            try
            {
                await ToSettingsAsync(connection, ct);
                count++;
            }
            catch (KeystoreException ex)
            {
                throw new KeystoreException($"The stored secrets of connection '{connection.Name}' cannot be decrypted: {ex.Message}", ex);
            }
        }

        return count;
    }

    private ConnectionSettings ToSettings(ConnectionInput input, string? password) => new()
    {
        Engine = input.Engine,
        Host = Blank(input.Host),
        Port = input.Port,
        Database = Blank(input.DatabaseName),
        Username = Blank(input.UserName),
        Password = string.IsNullOrEmpty(password) ? null : password,
        Tls = input.TlsMode,
        ConnectionString = Blank(input.ConnectionString),
        ConnectTimeoutSeconds = options.Value.ConnectTimeoutSeconds,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string PasswordContext(Guid id) => $"connection:{id:N}:password";

    private static string ConnectionStringContext(Guid id) => $"connection:{id:N}:connection-string";
}
