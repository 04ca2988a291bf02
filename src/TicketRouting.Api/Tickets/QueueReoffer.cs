using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// A department's queue, offered again by the routing maintenance, under the department's lock: each queued ticket whose
/// wait reached a relaxation (optional skills after <c>Routing:SkillTimeoutMinutes</c>, the language after twice as
/// long) gets one <c>relaxed</c> history line per requirement dropped, then the queue is dispatched with the policies
/// (which apply the same relaxations). The dispatch also hands out tickets to agents whose shift has begun or whose
/// absence has ended, which no request would otherwise trigger.
/// </summary>
public sealed class QueueReoffer(
    TicketsDbContext db, TransactionRunner transactions, DepartmentWorkload workload, RoutingPolicy policy, TimeProvider clock)
{
    public Task<MaintenanceOutcome> RunAsync(int departmentId, CancellationToken ct) => transactions.RunAsync(async token =>
    {
        if (!await workload.LockAsync(departmentId, token))
        {
            return MaintenanceOutcome.None;
        }

        var now = clock.GetUtcNow();
        var relaxedSince = now - TimeSpan.FromMinutes(policy.Options.SkillTimeoutMinutes);
        var waiting = await db.Tickets.AsNoTracking()
            .Where(t => t.DepartmentId == departmentId && t.AssigneeId == null && t.Status != TicketStatus.Closed && t.CreatedAt <= relaxedSince)
            .Select(t => new { t.Id, t.CreatedAt })
            .ToListAsync(token);
        var ids = waiting.Select(t => t.Id).ToList();
        var history = (await db.TicketEvents.AsNoTracking()
                .Where(e => ids.Contains(e.TicketId) && (e.Type == TicketEventTypes.Routed || e.Type == TicketEventTypes.Relaxed))
                .Select(e => new { e.TicketId, e.Id, e.Type, e.To, e.DataJson })
                .ToListAsync(token))
            .ToLookup(e => e.TicketId);
        var relaxed = 0;
        foreach (var ticket in waiting)
        {
            var events = history[ticket.Id].OrderBy(e => e.Id).ToList();
            var requirements = TicketRecords.Requirements(events.LastOrDefault(e => e.Type == TicketEventTypes.Routed)?.DataJson);
            var recorded = events.Where(e => e.Type == TicketEventTypes.Relaxed).Select(e => e.To ?? "").ToList();
            foreach (var relaxation in policy.DueRelaxations(requirements, ticket.CreatedAt, recorded))
            {
                db.TicketEvents.Add(new TicketEvent
                {
                    TicketId = ticket.Id,
                    Type = TicketEventTypes.Relaxed,
                    ActorName = RoutingMaintenancePass.Reoffer.Name,
                    At = now,
                    To = relaxation.Requirement,
                    Reason = Describe(relaxation, requirements),
                    DataJson = TicketMapper.Serialize(new
                    {
                        requirement = relaxation.Requirement,
                        dueAt = relaxation.At,
                        dropped = relaxation.Requirement == RoutingPolicy.RelaxedLanguage
                            ? [requirements.Language!]
                            : requirements.OptionalSkills.Order(StringComparer.Ordinal).ToArray(),
                    }),
                });
                relaxed++;
            }
        }

        await db.SaveChangesAsync(token);
        var dispatched = await workload.DispatchQueueAsync(departmentId, RoutingMaintenancePass.Reoffer, token);
        return MaintenanceOutcome.None with { Relaxed = relaxed, Dispatched = dispatched };
    }, ct);

    private string Describe(Relaxation relaxation, TicketRequirements requirements)
    {
        var minutes = policy.Options.SkillTimeoutMinutes * (relaxation.Requirement == RoutingPolicy.RelaxedLanguage ? 2 : 1);
        var what = relaxation.Requirement == RoutingPolicy.RelaxedLanguage
            ? $"the language ({requirements.Language})"
            : $"the optional skills ({string.Join(", ", requirements.OptionalSkills.Order(StringComparer.Ordinal))})";
        return $"waited {minutes:0.#} min in the queue: {what} no longer required";
    }
}
