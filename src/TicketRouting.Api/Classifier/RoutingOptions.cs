using System.ComponentModel.DataAnnotations;

namespace TicketRouting.Api.Classifier;

public sealed class RoutingOptions
{
    public const string Section = "Routing";

    /// <summary>rules, model or hybrid; empty: hybrid when the model file exists, rules otherwise.</summary>
    [RegularExpression("^(rules|model|hybrid)?$")]
    public string? Classifier { get; set; }

    /// <summary>The trained model; relative paths are resolved against the models folder.</summary>
    public string ModelPath { get; set; } = "department-model.bin";

    [Range(0.0, 1.0)]
    public double MinConfidence { get; set; } = 0.55;

    [Required]
    public string FallbackDepartment { get; set; } = "general";

    /// <summary>How often this process checks for rules or departments changed by another process.</summary>
    [Range(1, 3600)]
    public int RefreshSeconds { get; set; } = 30;

    /// <summary>Per department, the lowest threshold reaching this precision on held-out tickets is used.</summary>
    [Range(0.0, 1.0)]
    public double TargetPrecision { get; set; } = 0.85;
}

/// <summary>Routing:Learning: how the service trains models from its own confirmed tickets.</summary>
public sealed class LearningOptions
{
    public const string Section = "Routing:Learning";

    /// <summary>Train (and activate if not worse) after this many newly confirmed tickets; 0 = never automatically.</summary>
    [Range(0, 1_000_000)]
    public int RetrainAfter { get; set; }

    /// <summary>Training weight of a confirmed ticket of the service, against 1 for a row of the base data.</summary>
    [Range(1.0, 100.0)]
    public float ServiceTicketWeight { get; set; } = 3;

    /// <summary>About one confirmed ticket in this many (a fixed hash of its id) is held out: never trained on, used to compare.</summary>
    [Range(2, 100)]
    public int HoldOutEvery { get; set; } = 5;

    /// <summary>Shipped labelled tickets (CSV) trained on with the service's own; relative to the seed folder; empty: none.</summary>
    public string? BaseData { get; set; } = "training/handwritten-tickets.csv";

    /// <summary>A training row older than this is taken as abandoned (its process stopped) and marked failed.</summary>
    [Range(1, 24 * 60)]
    public int TrainingTimeoutMinutes { get; set; } = 30;
}
