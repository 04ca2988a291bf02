using Microsoft.EntityFrameworkCore;
using TicketRouting.Data.Entities;

namespace TicketRouting.Data.Learning;

/// <summary>A ticket whose department a person confirmed, labelled with that department.</summary>
public sealed record ConfirmedTicket(int Id, string Subject, string Description, string Label, DateTimeOffset ConfirmedAt);

/// <summary>
/// The service's own labels. A ticket's department is confirmed when the ticket is closed in it, or when a
/// supervisor moved it to another department (the new one is the label). Departments change only through
/// reassignment, so the label is the ticket's current department either way. Deleted tickets never count.
/// </summary>
public static class ConfirmedTickets
{
    private const string Closed = "closed";
    private const string DepartmentChanged = "\"departmentChanged\":true";

    public static async Task<List<ConfirmedTicket>> LoadAsync(TicketsDbContext db, DateTimeOffset? since, CancellationToken ct)
    {
        var confirmedAt = await ConfirmationTimesAsync(db, ct);
        var ids = confirmedAt.Where(p => since is null || p.Value >= since).Select(p => p.Key).ToList();

        var tickets = new List<ConfirmedTicket>(ids.Count);
        foreach (var chunk in ids.Chunk(500))
        {
            var loaded = await db.Tickets.AsNoTracking().Where(t => chunk.Contains(t.Id))
                .Select(t => new { t.Id, t.Subject, t.Description, t.Department.Slug }).ToListAsync(ct);
            tickets.AddRange(loaded.Select(t => new ConfirmedTicket(t.Id, t.Subject, t.Description, t.Slug, confirmedAt[t.Id])));
        }

        return tickets.OrderBy(t => t.Id).ToList();
    }

    /// <summary>How many tickets were confirmed after <paramref name="after"/> (for automatic retraining).</summary>
    public static async Task<int> CountAfterAsync(TicketsDbContext db, DateTimeOffset after, CancellationToken ct) =>
        (await ConfirmationTimesAsync(db, ct)).Values.Count(at => at > after);

    // One row per confirming event (the query filter drops deleted tickets); the latest event dates the label.
    private static async Task<Dictionary<int, DateTimeOffset>> ConfirmationTimesAsync(TicketsDbContext db, CancellationToken ct)
    {
        var rows = await db.TicketEvents.AsNoTracking()
            .Where(e => (e.Type == TicketEventTypes.Status && e.To == Closed)
                || (e.Type == TicketEventTypes.Reassigned && e.DataJson != null && e.DataJson.Contains(DepartmentChanged)))
            .Join(db.Tickets, e => e.TicketId, t => t.Id, (e, t) => new { t.Id, e.At })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Max(r => r.At));
    }
}
