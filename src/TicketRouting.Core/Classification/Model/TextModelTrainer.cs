using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;
using TicketRouting.Core.Classification.Evaluation;

namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// Trains a <see cref="TextModel"/> with ML.NET: word n-grams of the folded text and character n-grams
/// of its head, a linear multiclass trainer, then probabilities calibrated on a seeded held-back slice
/// (temperature scaling) before the final fit on every row with the same settings.
/// </summary>
public static class TextModelTrainer
{
    public const int MinRowsForCalibration = 50;

    public static TextModel Train(IEnumerable<LabelledExample> examples, TrainerOptions options) =>
        Train(examples, options, progress: null);

    /// <param name="progress">Told the share of the work done (0 to 1) as training goes.</param>
    public static TextModel Train(IEnumerable<LabelledExample> examples, TrainerOptions options, IProgress<double>? progress)
    {
        var rows = examples.Where(e => !string.IsNullOrWhiteSpace(e.Label)).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("no labelled rows to train on", nameof(examples));
        }

        var labels = Labels(rows, options);
        if (!TrainingAlgorithms.All.Contains(options.Algorithm))
        {
            throw new ArgumentException(
                $"algorithm '{options.Algorithm}' is not one of {string.Join(", ", TrainingAlgorithms.All)}", nameof(options));
        }

        var prepared = rows.Select(r => TicketRow.From(r, options.Features)).ToArray();
        var order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var calibrationCount = rows.Count >= MinRowsForCalibration ? (int)(rows.Count * options.CalibrationFraction) : 0;
        var metrics = new Dictionary<string, double>();
        var temperature = 1.0;
        if (calibrationCount > 0 && order[calibrationCount..].Select(i => rows[i].Label).Distinct().Count() > 1)
        {
            var calibration = order[..calibrationCount].Order().ToArray();
            var draft = Fit(order[calibrationCount..].Order().Select(i => prepared[i]), labels, options, 1);
            progress?.Report(0.45);
            temperature = FitTemperature(draft, calibration.Select(i => rows[i]).ToList(), labels);
            var calibrated = draft.WithTemperature(temperature);
            var report = ClassificationReport.Compute(labels, calibration.Select(i => Predict(calibrated, rows[i])));
            metrics["calibration.rows"] = calibration.Length;
            metrics["calibration.accuracy"] = Math.Round(report.Accuracy, 4);
            metrics["calibration.macroF1"] = Math.Round(report.MacroF1, 4);
            metrics["calibration.temperature"] = Math.Round(temperature, 4);
            progress?.Report(0.5);
        }

