using Appliance.Core.Connections;
using Appliance.Infrastructure.Engines;
using Appliance.Infrastructure.Keystore;
using Appliance.Infrastructure.Metadata;
using Appliance.Infrastructure.Schema;
using System.Data.Common;
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
    /// <summary>The user chose "a connection string" rather than host and credentials.</summary>
    public bool UseConnectionString { get; init; }
    /// <summary>On an edit: a new connection string was pasted (it may point elsewhere than the stored one).</summary>
    public bool ConnectionStringReplaced { get; init; }
    public bool IsReadOnly { get; init; } = true;
    /// <summary>On an edit: remove the stored password instead of keeping it.</summary>
    public bool ClearPassword { get; init; }
    public DriftSchedule DriftSchedule { get; init; } = DriftSchedule.Off;
    /// <summary>Optional http(s) address drift watch POSTs to when the schema changed.</summary>
    public string? WebhookUrl { get; init; }
}

/// <summary>Stores connections with their secrets encrypted, and turns them back into driver settings.</summary>
public sealed class ConnectionService(MetadataDbContext db, SecretProtector protector, DatabaseEngines engines, IOptions<ApplianceOptions> options)
{
    public Task<List<DatabaseConnection>> ListAsync(Guid workspaceId, CancellationToken ct = default) =>
        db.Connections.Where(c => c.WorkspaceId == workspaceId).OrderBy(c => c.Name).ToListAsync(ct);

    public Task<DatabaseConnection?> FindAsync(Guid workspaceId, Guid id, CancellationToken ct = default) =>
        db.Connections.SingleOrDefaultAsync(c => c.WorkspaceId == workspaceId && c.Id == id, ct);

    /// <summary>Checks the input; returns problems keyed by field name ("" for the whole form). Nothing is saved.</summary>
    public async Task<Dictionary<string, string>> ValidateAsync(Guid workspaceId, DatabaseConnection? existing, ConnectionInput input, CancellationToken ct = default)
    {
        var problems = new Dictionary<string, string>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            problems[nameof(input.Name)] = "Give the connection a name of 1 to 100 characters.";
        }
        else if (await db.Connections.AnyAsync(c => c.WorkspaceId == workspaceId && c.Name == name && c.Id != (existing == null ? Guid.Empty : existing.Id), ct))
        {
            problems[nameof(input.Name)] = $"This workspace already has a connection named '{name}'.";
        }

        if (input.DatabaseName?.Length > 1024)
        {
            problems[nameof(input.DatabaseName)] = "The database name or path is longer than 1,024 characters.";
        }

        if (input.UserName?.Length > 256)
        {
            problems[nameof(input.UserName)] = "The user name is longer than 256 characters.";
        }

        if (input.UseConnectionString)
        {
            if (string.IsNullOrWhiteSpace(input.ConnectionString))
            {
                problems[nameof(input.ConnectionString)] = existing?.EncryptedConnectionString is not null
                    ? "Paste the connection string again: the stored one was written for another engine."
                    : "Paste a connection string, or connect with host and credentials.";
            }
        }
        else if (input.Engine == DatabaseEngine.Sqlite)
        {
            if (string.IsNullOrWhiteSpace(input.DatabaseName))
            {
                problems[nameof(input.DatabaseName)] = "Give the path of the SQLite database file.";
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(input.Host))
            {
                problems[nameof(input.Host)] = "Give the server's host name or address, or paste a connection string.";
            }
            else if (input.Host.Length > 255 || input.Host.Any(c => char.IsWhiteSpace(c) || c is ';' or '=' or '\'' or '"'))
            {
                problems[nameof(input.Host)] = "A host name cannot contain spaces, quotes, ';' or '='.";
            }

            if (string.IsNullOrWhiteSpace(input.UserName))
            {
                // Without a user the drivers fall back to the appliance's own identity (integrated security, OS user).
                problems[nameof(input.UserName)] = "Give the database user the appliance signs in as.";
            }
        }

        if (WebhookUrls.Problem(input.WebhookUrl) is { } webhookProblem)
        {
            problems[nameof(input.WebhookUrl)] = webhookProblem;
        }

        if (!Enum.IsDefined(input.DriftSchedule))
        {
            problems[nameof(input.DriftSchedule)] = "Choose how often drift watch reads the schema: off, hourly or daily.";
        }

        if (input.Port is { } port && port is < 1 or > 65535)
        {
            problems[nameof(input.Port)] = "A port is a number from 1 to 65535.";
        }

        if (existing is not null && string.IsNullOrEmpty(input.Password) && !input.ClearPassword
            && existing.EncryptedPassword is not null && EndpointChanged(existing, input))
        {
            problems[nameof(input.Password)] = "You changed the engine, server, port, user or database: enter the password again. A stored password is only ever sent to the server it was entered for.";
        }

