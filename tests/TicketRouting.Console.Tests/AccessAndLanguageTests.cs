using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace TicketRouting.Console.Tests;

/// <summary>Roles, language and the session: what each user may see, French labels, refresh and sign-out.</summary>
public sealed class AccessAndLanguageTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task SignInPage_WithLangFr_HasFrenchLabelsAndFrenchPages()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/console/signin?lang=fr");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await page.GetByLabel("Nom d'utilisateur").FillAsync(DevUsers.Supervisor.Username);
        await page.GetByLabel("Mot de passe").FillAsync(DevUsers.Supervisor.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Charge des agents" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Facturation & paiements" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "À revoir" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignInPage_BrowserInFrench_IsInFrench()
    {
        var page = await fixture.NewPageAsync(locale: "fr-FR");
        await page.GotoAsync("/console/signin");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Agent_SeesOwnTicketsButNoSupervisorOrAdminPage()
    {
        var portal = await fixture.ApiAsync(DevUsers.Portal);
        var billing = await portal.SubmitTicketAsync("Facture", "Ma facture est fausse, prélevé deux fois");
        var technical = await portal.SubmitTicketAsync("Crash", "The app crashes with an error when I open settings");
        Assert.Equal("Camille Bernard", billing.GetProperty("assignee").Str("name"));

        var page = await fixture.SignInAsync(DevUsers.BillingAgent);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My tickets" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = billing.Str("key") })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = technical.Str("key") })).ToHaveCountAsync(0);
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["My tickets"]);
        foreach (var path in new[] { "/console/admin", "/console/board", "/console/review", "/console/stats", "/console/models" })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Table)).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task Admin_SeesAdminPageAndDryRunsTheRules()
    {
        var page = await fixture.SignInAsync(DevUsers.Admin, "/console/admin");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Keyword rules" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Users" })).ToContainTextAsync("camille.bernard");
        await page.GetByLabel("Subject").FillAsync("Remboursement");
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Je veux retourner le colis et être remboursé");
        await page.GetByRole(AriaRole.Button, new() { Name = "Try" }).ClickAsync();

        await Expect(page.Locator(".verdict")).ToContainTextAsync("Routed to Returns & Refunds");
    }

    [Fact]
    public async Task Admin_InvalidRules_ShowTheApiFieldErrorsAndKeepTheRules()
    {
        var page = await fixture.SignInAsync(DevUsers.Admin, "/console/admin");
        await page.GetByLabel("Rules (JSON)").FillAsync("{\"departments\": {\"nowhere\": {\"x\": 1}}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save rules" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "nowhere" })).ToBeVisibleAsync();
        var rules = await (await fixture.ApiAsync(DevUsers.Admin)).GetJsonAsync("/api/classifier/rules");
        Assert.True(rules.GetProperty("departments").TryGetProperty("billing", out _));
    }

    [Fact]
    public async Task Session_SurvivesReload_AndSignOutRevokesTheRefreshToken()
    {
        var page = await fixture.SignInAsync(DevUsers.Supervisor);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Workload" })).ToBeVisibleAsync();
        var refreshToken = await page.EvaluateAsync<string>("() => sessionStorage.getItem('ticketrouting.refresh')");
        Assert.False(string.IsNullOrEmpty(refreshToken));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        using var anonymous = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        var refresh = await anonymous.PostAsJsonAsync("/api/token/refresh", new { refreshToken });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        await page.GotoAsync("/console/board");
        await Expect(page).ToHaveURLAsync(new Regex("/console/signin"));
    }

    [Fact]
    public async Task ConsolePages_SendAContentSecurityPolicyWithoutInlineScript()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("/console/tickets/TSK-1001");

        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
    }

    [Fact]
    public async Task Tokens_NeverAppearInAUrl_ACookieOrLocalStorage()
    {
        var key = (await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Facture", "Ma facture est fausse")).Str("key");
        var page = await fixture.NewPageAsync();
        var urls = new List<string>();
        var tokens = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);
        // Every token pair the service hands out to the page (sign-in and refresh), passed through unchanged.
        await page.RouteAsync("**/api/token**", async route =>
        {
            var response = await route.FetchAsync();
            var body = await response.TextAsync();
            if (response.Status == 200)
            {
                var pair = System.Text.Json.JsonDocument.Parse(body).RootElement;
                tokens.Add(pair.Str("accessToken"));
                tokens.Add(pair.Str("refreshToken"));
            }

            await route.FulfillAsync(new() { Response = response, Body = body });
        });
        await page.GotoAsync($"/console/tickets/{key}");
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(DevUsers.Supervisor.Username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DevUsers.Supervisor.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Workload" }).ClickAsync();
        await Expect(page.Locator("tr[data-agent]").First).ToBeVisibleAsync();
        await page.ReloadAsync(); // a new access token from the refresh token
        await Expect(page.Locator("tr[data-agent]").First).ToBeVisibleAsync();

        Assert.True(tokens.Count >= 4, $"sign-in and the refresh after the reload: {tokens.Count / 2} token pairs seen");
        Assert.All(urls, url => Assert.DoesNotContain(tokens, url.Contains));
        Assert.DoesNotContain(urls, url => url.Contains("token=", StringComparison.OrdinalIgnoreCase));
        Assert.Empty((await page.Context.CookiesAsync()).Select(c => c.Name));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
    }

    [Theory]
    [InlineData(820)] // a tablet held upright
    [InlineData(1024)] // a tablet held sideways, a small laptop
    public async Task ConsolePages_AtTabletWidth_FitTheScreenWithoutSidewaysScrolling(int width)
    {
        var key = (await (await fixture.ApiAsync(DevUsers.Portal)).SubmitTicketAsync("Refund please", "I returned the shoes two weeks ago and I am still waiting for my refund")).Str("key");
        var page = await fixture.SignInAsync(DevUsers.Supervisor, "/console/board", width: width);
        foreach (var (path, content) in new[]
        {
            ("/console/board", "tr[data-agent]"), ($"/console/tickets/{key}", "ol.timeline li"), ("/console/tickets", "table.tickets"),
            ("/console/review", "main p"), ("/console/stats", "ul.scores li"), ("/console/board?lang=fr", "tr[data-agent]"),
        })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(content).First).ToBeVisibleAsync();
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{path} at {width} px is {overflow} px wider than the screen");
        }
    }
}
