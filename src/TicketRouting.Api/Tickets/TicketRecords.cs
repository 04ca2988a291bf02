using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>What a new ticket keeps of its routing: the decision record and the first lines of its history.</summary>
internal static class TicketRecords
{
    public static RoutingRecord Routing(PendingTicket pending, BalancerChoice choice, DateTimeOffset now) => new()
    {
        Classifier = pending.Decision.Classification.Classifier,
        ClassifierVersion = pending.Decision.Classification.Version,
        PredictedDepartment = pending.Decision.Classification.Department,
        Department = pending.Decision.Department,
        Confidence = Math.Round(pending.Decision.Classification.Confidence, 4),
        NeedsReview = pending.Decision.NeedsReview,
        ScoresJson = pending.ScoresJson,
        EvidenceJson = pending.EvidenceJson,
        CandidatesJson = TicketMapper.Serialize(choice.Candidates.Select(c =>
            new CandidateResponse(c.AgentId, c.Name, c.OpenTickets, c.Capacity, c.Available))),
        TieBreak = choice.TieBreak,
        DecidedAt = now,
    };

    private sealed record StoredRequirements(string? Language, List<string>? RequiredSkills, List<string>? OptionalSkills);

    /// <summary>What a ticket asked of its agent, as its routed event recorded it; tickets routed before that ask nothing.</summary>
    public static TicketRequirements Requirements(string? routedJson)
    {
        var stored = routedJson is null ? null : JsonSerializer.Deserialize<StoredRequirements>(routedJson, ReadOptions);
        return stored is null
            ? TicketRequirements.None
            : TicketRequirements.Create(stored.Language, stored.RequiredSkills ?? [], stored.OptionalSkills ?? []);
    }

    /// <summary>The requirements recorded by the ticket's last routed event.</summary>
    public static async Task<TicketRequirements> RequirementsAsync(TicketsDbContext db, int ticketId, CancellationToken ct) =>
        Requirements(await db.TicketEvents.Where(e => e.TicketId == ticketId && e.Type == TicketEventTypes.Routed)
            .OrderByDescending(e => e.Id).Select(e => e.DataJson).FirstOrDefaultAsync(ct));

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    public static IEnumerable<TicketEvent> History(PendingTicket pending, RoutingChoice routing, DateTimeOffset now)
    {
        var choice = routing.Balancer;
        var source = pending.Source;
        yield return new TicketEvent
        {
            Type = TicketEventTypes.Created,
            ActorUserId = pending.User.RecordedId,
            ActorName = pending.User.Name,
            At = source?.CreatedAt ?? now,
            Reason = source is null ? null : $"imported (source id {source.Id})",
        };
        yield return new TicketEvent
        {
            Type = TicketEventTypes.Routed,
            // An imported row that names its department is routed by the importing user, not by the classifier (whose
            // prediction the routing record and this event's data keep).
            ActorUserId = source?.Department is null ? null : pending.User.RecordedId,
            ActorName = source?.Department is null ? pending.Decision.Classification.Classifier : pending.User.Name,
            At = now,
            To = pending.Decision.Department,
            Reason = pending.Decision.NeedsReview ? "low confidence: needs review"
                : source?.Department is null ? null : $"department given by the import (source id {source.Id})",
            DataJson = pending.RoutedJson,
        };
        if (source?.Status != TicketStatus.Closed) // a closed ticket is neither assigned nor queued
        {
            yield return choice.Agent is { } agent
                ? new TicketEvent
                {
                    Type = TicketEventTypes.Assigned,
                    ActorName = "balancer",
                    At = now,
                    To = agent.Name,
                    DataJson = TicketMapper.Serialize(new
                    {
                        agentId = agent.AgentId,
                        openTickets = agent.OpenTickets,
                        tieBreak = choice.TieBreak,
                        language = routing.Applied.Language,
                        requiredSkills = routing.Applied.RequiredSkills.Order(StringComparer.Ordinal),
                        relaxed = routing.Relaxations,
                    }),
                }
                : new TicketEvent
                {
                    Type = TicketEventTypes.Queued,
                    ActorName = "balancer",
                    At = now,
                    To = pending.Decision.Department,
                    Reason = "no eligible agent (available, below capacity, on shift, not absent, language, skills)",
                    DataJson = TicketMapper.Serialize(new
                    {
                        language = routing.Applied.Language,
                        requiredSkills = routing.Applied.RequiredSkills.Order(StringComparer.Ordinal),
                        relaxed = routing.Relaxations,
                    }),
                };
        }

        if (source?.Status is { } status and not TicketStatus.Open)
        {
            // The status the ticket had in the system it comes from.
            yield return new TicketEvent
            {
                Type = TicketEventTypes.Status, ActorName = pending.User.Name, At = now,
                From = StatusNames.Name(TicketStatus.Open), To = StatusNames.Name(status), Reason = "imported",
            };
        }
    }
}
