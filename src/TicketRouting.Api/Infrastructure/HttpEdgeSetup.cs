using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// What the service accepts at the edge, before any endpoint: Kestrel limits on headers and bodies, a
/// timeout per request (a slow client cannot hold a worker), and CORS for front ends on other origins.
/// </summary>
public static class HttpEdgeSetup
{
    public const string CorsSection = "Cors";

    /// <summary>Longest request target (path and query) the service answers; beyond it a 414 problem+json.</summary>
    public const int MaxRequestTargetBytes = 8 * 1024;

    // Kestrel answers a longer request line itself, with a bare 414 that the application never sees: its limit
    // is set well above ours, so that the usual too-long URL (up to this size) gets the service's problem+json.
    private const int KestrelMaxRequestLineBytes = 32 * 1024;

    public static WebApplicationBuilder AddTicketRoutingHttpEdge(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o =>
        {
            // Tickets are at most ~20 KB of text: refuse absurd bodies before reading them (413).
            o.Limits.MaxRequestBodySize = 1_000_000;
            // Kestrel's defaults, stated so that the README's numbers stay true: 431 beyond them (Kestrel's bare answer).
            o.Limits.MaxRequestHeaderCount = 100;
            o.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            o.Limits.MaxRequestLineSize = KestrelMaxRequestLineBytes;
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

    /// <summary>A request target over <see cref="MaxRequestTargetBytes"/>: 414 problem+json, before routing or authentication.</summary>
    public static WebApplication UseTicketRoutingRequestTargetLimit(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (target is null || target.Length <= MaxRequestTargetBytes)
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status414UriTooLong,
                    Title = "URI too long",
                    Detail = $"The request target (path and query) is {target.Length} bytes; the limit is {MaxRequestTargetBytes}.",
                },
            });
        });
        return app;
    }
}
