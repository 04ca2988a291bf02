using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using TicketRouting.Api.Tests.Infrastructure;

namespace TicketRouting.Api.Tests.Concurrency;

/// <summary>
/// Each process keeps agents' shifts and absences in memory for intake (AgentScheduleCache). Two instances on one
/// database (SQLite file, or PostgreSQL when TICKETROUTING_TEST_POSTGRES is set): a schedule or absence changed through
/// one instance applies to the very next ticket submitted through the other, whose cache was warm.
/// </summary>
public sealed class ScheduleCacheInstancesTests
{
    [Fact]
    public async Task ChangesThroughOneInstance_ApplyToTheNextTicketOfTheOther()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Routing:Classifier"] = "rules",
        };
        await using var writer = await TicketRoutingApp.StartAsync(settings, database);
        await using var intake = await TicketRoutingApp.StartAsync(settings, database);
        var supervisor = await writer.ClientForAsync(DevUsers.Supervisor);
        var portal = await intake.ClientForAsync(DevUsers.Portal);
        var now = DateTimeOffset.UtcNow;
        Assert.NotNull((await portal.SubmitAsync("Facture", "facture fausse")).Assignee); // the intake instance's cache is warm now

        // Agents 1 to 4 absent (added), agent 5 off shift (schedule replaced): nobody of billing can take the next ticket.
        var absences = new List<int>();
        for (var agent = 1; agent <= 4; agent++)
        {
            var created = await supervisor.PostAsJsonAsync($"/api/agent/{agent}/absences", new { from = now.AddHours(-1), to = now.AddDays(1) });
            await created.ExpectAsync(HttpStatusCode.Created);
            absences.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32());
        }

        var notToday = now.AddDays(3).DayOfWeek.ToString();
        await (await supervisor.PutAsJsonAsync("/api/agent/5/schedule",
            new { timeZone = "UTC", shifts = new[] { new { day = notToday, from = "09:00", to = "17:00" } } })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null((await portal.SubmitAsync("Facture", "facture fausse")).Assignee);

        // One absence cancelled (a delete only: the row count moves) → that agent gets the next ticket.
        await (await supervisor.DeleteAsync($"/api/agent/3/absences/{absences[2]}")).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(3, (await portal.SubmitAsync("Facture", "facture fausse")).Assignee?.Id);

        // Agent 5's schedule replaced by one that covers every day (delete + insert: the highest id moves) → agent 5 takes
        // the next ticket (3 holds one now).
        var allWeek = Enum.GetNames<DayOfWeek>()
            .SelectMany(day => new[] { new { day, from = "00:00", to = "12:00" }, new { day, from = "12:00", to = "00:00" } }).ToArray();
        await (await supervisor.PutAsJsonAsync("/api/agent/5/schedule", new { timeZone = "UTC", shifts = allWeek })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, (await portal.SubmitAsync("Facture", "facture fausse")).Assignee?.Id);
    }
}
