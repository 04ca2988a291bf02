using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>Issue 11, observability: /metrics, and logs that carry the trace id and never a secret.</summary>
public sealed class ObservabilityTests : IntegrationTest
{
    // Counters are process-wide (tests run in parallel), so a test compares before and after.
    private async Task<double> RoutedAsync(string department)
    {
        var text = await App.CreateClient().GetStringAsync("/metrics");
        return Regex.Matches(text, @"^ticketrouting_tickets_routed_total\{([^}]*)\} (\S+)", RegexOptions.Multiline)
            .Where(m => m.Groups[1].Value.Contains($"department=\"{department}\""))
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Metrics_CountARoutedTicketUnderItsDepartment()
    {
        var before = await RoutedAsync("returns");

        var ticket = await Portal.SubmitAsync("Remboursement", "Je veux retourner le colis et être remboursé, retour produit");

        Assert.Equal("returns", ticket.Department.Slug);
        Assert.True(await RoutedAsync("returns") >= before + 1);
        var text = await App.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("ticketrouting_tickets_open{", text);
        Assert.Contains("ticketrouting_queue_length{", text);
        Assert.Matches("ticketrouting_classifier_info\\{[^}]*classifier=\"", text);
    }

    [Fact]
    public async Task Metrics_Disabled_IsNotServed()
    {
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Metrics:Enabled"] = "false" }, App.Database);

        await (await app.CreateClient().GetAsync("/metrics")).ExpectProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("127.0.0.1", HttpStatusCode.OK)]
    [InlineData("10.1.2.3", HttpStatusCode.OK)]
    [InlineData("203.0.113.9", HttpStatusCode.NotFound)]
    public async Task Metrics_AnsweredOnlyToAllowedNetworks(string peer, HttpStatusCode expected)
    {
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Metrics:AllowedNetworks:0"] = "127.0.0.0/8", ["Metrics:AllowedNetworks:1"] = "10.0.0.0/8" }, App.Database);
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Add(PeerAddress.Header, peer);

        var response = await PeerAddress.ClientFor(app).SendAsync(request);

        await response.ExpectAsync(expected);
    }

    [Fact]
    public async Task Logs_CarryTheTraceId_AndNeverAPasswordOrToken()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Logging:LogLevel:Default"] = "Trace" }, App.Database);
        await using var verbose = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = verbose.CreateClient();

        var login = await client.PostAsJsonAsync("/api/token", new { username = "portal", password = DevUsers.Portal.Password });
        var tokens = (await login.Content.ReadFromJsonAsync<TokenPair>())!;
        await client.PostAsJsonAsync("/api/token", new { username = "portal", password = "a-wrong-secret-guess" });
        var refreshed = (await (await client.PostAsJsonAsync("/api/token/refresh", new { refreshToken = tokens.RefreshToken }))
            .Content.ReadFromJsonAsync<TokenPair>())!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", refreshed.AccessToken);
        await client.SubmitAsync("Facture", "facture fausse");
        await client.GetAsync("/api/ticket/TSK-999999");

        var lines = logs.Lines;
        Assert.NotEmpty(lines);
        foreach (var secret in new[] { DevUsers.Portal.Password, "a-wrong-secret-guess", tokens.AccessToken, tokens.RefreshToken,
                     refreshed.AccessToken, refreshed.RefreshToken })
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.Contains("Routed TSK-", StringComparison.Ordinal) && Regex.IsMatch(l, "TraceId:[0-9a-f]{32}"));
    }
}
