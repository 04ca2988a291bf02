using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Classifier;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// POST /api/ticket: classify (in memory, before any I/O), then in one transaction lock the department,
/// read its agents' loads in one query, claim the least-loaded eligible agent (or queue the ticket), and
/// save the ticket with its routing decision and history.
/// </summary>
public sealed class TicketIntake(
    TicketsDbContext db,
    TransactionRunner transactions,
    DepartmentWorkload workload,
    ClassifierRuntime classifier,
    DepartmentDirectory departments,
    IOptions<SlaOptions> sla,
    TimeProvider clock,
    ILogger<TicketIntake> logger)
{
    public async Task<TicketResponse> CreateAsync(CreateTicketRequest request, CurrentUser user, CancellationToken ct)
    {
        var decision = classifier.Decide(request.Subject, request.Description);
        var department = departments.Find(decision.Department)
            ?? departments.Find(classifier.Policy.FallbackDepartment)
            ?? throw new InvalidOperationException($"Department '{decision.Department}' is not in the database.");
        var priority = request.Priority is null ? TicketPriority.Medium : ParsePriority(request.Priority);

        var created = await transactions.RunAsync(async token =>
        {
            await workload.LockAsync(department.Id, token);
            var candidates = await workload.CandidatesAsync(department.Id, token);
            var customer = await FindOrAddCustomerAsync(request.Customer, token);
            var choice = LeastLoadedBalancer.Choose(candidates);
            var now = clock.GetUtcNow();
            var actor = new CurrentActor(user.Id, user.Name);

            var ticket = new Ticket
            {
                Subject = request.Subject.Trim(),
                Description = request.Description,
                Priority = priority,
                DepartmentId = department.Id,
                AssigneeId = choice.Agent?.AgentId,
                Customer = customer,
                CreatedByUserId = user.Id,
                CreatedAt = now,
                UpdatedAt = now,
                DueAt = sla.Value.DueAt(now, priority),
                Tags = TagRules.Normalize(request.Tags).Select(t => new TicketTag { Tag = t }).ToList(),
                Routing = ToRecord(decision, choice, now),
            };
            ticket.Events.AddRange(History(decision, choice, actor, now));
            db.Tickets.Add(ticket);
            if (choice.Agent is { } agent)
            {
                await workload.MarkAssignedAsync(agent.AgentId, now, token);
            }

            await db.SaveChangesAsync(token);
            return TicketMapper.ToResponse(
                ticket,
                department,
                choice.Agent is { } a ? new AgentRef(a.AgentId, a.Name) : null,
                // The portal gets back what it sent, not a name another portal may have stored.
                customer is null ? null : new CustomerRef(customer.Id, customer.Email, user.IsPortal ? request.Customer!.Name?.Trim() : customer.Name),
                now);
        }, ct);

        logger.LogInformation(
            "Routed {Key} to {Department} ({Classifier} {Confidence:0.00}, review: {NeedsReview}), assigned to {Agent}",
            created.Key, created.Department.Slug, decision.Classification.Classifier, decision.Classification.Confidence,
            decision.NeedsReview, created.Assignee?.Name ?? "the queue");
        return created;
    }

    private static TicketPriority ParsePriority(string value) =>
        PriorityNames.TryParse(value, out var priority) ? priority : TicketPriority.Medium;

    private async Task<Customer?> FindOrAddCustomerAsync(CustomerInput? input, CancellationToken ct)
    {
        if (input is null)
        {
            return null;
        }

        var email = input.Email.Trim().ToLowerInvariant();
        var customer = await db.Customers.SingleOrDefaultAsync(c => c.Email == email, ct);
        if (customer is null)
        {
            customer = new Customer { Email = email, Name = input.Name?.Trim(), CreatedAt = clock.GetUtcNow() };
            db.Customers.Add(customer);
        }
        else if (customer.Name is null && input.Name is not null)
        {
            customer.Name = input.Name.Trim();
        }

        return customer;
    }

    private static RoutingRecord ToRecord(DepartmentDecision decision, BalancerChoice choice, DateTimeOffset now) => new()
    {
        Classifier = decision.Classification.Classifier,
        ClassifierVersion = decision.Classification.Version,
        PredictedDepartment = decision.Classification.Department,
        Department = decision.Department,
        Confidence = Math.Round(decision.Classification.Confidence, 4),
        NeedsReview = decision.NeedsReview,
        ScoresJson = TicketMapper.Serialize(decision.Classification.Scores.ToDictionary(s => s.Key, s => Math.Round(s.Value, 4))),
        EvidenceJson = TicketMapper.Serialize(decision.Classification.Evidence.Take(20)),
        CandidatesJson = TicketMapper.Serialize(choice.Candidates.Select(c =>
            new CandidateResponse(c.AgentId, c.Name, c.OpenTickets, c.Capacity, c.Available))),
        TieBreak = choice.TieBreak,
        DecidedAt = now,
    };

    private static IEnumerable<TicketEvent> History(
        DepartmentDecision decision, BalancerChoice choice, CurrentActor actor, DateTimeOffset now)
    {
        yield return new TicketEvent { Type = TicketEventTypes.Created, ActorUserId = actor.UserId, ActorName = actor.Name, At = now };
        yield return new TicketEvent
        {
            Type = TicketEventTypes.Routed,
            ActorName = decision.Classification.Classifier,
            At = now,
            To = decision.Department,
            Reason = decision.NeedsReview ? "low confidence: needs review" : null,
            DataJson = TicketMapper.Serialize(new
            {
                predicted = decision.Classification.Department,
                confidence = Math.Round(decision.Classification.Confidence, 4),
                needsReview = decision.NeedsReview,
            }),
        };
        yield return choice.Agent is { } agent
            ? new TicketEvent
            {
                Type = TicketEventTypes.Assigned,
                ActorName = "balancer",
                At = now,
                To = agent.Name,
                DataJson = TicketMapper.Serialize(new { agentId = agent.AgentId, openTickets = agent.OpenTickets, tieBreak = choice.TieBreak }),
            }
            : new TicketEvent { Type = TicketEventTypes.Queued, ActorName = "balancer", At = now, To = decision.Department, Reason = "no available agent below capacity" };
    }
}
