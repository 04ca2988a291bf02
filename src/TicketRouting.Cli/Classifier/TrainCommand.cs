using System.CommandLine;
using System.Diagnostics;
using TicketRouting.Core.Classification.Evaluation;
using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Cli.Classifier;

internal static class TrainCommand
{
    public static Command Create(Func<ParseResult, IEnumerable<LabelledExample>>? serviceTickets)
    {
        var data = DataOption("Labelled CSV files to train on (subject, description, label; optional weight)");
        var output = new Option<string>("--out") { Description = "Model file to write", Required = true };
        var settings = new TrainingSettings();
        var version = new Option<string>("--model-version") { DefaultValueFactory = _ => DateTime.UtcNow.ToString("yyyy.MM.dd") };
        var split = SplitOption("all: every row; train: leave out the held-out test rows (see evaluate --split test)");
        var testFraction = TestFractionOption();
        var include = new Option<bool>("--include-service-tickets") { Description = "Also learn from the service's own tickets" };
        var command = new Command("train", "Train the ML.NET text model on any set of labels") { data, output, version, split, testFraction };
        settings.AddTo(command);
        if (serviceTickets is not null)
        {
            command.Options.Add(include);
        }

        CommandErrors.Use(command, parse =>
        {
            var rows = LoadRows(parse.GetValue(data)!, parse.GetValue(split)!, parse.GetValue(testFraction));
            if (serviceTickets is not null && parse.GetValue(include))
            {
                rows = rows.Concat(serviceTickets(parse)).ToList();
            }

            var options = settings.Read(parse) with { Version = parse.GetValue(version)! };
            var stopwatch = Stopwatch.StartNew();
            var model = Progress.Run($"training on {rows.Count} rows", progress => TextModelTrainer.Train(rows, options, progress));
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

    internal static Option<string[]> DataOption(string description) => new("--data")
    {
        Description = description,
        Required = true,
        AllowMultipleArgumentsPerToken = true,
    };

    internal static Option<string> SplitOption(string description) => new Option<string>("--split")
    {
        Description = description,
        DefaultValueFactory = _ => "all",
    }.AcceptOnlyFromAmong("all", "train", "test");

    internal static Option<double> TestFractionOption() => new("--test-fraction")
    {
        Description = "Share of rows in the held-out test part (stable, by hash of the text)",
        DefaultValueFactory = _ => 0.2,
    };

    /// <summary>Rows of the files, restricted to the train or test part of the stable split.</summary>
    internal static List<LabelledExample> LoadRows(IEnumerable<string> files, string split, double testFraction)
    {
        var rows = files.SelectMany(f => LabelledCsv.Load(Existing(f))).ToList();
        if (rows.Count == 0)
        {
            throw new InvalidDataException($"no labelled rows in {string.Join(", ", files)}");
        }

        return split switch
        {
            "train" => rows.Where(r => !LabelledCsv.IsTestRow(r, testFraction)).ToList(),
            "test" => rows.Where(r => LabelledCsv.IsTestRow(r, testFraction)).ToList(),
            _ => rows,
        };
    }

    internal static string Existing(string path)
    {
        var resolved = RepositoryPaths.Resolve(path);
        return File.Exists(resolved) ? resolved : throw new FileNotFoundException($"{path}: no such file", path);
    }
}

/// <summary>The trainer's options as command-line options, shared by train and learning-curve.</summary>
internal sealed class TrainingSettings
{
    private static readonly TrainerOptions Defaults = new();

    private readonly Option<string> _algorithm = new Option<string>("--algorithm")
    {
        Description = "ML.NET trainer: " + string.Join(", ", TrainingAlgorithms.All),
        DefaultValueFactory = _ => Defaults.Algorithm,
    }.AcceptOnlyFromAmong([.. TrainingAlgorithms.All]);

    private readonly Option<float> _l2 = new("--l2") { Description = "L2 regularisation", DefaultValueFactory = _ => Defaults.L2 };
    private readonly Option<int> _iterations = new("--iterations") { Description = "Maximum iterations (0: the trainer's default)" };
    private readonly Option<int> _wordNgrams = new("--word-ngrams") { DefaultValueFactory = _ => Defaults.Features.WordNgrams };
    private readonly Option<int> _charNgrams = new("--char-ngrams") { Description = "0: none", DefaultValueFactory = _ => Defaults.Features.CharNgrams };
    private readonly Option<int> _charPrefix = new("--char-prefix")
    {
        Description = "Character n-grams read only this many characters",
        DefaultValueFactory = _ => Defaults.Features.CharPrefix,
    };

    private readonly Option<bool> _charTfIdf = new("--char-tfidf")
    {
        Description = "Tf-idf for the character n-grams too",
        DefaultValueFactory = _ => Defaults.Features.CharTfIdf,
    };

    private readonly Option<int> _seed = new("--seed") { DefaultValueFactory = _ => Defaults.Seed };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _algorithm, _l2, _iterations, _wordNgrams, _charNgrams, _charPrefix, _charTfIdf, _seed })
        {
            command.Options.Add(option);
        }
    }

    public TrainerOptions Read(ParseResult parse)
    {
        var wordNgrams = parse.GetValue(_wordNgrams);
        var charNgrams = parse.GetValue(_charNgrams);
        var charPrefix = parse.GetValue(_charPrefix);
        var l2 = parse.GetValue(_l2);
        if (wordNgrams is < 1 or > 4 || charNgrams is < 0 or > 6 || charPrefix < 1 || l2 < 0 || parse.GetValue(_iterations) < 0)
        {
            throw new ArgumentException("--word-ngrams must be 1-4, --char-ngrams 0-6, --char-prefix ≥ 1, --l2 and --iterations ≥ 0");
        }

        return new TrainerOptions
        {
            Algorithm = parse.GetValue(_algorithm)!,
            L2 = l2,
            MaxIterations = parse.GetValue(_iterations),
            Seed = parse.GetValue(_seed),
            Features = new FeatureSettings
            {
                WordNgrams = wordNgrams,
                CharNgrams = charNgrams,
                CharPrefix = charPrefix,
                CharTfIdf = parse.GetValue(_charTfIdf),
            },
        };
    }
}
