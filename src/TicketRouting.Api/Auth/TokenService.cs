using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Auth;

public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);

/// <summary>
/// Issues access tokens (short-lived JWTs) and rotating refresh tokens. A refresh token is random, stored
/// only as its SHA-256 hash, and spent by one use; presenting a spent one revokes its whole family.
/// </summary>
public sealed class TokenService(TicketsDbContext db, SigningKey signingKey, IOptions<JwtOptions> options, TimeProvider clock)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public async Task<TokenResponse> IssueAsync(User user, Guid familyId, CancellationToken ct)
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
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var pair = await SpendAndIssueAsync(refreshToken, ct);
        await transaction.CommitAsync(ct);
        return pair;
    }

    private async Task<TokenResponse?> SpendAndIssueAsync(string refreshToken, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stored = await db.RefreshTokens.Include(t => t.User).SingleOrDefaultAsync(t => t.TokenHash == Hash(refreshToken), ct);
        if (stored is null)
        {
            return null;
        }

        if (stored.ConsumedAt is not null || stored.RevokedAt is not null)
        {
            await RevokeFamilyAsync(stored.FamilyId, ct);
            return null;
        }

        // Spend it atomically: of two concurrent uses, only one wins; the other counts as a replay.
        var spent = await db.RefreshTokens.Where(t => t.Id == stored.Id && t.ConsumedAt == null && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ConsumedAt, now), ct);
        if (spent == 0)
        {
            await RevokeFamilyAsync(stored.FamilyId, ct);
            return null;
        }

        if (stored.ExpiresAt <= now || !stored.User.IsActive)
        {
            return null;
        }

        return await IssueAsync(stored.User, stored.FamilyId, ct);
    }

    /// <summary>Logs out: revokes the family of the given refresh token. False if the token is unknown.</summary>
    public async Task<bool> RevokeAsync(string refreshToken, CancellationToken ct)
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
