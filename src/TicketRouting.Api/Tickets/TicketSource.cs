using Microsoft.EntityFrameworkCore;
using TicketRouting.Core.Domain;
using TicketRouting.Data;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// A ticket brought from another system (the CLI's import) through the intake: its id there (unique, so importing it
/// again writes nothing), the status and creation date it had there (the SLA due time counts from that date), and
/// its department when the file names one. A closed ticket is written without an agent and loads nobody.
/// </summary>
public sealed class TicketSource(string id, TicketStatus status, DateTimeOffset? createdAt = null, string? department = null)
{
    public string Id { get; } = id;
    public TicketStatus Status { get; } = status;
    public DateTimeOffset? CreatedAt { get; } = createdAt;
    public string? Department { get; } = department;

    /// <summary>Set by the batch writer: a ticket with this source id was already stored (the answer is that ticket).</summary>
    public bool AlreadyStored { get; internal set; }
}

/// <summary>
/// The batch writer's side of <see cref="TicketSource"/>, inside the batch's transaction: a ticket whose source id
/// is already stored, or came earlier in the batch, is answered with the stored one and not written. Another process
/// inserting the same source id first makes this insert fail on the unique index; the transaction runner retries
/// the batch, which then finds it.
/// </summary>
internal static class SourcedIntake
{
    /// <summary>The batch's answers in its order; null for a ticket the batch put off (see <see cref="IntakeBatch.WriteAsync"/>).</summary>
    public static async Task<List<TicketResponse?>> WriteAsync(
        TicketsDbContext db, TicketReader reader, IReadOnlyList<PendingTicket> batch,
        Func<IReadOnlyList<PendingTicket>, Task<List<TicketResponse?>>> writeNew, CancellationToken ct)
    {
        if (!batch.Any(p => p.Source is not null))
        {
            return await writeNew(batch);
        }

        var ids = batch.Where(p => p.Source is not null).Select(p => p.Source!.Id).Distinct().ToList();
        var stored = await db.Tickets.IgnoreQueryFilters().Where(t => ids.Contains(t.SourceId!))
            .ToDictionaryAsync(t => t.SourceId!, t => t.Id, ct);
        var fresh = new List<PendingTicket>(batch.Count);
        var firsts = new HashSet<string>();
        foreach (var pending in batch)
        {
            if (pending.Source is { } source)
            {
                source.AlreadyStored = stored.ContainsKey(source.Id) || !firsts.Add(source.Id);
                if (source.AlreadyStored)
                {
                    continue;
                }
            }

            fresh.Add(pending);
        }

        var written = fresh.Count > 0 ? await writeNew(fresh) : [];
        var answers = fresh.Zip(written).ToDictionary(p => p.First, p => p.Second);
        foreach (var (pending, response) in answers.Where(a => a.Key.Source is not null && a.Value is not null))
        {
            stored.TryAdd(pending.Source!.Id, response!.Id);
        }

        // The tickets already stored, read in one go (a re-import of N rows was N reads).
        var already = await reader.FindManyAsync(
            batch.Where(p => !answers.ContainsKey(p) && stored.ContainsKey(p.Source!.Id)).Select(p => stored[p.Source!.Id]).Distinct().ToList(), ct);
        var answered = new List<TicketResponse?>(batch.Count);
        foreach (var pending in batch)
        {
            answered.Add(answers.TryGetValue(pending, out var response) ? response
                // The first of its source id was put off: so is this one (the next batch answers it with that ticket).
                : !stored.TryGetValue(pending.Source!.Id, out var id) ? null
                : already.GetValueOrDefault(id) ?? throw new SourceOfDeletedTicketException(pending.Source.Id));
        }

        return answered;
    }
}

/// <summary>An imported row whose source id belongs to a ticket that was deleted: it is not imported again.</summary>
public sealed class SourceOfDeletedTicketException(string sourceId)
    : InvalidOperationException($"Source id '{sourceId}' belongs to a deleted ticket; it is not imported again.")
{
    public string SourceId { get; } = sourceId;
}
