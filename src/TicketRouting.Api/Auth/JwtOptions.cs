using System.ComponentModel.DataAnnotations;

namespace TicketRouting.Api.Auth;

public sealed class JwtOptions
{
    public const string Section = "Jwt";
    public const int MinKeyBytes = 32;

    /// <summary>HMAC-SHA256 key, base64 or text, at least 256 bits. Development generates one in the data folder.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "ticketrouting";

    [Required]
    public string Audience { get; set; } = "ticketrouting-api";

    [Range(1, 24 * 60)]
    public int AccessTokenMinutes { get; set; } = 15;

    [Range(1, 365)]
    public int RefreshTokenDays { get; set; } = 30;

    /// <summary>
    /// A refresh token presented again this soon after it was spent is taken as a concurrent use (two tabs, a
    /// retry): 401 without revoking the login. Later it is a replay and revokes the whole login.
    /// </summary>
    [Range(0, 300)]
    public int RefreshReuseGraceSeconds { get; set; } = 10;
}

public sealed class AuthOptions
{
    public const string Section = "Auth";

    [Range(1, 100)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(0.1, 24 * 60)]
    public double LockoutMinutes { get; set; } = 5;

    [Range(1, 100_000)]
    public int TokenRequestsPerMinute { get; set; } = 30;

    /// <summary>
    /// How long a user's active flag and security stamp are cached: other API processes see a deactivation
    /// or role change within this time (the process that made it, at once). 0: checked on every request.
    /// </summary>
    [Range(0, 300)]
    public int UserStatusCacheSeconds { get; set; } = 5;

    /// <summary>Outside Development, the first admin is created from these (never from a default).</summary>
    public string? BootstrapAdminUsername { get; set; }

    public string? BootstrapAdminPassword { get; set; }
}
