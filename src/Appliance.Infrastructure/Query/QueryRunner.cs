using System.Diagnostics;
using System.Globalization;
using Appliance.Core.Connections;
using Appliance.Core.Sql;
using Appliance.Infrastructure.Engines;
using Microsoft.Extensions.Options;

namespace Appliance.Infrastructure.Query;

/// <summary>Whether a text may run in write mode, what kind of statement it is and which objects it changes.</summary>
public sealed record WriteCheck(bool Allowed, string Reason, StatementKind? Kind, string? Statement, IReadOnlyList<string> Targets);

/// <summary>
/// Runs one user statement against a connection, read-only by default, in layers: (a) <see cref="ReadOnlyPolicy"/> on the
/// parsed text; (b) the database's own read-only transaction, always rolled back, with the server accepting exactly one
/// statement; (c) statement and lock timeouts on the server, the appliance's own deadline, and row and byte caps;
/// (d) cancellation that stops the statement on the server. How each engine implements (b)–(d), and what it guarantees,
/// is written on <see cref="PostgresQueryEngine"/>, <see cref="MySqlQueryEngine"/>, <see cref="SqlServerQueryEngine"/>
/// and <see cref="SqliteQueryEngine"/>. No role or connection rules here: those are <see cref="QueryService"/>'s.
/// </summary>
public sealed class QueryRunner
{
    /// <summary>Longest text accepted; beyond it the parser and the history would hold megabytes for one click.</summary>
    public const int MaxSqlLength = 1_000_000;

    /// <summary>
    /// On top of the connect and statement timeouts before the appliance gives up itself (and cancels on the server):
    /// the server's own timeout, with its clearer error, normally comes first.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private static readonly HashSet<StatementKind> WriteKinds =
    [
        StatementKind.Insert, StatementKind.Update, StatementKind.Delete, StatementKind.Merge,
        StatementKind.Create, StatementKind.Alter, StatementKind.Drop, StatementKind.Truncate,
    ];

    private static readonly HashSet<StatementKind> DdlKinds = [StatementKind.Create, StatementKind.Alter, StatementKind.Drop, StatementKind.Truncate];

    private readonly Dictionary<DatabaseEngine, IQueryEngine> _engines;
    private readonly IOptions<QueryOptions> _options;

    public QueryRunner(IOptions<QueryOptions> options)
    {
        _options = options;
        _engines = new IQueryEngine[] { new PostgresQueryEngine(), new MySqlQueryEngine(), new SqlServerQueryEngine(), new SqliteQueryEngine() }
            .ToDictionary(e => e.Engine);
    }

    /// <summary>Which layers are on. Always <see cref="SafetyLayers.All"/> outside the tests that prove each layer on its own.</summary>
    internal SafetyLayers Layers { get; init; } = SafetyLayers.All;

    /// <summary>
    /// Runs <paramref name="sql"/> read-only and returns its first result set under the caps. Throws <see cref="QueryException"/>
    /// for every failure (refused, read-only violation, syntax, database error, timeout, cancelled, connection problem).
    /// </summary>
    public async Task<QueryResult> ReadAsync(ConnectionSettings settings, string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CheckText(sql);
        var stopwatch = Stopwatch.StartNew();
        var dialect = settings.Engine.ToSqlDialect();
        var parsed = SqlParser.Parse(sql, dialect);
        StatementKind? kind = parsed.Succeeded && parsed.Statements.Count == 1 ? parsed.Statements[0].Kind : null;
        if ((Layers & SafetyLayers.Policy) != 0)
        {
            var verdict = ReadOnlyPolicy.Check(parsed, dialect);
            if (!verdict.Allowed)
            {
                throw new QueryException(QueryErrorKind.Refused, "Read-only mode refused the statement: " + verdict.Reason);
            }
        }

        var (engine, run) = Start(settings, sql, Layers);
        var rows = await RunAsync(engine, run, engine.ReadAsync, cancellationToken).ConfigureAwait(false);
        return new QueryResult
        {
            Columns = rows.Columns,
            Rows = rows.Rows,
            Truncation = rows.Truncation,
            Bytes = rows.Bytes,
            Elapsed = stopwatch.Elapsed,
            Notices = run.Notices.ToList(),
            StatementKind = kind,
        };
    }

    /// <summary>
    /// Runs exactly one data-changing statement (INSERT, UPDATE, DELETE, MERGE or DDL) in a transaction that is committed,
    /// with the same timeouts. Role, writable-connection and confirmation rules are the caller's (<see cref="QueryService"/>).
    /// </summary>
    public async Task<WriteResult> WriteAsync(ConnectionSettings settings, string sql, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        CheckText(sql);
        var stopwatch = Stopwatch.StartNew();
        var check = CheckWrite(sql, settings.Engine);
        if (!check.Allowed)
        {
            throw new QueryException(QueryErrorKind.Refused, check.Reason);
        }

        // Write mode is never read-only; the server timeout always applies.
        var (engine, run) = Start(settings, sql, SafetyLayers.ServerTimeout);
        var affected = await RunAsync(engine, run, engine.WriteAsync, cancellationToken).ConfigureAwait(false);
        return new WriteResult
        {
            StatementKind = check.Kind!.Value,
            RowsAffected = DdlKinds.Contains(check.Kind.Value) ? null : affected,
            Elapsed = stopwatch.Elapsed,
            Notices = run.Notices.ToList(),
        };
    }

