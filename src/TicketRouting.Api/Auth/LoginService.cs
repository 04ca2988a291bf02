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

    // One atomic statement (parallel guesses cannot slip past the limit, and a wrong password costs about
    // the same as an unknown user): count the failure, and at the limit lock the account and restart the count.
    private Task RecordFailureAsync(User user, DateTimeOffset now, CancellationToken ct)
    {
        var limit = options.Value.MaxFailedAttempts;
        var until = now.AddMinutes(options.Value.LockoutMinutes);
        return db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.LockoutEnd, u => u.FailedLoginCount + 1 >= limit ? until : u.LockoutEnd)
            .SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1 >= limit ? 0 : u.FailedLoginCount + 1), ct);
    }
}
