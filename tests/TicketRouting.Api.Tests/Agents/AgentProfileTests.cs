using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Agents;

/// <summary>Skills, languages, weekly shifts and absences through HTTP, and what the workload view shows of them.</summary>
public sealed class AgentProfileTests : IntegrationTest
{
    private HttpClient _admin = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _admin = await App.ClientForAsync(DevUsers.Admin);
    }

    private async Task<JsonElement> AgentAsync(int id) => await Supervisor.GetJsonAsync<JsonElement>($"/api/agent/{id}");

    // Two windows a day, 00:00-12:00 and 12:00-00:00 (overnight), cover every minute of the week: on shift whatever the clock.
    private static object[] AllWeek() => [.. Enum.GetNames<DayOfWeek>().SelectMany(d => new object[]
        { new { day = d, from = "00:00", to = "12:00" }, new { day = d, from = "12:00", to = "00:00" } })];

    [Fact]
    public async Task SkillsAndSchedule_AreStoredNormalisedAndShownInTheWorkloadView()
    {
        var notToday = DateTimeOffset.UtcNow.AddDays(3).DayOfWeek.ToString();

        var skills = await _admin.PutAsJsonAsync("/api/agent/1/skills", new { skills = new[] { "SAP", "api", "sap" }, languages = new[] { "FR", "de" } });
        var schedule = await Supervisor.PutAsJsonAsync("/api/agent/1/schedule",
            new { timeZone = "UTC", shifts = new[] { new { day = notToday, from = "09:00", to = "17:00" } } });

        await skills.ExpectAsync(HttpStatusCode.OK);
        await schedule.ExpectAsync(HttpStatusCode.OK);
        var agent = await AgentAsync(1);
        Assert.Equal(["api", "sap"], agent.GetProperty("skills").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["de", "fr"], agent.GetProperty("languages").EnumerateArray().Select(s => s.GetString()));
        Assert.False(agent.GetProperty("onShift").GetBoolean());
        Assert.Equal(notToday.ToLowerInvariant(), agent.GetProperty("shifts")[0].GetProperty("day").GetString());

        await (await Supervisor.PutAsJsonAsync("/api/agent/1/schedule", new { timeZone = "Europe/Paris", shifts = AllWeek() })).ExpectAsync(HttpStatusCode.OK);
        var allWeek = await AgentAsync(1);
        Assert.True(allWeek.GetProperty("onShift").GetBoolean());
        Assert.Equal(14, allWeek.GetProperty("shifts").GetArrayLength());
        Assert.Equal("Europe/Paris", allWeek.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task Absence_CurrentOne_ShowsTheAgentAbsent_UntilCancelled()
    {
        var now = DateTimeOffset.UtcNow;

        var created = await Supervisor.PostAsJsonAsync("/api/agent/2/absences", new { from = now.AddHours(-1), to = now.AddDays(2), reason = "Congés" });

        await created.ExpectAsync(HttpStatusCode.Created);
        var absence = await created.Content.ReadFromJsonAsync<JsonElement>(ApiClient.Json);
        var agent = await AgentAsync(2);
        Assert.True(agent.GetProperty("absent").GetBoolean());
        Assert.Equal("Congés", agent.GetProperty("absences")[0].GetProperty("reason").GetString());
        Assert.False((await AgentAsync(3)).GetProperty("absent").GetBoolean());

        await (await Supervisor.DeleteAsync(created.Headers.Location)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.False((await AgentAsync(2)).GetProperty("absent").GetBoolean());
        await (await Supervisor.DeleteAsync($"/api/agent/2/absences/{absence.GetProperty("id").GetInt32()}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("skills", "{\"skills\":[\"s a p\"],\"languages\":[\"fr\"]}", "Skills")]
    [InlineData("skills", "{\"skills\":[\"sap\"],\"languages\":[\"french\"]}", "Languages")]
    [InlineData("skills", "{\"languages\":[\"fr\"]}", "Skills")]
    [InlineData("schedule", "{\"timeZone\":\"Mars/Olympus\",\"shifts\":[]}", "TimeZone")]
    [InlineData("schedule", "{\"timeZone\":\"UTC\",\"shifts\":[{\"day\":\"monday\",\"from\":\"9h\",\"to\":\"17:00\"}]}", "Shifts[0]")]
    [InlineData("schedule", "{\"timeZone\":\"UTC\",\"shifts\":[{\"day\":\"someday\",\"from\":\"09:00\",\"to\":\"17:00\"}]}", "Shifts[0]")]
    [InlineData("absences", "{\"from\":\"2026-12-02T00:00:00Z\",\"to\":\"2026-12-01T00:00:00Z\"}", "To")]
    public async Task BadInput_Is400WithTheField_AndNothingChanges(string resource, string json, string field)
    {
        var before = await AgentAsync(1);
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = resource == "absences"
            ? await _admin.PostAsync("/api/agent/1/absences", content)
            : await _admin.PutAsync($"/api/agent/1/{resource}", content);

        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)), $"no error for {field}: {errors}");
        Assert.Equal(before.ToString(), (await AgentAsync(1)).ToString());
    }

    [Fact]
    public async Task UnknownAgentOrWrongRole_IsRefused()
    {
        var agent = await App.ClientForAsync(DevUsers.BillingAgent);
        var skills = new { skills = new[] { "sap" }, languages = new[] { "fr" } };
        var schedule = new { timeZone = "UTC", shifts = Array.Empty<object>() };

        await (await _admin.PutAsJsonAsync("/api/agent/999/skills", skills)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PutAsJsonAsync("/api/agent/999/schedule", schedule)).ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PostAsJsonAsync("/api/agent/999/absences", new { from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(1) }))
            .ExpectProblemAsync(HttpStatusCode.NotFound);
        await (await Supervisor.PutAsJsonAsync("/api/agent/1/skills", skills)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await agent.PutAsJsonAsync("/api/agent/1/schedule", schedule)).ExpectAsync(HttpStatusCode.Forbidden);
        await (await agent.PostAsJsonAsync("/api/agent/1/absences", new { from = DateTimeOffset.UtcNow, to = DateTimeOffset.UtcNow.AddDays(1) }))
            .ExpectAsync(HttpStatusCode.Forbidden);
    }
}