        var model = Fit(prepared, labels, options, temperature);
        progress?.Report(1);
        return model.WithInfo(new TextModelInfo(
            options.Version, options.Algorithm, options.Seed, rows.Count, Fingerprint(rows), metrics));
    }

    /// <summary>SHA-256 of the rows in order: which data a model was trained on, without the data.</summary>
    public static string Fingerprint(IEnumerable<LabelledExample> rows)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var row in rows)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{row.Subject}\u001f{row.Description}\u001f{row.Label}\u001f{row.Weight}\u001e"));
        }

        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static string[] Labels(List<LabelledExample> rows, TrainerOptions options)
    {
        var present = rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (present.Length < 2)
        {
            throw new ArgumentException(
                $"the training data has one label only ('{present[0]}'); a classifier needs at least two", nameof(rows));
        }

        if (options.Labels is null)
        {
            return present;
        }

        var unknown = present.Except(options.Labels, StringComparer.Ordinal).FirstOrDefault();
        return unknown is null
            ? options.Labels.Distinct().ToArray()
            : throw new ArgumentException($"label '{unknown}' is not among the labels given ({string.Join(", ", options.Labels)})", nameof(options));
    }

    private static TextModel Fit(IEnumerable<TicketRow> rows, string[] labels, TrainerOptions options, double temperature)
    {
        var ml = new MLContext(options.Seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var keys = ml.Data.LoadFromEnumerable(labels.Select(l => new LabelValue { Label = l }));
        var keyed = ml.Transforms.Conversion.MapValueToKey(TextModel.LabelKey, nameof(TicketRow.Label), keyData: keys).Fit(data).Transform(data);
        var pipeline = Featurizer(ml, options.Features).Append(Trainer(ml, options));
        var transformer = pipeline.Fit(keyed);
        using var bytes = new MemoryStream();
        ml.Model.Save(transformer, keyed.Schema, bytes);
        return new TextModel(labels, options.Features, temperature, bytes.ToArray(), Info(options, 0));
    }

    private static EstimatorChain<ColumnConcatenatingTransformer> Featurizer(MLContext ml, FeatureSettings settings)
    {
        var words = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None, // folded already, as the rules see the text
            KeepDiacritics = true,
            KeepPunctuations = true,
            KeepNumbers = true,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
            WordFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = settings.WordNgrams,
                UseAllLengths = true,
                Weighting = settings.TfIdf ? NgramExtractingEstimator.WeightingCriteria.TfIdf : NgramExtractingEstimator.WeightingCriteria.Tf,
            },
            CharFeatureExtractor = null,
        };
        var chain = ml.Transforms.Text.FeaturizeText(TextModel.WordsColumn, words, nameof(TicketInput.Text));
        if (settings.CharNgrams <= 0)
        {
            return chain.Append(ml.Transforms.Concatenate(TextModel.FeaturesColumn, TextModel.WordsColumn));
        }

        var chars = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None,
            KeepDiacritics = true,
            KeepPunctuations = true,
            KeepNumbers = true,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
            WordFeatureExtractor = null,
            CharFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = settings.CharNgrams,
                UseAllLengths = false,
                Weighting = settings.CharTfIdf ? NgramExtractingEstimator.WeightingCriteria.TfIdf : NgramExtractingEstimator.WeightingCriteria.Tf,
            },
        };
        return chain.Append(ml.Transforms.Text.FeaturizeText(TextModel.CharsColumn, chars, nameof(TicketInput.Head)))
            .Append(ml.Transforms.Concatenate(TextModel.FeaturesColumn, TextModel.WordsColumn, TextModel.CharsColumn));
    }

    // One thread everywhere: SDCA and L-BFGS with several threads do not give the same weights twice.
    private static IEstimator<ITransformer> Trainer(MLContext ml, TrainerOptions options)
    {
        var maxIterations = options.MaxIterations > 0 ? options.MaxIterations : (int?)null;
        return options.Algorithm switch
        {
            TrainingAlgorithms.SdcaMaximumEntropy => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = TextModel.LabelKey,
                FeatureColumnName = TextModel.FeaturesColumn,
                ExampleWeightColumnName = nameof(TicketRow.Weight),
                L2Regularization = options.L2,
                MaximumNumberOfIterations = maxIterations,
                NumberOfThreads = 1,
            }),
            TrainingAlgorithms.LbfgsMaximumEntropy => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = TextModel.LabelKey,
                FeatureColumnName = TextModel.FeaturesColumn,
                ExampleWeightColumnName = nameof(TicketRow.Weight),
                L2Regularization = options.L2,
                MaximumNumberOfIterations = maxIterations ?? 100,
                NumberOfThreads = 1,
            }),
            TrainingAlgorithms.OneVersusAllSvm => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.SdcaNonCalibrated(new SdcaNonCalibratedBinaryTrainer.Options
                {
                    LabelColumnName = TextModel.LabelKey,
                    FeatureColumnName = TextModel.FeaturesColumn,
                    ExampleWeightColumnName = nameof(TicketRow.Weight),
                    LossFunction = new HingeLoss(),
                    L2Regularization = options.L2,
                    MaximumNumberOfIterations = maxIterations,
                    NumberOfThreads = 1,
                }),
                labelColumnName: TextModel.LabelKey,
                useProbabilities: true),
            _ => ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = TextModel.LabelKey,
                    FeatureColumnName = TextModel.FeaturesColumn,
                    ExampleWeightColumnName = nameof(TicketRow.Weight),
                    L2Regularization = options.L2,
                    MaximumNumberOfIterations = maxIterations,
                    NumberOfThreads = 1,
                }),
                labelColumnName: TextModel.LabelKey,
                useProbabilities: true),
        };
    }

    // Temperature (0.5 to 4.5) that minimises the log-loss on the held-back slice: a grid is enough for one parameter.
    // The floor matters when the slice is all right (Bitext's near-duplicates): then the loss falls as the
    // temperature does, and an unbounded fit (0.05 was) made every prediction certain, also on unseen e-mails.
    private static double FitTemperature(TextModel model, List<LabelledExample> rows, string[] labels)
    {
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var logs = new double[rows.Count][];
        Span<double> p = stackalloc double[labels.Length];
        for (var r = 0; r < rows.Count; r++)
        {
            model.Predict(rows[r].Subject, rows[r].Description, p);
            logs[r] = p.ToArray().Select(v => Math.Log(Math.Max(v, 1e-12))).ToArray();
        }

        var best = (Temperature: 1.0, Loss: double.MaxValue);
        for (var step = -14; step <= 30; step++)
        {
            var t = Math.Exp(step * 0.05);
            double loss = 0;
            for (var r = 0; r < rows.Count; r++)
            {
                TextModel.Soften(logs[r], t, p);
                loss -= rows[r].Weight * Math.Log(Math.Max(p[index[rows[r].Label]], 1e-12));
            }

            if (loss < best.Loss)
            {
                best = (t, loss);
            }
        }

        return best.Temperature;
    }

    private static Prediction Predict(TextModel model, LabelledExample row)
    {
        Span<double> p = stackalloc double[model.Labels.Count];
        model.Predict(row.Subject, row.Description, p);
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return new Prediction(row.Label, model.Labels[best], p[best]);
    }

    private static TextModelInfo Info(TrainerOptions options, int rows) =>
        new(options.Version, options.Algorithm, options.Seed, rows, "", new Dictionary<string, double>());

    private sealed class LabelValue
    {
        public string Label { get; set; } = "";
    }
}
