using static TicketRouting.Api.Tests.Cli.CliRunner;
using System.Text.Json;
using TicketRouting.Cli;

namespace TicketRouting.Api.Tests.Cli;

/// <summary>`import` and `export --json`, run in-process on a migrated and seeded SQLite file.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ImportExportTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ticketrouting-import-").FullName;
    private string Connection => $"Data Source={Path.Combine(_folder, "tickets.db")}";

    private const string TeamFile = """
        [
          {"id": "T-1", "titre": "Facture fausse", "description": "Ma facture de mars est fausse, j'ai été prélevé deux fois",
           "priorite": "haute", "statut": "ouvert", "tags": ["facture", "Mars"], "date_creation": "2026-03-02T09:15:00Z"},
          {"id": 2, "title": "App crash", "description": "The app crashes with an error when I open settings",
           "priority": "low", "status": "en cours", "created_at": "2026-03-03"},
          {"id": "T-3", "titre": "Colis perdu", "description": "Mon colis n'est jamais arrivé", "statut": "fermé"},
          {"id": "T-4", "titre": "Statut inconnu", "description": "x", "statut": "peut-être"},
          {"titre": "Sans id", "description": "x"},
          {"id": "T-1", "titre": "Doublon", "description": "Le même id que la première ligne"},
          {"id": "T-7", "description": "Pas de titre"},
          {"id": "T-8", "titre": "Mauvaise date", "description": "x", "date": "hier"},
          "pas un objet"
        ]
        """;

    [Fact]
    public async Task ImportJson_GoodBadAndDuplicateRows_ImportsTheGoodOnesOnce_AndExportGivesThemBack()
    {
        await RunAsync("migrate", "--connection", Connection);
        await RunAsync("seed", "--connection", Connection);
        var file = Path.Combine(_folder, "team.json");
        await File.WriteAllTextAsync(file, TeamFile);

        var first = await RunAsync("import", "--json", file, "--connection", Connection);
        var second = await RunAsync("import", "--json", file, "--connection", Connection);
        var export = Path.Combine(_folder, "export.json");
        var exported = await RunAsync("export", "--json", export, "--connection", Connection);

        Assert.Equal(0, first.Exit);
        Assert.Contains("imported: 3, already imported: 0, rejected: 6", first.Output);
        Assert.Contains("row 4 (id T-4): unknown status 'peut-être'", first.Output);
        Assert.Contains("row 5: no id", first.Output);
        Assert.Contains("row 6 (id T-1): duplicate id: row 1 has it too", first.Output);
        Assert.Contains("row 7 (id T-7): no title (titre)", first.Output);
        Assert.Contains("row 8 (id T-8): creation date 'hier' is not a date", first.Output);
        Assert.Contains("row 9: not a JSON object", first.Output);
        Assert.Contains("imported: 0, already imported: 4, rejected: 5", second.Output); // T-1 twice in the file, 2, T-3
        Assert.Equal(0, exported.Exit);
        var tickets = JsonSerializer.Deserialize<List<Exported>>(await File.ReadAllTextAsync(export), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(["2", "T-1", "T-3"], tickets.Select(t => t.Id).Order());
        var billing = tickets.Single(t => t.Id == "T-1");
        Assert.Equal(("billing", "open", "high"), (billing.Department, billing.Status, billing.Priority));
        Assert.Equal(["facture", "mars"], billing.Tags);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.Zero), billing.CreatedAt);
        var technical = tickets.Single(t => t.Id == "2");
        Assert.Equal(("technical", "in_progress", "low"), (technical.Department, technical.Status, technical.Priority));
        Assert.Equal("closed", tickets.Single(t => t.Id == "T-3").Status);
    }

    [Fact]
    public async Task ImportCsv_MapsTheSameFieldNames_AndAnExportedFileReimportsIntoAnotherDatabase()
    {
        await RunAsync("migrate", "--connection", Connection);
        await RunAsync("seed", "--connection", Connection);
        var csv = Path.Combine(_folder, "team.csv");
        await File.WriteAllTextAsync(csv, """
            id,titre,description,priorite,statut,tags,date de création
            C-1,Facture,"Ma facture est fausse, prélevé deux fois",critique,fermé,facture;litige,02/03/2026
            C-2,Colis,Mon colis n'est jamais arrivé,moyenne,bizarre,,
            """);

        var imported = await RunAsync("import", "--csv", csv, "--connection", Connection);
        var export = Path.Combine(_folder, "export.json");
        await RunAsync("export", "--json", export, "--connection", Connection);
        var other = $"Data Source={Path.Combine(_folder, "other.db")}";
        await RunAsync("migrate", "--connection", other);
        await RunAsync("seed", "--connection", other);
        var reimported = await RunAsync("import", "--json", export, "--connection", other);

        Assert.Contains("imported: 1, already imported: 0, rejected: 1", imported.Output);
        Assert.Contains("row 2 (id C-2): unknown status 'bizarre'", imported.Output);
        Assert.Contains("imported: 1, already imported: 0, rejected: 0", reimported.Output);
        var ticket = Assert.Single(JsonSerializer.Deserialize<List<Exported>>(await File.ReadAllTextAsync(export), new JsonSerializerOptions(JsonSerializerDefaults.Web))!);
        Assert.Equal(("C-1", "closed", "critical", "billing"), (ticket.Id, ticket.Status, ticket.Priority, ticket.Department));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero), ticket.CreatedAt);
    }

    [Fact]
    public async Task TicketsList_FiltersAndSortsTheImportedTickets()
    {
        await RunAsync("migrate", "--connection", Connection);
        await RunAsync("seed", "--connection", Connection);
        var file = Path.Combine(_folder, "team.json");
        await File.WriteAllTextAsync(file, TeamFile);
        await RunAsync("import", "--json", file, "--connection", Connection);

        var open = await RunAsync("tickets", "list", "--filter", "status=open", "--connection", Connection);
        var byPriority = await RunAsync("tickets", "list", "--sort", "priority", "--asc", "--filter", "department=billing", "--filter", "tag=facture", "--connection", Connection);
        var bySubject = await RunAsync("tickets", "list", "--sort", "subject", "--asc", "--connection", Connection);
        var badSort = await RunAsync("tickets", "list", "--sort", "colour", "--connection", Connection);
        var badFilter = await RunAsync("tickets", "list", "--filter", "status=maybe", "--connection", Connection);

        Assert.Equal(["Facture fausse"], Subjects(open.Output));
        Assert.Equal(["Facture fausse"], Subjects(byPriority.Output));
        Assert.Equal(["App crash", "Colis perdu", "Facture fausse"], Subjects(bySubject.Output));
        Assert.Equal((2, "error: --sort 'colour': use one of created, updated, priority, status, key, subject"), (badSort.Exit, badSort.Error.Trim()));
        Assert.Equal(2, badFilter.Exit);
        Assert.Single(badFilter.Error.Trim().Split('\n'));
    }

    private static List<string> Subjects(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => new[] { "Facture fausse", "App crash", "Colis perdu" }.First(line.Contains)).ToList();

    [Theory]
    [InlineData("import")]
    [InlineData("import --json missing.json")]
    [InlineData("import --json bad.json")]
    [InlineData("export")]
    public async Task BadInvocationOrFile_IsOneLineAndExitCode2(string command)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "bad.json"), "{ not json");
        var args = command.Split(' ').Select(a => a.EndsWith(".json") ? Path.Combine(_folder, a) : a).Concat(["--connection", Connection]);

        var (exit, _, error) = await RunAsync([.. args]);

        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("error: ", error);
    }

    private sealed record Exported(string Id, string Title, string Status, string Priority, List<string> Tags, DateTimeOffset CreatedAt, string Department);

}