        if (problems.Count == 0 && CheckPolicy(input) is { } policyProblem)
        {
            problems[input.UseConnectionString ? nameof(input.ConnectionString) : input.Engine == DatabaseEngine.Sqlite ? nameof(input.DatabaseName) : ""] = policyProblem;
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
                problems[input.UseConnectionString ? nameof(input.ConnectionString) : ""] = ex.Message;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or NotSupportedException or IOException)
            {
                problems[input.UseConnectionString ? nameof(input.ConnectionString) : ""] = $"These settings are not valid for {input.Engine.DisplayName()}.";
            }
        }

        return problems;
    }

    /// <summary>
    /// What the appliance refuses to connect with, whoever asks: connection-string keywords that read files on the
    /// appliance host or sign in with the appliance's own identity, and SQLite files outside the allowed directories
    /// (the metadata database and key ring live next door). Null when the input is acceptable.
    /// </summary>
    public string? CheckPolicy(ConnectionInput input)
    {
        if (input.UseConnectionString && !string.IsNullOrWhiteSpace(input.ConnectionString))
        {
            DbConnectionStringBuilder parsed;
            try
            {
                parsed = new DbConnectionStringBuilder { ConnectionString = input.ConnectionString };
            }
            catch (ArgumentException)
            {
                return "The connection string is not in the form key=value;key=value.";
            }

            foreach (string key in parsed.Keys)
            {
                var normalized = new string([.. key.Where(char.IsLetterOrDigit)]).ToLowerInvariant();
                var value = parsed[key]?.ToString() ?? "";
                var forbidden = ForbiddenKeywords.GetValueOrDefault(input.Engine, []).Contains(normalized)
                    || (input.Engine == DatabaseEngine.SqlServer && normalized == "authentication"
                        && !value.Replace(" ", "", StringComparison.Ordinal).Equals("SqlPassword", StringComparison.OrdinalIgnoreCase));
                if (forbidden)
                {
                    return $"The connection-string keyword '{key}' is not allowed: it would read files on the appliance host or sign in with the appliance's own identity. Use a user name and password, and TLS mode instead of certificate files.";
                }
            }
        }

        if (input.Engine == DatabaseEngine.Sqlite)
        {
            var path = input.UseConnectionString ? SqlitePathOf(input.ConnectionString) : input.DatabaseName;
            if (string.IsNullOrWhiteSpace(path))
            {
                return null;
            }

            string full;
            try
            {
                full = Path.GetFullPath(path.Trim());
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
            {
                return "The SQLite path is not a valid file path.";
            }

            var roots = options.Value.SqliteDirectoriesFullPaths();
            if (!roots.Any(root => full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                return $"SQLite files must be inside {string.Join(" or ", roots)} (set Appliance__SqliteDirectories to allow others).";
            }
        }

        return null;
    }

    /// <summary>Whether the settings that decide where a password would be sent differ from the stored connection.</summary>
    public static bool EndpointChanged(DatabaseConnection existing, ConnectionInput input) =>
        existing.Engine != input.Engine
        || !string.Equals(Blank(existing.Host), Blank(input.Host), StringComparison.OrdinalIgnoreCase)
        || existing.Port != input.Port
        || !string.Equals(Blank(existing.UserName), Blank(input.UserName), StringComparison.Ordinal)
        || !string.Equals(Blank(existing.DatabaseName), Blank(input.DatabaseName), StringComparison.Ordinal)
        || (existing.EncryptedConnectionString is not null) != input.UseConnectionString
        || input.ConnectionStringReplaced;

    private static readonly Dictionary<DatabaseEngine, HashSet<string>> ForbiddenKeywords = new()
    {
        [DatabaseEngine.Postgres] = ["passfile", "sslkey", "sslcertificate", "rootcertificate", "sslpassword", "integratedsecurity", "kerberosservicename", "includerealm"],
        [DatabaseEngine.MySql] = ["sslca", "cacertificatefile", "sslcert", "certificatefile", "sslkey", "certificatepassword", "certificatestorelocation",
            "certificatethumbprint", "serverrsapublickeyfile", "allowloadlocalinfile", "pipe", "pipename"],
        [DatabaseEngine.SqlServer] = ["integratedsecurity", "trustedconnection", "attachdbfilename", "extendedproperties", "initialfilename", "servercertificate"],
        [DatabaseEngine.Sqlite] = [],
    };

    private static string? SqlitePathOf(string? connectionString)
    {
        try
        {
            var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in new[] { "Data Source", "DataSource", "Filename" })
            {
                if (parsed.TryGetValue(key, out var value))
                {
                    return value?.ToString();
                }
            }
        }
        catch (ArgumentException)
        {
        }

        return null;
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
        connection.DriftSchedule = input.DriftSchedule;
        connection.WebhookUrl = Blank(input.WebhookUrl);
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
        if (string.IsNullOrEmpty(password) && !input.ClearPassword && existing?.EncryptedPassword is { } stored && !EndpointChanged(existing, input))
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
