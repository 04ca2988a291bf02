using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Tickets;

/// <summary>How long a portal's Idempotency-Key answers retries (issue 14). Bound to the <c>Intake</c> section.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>Hours a key replays its first answer; older keys are forgotten and cleaned up.</summary>
    [Range(0.01, 24 * 30)]
    public double IdempotencyHours { get; set; } = 24;

    /// <summary>How often expired keys are deleted.</summary>
    [Range(1, 24 * 60)]
    public int IdempotencyCleanupMinutes { get; set; } = 10;

    public TimeSpan Keep => TimeSpan.FromHours(IdempotencyHours);

    /// <summary>
    /// The one expiry rule, for the look-up before routing, the batch writer and the clean-up: a key answers for
    /// <paramref name="keep"/> after its first answer; from then on it is expired (deleted, and free for a new request).
    /// </summary>
    public static bool IsExpired(DateTimeOffset createdAt, DateTimeOffset now, TimeSpan keep) => createdAt <= now - keep;

    /// <summary><see cref="IsExpired"/> as a query predicate.</summary>
    public static Expression<Func<IdempotencyKey, bool>> Expired(DateTimeOffset now, TimeSpan keep)
    {
        var before = now - keep;
        return k => k.CreatedAt <= before;
    }

    public static Expression<Func<IdempotencyKey, bool>> Unexpired(DateTimeOffset now, TimeSpan keep)
    {
        var expired = Expired(now, keep);
        return Expression.Lambda<Func<IdempotencyKey, bool>>(Expression.Not(expired.Body), expired.Parameters);
    }
}

/// <summary>The first answer to a key: replayed to a retry with the same body hash; a different hash is refused.</summary>
public sealed record StoredAnswer(string BodyHash, int StatusCode, TicketResponse Ticket);

/// <summary>
/// A request's Idempotency-Key on its way through the intake queue. The batch writer sets <see cref="Winner"/> when
/// another request with the same key was written first (earlier, in the same batch, or by another process).
/// </summary>
public sealed class IdempotencyClaim(int userId, string key, string bodyHash, TimeSpan keep)
{
    public int UserId { get; } = userId;
    public string Key { get; } = key;
    public string BodyHash { get; } = bodyHash;
    public TimeSpan Keep { get; } = keep;
    public StoredAnswer? Winner { get; set; }
}

/// <summary>The request side of Idempotency-Key: the header's rules, the body's hash and the look-up before routing.</summary>
public sealed class IdempotencyKeys(TicketsDbContext db, TimeProvider clock, IOptions<IdempotencyOptions> options)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxLength = 128;

    // The stored answer is private to the service: any stable round trip of TicketResponse will do.
    internal static readonly JsonSerializerOptions StoreJson = new(JsonSerializerDefaults.Web);

    /// <summary>1 to 128 printable ASCII characters (space to tilde), else a message for the 400.</summary>
    public static string? Refusal(string key) =>
        key.Length is 0 or > MaxLength || key.Any(c => c is < ' ' or > '~')
            ? $"The {Header} header must be 1 to {MaxLength} printable ASCII characters."
            : null;

    /// <summary>SHA-256 (hex) of the body as bound: the same JSON with other spacing or field order is the same body.</summary>
    public static string Hash(CreateTicketRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, StoreJson)));

    public IdempotencyClaim Claim(int userId, string key, CreateTicketRequest request) =>
        new(userId, key, Hash(request), options.Value.Keep);

    /// <summary>The unexpired first answer to this user's key, if one was stored: a retry is answered before any routing.</summary>
    public async Task<StoredAnswer?> FindAsync(IdempotencyClaim claim, CancellationToken ct)
    {
        var row = await db.IdempotencyKeys.AsNoTracking()
            .Where(k => k.UserId == claim.UserId && k.Key == claim.Key)
            .Where(IdempotencyOptions.Unexpired(clock.GetUtcNow(), claim.Keep))
            .Select(k => new { k.BodyHash, k.StatusCode, k.ResponseJson })
            .SingleOrDefaultAsync(ct);
        return row is null ? null : new StoredAnswer(row.BodyHash, row.StatusCode, Read(row.ResponseJson));
    }

    internal static TicketResponse Read(string json) =>
        JsonSerializer.Deserialize<TicketResponse>(json, StoreJson) ?? throw new InvalidDataException("An idempotency key's stored answer is empty.");
}
