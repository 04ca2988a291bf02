using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Tokens;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Auth;

public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddTicketRoutingAuth(
        this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, DataPaths paths)
    {
        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var jwt = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var signingKey = SigningKey.Resolve(jwt, environment, paths.DataDirectory);

        services.AddSingleton(signingKey);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddMemoryCache();
        services.AddSingleton<UserStatusCache>();
        services.AddScoped<TokenService>();
        services.AddScoped<LoginService>();
        services.AddTokenRateLimit(auth);
        services.AddTicketRoutingPolicies();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKey = signingKey.Key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = TokenClaims.Name,
                RoleClaimType = TokenClaims.Role,
            };
            o.Events = new JwtBearerEvents { OnTokenValidated = RejectStaleUserAsync, OnChallenge = AnswerUnavailableDatabaseAsync };
        });
        return services;
    }

    // A deactivated user, or one whose role or password changed, loses access at once in this process and within
    // Auth:UserStatusCacheSeconds in the others (UserStatusCache). The DbContext is created only when the check
    // reaches the database.
    private static async Task RejectStaleUserAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var services = context.HttpContext.RequestServices;
        var cache = services.GetRequiredService<UserStatusCache>();
        Func<TicketsDbContext> db = services.GetRequiredService<TicketsDbContext>;
        var id = int.TryParse(principal.FindFirst(TokenClaims.UserId)?.Value, out var parsed) ? parsed : 0;
        try
        {
            if (!await cache.IsCurrentAsync(id, principal.FindFirst(TokenClaims.SecurityStamp)?.Value, db, context.HttpContext.RequestAborted))
            {
                context.Fail("The user is inactive or the token was revoked.");
            }
        }
        catch (Exception ex) when (DatabaseFaults.IsUnavailable(ex))
        {
            // Not the token's fault: answered 503 by the challenge below, so clients keep their tokens and retry.
            context.HttpContext.Items[DatabaseFaultKey] = ex;
            context.Fail("The database is unavailable to check the user.");
        }
    }

    private const string DatabaseFaultKey = "ticketrouting.auth.database-fault";

    private static async Task AnswerUnavailableDatabaseAsync(JwtBearerChallengeContext context)
    {
        if (context.HttpContext.Items[DatabaseFaultKey] is not Exception fault)
        {
            return;
        }

        context.HandleResponse();
        DatabaseFaults.Recover(fault);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "1";
        await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable: please retry",
                Detail = "The database is unavailable; nothing was done.",
            },
        });
    }
}
