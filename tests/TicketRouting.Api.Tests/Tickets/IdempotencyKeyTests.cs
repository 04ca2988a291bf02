using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Api.Tickets;

namespace TicketRouting.Api.Tests.Tickets;

/// <summary>
/// Idempotency-Key on POST /api/ticket (issue 14): a portal's retry gets the first answer back, never a second
/// ticket. These run on SQLite, and on PostgreSQL when TICKETROUTING_TEST_POSTGRES is set (as every test here).
/// </summary>
public sealed class IdempotencyKeyTests : IntegrationTest
{
    private static readonly object Body = new
    {
        subject = "Facture de mars",
        description = "Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois",
        customer = new { email = "paul@example.org", name = "Paul" },
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/ticket") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation(IdempotencyKeys.Header, key);
        return client.SendAsync(request);
    }

    private Task<int> CountAsync(string subject) =>
        App.WithDbAsync(db => db.Tickets.IgnoreQueryFilters().CountAsync(t => t.Subject == subject));

    private Task<int> AgeKeysAsync(TimeSpan age) => App.WithDbAsync(db =>
        db.IdempotencyKeys.ExecuteUpdateAsync(s => s.SetProperty(k => k.CreatedAt, DateTimeOffset.UtcNow - age)));

    [Fact]
    public async Task Post_SameKeyAndBodyTwice_ReplaysTheFirstAnswerWithoutASecondTicket()
    {
        var first = await PostAsync(Portal, "order-4711-attempt", Body);
        var firstBody = await first.Content.ReadAsStringAsync();
        var second = await PostAsync(Portal, "order-4711-attempt", Body);

        await first.ExpectAsync(HttpStatusCode.Created);
        await second.ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.False(first.Headers.Contains(IdempotencyKeys.ReplayedHeader));
        Assert.Equal("true", second.Headers.GetValues(IdempotencyKeys.ReplayedHeader).Single());
        Assert.Equal(1, await CountAsync("Facture de mars"));
        var ticket = JsonSerializer.Deserialize<Ticket>(firstBody, ApiClient.Json)!;
        var history = await Supervisor.GetJsonAsync<List<JsonElement>>($"/api/ticket/{ticket.Id}/history");
        Assert.Single(history, e => e.GetProperty("type").GetString() == "routed");
    }

    [Fact]
    public async Task Post_SameKeyOtherBody_Is422ProblemAndWritesNothing()
    {
        await (await PostAsync(Portal, "k-1", Body)).ExpectAsync(HttpStatusCode.Created);

        var problem = await (await PostAsync(Portal, "k-1", new { subject = "Autre chose", description = "Un autre message" }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Contains("different request body", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await CountAsync("Autre chose"));
    }

    [Fact]
    public async Task Post_TwentyConcurrentDuplicates_CreateOneTicketAndAllGetIt()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(Portal, "burst-key", Body)));

        foreach (var response in responses)
        {
            await response.ExpectAsync(HttpStatusCode.Created);
        }

        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Equal(1, await CountAsync("Facture de mars"));
        Assert.Equal(19, responses.Count(r => r.Headers.Contains(IdempotencyKeys.ReplayedHeader)));
        Assert.Equal(1, await App.WithDbAsync(db => db.IdempotencyKeys.CountAsync()));
    }

    [Fact]
    public async Task Post_ConcurrentDuplicatesWithDifferentBodies_OneTicketOthers422()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            PostAsync(Portal, "mixed-key", new { subject = $"Colis {i}", description = "Mon colis n'est jamais arrivé" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode));
        Assert.Equal(1, await App.WithDbAsync(db => db.Tickets.CountAsync(t => t.Subject.StartsWith("Colis "))));
    }

    [Fact]
    public async Task Post_SameKeyFromAnotherPortal_GetsItsOwnTicket()
    {
        var admin = await App.ClientForAsync(DevUsers.Admin);
        await (await admin.PostAsJsonAsync("/api/user", new { username = "portal2", password = "second-portal-password", role = "portal" }))
            .ExpectAsync(HttpStatusCode.Created);
        var other = await App.ClientForAsync(("portal2", "second-portal-password"));

        var mine = await (await PostAsync(Portal, "shared-key", Body)).Content.ReadFromJsonAsync<Ticket>(ApiClient.Json);
        var theirs = await PostAsync(other, "shared-key", Body);

        await theirs.ExpectAsync(HttpStatusCode.Created);
        Assert.False(theirs.Headers.Contains(IdempotencyKeys.ReplayedHeader));
        Assert.NotEqual(mine!.Id, (await theirs.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!.Id);
        Assert.Equal(2, await CountAsync("Facture de mars"));
    }

    [Fact]
    public async Task Post_KeyOlderThanIdempotencyHours_CreatesANewTicketAndCleanupDeletesOldKeys()
    {
        var first = await (await PostAsync(Portal, "old-key", Body)).Content.ReadFromJsonAsync<Ticket>(ApiClient.Json);
        // The key's first answer was 25 hours ago (Intake:IdempotencyHours is 24 by default).
        await AgeKeysAsync(TimeSpan.FromHours(25));

        var again = await PostAsync(Portal, "old-key", Body);

        await again.ExpectAsync(HttpStatusCode.Created);
        Assert.NotEqual(first!.Id, (await again.Content.ReadFromJsonAsync<Ticket>(ApiClient.Json))!.Id);
        Assert.Equal(2, await CountAsync("Facture de mars"));
        Assert.Equal(1, await App.WithDbAsync(db => db.IdempotencyKeys.CountAsync()));

        await AgeKeysAsync(TimeSpan.FromHours(25));
        Assert.Equal(1, await App.Service<IdempotencyCleanup>().RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await App.WithDbAsync(db => db.IdempotencyKeys.CountAsync()));
    }

    [Theory]
    [InlineData("del\u007fkey")]
    [InlineData("clé-accentuée")]
    [InlineData("tab\there")]
    public async Task Post_BadKey_Is400AndWritesNothing(string key)
    {
        var problem = await (await PostAsync(Portal, key, Body)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(IdempotencyKeys.Header, out _));
        Assert.Equal(0, await CountAsync("Facture de mars"));
    }

    [Fact]
    public async Task Post_KeyLongerThan128_Is400()
    {
        await (await PostAsync(Portal, new string('k', 129), Body)).ExpectProblemAsync(HttpStatusCode.BadRequest);
        await (await PostAsync(Portal, new string('k', 128), Body)).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Post_DuplicatesThroughTwoInstancesOnOneDatabase_CreateOneTicket()
    {
        var settings = new Dictionary<string, string?> { ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) };
        await using var a = await TicketRoutingApp.StartAsync(settings, App.Database);
        await using var b = await TicketRoutingApp.StartAsync(settings, App.Database);
        var portalA = await a.ClientForAsync(DevUsers.Portal);
        var portalB = await b.ClientForAsync(DevUsers.Portal);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PostAsync(i % 2 == 0 ? portalA : portalB, "two-process-key", Body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single((await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
        Assert.Equal(1, await CountAsync("Facture de mars"));
    }
}
