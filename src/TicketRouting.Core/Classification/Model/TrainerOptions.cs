namespace TicketRouting.Core.Classification.Model;

public static class TrainingAlgorithms
{
    /// <summary>Multinomial logistic regression: probabilities come from the loss it minimises.</summary>
    public const string LogisticRegression = "logreg";

    /// <summary>Crammer-Singer linear SVM: the baseline of the issue; probabilities from a fitted softmax temperature.</summary>
    public const string LinearSvm = "svm";
}

public sealed record TrainerOptions
{
    /// <summary>The SVM is the default because it measured best on every held-out set (models/README.md).</summary>
    public string Algorithm { get; init; } = TrainingAlgorithms.LinearSvm;
    /// <summary>SGD epochs for logreg; the maximum number of passes of the SVM's coordinate descent.</summary>
    public int Epochs { get; init; } = 12;
    public double Lambda { get; init; } = 2e-5;
    public double LearningRate { get; init; } = 1;
    public int Seed { get; init; } = 42;

    /// <summary>Share of rows held back to fit the softmax temperature before the final fit on all rows.</summary>
    public double CalibrationFraction { get; init; } = 0.1;

    public FeatureSettings Features { get; init; } = new();

    /// <summary>Fixed label order; by default the distinct labels of the data, sorted.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    public string Version { get; init; } = "dev";
}
