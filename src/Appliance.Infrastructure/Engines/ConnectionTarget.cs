using System.Globalization;
using Appliance.Core.Connections;

namespace Appliance.Infrastructure.Engines;

/// <summary>
/// What a connection attempt aims at, taken from the driver's parsed connection string: used to word messages
/// (host, port, database, user) and to make sure no message ever carries the password.
/// </summary>
internal sealed record ConnectionTarget
{
    public required DatabaseEngine Engine { get; init; }
    public string? Host { get; init; }
    public int? Port { get; init; }
    public string? Database { get; init; }
    public string? User { get; init; }
    /// <summary>Only kept to scrub driver messages; never shown.</summary>
    public string? Password { get; init; }
    public int TimeoutSeconds { get; init; } = 10;

    public string EngineName => Engine.DisplayName();

    /// <summary>"host:port", or the host alone when the port is unknown.</summary>
    public string Endpoint =>
        Port is { } port && port > 0 ? $"{Host ?? "localhost"}:{port.ToString(CultureInfo.InvariantCulture)}" : Host ?? "localhost";

    /// <summary>What was connected to, for messages: the SQLite file, otherwise host:port.</summary>
    public string Location => Engine == DatabaseEngine.Sqlite ? $"'{Database}'" : Endpoint;

    /// <summary>Driver text fit for a user: first line only, and dropped entirely when it contains the password.</summary>
    public string? Scrub(string? driverMessage)
    {
        if (string.IsNullOrWhiteSpace(driverMessage))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(Password) && driverMessage.Contains(Password, StringComparison.Ordinal))
        {
            return null;
        }

        var firstLine = driverMessage.AsSpan().Trim();
        var newline = firstLine.IndexOfAny('\r', '\n');
        return (newline >= 0 ? firstLine[..newline] : firstLine).TrimEnd('.').ToString();
    }
}

/// <summary>A driver connection string ready to open, with the target it describes.</summary>
internal sealed record PreparedConnection(string ConnectionString, ConnectionTarget Target);
