namespace TicketRouting.Console.Tests;

/// <summary>A supervisor's day in the console, in a real chromium against the real service.</summary>
public sealed class SupervisorConsoleTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task SignIn_WithLabelledFields_LandsOnWorkloadBoardWithEveryAgent()
    {
        var page = await fixture.SignInAsync(DevUsers.Supervisor);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/board$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workload", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing & Payments" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-agent]")).ToHaveCountAsync(35);
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "Camille Bernard" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task WorkloadBoard_TicketPostedThroughApi_UpdatesTheAgentsRowWithoutReload()
    {
        var page = await fixture.SignInAsync(DevUsers.Supervisor);
        await Expect(page.Locator("tr[data-agent]")).ToHaveCountAsync(35);
        await page.EvaluateAsync("() => window.sameDocument = true");

        var ticket = await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Facture de mars", "Ma facture de mars est fausse, prélevé deux fois");
        var agentId = ticket.GetProperty("assignee").GetProperty("id").GetInt32();
        var agent = await (await fixture.ApiAsync(DevUsers.Supervisor)).GetJsonAsync($"/api/agent/{agentId}");

        var row = page.Locator($"tr[data-agent='{agentId}']");
        await Expect(row).ToContainTextAsync($"{agent.GetProperty("openTickets").GetInt32()} / {agent.GetProperty("capacity").GetInt32()}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the board reloaded the page");
    }

    [Fact]
    public async Task WorkloadBoard_ToggleAvailabilityAndEditCapacity_AreSavedThroughTheApi()
    {
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        var agent = await supervisor.GetJsonAsync("/api/agent/30");
        var name = agent.Str("name");
        var page = await fixture.SignInAsync(DevUsers.Supervisor);

        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"{name} available" }).UncheckAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{name} updated.");
        var capacity = page.GetByRole(AriaRole.Spinbutton, new() { Name = $"Capacity of {name}" });
        await capacity.FillAsync("7");
        await capacity.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{name} updated.");
        await Expect(page.Locator("tr[data-agent='30']")).ToContainTextAsync("/ 7");

        var saved = await supervisor.GetJsonAsync("/api/agent/30");
        Assert.False(saved.GetProperty("available").GetBoolean());
        Assert.Equal(7, saved.GetProperty("capacity").GetInt32());
    }

    [Fact]
    public async Task ReviewQueue_Confirm_RemovesTheTicketAndRecordsTheReview()
    {
        var key = await UnsureTicketAsync();
        var page = await fixture.SignInAsync(DevUsers.Supervisor, "/console/review");
        var item = page.Locator($"article[data-ticket='{key}']");

        await item.GetByRole(AriaRole.Button, new() { NameRegex = new("^Confirm ") }).ClickAsync();

        await Expect(item).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{key} confirmed");
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        var history = await supervisor.GetJsonAsync($"/api/ticket/{key}/history");
        Assert.Contains(history.EnumerateArray(), e => e.Str("type") == "reviewed" && e.Str("actor") == "supervisor");
        var queue = await supervisor.GetJsonAsync("/api/review?pageSize=100");
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), t => t.Str("key") == key);
    }

    [Fact]
    public async Task ReviewQueue_MoveToAnotherDepartment_ReassignsTheTicketWithTheReason()
    {
        var key = await UnsureTicketAsync();
        var page = await fixture.SignInAsync(DevUsers.Supervisor, "/console/review");
        var item = page.Locator($"article[data-ticket='{key}']");

        await item.GetByLabel("Move to").SelectOptionAsync(new SelectOptionValue { Label = "Billing & Payments" });
        await item.GetByLabel("Reason").FillAsync("The customer asks about an invoice");
        await item.GetByRole(AriaRole.Button, new() { Name = "Move" }).ClickAsync();

        await Expect(item).ToHaveCountAsync(0);
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        Assert.Equal("billing", (await supervisor.GetJsonAsync($"/api/ticket/{key}")).GetProperty("department").Str("slug"));
        var history = await supervisor.GetJsonAsync($"/api/ticket/{key}/history");
        Assert.Contains(history.EnumerateArray(), e => e.Str("type") == "reassigned" && e.Str("reason") == "The customer asks about an invoice");
    }

    [Fact]
    public async Task TicketPage_ReassignWithReason_AppearsInHistoryAndTheApiAgrees()
    {
        var ticket = await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Double charge", "I was charged twice on my invoice, please refund");
        var key = ticket.Str("key");
        var page = await fixture.SignInAsync(DevUsers.Supervisor, $"/console/tickets/{key}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Routing explanation" })).ToBeVisibleAsync();

        await page.GetByLabel("Department", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Returns & Refunds" });
        await page.GetByLabel("Agent", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 2 });
        var agentName = (await page.GetByLabel("Agent", new() { Exact = true }).Locator("option:checked").TextContentAsync())!.Split(" (")[0];
        await page.GetByLabel("Reason", new() { Exact = true }).FillAsync("Refund requested, not a billing error");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reassign" }).ClickAsync();

        var history = page.GetByRole(AriaRole.Region, new() { Name = "History" });
        await Expect(history.Locator("li[data-event='reassigned']")).ToContainTextAsync("Refund requested, not a billing error");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Details" })).ToContainTextAsync(agentName);
        var saved = await (await fixture.ApiAsync(DevUsers.Supervisor)).GetJsonAsync($"/api/ticket/{key}");
        Assert.Equal("returns", saved.GetProperty("department").Str("slug"));
        Assert.Equal(agentName, saved.GetProperty("assignee").Str("name"));
    }

    [Fact]
    public async Task TicketPage_StatusChange_IsSavedAndShown()
    {
        var key = (await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("App crash", "The app crashes when I open settings")).Str("key");
        var page = await fixture.SignInAsync(DevUsers.Supervisor, $"/console/tickets/{key}");

        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("in_progress");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "History" }).Locator("li[data-event='status']")).ToContainTextAsync("in_progress");
        Assert.Equal("in_progress", (await (await fixture.ApiAsync(DevUsers.Supervisor)).GetJsonAsync($"/api/ticket/{key}")).Str("status"));
    }

    [Fact]
    public async Task TicketPage_IllegalStatusMove_ShowsTheApisReasonAndChangesNothing()
    {
        var key = (await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("App crash", "The app crashes when I open settings")).Str("key");
        var page = await fixture.SignInAsync(DevUsers.Supervisor, $"/console/tickets/{key}");

        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("blocked");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change status" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "cannot go from open to blocked" })).ToBeVisibleAsync();
        Assert.Equal("open", (await (await fixture.ApiAsync(DevUsers.Supervisor)).GetJsonAsync($"/api/ticket/{key}")).Str("status"));
    }

    [Fact]
    public async Task TicketPages_MarkupInSubjectAndDescription_IsShownAsTextAndNeverRuns()
    {
        const string subject = "<img src=x onerror=\"window.xss=1\"> invoice";
        const string description = "<script>window.xss=2</script><b>bold</b>";
        var key = (await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync(subject, description)).Str("key");
        var page = await fixture.SignInAsync(DevUsers.Supervisor, $"/console/tickets/{key}");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(subject);
        await Expect(page.Locator(".description").First).ToHaveTextAsync(description);
        await page.GotoAsync("/console/tickets?q=onerror");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = subject })).ToBeVisibleAsync();

        Assert.Equal(0, await page.Locator("main img, main script, main b").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.xss ?? null"));
    }

    [Fact]
    public async Task TicketList_SearchAndPaging_UseTheApiFilters()
    {
        var portal = await fixture.ApiAsync(DevUsers.Portal);
        for (var i = 0; i < 27; i++)
        {
            await portal.SubmitTicketAsync($"Zebra parcel {i}", "Where is my parcel? The delivery is late");
        }

        var page = await fixture.SignInAsync(DevUsers.Supervisor, "/console/tickets");
        await page.GetByLabel("Search").FillAsync("zebra parcel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(page.GetByText("Page 1 of 2 · 27 tickets")).ToBeVisibleAsync();
        await Expect(page.Locator("table.tickets tbody tr")).ToHaveCountAsync(25);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Expect(page.GetByText("Page 2 of 2 · 27 tickets")).ToBeVisibleAsync();
        await Expect(page.Locator("table.tickets tbody tr")).ToHaveCountAsync(2);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=zebra\\+parcel.*page=2"));
    }

    [Fact]
    public async Task StatsPage_ShowsTheApisCountsAndRates()
    {
        await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Facture", "Ma facture est fausse");
        var stats = await (await fixture.ApiAsync(DevUsers.Supervisor)).GetJsonAsync("/api/stats?days=30");
        var page = await fixture.SignInAsync(DevUsers.Supervisor);

        await page.GetByRole(AriaRole.Link, new() { Name = "Stats" }).ClickAsync();
        await Expect(page.GetByLabel("Period")).ToHaveValueAsync("30"); // the last 30 days by default

        var byDepartment = page.GetByRole(AriaRole.Region, new() { Name = "Tickets by department" });
        await Expect(byDepartment.Locator("li").Filter(new() { HasText = "Billing & Payments" }))
            .ToContainTextAsync(stats.GetProperty("byDepartment").GetProperty("billing").GetInt32().ToString());
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Routing quality" })).ToContainTextAsync("Misroute rate");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync($"{stats.GetProperty("total").GetInt32()} tickets");

        // Another period: the page asks the API for it and keeps it in its URL.
        var week = await (await fixture.ApiAsync(DevUsers.Supervisor)).GetJsonAsync("/api/stats?days=7");
        await page.GetByLabel("Period").SelectOptionAsync("7");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/stats\\?days=7$"));
        await Expect(page.GetByLabel("Period")).ToHaveValueAsync("7");
        await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync($"{week.GetProperty("total").GetInt32()} tickets");
    }

    /// <summary>A ticket the classifier cannot place: it lands in the fallback department, flagged for review.</summary>
    private async Task<string> UnsureTicketAsync()
    {
        var ticket = await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Hello", "Hi there");
        Assert.True(ticket.GetProperty("routing").GetProperty("needsReview").GetBoolean(), ticket.GetRawText());
        return ticket.Str("key");
    }
}
