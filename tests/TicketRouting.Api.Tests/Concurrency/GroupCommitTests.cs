using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Group commit of POST /api/ticket: tickets that wait together are written by one transaction. To make the
/// batches certain, each test first holds the billing department's lock from another connection (as another
/// process would), so that the submissions pile up in the intake queue, then lets go.
/// Runs on SQLite, and on PostgreSQL when TICKETROUTING_TEST_POSTGRES is set.
/// </summary>
public sealed class GroupCommitTests : IntegrationTest
{
    // The burst repeats seven customers: the returning-customer rule may give one of them an agent one ticket above the
    // least loaded, by design; these tests check the batch's spread under the plain least-loaded rule.
    protected override Dictionary<string, string?> Settings => new() { ["Intake:MaxBatchSize"] = "8", ["Routing:StickyDays"] = "0" };

    [Fact]
    public async Task Submit_BurstLargerThanTheBatchBound_WritesEveryTicketWithItsHistoryAndKeepsSpreadAtMostOne()
    {
        await SetBillingCapacityAsync(1000);

        HttpStatusCode[] statuses;
        await using (var held = await HoldBillingLockAsync())
        {
            var burst = Enumerable.Range(0, 100).Select(i => SubmitAsync($"Facture {i} incorrecte", $"customer{i % 7}@example.com")).ToList();
            await Task.Delay(500);
            Assert.DoesNotContain(burst, t => t.IsCompleted); // nothing is answered before its commit
            await held.DisposeAsync();
            statuses = await Task.WhenAll(burst);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Created, s));
        var agents = await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.Equal(100, agents.Sum(a => a.OpenTickets));
        Assert.True(agents.Max(a => a.OpenTickets) - agents.Min(a => a.OpenTickets) <= 1);
        var (tickets, routings, events, customers) = await App.WithDbAsync(async db => (
            await db.Tickets.CountAsync(), await db.RoutingRecords.CountAsync(), await db.TicketEvents.CountAsync(),
            await db.Customers.CountAsync(c => c.Email.StartsWith("customer"))));
        Assert.Equal(100, tickets);
        Assert.Equal(100, routings);
        Assert.Equal(300, events); // created, routed, assigned
        Assert.Equal(7, customers); // one per address, although batches bring the same new customer several times
        await AssertWorkloadViewMatchesDatabaseAsync(agents);
    }

    [Fact]
    public async Task Submit_BatchWithATicketTheDatabaseRefuses_WritesTheOthersAndFailsOnlyThatOne()
    {
        await SetBillingCapacityAsync(1000);
        await App.WithDbAsync(RefusePoisonTicketsAsync);

        HttpResponseMessage[] responses;
        await using (var held = await HoldBillingLockAsync())
        {
            var batch = Enumerable.Range(0, 12)
                .Select(i => Portal.PostAsJsonAsync("/api/ticket", new
                {
                    subject = i == 5 ? "Facture poison" : $"Facture {i} incorrecte",
                    description = "J'ai été prélevé deux fois sur ma carte bancaire.",
                }))
                .ToList();
            await Task.Delay(500);
            await held.DisposeAsync();
            responses = await Task.WhenAll(batch);
        }

        await responses[5].ExpectProblemAsync(HttpStatusCode.InternalServerError);
        Assert.All(responses.Where((_, i) => i != 5), r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var stored = await App.WithDbAsync(db => db.Tickets.Select(t => t.Subject).ToListAsync());
        Assert.Equal(11, stored.Count);
        Assert.DoesNotContain("Facture poison", stored);
        Assert.Equal(33, await App.WithDbAsync(db => db.TicketEvents.CountAsync()));
        var agents = await Supervisor.GetJsonAsync<List<Agent>>("/api/agent?departmentId=1");
        Assert.Equal(11, agents.Sum(a => a.OpenTickets));
        Assert.True(agents.Max(a => a.OpenTickets) - agents.Min(a => a.OpenTickets) <= 1);
    }

    [Fact]
    public async Task Submit_KeyedBatchWithATicketTheDatabaseRefuses_StoresEveryWrittenTicketsKey_SoARetryReplaysIt()
    {
        await SetBillingCapacityAsync(1000);
        await App.WithDbAsync(RefusePoisonTicketsAsync);
        string Subject(int i) => i == 2 ? "Facture poison" : $"Facture {i} incorrecte";

        HttpResponseMessage[] responses;
        await using (var held = await HoldBillingLockAsync())
        {
            var batch = Enumerable.Range(0, 6).Select(i => PostKeyedAsync($"order-{i}", Subject(i))).ToList();
            await Task.Delay(500);
            await held.DisposeAsync();
            responses = await Task.WhenAll(batch);
        }

        // The batch failed on the poison ticket and the writer wrote the others one by one, each with its key row.
        await responses[2].ExpectProblemAsync(HttpStatusCode.InternalServerError);
        var firstBodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        var retries = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PostKeyedAsync($"order-{i}", Subject(i))));
        foreach (var i in new[] { 0, 1, 3, 4, 5 })
        {
            Assert.Equal(HttpStatusCode.Created, responses[i].StatusCode);
            Assert.Equal(HttpStatusCode.Created, retries[i].StatusCode);
            Assert.Equal("true", retries[i].Headers.GetValues(IdempotencyKeys.ReplayedHeader).Single());
            Assert.Equal(firstBodies[i], await retries[i].Content.ReadAsStringAsync());
        }

        await retries[2].ExpectProblemAsync(HttpStatusCode.InternalServerError); // nothing stored for it: tried again, refused again
        Assert.Equal((5, 5), await App.WithDbAsync(async db => (await db.Tickets.CountAsync(), await db.IdempotencyKeys.CountAsync())));
    }

    private Task<HttpResponseMessage> PostKeyedAsync(string key, string subject)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ticket")
        {
            Content = JsonContent.Create(new { subject, description = "J'ai été prélevé deux fois sur ma carte bancaire." }),
        };
        request.Headers.Add(IdempotencyKeys.Header, key);
        return Portal.SendAsync(request);
    }

    private async Task<HttpStatusCode> SubmitAsync(string subject, string email) =>
        (await Portal.PostAsJsonAsync("/api/ticket", new
        {
            subject,
            description = "J'ai été prélevé deux fois sur ma carte bancaire.",
            customer = new { email, name = "Client" },
        })).StatusCode;

    private async Task SetBillingCapacityAsync(int capacity)
    {
        for (var id = 1; id <= 5; id++)
        {
            await (await Supervisor.PatchJsonAsync($"/api/agent/{id}", new { capacity })).ExpectAsync(HttpStatusCode.OK);
        }
    }

    /// <summary>Holds the billing department's lock from another connection until disposed (see <see cref="HeldDepartmentLock"/>).</summary>
    private Task<HeldDepartmentLock> HoldBillingLockAsync() => HeldDepartmentLock.TakeAsync(App, 1);

    /// <summary>A database trigger that refuses tickets whose subject contains "poison" (a failure only the database sees).</summary>
    private static async Task<int> RefusePoisonTicketsAsync(TicketsDbContext db) => db.Provider == DatabaseProvider.Postgres
        ? await db.Database.ExecuteSqlRawAsync("""
            CREATE FUNCTION refuse_poison() RETURNS trigger AS $$
            BEGIN IF NEW."Subject" LIKE '%poison%' THEN RAISE EXCEPTION 'poison ticket'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER refuse_poison BEFORE INSERT ON "Tickets" FOR EACH ROW EXECUTE FUNCTION refuse_poison();
            """)
        : await db.Database.ExecuteSqlRawAsync("""
            CREATE TRIGGER refuse_poison BEFORE INSERT ON "Tickets" WHEN NEW."Subject" LIKE '%poison%'
            BEGIN SELECT RAISE(ABORT, 'poison ticket'); END;
            """);

    private async Task AssertWorkloadViewMatchesDatabaseAsync(List<Agent> agents)
    {
        var counted = await App.WithDbAsync(db => db.Tickets.Where(t => t.AssigneeId != null)
            .GroupBy(t => t.AssigneeId!.Value).ToDictionaryAsync(g => g.Key, g => g.Count()));
        Assert.All(agents, a => Assert.Equal(counted.GetValueOrDefault(a.Id), a.OpenTickets));
    }
}
