using static TicketRouting.Api.Tests.Cli.CliRunner;
using TicketRouting.Api.Tests.Cli;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Cli;

namespace TicketRouting.Api.Tests.Learning;

/// <summary>`ticketrouting replay` on the database a service filled: a candidate from the registry, or bad arguments.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ReplayCommandTests
{
    [Fact]
    public async Task Replay_RegistryModelOnConfirmedTickets_PrintsMovesAccuracyAndConfusionChanges()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        int modelId;
        await using (var app = await TicketRoutingApp.StartAsync(LearningLoopTests.RulesOnly(), database))
        {
            var admin = await app.ClientForAsync(DevUsers.Admin);
            var helpdesk = new HelpdeskTickets(admin, await app.ClientForAsync(DevUsers.Portal), await app.ClientForAsync(DevUsers.Supervisor));
            await helpdesk.CreateDepartmentsAsync();
            await helpdesk.SubmitAndConfirmAsync(perDepartment: 4);
            modelId = (await helpdesk.TrainAsync(new { activate = false })).GetProperty("id").GetInt32();
        }

        var replay = await RunAsync("replay", "--model", $"{modelId}", "--connection", database.ConnectionString);
        var unknown = await RunAsync("replay", "--model", "999", "--connection", database.ConnectionString);
        var missingFile = await RunAsync("replay", "--model", "nowhere/model.bin", "--connection", database.ConnectionString);

        Assert.Equal(0, replay.Exit);
        Assert.Contains("tickets:    20 confirmed", replay.Output);
        Assert.Matches("accuracy:   active 0[.]000, candidate (0[.][5-9]|1[.]0)", replay.Output);
        Assert.Matches("database +database +0 +[1-9]", replay.Output);
        Assert.Equal((2, "error: model 999 does not exist in the registry"), (unknown.Exit, unknown.Error.Trim()));
        Assert.Equal(2, missingFile.Exit);
        Assert.Single(missingFile.Error.Trim().Split('\n'));
    }
}
