using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Core.Routing;

/// <summary>An agent as the balancer sees it at decision time.</summary>
public sealed record AgentCandidate(
    int AgentId, string Name, int OpenTickets, int Capacity, bool Available, DateTimeOffset? LastAssignedAt)
{
    public bool IsEligible => Available && OpenTickets < Capacity;

    /// <summary>Skills, languages and working time; unrestricted unless the caller knows better.</summary>
    public AgentProfile Profile { get; init; } = AgentProfile.Unrestricted;
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
    public const string TieBreakReturningCustomer = "returning-customer";

    public static BalancerChoice Choose(IReadOnlyList<AgentCandidate> candidates) => Choose(candidates, c => c.IsEligible, null);

    /// <summary>
    /// The same rule over the agents <paramref name="eligible"/> accepts. A <paramref name="preferredAgentId"/> (a returning
    /// customer's last agent) wins if it is eligible and has at most one open ticket more than the least loaded.
    /// </summary>
    public static BalancerChoice Choose(IReadOnlyList<AgentCandidate> candidates, Func<AgentCandidate, bool> eligible, int? preferredAgentId)
    {
        var ordered = candidates.Where(eligible)
            .OrderBy(c => c.OpenTickets)
            .ThenBy(c => c.LastAssignedAt ?? DateTimeOffset.MinValue)
            .ThenBy(c => c.AgentId)
            .ToList();

        if (ordered.Count == 0)
        {
            return new BalancerChoice(null, NoEligibleAgent, candidates);
        }

        var preferred = ordered.Find(c => c.AgentId == preferredAgentId);
        if (preferred is not null && preferred.OpenTickets <= ordered[0].OpenTickets + 1)
        {
            return new BalancerChoice(preferred, TieBreakReturningCustomer, candidates);
        }

        return new BalancerChoice(ordered[0], TieBreakUsed(ordered), candidates);
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
