using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Agents;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Api.Stats;

public sealed record AgentLoad(int AgentId, string Name, string Department, int OpenTickets, int Capacity, bool Available);

public sealed record StatsResponse(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, int> ByPriority,
    IReadOnlyDictionary<string, int> ByDepartment,
    IReadOnlyDictionary<string, int> QueueByDepartment,
    IReadOnlyList<AgentLoad> OpenPerAgent,
    int Overdue,
    int NeedsReview,
    int DepartmentCorrections,
    double MisrouteRate,
    DateTimeOffset? Since);

public static class StatsApi
{
    public static RouteGroupBuilder MapStats(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/stats").WithTags("Stats").RequireAuthorization(Policies.Agent);
        group.MapGet("/", GetAsync).WithSummary(
            "Tickets by status, priority and department; open tickets per agent; queues; the share of tickets whose department supervisors corrected. "
            + "?days=N (1-3650) counts only the tickets created in the last N days; queues and agents' loads are always now.");
        return group;
    }

    public const int MaxDays = 3650;

    private static async Task<Results<Ok<StatsResponse>, ValidationProblem>> GetAsync(
        int? days, TicketsDbContext db, AgentWorkloadQuery workload, DepartmentDirectory departments, TimeProvider clock, CancellationToken ct)
    {
        if (days is < 1 or > MaxDays)
        {
            return Problems.Invalid("days", $"days must be between 1 and {MaxDays}.");
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? since = days is null ? null : now.AddDays(-days.Value);
        var tickets = since is null ? db.Tickets : db.Tickets.Where(t => t.CreatedAt >= since);
        var byStatus = await tickets.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byPriority = await tickets.GroupBy(t => t.Priority).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byDepartment = await tickets.GroupBy(t => t.DepartmentId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var overdue = await tickets.CountAsync(t => t.Status != TicketStatus.Closed && t.DueAt < now, ct);
        var needsReview = await tickets.CountAsync(t => t.Routing != null && t.Routing.NeedsReview, ct);
        // A misroute: the ticket now sits in another department than the one it was routed to.
        var corrected = await tickets.CountAsync(t => t.Routing != null && t.Routing.Department != t.Department.Slug, ct);
        var total = byStatus.Sum(s => s.Count);
        var queues = await workload.QueueLengthsAsync(ct);
        var agents = await workload.ListAsync(null, null, ct);

        return TypedResults.Ok(new StatsResponse(
            total,
            Enum.GetValues<TicketStatus>().ToDictionary(StatusNames.Name, s => byStatus.SingleOrDefault(x => x.Key == s)?.Count ?? 0),
            Enum.GetValues<TicketPriority>().ToDictionary(PriorityNames.Name, p => byPriority.SingleOrDefault(x => x.Key == p)?.Count ?? 0),
            departments.All.ToDictionary(d => d.Slug, d => byDepartment.SingleOrDefault(x => x.Key == d.Id)?.Count ?? 0),
            departments.All.ToDictionary(d => d.Slug, d => queues.GetValueOrDefault(d.Id)),
            agents.Select(a => new AgentLoad(a.Id, a.Name, a.Department.Slug, a.OpenTickets, a.Capacity, a.Available)).ToList(),
            overdue,
            needsReview,
            corrected,
            total == 0 ? 0 : Math.Round(corrected / (double)total, 4),
            since));
    }
}
