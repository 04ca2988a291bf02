using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Data;
using Xunit.Abstractions;
using TicketEventTypes = TicketRouting.Data.Entities.TicketEventTypes;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Issue 11, faults: the API process killed with SIGKILL in the middle of a burst of submissions, then started
/// again on the same SQLite file. What was acknowledged must be there, whole, once; nothing may be half-written.
/// </summary>
public sealed class KillDuringBurstTests(ITestOutputHelper output)
{
    private const int BillingCapacity = 12; // 5 billing agents: 60 places, so the burst also fills the queue

    // The keyword rules route every "Facture" to billing and start at once (no text model to load).
    private static readonly (string, string)[] Settings = [("Routing__Classifier", "rules")];

    [Fact]
    public async Task Submit_ProcessKilledMidBurst_EveryAcknowledgedTicketIsThereOnceAndWhole_AfterRestart()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var acknowledged = new ConcurrentDictionary<string, Ticket>();
        var next = -1;
        var inFlight = 0; // sent and not yet answered, as the senders see it
        var lost = 0;     // sent before the kill and failed because the process died under them
        var killed = 0;
        var notAcknowledged = new ConcurrentQueue<string>();
        using (var api = ApiProcess.Start(database, key, Settings))
        {
            await api.WaitReadyAsync();
            var supervisor = await api.ClientForAsync(DevUsers.Supervisor);
            for (var id = 1; id <= 5; id++)
            {
                await (await supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity = BillingCapacity })).ExpectAsync(HttpStatusCode.OK);
            }

            var portal = await api.ClientForAsync(DevUsers.Portal);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 24).Select(async _ =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var subject = $"Facture burst {Interlocked.Increment(ref next)}";
                    Interlocked.Increment(ref inFlight);
                    var answered = false;
                    var beforeKill = Volatile.Read(ref killed) == 0;
                    try
                    {
                        using var response = await portal.PostAsJsonAsync("/api/ticket",
                            new { subject, description = "prélevé deux fois sur ma carte" }, CancellationToken.None);
                        answered = true;
                        Interlocked.Decrement(ref inFlight);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            acknowledged[subject] = (await response.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!;
                        }
                        else
                        {
                            notAcknowledged.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
                    {
                        // the process is gone: this one was never acknowledged
                        notAcknowledged.Enqueue($"{ex.GetType().Name} answered={answered} beforeKill={beforeKill}");
                        if (!answered)
                        {
                            Interlocked.Decrement(ref inFlight);
                            if (beforeKill)
                            {
                                Interlocked.Increment(ref lost);
                            }
                        }

                        await Task.Delay(20, CancellationToken.None);
                    }
                }
            }).ToList();

            // Kill while the burst is in full flow: requests in the queue, in a batch, and on the wire. The group
            // commit answers a whole batch at once, so wait for a moment when most senders are waiting on the server
            // (not between an answer and their next request).
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((acknowledged.Count < 120 || Volatile.Read(ref inFlight) < 16) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(acknowledged.Count < 120 ? 10 : 1);
            }

            Volatile.Write(ref killed, 1);
            api.KillNow();
            await stop.CancelAsync();
            await Task.WhenAll(senders);
            Assert.True(acknowledged.Count >= 120, $"only {acknowledged.Count} tickets acknowledged before the kill:\n{api.Output}");
            output.WriteLine($"{lost} requests sent before the kill failed with it; not acknowledged: {string.Join(" | ", notAcknowledged.Take(30))}");
            // Not asserted: the group commit answers whole batches, so the kill can land just after one whose answers
            // are already on the wire (seen in CI); the invariants below hold either way.
            output.WriteLine($"{next + 1 - acknowledged.Count} submissions were cut off by the kill");
        }

        using var restarted = ApiProcess.Start(database, key, Settings);
        output.WriteLine($"{next + 1} submissions sent, {acknowledged.Count} acknowledged (201) before SIGKILL");
        await restarted.WaitReadyAsync();
        await AssertAcknowledgedTicketsAreWholeAsync(database, acknowledged, output);
        await AssertNothingHalfWrittenAsync(database);

        var agents = await (await restarted.ClientForAsync(DevUsers.Supervisor)).GetJsonAsync<List<Agent>>("/api/agent");
        Assert.All(agents, a => Assert.True(a.OpenTickets <= a.Capacity, $"{a.Name}: {a.OpenTickets} open, capacity {a.Capacity}"));
        Assert.Equal(5 * BillingCapacity, agents.Where(a => a.Department.Slug == "billing").Sum(a => a.OpenTickets));

        // And the service answers normally: a new ticket is routed and kept.
        var portalAgain = await restarted.ClientForAsync(DevUsers.Portal);
        var created = await portalAgain.SubmitAsync("Facture après redémarrage", "prélevé deux fois");
        Assert.Equal("billing", created.Department.Slug);
        var history = await (await restarted.ClientForAsync(DevUsers.Supervisor)).GetJsonAsync<List<TicketEvent>>($"/api/ticket/{created.Id}/history");
        Assert.Contains(history, e => e.Type == "created");
    }

    /// <summary>Each acknowledged ticket (by its unique subject) is stored once, with its id, assignee, decision and history.</summary>
    internal static async Task AssertAcknowledgedTicketsAreWholeAsync(TestDatabase database, IDictionary<string, Ticket> acknowledged, ITestOutputHelper output)
    {
        await using var db = Open(database);
        var subjects = acknowledged.Keys.ToList();
        var stored = await db.Tickets.AsNoTracking().Where(t => subjects.Contains(t.Subject))
            .Select(t => new
            {
                t.Id,
                t.Subject,
                t.AssigneeId,
                Routed = t.Routing != null,
                Events = t.Events.Select(e => e.Type).ToList(),
            })
            .ToListAsync();

        output.WriteLine($"after restart: {await db.Tickets.CountAsync()} tickets stored, {stored.Count} of them acknowledged");
        Assert.Equal(acknowledged.Count, stored.Count); // each acknowledged subject once (subjects are unique)
        foreach (var ticket in stored)
        {
            var answer = acknowledged[ticket.Subject];
            Assert.Equal(answer.Id, ticket.Id);
            Assert.Equal(answer.Assignee?.Id, ticket.AssigneeId);
            Assert.True(ticket.Routed, $"{ticket.Subject}: no routing decision");
            Assert.Contains(TicketEventTypes.Created, ticket.Events);
            Assert.Contains(TicketEventTypes.Routed, ticket.Events);
            Assert.Contains(ticket.AssigneeId is null ? TicketEventTypes.Queued : TicketEventTypes.Assigned, ticket.Events);
        }
    }

    /// <summary>No ticket without decision or history, no history or decision without its ticket, no assignment without its event.</summary>
    internal static async Task AssertNothingHalfWrittenAsync(TestDatabase database)
    {
        await using var db = Open(database);
        var withoutDecision = await db.Tickets.CountAsync(t => t.Routing == null);
        var withoutHistory = await db.Tickets.CountAsync(t => !t.Events.Any(e => e.Type == TicketEventTypes.Created));
        var orphanEvents = await db.TicketEvents.CountAsync(e => !db.Tickets.Any(t => t.Id == e.TicketId));
        var orphanDecisions = await db.RoutingRecords.CountAsync(r => !db.Tickets.Any(t => t.Id == r.TicketId));
        var assignedWithoutEvent = await db.Tickets.CountAsync(t => t.AssigneeId != null
            && !t.Events.Any(e => e.Type == TicketEventTypes.Assigned || e.Type == TicketEventTypes.Reassigned));
        Assert.Equal((0, 0, 0, 0, 0), (withoutDecision, withoutHistory, orphanEvents, orphanDecisions, assignedWithoutEvent));
    }

    /// <summary>The test's SQLite file, unpooled (the API process may have died holding pooled handles).</summary>
    internal static SqliteTicketsDbContext Open(TestDatabase database) =>
        new(new DbContextOptionsBuilder<SqliteTicketsDbContext>().UseSqlite(database.ConnectionString + ";Pooling=False").Options);
}
