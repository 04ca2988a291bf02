namespace TicketRouting.Console.Tests;

/// <summary>
/// The board beyond the happy path: a department without agents (its queue is what a supervisor must see), a
/// ticket moving between departments, and an edit the board refuses. Own service: these tests change agents.
/// </summary>
public sealed class WorkloadBoardTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task WorkloadBoard_TicketMovedToADepartmentWithoutAgents_ShowsBothChangesWithoutReload()
    {
        var admin = await fixture.ApiAsync(DevUsers.Admin);
        var department = await admin.PostJsonAsync("/api/department", new { slug = "warranty", nameFr = "Garantie", nameEn = "Warranty" });
        var page = await fixture.SignInAsync(DevUsers.Supervisor);
        var section = page.Locator("section[data-department='warranty']");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Warranty" })).ToContainTextAsync("Queue: 0");
        await Expect(section).ToContainTextAsync("No agent in this department.");
        await page.EvaluateAsync("() => window.sameDocument = true");

        var ticket = await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Facture de mars", "Ma facture de mars est fausse, prélevé deux fois");
        var agentId = ticket.GetProperty("assignee").GetProperty("id").GetInt32();
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        var before = await supervisor.GetJsonAsync($"/api/agent/{agentId}");
        var row = page.Locator($"tr[data-agent='{agentId}']");
        await Expect(row).ToContainTextAsync($"{before.GetProperty("openTickets").GetInt32()} / {before.GetProperty("capacity").GetInt32()}");

        var moved = await supervisor.PostJsonAsync($"/api/ticket/{ticket.Str("key")}/reassign",
            new { departmentId = department.GetProperty("id").GetInt32(), reason = "Covered by the warranty" });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, moved.GetProperty("assignee").ValueKind);

        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Warranty" })).ToContainTextAsync("Queue: 1");
        await Expect(row).ToContainTextAsync($"{before.GetProperty("openTickets").GetInt32() - 1} / {before.GetProperty("capacity").GetInt32()}");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the board reloaded the page");
    }

    [Theory]
    [InlineData("-3")]
    [InlineData("")]
    [InlineData("2.5")]
    public async Task WorkloadBoard_CapacityOutOfRange_IsRefusedNothingIsSavedAndTheMessageOutlivesThePoll(string typed)
    {
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        var agent = await supervisor.GetJsonAsync("/api/agent/12");
        var name = agent.Str("name");
        var capacityBefore = agent.GetProperty("capacity").GetInt32();
        var page = await fixture.SignInAsync(DevUsers.Supervisor);
        var capacity = page.GetByRole(AriaRole.Spinbutton, new() { Name = $"Capacity of {name}" });
        await Expect(capacity).ToHaveValueAsync(capacityBefore.ToString());

        await capacity.FillAsync(typed);
        await capacity.PressAsync("Tab");

        var refused = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = $"Capacity of {name}: a whole number from 0 to 1000. Not saved." });
        await Expect(refused).ToBeVisibleAsync();
        await Expect(capacity).ToHaveValueAsync(capacityBefore.ToString());
        // The board polls every 3 s: wait for the next poll, the message must still be there.
        var updated = page.GetByText("Refreshes every 3 seconds.");
        var stamp = await updated.TextContentAsync();
        await Expect(updated).Not.ToHaveTextAsync(stamp!);
        await Expect(refused).ToBeVisibleAsync();
        Assert.Equal(capacityBefore, (await supervisor.GetJsonAsync("/api/agent/12")).GetProperty("capacity").GetInt32());
    }
}
