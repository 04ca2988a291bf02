using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Seeding;

namespace TicketRouting.Api.Auth;

/// <summary>
/// Outside Development the service refuses a database where a development user still has its public
/// password (e.g. a database first run in Development, then promoted), instead of serving it.
/// </summary>
internal static class DevelopmentUsersGuard
{
    public static async Task EnsureNoneAsync(TicketsDbContext db, IPasswordHasher<User> hasher, string seedDirectory, CancellationToken ct)
    {
        foreach (var (username, password) in DatabaseSeeder.DevelopmentCredentials(seedDirectory))
        {
            var user = await db.Users.AsNoTracking()
                .SingleOrDefaultAsync(u => u.NormalizedUsername == User.Normalize(username) && u.IsActive, ct);
            if (user is not null && hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed)
            {
                throw new InvalidOperationException(
                    $"The development user '{username}' still has its public password from seed/users.json. Outside Development "
                    + "the service refuses to start: reset its password or deactivate it (ticketrouting seed never creates it without --dev-users).");
            }
        }
    }
}
