namespace TicketRouting.Core.Classification;

/// <summary>
/// One term or multi-word phrase that points to a department. A negative weight counts against it
/// (e.g. "remboursement" against <c>billing</c> when returns should take it).
/// </summary>
public sealed record KeywordRule(string Department, string Term, double Weight)
{
    public const int MaxTermLength = 100;
    public const double MaxAbsWeight = 10;

    /// <summary>Problems that make the rule unusable, or none.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Department))
        {
            yield return "department is required";
        }

        if (string.IsNullOrWhiteSpace(Term) || TextNormalizer.Stems(Term).Count == 0)
        {
            yield return "term must contain at least one word";
        }
        else if (Term.Length > MaxTermLength)
        {
            yield return $"term is longer than {MaxTermLength} characters";
        }

        if (Weight == 0 || double.IsNaN(Weight) || Math.Abs(Weight) > MaxAbsWeight)
        {
            yield return $"weight must be non-zero and within ±{MaxAbsWeight}";
        }
    }
}
