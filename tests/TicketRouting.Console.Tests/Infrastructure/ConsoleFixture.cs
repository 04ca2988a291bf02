using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace TicketRouting.Console.Tests.Infrastructure;

/// <summary>
/// One app (and database) and one browser per test class; each test opens its own browser context, so
/// sessions and storage never leak between tests. The browser is Debian's chromium: Playwright cannot
/// download its own browsers on our machines (.ci/run installs the package).
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    public ConsoleApp App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Configuration of this fixture's service, as an operator would set it.</summary>
    protected virtual Dictionary<string, string?> Settings => [];

    /// <summary>A SQLite file to start from instead of a new database (see ConsolePerformanceTests).</summary>
    public string? DatabaseFile { get; init; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with `apt-get install -y --no-upgrade chromium` (as .ci/run does).");
        }

        App = ConsoleApp.Start(DatabaseFile, Settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Tests run as root in CI containers, where chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context and page (laptop width unless told), in the given language.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-GB", int width = 1366, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form, by the fields' accessible names, as a user would.</summary>
    public async Task<IPage> SignInAsync((string Username, string Password) user, string path = "/console/", string locale = "en-GB", int width = 1366)
    {
        var page = await NewPageAsync(locale, width);
        await page.GotoAsync(path);
        await page.GetByLabel("Username", new() { Exact = true }).FillAsync(user.Username);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>An HTTP client of the API, logged in as <paramref name="user"/>, to arrange and to check what the page did.</summary>
    public async Task<HttpClient> ApiAsync((string Username, string Password) user)
    {
        var client = new HttpClient { BaseAddress = App.BaseAddress };
        var response = await client.PostAsJsonAsync("/api/token", new { username = user.Username, password = user.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}
