using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace TicketRouting.Console.Tests;

/// <summary>The ticket page shows what the API recorded, and the list's filters ask the API for the same thing.</summary>
public sealed class TicketPageTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task TicketPage_ShowsCustomerAndTheRoutingExplanationTheApiRecorded()
    {
        var created = await (await fixture.ApiAsync(DevUsers.Portal)).PostJsonAsync("/api/ticket", new
        {
            subject = "Facture de mars", description = "Ma facture de mars est fausse, j'ai été prélevé deux fois",
            customer = new { email = "claire.dupont@example.fr", name = "Claire Dupont" },
        });
        var key = created.Str("key");
        var routing = (await (await fixture.ApiAsync(DevUsers.Supervisor)).GetJsonAsync($"/api/ticket/{key}")).GetProperty("routing");
        var page = await fixture.SignInAsync(DevUsers.Supervisor, $"/console/tickets/{key}");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Details" })).ToContainTextAsync("Claire Dupont <claire.dupont@example.fr>");
        var explanation = page.GetByRole(AriaRole.Region, new() { Name = "Routing explanation" });
        // One bar per department score, with its percentage.
        var scores = routing.GetProperty("scores").EnumerateObject().ToList();
        Assert.NotEmpty(scores);
        await Expect(explanation.Locator("ul.scores li meter")).ToHaveCountAsync(scores.Count);
        var best = scores.MaxBy(s => s.Value.GetDouble());
        await Expect(explanation.Locator("ul.scores li meter").First).ToHaveJSPropertyAsync("value", best.Value.GetDouble());
        var evidence = routing.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(evidence);
        await Expect(explanation.Locator("ul.terms li")).ToHaveTextAsync(evidence.ToArray());
        // The candidate agents with their loads at decision time, and the tie-break.
        var candidates = routing.GetProperty("candidates").EnumerateArray().ToList();
        Assert.NotEmpty(candidates);
        foreach (var candidate in candidates)
        {
            await Expect(explanation.GetByRole(AriaRole.Row, new() { Name = candidate.Str("name") })).ToContainTextAsync(
                $"{candidate.GetProperty("openTickets").GetInt32()} / {candidate.GetProperty("capacity").GetInt32()}");
        }

        await Expect(explanation.Locator("code")).ToHaveTextAsync(routing.Str("tieBreak"));
    }

    [Fact]
    public async Task TicketPage_PriorityChangeAndComment_AreSavedAndShown()
    {
        var key = (await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("App crash", "The app crashes when I open settings")).Str("key");
        var page = await fixture.SignInAsync(DevUsers.Supervisor, $"/console/tickets/{key}");

        await page.GetByLabel("Priority", new() { Exact = true }).SelectOptionAsync("critical");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change priority" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "History" }).Locator("li[data-event='priority']")).ToContainTextAsync("critical");
        await page.GetByLabel("Comment", new() { Exact = true }).FillAsync("Asked the customer for the app version.");
        await page.GetByLabel("Internal note").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Comments" }).Locator("ul.comments li"))
            .ToContainTextAsync("Asked the customer for the app version.");
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        Assert.Equal("critical", (await supervisor.GetJsonAsync($"/api/ticket/{key}")).Str("priority"));
        var comment = Assert.Single((await supervisor.GetJsonAsync($"/api/ticket/{key}/comments")).EnumerateArray());
        Assert.True(comment.GetProperty("internal").GetBoolean());
        Assert.Equal("Asked the customer for the app version.", comment.Str("body"));
    }

    [Fact]
    public async Task TicketList_StatusAndDepartmentFilters_ShowExactlyWhatTheApiReturns()
    {
        var portal = await fixture.ApiAsync(DevUsers.Portal);
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        for (var i = 0; i < 3; i++)
        {
            var billing = await portal.SubmitTicketAsync($"Facture {i}", "Ma facture est fausse, prélevé deux fois");
            var moved = await supervisor.PatchAsJsonAsync($"/api/ticket/{billing.Str("key")}", new { status = "in_progress" });
            Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
            await portal.SubmitTicketAsync($"Crash {i}", "The app crashes with an error when I open settings");
        }

        var expected = await supervisor.GetJsonAsync("/api/ticket?status=in_progress&departmentId=1&sort=created&pageSize=25");
        var keys = expected.GetProperty("items").EnumerateArray().Select(t => t.Str("key")).ToArray();
        Assert.True(keys.Length >= 3, expected.GetRawText());
        var page = await fixture.SignInAsync(DevUsers.Supervisor, "/console/tickets");

        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("in_progress");
        await page.GetByLabel("Department", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Billing & Payments" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("status=in_progress&departmentId=1"));
        var rows = page.Locator("table.tickets tbody tr");
        await Expect(rows.Locator("td:first-child")).ToHaveTextAsync(keys);
        await Expect(rows.Locator("td:nth-child(3)")).ToHaveTextAsync(keys.Select(_ => "In progress").ToArray());
        var total = expected.GetProperty("total").GetInt32();
        await Expect(page.GetByText($"Page 1 of {(total + 24) / 25} · {total} tickets")).ToBeVisibleAsync();
    }
}
