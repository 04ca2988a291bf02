namespace TicketRouting.Core.Classification;

/// <summary>
/// Decides which department a ticket belongs to. Implementations are created once and shared:
/// <see cref="Classify"/> must be thread-safe and must not load anything per call.
/// </summary>
public interface IClassifier
{
    /// <summary>Short name recorded with each decision, e.g. <c>rules</c>, <c>model</c>, <c>hybrid</c>.</summary>
    string Name { get; }

    /// <summary>Version of the rules or model, recorded with each decision.</summary>
    string Version { get; }

    /// <summary>Scores every known department for the ticket text.</summary>
    ClassificationResult Classify(string subject, string description);
}

/// <param name="Department">The best-scoring department slug.</param>
/// <param name="Confidence">Probability-like confidence in [0, 1] that <paramref name="Department"/> is right.</param>
/// <param name="Scores">Per-department scores in [0, 1] that sum to about 1.</param>
/// <param name="Evidence">Matched terms, or the model's strongest features, best first.</param>
public sealed record ClassificationResult(
    string Department,
    double Confidence,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<string> Evidence,
    string Classifier,
    string Version);
