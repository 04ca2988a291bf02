using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Auth;

/// <summary>
/// Checks a username and password. Unknown users, wrong passwords, locked and deactivated accounts all
/// fail the same way, after the same hashing work, so that a caller cannot tell them apart.
/// </summary>
public sealed class LoginService(
    TicketsDbContext db, IPasswordHasher<User> hasher, IOptions<AuthOptions> options, TimeProvider clock)
{
    // A real hash of a random password: unknown users are verified against it to spend the same time.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    public async Task<User?> CheckAsync(string username, string password, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUsername == User.Normalize(username), ct);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, DummyHash.Value, password);
            return null;
        }

        var result = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (user.LockoutEnd > now || !user.IsActive)
        {
            return null;
        }

        if (result == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(user, now, ct);
            return null;
        }

        user.FailedLoginCount = 0;
        user.LockoutEnd = null;
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        await db.SaveChangesAsync(ct);
        return user;
    }

    private async Task RecordFailureAsync(User user, DateTimeOffset now, CancellationToken ct)
    {
        // Atomic increment: parallel guesses cannot slip past the limit.
        await db.Users.Where(u => u.Id == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1), ct);
        var failures = await db.Users.Where(u => u.Id == user.Id).Select(u => u.FailedLoginCount).SingleAsync(ct);
        if (failures >= options.Value.MaxFailedAttempts)
        {
            var until = now.AddMinutes(options.Value.LockoutMinutes);
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(
                s => s.SetProperty(u => u.LockoutEnd, until).SetProperty(u => u.FailedLoginCount, 0), ct);
        }
    }
}
