using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Webhooks;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// The database side of assignment. Every method runs inside the caller's transaction, after
/// <c>LockAsync</c>: that UPDATE on the department row is the per-department lock, so concurrent
/// requests and other API processes on the same database claim agents one at a time per department.
/// </summary>
public sealed class DepartmentWorkload(TicketsDbContext db, WebhookOutbox outbox, TimeProvider clock, RoutingPolicy policy)
{
    private const int DispatchLookAhead = 50;

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

    /// <summary>Every agent of the department with their open-ticket count and profile.</summary>
    public async Task<List<AgentCandidate>> CandidatesAsync(int departmentId, CancellationToken ct) =>
        (await AgentCandidates.ReadAsync(
            db, db.Agents.Where(a => a.DepartmentId == departmentId), clock.GetUtcNow(), ct, policy.Options.Policies.Enabled))
            .Select(r => r.Candidate).ToList();

    /// <summary>Records the claim on the agent (for the least-recently-assigned tie-break).</summary>
    public Task MarkAssignedAsync(int agentId, DateTimeOffset at, CancellationToken ct) =>
        db.Agents.Where(a => a.Id == agentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAssignedAt, at), ct);

    /// <summary>
    /// Gives queued (unassigned, open) tickets of the department to eligible agents, highest priority then
    /// oldest first, until no agent has room. The same policies as at intake: each ticket's language and skills (as its
    /// routed event recorded them, relaxed after the skill timeout counted from its creation), agents' shifts and absences.
    /// A ticket nobody can take stays queued and the next one is tried. Returns how many were handed out.
    /// </summary>
    public async Task<int> DispatchQueueAsync(int departmentId, CurrentActor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var candidates = await CandidatesAsync(departmentId, ct);
        var room = candidates.Where(c => RoutingPolicy.Check(c, TicketRequirements.None, now) == Ineligibility.Eligible)
            .Sum(c => c.Capacity - c.OpenTickets);
        if (room <= 0)
        {
            return 0;
        }

        // Some queued tickets may ask for what no agent with room offers: look a little further than the room.
        var queued = await db.Tickets
            .Where(t => t.DepartmentId == departmentId && t.AssigneeId == null && t.Status != TicketStatus.Closed)
            .OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Take(room + DispatchLookAhead)
            .ToListAsync(ct);
        var ids = queued.Select(t => t.Id).ToList();
        var routed = await db.TicketEvents.Where(e => ids.Contains(e.TicketId) && e.Type == TicketEventTypes.Routed)
            .Select(e => new { e.TicketId, e.DataJson })
            .ToListAsync(ct);
        var requirements = routed.GroupBy(e => e.TicketId).ToDictionary(g => g.Key, g => TicketRecords.Requirements(g.Last().DataJson));

        var handedOut = 0;
        foreach (var ticket in queued)
        {
            if (handedOut == room)
            {
                break;
            }

            var routing = policy.Choose(candidates, new RoutingRequest(
                requirements.GetValueOrDefault(ticket.Id, TicketRequirements.None), ticket.CreatedAt));
            var choice = routing.Balancer;
            if (choice.Agent is not { } agent)
            {
                continue;
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
                DataJson = TicketMapper.Serialize(new
                {
                    agentId = agent.AgentId,
                    tieBreak = choice.TieBreak,
                    language = routing.Applied.Language,
                    requiredSkills = routing.Applied.RequiredSkills.Order(StringComparer.Ordinal),
                    relaxed = routing.Relaxations,
                }),
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
