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
            o.Events = new JwtBearerEvents { OnTokenValidated = RejectStaleUserAsync };
        });
        return services;
    }

    // A deactivated user, or one whose role or password changed, loses access at once.
    private static async Task RejectStaleUserAsync(TokenValidatedContext context)
    {
        var principal = context.Principal!;
        var cache = context.HttpContext.RequestServices.GetRequiredService<UserStatusCache>();
        var db = context.HttpContext.RequestServices.GetRequiredService<TicketsDbContext>();
        var id = int.TryParse(principal.FindFirst(TokenClaims.UserId)?.Value, out var parsed) ? parsed : 0;
        if (!await cache.IsCurrentAsync(id, principal.FindFirst(TokenClaims.SecurityStamp)?.Value, db, context.HttpContext.RequestAborted))
        {
            context.Fail("The user is inactive or the token was revoked.");
        }
    }
}
