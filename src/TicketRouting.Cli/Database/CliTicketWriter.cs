using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Cli.Database;

internal sealed record AddedTicket(int Id, string Department, string? Agent);

/// <summary>
/// The database side of `tickets add` and `tickets update`, one transaction each. The department's row is locked
/// first (the same <c>AssignmentVersion</c> update every claim of the API starts with), so an agent is never
/// given more than their capacity while API processes assign in the same department.
/// </summary>
internal sealed class CliTicketWriter(TicketsDbContext db, TimeProvider clock)
{
    public async Task<AddedTicket> AddAsync(
        string subject, string description, TicketPriority priority, string? email, DepartmentDecision decision, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var department = await db.Departments.AsNoTracking().SingleOrDefaultAsync(d => d.Slug == decision.Department, ct)
            ?? throw new InvalidOperationException($"Department '{decision.Department}' is not in the database.");
        await LockAsync(department.Id, ct);
        var now = clock.GetUtcNow();
        var candidates = await db.Agents.Where(a => a.DepartmentId == department.Id).OrderBy(a => a.Id)
            .Select(a => new AgentCandidate(a.Id, a.Name, db.Tickets.Count(t => t.AssigneeId == a.Id && t.Status != TicketStatus.Closed),
                a.Capacity, a.Available, a.LastAssignedAt))
            .ToListAsync(ct);
        var choice = LeastLoadedBalancer.Choose(candidates);
        var ticket = new Ticket
        {
            Subject = subject,
            Description = description,
            Priority = priority,
            DepartmentId = department.Id,
            AssigneeId = choice.Agent?.AgentId,
            Customer = email is null ? null : await db.Customers.SingleOrDefaultAsync(c => c.Email == email, ct)
                ?? new Customer { Email = email, CreatedAt = now },
            CreatedAt = now,
            UpdatedAt = now,
            Routing = Routing(decision, choice, now),
        };
        ticket.Events.Add(new TicketEvent { Type = TicketEventTypes.Created, ActorName = TicketWriteCommands.Actor, At = now });
        ticket.Events.Add(new TicketEvent
        {
            Type = TicketEventTypes.Routed, ActorName = decision.Classification.Classifier, At = now, To = decision.Department,
            Reason = decision.NeedsReview ? "low confidence: needs review" : null,
        });
        ticket.Events.Add(choice.Agent is { } agent
            ? new TicketEvent
            {
                Type = TicketEventTypes.Assigned, ActorName = "balancer", At = now, To = agent.Name,
                DataJson = TicketWriteCommands.Serialize(new { agentId = agent.AgentId, openTickets = agent.OpenTickets, tieBreak = choice.TieBreak }),
            }
            : new TicketEvent
            {
                Type = TicketEventTypes.Queued, ActorName = "balancer", At = now, To = decision.Department,
                Reason = "no eligible agent (available, below capacity)",
            });
        db.Tickets.Add(ticket);
        if (choice.Agent is { } chosen)
        {
            await db.Agents.Where(a => a.Id == chosen.AgentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastAssignedAt, now), ct);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new AddedTicket(ticket.Id, department.Slug, choice.Agent?.Name);
    }

    /// <summary>Null and the line to print, or the error (unknown ticket, illegal move) with nothing written.</summary>
    public async Task<(string? Error, string Line)> UpdateAsync(int id, TicketStatus? status, TicketPriority? priority, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var departmentId = await db.Tickets.Where(t => t.Id == id).Select(t => (int?)t.DepartmentId).SingleOrDefaultAsync(ct);
        if (departmentId is null)
        {
            return ($"ticket {Ticket.FormatKey(id)} does not exist", "");
        }

        await LockAsync(departmentId.Value, ct); // closing and reopening change an agent's load
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id, ct);
        if (status is { } target && !TicketLifecycle.CanMove(ticket.Status, target))
        {
            var allowed = string.Join(", ", TicketLifecycle.AllowedTargets(ticket.Status).Select(Name));
            return ($"{ticket.Key} cannot go from {Name(ticket.Status)} to {Name(target)}; allowed: {allowed}", "");
        }

        var now = clock.GetUtcNow();
        if (priority is { } level && level != ticket.Priority)
        {
            ticket.Events.Add(Event(TicketEventTypes.Priority, now, Name(ticket.Priority), Name(level)));
            ticket.Priority = level;
            ticket.UpdatedAt = now;
        }

        if (status is { } newStatus)
        {
            ticket.Events.Add(Event(TicketEventTypes.Status, now, Name(ticket.Status), Name(newStatus)));
            var reopening = ticket.Status == TicketStatus.Closed;
            ticket.Status = newStatus;
            ticket.UpdatedAt = now;
            if (reopening && ticket.AssigneeId is { } agentId && !await HasRoomAsync(agentId, id, ct))
            {
                // As in the API: a reopened ticket whose agent is full (or away) goes back to the department's queue.
                ticket.Events.Add(new TicketEvent
                {
                    Type = TicketEventTypes.Queued, ActorName = TicketWriteCommands.Actor, At = now, Reason = "reopened: its agent has no room",
                });
                ticket.AssigneeId = null;
            }
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (null, $"{ticket.Key} {Name(ticket.Status)} {Name(ticket.Priority)}");
    }

    private async Task<bool> HasRoomAsync(int agentId, int ticketId, CancellationToken ct) =>
        await db.Agents.Where(a => a.Id == agentId)
            .Select(a => a.Available && db.Tickets.Count(t => t.AssigneeId == a.Id && t.Id != ticketId && t.Status != TicketStatus.Closed) < a.Capacity)
            .SingleAsync(ct);

    private Task LockAsync(int departmentId, CancellationToken ct) =>
        db.Departments.Where(d => d.Id == departmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AssignmentVersion, d => d.AssignmentVersion + 1), ct);

    private static TicketEvent Event(string type, DateTimeOffset now, string from, string to) =>
        new() { Type = type, ActorName = TicketWriteCommands.Actor, At = now, From = from, To = to };

    private static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static RoutingRecord Routing(DepartmentDecision decision, BalancerChoice choice, DateTimeOffset now) => new()
    {
        Classifier = decision.Classification.Classifier,
        ClassifierVersion = decision.Classification.Version,
        PredictedDepartment = decision.Classification.Department,
        Department = decision.Department,
        Confidence = Math.Round(decision.Classification.Confidence, 4),
        NeedsReview = decision.NeedsReview,
        ScoresJson = TicketWriteCommands.Serialize(decision.Classification.Scores.ToDictionary(s => s.Key, s => Math.Round(s.Value, 4))),
        EvidenceJson = TicketWriteCommands.Serialize(decision.Classification.Evidence.Take(20)),
        CandidatesJson = TicketWriteCommands.Serialize(choice.Candidates.Select(c =>
            new { agentId = c.AgentId, name = c.Name, openTickets = c.OpenTickets, capacity = c.Capacity, available = c.Available })),
        TieBreak = choice.TieBreak,
        DecidedAt = now,
    };
}
