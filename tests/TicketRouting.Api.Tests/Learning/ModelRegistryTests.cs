using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Learning;

namespace TicketRouting.Api.Tests.Learning;

public sealed class ModelRegistryTests
{
    private static async Task<(TicketRoutingApp App, HelpdeskTickets Helpdesk, HttpClient Admin, HttpClient Portal)> StartAsync(
        Dictionary<string, string?>? settings = null)
    {
        var app = await TicketRoutingApp.StartAsync(LearningLoopTests.RulesOnly(settings));
        var admin = await app.ClientForAsync(DevUsers.Admin);
        var portal = await app.ClientForAsync(DevUsers.Portal);
        var helpdesk = new HelpdeskTickets(admin, portal, await app.ClientForAsync(DevUsers.Supervisor));
        await helpdesk.CreateDepartmentsAsync();
        return (app, helpdesk, admin, portal);
    }

    private static async Task<string> RouteAsync(HttpClient portal, HelpdeskTickets helpdesk, string department)
    {
        var (subject, description) = helpdesk.Text(department);
        return (await portal.SubmitAsync(subject, description)).Department.Slug;
    }

    [Fact]
    public async Task Replay_Guard_Force_Rollback_EachRoutesAsTheActiveModelSays()
    {
        var (app, helpdesk, admin, portal) = await StartAsync();
        await using var _ = app;
        await helpdesk.SubmitAndConfirmAsync(perDepartment: 10);

        // Trained, not activated: the replay shows what it would change before anyone activates it.
        var good = await helpdesk.TrainAsync(new { activate = false });
        var goodId = good.GetProperty("id").GetInt32();
        Assert.False(good.GetProperty("active").GetBoolean());
        var replay = (await admin.GetJsonAsync<JsonElement>($"/api/classifier/models/{goodId}/replay")).GetProperty("report");
        Assert.Equal(50, replay.GetProperty("tickets").GetInt32());
        Assert.True(replay.GetProperty("wouldMove").GetInt32() >= 40, replay.ToString());
        Assert.True(replay.GetProperty("candidateAccuracy").GetDouble() > 0.8, replay.ToString());
        Assert.Equal(0, replay.GetProperty("activeAccuracy").GetDouble());
        Assert.Contains(replay.GetProperty("confusionChanges").EnumerateArray(),
            c => c.GetProperty("actual").GetString() == "database" && c.GetProperty("routedTo").GetString() == "database");
        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        Assert.Equal(0, (await admin.GetJsonAsync<JsonElement>($"/api/classifier/models/{goodId}/replay?since={future}"))
            .GetProperty("report").GetProperty("tickets").GetInt32());
        Assert.NotEqual("network", await RouteAsync(portal, helpdesk, "network"));

        await (await admin.PostAsync($"/api/classifier/models/{goodId}/activate", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("network", await RouteAsync(portal, helpdesk, "network"));

        // Most corrections of three departments are deleted: the next model cannot know them and is refused.
        foreach (var (id, _) in helpdesk.Confirmed.Where(c => c.Department is "application" or "database" or "network"
            && !HeldOutSlice.Contains(c.Id, every: 5)))
        {
            await (await admin.DeleteAsync($"/api/ticket/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        }

        var worse = await helpdesk.TrainAsync(new { activate = true });
        Assert.Equal(("ready", false), (worse.GetProperty("status").GetString(), worse.GetProperty("active").GetBoolean()));
        Assert.StartsWith("Not activated: worse than the active classifier", worse.GetProperty("reason").GetString());
        var metrics = worse.GetProperty("metrics");
        Assert.True(metrics.GetProperty("model").GetProperty("accuracy").GetDouble() < metrics.GetProperty("baseline").GetProperty("accuracy").GetDouble());
        Assert.Equal("network", await RouteAsync(portal, helpdesk, "network"));

        // Activating it by hand meets the same guard: 409, marked as forceable, and nothing changes.
        var refused = await (await admin.PostAsync($"/api/classifier/models/{worse.GetProperty("id").GetInt32()}/activate", null))
            .ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.StartsWith("Not activated: worse than", refused.GetProperty("detail").GetString());
        Assert.True(refused.GetProperty("forceable").GetBoolean());
        Assert.Equal("network", await RouteAsync(portal, helpdesk, "network"));

        var forced = await helpdesk.TrainAsync(new { activate = true, force = true });
        Assert.True(forced.GetProperty("active").GetBoolean());
        Assert.NotEqual("network", await RouteAsync(portal, helpdesk, "network"));

        // Rollback: activate the good model again.
        await (await admin.PostAsync($"/api/classifier/models/{goodId}/activate", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("network", await RouteAsync(portal, helpdesk, "network"));
        var models = await admin.GetJsonAsync<List<JsonElement>>("/api/classifier/models");
        Assert.Equal([goodId], models.Where(m => m.GetProperty("active").GetBoolean()).Select(m => m.GetProperty("id").GetInt32()));
        Assert.Equal(3, models.Count);
    }

    [Fact]
    public async Task Registry_WrongRoleUnknownIdBadBodyAndBusy_AnswerProblems()
    {
        var (app, _, admin, portal) = await StartAsync(new() { ["Routing:Learning:BaseData"] = "" });
        await using var _ = app;
        var supervisor = await app.ClientForAsync(DevUsers.Supervisor);

        await (await supervisor.PostAsJsonAsync("/api/classifier/models", new { activate = true })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await portal.GetAsync("/api/classifier/models")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await supervisor.PostAsync("/api/classifier/models/1/activate", null)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await admin.GetAsync("/api/classifier/models/999")).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PostAsync("/api/classifier/models/999/activate", null)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/classifier/models/999/replay")).ExpectProblemAsync(HttpStatusCode.NotFound);
        var badBody = new StringContent("{\"activate\": \"yes\"}", Encoding.UTF8, "application/json");
        await (await admin.PostAsync("/api/classifier/models", badBody)).ExpectProblemAsync(HttpStatusCode.BadRequest);

        // No confirmed tickets and no base data: the training fails with its reason, and cannot be activated.
        var helpdesk = new HelpdeskTickets(admin, portal, supervisor);
        var failed = await helpdesk.TrainAsync(new { activate = true });
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("Not enough data", failed.GetProperty("reason").GetString());
        var failedId = failed.GetProperty("id").GetInt32();
        await (await admin.PostAsync($"/api/classifier/models/{failedId}/activate", null)).ExpectProblemAsync(HttpStatusCode.Conflict);
        await (await admin.GetAsync($"/api/classifier/models/{failedId}/replay")).ExpectProblemAsync(HttpStatusCode.Conflict);

        // Another process is training (its row is in the database): a second training is refused, whoever asks.
        var busy = await app.WithDbAsync(async db =>
        {
            var row = new ClassifierModel { Version = "elsewhere", RequestedBy = "other process", CreatedAt = DateTimeOffset.UtcNow };
            db.ClassifierModels.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        var conflict = await (await admin.PostAsJsonAsync("/api/classifier/models", new { })).ExpectProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("being trained", conflict.GetProperty("detail").GetString());
        await (await admin.PostAsync($"/api/classifier/models/{busy}/activate", null)).ExpectProblemAsync(HttpStatusCode.Conflict);

        // A training whose process died long ago no longer blocks: it is marked failed and the new one starts.
        await app.WithDbAsync(db => db.ClassifierModels.Where(m => m.Id == busy)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CreatedAt, DateTimeOffset.UtcNow.AddHours(-2))));
        var restarted = await admin.PostAsJsonAsync("/api/classifier/models", new { });
        await restarted.ExpectAsync(HttpStatusCode.Accepted);
        var abandoned = await admin.GetJsonAsync<JsonElement>($"/api/classifier/models/{busy}");
        Assert.Equal("failed", abandoned.GetProperty("status").GetString());
        Assert.StartsWith("Abandoned", abandoned.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task RetrainAfter_EnoughConfirmedTickets_TrainsAndActivatesOnceAcrossTwoInstances()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = LearningLoopTests.RulesOnly(new() { ["Routing:Learning:RetrainAfter"] = "20" });
        await using var first = await TicketRoutingApp.StartAsync(settings, database);
        await using var second = await TicketRoutingApp.StartAsync(settings, database);
        var admin = await first.ClientForAsync(DevUsers.Admin);
        var portal = await second.ClientForAsync(DevUsers.Portal);
        // Departments are created on the first instance: its supervisor confirms, the second one's portal submits.
        var helpdesk = new HelpdeskTickets(admin, portal, await first.ClientForAsync(DevUsers.Supervisor));
        await helpdesk.CreateDepartmentsAsync();

        await helpdesk.SubmitAndConfirmAsync(perDepartment: 6);

        var deadline = DateTime.UtcNow.AddSeconds(300); // a bound on a hang, not a timing target
        List<JsonElement> models;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "no automatic training became active");
            await Task.Delay(200);
            models = await admin.GetJsonAsync<List<JsonElement>>("/api/classifier/models");
        }
        while (!models.Any(m => m.GetProperty("active").GetBoolean()));

        await Task.Delay(2500); // two more refresh intervals: nobody starts a second training
        models = await admin.GetJsonAsync<List<JsonElement>>("/api/classifier/models");
        var model = Assert.Single(models);
        Assert.Equal("automatic", model.GetProperty("requestedBy").GetString());
        Assert.Equal("security", await RouteAsync(portal, helpdesk, "security"));
    }
}
