using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Tickets;

public sealed class SearchAndPagingTests : IntegrationTest
{
    private readonly List<Ticket> _tickets = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (string Subject, string Description, string Priority, string[] Tags, string Email)[] rows =
        [
            ("Facture fausse", "prélevé deux fois", "low", ["vip"], "a@example.com"),
            ("Invoice wrong", "charged twice on my card", "high", [], "b@example.com"),
            ("App crash", "the app crashes at startup", "critical", ["mobile", "vip"], "a@example.com"),
            ("Colis perdu", "ma commande n'est jamais arrivée", "medium", [], "c@example.com"),
            ("Mot de passe", "impossible de me connecter à mon compte", "high", ["mobile"], "b@example.com"),
            ("asdf", "qwerty", "low", [], "c@example.com"),
        ];
        foreach (var row in rows)
        {
            _tickets.Add(await Portal.SubmitAsync(row.Subject, row.Description,
                new { priority = row.Priority, tags = row.Tags, customer = new { email = row.Email } }));
        }
    }


    private async Task<TicketPage> SearchAsync(string query) => await Supervisor.GetJsonAsync<TicketPage>($"/api/ticket?{query}");

    [Fact]
    public async Task List_Default_NewestFirstWithTotal()
    {
        var page = await SearchAsync("");

        Assert.Equal(6, page.Total);
        Assert.Equal(_tickets.Select(t => t.Id).Reverse(), page.Items.Select(t => t.Id));
        Assert.Null(page.Links.Next);
        Assert.Null(page.Links.Previous);
    }

    [Fact]
    public async Task List_CombinedFilters_ReturnOnlyMatches()
    {
        var highOrCritical = await SearchAsync("priority=high,critical&sort=key&order=asc");
        Assert.Equal([_tickets[1].Id, _tickets[2].Id, _tickets[4].Id], highOrCritical.Items.Select(t => t.Id));

        var vipMobile = await SearchAsync("tag=VIP&priority=critical");
        Assert.Equal([_tickets[2].Id], vipMobile.Items.Select(t => t.Id));

        var billing = await SearchAsync($"department=billing&customerId={_tickets[0].Customer!.Id}");
        Assert.Equal([_tickets[0].Id], billing.Items.Select(t => t.Id));

        var text = await SearchAsync("q=CHARGED");
        Assert.Equal([_tickets[1].Id], text.Items.Select(t => t.Id));

        var review = await SearchAsync("needsReview=true");
        Assert.Equal([_tickets[5].Id], review.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_StatusAndAssigneeFilters_FollowChanges()
    {
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{_tickets[0].Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
        await (await Supervisor.PatchJsonAsync($"/api/ticket/{_tickets[1].Id}", new { status = "in_progress" })).ExpectAsync(HttpStatusCode.OK);

        var open = await SearchAsync("status=open&status=in_progress");
        Assert.Equal(5, open.Total);
        Assert.DoesNotContain(open.Items, t => t.Id == _tickets[0].Id);
        var closed = await SearchAsync("status=closed");
        Assert.Equal([_tickets[0].Id], closed.Items.Select(t => t.Id));
        var mine = await SearchAsync($"assigneeId={_tickets[2].Assignee!.Id}");
        Assert.Contains(mine.Items, t => t.Id == _tickets[2].Id);
        Assert.All(mine.Items, t => Assert.Equal(_tickets[2].Assignee!.Id, t.Assignee!.Id));
        Assert.Equal(0, (await SearchAsync("unassigned=true")).Total);
    }

    [Fact]
    public async Task List_SortByPriorityDescending_CriticalFirstThenNewest()
    {
        var page = await SearchAsync("sort=priority");

        Assert.Equal(["critical", "high", "high", "medium", "low", "low"], page.Items.Select(t => t.Priority));
        Assert.Equal(_tickets[4].Id, page.Items[1].Id);
    }

    [Fact]
    public async Task List_CreatedRange_FiltersByTime()
    {
        var after = _tickets[3].CreatedAt;

        var page = await SearchAsync($"createdFrom={Uri.EscapeDataString(after.ToString("O"))}&sort=key&order=asc");

        Assert.Equal(_tickets.Skip(3).Select(t => t.Id), page.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_Paging_LinksAndEdges()
    {
        var first = await SearchAsync("pageSize=4");
        Assert.Equal(4, first.Items.Count);
        Assert.NotNull(first.Links.Next);
        Assert.Null(first.Links.Previous);

        var last = await Supervisor.GetJsonAsync<TicketPage>(first.Links.Next!);
        Assert.Equal(2, last.Items.Count);
        Assert.Equal(2, last.Page);
        Assert.Null(last.Links.Next);
        Assert.Equal(6, first.Items.Concat(last.Items).Select(t => t.Id).Distinct().Count());

        var beyond = await SearchAsync("page=9&pageSize=4");
        Assert.Empty(beyond.Items);
        Assert.Equal(6, beyond.Total);
    }

    [Theory]
    [InlineData("pageSize=201")]
    [InlineData("pageSize=0")]
    [InlineData("page=0")]
    [InlineData("status=done")]
    [InlineData("priority=urgent")]
    [InlineData("sort=colour")]
    [InlineData("order=sideways")]
    [InlineData("page=abc")]
    public async Task List_InvalidQuery_Returns400(string query)
    {
        var response = await Supervisor.GetAsync($"/api/ticket?{query}");

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task List_Overdue_ReturnsOpenTicketsPastTheirDueTime()
    {
        await App.WithDbAsync(async db =>
        {
            var ticket = db.Tickets.Single(t => t.Id == _tickets[3].Id);
            ticket.DueAt = DateTimeOffset.UtcNow.AddHours(-1);
            return await db.SaveChangesAsync();
        });

        var overdue = await SearchAsync("overdue=true");

        Assert.Equal([_tickets[3].Id], overdue.Items.Select(t => t.Id));
        Assert.True(overdue.Items[0].Overdue);
    }
}
