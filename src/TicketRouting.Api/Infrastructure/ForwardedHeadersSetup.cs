using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace TicketRouting.Api.Infrastructure;

/// <summary>
/// Behind a reverse proxy the client's address comes from X-Forwarded-For, but only when the request comes
/// from a proxy listed in <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR). None by default: a client cannot spoof the header to get a fresh rate-limit budget. This also
/// overrides the wide-open setup of <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, which trusts anyone.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static IServiceCollection AddTicketRoutingForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = (section.GetSection("KnownProxies").Get<string[]>() ?? []).Select(p => IPAddress.TryParse(p.Trim(), out var address) ? address : throw Invalid("KnownProxies", p)).ToList();
        var networks = (section.GetSection("KnownNetworks").Get<string[]>() ?? []).Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var network) ? network : throw Invalid("KnownNetworks", n)).ToList();
        services.PostConfigure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
            o.ForwardLimit = Math.Max(1, proxies.Count + networks.Count);
        });
        return services;
    }

    /// <summary>
    /// Applies the trusted proxies' headers, then puts the client's address (as the rate limiter sees it) into
    /// the logging scope of the request, so every log line of the request names it.
    /// </summary>
    public static WebApplication UseTicketRoutingForwardedHeaders(this WebApplication app)
    {
        app.UseForwardedHeaders();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ForwardedHeadersSetup));
        app.Use(async (context, next) =>
        {
            // A message-template scope: a ClientAddress property for structured providers, "ClientAddress:…" as text.
            using (logger.BeginScope("ClientAddress:{ClientAddress}", context.Connection.RemoteIpAddress?.ToString()))
            {
                await next(context);
            }
        });
        return app;
    }

    private static InvalidOperationException Invalid(string key, string text) =>
        new($"{Section}:{key} holds '{text}', which is not an IP address{(key == "KnownNetworks" ? " range (CIDR, e.g. 10.0.0.0/8)" : "")}.");
}
