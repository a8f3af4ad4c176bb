using System.Globalization;
using System.Text.Json;
using Appliance.Core.Connections;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Npgsql;

namespace Appliance.Infrastructure.Query;

/// <summary>What PostgreSQL's planner estimates for a query before and after hypothetical indexes.</summary>
public sealed record HypotheticalIndexReport
{
    /// <summary>False when HypoPG is not installed on the server (or may not be created here); <see cref="Message"/> says why.</summary>
    public required bool Verified { get; init; }

    public required string Message { get; init; }

    public double? CostBefore { get; init; }

    public double? CostAfter { get; init; }

    /// <summary>Each proposed statement and whether the planner used its hypothetical index.</summary>
    public IReadOnlyList<HypotheticalIndexUse> Indexes { get; init; } = [];

    /// <summary>EXPLAIN (FORMAT JSON) of the query before and after, for the plan pictures.</summary>
    public string? PlanBefore { get; init; }

    public string? PlanAfter { get; init; }

    /// <summary>Estimated cost after as a share of before (0.02 = 50× cheaper); null when not verified.</summary>
    public double? Ratio => CostBefore is > 0 && CostAfter is { } after ? after / CostBefore : null;
}

public sealed record HypotheticalIndexUse(string CreateStatement, bool Used);

/// <summary>
/// Verifies index advice on PostgreSQL with HypoPG: the query is only EXPLAINed (never run), first as it is, then with
/// each proposed index created hypothetically. Everything happens in one transaction that is always rolled back, on a
/// connection of its own that is closed afterwards (hypothetical indexes live in the session), so nothing remains on
/// the server — not even the extension when it had to be created for the check.
/// </summary>
public sealed class HypotheticalIndexVerifier(DatabaseEngines engines)
{
    public async Task<HypotheticalIndexReport> VerifyAsync(
        ConnectionSettings settings, string sql, IReadOnlyList<string> createIndexStatements, int timeoutSeconds = 30, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(createIndexStatements);
        if (settings.Engine != DatabaseEngine.Postgres)
        {
            return NotVerified("Hypothetical indexes exist only on PostgreSQL (HypoPG); on this engine the advice is not checked by the planner.");
        }

        var verdict = ReadOnlyPolicy.Check(sql, SqlDialect.Postgres);
        if (!verdict.Allowed)
        {
            return NotVerified("Only a read-only SELECT can be checked: " + verdict.Reason);
        }

        var builder = new NpgsqlConnectionStringBuilder(engines[DatabaseEngine.Postgres].BuildConnectionString(settings))
        {
            Pooling = false,
            CommandTimeout = timeoutSeconds + 5,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return NotVerified("The database could not be reached to check the advice: " + ex.Message);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, string.Create(CultureInfo.InvariantCulture, $"SET LOCAL statement_timeout = {timeoutSeconds * 1000}"), cancellationToken);
            if (await HypoPgProblemAsync(connection, transaction, cancellationToken) is { } problem)
            {
                return NotVerified(problem);
            }

            var before = await ExplainAsync(connection, transaction, sql, cancellationToken);
            var names = new List<(string Statement, string? Name)>();
            foreach (var statement in createIndexStatements)
            {
                await using var create = new NpgsqlCommand("SELECT indexname FROM hypopg_create_index(@statement)", connection, transaction);
                create.Parameters.AddWithValue("statement", statement);
                names.Add((statement, await create.ExecuteScalarAsync(cancellationToken) as string));
            }

            var after = await ExplainAsync(connection, transaction, sql, cancellationToken);
            return new HypotheticalIndexReport
            {
                Verified = true,
                Message = "Checked with HypoPG: the planner's estimated cost before and with the hypothetical indexes (the query was not run).",
                CostBefore = TotalCost(before),
                CostAfter = TotalCost(after),
                Indexes = names.Select(n => new HypotheticalIndexUse(n.Statement, n.Name is not null && after.Contains(n.Name, StringComparison.Ordinal))).ToList(),
                PlanBefore = before,
                PlanAfter = after,
            };
        }
        catch (PostgresException ex)
        {
            return NotVerified("PostgreSQL could not check the advice: " + ex.MessageText);
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    /// <summary>Null when hypopg's functions can be used (installed already, or created inside this rolled-back transaction); else why not.</summary>
    private static async Task<string?> HypoPgProblemAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var installed = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg'), EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg')", connection, transaction);
        bool isInstalled, isAvailable;
        await using (var reader = await installed.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            isInstalled = reader.GetBoolean(0);
            isAvailable = reader.GetBoolean(1);
        }

        if (isInstalled)
        {
            return null;
        }

        if (!isAvailable)
        {
            return "HypoPG is not installed on this server, so the advice could not be checked by the planner. A DBA can install it (Debian: postgresql-15-hypopg) and run CREATE EXTENSION hypopg in this database.";
        }

        await ExecuteAsync(connection, transaction, "SAVEPOINT hypopg_check", cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, "CREATE EXTENSION hypopg", cancellationToken);
            return null;
        }
        catch (PostgresException)
        {
            await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT hypopg_check", cancellationToken);
            return "HypoPG is installed on the server but not enabled in this database, and this connection's role may not enable it, so the advice could not be checked by the planner. A DBA can run CREATE EXTENSION hypopg in this database.";
        }
    }

    private static async Task<string> ExplainAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql.Trim().TrimEnd(';'), connection, transaction);
        return (string)(await explain.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static double? TotalCost(string planJson)
    {
        using var document = JsonDocument.Parse(planJson);
        return document.RootElement[0].GetProperty("Plan").GetProperty("Total Cost").GetDouble();
    }

    private static HypotheticalIndexReport NotVerified(string message) => new() { Verified = false, Message = message };
}
