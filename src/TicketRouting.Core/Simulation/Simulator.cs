using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Core.Simulation;

/// <summary>
/// Runs one policy minute by minute over simulated time (no database, no waiting): arrivals join the queue, the policy
/// assigns, agents work one ticket at a time while on shift and not absent, highest priority then oldest first.
/// The full policy also gives back unstarted tickets of agents who stop working and rescues stalled ones.
/// Deterministic: the same inputs give the same result.
/// </summary>
public sealed class Simulator
{
    private readonly string _policy;
    private readonly IReadOnlyList<SimulatedAgent> _agents;
    private readonly SimulationSettings _settings;
    private readonly SimulatedClock _clock;
    private readonly RoutingPolicy _routing;
    private readonly Dictionary<int, AgentState> _state;
    private readonly List<TicketState> _tickets = [];
    private readonly List<TicketState> _queue = [];
    private readonly Dictionary<string, PreviousTicket> _lastAgentOfCustomer = new(StringComparer.OrdinalIgnoreCase);
    private int _nextInTurn;
    private int _rescues, _relaxations, _redistributed, _stickyHits;

    private Simulator(string policy, IReadOnlyList<SimulatedAgent> agents, SimulationSettings settings)
    {
        _policy = policy;
        _agents = [.. agents.OrderBy(a => a.Id)];
        _settings = settings;
        _clock = new SimulatedClock(settings.Start);
        _routing = new RoutingPolicy(settings.Options, _clock);
        _state = _agents.ToDictionary(a => a.Id, a => new AgentState(a));
    }

    public static SimulationResult Run(string policy, IReadOnlyList<SimulatedAgent> agents, IReadOnlyList<SimulatedArrival> arrivals, SimulationSettings settings)
    {
        if (!SimulationPolicies.All.Contains(policy))
        {
            throw new ArgumentException($"unknown policy '{policy}' (expected {string.Join(", ", SimulationPolicies.All)})", nameof(policy));
        }

        return new Simulator(policy, agents, settings).Run(arrivals);
    }

    private bool Full => _policy == SimulationPolicies.Full;

    private SimulationResult Run(IReadOnlyList<SimulatedArrival> arrivals)
    {
        var ordered = arrivals.OrderBy(a => a.Minute).ToList();
        var next = 0;
        var end = _settings.ArrivalMinutes + _settings.DrainMinutes;
        for (var minute = 0; minute < end; minute++)
        {
            _clock.Now = _settings.Start.AddMinutes(minute);
            for (; next < ordered.Count && ordered[next].Minute <= minute; next++)
            {
                if (ordered[next].Minute < _settings.ArrivalMinutes)
                {
                    Arrive(ordered[next]);
                }
            }

            if (Full)
            {
                GiveBackAndRescue();
            }

            Dispatch();
            Work();
        }

        _clock.Now = _settings.Start.AddMinutes(end);
        return Report();
    }

    private void Arrive(SimulatedArrival arrival)
    {
        var ticket = new TicketState(arrival, _clock.Now, _clock.Now.AddHours(_settings.SlaHours[arrival.Priority]));
        _tickets.Add(ticket);
        _queue.Add(ticket);
    }

    private void GiveBackAndRescue()
    {
        foreach (var agent in _state.Values)
        {
            var waiting = agent.Assigned.Where(t => t.StartedAt is null).ToList();
            var candidate = Candidate(agent);
            foreach (var ticket in waiting)
            {
                if (_routing.ShouldGiveBack(candidate, started: false))
                {
                    agent.Assigned.Remove(ticket);
                    _queue.Add(ticket);
                    _redistributed++;
                }
                else if (_routing.IsStalled(ticket.Arrival.Priority, ticket.AssignedAt, ticket.DueAt, ticket.Rescues))
                {
                    var choice = _routing.Choose(Candidates(), Request(ticket) with { ExcludedAgentId = agent.Agent.Id });
                    if (choice.Agent is { } other)
                    {
                        agent.Assigned.Remove(ticket);
                        ticket.Rescues++;
                        _rescues++;
                        Assign(ticket, _state[other.AgentId], choice.Relaxations.Count > 0);
                    }
                }
            }
        }
    }

    private void Dispatch()
    {
        if (_queue.Count == 0)
        {
            return;
        }

        var candidates = Candidates();
        foreach (var ticket in _queue.OrderByDescending(t => t.Arrival.Priority).ThenBy(t => t.QueuedSince).ToList())
        {
            // Nobody can take anything: the rest of the queue waits (keeps a night of queued tickets cheap).
            if (!candidates.Exists(c => Full ? RoutingPolicy.Check(c, TicketRequirements.None, _clock.Now) == Ineligibility.Eligible : c.IsEligible))
            {
                return;
            }

            var (agent, relaxed, sticky) = Choose(ticket, candidates);
            if (agent is null)
            {
                continue;
            }

            _queue.Remove(ticket);
            _stickyHits += sticky ? 1 : 0;
            var state = _state[agent.AgentId];
            Assign(ticket, state, relaxed);
            candidates[candidates.FindIndex(c => c.AgentId == agent.AgentId)] = Candidate(state);
        }
    }

