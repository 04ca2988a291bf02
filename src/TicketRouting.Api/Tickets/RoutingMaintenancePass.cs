using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// The database side of one maintenance pass; the decisions are <see cref="RoutingPolicy"/>'s. One read of the assigned
/// open tickets that may need acting on (<see cref="Candidates"/>: narrowed in SQL, not every assigned ticket) with the
/// history lines that matter finds the tickets to act on; each is
/// then handled in its own transaction that locks the ticket and its department (as a reassignment does), reads the facts
/// again and decides again, so that a ticket another process just moved is left alone. Queued tickets are handled per
/// department under its lock: due relaxations are recorded, then the queue is offered again.
/// </summary>
public sealed class RoutingMaintenancePass(
    TicketsDbContext db, IServiceScopeFactory scopes, RoutingPolicy policy, IOptions<SlaOptions> sla, TimeProvider clock)
{
    public static readonly CurrentActor Rescue = new(null, "rescue");
    public static readonly CurrentActor Redistribution = new(null, "redistribution");
    public static readonly CurrentActor Reoffer = new(null, "re-offer");

    private static readonly string[] HistoryTypes =
    [
        TicketEventTypes.Routed, TicketEventTypes.Assigned, TicketEventTypes.Reassigned,
        TicketEventTypes.Status, TicketEventTypes.Comment, TicketEventTypes.Stalled,
    ];

    public async Task<MaintenanceOutcome> RunAsync(CancellationToken ct)
    {
        var outcome = MaintenanceOutcome.None;
        var (agents, candidates) = await FindCandidatesAsync(clock.GetUtcNow(), ct);
        foreach (var facts in candidates)
        {
            if (Decide(facts, agents[facts.DepartmentId].ToList()) is not Verdict.Leave)
            {
                await using var scope = scopes.CreateAsyncScope();
                outcome = outcome.Add(await ActAsync(scope.ServiceProvider, facts.Id, ct));
            }
        }

        var queuedDepartments = await db.Tickets.Where(t => t.AssigneeId == null && t.Status != TicketStatus.Closed)
            .Select(t => t.DepartmentId).Distinct().ToListAsync(ct);
        foreach (var departmentId in queuedDepartments.Order())
        {
            await using var scope = scopes.CreateAsyncScope();
            outcome = outcome.Add(await scope.ServiceProvider.GetRequiredService<QueueReoffer>().RunAsync(departmentId, ct));
        }

        return outcome;
    }

    /// <summary>
    /// The assigned open tickets the policies could act on now, narrowed in SQL to necessary conditions: open tickets of
    /// agents who are off shift or absent (<paramref name="away"/>: give-back), and tickets with rescues left whose last
    /// action (assignment, or the assignee's status change or comment: the latest of those history lines, as
    /// <see cref="TicketActivity"/> reads it) is older than their priority's <c>Routing:StallMinutes</c>; for a priority
    /// without it (patience = half of the time from the last action to due), tickets past half of their SLA time, since
    /// due = created + the priority's SLA hours and the last action is not before creation. The policy decides on each.
    /// </summary>
    internal IQueryable<Ticket> Candidates(IQueryable<Ticket> tickets, List<int> away, DateTimeOffset now)
    {
        var options = policy.Options;
        var giveBack = options.RedistributeOnAbsence && away.Count > 0;
        var rescue = options.MaxRescuesPerTicket > 0;
        var maxRescues = options.MaxRescuesPerTicket;
        var rescueName = Rescue.Name;
        // Per priority: the latest last action and the latest creation that can be stalled now.
        var (lastLow, createdLow) = StallCutoffs(TicketPriority.Low, now);
        var (lastMedium, createdMedium) = StallCutoffs(TicketPriority.Medium, now);
        var (lastHigh, createdHigh) = StallCutoffs(TicketPriority.High, now);
        var (lastCritical, createdCritical) = StallCutoffs(TicketPriority.Critical, now);
        return tickets.Where(t => t.AssigneeId != null && t.Status != TicketStatus.Closed)
            .Select(t => new
            {
                Ticket = t,
                LastAction = t.Events
                    .Where(e => e.Type == TicketEventTypes.Assigned || e.Type == TicketEventTypes.Reassigned
                        || ((e.Type == TicketEventTypes.Status || e.Type == TicketEventTypes.Comment) && e.ActorUserId != null && e.ActorUserId == t.Assignee!.UserId))
                    .Max(e => (DateTimeOffset?)e.At) ?? t.CreatedAt,
            })
            .Where(x => (giveBack && x.Ticket.Status == TicketStatus.Open && away.Contains(x.Ticket.AssigneeId!.Value))
                || (rescue
                    && x.LastAction <= (x.Ticket.Priority == TicketPriority.Low ? lastLow
                        : x.Ticket.Priority == TicketPriority.Medium ? lastMedium
                        : x.Ticket.Priority == TicketPriority.High ? lastHigh : lastCritical)
                    && x.Ticket.CreatedAt <= (x.Ticket.Priority == TicketPriority.Low ? createdLow
                        : x.Ticket.Priority == TicketPriority.Medium ? createdMedium
                        : x.Ticket.Priority == TicketPriority.High ? createdHigh : createdCritical)
                    && x.Ticket.Events.Count(e => e.Type == TicketEventTypes.Reassigned && e.ActorUserId == null && e.ActorName == rescueName) < maxRescues))
            .Select(x => x.Ticket);
    }

    /// <summary>A configured patience bounds the last action; the SLA-derived one bounds the creation (see <see cref="Candidates"/>).
    /// "No bound" is a day ahead: history lines and creations are not in the future.</summary>
    private (DateTimeOffset LastAction, DateTimeOffset Created) StallCutoffs(TicketPriority priority, DateTimeOffset now)
    {
        if (policy.Options.StallMinutes.TryGetValue(priority, out var minutes))
        {
            var cutoff = now - TimeSpan.FromMinutes(minutes);
            return (cutoff, cutoff);
        }

        var time = sla.Value.DueAt(now, priority) - now;
        return (now.AddDays(1), now - time / 2);
    }

    /// <summary>Every agent (by department) as the policies see them now, and the assigned tickets that may need acting on.</summary>
    internal async Task<(ILookup<int, AgentCandidate> Agents, List<AssignedFacts> Candidates)> FindCandidatesAsync(DateTimeOffset now, CancellationToken ct)
    {
        var rows = await AgentCandidates.ReadAsync(db, db.Agents, now, ct);
        var away = rows.Where(r => !r.Candidate.Profile.Schedule.IsWorking(now)).Select(r => r.Candidate.AgentId).ToList();
        return (rows.ToLookup(r => r.DepartmentId, r => r.Candidate), await ReadAssignedAsync(db, Candidates(db.Tickets, away, now), ct));
    }

    private enum Verdict { Leave, GiveBack, Rescue, NoteStall }

    internal sealed record AssignedFacts(
        int Id, int DepartmentId, int AssigneeId, TicketStatus Status, TicketPriority Priority, DateTimeOffset? DueAt, DateTimeOffset CreatedAt,
        TicketActivity Activity, TicketRequirements Requirements);

    private Verdict Decide(AssignedFacts facts, List<AgentCandidate> department) =>
        department.Find(c => c.AgentId == facts.AssigneeId) is not { } assignee ? Verdict.Leave
            : facts.Status == TicketStatus.Open
                && policy.DecideGiveBack(department, assignee, facts.Requirements, facts.CreatedAt, facts.Activity).GiveBack ? Verdict.GiveBack
            : policy.DecideRescue(department, assignee.AgentId, facts.Priority, facts.DueAt, facts.Requirements, facts.CreatedAt, facts.Activity).Verdict switch
            {
                RescueVerdict.Move => Verdict.Rescue,
                RescueVerdict.NoteStall => Verdict.NoteStall,
                _ => Verdict.Leave,
            };

    /// <summary>One ticket, under its lock and its department's: the facts are read again and the policy decides again.</summary>
    private async Task<MaintenanceOutcome> ActAsync(IServiceProvider services, int ticketId, CancellationToken ct)
    {
        var db = services.GetRequiredService<TicketsDbContext>();
        var workload = services.GetRequiredService<DepartmentWorkload>();
        var reassignment = services.GetRequiredService<TicketReassignment>();
        return await services.GetRequiredService<TransactionRunner>().RunAsync(async token =>
        {
            var ticket = await TicketLock.LockAndLoadAsync(db, ticketId, token);
            if (ticket is null || ticket.AssigneeId is null || ticket.Status == TicketStatus.Closed)
            {
                return MaintenanceOutcome.None;
            }

            await workload.LockAsync(ticket.DepartmentId, token);
            var facts = (await ReadAssignedAsync(db, db.Tickets.Where(t => t.Id == ticketId), token)).Single();
            var department = await workload.CandidatesAsync(ticket.DepartmentId, token);
            if (department.Find(c => c.AgentId == ticket.AssigneeId) is not { } assignee)
            {
                return MaintenanceOutcome.None;
            }

            if (ticket.Status == TicketStatus.Open
                && policy.DecideGiveBack(department, assignee, facts.Requirements, facts.CreatedAt, facts.Activity) is { GiveBack: true } giveBack)
            {
                var why = giveBack.Cause == RoutingPolicy.CauseAbsent
                    ? $"{assignee.Name} is absent and had not started it"
                    : $"{assignee.Name}'s shift ended and they had not started it";
                await reassignment.MoveAsync(ticket, ticket.DepartmentId, giveBack.Routing!.Agent, why, Redistribution, giveBack.Routing, giveBack.Cause, token);
                return MaintenanceOutcome.None with { GivenBack = 1 };
            }

            var rescue = policy.DecideRescue(
                department, assignee.AgentId, facts.Priority, facts.DueAt, facts.Requirements, facts.CreatedAt, facts.Activity);
            var idle = $"stalled: no action by {assignee.Name} since {facts.Activity.LastActionAt:yyyy-MM-dd HH:mm} UTC";
            switch (rescue.Verdict)
            {
                case RescueVerdict.Move:
                    var count = $"rescue {facts.Activity.Rescues + 1} of {policy.Options.MaxRescuesPerTicket}";
                    await reassignment.MoveAsync(ticket, ticket.DepartmentId, rescue.Target, $"{idle} ({count})", Rescue, rescue.Routing, "stalled", token);
                    return MaintenanceOutcome.None with { Rescued = 1 };
                case RescueVerdict.NoteStall:
                    db.TicketEvents.Add(new TicketEvent
                    {
                        TicketId = ticket.Id,
                        Type = TicketEventTypes.Stalled,
                        ActorName = Rescue.Name,
                        At = clock.GetUtcNow(),
                        From = assignee.Name,
                        Reason = $"{idle}; no other eligible agent, it stays",
                        DataJson = TicketMapper.Serialize(new { agentId = assignee.AgentId, lastActionAt = facts.Activity.LastActionAt, rescues = facts.Activity.Rescues }),
                    });
                    await db.SaveChangesAsync(token);
                    return MaintenanceOutcome.None with { StallsNoted = 1 };
                default:
                    return MaintenanceOutcome.None;
            }
        }, ct);
    }

    /// <summary>Assigned open tickets with what their history says about activity, rescues and requirements (two queries).</summary>
    internal static async Task<List<AssignedFacts>> ReadAssignedAsync(TicketsDbContext db, IQueryable<Ticket> tickets, CancellationToken ct)
    {
        var rows = await tickets.AsNoTracking().Where(t => t.AssigneeId != null && t.Status != TicketStatus.Closed)
            .Select(t => new { t.Id, t.DepartmentId, AssigneeId = t.AssigneeId!.Value, AssigneeUserId = t.Assignee!.UserId, t.Status, t.Priority, t.DueAt, t.CreatedAt })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var history = (await db.TicketEvents.AsNoTracking().Where(e => ids.Contains(e.TicketId) && HistoryTypes.Contains(e.Type))
                .Select(e => new { e.TicketId, e.Id, e.Type, e.ActorUserId, e.ActorName, e.At, e.DataJson })
                .ToListAsync(ct))
            .ToLookup(e => e.TicketId);
        return rows.Select(r =>
        {
            var events = history[r.Id].OrderBy(e => e.Id).ToList();
            var activity = TicketActivity.From(events.Select(e => e.Type switch
            {
                TicketEventTypes.Assigned => new TicketAction(TicketActionKind.Assignment, e.ActorUserId, e.At),
                TicketEventTypes.Reassigned when e.ActorUserId is null && e.ActorName == Rescue.Name => new TicketAction(TicketActionKind.Rescue, null, e.At),
                TicketEventTypes.Reassigned => new TicketAction(TicketActionKind.Assignment, e.ActorUserId, e.At),
                TicketEventTypes.Stalled => new TicketAction(TicketActionKind.StallNoted, null, e.At),
                TicketEventTypes.Status or TicketEventTypes.Comment => new TicketAction(TicketActionKind.Action, e.ActorUserId, e.At),
                _ => null,
            }).OfType<TicketAction>(), r.AssigneeUserId, r.CreatedAt);
            var routed = events.LastOrDefault(e => e.Type == TicketEventTypes.Routed)?.DataJson;
            return new AssignedFacts(
                r.Id, r.DepartmentId, r.AssigneeId, r.Status, r.Priority, r.DueAt, r.CreatedAt, activity, TicketRecords.Requirements(routed));
        }).ToList();
    }
}
