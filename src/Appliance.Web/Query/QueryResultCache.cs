using Appliance.Infrastructure.Query;
using Microsoft.Extensions.Caching.Memory;

namespace Appliance.Web.Query;

/// <summary>A result kept for paging, charting and download after its run, for the user who ran it only.</summary>
public sealed record CachedResult(Guid Id, Guid UserId, Guid ConnectionId, string Sql, QueryResult Result, DateTime RanAt);

/// <summary>
/// The last results of each user, so that paging, the chart and CSV/JSON downloads use the rows already read instead
/// of running the statement again. Bounded by the total size of the kept values; entries expire after 30 minutes idle.
/// </summary>
public sealed class QueryResultCache : IDisposable
{
    /// <summary>At most this many bytes of displayed values are kept across all users (the runner caps one result).</summary>
    public const long SizeLimitBytes = 512L * 1024 * 1024;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });

    public CachedResult Add(Guid userId, Guid connectionId, string sql, QueryResult result)
    {
        var entry = new CachedResult(Guid.NewGuid(), userId, connectionId, sql, result, DateTime.UtcNow);
        _cache.Set(entry.Id, entry, new MemoryCacheEntryOptions
        {
            Size = Math.Max(1, result.Bytes + (sql.Length * 2)),
            SlidingExpiration = TimeSpan.FromMinutes(30),
        });
        return entry;
    }

    /// <summary>The result, or null when it expired or belongs to another user.</summary>
    public CachedResult? Find(Guid id, Guid userId) =>
        _cache.TryGetValue(id, out CachedResult? entry) && entry!.UserId == userId ? entry : null;

    public void Dispose() => _cache.Dispose();
}
