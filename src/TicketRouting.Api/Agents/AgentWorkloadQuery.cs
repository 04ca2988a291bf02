using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Api.Agents;

public sealed record AgentResponse(
    int Id,
    string Name,
    string Email,
    DepartmentRef Department,
    int OpenTickets,
    int Capacity,
    bool Available,
    DateTimeOffset? LastAssignedAt,
    int DepartmentQueueLength);

/// <summary>The workload view: open tickets counted from the tickets themselves (no counter to drift).</summary>
public sealed class AgentWorkloadQuery(TicketsDbContext db, DepartmentDirectory departments)
{
    public async Task<List<AgentResponse>> ListAsync(int? departmentId, int? agentId, CancellationToken ct)
    {
        var agents = db.Agents.AsNoTracking();
        if (departmentId is { } d)
        {
            agents = agents.Where(a => a.DepartmentId == d);
        }

        if (agentId is { } id)
        {
            agents = agents.Where(a => a.Id == id);
        }

        var rows = await agents.OrderBy(a => a.DepartmentId).ThenBy(a => a.Id)
            .Select(a => new
            {
                a.Id,
                a.Name,
                a.Email,
                a.DepartmentId,
                a.Capacity,
                a.Available,
                a.LastAssignedAt,
                Open = db.Tickets.Count(t => t.AssigneeId == a.Id && t.Status != TicketStatus.Closed),
            })
            .ToListAsync(ct);
        var queues = await QueueLengthsAsync(ct);
        return rows.Select(r => new AgentResponse(
            r.Id, r.Name, r.Email, departments.Find(r.DepartmentId)!, r.Open, r.Capacity, r.Available, r.LastAssignedAt,
            queues.GetValueOrDefault(r.DepartmentId))).ToList();
    }

    /// <summary>Open, unassigned tickets per department.</summary>
    public Task<Dictionary<int, int>> QueueLengthsAsync(CancellationToken ct) =>
        db.Tickets.Where(t => t.AssigneeId == null && t.Status != TicketStatus.Closed)
            .GroupBy(t => t.DepartmentId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
