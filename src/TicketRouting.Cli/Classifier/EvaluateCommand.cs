using System.CommandLine;
using TicketRouting.Core.Classification;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Cli.Classifier;

internal static class EvaluateCommand
{
    public static Command Create()
    {
        var data = TrainCommand.DataOption("Labelled CSV files to evaluate on");
        var model = new Option<string?>("--model") { Description = "Evaluate this model file (alone, or with --hybrid)" };
        var rulesOnly = new Option<bool>("--rules") { Description = "Evaluate the keyword rules" };
        var hybrid = new Option<bool>("--hybrid") { Description = "Evaluate rules + model (--model, default models/department-model.bin)" };
        var rulesFile = ClassifierCommands.RulesOption();
        var split = TrainCommand.SplitOption("all: every row; test: only the held-out rows that train --split train left out");
        var testFraction = TrainCommand.TestFractionOption();
        var minConfidence = new Option<double?>("--min-confidence") { Description = "Report precision/coverage at this threshold" };
        var target = new Option<double>("--target-precision")
        {
            Description = "Choose the lowest threshold whose auto-routed tickets reach this precision",
            DefaultValueFactory = _ => 0.9,
        };
        var coverage = new Option<double>("--min-coverage")
        {
            Description = "Also choose the most precise threshold that routes at least this share automatically",
            DefaultValueFactory = _ => 0.9,
        };
        var trust = new Option<double>("--model-trust") { DefaultValueFactory = _ => new HybridOptions().ModelTrust };
        var rulesWeight = new Option<double>("--rules-weight") { DefaultValueFactory = _ => new HybridOptions().RulesWeight };
        var command = new Command("evaluate", "Accuracy, macro-F1, per-department precision/recall, confusion matrix, reliability, threshold")
        {
            data, model, rulesOnly, hybrid, rulesFile, split, testFraction, minConfidence, target, coverage, trust, rulesWeight,
        };
        CommandErrors.Use(command, parse =>
        {
            var kind = parse.GetValue(rulesOnly) ? ClassifierKinds.Rules
                : parse.GetValue(hybrid) ? ClassifierKinds.Hybrid
                : parse.GetValue(model) is not null ? ClassifierKinds.Model
                : throw new ArgumentException("say what to evaluate: --model <file>, --rules or --hybrid");
            var rules = ClassifierCommands.LoadRules(parse.GetValue(rulesFile)!);
            var modelPath = kind == ClassifierKinds.Rules ? null : TrainCommand.Existing(parse.GetValue(model) ?? RepositoryPaths.DefaultModel);
            var options = new HybridOptions { ModelTrust = parse.GetValue(trust), RulesWeight = parse.GetValue(rulesWeight) };
            var classifier = ClassifierFactory.Create(kind, rules, modelPath, Departments.General, options);
            var rows = TrainCommand.LoadRows(parse.GetValue(data)!, parse.GetValue(split)!, parse.GetValue(testFraction));
            var predictions = Progress.Run($"classifying {rows.Count} tickets", progress => rows.Select((r, i) =>
            {
                var result = classifier.Classify(r.Subject, r.Description);
                progress.Report(i / (double)rows.Count);
                return new Prediction(r.Label, result.Department, result.Confidence);
            }).ToList());
            var report = ClassificationReport.Compute(LabelsOf(predictions), predictions);
            Print(report, classifier, parse.GetValue(minConfidence), parse.GetValue(target));
            var byCoverage = report.ChooseThresholdForCoverage(parse.GetValue(coverage));
            Console.WriteLine($"chosen threshold for coverage >= {parse.GetValue(coverage):0.00}: {byCoverage.Threshold:0.00} " +
                $"(precision {byCoverage.Precision:0.000}, coverage {byCoverage.Coverage:0.000})");
            return 0;
        });
        return command;
    }

    /// <summary>Every label of the data or of the predictions: the seeded departments first, then any others.</summary>
    internal static List<string> LabelsOf(IEnumerable<Prediction> predictions)
    {
        var seen = predictions.SelectMany(p => new[] { p.Actual, p.Predicted }).ToHashSet(StringComparer.Ordinal);
        return Departments.Default.Where(seen.Contains).Concat(seen.Except(Departments.Default).Order(StringComparer.Ordinal)).ToList();
    }

    private static void Print(ClassificationReport report, IClassifier classifier, double? threshold, double target)
    {
        var width = Math.Max(10, report.Labels.Max(l => l.Length));
        Console.WriteLine($"classifier {classifier.Name} {classifier.Version}: {report.Count} tickets");
        Console.WriteLine($"accuracy  {report.Accuracy:0.0000}");
        Console.WriteLine($"macro-F1  {report.MacroF1:0.0000}");
        Console.WriteLine();
        Console.WriteLine($"{"department".PadRight(width)} {"precision",9} {"recall",7} {"F1",6} {"support",7}");
        foreach (var m in report.PerClass)
        {
            Console.WriteLine($"{m.Label.PadRight(width)} {m.Precision,9:0.000} {m.Recall,7:0.000} {m.F1,6:0.000} {m.Support,7}");
        }

        Console.WriteLine();
        Console.WriteLine("confusion (rows: actual, columns: predicted)");
        Console.WriteLine("".PadRight(width) + string.Concat(report.Labels.Select(l => $"{Short(l),7}")));
        for (var a = 0; a < report.Labels.Count; a++)
        {
            Console.WriteLine(report.Labels[a].PadRight(width) + string.Concat(report.Labels.Select((_, p) => $"{report.Confusion[a, p],7}")));
        }

        var reliability = report.Reliability();
        Console.WriteLine();
        Console.WriteLine($"reliability (expected calibration error {reliability.ExpectedCalibrationError:0.000})");
        Console.WriteLine("confidence  tickets  mean confidence  share right");
        foreach (var bin in reliability.Bins.Where(b => b.Count > 0))
        {
            Console.WriteLine($"{bin.From:0.0}-{bin.To:0.0}    {bin.Count,7}  {bin.MeanConfidence,15:0.000}  {bin.Accuracy,11:0.000}");
        }

        Console.WriteLine();
        Console.WriteLine("threshold  precision  coverage");
        foreach (var point in report.Sweep())
        {
            Console.WriteLine($"{point.Threshold,9:0.00}  {point.Precision,9:0.000}  {point.Coverage,8:0.000}");
        }

        var chosen = report.ChooseThreshold(target);
        Console.WriteLine();
        Console.WriteLine($"chosen threshold for precision >= {target:0.00}: {chosen.Threshold:0.00} " +
            $"(precision {chosen.Precision:0.000}, coverage {chosen.Coverage:0.000})");
        if (threshold is { } t)
        {
            var at = report.AtThreshold(t);
            Console.WriteLine($"at --min-confidence {t:0.00}: precision {at.Precision:0.000}, coverage {at.Coverage:0.000}");
        }
    }

    private static string Short(string label) => label.Length > 6 ? label[..6] : label;
}
