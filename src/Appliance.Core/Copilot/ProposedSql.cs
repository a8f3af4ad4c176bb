using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;

namespace Appliance.Core.Copilot;

/// <summary>Why a proposed SQL text failed <see cref="ProposedSql.Check"/>.</summary>
public enum ProposedSqlProblem
{
    None,
    DoesNotParse,
    NotOneStatement,
    NotReadOnly,
    DoesNotBind,
}

/// <summary>
/// The outcome of <see cref="ProposedSql.Check"/>: the parsed statement and its binding when valid; otherwise the
/// problem and its detail (parse error, statement count, policy reason or binding messages), for the caller to word.
/// </summary>
public sealed record ProposedSqlCheck(ProposedSqlProblem Problem, string? Detail, SqlParseResult Parsed, BoundStatement? Bound)
{
    public bool Valid => Problem == ProposedSqlProblem.None;

    public ParsedStatement? Statement => Bound?.Parsed;
}

/// <summary>
/// The check every SQL proposed for a question passes, whoever wrote it (the rule engine, the model, a question set's
/// candidate): one statement that parses, is read-only, and binds to the schema without problems.
/// </summary>
public static class ProposedSql
{
    public static ProposedSqlCheck Check(string sql, DatabaseSchema schema, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(schema);
        var parsed = SqlParser.Parse(sql, dialect);
        if (parsed.Error is { } error)
        {
            return new ProposedSqlCheck(ProposedSqlProblem.DoesNotParse, error.ToString(), parsed, null);
        }

        if (parsed.Statements.Count != 1)
        {
            return new ProposedSqlCheck(ProposedSqlProblem.NotOneStatement, parsed.Statements.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), parsed, null);
        }

        var verdict = ReadOnlyPolicy.Check(parsed, dialect);
        if (!verdict.Allowed)
        {
            return new ProposedSqlCheck(ProposedSqlProblem.NotReadOnly, verdict.Reason, parsed, null);
        }

        var bound = SqlBinder.Bind(parsed.Statements[0], schema, dialect);
        return bound.Problems.Count > 0
            ? new ProposedSqlCheck(ProposedSqlProblem.DoesNotBind, string.Join("; ", bound.Problems.Select(p => p.Message)), parsed, bound)
            : new ProposedSqlCheck(ProposedSqlProblem.None, null, parsed, bound);
    }
}
