namespace TicketRouting.Console.Tests;

/// <summary>Access tokens of one minute: the console refreshes them by itself and keeps working.</summary>
public sealed class SessionRefreshTests(SessionRefreshTests.ShortTokens fixture) : IClassFixture<SessionRefreshTests.ShortTokens>
{
    public sealed class ShortTokens : ConsoleFixture
    {
        protected override Dictionary<string, string?> Settings => new() { ["Jwt:AccessTokenMinutes"] = "1" };
    }

    [Fact]
    public async Task ShortLivedAccessToken_IsRefreshedSilently_AndTheBoardKeepsUpdating()
    {
        var page = await fixture.SignInAsync(DevUsers.Supervisor);
        await Expect(page.Locator("tr[data-agent]")).ToHaveCountAsync(35);
        const string Stored = "() => sessionStorage.getItem('ticketrouting.refresh')";
        var first = await page.EvaluateAsync<string>(Stored);

        // One-minute tokens are refreshed 10 seconds after they are issued (a minute before expiry, at least 10 s).
        await page.WaitForFunctionAsync($"first => ({Stored})() !== first", first, new() { Timeout = 30_000 });

        var ticket = await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Facture", "Ma facture est fausse, prélevé deux fois");
        var agentId = ticket.GetProperty("assignee").GetProperty("id").GetInt32();
        await Expect(page.Locator($"tr[data-agent='{agentId}']")).ToContainTextAsync("1 / 25");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/board$"));
    }
}
