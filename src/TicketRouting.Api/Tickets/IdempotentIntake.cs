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

    /// <summary>The batch's answers in its order; null for a ticket the batch put off (see <see cref="IntakeBatch.WriteAsync"/>).</summary>
    public static async Task<List<TicketResponse?>> WriteAsync(
        TicketsDbContext db, IReadOnlyList<PendingTicket> batch, DateTimeOffset now,
        Func<IReadOnlyList<PendingTicket>, Task<List<TicketResponse?>>> writeNew, CancellationToken ct)
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
        var answers = new Dictionary<PendingTicket, TicketResponse?>(fresh.Count);
        for (var i = 0; i < fresh.Count; i++)
        {
            answers[fresh[i]] = written[i];
            if (fresh[i].Idempotency is { } claim && written[i] is not null)
            {
                db.IdempotencyKeys.Add(new IdempotencyKey
                {
                    UserId = claim.UserId,
                    Key = claim.Key,
                    BodyHash = claim.BodyHash,
                    StatusCode = StatusCodes.Status201Created,
                    TicketId = written[i]!.Id,
                    ResponseJson = JsonSerializer.Serialize(written[i], IdempotencyKeys.StoreJson),
                    CreatedAt = now,
                });
            }
        }

        await db.SaveChangesAsync(ct);
        return batch.Select(pending => Answer(pending, answers, firsts)).ToList();
    }

    private static TicketResponse? Answer(
        PendingTicket pending, Dictionary<PendingTicket, TicketResponse?> answers, Dictionary<(int, string), PendingTicket> firsts)
    {
        if (answers.TryGetValue(pending, out var ticket))
        {
            return ticket;
        }

        var claim = pending.Idempotency!;
        if (claim.Winner is null)
        {
            var first = firsts[(claim.UserId, claim.Key)];
            if (answers[first] is not { } written)
            {
                return null; // the first of its key was put off: so is this one (the next batch answers it from the first)
            }

            claim.Winner = new StoredAnswer(first.Idempotency!.BodyHash, StatusCodes.Status201Created, written);
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
        var rows = await db.IdempotencyKeys.AsNoTracking()
            .Where(k => users.Contains(k.UserId) && keys.Contains(k.Key))
            .Select(k => new { k.Id, k.UserId, k.Key, k.BodyHash, k.StatusCode, k.ResponseJson, k.CreatedAt })
            .ToListAsync(ct);
        // An expired key is deleted so the new request can take it (unique per user and key); the hot path pays that
        // second round trip only when a key is actually reused after expiry (the clean-up service removes the rest).
        var keep = claims[0].Keep;
        var expired = rows.Where(r => IdempotencyOptions.IsExpired(r.CreatedAt, now, keep)).Select(r => r.Id).ToList();
        if (expired.Count > 0)
        {
            await db.IdempotencyKeys.Where(k => expired.Contains(k.Id)).ExecuteDeleteAsync(ct);
        }

        return rows.Where(r => !IdempotencyOptions.IsExpired(r.CreatedAt, now, keep))
            .ToDictionary(r => (r.UserId, r.Key), r => new StoredAnswer(r.BodyHash, r.StatusCode, IdempotencyKeys.Read(r.ResponseJson)));
    }
}
