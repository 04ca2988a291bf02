using System.Diagnostics;
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

    /// <summary>The sum of a metric's samples whose labels include all of <paramref name="labels"/> (0 when none); label values may hold braces (routes).</summary>
    private static double Sample(string scrape, string metric, params (string Name, string Value)[] labels) =>
        Regex.Matches(scrape, $@"^{Regex.Escape(metric)}(?:\{{((?:""[^""]*""|[^}}""])*)\}})? (\S+)", RegexOptions.Multiline)
            .Where(m => labels.All(l => m.Groups[1].Value.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    /// <summary>Each metric of the README's Operations table, with its labels, moved by what it counts.</summary>
    [Fact]
    public async Task Metrics_EveryListedMetric_IsEmittedWithItsLabels_AndCountsWhatItSays()
    {
        var metrics = App.CreateClient();
        var admin = await App.ClientForAsync(DevUsers.Admin);
        var slug = $"ops-{Guid.NewGuid():N}"[..16]; // a department of this test only: no agents, so its tickets queue
        var department = await (await admin.PostAsJsonAsync("/api/department", new { slug, nameFr = "Exploitation", nameEn = "Operations" }))
            .Content.ReadFromJsonAsync<Department>(ApiClient.Json);
        var before = await metrics.GetStringAsync("/metrics");

        // Five wrong passwords: five failures, the fifth locks the account.
        for (var i = 0; i < 5; i++)
        {
            await (await App.CreateClient().PostAsJsonAsync("/api/token", new { DevUsers.TechnicalAgent.Username, password = $"wrong-{i}" }))
                .ExpectProblemAsync(HttpStatusCode.Unauthorized);
        }

        // A ticket nobody recognises: the fallback, flagged for review; then moved by hand to the new department.
        var unsure = await Portal.SubmitAsync("asdf qwerty", "asdf qwerty");
        Assert.True(unsure.Routing!.NeedsReview);
        await (await Supervisor.PostAsJsonAsync($"/api/ticket/{unsure.Id}/reassign", new { departmentId = department!.Id, reason = "ours" }))
            .ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.GetAsync("/api/ticket/TSK-999999/history")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var after = await metrics.GetStringAsync("/metrics");

        // Counters are process-wide and tests run in parallel: at least this test's own events.
        Assert.True(Sample(after, "ticketrouting_login_failures_total") >= Sample(before, "ticketrouting_login_failures_total") + 5);
        Assert.True(Sample(after, "ticketrouting_login_lockouts_total") >= Sample(before, "ticketrouting_login_lockouts_total") + 1);
        (string, string)[] general = [("department", "general"), ("classifier", unsure.Routing.Classifier)];
        Assert.True(Sample(after, "ticketrouting_tickets_routed_total", general) >= Sample(before, "ticketrouting_tickets_routed_total", general) + 1);
        Assert.True(Sample(after, "ticketrouting_tickets_needs_review_total", general) >= Sample(before, "ticketrouting_tickets_needs_review_total", general) + 1);
        Assert.Equal(1, Sample(after, "ticketrouting_tickets_reassigned_total", ("department", "general"), ("to_department", slug)));
        // Rate, latency and errors per route: the 404 of a known route is counted under its template. ASP.NET Core's meter
        // belongs to each app (other tests' apps come and go, their series with them), so this looks for the series, not a delta;
        // it is recorded when the request's context is disposed, which can be just after the client has the answer.
        (string, string)[] notFound = [("http_route", "/api/ticket/{id}/history"), ("http_request_method", "GET"), ("http_response_status_code", "404")];
        var waited = Stopwatch.StartNew();
        while (Sample(after, "http_server_request_duration_seconds_count", notFound) < 1 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
            after = await metrics.GetStringAsync("/metrics");
        }

        Assert.True(Sample(after, "http_server_request_duration_seconds_count", notFound) >= 1, "the 404 was not counted under its route");
        Assert.Matches("http_server_request_duration_seconds_bucket\\{[^}]*http_route=\"/api/ticket/\"", after); // POST /api/ticket

        // The per-department gauges read the last snapshot of the process (one app per process in production; here
        // other tests' apps count too): recount this app's and scrape until its department is the one shown.
        var snapshot = App.Service<TicketRouting.Api.Observability.WorkloadSnapshot>();
        for (var attempt = 0; ; attempt++)
        {
            await snapshot.RefreshAsync(CancellationToken.None);
            var scrape = await metrics.GetStringAsync("/metrics");
            if (Regex.IsMatch(scrape, $"ticketrouting_tickets_open\\{{[^}}]*department=\"{slug}\""))
            {
                Assert.Equal(1, Sample(scrape, "ticketrouting_tickets_open", ("department", slug)));
                Assert.Equal(1, Sample(scrape, "ticketrouting_queue_length", ("department", slug)));
                var info = Regex.Match(scrape, @"^ticketrouting_classifier_info\{([^}]*)\} (\S+)", RegexOptions.Multiline);
                Assert.Contains($"classifier=\"{unsure.Routing.Classifier}\"", info.Groups[1].Value);
                Assert.Matches("version=\"[^\"]+\"", info.Groups[1].Value);
                Assert.Equal("1", info.Groups[2].Value);
                break;
            }

            Assert.True(attempt < 50, "this app's snapshot never showed in /metrics");
        }
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
