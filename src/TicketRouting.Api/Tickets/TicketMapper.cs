using System.Text.Json;
using TicketRouting.Core.Domain;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

public static class TicketMapper
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps a ticket loaded with its department, assignee, customer, tags and routing.</summary>
    public static TicketResponse ToResponse(this Ticket t, DateTimeOffset now) => ToResponse(
        t,
        t.Department.ToRef(),
        t.Assignee is { } a ? new AgentRef(a.Id, a.Name) : null,
        t.Customer is { } c ? new CustomerRef(c.Id, c.Email, c.Name) : null,
        now);

    public static TicketResponse ToResponse(
        Ticket t, DepartmentRef department, AgentRef? assignee, CustomerRef? customer, DateTimeOffset now) => new(
        t.Id,
        t.Key,
        t.Subject,
        t.Description,
        t.Priority,
        t.Status,
        department,
        assignee,
        customer,
        t.Tags.Select(x => x.Tag).Order().ToList(),
        t.CreatedAt,
        t.UpdatedAt,
        t.DueAt,
        IsOverdue(t, now),
        t.Routing?.ToResponse());

    /// <summary>
    /// What a portal account may see: customer records are shared by e-mail address across portals, so the
    /// stored name (perhaps given by another portal) is not shown back; and the routing keeps only its outcome
    /// (the candidates name every agent with their load, the scores and evidence are staff material).
    /// </summary>
    public static TicketResponse ForCaller(this TicketResponse ticket, bool portal) => !portal ? ticket : ticket with
    {
        Customer = ticket.Customer is { } customer ? customer with { Name = null } : null,
        Routing = ticket.Routing?.ForPortal(),
    };

    /// <summary>The routing outcome without the staff material (scores, evidence, candidate agents, tie-break).</summary>
    public static RoutingResponse ForPortal(this RoutingResponse routing) =>
        routing with { Scores = new Dictionary<string, double>(), Evidence = [], Candidates = [], TieBreak = "" };

    public static DepartmentRef ToRef(this Department d) => new(d.Id, d.Slug, d.NameFr, d.NameEn);

    public static bool IsOverdue(Ticket t, DateTimeOffset now) =>
        t.Status != TicketStatus.Closed && t.DueAt is { } due && due < now;

    public static RoutingResponse ToResponse(this RoutingRecord r) => new(
        r.Classifier,
        r.ClassifierVersion,
        r.PredictedDepartment,
        r.Department,
        r.Confidence,
        r.NeedsReview,
        JsonSerializer.Deserialize<Dictionary<string, double>>(r.ScoresJson, Json) ?? [],
        JsonSerializer.Deserialize<List<string>>(r.EvidenceJson, Json) ?? [],
        JsonSerializer.Deserialize<List<CandidateResponse>>(r.CandidatesJson, Json) ?? [],
        r.TieBreak,
        r.DecidedAt);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);

    public static TicketEventResponse ToResponse(this TicketEvent e) => new(
        e.Id, e.Type, e.At, e.ActorUserId, e.ActorName, e.From, e.To, e.Reason,
        e.DataJson is null ? null : JsonSerializer.Deserialize<JsonElement>(e.DataJson));
}
