namespace TicketRouting.Data.Entities;

/// <summary>
/// A portal's <c>Idempotency-Key</c> on POST /api/ticket: written in the transaction that creates the ticket, so a
/// retry of the same request (same user, same key, same body hash) gets the first answer back instead of a second ticket.
/// </summary>
public class IdempotencyKey
{
    public long Id { get; set; }

    /// <summary>The portal (authenticated user) that sent the key; keys of different users never meet.</summary>
    public int UserId { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the request body as bound (hex): the same key with another body is refused (422).</summary>
    public required string BodyHash { get; set; }

    public int StatusCode { get; set; }
    public int TicketId { get; set; }

    /// <summary>The first answer's body, replayed as it was.</summary>
    public required string ResponseJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
