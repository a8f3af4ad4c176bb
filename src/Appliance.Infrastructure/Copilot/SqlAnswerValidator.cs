using Appliance.Core.Connections;
using Appliance.Core.Copilot;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Query;

namespace Appliance.Infrastructure.Copilot;

/// <summary>The outcome of checking a proposed SQL text; <see cref="Error"/> is fed back to the model in a repair round.</summary>
public sealed record SqlAnswerCheck(bool Valid, string? Error, ParsedStatement? Statement)
{
    /// <summary>Qualified names of the tables and views the SQL reads (when valid).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    /// <summary>Set when the database could not be asked (unreachable, timeout): the SQL passed the other checks only.</summary>
    public string? Note { get; init; }

    public static SqlAnswerCheck Fail(string error) => new(false, error, null);
}

/// <summary>
/// The gate every proposed SQL passes before the user sees it: one statement that parses, is read-only, binds to the
/// schema without problems, and (when a connection is given) is accepted by the database's own EXPLAIN, run through the
/// read-only runner. Nothing here executes the query itself.
/// </summary>
public sealed class SqlAnswerValidator(QueryRunner runner)
{
    /// <summary>Parse, read-only and binding checks: pure, no database.</summary>
    public static SqlAnswerCheck CheckText(string sql, DatabaseSchema schema, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (string.IsNullOrWhiteSpace(sql))
        {
            return SqlAnswerCheck.Fail("The answer is empty.");
        }

        var check = ProposedSql.Check(sql, schema, dialect);
        return check.Problem switch
        {
            ProposedSqlProblem.DoesNotParse => SqlAnswerCheck.Fail($"The SQL does not parse: {check.Detail}"),
            ProposedSqlProblem.NotOneStatement => SqlAnswerCheck.Fail($"The answer holds {check.Detail} statements; it must be exactly one SELECT."),
            ProposedSqlProblem.NotReadOnly => SqlAnswerCheck.Fail(check.Detail!),
            ProposedSqlProblem.DoesNotBind => SqlAnswerCheck.Fail(check.Detail!),
            _ when check.Statement!.Statement.Kind != StatementKind.Select => SqlAnswerCheck.Fail("The answer must be a SELECT statement."),
            _ => new SqlAnswerCheck(true, null, check.Statement)
            {
                Tables = check.Bound!.Sources.Select(s => s.QualifiedName).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
            },
        };
    }

    /// <summary>
    /// <see cref="CheckText"/>, then the database's EXPLAIN through the read-only runner when <paramref name="settings"/>
    /// is given (SQL Server has no EXPLAIN statement: its check stops at binding).
    /// </summary>
    public async Task<SqlAnswerCheck> CheckAsync(string sql, DatabaseSchema schema, SqlDialect dialect, ConnectionSettings? settings, CancellationToken cancellationToken)
    {
        var check = CheckText(sql, schema, dialect);
        if (!check.Valid || settings is null)
        {
            return check;
        }

        var text = sql.Trim().TrimEnd(';');
        var explain = settings.Engine switch
        {
            DatabaseEngine.Postgres or DatabaseEngine.MySql => "EXPLAIN " + text,
            DatabaseEngine.Sqlite => "EXPLAIN QUERY PLAN " + text,
            _ => null,
        };
        if (explain is null)
        {
            return check;
        }

        try
        {
            await runner.ReadAsync(settings, explain, cancellationToken);
            return check;
        }
        catch (QueryException ex) when (ex.Kind is QueryErrorKind.Syntax or QueryErrorKind.Database or QueryErrorKind.Refused or QueryErrorKind.ReadOnlyViolation)
        {
            return SqlAnswerCheck.Fail("The database rejected the SQL: " + ex.Message);
        }
        catch (QueryException ex) when (ex.Kind is not QueryErrorKind.Cancelled)
        {
            return check with { Note = "The database could not check the SQL with EXPLAIN (" + ex.Message + "); it was checked against the stored schema only." };
        }
    }
}
