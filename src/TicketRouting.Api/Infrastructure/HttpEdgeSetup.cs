using Microsoft.AspNetCore.Http.Timeouts;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// What the service accepts at the edge, before any endpoint: Kestrel limits on headers and bodies, a
/// timeout per request (a slow client cannot hold a worker), and CORS for front ends on other origins.
/// </summary>
public static class HttpEdgeSetup
{
    public const string CorsSection = "Cors";

    public static WebApplicationBuilder AddTicketRoutingHttpEdge(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o =>
        {
            // Tickets are at most ~20 KB of text: refuse absurd bodies before reading them (413).
            o.Limits.MaxRequestBodySize = 1_000_000;
            // Kestrel's defaults, stated so that the README's numbers stay true: 431 beyond them, 414 for a long line.
            o.Limits.MaxRequestHeaderCount = 100;
            o.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            o.Limits.MaxRequestLineSize = 8 * 1024;
        });

        var seconds = builder.Configuration.GetValue("RequestTimeouts:Seconds", 30);
        builder.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(seconds),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });

        // None by default: a browser on another origin may call the API only if its origin is listed.
        var origins = builder.Configuration.GetSection($"{CorsSection}:AllowedOrigins").Get<string[]>() ?? [];
        builder.Services.AddCors(o => o.AddDefaultPolicy(policy =>
        {
            if (origins.Length > 0)
            {
                policy.WithOrigins(origins)
                    .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                    .WithHeaders("Authorization", "Content-Type")
                    .WithExposedHeaders("Location", "Retry-After")
                    .SetPreflightMaxAge(TimeSpan.FromMinutes(10));
            }
        }));
        return builder;
    }
}
