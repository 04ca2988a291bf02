namespace TicketRouting.Core.Classification;

/// <summary>The department a ticket goes to, after the confidence threshold is applied.</summary>
public sealed record DepartmentDecision(string Department, bool NeedsReview, ClassificationResult Classification);

/// <summary>
/// Below the threshold a ticket goes to the fallback department and is flagged for review. The threshold is
/// the department's own when one was chosen on held-out tickets (see
/// <see cref="Evaluation.DepartmentThresholds"/>), else <see cref="MinConfidence"/>. A predicted department
/// that is not (or no longer) a department of the service is treated like a low-confidence prediction.
/// </summary>
public sealed class ConfidencePolicy(
    double minConfidence,
    string fallbackDepartment,
    IReadOnlyDictionary<string, double>? departmentThresholds = null,
    IReadOnlyCollection<string>? knownDepartments = null)
{
    private readonly HashSet<string>? _known = knownDepartments is null ? null : new(knownDepartments, StringComparer.OrdinalIgnoreCase);

    public double MinConfidence { get; } = minConfidence;
    public string FallbackDepartment { get; } = fallbackDepartment;
    public IReadOnlyDictionary<string, double> DepartmentThresholds { get; } = departmentThresholds ?? new Dictionary<string, double>();

    public double ThresholdFor(string department) => DepartmentThresholds.GetValueOrDefault(department, MinConfidence);

    public DepartmentDecision Decide(ClassificationResult result) =>
        result.Confidence >= ThresholdFor(result.Department) && (_known is null || _known.Contains(result.Department))
            ? new DepartmentDecision(result.Department, false, result)
            : new DepartmentDecision(FallbackDepartment, true, result);
}
