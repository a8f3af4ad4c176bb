using System.Collections.Concurrent;
using Appliance.Infrastructure.MockData;

namespace Appliance.Web.MockData;

/// <summary>
/// Progress of the mock data downloads being streamed, so the page can show it while the browser receives the file.
/// Keyed by user and a random id the page chose; entries are dropped half an hour after they start.
/// </summary>
public sealed class MockDownloads(TimeProvider clock)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(30);
    private readonly ConcurrentDictionary<(Guid User, Guid Id), MockDownloadProgress> _downloads = new();

    public MockDownloadProgress Start(Guid user, Guid id, string fileName, long totalRows, int tables)
    {
        var progress = Create(fileName, totalRows, tables);
        foreach (var (key, old) in _downloads)
        {
            if (progress.StartedAt - old.StartedAt > KeepFor)
            {
                _downloads.TryRemove(key, out _);
            }
        }

        _downloads[(user, id)] = progress;
        return progress;
    }

    /// <summary>Progress nobody follows (a download without script).</summary>
    public MockDownloadProgress Create(string fileName, long totalRows, int tables) => new(fileName, totalRows, tables, clock);

    public MockDownloadProgress? Find(Guid user, Guid id) => _downloads.GetValueOrDefault((user, id));
}

public enum MockDownloadState
{
    Running,
    Done,
    Failed,
}

/// <summary>One download: the exporter's latest progress, the bytes sent, and how it ended. Thread-safe.</summary>
public sealed class MockDownloadProgress : IProgress<MockProgress>
{
    private readonly TimeProvider _clock;
    private MockProgress? _latest;
    private long _bytes;

    internal MockDownloadProgress(string fileName, long totalRows, int tables, TimeProvider clock)
    {
        _clock = clock;
        FileName = fileName;
        TotalRows = totalRows;
        Tables = tables;
        StartedAt = clock.GetUtcNow();
    }

    public string FileName { get; }
    public long TotalRows { get; }
    public int Tables { get; }
    public DateTimeOffset StartedAt { get; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public MockDownloadState State { get; private set; }
    public string? Message { get; private set; }

    /// <summary>The table being written ("schema.table"), null before the first and for a SQL script.</summary>
    public string? CurrentTable => Volatile.Read(ref _latest)?.Table;

    public long RowsDone => Volatile.Read(ref _latest)?.TotalDone ?? 0;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Percent => State == MockDownloadState.Done ? 100 : (int)Math.Floor((Volatile.Read(ref _latest)?.Fraction ?? 0) * 100);

    public TimeSpan Elapsed => (FinishedAt ?? _clock.GetUtcNow()) - StartedAt;

    public void Report(MockProgress value) => Volatile.Write(ref _latest, value);

    public void AddBytes(long bytes) => Interlocked.Add(ref _bytes, bytes);

    public void Complete()
    {
        FinishedAt = _clock.GetUtcNow();
        State = MockDownloadState.Done;
    }

    public void Fail(string message)
    {
        FinishedAt = _clock.GetUtcNow();
        Message = message;
        State = MockDownloadState.Failed;
    }
}
