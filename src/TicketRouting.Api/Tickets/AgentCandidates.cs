using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Agents;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// Agents as the routing policies see them: load, availability and capacity, with skills, languages and time zone from
/// the same query, and weekly shifts and current absences from one more query for all of them. An agent with nothing
/// recorded keeps <see cref="Core.Routing.Policies.AgentProfile.Unrestricted"/>'s behaviour. With the policies off
/// (<c>Routing:Policies:Enabled</c> false) the second query is skipped: nobody reads the profiles then.
/// </summary>
internal static class AgentCandidates
{
    public static async Task<List<(int DepartmentId, AgentCandidate Candidate)>> ReadAsync(
        TicketsDbContext db, IQueryable<Agent> agents, DateTimeOffset now, CancellationToken ct, bool withProfiles = true)
    {
        var rows = await agents.OrderBy(a => a.Id)
            .Select(a => new
            {
                a.DepartmentId,
                Candidate = new AgentCandidate(
                    a.Id,
                    a.Name,
                    db.Tickets.Count(t => t.AssigneeId == a.Id && t.Status != TicketStatus.Closed),
                    a.Capacity,
                    a.Available,
                    a.LastAssignedAt),
                a.Skills,
                a.Languages,
                a.TimeZone,
            })
            .ToListAsync(ct);
        if (rows.Count == 0 || !withProfiles)
        {
            return rows.Select(r => (r.DepartmentId, r.Candidate)).ToList();
        }

        var ids = rows.Select(r => r.Candidate.AgentId).ToList();
        // One round trip for both tables: agents without shifts or absences simply have empty lists.
        var schedules = await db.Agents.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new
            {
                a.Id,
                Shifts = a.Shifts.ToList(),
                Absences = a.Absences.Where(x => x.From <= now && x.To > now).ToList(),
            })
            .AsSingleQuery()
            .ToDictionaryAsync(a => a.Id, ct);
        return rows.Select(r =>
        {
            var schedule = schedules[r.Candidate.AgentId];
            var profile = AgentProfiles.ToProfile(r.Skills, r.Languages, r.TimeZone, schedule.Shifts, schedule.Absences);
            return (r.DepartmentId, r.Candidate with { Profile = profile });
        }).ToList();
    }
}
