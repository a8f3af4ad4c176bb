using System.Diagnostics;
using Appliance.Core.MockData;
using Appliance.Infrastructure.Engines;

namespace Appliance.Infrastructure.MockData;

/// <summary>
/// What a load is doing, shared by the engines' loaders: counts rows, reports progress every so often (and checks for
/// cancellation then, so a cancel from a progress callback stops the load within a few rows), and words failures.
/// </summary>
internal sealed class MockLoadTracker
{
    /// <summary>Rows between two progress reports: often enough for a smooth bar, rare enough to cost nothing.</summary>
    private const long ReportEvery = 1000;

    private readonly IProgress<MockProgress>? _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly List<MockTableLoad> _loaded = [];
    private long _tableRows;
    private long _tableDone;
    private long _lastReported;

    public MockLoadTracker(MockDataSet data, IProgress<MockProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        _progress = progress;
        _cancellationToken = cancellationToken;
        TotalRows = data.TotalRows;
    }

    public long TotalRows { get; }
    public long TotalDone { get; private set; }
    public long DeferredUpdates { get; private set; }
    public string Phase { get; private set; } = MockPhases.Connecting;

    /// <summary>"schema.table" being written, when a table is.</summary>
    public string? Table { get; private set; }

    public void BeginTable(MockTableData table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table.Plan.QualifiedName;
        Phase = MockPhases.Loading;
        _tableRows = table.RowCount;
        _tableDone = 0;
        _lastReported = 0;
        Report();
    }

    /// <summary>Counts rows written; reports (and honours a cancellation) every <see cref="ReportEvery"/> rows.</summary>
    public void Advance(long rows = 1)
    {
        _tableDone += rows;
        if (Phase == MockPhases.Linking)
        {
            DeferredUpdates += rows;
        }
        else
        {
            TotalDone += rows;
        }

        if (_tableDone - _lastReported >= ReportEvery)
        {
            _lastReported = _tableDone;
            Report();
            _cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public void EndTable()
    {
        Report();
        if (Phase == MockPhases.Loading && Table is not null)
        {
            _loaded.Add(new MockTableLoad(Table, _tableDone));
        }
    }

    /// <summary>Starts the second pass of a table's cyclic foreign keys.</summary>
    public void BeginLinking(MockTableData table)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table.Plan.QualifiedName;
        Phase = MockPhases.Linking;
        _tableRows = table.RowCount;
        _tableDone = 0;
        _lastReported = 0;
        Report();
    }

    public void BeginPhase(string phase)
    {
        Phase = phase;
        Table = null;
        _tableRows = 0;
        _tableDone = 0;
        Report();
    }

    private void Report() =>
        _progress?.Report(new MockProgress(Table, _tableDone, _tableRows, TotalDone, TotalRows, Phase));

    public MockLoadResult Result() => new(_loaded.ToList(), TotalDone, DeferredUpdates, _stopwatch.Elapsed);

    /// <summary>"Loading sales.order_line failed: duplicate key value violates … (Key (…)=(…) already exists)."</summary>
    public MockLoadException Failure(string? reason, Exception inner)
    {
        var doing = Phase switch
        {
            MockPhases.Loading => $"Loading {Table}",
            MockPhases.Linking => $"Setting the foreign keys that close a cycle in {Table}",
            MockPhases.Sequences => "Moving the sequences past the generated keys",
            MockPhases.Committing => "Committing the load",
            _ => "Loading the mock data",
        };
        var text = string.IsNullOrWhiteSpace(reason) ? "the database gave no reason" : reason.Trim().TrimEnd('.');
        return new MockLoadException($"{doing} failed: {text}. Nothing was loaded (the transaction was rolled back).", Table, inner);
    }

    /// <summary>
    /// The common shape of a failure: generation problems keep their own message, connection problems are worded by the
    /// engine's classifier, server errors by <paramref name="serverReason"/> (null when the exception is not a server error).
    /// </summary>
    public MockLoadException Classify(Exception ex, ConnectionTarget target, Func<Exception, string?> serverReason, Func<Exception, ConnectionTarget, DatabaseAccessException> classifyConnection)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(serverReason);
        ArgumentNullException.ThrowIfNull(classifyConnection);
        switch (ex)
        {
            case MockLoadException load:
                return load;
            case MockDataException generation:
                return new MockLoadException($"{generation.Message} Nothing was loaded (the transaction was rolled back).", Table, ex);
            case DatabaseAccessException access:
                return new MockLoadException(access.Message, Table, ex);
        }

        if (serverReason(ex) is { } reason)
        {
            return Failure(target.Scrub(reason) ?? "the server's message was withheld because it contained the password", ex);
        }

        if (EngineErrors.ClassifyTransport(ex, target) is { } transport)
        {
            return Failure(transport.Message, ex);
        }

        var classified = classifyConnection(ex, target);
        return Failure(classified.Message, ex);
    }
}
