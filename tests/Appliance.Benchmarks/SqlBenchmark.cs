using System.Diagnostics;
using Appliance.Core.Connections;
using Appliance.Core.Schema;
using Appliance.Core.Sql;
using Appliance.Core.Sql.Binding;
using Appliance.Core.Query.Indexes;
using Appliance.Core.Sql.Explain;
using Appliance.Core.Sql.Lint;
using Appliance.Core.Tests.Sql;
using Npgsql;

namespace Appliance.Benchmarks;

/// <summary>
/// Throughput of parse, parse + bind and parse + bind + lint over the SQL corpus of the tests (statements per second on
/// one thread, median of 7 runs), next to plain tokenizing of the same text; and the latency of explain + optimize of a
/// 20-table join without any database round trip, next to PostgreSQL's own EXPLAIN of the same query.
/// Targets: parse + bind ≥ 20,000 statements/s; explain + optimize &lt; 20 ms.
/// </summary>
internal static class SqlBenchmark
{
    private const int Runs = 7;
    private const double ThroughputTarget = 20_000;
    private const double LatencyTargetMs = 20;
    private const int JoinTables = 20;

    public static async Task<int> RunAsync()
    {
        var corpus = SqlCorpus.All.Select(e => (e.Dialect, e.Sql)).ToList();
        var parsed = corpus.Select(c => (c.Dialect, Statements: SqlParser.Parse(c.Sql, c.Dialect).Statements)).ToList();
        var statementCount = parsed.Sum(p => p.Statements.Count);
        var schema = SchemaJson.Deserialize(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "postgres-fixture.schema.json")));
        Console.WriteLine($"Corpus: {statementCount:N0} statements in 4 dialects; bound against the PostgreSQL fixture schema.");

        var lex = Throughput(statementCount, () =>
        {
            foreach (var (dialect, sql) in corpus)
            {
                SqlLexer.Tokenize(sql, dialect);
            }
        });
        var parse = Throughput(statementCount, () =>
        {
            foreach (var (dialect, sql) in corpus)
            {
                SqlParser.Parse(sql, dialect);
            }
        });
        var bind = Throughput(statementCount, () =>
        {
            foreach (var (dialect, sql) in corpus)
            {
                foreach (var statement in SqlParser.Parse(sql, dialect).Statements)
                {
                    SqlBinder.Bind(statement, schema, dialect);
                }
            }
        });
        var lint = Throughput(statementCount, () =>
        {
            foreach (var (dialect, sql) in corpus)
            {
                foreach (var statement in SqlParser.Parse(sql, dialect).Statements)
                {
                    Optimize(statement, schema, dialect);
                }
            }
        });

        Console.WriteLine($"tokenize (reference)   : {lex,12:N0} statements/s");
        Console.WriteLine($"parse                  : {parse,12:N0} statements/s");
        Console.WriteLine($"parse + bind           : {bind,12:N0} statements/s   (target ≥ {ThroughputTarget:N0}: {(bind >= ThroughputTarget ? "met" : "NOT met")})");
        Console.WriteLine($"parse + lint + advice  : {lint,12:N0} statements/s");

        var (joinSchema, joinSql) = TwentyTableJoin();
        var explainOptimize = LatencyMs(() =>
        {
            var statement = SqlParser.Parse(joinSql, SqlDialect.Postgres).Statements[0];
            SqlExplainer.Explain(statement, joinSchema, SqlDialect.Postgres);
            Optimize(statement, joinSchema, SqlDialect.Postgres);
        });
        Console.WriteLine($"explain + optimize, {JoinTables}-table join: {explainOptimize,8:F2} ms   (median of {Runs}; target < {LatencyTargetMs} ms: {(explainOptimize < LatencyTargetMs ? "met" : "NOT met")})");

        var reference = await PostgresExplainMsAsync(joinSql);
        Console.WriteLine(reference is { } ms
            ? $"PostgreSQL EXPLAIN of the same query (reference, with the round trip): {ms,8:F2} ms"
            : "PostgreSQL EXPLAIN reference skipped: APPLIANCE_TEST_POSTGRES is not set (./bench.sh sets it).");

        return bind >= ThroughputTarget && explainOptimize < LatencyTargetMs ? 0 : 1;
    }

    /// <summary>What the query page's Optimize button computes without the database: the lint rules (which bind) and the index advice.</summary>
    private static void Optimize(ParsedStatement statement, DatabaseSchema schema, SqlDialect dialect)
    {
        SqlLinter.Lint(statement, schema, dialect);
        IndexAdvisor.Advise(statement, schema, dialect);
    }

    private static double Throughput(int statements, Action run)
    {
        run(); // warm-up (JIT)
        var perRun = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            var rounds = 0;
            do
            {
                run();
                rounds++;
            }
            while (stopwatch.ElapsedMilliseconds < 300);

            perRun.Add(statements * rounds / stopwatch.Elapsed.TotalSeconds);
        }

        perRun.Sort();
        return perRun[Runs / 2];
    }

    private static double LatencyMs(Action run)
    {
        for (var i = 0; i < 20; i++)
        {
            run(); // warm-up (JIT)
        }

        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            run();
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[Runs / 2];
    }

    /// <summary>Twenty tables in a chain of foreign keys and a query joining them all with filters, grouping and a limit.</summary>
    internal static (DatabaseSchema Schema, string Sql) TwentyTableJoin()
    {
        var tables = new List<Table>();
        for (var i = 1; i <= JoinTables; i++)
        {
            var columns = new List<Column>
            {
                new() { Name = "id", Ordinal = 1, DataType = "integer", IsNullable = false },
                new() { Name = "name", Ordinal = 2, DataType = "text", IsNullable = false, Comment = $"Name of the {i}th thing" },
                new() { Name = "status", Ordinal = 3, DataType = "text", IsNullable = false },
                new() { Name = "created_at", Ordinal = 4, DataType = "timestamp with time zone", IsNullable = false },
                new() { Name = "amount", Ordinal = 5, DataType = "numeric(12,2)", IsNullable = true },
            };
            var keys = new List<ForeignKey>();
            if (i > 1)
            {
                columns.Add(new Column { Name = $"t{i - 1:00}_id", Ordinal = 6, DataType = "integer", IsNullable = false });
                keys.Add(new ForeignKey { Columns = [$"t{i - 1:00}_id"], ReferencedSchema = "public", ReferencedTable = $"t{i - 1:00}", ReferencedColumns = ["id"] });
            }

            tables.Add(new Table
            {
                Schema = "public",
                Name = $"t{i:00}",
                Comment = $"Table {i} of the chain",
                Columns = columns,
                PrimaryKey = new KeyConstraint { Name = $"t{i:00}_pkey", Columns = ["id"] },
                ForeignKeys = keys,
                Indexes = [new TableIndex { Name = $"t{i:00}_pkey", Columns = [new IndexColumn { Name = "id" }], IsUnique = true, IsPrimaryKey = true }],
                RowEstimate = 100_000,
            });
        }

        var joins = string.Join("\n", Enumerable.Range(2, JoinTables - 1).Select(i => $"JOIN t{i:00} ON t{i:00}.t{i - 1:00}_id = t{i - 1:00}.id"));
        var sql = $"""
            SELECT t01.name, t{JoinTables:00}.status, count(*) AS n, sum(t{JoinTables:00}.amount) AS total
            FROM t01
            {joins}
            WHERE t01.status = 'active' AND t{JoinTables:00}.created_at >= '2024-01-01' AND t10.amount > 100
            GROUP BY t01.name, t{JoinTables:00}.status
            ORDER BY total DESC
            LIMIT 50
            """;
        return (new DatabaseSchema { Engine = DatabaseEngine.Postgres, Tables = tables }, sql);
    }

    private static async Task<double?> PostgresExplainMsAsync(string sql)
    {
        var admin = Environment.GetEnvironmentVariable("APPLIANCE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(admin))
        {
            return null;
        }

        var adminBuilder = new NpgsqlConnectionStringBuilder(admin) { Pooling = false };
        var database = $"appliance_bench_{Guid.NewGuid():N}"[..32];
        await IngestionBenchmark.ExecuteAsync(adminBuilder.ConnectionString, $"CREATE DATABASE \"{database}\"");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(adminBuilder.ConnectionString) { Database = database };
            var ddl = string.Join(";\n", Enumerable.Range(1, JoinTables).Select(i =>
                $"CREATE TABLE t{i:00} (id integer PRIMARY KEY, name text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL, amount numeric(12,2)" +
                (i > 1 ? $", t{i - 1:00}_id integer NOT NULL REFERENCES t{i - 1:00} (id)" : "") + ")"));
            await IngestionBenchmark.ExecuteAsync(builder.ConnectionString, ddl);
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + sql, connection);
            for (var i = 0; i < 5; i++)
            {
                await command.ExecuteScalarAsync(); // warm-up
            }

            var times = new List<double>();
            for (var i = 0; i < Runs; i++)
            {
                var stopwatch = Stopwatch.StartNew();
                await command.ExecuteScalarAsync();
                times.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            times.Sort();
            return times[Runs / 2];
        }
        finally
        {
            await IngestionBenchmark.ExecuteAsync(adminBuilder.ConnectionString, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
        }
    }
}
