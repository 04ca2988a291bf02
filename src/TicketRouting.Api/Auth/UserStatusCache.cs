using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TicketRouting.Data;

namespace TicketRouting.Api.Auth;

/// <summary>
/// Whether a token's user is still active with the same security stamp. Cached for a few seconds so that
/// the check costs no query on most requests; this process drops the entry at once when an admin changes
/// the user, other processes see the change within <c>Auth:UserStatusCacheSeconds</c>.
/// </summary>
public sealed class UserStatusCache(IMemoryCache cache, IOptions<AuthOptions> options)
{
    private TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.UserStatusCacheSeconds);

    private sealed record Status(bool Active, string Stamp);

    public async Task<bool> IsCurrentAsync(int userId, string? stamp, TicketsDbContext db, CancellationToken ct)
    {
        var status = await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            return await db.Users.AsNoTracking().Where(u => u.Id == userId)
                .Select(u => new Status(u.IsActive, u.SecurityStamp)).SingleOrDefaultAsync(ct);
        });
        return status is { Active: true } && status.Stamp == stamp;
    }

    public void Invalidate(int userId) => cache.Remove(Key(userId));

    private static string Key(int userId) => $"user-status:{userId}";
}
