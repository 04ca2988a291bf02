using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>Finding 4 of issue 11: the rate limiter sees the client's address, and only trusted proxies may tell it.</summary>
public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private const string TrustedProxy = "10.0.0.1";
    private TicketRoutingApp _host = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _host = await TicketRoutingApp.StartAsync(new()
        {
            ["Auth:TokenRequestsPerMinute"] = "3",
            ["ForwardedHeaders:KnownProxies:0"] = TrustedProxy,
            ["FORWARDEDHEADERS_ENABLED"] = "true", // ASPNETCORE_FORWARDEDHEADERS_ENABLED: on its own it trusts anyone
        });
        _client = PeerAddress.ClientFor(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpStatusCode> LoginFromAsync(string peer, string? forwardedFor, string username = "admin") =>
        LoginFromAsync(_client, peer, forwardedFor, username);

    private static async Task<HttpStatusCode> LoginFromAsync(HttpClient client, string peer, string? forwardedFor, string username)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/token")
        {
            Content = JsonContent.Create(new { username, password = "wrong" }),
        };
        request.Headers.Add(PeerAddress.Header, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return (await client.SendAsync(request)).StatusCode;
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

    [Fact]
    public async Task Logs_NameTheClientsAddress_TakenFromTheTrustedProxyOnly()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TicketRoutingApp.StartAsync(new()
        {
            ["ForwardedHeaders:KnownProxies:0"] = TrustedProxy,
            ["Logging:LogLevel:Default"] = "Information",
        }, _host.Database);
        var client = PeerAddress.ClientFor(app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs))));

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(client, TrustedProxy, "198.51.100.1", "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(client, "203.0.113.7", "198.51.100.99", "supervisor"));

        var lines = logs.Lines;
        Assert.Contains(lines, l => l.Contains("Login failed for admin", StringComparison.Ordinal) && l.Contains("ClientAddress:198.51.100.1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Login failed for supervisor", StringComparison.Ordinal) && l.Contains("ClientAddress:203.0.113.7", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("ClientAddress:198.51.100.99", StringComparison.Ordinal)); // the spoofed one
    }
}
