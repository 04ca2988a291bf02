using TicketRouting.Core.Classification.Evaluation;

namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// Trains a <see cref="TextModel"/>: featurize once, fit on all but a seeded calibration slice, fit the
/// softmax temperature on that slice, then refit on every row with the same settings.
/// </summary>
public static class TextModelTrainer
{
    public static TextModel Train(IEnumerable<LabelledExample> examples, TrainerOptions options)
    {
        var rows = examples.Where(e => !string.IsNullOrWhiteSpace(e.Label)).ToList();
        if (rows.Count == 0)
        {
            throw new ArgumentException("no labelled rows to train on", nameof(examples));
        }

        var labels = (options.Labels ?? rows.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToList()).ToArray();
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        var y = rows.Select(r => labelIndex.TryGetValue(r.Label, out var i)
            ? i : throw new ArgumentException($"label '{r.Label}' is not among {string.Join(", ", labels)}")).ToArray();
        var bucketCount = 1 << options.Features.HashBits;
        var featurizer = new HashedFeaturizer(options.Features);
        var documents = SparseDocuments.Featurize(rows, featurizer);

        var all = Enumerable.Range(0, rows.Count).ToArray();
        var shuffled = all.ToArray();
        new Random(options.Seed).Shuffle(shuffled);
        var calibrationCount = rows.Count >= 50 ? (int)(rows.Count * options.CalibrationFraction) : 0;
        var metrics = new Dictionary<string, double>();
        var temperature = 1f;
        if (calibrationCount > 0)
        {
            var calibration = shuffled[..calibrationCount].Order().ToArray();
            var fit = shuffled[calibrationCount..].Order().ToArray();
            var draft = Fit(fit, documents, y, labels, bucketCount, options, 1f);
            temperature = FitTemperature(draft, rows, calibration, y);
            var calibrated = draft.WithTemperature(temperature);
            var report = ClassificationReport.Compute(labels, calibration.Select(r => Predict(calibrated, rows[r], labels[y[r]])));
            metrics["calibration.rows"] = calibration.Length;
            metrics["calibration.accuracy"] = Math.Round(report.Accuracy, 4);
            metrics["calibration.macroF1"] = Math.Round(report.MacroF1, 4);
        }

        // No timing in the file: same rows and seed must give the same bytes.
        var model = Fit(all, documents, y, labels, bucketCount, options, temperature);
        var info = new TextModelInfo(
            options.Version, options.Algorithm, options.Seed, rows.Count, SparseDocuments.Fingerprint(rows), metrics);
        return model.WithInfo(info);
    }

    private static TextModel Fit(
        int[] rows, SparseDocuments documents, int[] y, string[] labels, int bucketCount, TrainerOptions options,
        float temperature)
    {
        var idf = documents.InverseDocumentFrequency(rows, bucketCount);
        var vectors = new float[documents.Count][];
        foreach (var r in rows)
        {
            vectors[r] = documents.Vector(r, idf, options.Features.SublinearTf);
        }

        var (weights, bias) = options.Algorithm == TrainingAlgorithms.LinearSvm
            ? LinearSvmDual.Fit(rows, vectors, documents.Buckets, y, labels.Length, bucketCount, options)
            : LinearSgd.Fit(rows, vectors, documents.Buckets, y, labels.Length, bucketCount, options);
        var info = new TextModelInfo(options.Version, options.Algorithm, options.Seed, rows.Length, "", new Dictionary<string, double>());
        return new TextModel(labels, options.Features, idf, weights, bias, temperature, info);
    }

    // Temperature that minimises the log-loss on the held-back slice: a coarse grid is enough for one parameter.
    private static float FitTemperature(TextModel model, List<LabelledExample> rows, int[] calibration, int[] y)
    {
        Span<double> p = stackalloc double[model.Labels.Count];
        var best = (Temperature: 1f, Loss: double.MaxValue);
        for (var step = -20; step <= 20; step++)
        {
            var t = (float)Math.Exp(step * 0.1);
            var candidate = model.WithTemperature(t);
            double loss = 0;
            foreach (var r in calibration)
            {
                candidate.Predict(rows[r].Subject, rows[r].Description, p);
                loss -= Math.Log(Math.Max(p[y[r]], 1e-12));
            }

            if (loss < best.Loss)
            {
                best = (t, loss);
            }
        }

        return best.Temperature;
    }

    private static Prediction Predict(TextModel model, LabelledExample row, string actual)
    {
        Span<double> p = stackalloc double[model.Labels.Count];
        model.Predict(row.Subject, row.Description, p);
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return new Prediction(actual, model.Labels[best], p[best]);
    }
}
