using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace TicketRouting.Api.Tests.Infrastructure;

/// <summary>
/// TestServer has no TCP peer: this sets the connection's remote address from a test-only header
/// (<see cref="Header"/>), outermost in the pipeline, where Kestrel would have set it.
/// </summary>
public sealed class PeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    /// <summary>A client of <paramref name="app"/> whose requests may name their peer address in <see cref="Header"/>.</summary>
    public static HttpClient ClientFor(WebApplicationFactory<Program> app) =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.Insert(0, ServiceDescriptor.Singleton<IStartupFilter, PeerAddress>())))
            .CreateClient();

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((HttpContext context, Func<Task> nextMiddleware) =>
        {
            if (context.Request.Headers.TryGetValue(Header, out var peer))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                context.Request.Headers.Remove(Header);
            }

            return nextMiddleware();
        });
        next(app);
    };
}
