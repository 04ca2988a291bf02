using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;
using TicketRouting.Api.Tickets;
using TicketRouting.Cli.Database;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Cli.Import;

/// <summary>`import --json|--csv FILE` and `export --json FILE`: tickets in and out in the teams' own file shape.</summary>
internal static class ImportCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Import()
    {
        var json = new Option<string?>("--json") { Description = "A JSON array of tickets (id, titre/title, description, priorite/priority, statut/status, tags, date)" };
        var csv = new Option<string?>("--csv") { Description = "A CSV file with a header row using the same field names" };
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Routing:MinConfidence (default: the API's setting, 0.55)" };
        var command = new Command("import", "Import tickets through the API's intake; routes those without a department, keeps their status and date, skips ids imported before.")
        {
            json, csv, minConfidence,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (jsonPath, csvPath) = (parse.GetValue(json), parse.GetValue(csv));
            if ((jsonPath is null) == (csvPath is null))
            {
                return await FailAsync("give exactly one of --json FILE or --csv FILE");
            }

            try
            {
                var rows = jsonPath is not null ? ImportFile.ReadJson(jsonPath) : ImportFile.ReadCsv(csvPath!);
                var settings = parse.GetValue(minConfidence) is { } threshold
                    ? new Dictionary<string, string?> { ["Routing:MinConfidence"] = threshold.ToString(CultureInfo.InvariantCulture) }
                    : [];
                await using var api = await ApiServices.StartAsync(parse, settings, ct);
                await using var scope = api.Services.CreateAsyncScope();
                var importer = new TicketImporter(
                    scope.ServiceProvider.GetRequiredService<TicketIntake>(), scope.ServiceProvider.GetRequiredService<TicketsDbContext>());
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
                ImportReport report = null!;
                await console.Progress().StartAsync(async context =>
                {
                    var task = context.AddTask("importing", maxValue: Math.Max(1, rows.Count));
                    report = await importer.ImportAsync(rows, () => task.Increment(1), ct);
                });
                Print(report);
                return 0;
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or UnauthorizedAccessException or DbException
                                           or InvalidOperationException or OptionsValidationException)
            {
                return await FailAsync(ex.Message.Split('\n')[0]);
            }
        });
        return command;
    }

    /// <summary>Writes every live ticket in the import shape; importing the file elsewhere gives the same tickets.</summary>
    public static async Task<int> ExportJsonAsync(ParseResult parse, string path, CancellationToken ct)
    {
        try
        {
            await using var services = CliDatabase.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
            var tickets = await db.Tickets.AsNoTracking().OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.SourceId, t.Subject, t.Description, t.Priority, t.Status, Tags = t.Tags.Select(x => x.Tag).ToList(), t.CreatedAt, t.Department.Slug })
                .ToListAsync(ct);
            var shaped = tickets.Select(t => new ExportedTicket(
                t.SourceId ?? Ticket.FormatKey(t.Id), t.Subject, t.Description, Name(t.Priority), Name(t.Status), t.Tags.Order().ToList(), t.CreatedAt, t.Slug));
            await using var file = File.Create(path);
            await JsonSerializer.SerializeAsync(file, shaped, Json, ct);
            Console.WriteLine($"wrote {tickets.Count} tickets to {path}");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException or InvalidOperationException)
        {
            return await FailAsync(ex.Message.Split('\n')[0]);
        }
    }

    private sealed record ExportedTicket(
        string Id, string Title, string Description, string Priority, string Status, List<string> Tags, DateTimeOffset CreatedAt, string Department);

    private static string Name(TicketPriority priority) => priority.ToString().ToLowerInvariant();

    private static string Name(TicketStatus status) => status == TicketStatus.InProgress ? "in_progress" : status.ToString().ToLowerInvariant();

    private static void Print(ImportReport report)
    {
        Console.WriteLine($"imported: {report.Imported}, already imported: {report.AlreadyImported}, rejected: {report.Rejected.Count}");
        foreach (var (row, sourceId, reason) in report.Rejected)
        {
            Console.WriteLine($"  row {row}{(sourceId is null ? "" : $" (id {sourceId})")}: {reason}");
        }
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"error: {message}");
        return 2;
    }
}
