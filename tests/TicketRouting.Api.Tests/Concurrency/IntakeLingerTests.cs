using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// The intake writer's linger (<c>Intake:LingerMinBatch</c>, <c>Intake:LingerMilliseconds</c>): under load a small batch
/// waits for more tickets; a lone ticket at a quiet time does not wait. The linger is set to 10 s here so that waiting
/// and not waiting cannot be confused on a slow machine. Runs on SQLite, and on PostgreSQL when
/// TICKETROUTING_TEST_POSTGRES is set.
/// </summary>
public sealed class IntakeLingerTests : IntegrationTest
{
    private static readonly TimeSpan Linger = TimeSpan.FromSeconds(10);

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Intake:LingerMinBatch"] = "4",
        ["Intake:LingerMilliseconds"] = Linger.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Routing:StickyDays"] = "0",
    };

    [Fact]
    public async Task LoneTickets_AtAQuietTime_AreWrittenWithoutWaitingForTheLinger()
    {
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.Created, await SubmitAsync($"Facture {i} incorrecte"));
            Assert.True(clock.Elapsed < Linger / 2, $"a lone ticket took {clock.Elapsed} (the linger is {Linger})");
        }
    }

    [Fact]
    public async Task UnderLoad_ASmallBatchWaitsForMoreTickets_AndIsWrittenOnceItHoldsLingerMinBatch()
    {
        // Load: while another connection holds the billing lock, the writer blocks on a batch of one and the next two
        // tickets pile up behind it; they are written together, a batch of more than one.
        await using (var held = await HoldBillingLockAsync())
        {
            var first = SubmitAsync("Facture 1 incorrecte");
            await Task.Delay(300);
            var pile = new[] { SubmitAsync("Facture 2 incorrecte"), SubmitAsync("Facture 3 incorrecte") };
            await Task.Delay(500);
            await held.DisposeAsync();
            Assert.All(await Task.WhenAll([first, .. pile]), s => Assert.Equal(HttpStatusCode.Created, s));
        }

        // Now one ticket waits for three more (LingerMinBatch 4) instead of being written alone ...
        var clock = Stopwatch.StartNew();
        var lingering = SubmitAsync("Facture 4 incorrecte");
        await Task.Delay(1000);
        Assert.False(lingering.IsCompleted, "the small batch was written without waiting for more tickets");
        Assert.Equal(3, await App.WithDbAsync(db => db.Tickets.CountAsync()));

        // ... and the batch is written as soon as it holds four, long before the linger is over.
        var more = Enumerable.Range(5, 3).Select(i => SubmitAsync($"Facture {i} incorrecte")).ToList();
        Assert.All(await Task.WhenAll([lingering, .. more]), s => Assert.Equal(HttpStatusCode.Created, s));
        Assert.True(clock.Elapsed < Linger / 2, $"the batch of four took {clock.Elapsed} (the linger is {Linger})");
        Assert.Equal(7, await App.WithDbAsync(db => db.Tickets.CountAsync()));
    }

    private async Task<HttpStatusCode> SubmitAsync(string subject) =>
        (await Portal.PostAsJsonAsync("/api/ticket", new { subject, description = "J'ai été prélevé deux fois sur ma carte bancaire." })).StatusCode;

    /// <summary>Holds the billing department's lock from another connection until disposed (see <see cref="HeldDepartmentLock"/>).</summary>
    private Task<HeldDepartmentLock> HoldBillingLockAsync() => HeldDepartmentLock.TakeAsync(App, 1);
}
