using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Learning;

namespace TicketRouting.Api.Classifier;

public sealed record ReplayResponse(
    int ModelId, string ModelVersion, string ActiveClassifier, string ActiveVersion, DateTimeOffset? Since, ReplayReport Report);

/// <summary>What-if: where a candidate model would have sent the confirmed tickets of a period, against the active classifier.</summary>
public sealed class ModelReplay(TicketsDbContext db, ClassifierRuntime runtime)
{
    public async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> ReplayAsync(int id, DateTimeOffset? since, CancellationToken ct)
    {
        var row = await db.ClassifierModels.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new { m.Status, m.Version }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return Problems.NotFound($"Model {id} does not exist.");
        }

        if (row.Status != ClassifierModelStatus.Ready || await RegistryModel.LoadAsync(db, id, ct) is not { } model)
        {
            return Problems.Conflict($"Model {id} is {row.Status}: only a ready model can be replayed.");
        }

        var tickets = await ConfirmedTickets.LoadAsync(db, since, ct);
        var active = runtime.Active();
        var candidate = runtime.WithModel(model.Model, model.Thresholds);
        var report = ReplayReport.Run(tickets.Select(t => new LabelledExample(t.Subject, t.Description, t.Label)), active, candidate);
        return TypedResults.Ok(new ReplayResponse(id, row.Version, active.Classifier.Name, active.Classifier.Version, since, report));
    }
}
