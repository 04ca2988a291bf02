namespace TicketRouting.Core.Classification.Evaluation;

/// <summary>Tickets whose confidence fell in [From, To): how many, their mean confidence, and the share right.</summary>
public sealed record ReliabilityBin(double From, double To, int Count, double MeanConfidence, double Accuracy);

/// <summary>
/// How far confidence can be taken at its word: a calibrated classifier is right on about 80 % of the
/// tickets it gives 0.8. Expected calibration error is the count-weighted gap between the two.
/// </summary>
public sealed class Reliability
{
    private Reliability(IReadOnlyList<ReliabilityBin> bins, double expectedCalibrationError)
    {
        Bins = bins;
        ExpectedCalibrationError = expectedCalibrationError;
    }

    public IReadOnlyList<ReliabilityBin> Bins { get; }
    public double ExpectedCalibrationError { get; }

    public static Reliability Of(IReadOnlyCollection<Prediction> predictions, int binCount = 10)
    {
        var bins = new List<ReliabilityBin>(binCount);
        double gap = 0;
        for (var b = 0; b < binCount; b++)
        {
            double from = b / (double)binCount, to = (b + 1) / (double)binCount;
            var inBin = predictions.Where(p => p.Confidence >= from && (p.Confidence < to || (b == binCount - 1 && p.Confidence <= to))).ToList();
            if (inBin.Count == 0)
            {
                bins.Add(new ReliabilityBin(from, to, 0, 0, 0));
                continue;
            }

            var confidence = inBin.Average(p => p.Confidence);
            var accuracy = inBin.Count(p => p.Actual == p.Predicted) / (double)inBin.Count;
            gap += inBin.Count * Math.Abs(confidence - accuracy);
            bins.Add(new ReliabilityBin(from, to, inBin.Count, confidence, accuracy));
        }

        return new Reliability(bins, predictions.Count == 0 ? 0 : gap / predictions.Count);
    }
}
