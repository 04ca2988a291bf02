using System.CommandLine;
using System.Diagnostics;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Cli.Classifier;

/// <summary>
/// Simulates a service that learns from corrections: the stream's tickets arrive in a seeded order; after
/// N corrected tickets, a model trained on the base data plus those N (weighted more) is scored on the
/// stream's later tickets, the same ones for every N.
/// </summary>
internal static class LearningCurveCommand
{
    public static Command Create()
    {
        var baseData = new Option<string[]>("--base")
        {
            Description = "Labelled CSV files the model always learns from (e.g. the shipped training data)",
            AllowMultipleArgumentsPerToken = true,
        };
        var stream = new Option<string>("--stream") { Description = "Labelled CSV: the customer's tickets, in arrival order after shuffling", Required = true };
        var steps = new Option<int[]>("--steps")
        {
            Description = "Numbers of corrected tickets to learn from",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [0, 50, 100, 200, 400],
        };
        var later = new Option<int>("--later") { Description = "How many later stream tickets to score on (0: all)", DefaultValueFactory = _ => 1000 };
        var weight = new Option<float>("--stream-weight") { Description = "Training weight of a corrected ticket", DefaultValueFactory = _ => 3 };
        var settings = new TrainingSettings();
        var command = new Command("learning-curve", "Accuracy on later tickets after 0, 50, 100… corrected tickets of a simulated stream")
        {
            baseData, stream, steps, later, weight,
        };
        settings.AddTo(command);
        CommandErrors.Use(command, parse =>
        {
            var counts = parse.GetValue(steps)!.Order().ToArray();
            if (counts.Length == 0 || counts[0] < 0 || parse.GetValue(weight) <= 0 || parse.GetValue(later) < 0)
            {
                throw new ArgumentException("--steps must be counts ≥ 0, --stream-weight > 0, --later ≥ 0");
            }

            var options = settings.Read(parse) with { CalibrationFraction = 0, Version = "learning-curve" };
            var based = (parse.GetValue(baseData) ?? []).SelectMany(f => LabelledCsv.Load(TrainCommand.Existing(f))).ToList();
            var arriving = LabelledCsv.Load(TrainCommand.Existing(parse.GetValue(stream)!)).ToArray();
            new Random(options.Seed).Shuffle(arriving);
            var corrections = counts[^1];
            if (arriving.Length <= corrections)
            {
                throw new ArgumentException($"the stream has {arriving.Length} tickets: too few to learn from {corrections} and score on later ones");
            }

            var scored = arriving[corrections..];
            scored = parse.GetValue(later) > 0 ? scored.Take(parse.GetValue(later)).ToArray() : scored;
            Console.WriteLine($"base {based.Count} rows; stream {arriving.Length} tickets; scored on {scored.Length} later tickets; " +
                $"{options.Algorithm}, corrected tickets weighted {parse.GetValue(weight)}");
            Console.WriteLine("corrected  accuracy  macro-F1  train s");
            var lines = Progress.Run("learning curve", progress => counts.Select((n, i) =>
            {
                progress.Report(i / (double)counts.Length);
                return Point(based, arriving[..n].Select(t => t with { Weight = parse.GetValue(weight) }), scored, options, n);
            }).ToList());
            lines.ForEach(Console.WriteLine);
            return 0;
        });
        return command;
    }

    private static string Point(
        List<LabelledExample> based, IEnumerable<LabelledExample> corrected, LabelledExample[] scored, TrainerOptions options, int n)
    {
        var rows = based.Concat(corrected).ToList();
        if (rows.Select(r => r.Label).Distinct().Count() < 2)
        {
            return $"{n,9}  no model: fewer than two labels to learn from (the service routes with its rules)";
        }

        var stopwatch = Stopwatch.StartNew();
        var model = new ModelClassifier(TextModelTrainer.Train(rows, options));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var predictions = scored.Select(t => new Prediction(t.Label, model.Classify(t.Subject, t.Description).Department, 1)).ToList();
        var report = ClassificationReport.Compute(EvaluateCommand.LabelsOf(predictions), predictions);
        return $"{n,9}  {report.Accuracy,8:0.000}  {report.MacroF1,8:0.000}  {seconds,7:0.0}";
    }
}
