using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Users;

/// <summary>
/// Admin operations on users, each in one transaction (a username or agent link raced by a parallel request
/// is retried and then reported as a 409). Anything that should end a user's access rotates their security stamp.
/// </summary>
public sealed class UserAdministration(
    TicketsDbContext db, TransactionRunner transactions, IPasswordHasher<User> hasher, TokenService tokens,
    UserStatusCache statuses, TimeProvider clock)
{
    public async Task<List<UserResponse>> ListAsync(CancellationToken ct) =>
        (await db.Users.AsNoTracking().Include(u => u.Agent).OrderBy(u => u.Id).ToListAsync(ct)).Select(ToResponse).ToList();

    public Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(CreateUserRequest request, CancellationToken ct) =>
        transactions.RunAsync<Results<Created<UserResponse>, ProblemHttpResult>>(async token =>
        {
            var normalized = User.Normalize(request.Username);
            if (await db.Users.AnyAsync(u => u.NormalizedUsername == normalized, token))
            {
                return Problems.Conflict($"The username '{request.Username}' is taken.");
            }

            var user = new User
            {
                Username = request.Username.Trim(),
                NormalizedUsername = normalized,
                DisplayName = request.DisplayName?.Trim() ?? request.Username.Trim(),
                Role = request.Role,
                CreatedAt = clock.GetUtcNow(),
            };
            user.PasswordHash = hasher.HashPassword(user, request.Password);
            db.Users.Add(user);
            if (await LinkAgentAsync(user, request.AgentId, token) is { } problem)
            {
                return problem;
            }

            await db.SaveChangesAsync(token);
            return TypedResults.Created($"/api/user/{user.Id}", ToResponse(user));
        }, ct);

    public async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpdateAsync(int id, UpdateUserRequest request, CancellationToken ct)
    {
        var result = await transactions.RunAsync<Results<Ok<UserResponse>, ProblemHttpResult>>(async token =>
        {
            var user = await db.Users.Include(u => u.Agent).SingleOrDefaultAsync(u => u.Id == id, token);
            if (user is null)
            {
                return Problems.NotFound($"User {id} does not exist.");
            }

            var role = request.Role ?? user.Role;
            if (request.AgentId is not null && role != Roles.Agent)
            {
                return Problems.Conflict($"Only users of role agent are linked to an agent record; this user is {role}.");
            }

            var active = request.Active ?? user.IsActive;
            if (user is { Role: Roles.Admin, IsActive: true } && (role != Roles.Admin || !active)
                && !await AnotherActiveAdminAsync(id, token))
            {
                return Problems.Conflict("This is the last active admin: make another user admin first, or nobody could administer the service.");
            }

            // The token carries the role and the agent link: changing either, or deactivating, ends the sessions.
            var relink = request.AgentId is not null && request.AgentId != user.Agent?.Id;
            var endsAccess = role != user.Role || request.Active == false || relink;
            if (user.Agent is not null && (role != Roles.Agent || relink))
            {
                // Unlink first, in its own statement, so the unique link is never held twice.
                await db.Agents.Where(a => a.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.UserId, (int?)null), token);
                db.Entry(user.Agent).State = EntityState.Detached;
                user.Agent = null;
            }

            user.DisplayName = request.DisplayName?.Trim() ?? user.DisplayName;
            user.Role = role;
            user.IsActive = active;
            if (relink && await LinkAgentAsync(user, request.AgentId, token) is { } problem)
            {
                return problem;
            }

            await SaveAsync(user, endsAccess, token);
            return TypedResults.Ok(ToResponse(user));
        }, ct);
        statuses.Invalidate(id); // after the commit: no request can cache the old state again
        return result;
    }

    public async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(int id, ResetPasswordRequest request, CancellationToken ct)
    {
        var result = await transactions.RunAsync<Results<NoContent, ProblemHttpResult>>(async token =>
        {
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, token);
            if (user is null)
            {
                return Problems.NotFound($"User {id} does not exist.");
            }

            user.PasswordHash = hasher.HashPassword(user, request.Password);
            user.FailedLoginCount = 0;
            user.LockoutEnd = null;
            await SaveAsync(user, endsAccess: true, token);
            return TypedResults.NoContent();
        }, ct);
        statuses.Invalidate(id);
        return result;
    }

    // Two admins removing each other at once would each see the other still active and both commit (read
    // committed on PostgreSQL or SQL Server). So the set of active admins is locked first, by a no-op update of
    // its rows: row locks every provider takes the same way, held to the commit, with no raw SQL and no schema
    // change (an advisory lock would be PostgreSQL-only; serializable would fail the whole unit of work and
    // retry it). The second request waits, then its update skips the row the first one changed and its check,
    // a new statement, sees the commit. SQLite's write transaction already runs alone.
    private async Task<bool> AnotherActiveAdminAsync(int id, CancellationToken ct)
    {
        await db.Users.Where(u => u.Role == Roles.Admin && u.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, u => u.IsActive), ct);
        return await db.Users.AnyAsync(u => u.Role == Roles.Admin && u.IsActive && u.Id != id, ct);
    }

    private async Task SaveAsync(User user, bool endsAccess, CancellationToken ct)
    {
        if (endsAccess)
        {
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await tokens.RevokeUserAsync(user.Id, ct);
        }

        await db.SaveChangesAsync(ct);
    }

    private async Task<ProblemHttpResult?> LinkAgentAsync(User user, int? agentId, CancellationToken ct)
    {
        if (agentId is null)
        {
            return null;
        }

        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null)
        {
            return Problems.NotFound($"Agent {agentId} does not exist.");
        }

        if (agent.UserId is not null && agent.UserId != user.Id)
        {
            return Problems.Conflict($"Agent {agentId} already has a login.");
        }

        agent.User = user;
        return null;
    }

    private static UserResponse ToResponse(User u) =>
        new(u.Id, u.Username, u.DisplayName, u.Role, u.IsActive, u.Agent?.Id, u.LockoutEnd, u.CreatedAt);
}
