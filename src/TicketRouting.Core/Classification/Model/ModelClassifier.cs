namespace TicketRouting.Core.Classification.Model;

/// <summary>
/// <see cref="IClassifier"/> over a loaded <see cref="TextModel"/>. The evidence is the ticket's words
/// and word pairs that the linear model weighs most towards the chosen department.
/// </summary>
public sealed class ModelClassifier(TextModel model) : IClassifier
{
    public const int EvidenceCount = 5;

    public string Name => "model";
    public string Version => model.Info.Version;
    public TextModel Model => model;

    public ClassificationResult Classify(string subject, string description)
    {
        var probabilities = new double[model.Labels.Count];
        var evidence = model.PredictAndExplain(subject ?? "", description ?? "", probabilities, EvidenceCount);
        var best = 0;
        for (var c = 1; c < probabilities.Length; c++)
        {
            best = probabilities[c] > probabilities[best] ? c : best;
        }

        return new ClassificationResult(
            model.Labels[best], probabilities[best], new DepartmentScores(model.Labels, probabilities), evidence, Name, Version);
    }
}
