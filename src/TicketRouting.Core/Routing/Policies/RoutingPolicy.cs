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

        return agent.Profile.HasSkills(requirements) ? Ineligibility.Eligible : Ineligibility.MissingSkill;
    }

    /// <summary>The requirements still in force after <paramref name="queuedSince"/>: optional skills go after the
    /// timeout, the language after twice the timeout (if allowed). Only drops that change something are recorded.</summary>
    public (TicketRequirements Applied, IReadOnlyList<Relaxation> Relaxed) Relax(TicketRequirements requirements, DateTimeOffset queuedSince)
    {
        var now = time.GetUtcNow();
        var timeout = TimeSpan.FromMinutes(options.SkillTimeoutMinutes);
        var dropSkills = requirements.OptionalSkills.Count > 0 && now >= queuedSince + timeout;
        var dropLanguage = options.RelaxLanguage && requirements.Language is not null && now >= queuedSince + 2 * timeout;
        if (!dropSkills && !dropLanguage)
        {
            return (requirements, []); // nothing dropped (every new ticket): no list, no copy
        }

        var relaxed = new List<Relaxation>();
        var applied = requirements;
        if (dropSkills)
        {
            applied = applied with { OptionalSkills = new HashSet<string>(StringComparer.OrdinalIgnoreCase) };
            relaxed.Add(new Relaxation(RelaxedOptionalSkills, queuedSince + timeout));
        }

        if (dropLanguage)
        {
            applied = applied with { Language = null };
            relaxed.Add(new Relaxation(RelaxedLanguage, queuedSince + 2 * timeout));
        }

        return (applied, relaxed);
    }

    public RoutingChoice Choose(IReadOnlyList<AgentCandidate> candidates, RoutingRequest request)
    {
        if (!options.Policies.Enabled)
        {
            // Plain least-loaded: available and below capacity, nothing else.
            var plain = LeastLoadedBalancer.Choose(candidates, c => c.IsEligible && c.AgentId != request.ExcludedAgentId, null);
            return new RoutingChoice(plain, TicketRequirements.None, []);
        }

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

    /// <summary>
    /// The stalled-ticket rescue for an assigned ticket: stalled (no action by the assignee for its patience) and rescues
    /// left → another eligible agent of <paramref name="department"/> (the policies apply, the assignee is excluded);
    /// nobody → the stall is noted, once per stall (not again until the assignee acts or the ticket moves).
    /// </summary>
    public RescueDecision DecideRescue(
        IReadOnlyList<AgentCandidate> department, int assigneeId, TicketPriority priority, DateTimeOffset? dueAt,
        TicketRequirements requirements, DateTimeOffset queuedSince, TicketActivity activity)
    {
        if (!options.Policies.Enabled || !IsStalled(priority, activity.LastActionAt, dueAt, activity.Rescues))
        {
            return new RescueDecision(RescueVerdict.Leave, null);
        }

        var routing = Choose(department, new RoutingRequest(requirements, queuedSince, ExcludedAgentId: assigneeId));
        if (routing.Agent is not null)
        {
            return new RescueDecision(RescueVerdict.Move, routing);
        }

        return activity.StallNotedAt is { } noted && noted >= activity.LastActionAt
            ? new RescueDecision(RescueVerdict.Leave, null)
            : new RescueDecision(RescueVerdict.NoteStall, routing);
    }

    public const string CauseAbsent = "absence";
    public const string CauseOffShift = "shift-ended";

    /// <summary>
    /// The give-back for an <c>open</c> ticket: its agent is absent or off shift and has not started it (no status change, no
    /// comment by them) → it goes back through the balancer, to another eligible agent of the department or to its queue.
    /// </summary>
    public GiveBackDecision DecideGiveBack(
        IReadOnlyList<AgentCandidate> department, AgentCandidate assignee, TicketRequirements requirements, DateTimeOffset queuedSince,
        TicketActivity activity)
    {
        if (!options.Policies.Enabled || !ShouldGiveBack(assignee, activity.Started))
        {
            return new GiveBackDecision(false, null, null);
        }

        var cause = assignee.Profile.Schedule.IsAbsent(time.GetUtcNow()) ? CauseAbsent : CauseOffShift;
        return new GiveBackDecision(true, cause, Choose(department, new RoutingRequest(requirements, queuedSince, ExcludedAgentId: assignee.AgentId)));
    }

    /// <summary>The relaxations a queued ticket has reached and its history does not record yet (names in <paramref name="recorded"/>).</summary>
    public IReadOnlyList<Relaxation> DueRelaxations(TicketRequirements requirements, DateTimeOffset queuedSince, IReadOnlyCollection<string> recorded) =>
        !options.Policies.Enabled ? [] : [.. Relax(requirements, queuedSince).Relaxed.Where(r => !recorded.Contains(r.Requirement))];
}
