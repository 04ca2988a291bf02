using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Issue 11, faults: the PostgreSQL server stopped and started again under a running service. It needs a
/// server of its own, so stopping it cannot fail other tests that run in parallel: <c>.ci/run</c> starts a
/// second small cluster and sets <see cref="ServerVariable"/> (its connection string) and
/// <see cref="ControlVariable"/> (a command taking <c>stop</c> or <c>start</c>).
/// </summary>
public sealed class PostgresOutageTests
{
    public const string ServerVariable = "TICKETROUTING_TEST_POSTGRES_FAULT";
    public const string ControlVariable = "TICKETROUTING_TEST_POSTGRES_FAULT_CTL";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // Database:WaitSeconds = 3, plus slack for a busy machine

    [OutageFact]
    public async Task ServerStopped_WritesAndReads503WithRetryAfter_LiveHealthy_ReadyNot_ThenRecoversWithoutRestart()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable)!;
        await using var database = await TestDatabase.CreatePostgresAsync(server);
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Database:WaitSeconds"] = "3", ["Auth:TokenRequestsPerMinute"] = "1000" }, database);
        var portal = await app.ClientForAsync(DevUsers.Portal);
        var supervisor = await app.ClientForAsync(DevUsers.Supervisor);
        var anonymous = app.CreateClient();
        await portal.SubmitAsync("Facture avant la panne", "prélevé deux fois");

        await ControlAsync("stop");
        try
        {
            var answers = new List<HttpResponseMessage>();
            foreach (var request in Requests())
            {
                var clock = Stopwatch.StartNew();
                var response = await request(portal, supervisor, anonymous);
                Assert.True(clock.Elapsed < Bound, $"{response.RequestMessage!.RequestUri} took {clock.Elapsed}");
                answers.Add(response);
            }

            foreach (var answer in answers)
            {
                var problem = await answer.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable);
                Assert.NotNull(answer.Headers.RetryAfter);
                Assert.Equal(503, problem.GetProperty("status").GetInt32());
            }

            var live = Stopwatch.StartNew();
            await (await anonymous.GetAsync("/health/live")).ExpectAsync(HttpStatusCode.OK);
            Assert.True(live.Elapsed < TimeSpan.FromSeconds(2), $"liveness took {live.Elapsed}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            await ControlAsync("start");
        }

        // Back without a restart of the service: the pool drops its dead connections and opens new ones.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await anonymous.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "/health/ready still unhealthy 30 s after PostgreSQL came back");
            await Task.Delay(250);
        }

        var after = await portal.SubmitAsync("Facture après la panne", "prélevé deux fois");
        Assert.Equal("billing", after.Department.Slug);
        await (await anonymous.PostAsJsonAsync("/api/token", new { DevUsers.BillingAgent.Username, DevUsers.BillingAgent.Password })).ExpectAsync(HttpStatusCode.OK);
        var page = await supervisor.GetJsonAsync<TicketPage>("/api/ticket?pageSize=50");
        // Nothing half-written by the requests that failed: the two tickets that got their 201, each routed.
        Assert.Equal(["Facture après la panne", "Facture avant la panne"], page.Items.Select(t => t.Subject).Order());
        var unrouted = await app.WithDbAsync(db => db.Tickets.CountAsync(t => t.Routing == null || !t.Events.Any()));
        Assert.Equal(0, unrouted);
    }

    private static IEnumerable<Func<HttpClient, HttpClient, HttpClient, Task<HttpResponseMessage>>> Requests() =>
    [
        (portal, _, _) => portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture pendant la panne", description = "prélevé deux fois" }),
        (_, supervisor, _) => supervisor.GetAsync("/api/ticket"),
        (_, supervisor, _) => supervisor.PatchJsonAsync("/api/agent/1", new { capacity = 30 }),
        (_, _, anonymous) => anonymous.PostAsJsonAsync("/api/token", new { DevUsers.BillingAgent.Username, DevUsers.BillingAgent.Password }),
    ];

    private static async Task ControlAsync(string action)
    {
        var control = Environment.GetEnvironmentVariable(ControlVariable)!;
        using var process = Process.Start(new ProcessStartInfo(control, [action]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{control} {action} failed ({process.ExitCode}): {output}");
    }

    private sealed class OutageFactAttribute : FactAttribute
    {
        public OutageFactAttribute()
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ServerVariable)) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ControlVariable)))
            {
                Skip = $"No PostgreSQL server of its own to stop: set {ServerVariable} (connection string) and {ControlVariable} " +
                    "(a command taking stop|start), as .ci/run does with a second throwaway cluster.";
            }
        }
    }
}
