using Deque.AxeCore.Playwright;

namespace TicketRouting.Console.Tests;

/// <summary>
/// axe-core on the main pages, and the README's screenshots: taken on a database with a few routed tickets.
/// Screenshots go to $TICKETROUTING_SCREENSHOTS (e.g. docs/console, to refresh the README's) or the test output.
/// </summary>
public sealed class AccessibilityAndScreenshotTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>, IAsyncLifetime
{
    private string _ticketKey = "";

    public async Task InitializeAsync()
    {
        if (_ticketKey.Length > 0)
        {
            return;
        }

        var portal = await fixture.ApiAsync(DevUsers.Portal);
        var supervisor = await fixture.ApiAsync(DevUsers.Supervisor);
        string[][] tickets =
        [
            ["Facture de mars", "Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois"],
            ["Settings crash", "The app crashes with an error when I open settings"],
            ["Colis non reçu", "Mon colis n'est jamais arrivé, le suivi ne bouge plus depuis une semaine"],
            ["Refund please", "I returned the shoes two weeks ago and I am still waiting for my refund"],
            ["Mot de passe", "Je n'arrive plus à me connecter, le lien de réinitialisation du mot de passe ne marche pas"],
            ["Hello", "Hi there"],
        ];
        foreach (var t in tickets)
        {
            var created = await portal.PostJsonAsync("/api/ticket", new
            {
                subject = t[0], description = t[1], priority = "high",
                customer = new { email = "claire.dupont@example.fr", name = "Claire Dupont" },
            });
            _ticketKey = _ticketKey.Length == 0 ? created.Str("key") : _ticketKey;
        }

        await supervisor.PostJsonAsync($"/api/ticket/{_ticketKey}/comments", new { body = "Customer called: second charge confirmed on the bank statement.", @internal = true });
        await supervisor.PostJsonAsync($"/api/ticket/{_ticketKey}/reassign", new { departmentId = 4, reason = "The customer asks for a refund of the double charge" });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/console/board")]
    [InlineData("/console/tickets/TSK-1001")]
    [InlineData("/console/review")]
    [InlineData("/console/tickets")]
    [InlineData("/console/stats")]
    public async Task ConsolePage_HasNoSeriousAccessibilityViolation(string path)
    {
        var page = await fixture.SignInAsync(DevUsers.Supervisor, path);
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
        await Expect(page.Locator("main table, main article, main ul.scores").First).ToBeVisibleAsync();

        var result = await page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
    }

    [Fact]
    public async Task Screenshots_OfBoardTicketAndReview_AreTaken()
    {
        var folder = Environment.GetEnvironmentVariable("TICKETROUTING_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);

        var page = await fixture.SignInAsync(DevUsers.Supervisor, "/console/board");
        await Expect(page.Locator("tr[data-agent]")).ToHaveCountAsync(35);
        await Shot(page, folder, "board.png");
        await page.GotoAsync($"/console/tickets/{_ticketKey}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await Shot(page, folder, "ticket.png");
        await page.GotoAsync("/console/review");
        await Expect(page.Locator("article[data-ticket]").First).ToBeVisibleAsync();
        await Shot(page, folder, "review.png");
        await page.GotoAsync("/console/stats");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tickets by department" })).ToBeVisibleAsync();
        await Shot(page, folder, "stats.png");

        var tablet = await fixture.SignInAsync(DevUsers.Supervisor, "/console/board", width: 820);
        await tablet.GotoAsync("/console/board?lang=fr");
        await Expect(tablet.Locator("tr[data-agent]")).ToHaveCountAsync(35);
        await Shot(tablet, folder, "board-tablet-fr.png");
    }

    private static async Task Shot(IPage page, string folder, string name)
    {
        var file = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000, $"{file} is empty");
    }
}
