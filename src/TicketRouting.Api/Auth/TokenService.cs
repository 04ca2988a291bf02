using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Auth;

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>
/// Issues access tokens (short-lived JWTs) and rotating refresh tokens. A refresh token is random, stored
/// only as its SHA-256 hash, and spent by one use; presenting a spent one revokes its whole family.
/// </summary>
public sealed class TokenService(
    TicketsDbContext db, TransactionRunner transactions, SigningKey signingKey, IOptions<JwtOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Issues a new pair of a new or existing login (family), in its own transaction.</summary>
    public Task<TokenResponse> IssueAsync(User user, Guid familyId, CancellationToken ct) =>
        transactions.RunAsync(token => IssueInTransactionAsync(user, familyId, token), ct);

    private async Task<TokenResponse> IssueInTransactionAsync(User user, Guid familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var jwt = options.Value;
        var agentId = await db.Agents.Where(a => a.UserId == user.Id).Select(a => (int?)a.Id).SingleOrDefaultAsync(ct);
        var claims = new Dictionary<string, object>
        {
            [TokenClaims.UserId] = user.Id.ToString(),
            [TokenClaims.Name] = user.Username,
            [TokenClaims.Role] = user.Role,
            [TokenClaims.SecurityStamp] = user.SecurityStamp,
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
        };
        if (agentId is not null)
        {
            claims[TokenClaims.AgentId] = agentId.Value.ToString();
        }

        var access = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddMinutes(jwt.AccessTokenMinutes).UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });

        var refresh = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        db.RefreshTokens.Add(new RefreshToken
        {
            UserId = user.Id,
            TokenHash = Hash(refresh),
            FamilyId = familyId,
            CreatedAt = now,
            ExpiresAt = now.AddDays(jwt.RefreshTokenDays),
        });
        await db.SaveChangesAsync(ct);
        return new TokenResponse(access, refresh, "Bearer", jwt.AccessTokenMinutes * 60);
    }

    /// <summary>Spends <paramref name="refreshToken"/> and issues a new pair, or returns null (and on replay revokes the family).</summary>
    public async Task<TokenResponse?> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        // One transaction: the old token is never spent without its successor being saved.
        return await transactions.RunAsync(token => SpendAndIssueAsync(refreshToken, token), ct);
    }

    private async Task<TokenResponse?> SpendAndIssueAsync(string refreshToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stored = await db.RefreshTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.TokenHash == Hash(refreshToken), ct);
        if (stored is null)
        {
            return null;
        }

        // A client that sent the same token twice at once (two tabs, a retry) loses the race but is no thief:
        // within the grace window the loser gets a 401 and the login (the winner's new token) stays valid.
        // Later, a spent token is a replay and revokes the whole login.
        var grace = TimeSpan.FromSeconds(options.Value.RefreshReuseGraceSeconds);
        if (stored.RevokedAt is null && stored.ConsumedAt is { } consumed && now - consumed <= grace)
        {
            return null;
        }

        if (stored.ConsumedAt is not null || stored.RevokedAt is not null)
        {
            await RevokeFamilyAsync(stored.FamilyId, ct);
            return null;
        }

        // Spend it atomically: of two concurrent uses only one wins; the other (0 rows) is a concurrent use.
        var spent = await db.RefreshTokens.Where(t => t.Id == stored.Id && t.ConsumedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), ct);
        if (spent == 0 || stored.ExpiresAt <= now || !stored.User.IsActive)
        {
            return null;
        }

        return await IssueInTransactionAsync(stored.User, stored.FamilyId, ct);
    }

    /// <summary>Logs out: revokes the family of the given refresh token. False if the token is unknown.</summary>
    public Task<bool> RevokeAsync(string refreshToken, CancellationToken ct) =>
        transactions.RunAsync(token => RevokeInTransactionAsync(refreshToken, token), ct);

    private async Task<bool> RevokeInTransactionAsync(string refreshToken, CancellationToken ct)
    {
        var family = await db.RefreshTokens.Where(t => t.TokenHash == Hash(refreshToken)).Select(t => (Guid?)t.FamilyId).SingleOrDefaultAsync(ct);
        if (family is null)
        {
            return false;
        }

        await RevokeFamilyAsync(family.Value, ct);
        return true;
    }

    public Task RevokeFamilyAsync(Guid familyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.RefreshTokens.Where(t => t.FamilyId == familyId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    public Task RevokeUserAsync(int userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
