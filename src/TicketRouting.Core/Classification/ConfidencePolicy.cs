namespace TicketRouting.Core.Classification;

/// <summary>The department a ticket goes to, after the confidence threshold is applied.</summary>
public sealed record DepartmentDecision(string Department, bool NeedsReview, ClassificationResult Classification);

/// <summary>Below <see cref="MinConfidence"/> a ticket goes to the fallback department and is flagged for review.</summary>
public sealed class ConfidencePolicy(double minConfidence, string fallbackDepartment)
{
    public double MinConfidence { get; } = minConfidence;
    public string FallbackDepartment { get; } = fallbackDepartment;

    public DepartmentDecision Decide(ClassificationResult result) =>
        result.Confidence >= MinConfidence
            ? new DepartmentDecision(result.Department, false, result)
            : new DepartmentDecision(FallbackDepartment, true, result);
}
