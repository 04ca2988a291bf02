using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Tickets;
using TicketRouting.Api.Webhooks;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Core.Workflow;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Workflow;

/// <summary>
/// Runs the workflow rules on one ticket event, inside the transaction of the change (the caller's), so the
/// change and everything the rules do commit together. Called only by the changes people make: what the rules
/// themselves change never calls it again (see <see cref="WorkflowEngine"/>), which keeps rules loop-free.
/// </summary>
public sealed class WorkflowRunner(
    TicketsDbContext db, DepartmentDirectory departments, DepartmentWorkload workload, WebhookOutbox outbox,
    RoutingPolicy policy, IOptions<SlaOptions> sla, TimeProvider clock)
{
    private List<WorkflowRule>? _rules;

    /// <summary>For a ticket written without the change tracker (the intake batch's plain inserts): loaded only when rules exist.</summary>
    public async Task<bool> RunAsync(int ticketId, string eventType, CancellationToken ct) =>
        (await LoadRulesAsync(ct)).Count > 0
        && await RunAsync(await db.Tickets.SingleAsync(t => t.Id == ticketId, ct), eventType, ct);

    /// <summary>Runs the rules on a tracked ticket; true if any action applied.</summary>
    public async Task<bool> RunAsync(Ticket ticket, string eventType, CancellationToken ct)
    {
        var rules = await LoadRulesAsync(ct);
        if (rules.Count == 0)
        {
            return false;
        }

        var planned = WorkflowEngine.Plan(rules, eventType, await FactsAsync(ticket, ct));
        foreach (var step in planned)
        {
            await ApplyAsync(ticket, eventType, step, ct);
        }

        await db.SaveChangesAsync(ct);
        return planned.Count > 0;
    }

    /// <summary>Reads the active rules now (once per scope), e.g. before the caller takes locks.</summary>
    public Task PreloadAsync(CancellationToken ct) => LoadRulesAsync(ct);

    /// <summary>The active rules, in run order, as the caller read them in its own transaction (the intake's snapshot command).</summary>
    public void UseActiveRules(IEnumerable<WorkflowRuleEntity> active) => _rules = active.Select(WorkflowRuleMapper.ToRule).ToList();

    // Once per scope (one request, one intake batch): a batch of tickets reads the rules once.
    private async Task<List<WorkflowRule>> LoadRulesAsync(CancellationToken ct) => _rules ??=
        (await db.WorkflowRules.AsNoTracking().Where(r => r.Active).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(ct))
        .Select(WorkflowRuleMapper.ToRule).ToList();

    private async Task<TicketFacts> FactsAsync(Ticket ticket, CancellationToken ct)
    {
        var tags = await db.TicketTags.Where(t => t.TicketId == ticket.Id).Select(t => t.Tag).ToListAsync(ct);
        var email = ticket.CustomerId is { } customerId
            ? await db.Customers.Where(c => c.Id == customerId).Select(c => c.Email).SingleOrDefaultAsync(ct)
            : null;
        var confidence = await db.RoutingRecords.Where(r => r.TicketId == ticket.Id).Select(r => (double?)r.Confidence).SingleOrDefaultAsync(ct);
        return new TicketFacts
        {
            Department = departments.Find(ticket.DepartmentId)?.Slug ?? "",
            Priority = PriorityNames.Name(ticket.Priority),
            Status = StatusNames.Name(ticket.Status),
            Tags = new HashSet<string>(tags, StringComparer.OrdinalIgnoreCase),
            CustomerEmail = email,
            Subject = ticket.Subject,
            Description = ticket.Description,
            Confidence = confidence,
        };
    }

    private async Task ApplyAsync(Ticket ticket, string eventType, PlannedAction step, CancellationToken ct)
    {
        var (rule, action) = step;
        var now = clock.GetUtcNow();
        string? from = null, to = action.Value;
        switch (action.Type)
        {
            case WorkflowActionTypes.SetPriority:
                PriorityNames.TryParse(action.Value, out var priority);
                from = PriorityNames.Name(ticket.Priority);
                ticket.Priority = priority;
                ticket.DueAt = sla.Value.DueAt(ticket.CreatedAt, priority);
                break;
            case WorkflowActionTypes.AddTag:
                var tag = action.Value.Trim().ToLowerInvariant();
                if (!await db.TicketTags.AnyAsync(t => t.TicketId == ticket.Id && t.Tag == tag, ct)
                    && !db.TicketTags.Local.Any(t => t.TicketId == ticket.Id && t.Tag == tag))
                {
                    db.TicketTags.Add(new TicketTag { TicketId = ticket.Id, Tag = tag });
                }

                break;
            case WorkflowActionTypes.RouteToDepartment:
                (from, to) = await RouteAsync(ticket, action.Value, rule.Name, ct);
                break;
            case WorkflowActionTypes.AddNote:
                db.TicketComments.Add(new TicketComment
                {
                    TicketId = ticket.Id,
                    AuthorName = Truncate($"rule: {rule.Name}", 100),
                    AuthorRole = "workflow",
                    Body = action.Value.Trim(),
                    IsInternal = true,
                    CreatedAt = now,
                });
                to = null;
                break;
            case WorkflowActionTypes.SendWebhook:
                var sent = await outbox.AddForSubscriptionAsync(ticket, eventType, int.Parse(action.Value, System.Globalization.CultureInfo.InvariantCulture),
                    new { rule = rule.Name }, ct);
                to = sent ? $"subscription {action.Value}" : $"subscription {action.Value} (missing or inactive: not sent)";
                break;
        }

        ticket.UpdatedAt = now;
        db.TicketEvents.Add(new TicketEvent
        {
            TicketId = ticket.Id,
            Type = TicketEventTypes.Workflow,
            ActorName = Truncate(rule.Name, 100),
            At = now,
            From = from is null ? null : Truncate(from, 200),
            To = to is null ? null : Truncate(to, 200),
            Reason = Truncate($"workflow rule '{rule.Name}': {action.Type}", 1000),
            DataJson = JsonSerializer.Serialize(new { ruleId = rule.Id, rule = rule.Name, action = action.Type, value = action.Value, trigger = eventType }),
        });
    }

    /// <summary>
    /// Moves the ticket to the department's least-loaded eligible agent (or its queue), as a reassignment by department
    /// does: the same routing policies (shift, absence, the ticket's language and skills as its routed event recorded them).
    /// </summary>
    private async Task<(string? From, string To)> RouteAsync(Ticket ticket, string slug, string ruleName, CancellationToken ct)
    {
        var target = departments.Find(slug);
        var fromSlug = departments.Find(ticket.DepartmentId)?.Slug;
        if (target is null || target.Id == ticket.DepartmentId)
        {
            return (fromSlug, target is null ? $"{slug} (unknown department: not moved)" : $"{slug} (already there)");
        }

        var (fromDepartment, fromAgent) = (ticket.DepartmentId, ticket.AssigneeId);
        await workload.LockAsync([fromDepartment, target.Id], ct);
        var requirements = await TicketRecords.RequirementsAsync(db, ticket.Id, ct);
        var choice = policy.Choose(await workload.CandidatesAsync(target.Id, ct), new RoutingRequest(requirements, ticket.CreatedAt));
        var now = clock.GetUtcNow();
        ticket.DepartmentId = target.Id;
        ticket.AssigneeId = choice.Agent?.AgentId;
        if (choice.Agent is { } agent)
        {
            await workload.MarkAssignedAsync(agent.AgentId, now, ct);
        }

        await outbox.AddAsync(ticket, WebhookEventTypes.Reassigned, new
        {
            fromDepartment = fromSlug,
            toDepartment = target.Slug,
            fromAgentId = fromAgent,
            toAgentId = choice.Agent?.AgentId,
            reason = $"workflow rule '{ruleName}'",
            actor = ruleName,
        }, ct);
        await db.SaveChangesAsync(ct);
        if (fromAgent is not null)
        {
            await workload.DispatchQueueAsync(fromDepartment, new CurrentActor(null, Truncate(ruleName, 100)), ct);
        }

        return (fromSlug, choice.Agent is { } a ? $"{target.Slug}/{a.Name}" : $"{target.Slug} (queue)");
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
