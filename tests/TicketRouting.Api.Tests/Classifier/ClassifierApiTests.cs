using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Classifier;

public sealed class ClassifierApiTests : IAsyncLifetime
{
    private TicketRoutingApp _app = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TicketRoutingApp.StartAsync();
        _admin = await _app.ClientForAsync(DevUsers.Admin);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Predict_DryRun_ReturnsScoresAndEvidenceAndSavesNothing()
    {
        var supervisor = await _app.ClientForAsync(DevUsers.Supervisor);

        var response = await supervisor.PostAsJsonAsync("/api/classifier/predict",
            new { subject = "Commande jamais livrée", description = "Mon colis n'est pas arrivé, le numéro de suivi ne marche pas" });

        await response.ExpectAsync(HttpStatusCode.OK);
        var prediction = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("orders", prediction.GetProperty("department").GetString());
        Assert.False(prediction.GetProperty("needsReview").GetBoolean());
        Assert.Equal(7, prediction.GetProperty("scores").EnumerateObject().Count());
        Assert.NotEmpty(prediction.GetProperty("evidence").EnumerateArray());
        Assert.Equal(0, await _app.WithDbAsync(db => Task.FromResult(db.Tickets.Count())));
    }

    [Fact]
    public async Task Routing_ByDefault_UsesTheHybridOfShippedModelAndRules()
    {
        var portal = await _app.ClientForAsync(DevUsers.Portal);

        var ticket = await portal.SubmitAsync("Remboursement", "J'ai renvoyé le colis, quand serai-je remboursé ?");

        Assert.Equal("hybrid", ticket.Routing!.Classifier);
        Assert.Equal("returns", ticket.Department.Slug);
    }

    [Fact]
    public async Task Rules_Replace_AppliesAtOnceWithoutRestartAndIsRecorded()
    {
        // The rules classifier alone, so that the new rule decides.
        await using var app = await TicketRoutingApp.StartAsync(new() { ["Routing:Classifier"] = "rules" });
        var admin = await app.ClientForAsync(DevUsers.Admin);
        var portal = await app.ClientForAsync(DevUsers.Portal);
        var before = await portal.SubmitAsync("Widget", "My flux capacitor is broken");
        var rules = await admin.GetJsonAsync<JsonElement>("/api/classifier/rules");
        var departments = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, double>>>(rules.GetProperty("departments"))!;
        departments["technical"]["flux capacitor"] = 6;

        var put = await admin.PutAsJsonAsync("/api/classifier/rules", new { version = "test-2", departments });

        await put.ExpectAsync(HttpStatusCode.OK);
        var after = await portal.SubmitAsync("Widget", "My flux capacitor is broken");
        Assert.NotEqual("technical", before.Department.Slug);
        Assert.Equal("technical", after.Department.Slug);
        var routing = (await admin.GetJsonAsync<Ticket>($"/api/ticket/{after.Id}")).Routing!;
        Assert.Contains(routing.Evidence, e => e.Contains("flux capacitor"));
        var revisions = await app.WithDbAsync(db => Task.FromResult(db.RuleSetRevisions.OrderBy(r => r.Id).Select(r => new { r.Version, r.ChangedByName }).ToList()));
        Assert.Equal(("test-2", "admin"), (revisions[^1].Version, revisions[^1].ChangedByName));
        Assert.Equal("test-2", (await admin.GetJsonAsync<JsonElement>("/api/classifier/rules")).GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("""{"departments":{"nowhere":{"term":2}}}""")]
    [InlineData("""{"departments":{"billing":{"":2}}}""")]
    [InlineData("""{"departments":{"billing":{"facture":0}}}""")]
    [InlineData("""{"departments":{"billing":{"facture":99}}}""")]
    [InlineData("""{"departments":{}}""")]
    [InlineData("""{"version":"x"}""")]
    public async Task Rules_InvalidReplacement_Returns400AndKeepsTheOldRules(string json)
    {
        var before = await _admin.GetJsonAsync<JsonElement>("/api/classifier/rules");

        var response = await _admin.PutAsync("/api/classifier/rules", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var after = await _admin.GetJsonAsync<JsonElement>("/api/classifier/rules");
        Assert.Equal(before.ToString(), after.ToString());
    }
}
