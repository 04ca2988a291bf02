using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Tickets;

public sealed record DepartmentRef(int Id, string Slug, string NameFr, string NameEn);

public sealed record AgentRef(int Id, string Name);

public sealed record CustomerRef(int Id, string Email, string? Name);

public sealed record CandidateResponse(int AgentId, string Name, int OpenTickets, int Capacity, bool Available);

public sealed record RoutingResponse(
    string Classifier,
    string Version,
    string PredictedDepartment,
    string Department,
    double Confidence,
    bool NeedsReview,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<CandidateResponse> Candidates,
    string TieBreak,
    DateTimeOffset DecidedAt);

public sealed record TicketResponse(
    int Id,
    string Key,
    string Subject,
    string Description,
    TicketPriority Priority,
    TicketStatus Status,
    DepartmentRef Department,
    AgentRef? Assignee,
    CustomerRef? Customer,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DueAt,
    bool Overdue,
    RoutingResponse? Routing);

public sealed record PageLinks(string Self, string? Next, string? Previous);

public sealed record TicketPage(IReadOnlyList<TicketResponse> Items, int Page, int PageSize, int Total, PageLinks Links);

public sealed record TicketEventResponse(
    long Id, string Type, DateTimeOffset At, int? ActorUserId, string? Actor, string? From, string? To, string? Reason,
    System.Text.Json.JsonElement? Data);
