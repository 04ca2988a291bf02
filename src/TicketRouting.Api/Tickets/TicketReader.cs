using Microsoft.EntityFrameworkCore;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>Read side of tickets: one ticket, its history.</summary>
public sealed class TicketReader(TicketsDbContext db, TimeProvider clock)
{
    public IQueryable<Ticket> WithDetails() => db.Tickets.AsNoTracking()
        .Include(t => t.Department)
        .Include(t => t.Assignee)
        .Include(t => t.Customer)
        .Include(t => t.Tags)
        .Include(t => t.Routing)
        .AsSplitQuery();

    public async Task<TicketResponse?> FindAsync(int id, CancellationToken ct)
    {
        var ticket = await WithDetails().SingleOrDefaultAsync(t => t.Id == id, ct);
        return ticket?.ToResponse(clock.GetUtcNow());
    }

    /// <summary>Several tickets in one read (one query per included table), by id; deleted or unknown ids are left out.</summary>
    public async Task<Dictionary<int, TicketResponse>> FindManyAsync(IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var now = clock.GetUtcNow();
        return (await WithDetails().Where(t => ids.Contains(t.Id)).ToListAsync(ct)).ToDictionary(t => t.Id, t => t.ToResponse(now));
    }

    /// <summary>The ticket's creator, or null if the ticket does not exist (or was deleted, unless asked for).</summary>
    public Task<TicketOwner?> OwnerAsync(int id, CancellationToken ct, bool includeDeleted = false) =>
        (includeDeleted ? db.Tickets.IgnoreQueryFilters() : db.Tickets)
            .Where(t => t.Id == id).Select(t => new TicketOwner(t.CreatedByUserId, t.AssigneeId)).SingleOrDefaultAsync(ct);

    public async Task<List<TicketEventResponse>> HistoryAsync(int id, CancellationToken ct)
    {
        var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == id).OrderBy(e => e.Id).ToListAsync(ct);
        return events.Select(e => e.ToResponse()).ToList();
    }
}

public sealed record TicketOwner(int? CreatedByUserId, int? AssigneeId);
