using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Webhooks;
using TicketRouting.Api.Workflow;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// A supervisor moves a ticket to a named agent, or to a department whose balancer picks the agent. The
/// ticket row and both departments are locked, so the claim is as safe as the one of POST /api/ticket,
/// and the agent who lost the ticket takes the next one from their department's queue.
/// </summary>
public sealed class TicketReassignment(
    TicketsDbContext db,
    TransactionRunner transactions,
    DepartmentWorkload workload,
    DepartmentDirectory departments,
    TicketReader reader,
    WebhookOutbox outbox,
    WorkflowRunner workflow,
    RoutingPolicy policy,
    TimeProvider clock)
{
    public async Task<Results<Ok<TicketResponse>, ProblemHttpResult, ValidationProblem>> ReassignAsync(
        int ticketId, ReassignTicketRequest request, CurrentActor actor, CancellationToken ct)
    {
        var (from, to) = (0, 0);
        var outcome = await transactions.RunAsync<IResult?>(async token =>
        {
            var ticket = await TicketLock.LockAndLoadAsync(db, ticketId, token);
            if (ticket is null)
            {
                return Problems.NotFound($"Ticket {ticketId} does not exist.");
            }

            var target = await ResolveTargetAsync(request, token);
            if (target.Error is not null)
            {
                return target.Error;
            }

            if (ticket.Status == TicketStatus.Closed)
            {
                return Problems.Conflict("Closed tickets are not reassigned: reopen the ticket first.");
            }

            await workload.LockAsync([ticket.DepartmentId, target.DepartmentId], token);
            var candidates = await workload.CandidatesAsync(target.DepartmentId, token);
            var requirements = target.AgentId is null ? await RequirementsAsync(ticket.Id, token) : TicketRequirements.None;
            var picked = Pick(ticket, target, candidates, requirements);
            if (picked.Error is not null)
            {
                return picked.Error;
            }

            (from, to) = (ticket.DepartmentId, target.DepartmentId);
            await MoveAsync(ticket, target.DepartmentId, picked.Agent, request.Reason, actor, picked.Routing, null, token);
            return null;
        }, ct);

        if (outcome is null)
        {
            TicketRoutingTelemetry.TicketReassigned(departments.Find(from)?.Slug ?? "unknown", departments.Find(to)?.Slug ?? "unknown");
        }

        return outcome switch
        {
            ProblemHttpResult problem => problem,
            ValidationProblem validation => validation,
            _ => TypedResults.Ok((await reader.FindAsync(ticketId, ct))!),
        };
    }

    /// <summary>What the ticket asked of its agent, as its routed event recorded it.</summary>
    internal Task<TicketRequirements> RequirementsAsync(int ticketId, CancellationToken ct) =>
        TicketRecords.RequirementsAsync(db, ticketId, ct);

    /// <summary>
    /// Moves the ticket (inside the caller's transaction, after the ticket and department locks) and records why: the
    /// reassigned event carries the policy's applied requirements and relaxations when the balancer chose, and the
    /// <paramref name="cause"/> of a move by the routing maintenance (stalled, shift-ended, absence).
    /// </summary>
    internal async Task MoveAsync(
        Ticket ticket, int departmentId, AgentCandidate? agent, string reason, CurrentActor actor, RoutingChoice? routing, string? cause,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (fromDepartment, fromAgent) = (ticket.DepartmentId, ticket.AssigneeId);
        var fromAgentName = fromAgent is null ? null : await db.Agents.Where(a => a.Id == fromAgent).Select(a => a.Name).SingleAsync(ct);
        ticket.DepartmentId = departmentId;
        ticket.AssigneeId = agent?.AgentId;
        ticket.UpdatedAt = now;
        if (agent is not null)
        {
            await workload.MarkAssignedAsync(agent.AgentId, now, ct);
        }

        db.TicketEvents.Add(new TicketEvent
        {
            TicketId = ticket.Id,
            Type = TicketEventTypes.Reassigned,
            ActorUserId = actor.UserId,
            ActorName = actor.Name,
            At = now,
            From = Describe(fromDepartment, fromAgentName),
            To = Describe(departmentId, agent?.Name),
            Reason = reason.Trim(),
            DataJson = TicketMapper.Serialize(new
            {
                fromDepartment = departments.Find(fromDepartment)?.Slug,
                toDepartment = departments.Find(departmentId)?.Slug,
                fromAgentId = fromAgent,
                toAgentId = agent?.AgentId,
                departmentChanged = fromDepartment != departmentId,
                cause,
                tieBreak = routing?.Balancer.TieBreak,
                language = routing?.Applied.Language,
                requiredSkills = routing?.Applied.RequiredSkills.Order(StringComparer.Ordinal),
                relaxed = routing?.Relaxations,
            }),
        });
        await outbox.AddAsync(ticket, WebhookEventTypes.Reassigned, new
        {
            fromDepartment = departments.Find(fromDepartment)?.Slug,
            toDepartment = departments.Find(departmentId)?.Slug,
            fromAgentId = fromAgent,
            toAgentId = agent?.AgentId,
            reason = reason.Trim(),
            actor = actor.Name,
            cause,
        }, ct);
        await db.SaveChangesAsync(ct);
        if (fromAgent is not null)
        {
            await workload.DispatchQueueAsync(fromDepartment, actor, ct);
        }

        await workflow.RunAsync(ticket, WebhookEventTypes.Reassigned, ct);
    }

    private string Describe(int departmentId, string? agentName) =>
        agentName is null ? $"{departments.Find(departmentId)?.Slug} (queue)" : $"{departments.Find(departmentId)?.Slug}/{agentName}";

    private sealed record Target(int DepartmentId, int? AgentId, IResult? Error);

    private async Task<Target> ResolveTargetAsync(ReassignTicketRequest request, CancellationToken ct)
    {
        if (request.AgentId is { } agentId)
        {
            var agentDepartment = await db.Agents.Where(a => a.Id == agentId).Select(a => (int?)a.DepartmentId).SingleOrDefaultAsync(ct);
            if (agentDepartment is null)
            {
                return new Target(0, null, Problems.NotFound($"Agent {agentId} does not exist."));
            }

            if (request.DepartmentId is { } d && d != agentDepartment)
            {
                return new Target(0, null, TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["agentId"] = [$"Agent {agentId} is not in department {d}."] }));
            }

            return new Target(agentDepartment.Value, agentId, null);
        }

        var departmentId = request.DepartmentId!.Value;
        return departments.Find(departmentId) is null
            ? new Target(0, null, Problems.NotFound($"Department {departmentId} does not exist."))
            : new Target(departmentId, null, null);
    }

    private sealed record Picked(AgentCandidate? Agent, IResult? Error, RoutingChoice? Routing = null);

    private Picked Pick(Ticket ticket, Target target, List<AgentCandidate> candidates, TicketRequirements requirements)
    {
        if (target.AgentId is { } agentId)
        {
            var agent = candidates.Single(c => c.AgentId == agentId);
            return agentId == ticket.AssigneeId ? new Picked(null, Problems.Conflict($"The ticket is already assigned to {agent.Name}."))
                : !agent.Available ? new Picked(null, Problems.Conflict($"{agent.Name} is not available."))
                : agent.OpenTickets >= agent.Capacity ? new Picked(null, Problems.Conflict(
                    $"{agent.Name} is at capacity ({agent.OpenTickets}/{agent.Capacity} open tickets)."))
                : new Picked(agent, null);
        }

        // The department's balancer with the same policies as intake: eligibility (shift, absence, language, skills),
        // relaxation counted from the ticket's creation; never back to the agent who holds it.
        var routing = policy.Choose(candidates, new RoutingRequest(requirements, ticket.CreatedAt, ExcludedAgentId: ticket.AssigneeId));
        if (routing.Agent is null && target.DepartmentId == ticket.DepartmentId)
        {
            return new Picked(null, Problems.Conflict(
                "No other agent of this department can take it (available, below capacity, on shift, not absent, language, skills)."));
        }

        return new Picked(routing.Agent, null, routing);
    }
}
