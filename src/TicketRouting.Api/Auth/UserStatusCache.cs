using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TicketRouting.Data;

namespace TicketRouting.Api.Auth;

/// <summary>
/// Whether a token's user is still active with the same security stamp: ASP.NET Core Identity's
/// SecurityStampValidator idea, a check against the database at most once per <c>Auth:UserStatusCacheSeconds</c>
/// (timed by <see cref="TimeProvider"/>; 0 checks on every request). This process forgets a user at once when an
/// admin changes them (<see cref="Invalidate"/>); other processes see the change within the interval. A check that
/// read the database before an invalidation is never used after it (a per-user generation), so a request racing
/// the change cannot cache the old state again. The database is asked only on a miss: a cached check needs no
/// DbContext.
/// </summary>
public sealed class UserStatusCache(IMemoryCache cache, IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, long> _generations = new();

    private sealed record Status(bool Active, string? Stamp, DateTimeOffset CheckedAt, long Generation);

    public async Task<bool> IsCurrentAsync(int userId, string? stamp, Func<TicketsDbContext> db, CancellationToken ct)
    {
        var interval = TimeSpan.FromSeconds(options.Value.UserStatusCacheSeconds);
        var generation = _generations.GetValueOrDefault(userId);
        var now = clock.GetUtcNow();
        if (interval > TimeSpan.Zero && cache.TryGetValue(Key(userId), out Status? cached) && cached is not null
            && cached.Generation == generation && now - cached.CheckedAt < interval && now >= cached.CheckedAt)
        {
            return IsCurrent(cached, stamp);
        }

        var row = await db().Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.IsActive, u.SecurityStamp }).SingleOrDefaultAsync(ct);
        var status = new Status(row?.IsActive == true, row?.SecurityStamp, now, generation);
        if (interval > TimeSpan.Zero)
        {
            // The entry's own expiry only frees memory; whether it is still fresh is decided above, on the clock.
            cache.Set(Key(userId), status, new MemoryCacheEntryOptions { SlidingExpiration = interval + TimeSpan.FromMinutes(1) });
        }

        return IsCurrent(status, stamp);
    }

    public void Invalidate(int userId)
    {
        _generations.AddOrUpdate(userId, 1, (_, g) => g + 1);
        cache.Remove(Key(userId));
    }

    private static bool IsCurrent(Status status, string? stamp) => status.Active && status.Stamp is not null && status.Stamp == stamp;

    private static string Key(int userId) => $"user-status:{userId}";
}
