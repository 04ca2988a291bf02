namespace TicketRouting.Core.Routing;

/// <summary>An agent as the balancer sees it at decision time.</summary>
public sealed record AgentCandidate(
    int AgentId, string Name, int OpenTickets, int Capacity, bool Available, DateTimeOffset? LastAssignedAt)
{
    public bool IsEligible => Available && OpenTickets < Capacity;
}

/// <summary>The chosen agent (or none) and why.</summary>
public sealed record BalancerChoice(AgentCandidate? Agent, string TieBreak, IReadOnlyList<AgentCandidate> Candidates);

/// <summary>
/// DESIGN.md's assignment rule: among available agents below capacity, fewest open tickets; ties go to
/// the one assigned least recently (never assigned counts as oldest), then the lowest id.
/// </summary>
public static class LeastLoadedBalancer
{
    public const string TieBreakNone = "none";
    public const string TieBreakLoad = "fewest-open-tickets";
    public const string TieBreakLastAssigned = "least-recently-assigned";
    public const string TieBreakLowestId = "lowest-id";
    public const string NoEligibleAgent = "no-eligible-agent";

    public static BalancerChoice Choose(IReadOnlyList<AgentCandidate> candidates)
    {
        var eligible = candidates.Where(c => c.IsEligible)
            .OrderBy(c => c.OpenTickets)
            .ThenBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.AgentId)
            .ToList();

        if (eligible.Count == 0)
        {
            return new BalancerChoice(null, NoEligibleAgent, candidates);
        }

        return new BalancerChoice(eligible[0], TieBreakUsed(eligible), candidates);
    }

    private static string TieBreakUsed(List<AgentCandidate> ordered)
    {
        if (ordered.Count == 1)
        {
            return TieBreakNone;
        }

        var (first, second) = (ordered[0], ordered[1]);
        if (first.OpenTickets != second.OpenTickets)
        {
            return TieBreakLoad;
        }

        return first.LastAssignedAt != second.LastAssignedAt ? TieBreakLastAssigned : TieBreakLowestId;
    }
}