    /// <summary>What write mode would run, for the confirmation the user must give first; also what <see cref="WriteAsync"/> enforces.</summary>
    public static WriteCheck CheckWrite(string sql, DatabaseEngine engine)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            return new WriteCheck(false, "There is no statement to run.", null, null, []);
        }

        var parsed = SqlParser.Parse(sql, engine.ToSqlDialect());
        if (parsed.Error is { } error)
        {
            return new WriteCheck(false, $"The text does not parse ({error}), so it cannot be run in write mode.", null, null, []);
        }

        switch (parsed.Statements.Count)
        {
            case 0:
                return new WriteCheck(false, "There is no statement to run.", null, null, []);
            case > 1:
                return new WriteCheck(false,
                    $"The text holds {parsed.Statements.Count.ToString(CultureInfo.InvariantCulture)} statements; write mode runs exactly one statement at a time, never a script.",
                    null, null, []);
        }

        var statement = parsed.Statements[0];
        var kind = statement.Kind;
        if (!WriteKinds.Contains(kind))
        {
            var hint = kind is StatementKind.Select or StatementKind.Explain or StatementKind.Show ? " Run it in read mode." : "";
            return new WriteCheck(false,
                $"Write mode runs one INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, DROP or TRUNCATE statement; this is {kind.ToString().ToUpperInvariant()}.{hint}",
                kind, statement.Text, []);
        }

        if (engine == DatabaseEngine.Sqlite)
        {
            return new WriteCheck(false, "SQLite files are always opened read-only by the appliance; write mode is not available for them.", kind, statement.Text, []);
        }

        var references = SqlReferences.Collect(statement);
        var targets = references.Tables.Where(t => t.Use == SqlTableUse.Write).Select(t => t.Name.ToString())
            .Concat(references.Objects.Select(o => o.Name.ToString()))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new WriteCheck(true, $"One {kind.ToString().ToUpperInvariant()} statement.", kind, statement.Text, targets);
    }

    private static void CheckText(string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new QueryException(QueryErrorKind.Invalid, "There is no statement to run.");
        }

        if (sql.Length > MaxSqlLength)
        {
            throw new QueryException(QueryErrorKind.Invalid, $"The text is longer than {MaxSqlLength.ToString("N0", CultureInfo.InvariantCulture)} characters.");
        }
    }

    private (IQueryEngine Engine, QueryRun Run) Start(ConnectionSettings settings, string sql, SafetyLayers layers)
    {
        if (!_engines.TryGetValue(settings.Engine, out var engine))
        {
            throw new QueryException(QueryErrorKind.Invalid, $"The engine {settings.Engine} is not available.");
        }

        PreparedConnection prepared;
        try
        {
            prepared = engine.Prepare(settings);
        }
        catch (DatabaseAccessException ex)
        {
            throw QueryEngineSupport.Connection(ex);
        }

        var options = _options.Value;
        return (engine, new QueryRun(prepared, sql, new QueryLimits(options.StatementTimeoutSeconds, options.MaxRows, options.MaxBytes), layers));
    }

    /// <summary>
    /// Runs under the appliance's own deadline and turns every failure into a <see cref="QueryException"/>: the caller's
    /// cancellation is "cancelled", the deadline is "timeout", anything else is the engine's classification.
    /// </summary>
    private static async Task<T> RunAsync<T>(
        IQueryEngine engine, QueryRun run, Func<QueryRun, CancellationToken, Task<T>> execute, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(run.Target.TimeoutSeconds + run.Limits.StatementTimeoutSeconds) + Grace);
        try
        {
            return await execute(run, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or StackOverflowException))
        {
            if (cancellationToken.IsCancellationRequested && ex is not QueryException { Kind: QueryErrorKind.Connection })
            {
                throw QueryEngineSupport.Cancelled(ex);
            }

            if (deadline.IsCancellationRequested && ex is not QueryException { Kind: QueryErrorKind.Connection })
            {
                throw QueryEngineSupport.Timeout(run.Limits.StatementTimeoutSeconds, ex);
            }

            throw ex switch
            {
                QueryException query => query,
                OperationCanceledException => QueryEngineSupport.Timeout(run.Limits.StatementTimeoutSeconds, ex),
                _ => engine.Classify(ex, run),
            };
        }
    }
}
