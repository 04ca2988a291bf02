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
    int DepartmentQueueLength,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> Languages,
    string TimeZone,
    bool OnShift,
    bool Absent,
    IReadOnlyList<ShiftResponse> Shifts,
    IReadOnlyList<AbsenceResponse> Absences);

/// <summary>The workload view: open tickets counted from the tickets themselves (no counter to drift); on shift and absent
/// computed now from the agent's weekly hours and current or future absences.</summary>
public sealed class AgentWorkloadQuery(TicketsDbContext db, DepartmentDirectory departments, TimeProvider time)
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
                a.Skills,
                a.Languages,
                a.TimeZone,
                Open = db.Tickets.Count(t => t.AssigneeId == a.Id && t.Status != TicketStatus.Closed),
            })
            .ToListAsync(ct);
        var queues = await QueueLengthsAsync(ct);
        var now = time.GetUtcNow();
        var ids = rows.Select(r => r.Id).ToList();
        var shifts = (await db.AgentShifts.AsNoTracking().Where(s => ids.Contains(s.AgentId)).OrderBy(s => s.Day).ThenBy(s => s.StartMinute).ToListAsync(ct))
            .ToLookup(s => s.AgentId);
        var absences = (await db.AgentAbsences.AsNoTracking().Where(a => ids.Contains(a.AgentId) && a.To > now).OrderBy(a => a.From).ToListAsync(ct))
            .ToLookup(a => a.AgentId);
        return rows.Select(r =>
        {
            var schedule = AgentProfiles.ToProfile(r.Skills, r.Languages, r.TimeZone, shifts[r.Id], absences[r.Id]).Schedule;
            return new AgentResponse(
                r.Id, r.Name, r.Email, departments.Find(r.DepartmentId)!, r.Open, r.Capacity, r.Available, r.LastAssignedAt,
                queues.GetValueOrDefault(r.DepartmentId), AgentProfiles.Split(r.Skills), AgentProfiles.Split(r.Languages), r.TimeZone,
                schedule.IsOnShift(now), schedule.IsAbsent(now), [.. shifts[r.Id].Select(AgentProfiles.ToResponse)],
                [.. absences[r.Id].Select(a => new AbsenceResponse(a.Id, a.From, a.To, a.Reason))]);
        }).ToList();
    }

    /// <summary>Open, unassigned tickets per department.</summary>
    public Task<Dictionary<int, int>> QueueLengthsAsync(CancellationToken ct) =>
        db.Tickets.Where(t => t.AssigneeId == null && t.Status != TicketStatus.Closed)
            .GroupBy(t => t.DepartmentId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
}
