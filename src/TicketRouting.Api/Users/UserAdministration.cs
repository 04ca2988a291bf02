using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Users;

/// <summary>Admin operations on users. Anything that should end a user's access rotates their security stamp.</summary>
public sealed class UserAdministration(
    TicketsDbContext db, IPasswordHasher<User> hasher, TokenService tokens, UserStatusCache statuses, TimeProvider clock)
{
    public async Task<List<UserResponse>> ListAsync(CancellationToken ct) =>
        (await db.Users.AsNoTracking().Include(u => u.Agent).OrderBy(u => u.Id).ToListAsync(ct)).Select(ToResponse).ToList();

    public async Task<Results<Created<UserResponse>, ProblemHttpResult>> CreateAsync(CreateUserRequest request, CancellationToken ct)
    {
        var normalized = User.Normalize(request.Username);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == normalized, ct))
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
        var linkProblem = await LinkAgentAsync(user, request.AgentId, ct);
        if (linkProblem is not null)
        {
            return linkProblem;
        }

        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/user/{user.Id}", ToResponse(user));
    }

    public async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpdateAsync(int id, UpdateUserRequest request, CancellationToken ct)
    {
        var user = await db.Users.Include(u => u.Agent).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problems.NotFound($"User {id} does not exist.");
        }

        var endsAccess = (request.Role is not null && request.Role != user.Role) || request.Active == false;
        user.DisplayName = request.DisplayName?.Trim() ?? user.DisplayName;
        user.Role = request.Role ?? user.Role;
        user.IsActive = request.Active ?? user.IsActive;
        if (request.Role is not null && request.Role != Roles.Agent && user.Agent is not null)
        {
            user.Agent.UserId = null;
        }

        var linkProblem = await LinkAgentAsync(user, request.AgentId, ct);
        if (linkProblem is not null)
        {
            return linkProblem;
        }

        await SaveAsync(user, endsAccess, ct);
        return TypedResults.Ok(ToResponse(user));
    }

    public async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(int id, ResetPasswordRequest request, CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return Problems.NotFound($"User {id} does not exist.");
        }

        user.PasswordHash = hasher.HashPassword(user, request.Password);
        user.FailedLoginCount = 0;
        user.LockoutEnd = null;
        await SaveAsync(user, endsAccess: true, ct);
        return TypedResults.NoContent();
    }

    private async Task SaveAsync(User user, bool endsAccess, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (endsAccess)
        {
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            await tokens.RevokeUserAsync(user.Id, ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        statuses.Invalidate(user.Id);
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
