using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Data;
using Xunit.Abstractions;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Issue 11, graceful shutdown: SIGTERM to the API process in the middle of a burst of submissions. Requests it
/// took finish (201, or 503 for those still waiting for the writer), nothing is committed without its answer,
/// background work stops without an error, and the process exits 0 within the host's shutdown timeout (30 s).
/// </summary>
public sealed class ShutdownDuringBurstTests(ITestOutputHelper output)
{
    private static readonly (string, string)[] Settings = [("Routing__Classifier", "rules")];
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30); // HostOptions.ShutdownTimeout's default

    [Fact]
    public async Task Sigterm_DuringABurst_FinishesWhatItTook_CommitsNothingUnanswered_AndExitsCleanly()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var acknowledged = new ConcurrentDictionary<string, Ticket>();
        var otherAnswers = new ConcurrentQueue<(HttpStatusCode Status, string? MediaType)>();
        var refused = 0;
        var next = -1;
        TimeSpan stoppedAfter;
        int exitCode;
        Uri address;
        using (var api = ApiProcess.Start(database, Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)), Settings))
        {
            address = api.Address;
            await api.WaitReadyAsync();
            var portal = await api.ClientForAsync(DevUsers.Portal);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 16).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var subject = $"Facture arrêt {Interlocked.Increment(ref next)}";
                    try
                    {
                        using var response = await portal.PostAsJsonAsync("/api/ticket",
                            new { subject, description = "prélevé deux fois sur ma carte" }, CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[subject] = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
                        }
                        else
                        {
                            otherAnswers.Enqueue((response.StatusCode, response.Content.Headers.ContentType?.MediaType));
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref refused); // the listener is closed: refused, never taken
                        await Task.Delay(20, CancellationToken.None);
                    }
                }
            }).ToList();

            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (acknowledged.Count < 100 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            Assert.True(acknowledged.Count >= 100, $"only {acknowledged.Count} tickets acknowledged before SIGTERM:\n{api.Output}");
            var clock = Stopwatch.StartNew();
            api.Terminate();
            exitCode = await api.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(15));
            stoppedAfter = clock.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(senders);
            Assert.Empty(api.Errors); // background services (outbox, maintenance, metrics, training) stopped without an error
        }

        output.WriteLine($"{next + 1} sent, {acknowledged.Count} acknowledged, {otherAnswers.Count} other answers " +
            $"({string.Join(", ", otherAnswers.Select(a => (int)a.Status).Distinct())}), {refused} refused; exit {exitCode} after {stoppedAfter}");
        Assert.Equal(0, exitCode);
        Assert.True(stoppedAfter < ShutdownTimeout, $"the process took {stoppedAfter} to stop");
        // Whatever was not a 201 is a 503 problem+json (waiting for the writer when the stop came): never a 500.
        Assert.All(otherAnswers, a => Assert.Equal((HttpStatusCode.ServiceUnavailable, "application/problem+json"), (a.Status, a.MediaType)));
        using (var after = new HttpClient { BaseAddress = address })
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync("/health/live")); // the listener is gone
        }

        // In-flight requests finished: every committed ticket's 201 reached its client, and each is whole.
        await KillDuringBurstTests.AssertAcknowledgedTicketsAreWholeAsync(database, acknowledged, output);
        await KillDuringBurstTests.AssertNothingHalfWrittenAsync(database);
        await using var db = KillDuringBurstTests.Open(database);
        Assert.Equal(acknowledged.Count, await db.Tickets.CountAsync(t => t.Subject.StartsWith("Facture arrêt")));
    }
}
