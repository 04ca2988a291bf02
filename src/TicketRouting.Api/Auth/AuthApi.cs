using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using TicketRouting.Api.Infrastructure;

namespace TicketRouting.Api.Auth;

public sealed class LoginRequest
{
    [Required, StringLength(64)]
    public string Username { get; set; } = "";

    [Required, StringLength(256)]
    public string Password { get; set; } = "";
}

public sealed class RefreshRequest
{
    [Required, StringLength(200)]
    public string RefreshToken { get; set; } = "";
}

public static class AuthApi
{
    public const string RateLimitPolicy = "token";

    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/token").WithTags("Auth").AllowAnonymous().RequireRateLimiting(RateLimitPolicy);
        group.MapPost("/", LoginAsync).Validate<LoginRequest>()
            .WithSummary("Log in: an access token (JWT) and a refresh token.");
        group.MapPost("/refresh", RefreshAsync).Validate<RefreshRequest>()
            .WithSummary("Spend a refresh token for a new pair; replaying a spent one revokes the whole login.");
        group.MapPost("/revoke", RevokeAsync).Validate<RefreshRequest>().WithSummary("Log out: revoke the login of this refresh token.");
        return group;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, LoginService logins, TokenService tokens, CancellationToken ct)
    {
        var user = await logins.CheckAsync(request.Username, request.Password, ct);
        return user is null ? InvalidCredentials() : TypedResults.Ok(await tokens.IssueAsync(user, Guid.NewGuid(), ct));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, TokenService tokens, CancellationToken ct) =>
        await tokens.RefreshAsync(request.RefreshToken, ct) is { } pair
            ? TypedResults.Ok(pair)
            : TypedResults.Problem("The refresh token is unknown, expired, spent or revoked.", statusCode: 401, title: "Unauthorized");

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        RefreshRequest request, TokenService tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(request.RefreshToken, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem("The refresh token is unknown.", statusCode: 401, title: "Unauthorized");

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem("Invalid username or password, or the account is locked or inactive.", statusCode: 401, title: "Unauthorized");

    /// <summary>Fixed window per client address on /api/token; 429 with Retry-After beyond it.</summary>
    public static IServiceCollection AddTokenRateLimit(this IServiceCollection services, AuthOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.TokenRequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
                await response.WriteAsJsonAsync(new ProblemDetails
                {
                    Status = 429,
                    Title = "Too many requests",
                    Detail = "Too many login attempts from this client; retry later.",
                }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
            };
        });
        return services;
    }
}
