using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Cli.Database;

/// <summary>Operators' read-only views of the tickets, and the export of labelled tickets for training.</summary>
internal static class TicketCommands
{
    public static IEnumerable<Command> Create()
    {
        var tickets = new Command("tickets", "Add, update and list tickets, or show counts by status.");
        tickets.Subcommands.Add(TicketWriteCommands.Add());
        tickets.Subcommands.Add(TicketWriteCommands.Update());
        tickets.Subcommands.Add(List());
        tickets.Subcommands.Add(Stats());
        yield return tickets;
        yield return Export();
        yield return Import.ImportCommands.Import();
    }

    private static Command List()
    {
        var status = new Option<TicketStatus?>("--status") { Description = "Open, InProgress, Blocked or Closed" };
        var department = new Option<string?>("--department") { Description = "Department slug" };
        var limit = new Option<int>("--limit") { Description = "How many", DefaultValueFactory = _ => 20 };
        var sort = new Option<string?>("--sort") { Description = $"Sort field: {TicketListQuery.SortFields} (default: created, newest first)" };
        var ascending = new Option<bool>("--asc") { Description = "Ascending order (default: descending)" };
        var filter = new Option<string[]>("--filter") { Description = $"FIELD=VALUE, repeatable: {TicketListQuery.FilterFields}", AllowMultipleArgumentsPerToken = false };
        var command = new Command("list", "Tickets with department, assignee and routing confidence, filtered and sorted.")
        {
            status, department, limit, sort, ascending, filter,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliDatabase.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
            var query = db.Tickets.AsNoTracking();
            if (parse.GetValue(status) is { } s)
            {
                query = query.Where(t => t.Status == s);
            }

            if (parse.GetValue(department) is { } slug)
            {
                query = query.Where(t => t.Department.Slug == slug);
            }

            (query, var error) = TicketListQuery.Filter(query, parse.GetValue(filter) ?? []);
            if (error is null)
            {
                (query, error) = TicketListQuery.Sort(query, parse.GetValue(sort), descending: !parse.GetValue(ascending));
            }

            if (error is not null)
            {
                await Console.Error.WriteLineAsync($"error: {error}");
                return 2;
            }

            var rows = await query.Take(Math.Clamp(parse.GetValue(limit), 1, 1000))
                .Select(t => new { t.Id, t.Status, t.Priority, t.Department.Slug, Agent = t.Assignee!.Name, t.Routing!.Confidence, t.Subject })
                .ToListAsync(ct);
            foreach (var t in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Ticket.FormatKey(t.Id),-10} {t.Status,-10} {t.Priority,-8} {t.Slug,-10} {t.Agent ?? "(queue)",-20} {t.Confidence,5:0.00}  {t.Subject}"));
            }

            return 0;
        });
        return command;
    }

    private static Command Stats()
    {
        var command = new Command("stats", "Tickets by department and status, and each department's queue.");
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliDatabase.Services(parse);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
            var counts = await db.Tickets.GroupBy(t => new { t.Department.Slug, t.Status, Queued = t.AssigneeId == null })
                .Select(g => new CountRow(g.Key.Slug, g.Key.Status, g.Key.Queued, g.Count())).ToListAsync(ct);
            Console.WriteLine($"{"department",-12} {"open",6} {"in_prog",8} {"blocked",8} {"closed",7} {"queue",6}");
            foreach (var slug in counts.Select(c => c.Slug).Distinct().Order())
            {
                int Sum(Func<CountRow, bool> where) => counts.Where(c => c.Slug == slug).Where(where).Sum(c => c.Count);
                Console.WriteLine($"{slug,-12} {Sum(c => c.Status == TicketStatus.Open),6} {Sum(c => c.Status == TicketStatus.InProgress),8} "
                    + $"{Sum(c => c.Status == TicketStatus.Blocked),8} {Sum(c => c.Status == TicketStatus.Closed),7} "
                    + $"{Sum(c => c.Queued && c.Status != TicketStatus.Closed),6}");
            }

            Console.WriteLine($"total: {counts.Sum(c => c.Count)}");
            return 0;
        });
        return command;
    }

    private static Command Export()
    {
        var output = new Option<string?>("--out") { Description = "Labelled training CSV to write (subject, description, label)" };
        var json = new Option<string?>("--json") { Description = "Every ticket as JSON, in the shape `import --json` reads" };
        var command = new Command("export", "Export tickets as JSON (--json), or the confirmed tickets as labelled training CSV (--out).") { output, json };
        command.SetAction(async (parse, ct) =>
        {
            if ((parse.GetValue(output) is null) == (parse.GetValue(json) is null))
            {
                await Console.Error.WriteLineAsync("error: give exactly one of --out FILE or --json FILE");
                return 2;
            }

            if (parse.GetValue(json) is { } jsonPath)
            {
                return await Import.ImportCommands.ExportJsonAsync(parse, jsonPath, ct);
            }

            var rows = ServiceTickets.Load(parse);
            var path = parse.GetValue(output)!;
            await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
            await writer.WriteLineAsync("subject,description,label");
            foreach (var row in rows)
            {
                await writer.WriteLineAsync($"{Quote(row.Subject)},{Quote(row.Description)},{Quote(row.Label)}");
            }

            Console.WriteLine($"wrote {rows.Count} rows to {path}");
            return 0;
        });
        return command;
    }

    private sealed record CountRow(string Slug, TicketStatus Status, bool Queued, int Count);

    // RFC 4180: quote every field, double the quotes inside.
    private static string Quote(string value) => $"\"{value.Replace("\"", "\"\"")}\"";
}
