using Microsoft.EntityFrameworkCore;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

internal static class TicketLock
{
    /// <summary>
    /// Locks the ticket row (a no-op UPDATE: a row lock on servers, the write lock on SQLite) and then reads
    /// it, so that two changes to one ticket never both act on the same old state.
    /// </summary>
    public static async Task<Ticket?> LockAndLoadAsync(TicketsDbContext db, int ticketId, CancellationToken ct)
    {
        var locked = await db.Tickets.Where(t => t.Id == ticketId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UpdatedAt, t => t.UpdatedAt), ct);
        return locked == 0 ? null : await db.Tickets.SingleAsync(t => t.Id == ticketId, ct);
    }
}
