using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// PostgreSQL, several processes: a batch takes the departments another transaction holds only by waiting for them
/// when its tickets were already put off <c>Intake:MaxDeferrals</c> times; until then it writes the tickets of the free
/// departments and puts the others into the next batch. Another connection holding a department's lock plays the other
/// process. To make the batches certain, the writer is first held up on the technical department while the tickets
/// pile up in the intake queue; <c>Intake:MaxBatchSize</c> 2 makes each batch one billing and one technical ticket.
/// </summary>
public abstract class DepartmentDeferralTestBase(int maxDeferrals) : IntegrationTest
{
    protected const int Billing = 1;
    protected const int Technical = 2;

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Intake:MaxBatchSize"] = "2",
        ["Intake:MaxDeferrals"] = maxDeferrals.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Intake:LingerMilliseconds"] = "0",
        ["Routing:StickyDays"] = "0",
    };

    /// <summary>
    /// Holds billing's lock while a billing ticket and then six technical tickets wait in the queue in that order;
    /// returns them (not answered yet) with the lock, which the caller releases.
    /// </summary>
    protected async Task<(Task<HttpResponseMessage> Billing, List<Task<HttpResponseMessage>> Technical, HeldDepartmentLock Held, Task<HttpResponseMessage> First)> PileUpBehindHeldBillingAsync()
    {
        var heldTechnical = await HeldDepartmentLock.TakeAsync(App, Technical);
        var first = SubmitTechnicalAsync(0); // the writer waits for technical with this one
        await Task.Delay(500);
        var billing = Portal.PostAsJsonAsync("/api/ticket", new { subject = "Facture incorrecte", description = "Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois" });
        await Task.Delay(300);
        var technical = Enumerable.Range(1, 6).Select(SubmitTechnicalAsync).ToList();
        await Task.Delay(500);
        var heldBilling = await HeldDepartmentLock.TakeAsync(App, Billing);
        await heldTechnical.DisposeAsync(); // the writer goes on: billing is now held by "the other process"
        await first;
        return (billing, technical, heldBilling, first);
    }

    protected Task<HttpResponseMessage> SubmitTechnicalAsync(int i) => Portal.PostAsJsonAsync("/api/ticket", new
    {
        subject = $"App problem {i}",
        description = "The app crashes with an error when I open settings",
    });

    protected static async Task<int> CompletedWithinAsync(IEnumerable<Task<HttpResponseMessage>> requests, TimeSpan wait)
    {
        await Task.Delay(wait);
        return requests.Count(r => r.IsCompleted);
    }

    protected async Task AssertEveryTicketWrittenOnceAsync(IEnumerable<Task<HttpResponseMessage>> requests)
    {
        var responses = await Task.WhenAll(requests);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var departments = await Task.WhenAll(responses.Select(async r =>
            (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("department").GetProperty("slug").GetString()));
        Assert.Equal(1, departments.Count(d => d == "billing"));
        Assert.Equal(responses.Length - 1, departments.Count(d => d == "technical"));
        var (tickets, events) = await App.WithDbAsync(async db => (await db.Tickets.CountAsync(), await db.TicketEvents.CountAsync()));
        Assert.Equal(responses.Length, tickets);
        Assert.Equal(3 * responses.Length, events); // created, routed, assigned: each ticket once, the put-off one too
        foreach (var department in new[] { Billing, Technical })
        {
            var agents = await Supervisor.GetJsonAsync<List<Agent>>($"/api/agent?departmentId={department}");
            Assert.True(agents.Max(a => a.OpenTickets) - agents.Min(a => a.OpenTickets) <= 1);
        }
    }
}

public sealed class DepartmentDeferralTests() : DepartmentDeferralTestBase(maxDeferrals: 2)
{
    [PostgresFact]
    public async Task HeldDepartment_OtherDepartmentsAreWrittenMeanwhile_AndAfterMaxDeferralsTheWriterWaitsForIt()
    {
        var (billing, technical, held, first) = await PileUpBehindHeldBillingAsync();
        await using (held)
        {
            // Batches [billing, technical] twice: the technical ticket is written, billing is put off (1, then 2); the
            // third batch waits for billing's lock (MaxDeferrals 2), so the other four technical tickets wait too.
            Assert.Equal(2, await CompletedWithinAsync(technical, TimeSpan.FromSeconds(2)));
            Assert.False(billing.IsCompleted, "the billing ticket was answered while its department was held");
        }

        await AssertEveryTicketWrittenOnceAsync([first, billing, .. technical]);
    }
}

public sealed class DepartmentDeferralOffTests() : DepartmentDeferralTestBase(maxDeferrals: 0)
{
    [PostgresFact]
    public async Task MaxDeferralsZero_EveryBatchWaitsForEveryDepartmentOfItsTickets()
    {
        var (billing, technical, held, first) = await PileUpBehindHeldBillingAsync();
        await using (held)
        {
            Assert.Equal(0, await CompletedWithinAsync([billing, .. technical], TimeSpan.FromSeconds(2)));
        }

        await AssertEveryTicketWrittenOnceAsync([first, billing, .. technical]);
    }
}
