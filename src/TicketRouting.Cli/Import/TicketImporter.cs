using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Cli.Import;

internal sealed record ImportReport(int Imported, int AlreadyImported, List<(int Row, string? SourceId, string Reason)> Rejected);

/// <summary>
/// Saves imported tickets one by one (each row its own transaction, so a bad row never stops the others or
/// half-writes), skipping source ids imported before. Tickets without a department are routed by the active
/// classifier; they keep their status and wait unassigned in their department's queue.
/// </summary>
internal sealed class TicketImporter(TicketsDbContext db, IClassifier classifier, ConfidencePolicy policy, TimeProvider clock)
{
    public const string Actor = "import";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ImportReport> ImportAsync(IReadOnlyList<FileRow> rows, Action advance, CancellationToken ct)
    {
        var departments = await db.Departments.AsNoTracking().ToDictionaryAsync(d => d.Slug, d => d.Id, ct);
        var known = (await db.Tickets.IgnoreQueryFilters().Where(t => t.SourceId != null).Select(t => t.SourceId!).ToListAsync(ct)).ToHashSet();
        var inFile = new Dictionary<string, int>();
        var imported = 0;
        var skipped = 0;
        var rejected = new List<(int, string?, string)>();
        foreach (var row in rows)
        {
            var (ticket, error) = row.Error is null ? ImportRow.Map(row.Values, row.Tags) : (null, row.Error);
            var sourceId = ticket?.SourceId ?? row.Values.GetValueOrDefault("id");
            if (ticket is null)
            {
                rejected.Add((row.Number, sourceId, error!));
            }
            else if (known.Contains(ticket.SourceId))
            {
                skipped++;
            }
            else if (inFile.TryGetValue(ticket.SourceId, out var first))
            {
                rejected.Add((row.Number, sourceId, $"duplicate id: row {first} has it too"));
            }
            else if (ticket.Department is { } slug && !departments.ContainsKey(slug))
            {
                rejected.Add((row.Number, sourceId, $"unknown department '{slug}'"));
            }
            else
            {
                inFile[ticket.SourceId] = row.Number;
                if (await SaveAsync(ticket, departments, ct) is { } failure)
                {
                    rejected.Add((row.Number, sourceId, failure));
                }
                else
                {
                    imported++;
                }
            }

            advance();
        }

        return new ImportReport(imported, skipped, rejected);
    }

    private async Task<string?> SaveAsync(ImportedTicket input, Dictionary<string, int> departments, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var created = input.CreatedAt ?? now;
        var ticket = new Ticket
        {
            Subject = input.Subject,
            Description = input.Description,
            Priority = input.Priority,
            Status = input.Status,
            SourceId = input.SourceId,
            CreatedAt = created,
            UpdatedAt = now,
            Tags = input.Tags.Select(t => new TicketTag { Tag = t }).ToList(),
        };
        ticket.Events.Add(new TicketEvent { Type = TicketEventTypes.Created, ActorName = Actor, At = created, Reason = $"imported (source id {input.SourceId})" });
        if (input.Department is { } given)
        {
            ticket.DepartmentId = departments[given];
        }
        else
        {
            var decision = policy.Decide(classifier.Classify(input.Subject, input.Description));
            ticket.DepartmentId = departments.TryGetValue(decision.Department, out var id) ? id : departments[policy.FallbackDepartment];
            ticket.Routing = new RoutingRecord
            {
                Classifier = decision.Classification.Classifier,
                ClassifierVersion = decision.Classification.Version,
                PredictedDepartment = decision.Classification.Department,
                Department = decision.Department,
                Confidence = Math.Round(decision.Classification.Confidence, 4),
                NeedsReview = decision.NeedsReview,
                ScoresJson = JsonSerializer.Serialize(decision.Classification.Scores.ToDictionary(s => s.Key, s => Math.Round(s.Value, 4)), Json),
                EvidenceJson = JsonSerializer.Serialize(decision.Classification.Evidence.Take(20), Json),
                CandidatesJson = "[]",
                TieBreak = "none",
                DecidedAt = now,
            };
            ticket.Events.Add(new TicketEvent { Type = TicketEventTypes.Routed, ActorName = decision.Classification.Classifier, At = now, To = decision.Department });
        }

        db.Tickets.Add(ticket);
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException ex)
        {
            return $"not saved: {(ex.InnerException ?? ex).Message.Split('\n')[0]}";
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }
}
