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
}
