using System.CommandLine;
using System.Diagnostics;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;
using TicketRouting.Core.Domain;

namespace TicketRouting.Cli.Classifier;

internal static class TrainCommand
{
    public static Command Create(Func<System.CommandLine.ParseResult, IEnumerable<LabelledExample>>? serviceTickets)
    {
        var data = DataOption("Labelled CSV files to train on (subject, description, label)");
        var output = new Option<string>("--out") { Description = "Model file to write", Required = true };
        var algorithm = new Option<string>("--algorithm")
        {
            Description = "svm (linear SVM, squared hinge, dual coordinate descent) or logreg (multinomial logistic regression, SGD)",
            DefaultValueFactory = _ => new TrainerOptions().Algorithm,
        };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => new TrainerOptions().Epochs };
        var lambda = new Option<double>("--lambda") { Description = "L2 strength", DefaultValueFactory = _ => new TrainerOptions().Lambda };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
        var version = new Option<string>("--model-version") { DefaultValueFactory = _ => DateTime.UtcNow.ToString("yyyy.MM.dd") };
        var split = SplitOption("all: every row; train: leave out the held-out test rows (see evaluate --split test)");
        var testFraction = TestFractionOption();
        var learningRate = new Option<double>("--learning-rate") { DefaultValueFactory = _ => new TrainerOptions().LearningRate };
        var hashBits = new Option<int>("--hash-bits") { DefaultValueFactory = _ => new FeatureSettings().HashBits };
        var charGrams = new Option<string>("--char-grams") { Description = "min-max", DefaultValueFactory = _ => "3-5" };
        var include = new Option<bool>("--include-service-tickets") { Description = "Also learn from the service's own tickets" };
        var command = new Command("train", "Train the text model") 
        {
            data, output, algorithm, epochs, lambda, learningRate, hashBits, charGrams, seed, version, split, testFraction,
        };
        if (serviceTickets is not null)
        {
            command.Options.Add(include);
        }

        command.SetAction(parse =>
        {
            var rows = LoadRows(parse.GetValue(data)!, parse.GetValue(split)!, parse.GetValue(testFraction));
            if (serviceTickets is not null && parse.GetValue(include))
            {
                rows = rows.Concat(serviceTickets(parse)).ToList();
            }

            var options = new TrainerOptions
            {
                Algorithm = parse.GetValue(algorithm)!,
                Epochs = parse.GetValue(epochs),
                Lambda = parse.GetValue(lambda),
                LearningRate = parse.GetValue(learningRate),
                Features = Features(parse.GetValue(hashBits), parse.GetValue(charGrams)!),
                Seed = parse.GetValue(seed),
                Version = parse.GetValue(version)!,
                Labels = Departments.Default.Where(d => rows.Any(r => r.Label == d)).ToList(),
            };
            var stopwatch = Stopwatch.StartNew();
            var model = TextModelTrainer.Train(rows, options);
            var path = parse.GetValue(output)!;
            TextModelFile.Save(model, path);
            Console.WriteLine($"trained {options.Algorithm} on {rows.Count} rows in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine($"labels: {string.Join(", ", model.Labels)}; temperature {model.Temperature:0.00}");
            Console.WriteLine($"fingerprint {model.Info.TrainingFingerprint}; {string.Join(", ", model.Info.Metrics.Select(m => $"{m.Key}={m.Value}"))}");
            Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1024} KB)");
            return 0;
        });
        return command;
    }

    private static FeatureSettings Features(int hashBits, string charGrams)
    {
        var range = charGrams.Split('-');
        return new FeatureSettings { HashBits = hashBits, MinCharGram = int.Parse(range[0]), MaxCharGram = int.Parse(range[^1]) };
    }

    internal static Option<string[]> DataOption(string description) => new("--data")
    {
        Description = description,
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    internal static Option<string> SplitOption(string description) => new("--split")
    {
        Description = description,
        DefaultValueFactory = _ => "all",
    };

    internal static Option<double> TestFractionOption() => new("--test-fraction")
    {
        Description = "Share of rows in the held-out test part (stable, by hash of the text)",
        DefaultValueFactory = _ => 0.2,
    };

    /// <summary>Rows of the files, restricted to the train or test part of the stable split.</summary>
    internal static List<LabelledExample> LoadRows(IEnumerable<string> files, string split, double testFraction)
    {
        var rows = files.SelectMany(f => LabelledCsv.Load(RepositoryPaths.Resolve(f)));
        return split switch
        {
            "all" => rows.ToList(),
            "train" => rows.Where(r => !LabelledCsv.IsTestRow(r, testFraction)).ToList(),
            "test" => rows.Where(r => LabelledCsv.IsTestRow(r, testFraction)).ToList(),
            _ => throw new ArgumentException($"--split must be all, train or test, not '{split}'"),
        };
    }
}
