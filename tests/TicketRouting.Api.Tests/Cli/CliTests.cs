using System.Net;
using System.Net.Http.Json;
using TicketRouting.Api.Tests.Infrastructure;
using TicketRouting.Cli;

namespace TicketRouting.Api.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The operator CLI, run in-process with the same command tree as the `ticketrouting` tool.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliTests
{
    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        await using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var exit = await CliApp.Build().Parse(args).InvokeAsync();
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public async Task MigrateAndSeed_EmptySqliteFile_CreatesSchemaAndSeedsOnce()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("ticketrouting-cli-").FullName, "tickets.db");
        var connection = $"Data Source={file}";

        var migrate = await RunAsync("migrate", "--connection", connection);
        var seed = await RunAsync("seed", "--connection", connection);
        var again = await RunAsync("seed", "--connection", connection);
        var remigrate = await RunAsync("migrate", "--connection", connection);

        Assert.Equal(0, migrate.Exit);
        Assert.Contains("Applied 8 migration(s)", migrate.Output);
        Assert.Contains("Added 7 departments, 35 agents, 532 rules, 0 users.", seed.Output);
        Assert.Contains("Added 0 departments, 0 agents, 0 rules, 0 users.", again.Output);
        Assert.Contains("Database is up to date.", remigrate.Output);
    }

    [Theory]
    [InlineData("Bonjour, ma facture de mars est fausse, j'ai été prélevé deux fois", "billing")]
    [InlineData("The app crashes with an error when I open settings", "technical")]
    [InlineData("asdf qwerty", "general (needs review)")]
    public async Task Classify_Text_PrintsDepartmentConfidenceAndEvidence(string text, string expected)
    {
        var (exit, output) = await RunAsync("classify", text);

        Assert.Equal(0, exit);
        Assert.Contains($"department:  {expected}", output);
        Assert.Contains("confidence:", output);
    }

    [Fact]
    public async Task Evaluate_RulesOnHeldOutTickets_PrintsAccuracyAndConfusionMatrix()
    {
        var (exit, output) = await RunAsync("evaluate", "--rules", "--data", "models/eval/handwritten-holdout-2.csv");

        Assert.Equal(0, exit);
        Assert.Contains("accuracy", output);
        Assert.Contains("macro-F1", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("billing", output);
    }

    [Fact]
    public async Task ExportAndStats_ServiceDatabase_ExportOnlyConfirmedTicketsWithFinalDepartment()
    {
        await using var database = await TestDatabase.CreateSqliteAsync();
        await using (var app = await TicketRoutingApp.StartAsync(database: database))
        {
            var portal = await app.ClientForAsync(DevUsers.Portal);
            var supervisor = await app.ClientForAsync(DevUsers.Supervisor);
            var closed = await portal.SubmitAsync("Facture", "facture fausse");
            var corrected = await portal.SubmitAsync("asdf", "my parcel never arrived, tracking is stuck");
            await portal.SubmitAsync("Crash", "the app crashes"); // open, unconfirmed: not a label
            await (await supervisor.PatchJsonAsync($"/api/ticket/{closed.Id}", new { status = "closed" })).ExpectAsync(HttpStatusCode.OK);
            var target = corrected.Department.Slug == "orders" ? 7 : 3; // move it to another department
            await (await supervisor.PostAsJsonAsync($"/api/ticket/{corrected.Id}/reassign", new { departmentId = target, reason = "correction" }))
                .ExpectAsync(HttpStatusCode.OK);
        }

        var csv = Path.Combine(Directory.CreateTempSubdirectory("ticketrouting-export-").FullName, "tickets.csv");
        var export = await RunAsync("export", "--connection", database.ConnectionString, "--out", csv);
        var stats = await RunAsync("tickets", "stats", "--connection", database.ConnectionString);
        var list = await RunAsync("tickets", "list", "--connection", database.ConnectionString);

        Assert.Equal(0, export.Exit);
        var lines = await File.ReadAllLinesAsync(csv);
        Assert.Equal("subject,description,label", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("\"Facture\"") && l.EndsWith("\"billing\""));
        Assert.Contains("total: 3", stats.Output);
        Assert.Contains("TSK-1003", list.Output);
    }
}
