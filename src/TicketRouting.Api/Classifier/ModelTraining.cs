using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TicketRouting.Api.Departments;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Learning;

namespace TicketRouting.Api.Classifier;

/// <summary>
/// One training of the registry: the confirmed tickets (but the held-out slice) weighted more, plus the base
/// data of existing departments; then the new model and the active classifier are measured on the held-out
/// slice, thresholds are chosen per department, and the model is activated if asked and not worse (or forced).
/// </summary>
public sealed class ModelTraining(
    TicketsDbContext db,
    ClassifierRuntime runtime,
    DepartmentDirectory departments,
    DataPaths paths,
    IOptions<RoutingOptions> routing,
    IOptions<LearningOptions> learning,
    TimeProvider clock,
    ILogger<ModelTraining> logger)
{
    private const int Seed = 42;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RunAsync(int id, CancellationToken ct)
    {
        var row = await db.ClassifierModels.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (row is null || row.Status != ClassifierModelStatus.Training)
        {
            return;
        }

        var clockStarted = Stopwatch.StartNew();
        try
        {
            await TrainAsync(row, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = ex.Message.ReplaceLineEndings(" ");
            row.Status = ClassifierModelStatus.Failed;
            row.Reason = reason.Length > 1000 ? reason[..1000] : reason;
            row.Active = false;
            row.ModelBytes = null;
        }

        // Ready and active in one commit: a reader never sees a ready model that is about to become active.
        row.FinishedAt = clock.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            if (row.Active)
            {
                await db.ClassifierModels.Where(m => m.Active && m.Id != row.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Active, false), ct);
            }

            await db.SaveChangesAsync(ct);

            // Switched before the commit, so that once a reader sees it active, this process routes with it.
            if (row.Active)
            {
                await runtime.LoadAsync(db, ct);
            }

            await transaction.CommitAsync(ct);
        }

        logger.LogInformation("Model {Version}: {Status} in {Elapsed} ({Reason})", row.Version, row.Status, clockStarted.Elapsed, row.Reason);
    }

    private async Task TrainAsync(ClassifierModel row, CancellationToken ct)
    {
        var options = learning.Value;
        await departments.LoadAsync(db, ct);
        var confirmed = (await ConfirmedTickets.LoadAsync(db, since: null, ct)).Where(t => departments.Find(t.Label) is not null).ToList();
        var heldOut = confirmed.Where(t => HeldOutSlice.Contains(t.Id, options.HoldOutEvery)).ToList();
        var service = confirmed.Where(t => !HeldOutSlice.Contains(t.Id, options.HoldOutEvery)).ToList();
        var baseRows = LoadBaseData(options);
        var examples = service.Select(t => new LabelledExample(t.Subject, t.Description, t.Label, options.ServiceTicketWeight))
            .Concat(baseRows).ToList();
        if (examples.Select(e => e.Label).Distinct().Count() < 2)
        {
            throw new InvalidOperationException(
                $"Not enough data: {service.Count} confirmed tickets and {baseRows.Count} base rows cover fewer than two departments.");
        }

        var model = await Task.Run(() => TextModelTrainer.Train(examples, new TrainerOptions { Version = row.Version, Seed = Seed }), ct);
        var baseline = runtime.Active();
        var candidate = runtime.WithModel(model, new Dictionary<string, double>());
        var baselinePredictions = Predict(baseline.Classifier, heldOut);
        var candidatePredictions = Predict(candidate.Classifier, heldOut);
        var labels = confirmed.Select(t => t.Label).Concat(baselinePredictions.Select(p => p.Predicted))
            .Concat(candidatePredictions.Select(p => p.Predicted)).Distinct().Order(StringComparer.Ordinal).ToList();
        var modelReport = ClassificationReport.Compute(labels, candidatePredictions);
        var baselineReport = ClassificationReport.Compute(labels, baselinePredictions);
        var thresholds = DepartmentThresholds.Choose(candidatePredictions, routing.Value.TargetPrecision, routing.Value.MinConfidence);

        row.ModelBytes = RegistryModel.Serialize(model);
        row.ThresholdsJson = DepartmentThresholds.Write(thresholds);
        row.TrainingSummaryJson = JsonSerializer.Serialize(new
        {
            serviceTickets = Count(service.Select(t => t.Label)),
            baseRows = Count(baseRows.Select(r => r.Label)),
            heldOutTickets = heldOut.Count,
            serviceTicketWeight = options.ServiceTicketWeight,
        }, Json);
        row.MetricsJson = JsonSerializer.Serialize(new
        {
            heldOutTickets = heldOut.Count,
            model = Describe(modelReport, candidate.Classifier.Name, candidate.Classifier.Version),
            baseline = Describe(baselineReport, baseline.Classifier.Name, baseline.Classifier.Version),
        }, Json);
        row.Status = ClassifierModelStatus.Ready;
        var guard = Guard(row, heldOut.Count, modelReport, baselineReport);
        row.Reason = guard;
        if (row.ActivateRequested && guard is null)
        {
            row.Active = true;
            row.ActivatedAt = clock.GetUtcNow();
        }
    }

    /// <summary>Why the requested activation is refused; null to activate (or when none was requested).</summary>
    private static string? Guard(ClassifierModel row, int heldOut, ClassificationReport model, ClassificationReport baseline)
    {
        if (!row.ActivateRequested || row.Force)
        {
            return null;
        }

        if (heldOut == 0)
        {
            return "Not activated: no held-out confirmed tickets to compare it with the active classifier (force to activate).";
        }

        return model.Accuracy >= baseline.Accuracy && model.MacroF1 >= baseline.MacroF1
            ? null
            : $"Not activated: worse than the active classifier on {heldOut} held-out tickets "
                + $"(accuracy {model.Accuracy:0.000} vs {baseline.Accuracy:0.000}, macro-F1 {model.MacroF1:0.000} vs {baseline.MacroF1:0.000}).";
    }

    private List<LabelledExample> LoadBaseData(LearningOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.BaseData))
        {
            return [];
        }

        var path = Path.IsPathRooted(options.BaseData) ? options.BaseData : Path.Combine(paths.SeedDirectory, options.BaseData);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The base data '{path}' does not exist (Routing:Learning:BaseData).");
        }

        // Only rows of departments the service has; labels are matched to the department's slug.
        return LabelledCsv.Load(path)
            .Select(r => departments.Find(r.Label) is { } d ? r with { Label = d.Slug } : null)
            .OfType<LabelledExample>()
            .ToList();
    }

    private static List<Prediction> Predict(Core.Classification.IClassifier classifier, List<ConfirmedTicket> tickets) =>
        tickets.Select(t =>
        {
            var result = classifier.Classify(t.Subject, t.Description);
            return new Prediction(t.Label, result.Department, result.Confidence);
        }).ToList();

    private static SortedDictionary<string, int> Count(IEnumerable<string> labels) =>
        new(labels.CountBy(l => l).ToDictionary(), StringComparer.Ordinal);

    private static object Describe(ClassificationReport report, string classifier, string version) => new
    {
        classifier,
        version,
        accuracy = Math.Round(report.Accuracy, 4),
        macroF1 = Math.Round(report.MacroF1, 4),
        departments = report.PerClass.Where(c => c.Support > 0 || c.Precision > 0)
            .ToDictionary(c => c.Label, c => new { precision = Math.Round(c.Precision, 4), recall = Math.Round(c.Recall, 4), support = c.Support }),
    };
}
