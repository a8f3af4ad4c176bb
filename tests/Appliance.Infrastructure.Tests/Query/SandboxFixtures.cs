using System.Globalization;
using Appliance.Infrastructure.Query;
using Appliance.Tests;

namespace Appliance.Infrastructure.Tests.Query;

/// <summary>One <see cref="PostgresSandbox"/> per test class, created on first use (so a missing server skips instead of failing).</summary>
public sealed class PostgresSandboxFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgresSandbox? _sandbox;

    internal async Task<PostgresSandbox> GetAsync()
    {
        _ = TestServers.PostgresAdmin;
        await _gate.WaitAsync();
        try
        {
            return _sandbox ??= await PostgresSandbox.CreateAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>One <see cref="MySqlSandbox"/> per test class, created on first use; the server counts connections per user (userstat).</summary>
public sealed class MySqlSandboxFixture : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MySqlSandbox? _sandbox;

    internal async Task<MySqlSandbox> GetAsync()
    {
        _ = TestServers.MySqlAdmin;
        await _gate.WaitAsync();
        try
        {
            if (_sandbox is null)
            {
                await TestServers.ExecuteMySqlAsync(TestServers.MySqlAdmin, "SET GLOBAL userstat = ON");
                _sandbox = await MySqlSandbox.CreateAsync();
            }

            return _sandbox;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }

        _gate.Dispose();
    }
}

/// <summary>
/// What each corpus statement did when a layer was off, appended to the file named by APPLIANCE_QUERY_CORPUS_LOG when it
/// is set (the evidence behind the guarantees written on the engines); nothing otherwise.
/// </summary>
internal static class CorpusLog
{
    private static readonly Lock Gate = new();

    public static void Write(string engine, string mode, string sql, Exception? outcome)
    {
        var path = Environment.GetEnvironmentVariable("APPLIANCE_QUERY_CORPUS_LOG");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var what = outcome switch
        {
            null => "ran without error",
            QueryException query => $"{query.Kind}{(query.ServerCode is null ? "" : $" [{query.ServerCode}]")}: {query.Message}",
            _ => $"{outcome.GetType().Name}: {outcome.Message}",
        };
        var line = string.Create(CultureInfo.InvariantCulture, $"{engine}\t{mode}\t{sql.Replace("\n", "\\n", StringComparison.Ordinal)}\t{what}\n");
        lock (Gate)
        {
            File.AppendAllText(path, line);
        }
    }
}