    private (AgentCandidate? Agent, bool Relaxed, bool Sticky) Choose(TicketState ticket, List<AgentCandidate> candidates)
    {
        switch (_policy)
        {
            case SimulationPolicies.LeastLoaded:
                return (LeastLoadedBalancer.Choose([.. candidates.Select(c => c with { Profile = AgentProfile.Unrestricted })]).Agent, false, false);
            case SimulationPolicies.RoundRobin:
                for (var i = 0; i < candidates.Count; i++)
                {
                    var c = candidates[(_nextInTurn + i) % candidates.Count];
                    if (c.IsEligible)
                    {
                        _nextInTurn = (_nextInTurn + i + 1) % candidates.Count;
                        return (c, false, false);
                    }
                }

                return (null, false, false);
            default:
                var choice = _routing.Choose(candidates, Request(ticket));
                return (choice.Agent, choice.Relaxations.Count > 0, choice.Balancer.TieBreak == LeastLoadedBalancer.TieBreakReturningCustomer);
        }
    }

    private RoutingRequest Request(TicketState ticket) => new(
        TicketRequirements.Create(ticket.Arrival.Language, [], ticket.Arrival.Skills),
        ticket.QueuedSince,
        ticket.Arrival.Customer is { } customer ? _lastAgentOfCustomer.GetValueOrDefault(customer) : null);

    private void Assign(TicketState ticket, AgentState agent, bool relaxed)
    {
        ticket.AssignedAt = _clock.Now;
        agent.LastAssignedAt = _clock.Now;
        agent.Assigned.Add(ticket);
        if (relaxed && !ticket.Relaxed)
        {
            ticket.Relaxed = true;
            _relaxations++;
        }
    }

    private void Work()
    {
        foreach (var agent in _state.Values)
        {
            if (!agent.Agent.Profile.Schedule.IsWorking(_clock.Now))
            {
                continue;
            }

            var current = agent.Assigned.Find(t => t.StartedAt is not null)
                ?? agent.Assigned.OrderByDescending(t => t.Arrival.Priority).ThenBy(t => t.QueuedSince).FirstOrDefault();
            if (current is null)
            {
                continue;
            }

            if (current.StartedAt is null)
            {
                current.StartedAt = _clock.Now;
                var profile = agent.Agent.Profile;
                var fits = profile.Speaks(current.Arrival.Language) && profile.HasSkills(current.Arrival.Skills);
                current.Remaining = current.Arrival.ServiceMinutes * (fits ? 1 : _settings.MismatchFactor);
            }

            current.Remaining -= 1;
            if (current.Remaining <= 0)
            {
                current.FinishedAt = _clock.Now.AddMinutes(1);
                agent.Assigned.Remove(current);
                agent.Finished++;
                if (current.Arrival.Customer is { } customer)
                {
                    _lastAgentOfCustomer[customer] = new PreviousTicket(agent.Agent.Id, current.FinishedAt.Value);
                }
            }
        }
    }

    private List<AgentCandidate> Candidates() => [.. _state.Values.Select(Candidate)];

    private static AgentCandidate Candidate(AgentState s) =>
        new(s.Agent.Id, s.Agent.Name, s.Assigned.Count, s.Agent.Capacity, true, s.LastAssignedAt) { Profile = s.Agent.Profile };

    private SimulationResult Report()
    {
        var end = _clock.Now;
        var waits = _tickets.Select(t => ((t.StartedAt ?? end) - t.Arrival.MinuteTime(_settings.Start)).TotalMinutes).Order().ToList();
        var breaches = _tickets.Count(t => t.FinishedAt is { } finished ? finished > t.DueAt : t.DueAt < end);
        var perAgent = _state.Values.ToDictionary(s => s.Agent.Id, s => s.Finished);
        var counts = perAgent.Values.ToList();
        return new SimulationResult(
            _policy, _tickets.Count, _tickets.Count(t => t.FinishedAt is not null),
            SimulationStatistics.Percentile(waits, 50), SimulationStatistics.Percentile(waits, 95), waits.Count == 0 ? 0 : waits[^1],
            breaches, perAgent, counts.Count == 0 ? 0 : counts.Max() - counts.Min(), SimulationStatistics.Gini(counts),
            _rescues, _relaxations, _redistributed, _stickyHits);
    }

    private sealed class AgentState(SimulatedAgent agent)
    {
        public SimulatedAgent Agent { get; } = agent;
        public List<TicketState> Assigned { get; } = [];
        public DateTimeOffset? LastAssignedAt { get; set; }
        public int Finished { get; set; }
    }

    private sealed class TicketState(SimulatedArrival arrival, DateTimeOffset queuedSince, DateTimeOffset dueAt)
    {
        public SimulatedArrival Arrival { get; } = arrival;
        public DateTimeOffset QueuedSince { get; } = queuedSince;
        public DateTimeOffset DueAt { get; } = dueAt;
        public DateTimeOffset AssignedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public double Remaining { get; set; }
        public int Rescues { get; set; }
        public bool Relaxed { get; set; }
    }

    private sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

internal static class SimulatedArrivalTime
{
    public static DateTimeOffset MinuteTime(this SimulatedArrival arrival, DateTimeOffset start) => start.AddMinutes(arrival.Minute);
}
