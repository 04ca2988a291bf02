using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Data.Learning;

namespace TicketRouting.Api.Tests.Learning;

/// <summary>
/// The learning loop through HTTP: a service that starts with rules only, departments created through the API,
/// a supervisor's corrections, a model trained and activated in the registry, and every instance on the
/// database routing with it without a restart.
/// </summary>
public sealed class LearningLoopTests
{
    public static Dictionary<string, string?> RulesOnly(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Routing:ModelPath"] = "no-model-on-day-one.bin",
            ["Routing:RefreshSeconds"] = "1",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task TrainAndActivate_OnCorrectedTicketsOfNewDepartments_RoutesNextTicketsByTheModelOnEveryInstance()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = RulesOnly();
        await using var first = await TicketRoutingApp.StartAsync(settings, database);
        await using var second = await TicketRoutingApp.StartAsync(settings, database);
        var portal = await first.ClientForAsync(DevUsers.Portal);
        var helpdesk = new HelpdeskTickets(
            await first.ClientForAsync(DevUsers.Admin), portal, await first.ClientForAsync(DevUsers.Supervisor));
        await helpdesk.CreateDepartmentsAsync();
        var before = await portal.SubmitAsync("sql problem", "Hello, the oracle schema and the deadlock fail again today.");
        Assert.Equal("rules", before.Routing!.Classifier);
        Assert.NotEqual("database", before.Department.Slug);
        await helpdesk.SubmitAndConfirmAsync(perDepartment: 10);

        var model = await helpdesk.TrainAsync(new { activate = true });

        Assert.Equal(("ready", true, null), (model.GetProperty("status").GetString(), model.GetProperty("active").GetBoolean(), model.GetProperty("reason").GetString()));
        var metrics = model.GetProperty("metrics");
        var heldOut = helpdesk.Confirmed.Where(c => HeldOutSlice.Contains(c.Id, every: 5)).ToList();
        Assert.Equal(heldOut.Count, metrics.GetProperty("heldOutTickets").GetInt32());
        Assert.True(metrics.GetProperty("model").GetProperty("accuracy").GetDouble() > metrics.GetProperty("baseline").GetProperty("accuracy").GetDouble());
        Assert.Equal("rules", metrics.GetProperty("baseline").GetProperty("classifier").GetString());
        Assert.Equal(10 - heldOut.Count(c => c.Department == "database"),
            model.GetProperty("trainingData").GetProperty("serviceTickets").GetProperty("database").GetInt32());
        Assert.False(model.GetProperty("trainingData").GetProperty("baseRows").TryGetProperty("database", out _));
        Assert.True(model.GetProperty("trainingData").GetProperty("baseRows").GetProperty("billing").GetInt32() > 0);
        var threshold = model.GetProperty("thresholds").GetProperty("network");
        Assert.InRange(threshold.GetProperty("threshold").GetDouble(), 0, 1);
        Assert.InRange(threshold.GetProperty("precision").GetDouble(), 0, 1);
        Assert.InRange(threshold.GetProperty("coverage").GetDouble(), 0, 1);
        foreach (var department in HelpdeskTickets.Vocabulary.Keys)
        {
            var ticket = await portal.SubmitAsync(helpdesk.Text(department).Subject, helpdesk.Text(department).Description);
            Assert.Equal((department, "hybrid", false), (ticket.Department.Slug, ticket.Routing!.Classifier, ticket.Routing.NeedsReview));
        }

        // The second instance never trained nor was told: it finds the active model in the database.
        var supervisorOnSecond = await second.ClientForAsync(DevUsers.Supervisor);
        var networkTicket = helpdesk.Text("network"); // routed to network by the first instance above
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var response = await supervisorOnSecond.PostAsJsonAsync("/api/classifier/predict", new { subject = networkTicket.Subject, description = networkTicket.Description });
            var prediction = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (prediction.GetProperty("department").GetString() == "network")
            {
                Assert.Contains(model.GetProperty("version").GetString()!, prediction.GetProperty("version").GetString());
                break;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), $"the second instance still routes with {prediction}");
            await Task.Delay(100);
        }

        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"took {waited.Elapsed}");
    }
}
