using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Service;

/// <summary>
/// Tests that read series ASP.NET Core's own meters feed into /metrics. Those meters belong to each app, and OpenTelemetry's
/// listener is process-wide: when another test's app is disposed while this one scrapes, the series it shared can be
/// dropped from this app's exporter (one app per process in production, so only a test artifact). The collection runs on
/// its own, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(MetricsScrapeCollection), DisableParallelization = true)]
public sealed class MetricsScrapeCollection;

/// <summary>Issue 11, observability: every metric of the README's Operations table.</summary>
[Collection(nameof(MetricsScrapeCollection))]
public sealed class ListedMetricsTests : IntegrationTest
{
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
            await (await Supervisor.GetAsync("/api/ticket/TSK-999999/history")).ExpectProblemAsync(HttpStatusCode.NotFound);
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
}
