using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>Finding 4 of issue 11: the rate limiter sees the client's address, and only trusted proxies may tell it.</summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string TrustedProxy = "10.0.0.1";
    private TicketRoutingApp _host = null!;
    private WebApplicationFactoryWithPeer _app = null!;

    public async Task InitializeAsync()
    {
        _host = await TicketRoutingApp.StartAsync(new()
        {
            ["Auth:TokenRequestsPerMinute"] = "3",
            ["ForwardedHeaders:KnownProxies:0"] = TrustedProxy,
            ["FORWARDEDHEADERS_ENABLED"] = "true", // ASPNETCORE_FORWARDEDHEADERS_ENABLED: on its own it trusts anyone
        });
        _app = new WebApplicationFactoryWithPeer(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<HttpStatusCode> LoginFromAsync(string peer, string? forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/token")
        {
            Content = JsonContent.Create(new { username = "admin", password = "wrong" }),
        };
        request.Headers.Add(PeerAddress.Header, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return (await _app.Client.SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task SpoofedForwardedFor_FromAnUntrustedPeer_DoesNotDodgeTheRateLimit()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await LoginFromAsync("203.0.113.7", $"198.51.100.{i}"));
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync("203.0.113.8", null)); // another client, its own budget
    }

    [Fact]
    public async Task ForwardedFor_FromTheTrustedProxy_GivesEachClientItsOwnBudget()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(TrustedProxy, "198.51.100.1"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFromAsync(TrustedProxy, "198.51.100.1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(TrustedProxy, "198.51.100.2"));
    }

    /// <summary>TestServer has no TCP peer: this sets the connection's remote address from a test-only header, before the app runs.</summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

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

    private sealed class WebApplicationFactoryWithPeer(TicketRoutingApp host)
    {
        public HttpClient Client { get; } = host.WithWebHostBuilder(b => b.ConfigureTestServices(
                s => s.Insert(0, ServiceDescriptor.Singleton<IStartupFilter, PeerAddress>()))) // outermost, like a real TCP peer
            .CreateClient();
    }
}
