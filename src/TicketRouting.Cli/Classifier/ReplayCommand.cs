using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TicketRouting.Cli.Database;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;
using TicketRouting.Data;
using TicketRouting.Data.Entities;
using TicketRouting.Data.Learning;

namespace TicketRouting.Cli.Classifier;

/// <summary>
/// <c>replay --model &lt;id|file&gt; [--since &lt;date&gt;]</c>: the confirmed tickets of the database routed by a candidate
/// (a model of the registry, or a model file) and by the active classifier (the registry's active model, else the
/// shipped model file, with the database's rules), before anyone activates the candidate.
/// </summary>
internal static class ReplayCommand
{
    private sealed class ReplayException(string message) : Exception(message);

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Registry model id, or a model file", Required = true };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only tickets confirmed from this date (e.g. 2026-11-01)" };
        var minConfidence = new Option<double>("--min-confidence") { Description = "Routing:MinConfidence", DefaultValueFactory = _ => 0.55 };
        var command = new Command("replay", "What-if: how a candidate model would have routed the confirmed tickets, against the active classifier")
        {
            model, since, minConfidence,
        };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                await using var services = CliDatabase.Services(parse);
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TicketsDbContext>();
                var report = await RunAsync(db, parse.GetValue(model)!, parse.GetValue(since), parse.GetValue(minConfidence), ct);
                Print(report);
                return 0;
            }
            catch (Exception ex) when (ex is ReplayException or IOException or InvalidDataException or UnauthorizedAccessException or DbException)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<ReplayReport> RunAsync(TicketsDbContext db, string model, DateTimeOffset? since, double minConfidence, CancellationToken ct)
    {
        var rules = new KeywordRuleSet(
            await db.KeywordRules.AsNoTracking().Select(r => new KeywordRule(r.Department.Slug, r.Term, r.Weight)).ToListAsync(ct),
            await db.Departments.Select(d => d.Slug).ToListAsync(ct),
            await db.RuleSetRevisions.OrderByDescending(r => r.Id).Select(r => r.Version).FirstOrDefaultAsync(ct) ?? "empty");
        var departments = rules.Departments.ToList();
        ConfidencePolicy Policy(IReadOnlyDictionary<string, double>? thresholds) => new(minConfidence, Departments.General, thresholds, departments);

        var activeId = await db.ClassifierModels.Where(m => m.Active).OrderByDescending(m => m.Id).Select(m => m.Id).FirstOrDefaultAsync(ct);
        var (activeModel, activeThresholds) = activeId != 0 ? await LoadRegistryModelAsync(db, activeId, ct) : (FileModelOrNull(), null);
        var active = (Build(rules, activeModel), Policy(activeThresholds));

        var (candidateModel, candidateThresholds) = int.TryParse(model, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await LoadRegistryModelAsync(db, id, ct)
            : (LoadFile(model), null);
        var candidate = (Build(rules, candidateModel), Policy(candidateThresholds));

        var tickets = await ConfirmedTickets.LoadAsync(db, since, ct);
        Console.WriteLine($"active:     {active.Item1.Name} {active.Item1.Version}");
        Console.WriteLine($"candidate:  {candidate.Item1.Name} {candidate.Item1.Version}");
        return ReplayReport.Run(tickets.Select(t => new LabelledExample(t.Subject, t.Description, t.Label)), active, candidate);
    }

    /// <summary>The classifier the API routes with now (the active registry model, else the shipped file), with the database's rules.</summary>
    internal static async Task<(IClassifier Classifier, ConfidencePolicy Policy)> LoadActiveAsync(
        TicketsDbContext db, double minConfidence, CancellationToken ct)
    {
        var rules = new KeywordRuleSet(
            await db.KeywordRules.AsNoTracking().Select(r => new KeywordRule(r.Department.Slug, r.Term, r.Weight)).ToListAsync(ct),
            await db.Departments.Select(d => d.Slug).ToListAsync(ct),
            await db.RuleSetRevisions.OrderByDescending(r => r.Id).Select(r => r.Version).FirstOrDefaultAsync(ct) ?? "empty");
        var activeId = await db.ClassifierModels.Where(m => m.Active).OrderByDescending(m => m.Id).Select(m => m.Id).FirstOrDefaultAsync(ct);
        var (model, thresholds) = activeId != 0 ? await LoadRegistryModelAsync(db, activeId, ct) : (FileModelOrNull(), null);
        return (Build(rules, model), new ConfidencePolicy(minConfidence, Departments.General, thresholds, rules.Departments.ToList()));
    }

    private static IClassifier Build(KeywordRuleSet rules, TextModel? model) =>
        ClassifierFactory.Create(model is null ? ClassifierKinds.Rules : ClassifierKinds.Hybrid, rules, model, Departments.General);

    private static async Task<(TextModel, IReadOnlyDictionary<string, double>?)> LoadRegistryModelAsync(TicketsDbContext db, int id, CancellationToken ct)
    {
        var row = await db.ClassifierModels.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new { m.Status, m.ModelBytes, m.ThresholdsJson }).SingleOrDefaultAsync(ct)
            ?? throw new ReplayException($"model {id} does not exist in the registry");
        if (row.Status != ClassifierModelStatus.Ready || row.ModelBytes is null)
        {
            throw new ReplayException($"model {id} is {row.Status}: only a ready model can be replayed");
        }

        using var stream = new MemoryStream(row.ModelBytes);
        return (TextModelFile.Load(stream, $"registry model {id}"), DepartmentThresholds.ReadChosen(row.ThresholdsJson));
    }

    private static TextModel? FileModelOrNull()
    {
        var path = RepositoryPaths.Resolve(RepositoryPaths.DefaultModel);
        return File.Exists(path) ? LoadFile(path) : null;
    }

    private static TextModel LoadFile(string path)
    {
        var resolved = RepositoryPaths.Resolve(path);
        if (!File.Exists(resolved))
        {
            throw new ReplayException($"'{path}' is neither a registry model id nor an existing model file");
        }

        using var file = File.OpenRead(resolved);
        return TextModelFile.Load(file, resolved);
    }

    private static void Print(ReplayReport report)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tickets:    {report.Tickets} confirmed, {report.WouldMove} would go elsewhere ({report.FixedByCandidate} fixed, {report.BrokenByCandidate} broken)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy:   active {report.ActiveAccuracy:0.000}, candidate {report.CandidateAccuracy:0.000}"));
        Console.WriteLine($"{"confirmed",-18} {"routed to",-18} {"active",7} {"candidate",9}");
        foreach (var change in report.ConfusionChanges)
        {
            Console.WriteLine($"{change.Actual,-18} {change.RoutedTo,-18} {change.Active,7} {change.Candidate,9}");
        }
    }
}
