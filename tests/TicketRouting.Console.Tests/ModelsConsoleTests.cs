using System.Net;
using System.Text;
using Deque.AxeCore.Playwright;

namespace TicketRouting.Console.Tests;

/// <summary>
/// The admin's models page: train a model, see it go from training to ready without a reload, meet the
/// activation guard, force it, and check the API agrees; other roles cannot. The service trains on a small
/// base data file of its own (a few seconds), with no confirmed tickets, so no ticket is held out and the
/// guard refuses an unforced activation.
/// </summary>
public sealed class ModelsConsoleTests(ModelsConsoleTests.ModelsFixture fixture) : IClassFixture<ModelsConsoleTests.ModelsFixture>
{
    public sealed class ModelsFixture : ConsoleFixture
    {
        protected override Dictionary<string, string?> Settings => new() { ["Routing:Learning:BaseData"] = BaseData.Value };

        private static readonly Lazy<string> BaseData = new(() =>
        {
            var csv = new StringBuilder("subject,description,label\n");
            string[][] rows =
            [
                ["billing", "Invoice wrong", "I was charged twice on my invoice"], ["billing", "Facture", "prélevé deux fois, remboursez la facture"],
                ["billing", "Refund of payment", "my card payment was taken twice"], ["billing", "Billing address", "change the billing address on the invoice"],
                ["technical", "App crash", "the app crashes when I open settings"], ["technical", "Erreur", "le site affiche une erreur 500"],
                ["technical", "Login bug", "the page freezes with an error after login"], ["technical", "Bug", "l'application plante au démarrage"],
                ["orders", "Parcel late", "my parcel never arrived, tracking stuck"], ["orders", "Colis", "mon colis n'est jamais arrivé"],
                ["orders", "Delivery", "the delivery is late by a week"], ["orders", "Commande", "ma commande n'est pas livrée"],
            ];
            for (var copy = 0; copy < 4; copy++)
            {
                foreach (var r in rows)
                {
                    csv.Append($"\"{r[1]} {copy}\",\"{r[2]}\",{r[0]}\n");
                }
            }

            var file = Path.Combine(Directory.CreateTempSubdirectory("ticketrouting-basedata-").FullName, "base.csv");
            File.WriteAllText(file, csv.ToString());
            return file;
        });
    }

    [Fact]
    public async Task Admin_TrainsAModel_SeesItBecomeReady_MeetsTheGuard_ForcesActivation_AndTheApiAgrees()
    {
        var page = await fixture.SignInAsync(DevUsers.Admin);
        await page.GetByRole(AriaRole.Link, new() { Name = "Models" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Classifier models" })).ToBeVisibleAsync();

        await page.GetByLabel("Activate it if it is not worse than the active classifier").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Train a new model" }).ClickAsync();

        // The page polls while the model trains: ready, not activated (no held-out tickets), without a reload.
        var row = page.Locator("tr[data-model]").First;
        await Expect(row).ToContainTextAsync("Ready", new() { Timeout = 180_000 });
        await Expect(row).ToContainTextAsync("Not activated: no held-out confirmed tickets");
        await Expect(row).ToHaveAttributeAsync("data-active", "false");
        var api = await fixture.ApiAsync(DevUsers.Admin);
        var model = (await api.GetJsonAsync("/api/classifier/models"))[0];
        var version = model.Str("version");
        Assert.Equal(("ready", false), (model.Str("status"), model.GetProperty("active").GetBoolean()));

        // What-if before activating: three tickets closed in their department are confirmed labels; the page replays
        // them with the new model against the active classifier and shows what the API's replay answers.
        var portal = await fixture.ApiAsync(DevUsers.Portal);
        foreach (var (subject, description) in new[] { ("Facture en double", "prélevé deux fois sur ma carte"),
                     ("App crash", "the app crashes with an error"), ("Colis perdu", "mon colis n'est jamais arrivé") })
        {
            var ticket = await portal.SubmitTicketAsync(subject, description);
            var closed = await api.PatchAsync($"/api/ticket/{ticket.GetProperty("id").GetInt32()}",
                JsonBody("{\"status\":\"closed\"}"));
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        var expected = (await api.GetJsonAsync($"/api/classifier/models/{model.GetProperty("id").GetInt32()}/replay")).GetProperty("report");
        Assert.Equal(3, expected.GetProperty("tickets").GetInt32());
        await page.GetByRole(AriaRole.Button, new() { Name = $"What-if {version}" }).ClickAsync();
        var replay = page.Locator("section.replay");
        await Expect(replay.GetByRole(AriaRole.Heading)).ToContainTextAsync($"What-if: {version} against the active classifier");
        await Expect(replay.Locator(".replay-summary")).ToContainTextAsync(
            $"3 confirmed tickets replayed: {expected.GetProperty("wouldMove").GetInt32()} would go elsewhere");
        await Expect(replay.Locator(".replay-summary")).ToContainTextAsync(
            $"{expected.GetProperty("fixedByCandidate").GetInt32()} fixed, {expected.GetProperty("brokenByCandidate").GetInt32()} broken.");
        await Expect(replay.Locator("table.replay-changes tbody tr")).ToHaveCountAsync(expected.GetProperty("confusionChanges").GetArrayLength());
        await ScreenshotAsync(page, "models-replay.png");

        // Activate: the API's guard answers 409; the page shows why and offers to force it.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Activate {version}" }).ClickAsync();
        var guard = page.Locator(".guard[role=alert]");
        await Expect(guard).ToContainTextAsync("Not activated: no held-out confirmed tickets");
        Assert.False((await api.GetJsonAsync("/api/classifier/models"))[0].GetProperty("active").GetBoolean());
        await guard.GetByRole(AriaRole.Button, new() { Name = $"Force activation of {version}" }).ClickAsync();

        await Expect(row).ToHaveAttributeAsync("data-active", "true");
        await Expect(row).ToContainTextAsync("active");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{version} is active.");
        await Expect(guard).ToBeEmptyAsync();
        await Expect(replay).ToBeEmptyAsync(); // it compared with the classifier active before
        Assert.True((await api.GetJsonAsync($"/api/classifier/models/{model.GetProperty("id").GetInt32()}")).GetProperty("active").GetBoolean());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Activate {version}" })).ToHaveCountAsync(0);

        // Per department, the new model against the classifier it was compared with (the keyword rules).
        await row.Locator("summary").ClickAsync();
        await Expect(row).ToContainTextAsync("No held-out ticket: nothing to compare yet.");
        await Expect(row.Locator("summary")).ToContainTextAsync("compared with rules");

        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}").ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
        await ScreenshotAsync(page, "models.png");

        await page.GotoAsync("/console/models?lang=fr");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Modèles du classifieur" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Entraîner un nouveau modèle" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-model]").First).ToContainTextAsync("actif");
    }

    [Theory]
    [InlineData("supervisor")]
    [InlineData("agent")]
    public async Task OtherRoles_CannotOpenTheModelsPage_NorTrainOrActivate(string role)
    {
        var user = role == "supervisor" ? DevUsers.Supervisor : DevUsers.BillingAgent;
        var page = await fixture.SignInAsync(user, "/console/models");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Models" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Train a new model" })).ToHaveCountAsync(0);
        var api = await fixture.ApiAsync(user);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/classifier/models", JsonBody("{\"activate\":true}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/classifier/models/1/activate?force=true", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.GetAsync("/api/classifier/models")).StatusCode);
    }

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("TICKETROUTING_SCREENSHOTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000, $"{file} is empty");
    }
}
