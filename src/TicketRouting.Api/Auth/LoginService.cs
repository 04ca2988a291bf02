using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Auth;

/// <summary>
/// Checks a username and password. Unknown users, wrong passwords, locked and deactivated accounts all
/// fail the same way, after the same database statements and the same hashing work, so that a caller
/// cannot tell them apart.
/// </summary>
public sealed class LoginService(
    TicketsDbContext db, TransactionRunner transactions, IPasswordHasher<User> hasher, IOptions<AuthOptions> options,
    TimeProvider clock, ILogger<LoginService> logger)
{
    // A real hash of a random password: unknown and locked users are verified against it to spend the same time.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString()));

    public async Task<User?> CheckAsync(string username, string password, CancellationToken ct)
    {
        var normalized = User.Normalize(username);
        var (user, counted) = await transactions.RunAsync(token => CountAttemptAsync(normalized, token), ct);

        // The hash is verified outside the transaction: it must not hold the writer queue.
        var result = hasher.VerifyHashedPassword(user!, counted ? user!.PasswordHash : DummyHash.Value, password);
        if (!counted || result == PasswordVerificationResult.Failed)
        {
            TicketRoutingTelemetry.LoginFailed(locked: user is not null && user.LockoutEnd > clock.GetUtcNow());
            logger.LogInformation("Login failed for {Username}", username);
            return null;
        }

        var rehash = result == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(user!, password) : user!.PasswordHash;
        await transactions.RunAsync(token => db.Users.Where(u => u.Id == user!.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.FailedLoginCount, 0)
            .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
            .SetProperty(u => u.PasswordHash, rehash), token), ct);
        return user;
    }

    // The attempt is counted BEFORE the password is checked, in one atomic statement, so that parallel guesses
    // cannot slip past the limit: the attempt that reaches it locks the account (and restarts the count), and
    // any attempt on a locked or inactive account counts nothing and fails whatever the password. The same
    // statement runs for unknown usernames (matching no row).
    private async Task<(User? User, bool Counted)> CountAttemptAsync(string normalized, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var limit = options.Value.MaxFailedAttempts;
        var until = now.AddMinutes(options.Value.LockoutMinutes);
        var counted = await db.Users
            .Where(u => u.NormalizedUsername == normalized && u.IsActive && (u.LockoutEnd == null || u.LockoutEnd <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.LockoutEnd, u => u.FailedLoginCount + 1 >= limit ? until : u.LockoutEnd)
                .SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1 >= limit ? 0 : u.FailedLoginCount + 1), ct);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedUsername == normalized, ct);
        return (user, counted == 1);
    }
}
