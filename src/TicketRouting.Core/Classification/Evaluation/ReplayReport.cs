using TicketRouting.Core.Classification.Model;

namespace TicketRouting.Core.Classification.Evaluation;

/// <summary>One confirmed ticket replayed: its confirmed department and where each classifier would send it.</summary>
public sealed record ReplayedTicket(string Actual, string Active, string Candidate);

/// <summary>How many tickets of (confirmed department, routed department) each classifier gives, where the two differ.</summary>
public sealed record ConfusionChange(string Actual, string RoutedTo, int Active, int Candidate);

/// <summary>
/// What-if: the candidate against the active classifier on the same confirmed tickets, both after their
/// confidence policies (so a ticket sent to review counts as routed to the fallback department).
/// </summary>
public sealed record ReplayReport(
    int Tickets,
    int WouldMove,
    double ActiveAccuracy,
    double CandidateAccuracy,
    int FixedByCandidate,
    int BrokenByCandidate,
    IReadOnlyList<ConfusionChange> ConfusionChanges)
{
    /// <summary>Routes each confirmed ticket with both classifiers, each after its own confidence policy.</summary>
    public static ReplayReport Run(
        IEnumerable<LabelledExample> confirmed,
        (IClassifier Classifier, ConfidencePolicy Policy) active,
        (IClassifier Classifier, ConfidencePolicy Policy) candidate) =>
        Compute(confirmed.Select(t => new ReplayedTicket(
            t.Label,
            active.Policy.Decide(active.Classifier.Classify(t.Subject, t.Description)).Department,
            candidate.Policy.Decide(candidate.Classifier.Classify(t.Subject, t.Description)).Department)).ToList());

    public static ReplayReport Compute(IReadOnlyCollection<ReplayedTicket> tickets)
    {
        double Accuracy(Func<ReplayedTicket, string> routed) =>
            tickets.Count == 0 ? 0 : Math.Round(tickets.Count(t => routed(t) == t.Actual) / (double)tickets.Count, 4);

        var active = tickets.CountBy(t => (t.Actual, t.Active)).ToDictionary();
        var candidate = tickets.CountBy(t => (t.Actual, t.Candidate)).ToDictionary();
        var changes = active.Keys.Union(candidate.Keys)
            .Select(k => new ConfusionChange(k.Actual, k.Item2, active.GetValueOrDefault(k), candidate.GetValueOrDefault(k)))
            .Where(c => c.Active != c.Candidate)
            .OrderByDescending(c => Math.Abs(c.Candidate - c.Active)).ThenBy(c => c.Actual, StringComparer.Ordinal)
            .ThenBy(c => c.RoutedTo, StringComparer.Ordinal)
            .ToList();
        return new ReplayReport(
            tickets.Count,
            tickets.Count(t => t.Active != t.Candidate),
            Accuracy(t => t.Active),
            Accuracy(t => t.Candidate),
            tickets.Count(t => t.Active != t.Actual && t.Candidate == t.Actual),
            tickets.Count(t => t.Active == t.Actual && t.Candidate != t.Actual),
            changes);
    }
}
