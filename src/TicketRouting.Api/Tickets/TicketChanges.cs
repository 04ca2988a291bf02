using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Attachments;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Webhooks;
using TicketRouting.Api.Workflow;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

public sealed class UpdateTicketRequest : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public string? Status { get; set; }
    public string? Priority { get; set; }

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(
        System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        if (Status is null && Priority is null)
        {
            yield return new("Give status, priority, or both.", [nameof(Status), nameof(Priority)]);
        }

        if (Status is not null && !StatusNames.TryParse(Status, out _))
        {
            yield return new($"Unknown status '{Status}': use {StatusNames.List}.", [nameof(Status)]);
        }

        if (Priority is not null && !PriorityNames.TryParse(Priority, out _))
        {
            yield return new($"Unknown priority '{Priority}': use {PriorityNames.List}.", [nameof(Priority)]);
        }
    }
}

/// <summary>
/// Status and priority changes and deletion. Whatever changes an agent's load runs under the department
/// lock: closing or deleting lets the department's queue in; reopening keeps the agent only if they have room.
/// </summary>
public sealed class TicketChanges(
    TicketsDbContext db,
    TransactionRunner transactions,
    DepartmentWorkload workload,
    TicketReader reader,
    WebhookOutbox outbox,
    WorkflowRunner workflow,
    IOptions<SlaOptions> sla,
    TicketAttachments attachments,
    TimeProvider clock)
{
    public async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> UpdateAsync(
        int id, UpdateTicketRequest request, CurrentUser user, CancellationToken ct)
    {
        var problem = await transactions.RunAsync(async token =>
        {
            var ticket = await TicketLock.LockAndLoadAsync(db, id, token);
            if (ticket is null)
            {
                return Problems.NotFound($"Ticket {id} does not exist.");
            }

            if (user.Role == Roles.Agent && (ticket.AssigneeId is null || ticket.AssigneeId != user.AgentId))
            {
                return Problems.Forbidden("Agents change only the tickets assigned to them.");
            }

            // Refuse an illegal move before changing anything, so that nothing of the request is applied.
            var status = request.Status is not null && StatusNames.TryParse(request.Status, out var parsed) ? parsed : (TicketStatus?)null;
            if (status is { } target && !TicketLifecycle.CanMove(ticket.Status, target))
            {
                var allowed = TicketLifecycle.AllowedTargets(ticket.Status).Select(StatusNames.Name).ToArray();
                return Problems.Conflict(
                    $"A ticket cannot go from {StatusNames.Name(ticket.Status)} to {StatusNames.Name(target)}; allowed: {string.Join(", ", allowed)}.",
                    new Dictionary<string, object?> { ["currentStatus"] = StatusNames.Name(ticket.Status), ["allowedTargets"] = allowed });
            }

            var actor = new CurrentActor(user.RecordedId, user.Name);
            var now = clock.GetUtcNow();
            if (request.Priority is not null && PriorityNames.TryParse(request.Priority, out var priority) && priority != ticket.Priority)
            {
                AddEvent(ticket, TicketEventTypes.Priority, actor, now, PriorityNames.Name(ticket.Priority), PriorityNames.Name(priority));
                ticket.Priority = priority;
                ticket.DueAt = sla.Value.DueAt(ticket.CreatedAt, priority);
                ticket.UpdatedAt = now;
            }

            if (status is { } newStatus)
            {
                // Closing and reopening change an agent's load: they take the department's lock like a claim does.
                if (newStatus == TicketStatus.Closed || ticket.Status == TicketStatus.Closed)
                {
                    await workload.LockAsync(ticket.DepartmentId, token);
                }

                await ChangeStatusAsync(ticket, newStatus, actor, now, token);
                // Only closing frees room, and only an open ticket without an agent is in the queue: a move between
                // open, in_progress and blocked changes nobody's load, so it needs no dispatch.
                if (newStatus == TicketStatus.Closed || ticket.AssigneeId is null)
                {
                    await db.SaveChangesAsync(token);
                    await workload.DispatchQueueAsync(ticket.DepartmentId, actor, token);
                }

                await db.SaveChangesAsync(token);
                await workflow.RunAsync(ticket, WebhookEventTypes.StatusChanged, token);
            }

            await db.SaveChangesAsync(token);
            return null;
        }, ct);

        return problem ?? (Results<Ok<TicketResponse>, ProblemHttpResult>)TypedResults.Ok((await reader.FindAsync(id, ct))!);
    }

    private async Task ChangeStatusAsync(Ticket ticket, TicketStatus status, CurrentActor actor, DateTimeOffset now, CancellationToken ct)
    {
        var reopening = ticket.Status == TicketStatus.Closed;
        AddEvent(ticket, TicketEventTypes.Status, actor, now, StatusNames.Name(ticket.Status), StatusNames.Name(status));
        var previous = ticket.Status;
        ticket.Status = status;
        ticket.UpdatedAt = now;
        await outbox.AddAsync(ticket, WebhookEventTypes.StatusChanged,
            new { from = StatusNames.Name(previous), to = StatusNames.Name(status), actor = actor.Name }, ct);
        if (!reopening || ticket.AssigneeId is null)
        {
            return;
        }

        // A reopened ticket counts again: its agent keeps it only with room; else it rejoins the department's
        // queue, which the caller then hands out in priority and age order.
        var candidates = await workload.CandidatesAsync(ticket.DepartmentId, ct);
        var owner = candidates.Single(c => c.AgentId == ticket.AssigneeId);
        if (owner.IsEligible)
        {
            return;
        }

        ticket.AssigneeId = null;
        db.TicketEvents.Add(new TicketEvent
        {
            TicketId = ticket.Id,
            Type = TicketEventTypes.Queued,
            ActorName = "balancer",
            At = now,
            From = owner.Name,
            Reason = $"reopened while {owner.Name} was unavailable or at capacity",
        });
        await outbox.AddAsync(ticket, WebhookEventTypes.Queued, new { reason = "reopened while its agent was unavailable or at capacity" }, ct);
    }

    public async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(int id, CurrentUser user, CancellationToken ct)
    {
        var (problem, files) = await transactions.RunAsync(async token =>
        {
            var ticket = await TicketLock.LockAndLoadAsync(db, id, token);
            if (ticket is null)
            {
                return (Problems.NotFound($"Ticket {id} does not exist."), []);
            }

            var actor = new CurrentActor(user.RecordedId, user.Name);
            var now = clock.GetUtcNow();
            await workload.LockAsync(ticket.DepartmentId, token);
            ticket.DeletedAt = now;
            ticket.UpdatedAt = now;
            AddEvent(ticket, TicketEventTypes.Deleted, actor, now, StatusNames.Name(ticket.Status), null);
            await outbox.AddAsync(ticket, WebhookEventTypes.Deleted, new { actor = actor.Name }, token);
            // Attachments go with the ticket: rows now, files once the deletion has committed.
            var storageNames = await db.TicketAttachments.Where(a => a.TicketId == id).Select(a => a.StorageName).ToListAsync(token);
            await db.TicketAttachments.Where(a => a.TicketId == id).ExecuteDeleteAsync(token);
            await db.SaveChangesAsync(token);
            if (ticket.AssigneeId is not null && TicketLifecycle.IsOpen(ticket.Status))
            {
                await workload.DispatchQueueAsync(ticket.DepartmentId, actor, token);
            }

            return ((ProblemHttpResult?)null, storageNames);
        }, ct);

        attachments.DeleteFiles(files);
        return problem ?? (Results<NoContent, ProblemHttpResult>)TypedResults.NoContent();
    }

    private void AddEvent(Ticket ticket, string type, CurrentActor actor, DateTimeOffset now, string? from, string? to) =>
        db.TicketEvents.Add(new TicketEvent
        {
            TicketId = ticket.Id,
            Type = type,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            At = now,
            From = from,
            To = to,
        });
}
