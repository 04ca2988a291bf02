using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Review;

/// <summary>GET /api/review and POST /api/review/{id}/confirm, the console's review queue.</summary>
public sealed class ReviewQueueTests : IntegrationTest
{
    // The keyword rules alone: a ticket without any keyword is certainly unsure.
    protected override Dictionary<string, string?> Settings => new() { ["Routing:Classifier"] = "rules" };

    private sealed record ReviewPage(List<Ticket> Items, int Total);

    [Fact]
    public async Task ReviewQueue_ListsUnsureOpenTicketsOldestFirst_AndNotConfidentOnes()
    {
        var first = await Portal.SubmitAsync("Hello", "Hi there");
        var confident = await Portal.SubmitAsync("Facture", "Ma facture est fausse, prélevé deux fois");
        var second = await Portal.SubmitAsync("Bonjour", "Une question");

        var page = await Supervisor.GetJsonAsync<ReviewPage>("/api/review");

        Assert.True(first.Routing!.NeedsReview && second.Routing!.NeedsReview && !confident.Routing!.NeedsReview);
        Assert.Equal([first.Key, second.Key], page.Items.Select(t => t.Key));
        Assert.Equal(2, page.Total);
    }

    [Fact]
    public async Task Confirm_RecordsTheReviewAndTakesTheTicketOutOfTheQueue_Once()
    {
        var ticket = await Portal.SubmitAsync("Hello", "Hi there");

        var confirmed = await Supervisor.PostAsJsonAsync($"/api/review/{ticket.Key}/confirm", new { reason = "A greeting: Customer Care is right" });
        var again = await Supervisor.PostAsJsonAsync($"/api/review/{ticket.Key}/confirm", new { });

        await confirmed.ExpectAsync(HttpStatusCode.OK);
        await again.ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, (await Supervisor.GetJsonAsync<ReviewPage>("/api/review")).Total);
        var history = await Supervisor.GetJsonAsync<List<TicketEvent>>($"/api/ticket/{ticket.Id}/history");
        var reviewed = Assert.Single(history, e => e.Type == "reviewed");
        Assert.Equal(("supervisor", "general", "A greeting: Customer Care is right"), (reviewed.Actor, reviewed.To, reviewed.Reason));
        Assert.True((await Supervisor.GetJsonAsync<Ticket>($"/api/ticket/{ticket.Id}")).Routing!.NeedsReview, "the classifier's decision is kept as it was");
    }

    [Fact]
    public async Task Reassign_TakesTheTicketOutOfTheQueue()
    {
        var ticket = await Portal.SubmitAsync("Hello", "Hi there");

        var moved = await Supervisor.PostAsJsonAsync($"/api/ticket/{ticket.Id}/reassign", new { departmentId = 1, reason = "About an invoice" });

        await moved.ExpectAsync(HttpStatusCode.OK);
        Assert.Empty((await Supervisor.GetJsonAsync<ReviewPage>("/api/review")).Items);
        await (await Supervisor.PostAsJsonAsync($"/api/review/{ticket.Id}/confirm", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Review_UnknownTicketNotFlaggedBadPagingOrAgent_IsRefused()
    {
        var confident = await Portal.SubmitAsync("Facture", "Ma facture est fausse, prélevé deux fois");
        var agent = await App.ClientForAsync(DevUsers.BillingAgent);

        await (await Supervisor.PostAsJsonAsync("/api/review/TSK-99999/confirm", new { })).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PostAsJsonAsync($"/api/review/{confident.Id}/confirm", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);
        var tooLong = await Supervisor.PostAsJsonAsync($"/api/review/{confident.Id}/confirm", new { reason = new string('x', 1001) });
        var problem = await tooLong.ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _), problem.ToString());
        await (await Supervisor.GetAsync("/api/review?pageSize=0")).ExpectProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/review")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/review/{confident.Id}/confirm", new { })).StatusCode);
    }
}
