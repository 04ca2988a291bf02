using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Routing.Policies;

/// <summary>Why an agent cannot take a ticket right now (<see cref="Eligible"/> when they can).</summary>
public enum Ineligibility
{
    Eligible,
    Unavailable,
    AtCapacity,
    OffShift,
    Absent,
    Language,
    MissingSkill,
}

/// <summary>A returning customer's previous ticket: who handled it and when.</summary>
public sealed record PreviousTicket(int AgentId, DateTimeOffset At);

/// <summary>A ticket to place: what it asks for, since when it waits, its customer's previous ticket, who must not get it.</summary>
public sealed record RoutingRequest(
    TicketRequirements Requirements, DateTimeOffset QueuedSince, PreviousTicket? Previous = null, int? ExcludedAgentId = null);

/// <summary>The balancer's choice with the requirements that were applied and those relaxed on the way.</summary>
public sealed record RoutingChoice(BalancerChoice Balancer, TicketRequirements Applied, IReadOnlyList<Relaxation> Relaxations)
{
    public AgentCandidate? Agent => Balancer.Agent;
}

/// <summary>
/// The routing policies of issue 13 over <see cref="LeastLoadedBalancer"/>: eligibility (available, below capacity, on shift,
/// not absent, speaks the language, has the skills), relaxation after the skill timeout, returning customers, stalled
/// tickets and redistribution when an agent stops working. Plain C#: the caller brings the candidates and the clock.
/// </summary>
public sealed class RoutingPolicy(RoutingPolicyOptions options, TimeProvider time)
{
    public const string RelaxedOptionalSkills = "optional-skills";
    public const string RelaxedLanguage = "language";

    public RoutingPolicyOptions Options => options;

    public static Ineligibility Check(AgentCandidate agent, TicketRequirements requirements, DateTimeOffset now)
    {
        if (!agent.Available)
        {
            return Ineligibility.Unavailable;
        }

        if (agent.OpenTickets >= agent.Capacity)
        {
            return Ineligibility.AtCapacity;
        }

        if (agent.Profile.Schedule.IsAbsent(now))
        {
            return Ineligibility.Absent;
        }

        if (!agent.Profile.Schedule.IsOnShift(now))
        {
            return Ineligibility.OffShift;
        }

        if (!agent.Profile.Speaks(requirements.Language))
        {
            return Ineligibility.Language;
        }

        return agent.Profile.HasSkills(requirements.AllSkills) ? Ineligibility.Eligible : Ineligibility.MissingSkill;
    }

    /// <summary>The requirements still in force after <paramref name="queuedSince"/>: optional skills go after the
    /// timeout, the language after twice the timeout (if allowed). Only drops that change something are recorded.</summary>
    public (TicketRequirements Applied, IReadOnlyList<Relaxation> Relaxed) Relax(TicketRequirements requirements, DateTimeOffset queuedSince)
    {
        var now = time.GetUtcNow();
        var timeout = TimeSpan.FromMinutes(options.SkillTimeoutMinutes);
        var relaxed = new List<Relaxation>();
        var applied = requirements;
        if (applied.OptionalSkills.Count > 0 && now >= queuedSince + timeout)
        {
            applied = applied with { OptionalSkills = new HashSet<string>(StringComparer.OrdinalIgnoreCase) };
            relaxed.Add(new Relaxation(RelaxedOptionalSkills, queuedSince + timeout));
        }

        if (options.RelaxLanguage && applied.Language is not null && now >= queuedSince + 2 * timeout)
        {
            applied = applied with { Language = null };
            relaxed.Add(new Relaxation(RelaxedLanguage, queuedSince + 2 * timeout));
        }

        return (applied, relaxed);
    }

    public RoutingChoice Choose(IReadOnlyList<AgentCandidate> candidates, RoutingRequest request)
    {
        var now = time.GetUtcNow();
        var (applied, relaxed) = Relax(request.Requirements, request.QueuedSince);
        var preferred = options.StickyDays > 0 && request.Previous is { } previous && now - previous.At <= TimeSpan.FromDays(options.StickyDays)
            ? previous.AgentId
            : (int?)null;
        var choice = LeastLoadedBalancer.Choose(
            candidates,
            c => c.AgentId != request.ExcludedAgentId && Check(c, applied, now) == Ineligibility.Eligible,
            preferred);
        return new RoutingChoice(choice, applied, relaxed);
    }

    /// <summary>Whether an assigned ticket waited too long for its assignee: no action since <paramref name="lastActionAt"/>
    /// (the assignment, or the assignee's last status change or comment), and rescues left.</summary>
    public bool IsStalled(TicketPriority priority, DateTimeOffset lastActionAt, DateTimeOffset? dueAt, int rescues)
    {
        if (rescues >= options.MaxRescuesPerTicket)
        {
            return false;
        }

        TimeSpan? patience = options.StallMinutes.TryGetValue(priority, out var minutes)
            ? TimeSpan.FromMinutes(minutes)
            : dueAt is { } due && due > lastActionAt ? (due - lastActionAt) / 2 : null;
        return patience is { } p && time.GetUtcNow() - lastActionAt >= p;
    }

    /// <summary>Whether an unstarted ticket goes back through the balancer because its agent is off shift or absent.</summary>
    public bool ShouldGiveBack(AgentCandidate assignee, bool started) =>
        options.RedistributeOnAbsence && !started && !assignee.Profile.Schedule.IsWorking(time.GetUtcNow());
}
