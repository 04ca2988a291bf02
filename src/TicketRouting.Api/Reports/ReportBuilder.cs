using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Reports;

/// <summary>
/// Reports over a range of days, computed from the tickets and their history. Deleted tickets do not count.
/// The history is read for the range only, so a report costs in proportion to the activity in its range.
/// </summary>
public sealed class ReportBuilder(TicketsDbContext db, TimeProvider clock)
{
    private static readonly string Closed = StatusNames.Name(TicketStatus.Closed);

    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<List<DailyRow>> DailyAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var created = await db.Tickets.Where(t => t.CreatedAt >= from && t.CreatedAt < to)
            .Select(t => new { t.CreatedAt, t.Department.Slug }).ToListAsync(ct);
        var changes = await db.TicketEvents.Where(e => e.Type == TicketEventTypes.Status && e.At >= from && e.At < to)
            .Join(db.Tickets, e => e.TicketId, t => t.Id, (e, t) => new { e.At, e.From, e.To, t.Department.Slug })
            .ToListAsync(ct);
        var rows = created.Select(c => (Day: Day(c.CreatedAt), c.Slug, Kind: 0))
            .Concat(changes.Where(c => c.To == Closed).Select(c => (Day: Day(c.At), c.Slug, Kind: 1)))
            .Concat(changes.Where(c => c.From == Closed && c.To != Closed).Select(c => (Day: Day(c.At), c.Slug, Kind: 2)));
        return rows.GroupBy(r => (r.Day, r.Slug)).OrderBy(g => g.Key.Day).ThenBy(g => g.Key.Slug)
            .Select(g => new DailyRow(g.Key.Day, g.Key.Slug, g.Count(r => r.Kind == 0), g.Count(r => r.Kind == 1), g.Count(r => r.Kind == 2)))
            .ToList();
    }

    public async Task<List<TimesRow>> TimesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var tickets = await db.Tickets.Where(t => t.CreatedAt >= from && t.CreatedAt < to)
            .Select(t => new { t.Id, t.CreatedAt, t.DueAt, t.Department.Slug }).ToListAsync(ct);
        var ids = tickets.Select(t => t.Id).ToList();
        var agentUsers = (await db.Agents.Where(a => a.UserId != null).Select(a => a.UserId!.Value).ToListAsync(ct)).ToHashSet();
        var events = (await db.TicketEvents
                .Where(e => ids.Contains(e.TicketId) && (e.Type == TicketEventTypes.Assigned || e.Type == TicketEventTypes.Reassigned
                    || e.Type == TicketEventTypes.Status || e.Type == TicketEventTypes.Comment || e.Type == TicketEventTypes.Priority))
                .Select(e => new { e.TicketId, e.Type, e.At, e.ActorUserId, e.To, e.DataJson }).ToListAsync(ct))
            .ToLookup(e => e.TicketId);
        var now = Now;

        var measured = tickets.Select(t =>
        {
            var history = events[t.Id].OrderBy(e => e.At).ToList();
            var assigned = history.FirstOrDefault(e => e.Type == TicketEventTypes.Assigned
                || (e.Type == TicketEventTypes.Reassigned && ToAgentId(e.DataJson) is not null))?.At;
            var agentAction = history.FirstOrDefault(e => e.Type != TicketEventTypes.Assigned && e.Type != TicketEventTypes.Reassigned
                && e.ActorUserId is { } user && agentUsers.Contains(user))?.At;
            var closed = history.FirstOrDefault(e => e.Type == TicketEventTypes.Status && e.To == Closed)?.At;
            var sla = t.DueAt is not { } due ? (int?)null
                : closed is { } c ? (c <= due ? 0 : 1)
                : now > due ? 1 : 2;
            return new { t.Slug, t.CreatedAt, Assigned = assigned - t.CreatedAt, AgentAction = agentAction - t.CreatedAt, Close = closed - t.CreatedAt, Sla = sla };
        }).ToList();

        return measured.GroupBy(m => m.Slug).OrderBy(g => g.Key).Select(g => g.ToList())
            .Append(measured)
            .Select((group, index) => new TimesRow(
                index < measured.Select(m => m.Slug).Distinct().Count() ? group[0].Slug : "all",
                group.Count,
                Summarize(group.Select(m => m.Assigned)),
                Summarize(group.Select(m => m.AgentAction)),
                Summarize(group.Select(m => m.Close)),
                Sla(group.Select(m => m.Sla))))
            .Where(r => r.Created > 0)
            .ToList();
    }

    public async Task<List<AgentActivityRow>> AgentsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Name, a.UserId, a.Department.Slug }).ToListAsync(ct);
        var events = await db.TicketEvents
            .Where(e => e.At >= from && e.At < to && (e.Type == TicketEventTypes.Assigned || e.Type == TicketEventTypes.Reassigned
                || (e.Type == TicketEventTypes.Status && e.To == Closed)))
            .Join(db.Tickets, e => e.TicketId, t => t.Id, (e, t) => new { e.TicketId, e.Type, e.ActorUserId, e.DataJson })
            .ToListAsync(ct);
        var handled = events.Where(e => e.Type != TicketEventTypes.Status)
            .Select(e => (e.TicketId, AgentId: e.Type == TicketEventTypes.Assigned ? AgentId(e.DataJson, "agentId") : ToAgentId(e.DataJson)))
            .Where(x => x.AgentId is not null).Distinct().ToLookup(x => x.AgentId!.Value);
        var reassignedAway = events.Where(e => e.Type == TicketEventTypes.Reassigned)
            .Select(e => AgentId(e.DataJson, "fromAgentId")).Where(a => a is not null).ToLookup(a => a!.Value);
        var closedBy = events.Where(e => e.Type == TicketEventTypes.Status && e.ActorUserId is not null).ToLookup(e => e.ActorUserId!.Value);
        return agents.Select(a => new AgentActivityRow(
                a.Id, a.Name, a.Slug, handled[a.Id].Count(),
                a.UserId is { } user ? closedBy[user].Select(e => e.TicketId).Distinct().Count() : 0,
                reassignedAway[a.Id].Count()))
            .ToList();
    }

    internal static DurationSummary Summarize(IEnumerable<TimeSpan?> durations)
    {
        var minutes = durations.Where(d => d is not null).Select(d => Math.Max(0, d!.Value.TotalMinutes)).Order().ToList();
        return minutes.Count == 0
            ? new DurationSummary(0, null, null)
            : new DurationSummary(minutes.Count, Math.Round(NearestRank(minutes, 0.5), 1), Math.Round(NearestRank(minutes, 0.9), 1));
    }

    private static double NearestRank(List<double> sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static SlaSummary Sla(IEnumerable<int?> outcomes)
    {
        var list = outcomes.Where(o => o is not null).ToList();
        var (met, breached, pending) = (list.Count(o => o == 0), list.Count(o => o == 1), list.Count(o => o == 2));
        return new SlaSummary(met, breached, pending, met + breached == 0 ? null : Math.Round((double)met / (met + breached), 4));
    }

    private static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);

    private static int? ToAgentId(string? json) => AgentId(json, "toAgentId");

    private static int? AgentId(string? json, string property)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
    }
}
