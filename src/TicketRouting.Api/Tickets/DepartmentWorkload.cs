using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Webhooks;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// The database side of assignment. Every method runs inside the caller's transaction, after
/// <c>LockAsync</c>: that UPDATE on the department row is the per-department lock, so concurrent
/// requests and other API processes on the same database claim agents one at a time per department.
/// </summary>
public sealed class DepartmentWorkload(TicketsDbContext db, WebhookOutbox outbox, TimeProvider clock)
{
    /// <summary>Takes the department's lock; false if the department does not exist.</summary>
    public async Task<bool> LockAsync(int departmentId, CancellationToken ct) =>
        await db.Departments.Where(d => d.Id == departmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AssignmentVersion, d => d.AssignmentVersion + 1), ct) == 1;

    /// <summary>Locks several departments in id order, so that two requests never wait on each other.</summary>
    public async Task LockAsync(IEnumerable<int> departmentIds, CancellationToken ct)
    {
        foreach (var id in departmentIds.Distinct().Order())
        {
            await LockAsync(id, ct);
        }
    }

    /// <summary>Every agent of the department with their open-ticket count, in one query.</summary>
    public Task<List<AgentCandidate>> CandidatesAsync(int departmentId, CancellationToken ct) =>
        db.Agents.Where(a => a.DepartmentId == departmentId)
            .OrderBy(a => a.Id)
            .Select(a => new AgentCandidate(
                a.Id,
                a.Name,
                db.Tickets.Count(t => t.AssigneeId == a.Id && t.Status != TicketStatus.Closed),
                a.Capacity,
                a.Available,
                a.LastAssignedAt))
            .ToListAsync(ct);

    /// <summary>Records the claim on the agent (for the least-recently-assigned tie-break).</summary>
    public Task MarkAssignedAsync(int agentId, DateTimeOffset at, CancellationToken ct) =>
        db.Agents.Where(a => a.Id == agentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAssignedAt, at), ct);

    /// <summary>
    /// Gives queued (unassigned, open) tickets of the department to eligible agents, highest priority then
    /// oldest first, until no agent has room. Returns how many were handed out.
    /// </summary>
    public async Task<int> DispatchQueueAsync(int departmentId, CurrentActor actor, CancellationToken ct)
    {
        var candidates = await CandidatesAsync(departmentId, ct);
        var room = candidates.Where(c => c.IsEligible).Sum(c => c.Capacity - c.OpenTickets);
        if (room <= 0)
        {
            return 0;
        }

        var queued = await db.Tickets
            .Where(t => t.DepartmentId == departmentId && t.AssigneeId == null && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Take(room)
            .ToListAsync(ct);

        var now = clock.GetUtcNow();
        var handedOut = 0;
        foreach (var ticket in queued)
        {
            var choice = LeastLoadedBalancer.Choose(candidates);
            if (choice.Agent is not { } agent)
            {
                break;
            }

            ticket.AssigneeId = agent.AgentId;
            ticket.UpdatedAt = now;
            await MarkAssignedAsync(agent.AgentId, now, ct);
            db.TicketEvents.Add(new TicketEvent
            {
                TicketId = ticket.Id,
                Type = TicketEventTypes.Assigned,
                ActorUserId = actor.UserId,
                ActorName = actor.Name,
                At = now,
                To = agent.Name,
                Reason = "dequeued",
                DataJson = JsonSerializer.Serialize(new { agentId = agent.AgentId, tieBreak = choice.TieBreak }),
            });
            await outbox.AddAsync(ticket, WebhookEventTypes.Assigned, new { agentId = agent.AgentId, agent = agent.Name, reason = "dequeued" }, ct);
            var index = candidates.FindIndex(c => c.AgentId == agent.AgentId);
            candidates[index] = agent with { OpenTickets = agent.OpenTickets + 1, LastAssignedAt = now };
            handedOut++;
        }

        await db.SaveChangesAsync(ct);
        return handedOut;
    }
}

/// <summary>Who did it, for the history: a user, or the system (actor id null).</summary>
public sealed record CurrentActor(int? UserId, string Name)
{
    public static readonly CurrentActor System = new(null, "system");
}
