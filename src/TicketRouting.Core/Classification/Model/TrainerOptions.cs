namespace TicketRouting.Core.Classification.Model;

/// <summary>The ML.NET multiclass trainers the model can be trained with (values of <c>train --algorithm</c>).</summary>
public static class TrainingAlgorithms
{
    /// <summary>SdcaMaximumEntropy: multinomial logistic regression by stochastic dual coordinate ascent.</summary>
    public const string SdcaMaximumEntropy = "sdca-maxent";

    /// <summary>LbfgsMaximumEntropy: multinomial logistic regression by L-BFGS.</summary>
    public const string LbfgsMaximumEntropy = "lbfgs-maxent";

    /// <summary>One-versus-all over SDCA logistic regression, per-class probabilities normalised.</summary>
    public const string OneVersusAllSdca = "ova-sdca";

    /// <summary>One-versus-all over linear SVMs (SDCA, hinge loss, as liblinear), Platt-calibrated per class.</summary>
    public const string OneVersusAllSvm = "ova-svm";

    public static readonly IReadOnlyList<string> All = [SdcaMaximumEntropy, LbfgsMaximumEntropy, OneVersusAllSdca, OneVersusAllSvm];
}

public sealed record TrainerOptions
{
    /// <summary>SdcaMaximumEntropy measured best for its training time on held-out data (models/README.md).</summary>
    public string Algorithm { get; init; } = TrainingAlgorithms.SdcaMaximumEntropy;

    /// <summary>L2 regularisation strength of the trainer; 1e-5 measured best for SDCA (models/README.md).</summary>
    public float L2 { get; init; } = 1e-5f;

    /// <summary>Maximum passes (SDCA) or iterations (L-BFGS); 0 lets the trainer decide.</summary>
    public int MaxIterations { get; init; }

    /// <summary>Seed of ML.NET's context and of the calibration slice: same rows and seed, same predictions.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Share of rows held back to calibrate the probabilities before the final fit on all rows.</summary>
    public double CalibrationFraction { get; init; } = 0.1;

    public FeatureSettings Features { get; init; } = new();

    /// <summary>Label order of the model; by default the distinct labels of the data, sorted. Any labels are accepted.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    public string Version { get; init; } = "dev";
}
