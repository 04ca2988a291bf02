using System.Linq.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Data;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Classifier;

/// <summary>The models in the database: start a training, read them, activate one (rollback is activating an older one).</summary>
public sealed class ModelRegistry(
    TicketsDbContext db, ClassifierRuntime runtime, ModelTrainingQueue queue, IOptions<LearningOptions> learning, TimeProvider clock)
{
    public const string Automatic = "automatic";

    // Everything but the bytes.
    private static readonly Expression<Func<ClassifierModel, ClassifierModel>> WithoutBytes = m => new ClassifierModel
    {
        Id = m.Id, Version = m.Version, Status = m.Status, Reason = m.Reason, Active = m.Active,
        ActivateRequested = m.ActivateRequested, Force = m.Force, RequestedBy = m.RequestedBy, CreatedAt = m.CreatedAt,
        FinishedAt = m.FinishedAt, ActivatedAt = m.ActivatedAt, TrainingSummaryJson = m.TrainingSummaryJson,
        MetricsJson = m.MetricsJson, ThresholdsJson = m.ThresholdsJson,
    };

    public static async Task<int> ActiveIdAsync(TicketsDbContext db, CancellationToken ct) =>
        await db.ClassifierModels.Where(m => m.Active).OrderByDescending(m => m.Id).Select(m => m.Id).FirstOrDefaultAsync(ct);

    /// <summary>Records a training and queues it in this process; null when another training runs (in any process).</summary>
    public async Task<int?> StartAsync(bool activate, bool force, string requestedBy, CancellationToken ct)
    {
        await AbandonStaleAsync(ct);
        if (await TrainingAsync(ct))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var model = new ClassifierModel
        {
            Version = $"pending-{now:yyyyMMddHHmmss}",
            ActivateRequested = activate,
            Force = force,
            RequestedBy = requestedBy,
            CreatedAt = now,
        };
        db.ClassifierModels.Add(model);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another process inserted its training row first: the unique index allows one training row.
            db.Entry(model).State = EntityState.Detached;
            if (await TrainingAsync(ct))
            {
                return null;
            }

            throw;
        }

        model.Version = $"m{model.Id}-{now:yyyyMMdd}";
        await db.SaveChangesAsync(ct);
        queue.Enqueue(model.Id);
        return model.Id;
    }

    public async Task<List<ModelSummary>> ListAsync(CancellationToken ct) =>
        (await db.ClassifierModels.AsNoTracking().OrderByDescending(m => m.Id).Select(WithoutBytes).ToListAsync(ct))
            .Select(m => new ModelSummary(m.Id, m.Version, m.Status, m.Reason, m.Active, m.RequestedBy, m.CreatedAt, m.FinishedAt, m.ActivatedAt))
            .ToList();

    public async Task<ModelResponse?> FindAsync(int id, CancellationToken ct) =>
        (await db.ClassifierModels.AsNoTracking().Where(m => m.Id == id).Select(WithoutBytes).SingleOrDefaultAsync(ct))?.ToResponse();

    public async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> ActivateAsync(int id, bool force, CancellationToken ct)
    {
        var model = await db.ClassifierModels.Where(m => m.Id == id).Select(m => new { m.Status, m.MetricsJson }).SingleOrDefaultAsync(ct);
        if (model is null)
        {
            return Problems.NotFound($"Model {id} does not exist.");
        }

        if (model.Status != ClassifierModelStatus.Ready)
        {
            return Problems.Conflict($"Model {id} is {model.Status}: only a ready model can be activated.");
        }

        if (!force && ActivationGuard.Refusal(model.MetricsJson) is { } refusal)
        {
            return Problems.Conflict(refusal, new Dictionary<string, object?> { ["forceable"] = true });
        }

        await SetActiveAsync(db, id, clock.GetUtcNow(), ct);
        await runtime.LoadAsync(db, ct);
        return TypedResults.Ok((await FindAsync(id, ct))!);
    }

    /// <summary>Makes <paramref name="id"/> the only active model, in one transaction.</summary>
    public static async Task SetActiveAsync(TicketsDbContext db, int id, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.ClassifierModels.Where(m => m.Active && m.Id != id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Active, false), ct);
        await db.ClassifierModels.Where(m => m.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Active, true).SetProperty(m => m.ActivatedAt, now), ct);
        await transaction.CommitAsync(ct);
    }

    private Task<bool> TrainingAsync(CancellationToken ct) =>
        db.ClassifierModels.AnyAsync(m => m.Status == ClassifierModelStatus.Training, ct);

    // A process that stopped mid-training leaves its row behind; past the timeout it no longer blocks new trainings.
    private async Task AbandonStaleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddMinutes(-learning.Value.TrainingTimeoutMinutes);
        await db.ClassifierModels.Where(m => m.Status == ClassifierModelStatus.Training && m.CreatedAt < cutoff)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, ClassifierModelStatus.Failed)
                .SetProperty(m => m.Reason, "Abandoned: the training did not finish within Routing:Learning:TrainingTimeoutMinutes.")
                .SetProperty(m => m.FinishedAt, now), ct);
    }
}
