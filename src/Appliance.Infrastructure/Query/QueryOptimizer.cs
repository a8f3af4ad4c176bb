using Appliance.Core.Connections;
using Appliance.Core.Query.Indexes;
using Appliance.Core.Query.Plans;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Lint;
using Appliance.Infrastructure.Audit;

namespace Appliance.Infrastructure.Query;

/// <summary>Everything the Optimize button shows for one statement.</summary>
public sealed record QueryOptimization
{
    public required IReadOnlyList<LintFinding> Findings { get; init; }

    public IndexAdviceReport? Advice { get; init; }

    /// <summary>HypoPG's estimated cost before and after the advised indexes (PostgreSQL only).</summary>
    public HypotheticalIndexReport? Verification { get; init; }

    public QueryPlan? Plan { get; init; }

    public IReadOnlyList<PlanFinding> PlanFindings { get; init; } = [];

    /// <summary>Why there is no plan (engine without JSON plans, or the EXPLAIN failed), in a sentence.</summary>
    public string? PlanProblem { get; init; }

    /// <summary>The plan with the hypothetical indexes, when HypoPG verified the advice.</summary>
    public QueryPlan? PlanWithIndexes { get; init; }

    public bool Analyzed { get; init; }
}

/// <summary>
/// The Optimize button: static lint rules (with rewrites), index advice from the tree and the schema, the database's
/// plan from EXPLAIN run through the read-only runner (EXPLAIN ANALYZE only when asked — it runs the query, still
/// read-only and rolled back), and on PostgreSQL the advice checked with hypothetical indexes.
/// </summary>
public sealed class QueryOptimizer(QueryService queries, QueryRunner runner, HypotheticalIndexVerifier verifier)
{
    public async Task<QueryOptimization> OptimizeAsync(
        Guid workspaceId, Guid connectionId, AuditActor user, ParsedStatement statement, DatabaseSchema? schema, bool analyze, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var (connection, settings) = await queries.SettingsForAsync(workspaceId, connectionId, user, cancellationToken);
        var dialect = connection.Engine.ToSqlDialect();
        var findings = SqlLinter.Lint(statement, schema, dialect);
        var advice = schema is null ? null : IndexAdvisor.Advise(statement, schema, dialect);
        if (statement.Kind != StatementKind.Select)
        {
            return new QueryOptimization { Findings = findings, Advice = advice, PlanProblem = "Plans are shown for SELECT statements." };
        }

        var (plan, problem) = await PlanAsync(settings, connection.Engine, statement.Text, schema, analyze, cancellationToken);
        var planFindings = plan is null ? [] : PlanAnalyzer.Analyze(plan, new PlanAnalyzerOptions { Schema = schema });
        HypotheticalIndexReport? verification = null;
        QueryPlan? withIndexes = null;
        if (advice is { Advice.Count: > 0 } && connection.Engine == DatabaseEngine.Postgres)
        {
            verification = await verifier.VerifyAsync(settings, statement.Text, advice.Advice.Select(a => a.CreateStatement).ToList(), cancellationToken: cancellationToken);
            if (verification is { Verified: true, PlanAfter: { } after })
            {
                withIndexes = PlanParser.Parse(PlanEngine.Postgres, after);
            }
        }

        return new QueryOptimization
        {
            Findings = findings,
            Advice = advice,
            Verification = verification,
            Plan = plan,
            PlanFindings = planFindings,
            PlanProblem = problem,
            PlanWithIndexes = withIndexes,
            Analyzed = analyze && plan is not null,
        };
    }

    private async Task<(QueryPlan? Plan, string? Problem)> PlanAsync(
        ConnectionSettings settings, DatabaseEngine engine, string sql, DatabaseSchema? schema, bool analyze, CancellationToken cancellationToken)
    {
        var text = sql.Trim().TrimEnd(';');
        var (explain, planEngine) = engine switch
        {
            DatabaseEngine.Postgres => ($"EXPLAIN (FORMAT JSON{(analyze ? ", ANALYZE, BUFFERS" : "")}) {text}", PlanEngine.Postgres),
            DatabaseEngine.MySql => ($"EXPLAIN FORMAT=JSON {text}",
                schema?.ServerVersion?.Contains("MariaDB", StringComparison.OrdinalIgnoreCase) == false ? PlanEngine.MySql : PlanEngine.MariaDb),
            _ => ((string?)null, PlanEngine.Postgres),
        };
        if (explain is null)
        {
            return (null, engine == DatabaseEngine.SqlServer
                ? "Plan pictures for SQL Server (showplan XML) are not produced by the appliance yet; the advice above comes from the query and the schema."
                : "SQLite has no JSON plan; the advice above comes from the query and the schema.");
        }

        try
        {
            var result = await runner.ReadAsync(settings, explain, cancellationToken);
            var planText = string.Concat(result.Rows.Select(r => r.Length > 0 ? r[0]?.ToString() : null));
            return (PlanParser.Parse(planEngine, planText), null);
        }
        catch (QueryException ex)
        {
            return (null, "The database could not explain the query: " + ex.Message);
        }
        catch (PlanFormatException ex)
        {
            return (null, "The plan could not be read: " + ex.Message);
        }
    }
}
