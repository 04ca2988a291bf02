using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Auth;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Api.Tickets;
using TicketRouting.Data;

namespace TicketRouting.Cli.Import;

internal sealed record ImportReport(int Imported, int AlreadyImported, List<(int Row, string? SourceId, string Reason)> Rejected);

/// <summary>
/// Imports rows through the API's own intake (<see cref="TicketIntake"/>), as POST /api/ticket writes tickets: classified
/// (or put in the department the row gives), routed with the routing policies, given an SLA due time from the row's
/// creation date, announced in the webhook outbox and passed through the workflow rules, each ticket whole in its
/// batch's transaction or not at all. The row's source id, status and creation date travel with it
/// (<see cref="TicketSource"/>): a source id stored before, by this run or another one at the same time, is not written again.
/// </summary>
internal sealed class TicketImporter(TicketIntake intake, TicketsDbContext db)
{
    public const string Actor = "import";

    // Rows waiting in the intake queue at once: enough for full batches, few enough for a bounded queue.
    private const int InFlight = 256;

    private static readonly CurrentUser Operator = CurrentUser.Operator(Actor);

    public async Task<ImportReport> ImportAsync(IReadOnlyList<FileRow> rows, Action advance, CancellationToken ct)
    {
        var departments = (await db.Departments.AsNoTracking().Select(d => d.Slug).ToListAsync(ct)).ToHashSet();
        var known = (await db.Tickets.IgnoreQueryFilters().Where(t => t.SourceId != null).Select(t => t.SourceId!).ToListAsync(ct)).ToHashSet();
        var inFile = new Dictionary<string, int>();
        var skipped = 0;
        var imported = 0;
        var rejected = new List<(int Row, string? SourceId, string Reason)>();
        // Submitted in file order (the intake queue keeps it: ticket keys follow the file), answered after their commit.
        var submitted = new Queue<(int Row, TicketSource Source, Task<TicketResponse> Written)>();

        async Task CollectAsync()
        {
            var (row, source, written) = submitted.Dequeue();
            try
            {
                await written;
                if (source.AlreadyStored)
                {
                    skipped++; // another import wrote it meanwhile
                }
                else
                {
                    imported++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                rejected.Add((row, source.Id, $"not saved: {ex.GetBaseException().Message.Split('\n')[0]}"));
            }

            advance();
        }

        foreach (var row in rows)
        {
            var (ticket, error) = row.Error is null ? ImportRow.Map(row.Values, row.Tags) : (null, row.Error);
            var sourceId = ticket?.SourceId ?? row.Values.GetValueOrDefault("id");
            if (ticket is not null && known.Contains(ticket.SourceId))
            {
                skipped++;
                advance();
                continue;
            }

            var request = ticket is null ? null : Request(ticket);
            error ??= inFile.TryGetValue(ticket!.SourceId, out var first) ? $"duplicate id: row {first} has it too"
                : ticket.Department is { } slug && !departments.Contains(slug) ? $"unknown department '{slug}'"
                : Refusal(request!);
            if (ticket is null || error is not null)
            {
                rejected.Add((row.Number, sourceId, error!));
                advance();
                continue;
            }

            inFile[ticket.SourceId] = row.Number;
            var source = new TicketSource(ticket.SourceId, ticket.Status, ticket.CreatedAt, ticket.Department);
            submitted.Enqueue((row.Number, source, intake.CreateAsync(request!, Operator, ct, source: source)));
            if (submitted.Count >= InFlight)
            {
                await CollectAsync();
            }
        }

        while (submitted.Count > 0)
        {
            await CollectAsync();
        }

        return new ImportReport(imported, skipped, rejected.OrderBy(r => r.Row).ToList());
    }

    private static CreateTicketRequest Request(ImportedTicket ticket) => new()
    {
        Subject = ticket.Subject,
        Description = ticket.Description,
        Priority = PriorityNames.Name(ticket.Priority),
        Tags = [.. ticket.Tags],
    };

    /// <summary>The endpoint's own validation (control characters, tag rules ...): the import accepts what POST /api/ticket accepts.</summary>
    private static string? Refusal(CreateTicketRequest request)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true)
            ? null
            : results[0].ErrorMessage;
    }
}
