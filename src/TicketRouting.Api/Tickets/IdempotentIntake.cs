using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>
/// The batch writer's side of Idempotency-Key, inside the batch's transaction: a keyed ticket whose key is already
/// stored (and unexpired) is answered from that row, a second one of the same key in the batch is answered with the
/// first's ticket, and each new keyed ticket's row is written with it. A row another process inserts first makes
/// this insert fail on the unique (user, key) index; the transaction runner retries the batch, which then reads it.
/// </summary>
internal static class IdempotentIntake
{
    public static bool Applies(IReadOnlyList<PendingTicket> batch)
    {
        foreach (var pending in batch)
        {
            if (pending.Idempotency is not null)
            {
                return true;
            }
        }

        return false;
    }

    public static async Task<List<TicketResponse>> WriteAsync(
        TicketsDbContext db, IReadOnlyList<PendingTicket> batch, DateTimeOffset now,
        Func<IReadOnlyList<PendingTicket>, Task<List<TicketResponse>>> writeNew, CancellationToken ct)
    {
        var stored = await StoredAsync(db, batch, now, ct);
        var fresh = new List<PendingTicket>(batch.Count);
        var firsts = new Dictionary<(int, string), PendingTicket>();
        foreach (var pending in batch)
        {
            if (pending.Idempotency is { } claim)
            {
                claim.Winner = stored.GetValueOrDefault((claim.UserId, claim.Key));
                if (claim.Winner is not null || !firsts.TryAdd((claim.UserId, claim.Key), pending))
                {
                    continue; // answered from the stored row, or by the batch's first ticket of this key (below)
                }
            }

            fresh.Add(pending);
        }

        var written = fresh.Count > 0 ? await writeNew(fresh) : [];
        var answers = new Dictionary<PendingTicket, TicketResponse>(fresh.Count);
        for (var i = 0; i < fresh.Count; i++)
        {
            answers[fresh[i]] = written[i];
            if (fresh[i].Idempotency is { } claim)
            {
                db.IdempotencyKeys.Add(new IdempotencyKey
                {
                    UserId = claim.UserId,
                    Key = claim.Key,
                    BodyHash = claim.BodyHash,
                    StatusCode = StatusCodes.Status201Created,
                    TicketId = written[i].Id,
                    ResponseJson = JsonSerializer.Serialize(written[i], IdempotencyKeys.StoreJson),
                    CreatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);
        return batch.Select(pending => Answer(pending, answers, firsts)).ToList();
    }

    private static TicketResponse Answer(
        PendingTicket pending, Dictionary<PendingTicket, TicketResponse> answers, Dictionary<(int, string), PendingTicket> firsts)
    {
        if (answers.TryGetValue(pending, out var ticket))
        {
            return ticket;
        }

        var claim = pending.Idempotency!;
        if (claim.Winner is null)
        {
            var first = firsts[(claim.UserId, claim.Key)];
            claim.Winner = new StoredAnswer(first.Idempotency!.BodyHash, StatusCodes.Status201Created, answers[first]);
        }

        return claim.Winner.Ticket;
    }

    /// <summary>The batch's keys already stored and unexpired; expired rows of those keys are deleted so the key starts afresh.</summary>
    private static async Task<Dictionary<(int, string), StoredAnswer>> StoredAsync(
        TicketsDbContext db, IReadOnlyList<PendingTicket> batch, DateTimeOffset now, CancellationToken ct)
    {
        var claims = batch.Where(p => p.Idempotency is not null).Select(p => p.Idempotency!).ToList();
        var users = claims.Select(c => c.UserId).Distinct().ToList();
        var keys = claims.Select(c => c.Key).Distinct().ToList();
        var batchKeys = db.IdempotencyKeys.Where(k => users.Contains(k.UserId) && keys.Contains(k.Key));
        await batchKeys.Where(IdempotencyOptions.Expired(now, claims[0].Keep)).ExecuteDeleteAsync(ct);
        var rows = await batchKeys.AsNoTracking()
            .Select(k => new { k.UserId, k.Key, k.BodyHash, k.StatusCode, k.ResponseJson })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.UserId, r.Key), r => new StoredAnswer(r.BodyHash, r.StatusCode, IdempotencyKeys.Read(r.ResponseJson)));
    }
}
