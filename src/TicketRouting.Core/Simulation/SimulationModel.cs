using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Core.Simulation;

/// <summary>An agent of the simulated team.</summary>
public sealed record SimulatedAgent(int Id, string Name, int Capacity, AgentProfile Profile);

/// <summary>A ticket arriving <see cref="Minute"/> minutes after the start; its skills are optional (dropped after the timeout).</summary>
public sealed record SimulatedArrival(
    int Minute, TicketPriority Priority, string? Language, IReadOnlyList<string> Skills, string? Customer, double ServiceMinutes);

/// <summary>The policies the simulator compares.</summary>
public static class SimulationPolicies
{
    /// <summary>Today's rule alone: least loaded among available agents below capacity; knows nothing of shifts or people.</summary>
    public const string LeastLoaded = "least-loaded";

    /// <summary>Next agent in turn among those below capacity.</summary>
    public const string RoundRobin = "round-robin";

    /// <summary>Every policy of <see cref="RoutingPolicy"/>: eligibility, relaxation, returning customers, rescue, redistribution.</summary>
    public const string Full = "full";

    public static readonly IReadOnlyList<string> All = [LeastLoaded, RoundRobin, Full];
}

/// <summary>How the simulated week runs.</summary>
public sealed record SimulationSettings(DateTimeOffset Start, int ArrivalMinutes, int DrainMinutes, RoutingPolicyOptions Options)
{
    /// <summary>Service time multiplier when the agent lacks the ticket's language or skill (translation, asking a colleague).</summary>
    public double MismatchFactor { get; init; } = 2;

    public IReadOnlyDictionary<TicketPriority, double> SlaHours { get; init; } = new Dictionary<TicketPriority, double>
    {
        [TicketPriority.Low] = 72, [TicketPriority.Medium] = 24, [TicketPriority.High] = 8, [TicketPriority.Critical] = 2,
    };
}

/// <summary>One policy's outcome. Waits are minutes from arrival until an agent starts the ticket; tickets never
/// started count with their wait up to the end of the simulation.</summary>
public sealed record SimulationResult(
    string Policy, int Tickets, int Finished, double WaitP50, double WaitP95, double WaitMax, int SlaBreaches,
    IReadOnlyDictionary<int, int> FinishedPerAgent, int Spread, double Gini, int Rescues, int Relaxations, int Redistributed, int StickyHits);
