namespace TicketRouting.Core.Classification.Evaluation;

/// <summary>One evaluated ticket: the true department, the predicted one and the classifier's confidence.</summary>
public sealed record Prediction(string Actual, string Predicted, double Confidence);

public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Share of tickets routed automatically at a threshold (coverage) and how often those are right (precision).</summary>
public sealed record ThresholdPoint(double Threshold, double Precision, double Coverage, int Routed);

/// <summary>Accuracy, macro-F1, per-department precision/recall and the confusion matrix of a set of predictions.</summary>
public sealed class ClassificationReport
{
    private readonly List<Prediction> _predictions;

    private ClassificationReport(IReadOnlyList<string> labels, List<Prediction> predictions)
    {
        _predictions = predictions;
        Labels = labels;
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i);
        Confusion = new int[labels.Count, labels.Count];
        foreach (var p in predictions)
        {
            if (index.TryGetValue(p.Actual, out var a) && index.TryGetValue(p.Predicted, out var b))
            {
                Confusion[a, b]++;
            }
        }

        Accuracy = predictions.Count == 0 ? 0 : predictions.Count(p => p.Actual == p.Predicted) / (double)predictions.Count;
        PerClass = labels.Select((l, i) => ClassMetricsOf(l, i)).ToList();

        // Macro-F1 over departments that occur in the data or were predicted: an absent, never-predicted department says nothing.
        var present = PerClass.Where((m, i) => m.Support > 0 || Enumerable.Range(0, labels.Count).Any(a => Confusion[a, i] > 0)).ToList();
        MacroF1 = present.Count == 0 ? 0 : present.Average(m => m.F1);
    }

    public IReadOnlyList<string> Labels { get; }
    public int Count => _predictions.Count;
    public double Accuracy { get; }
    public double MacroF1 { get; }
    public IReadOnlyList<ClassMetrics> PerClass { get; }

    /// <summary>[actual, predicted] counts in <see cref="Labels"/> order.</summary>
    public int[,] Confusion { get; }

    /// <summary>Labels are the departments; predictions outside them count as wrong but not in the matrix.</summary>
    public static ClassificationReport Compute(IReadOnlyList<string> labels, IEnumerable<Prediction> predictions) =>
        new(labels, predictions.ToList());

    public ThresholdPoint AtThreshold(double threshold)
    {
        var routed = _predictions.Where(p => p.Confidence >= threshold).ToList();
        var precision = routed.Count == 0 ? 1 : routed.Count(p => p.Actual == p.Predicted) / (double)routed.Count;
        var coverage = _predictions.Count == 0 ? 0 : routed.Count / (double)_predictions.Count;
        return new ThresholdPoint(threshold, precision, coverage, routed.Count);
    }

    /// <summary>Precision and coverage at thresholds 0, 0.05 … 0.95.</summary>
    public IReadOnlyList<ThresholdPoint> Sweep() =>
        Enumerable.Range(0, 20).Select(i => AtThreshold(Math.Round(i * 0.05, 2))).ToList();

    /// <summary>
    /// The lowest threshold whose auto-routed tickets reach <paramref name="targetPrecision"/>: the most
    /// tickets routed without review for the accuracy we are willing to accept. Falls back to the most precise point.
    /// </summary>
    public ThresholdPoint ChooseThreshold(double targetPrecision)
    {
        var sweep = Sweep();
        return sweep.FirstOrDefault(p => p.Precision >= targetPrecision && p.Routed > 0)
            ?? sweep.Where(p => p.Routed > 0).MaxBy(p => p.Precision)
            ?? sweep[0];
    }

    /// <summary>
    /// The most precise threshold that still routes at least <paramref name="minCoverage"/> of the tickets
    /// automatically: the review queue's size is the budget, precision is what it buys. Ties go to the lower threshold.
    /// </summary>
    public ThresholdPoint ChooseThresholdForCoverage(double minCoverage)
    {
        var best = AtThreshold(0);
        foreach (var point in Sweep())
        {
            if (point.Coverage >= minCoverage && point.Precision > best.Precision)
            {
                best = point;
            }
        }

        return best;
    }

    /// <summary>Confidence against the share right, in ten bins (see <see cref="Evaluation.Reliability"/>).</summary>
    public Reliability Reliability() => Evaluation.Reliability.Of(_predictions);

    private ClassMetrics ClassMetricsOf(string label, int i)
    {
        int tp = Confusion[i, i], actual = 0, predicted = 0;
        for (var j = 0; j < Labels.Count; j++)
        {
            actual += Confusion[i, j];
            predicted += Confusion[j, i];
        }

        var precision = predicted == 0 ? 0 : tp / (double)predicted;
        var recall = actual == 0 ? 0 : tp / (double)actual;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new ClassMetrics(label, precision, recall, f1, actual);
    }
}
