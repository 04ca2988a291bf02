using Microsoft.Extensions.Time.Testing;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Core.Tests.Routing;

/// <summary>The decisions of the routing maintenance: history summed up, rescue, give-back, due relaxations, the off switch.</summary>
public sealed class MaintenancePolicyTests
{
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private const int AssigneeUser = 42;

    private readonly FakeTimeProvider _clock = new(Monday10Utc);

    private RoutingPolicy Policy(Action<RoutingPolicyOptions>? configure = null)
    {
        var options = new RoutingPolicyOptions { SkillTimeoutMinutes = 30 };
        options.StallMinutes[TicketPriority.Medium] = 60;
        configure?.Invoke(options);
        return new RoutingPolicy(options, _clock);
    }

    private static AgentCandidate Agent(int id, int open = 0, string skills = "", WorkSchedule? schedule = null) =>
        new(id, $"agent {id}", open, 10, true, null)
        {
            Profile = new AgentProfile(
                new HashSet<string>(skills.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase),
                new HashSet<string>(StringComparer.OrdinalIgnoreCase),
                schedule ?? WorkSchedule.Always),
        };

    private static TicketAction At(TicketActionKind kind, int minutes, int? user = null) => new(kind, user, Monday10Utc.AddMinutes(minutes));

    private static TicketActivity Activity(params TicketAction[] events) => TicketActivity.From(events, AssigneeUser, Monday10Utc);

    private RescueDecision Rescue(RoutingPolicy policy, IReadOnlyList<AgentCandidate> agents, TicketActivity activity, string required = "") =>
        policy.DecideRescue(agents, 1, TicketPriority.Medium, null, TicketRequirements.Create(null, required.Split(' ', StringSplitOptions.RemoveEmptyEntries), []),
            Monday10Utc, activity);

    [Fact]
    public void From_CountsOnlyTheAssigneesActionsSinceTheAssignment()
    {
        var activity = Activity(
            At(TicketActionKind.Assignment, 0),
            At(TicketActionKind.Action, 5, user: 7), // a supervisor's comment is not the assignee's action
            At(TicketActionKind.Rescue, 10),
            At(TicketActionKind.Action, 20, user: AssigneeUser),
            At(TicketActionKind.StallNoted, 30));

        Assert.Equal(Monday10Utc.AddMinutes(20), activity.LastActionAt);
        Assert.True(activity.Started);
        Assert.Equal(1, activity.Rescues);
        Assert.Equal(Monday10Utc.AddMinutes(30), activity.StallNotedAt);
        Assert.False(Activity(At(TicketActionKind.Assignment, 0), At(TicketActionKind.Action, 5, user: 7)).Started);
    }

    [Fact]
    public void DecideRescue_StalledTicket_GoesToTheLeastLoadedOtherAgentWithTheSkills()
    {
        _clock.Advance(TimeSpan.FromMinutes(61));
        var agents = new[] { Agent(1, skills: "sap"), Agent(2, open: 0), Agent(3, open: 3, skills: "sap"), Agent(4, open: 5, skills: "sap") };

        var decision = Rescue(Policy(), agents, Activity(At(TicketActionKind.Assignment, 0)), required: "sap");

        Assert.Equal(RescueVerdict.Move, decision.Verdict);
        Assert.Equal(3, decision.Target!.AgentId);
    }

    [Fact]
    public void DecideRescue_BeforeThePatienceEnds_OrAfterAnAction_LeavesIt()
    {
        var agents = new[] { Agent(1), Agent(2) };
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(RescueVerdict.Leave, Rescue(Policy(), agents, Activity(At(TicketActionKind.Assignment, 0))).Verdict);

        _clock.Advance(TimeSpan.FromMinutes(30));
        var acted = Activity(At(TicketActionKind.Assignment, 0), At(TicketActionKind.Action, 40, user: AssigneeUser));
        Assert.Equal(RescueVerdict.Leave, Rescue(Policy(), agents, acted).Verdict);
    }

    [Fact]
    public void DecideRescue_MaxRescuesReached_LeavesIt()
    {
        _clock.Advance(TimeSpan.FromHours(5));
        var rescuedOnce = Activity(At(TicketActionKind.Assignment, 0), At(TicketActionKind.Rescue, 61));

        Assert.Equal(RescueVerdict.Leave, Rescue(Policy(), [Agent(1), Agent(2)], rescuedOnce).Verdict);
        Assert.Equal(RescueVerdict.Move, Rescue(Policy(o => o.MaxRescuesPerTicket = 2), [Agent(1), Agent(2)], rescuedOnce).Verdict);
    }

    [Fact]
    public void DecideRescue_NoOtherEligibleAgent_NotesTheStallOnce_UntilTheAssigneeActs()
    {
        _clock.Advance(TimeSpan.FromMinutes(61));
        var agents = new[] { Agent(1), Agent(2, skills: "other") };

        Assert.Equal(RescueVerdict.NoteStall, Rescue(Policy(), agents, Activity(At(TicketActionKind.Assignment, 0)), required: "sap").Verdict);
        var noted = Activity(At(TicketActionKind.Assignment, 0), At(TicketActionKind.StallNoted, 61));
        Assert.Equal(RescueVerdict.Leave, Rescue(Policy(), agents, noted, required: "sap").Verdict);

        _clock.Advance(TimeSpan.FromMinutes(120));
        var actedThenStalledAgain = Activity(At(TicketActionKind.Assignment, 0), At(TicketActionKind.StallNoted, 61), At(TicketActionKind.Action, 90, user: AssigneeUser));
        Assert.Equal(RescueVerdict.NoteStall, Rescue(Policy(), agents, actedThenStalledAgain, required: "sap").Verdict);
    }

    [Fact]
    public void DecideGiveBack_AbsentOrOffShift_UnstartedTicketsGoToAnotherAgentOrTheQueue()
    {
        var absent = Agent(1, schedule: new WorkSchedule(TimeZoneInfo.Utc, [], [new Absence(Monday10Utc, Monday10Utc.AddDays(1))]));
        var offShift = Agent(1, schedule: new WorkSchedule(TimeZoneInfo.Utc, [new ShiftWindow(DayOfWeek.Monday, new TimeOnly(6, 0), new TimeOnly(10, 0))], []));
        var notStarted = Activity(At(TicketActionKind.Assignment, -60));

        var toAgent2 = Policy().DecideGiveBack([absent, Agent(2)], absent, TicketRequirements.None, Monday10Utc, notStarted);
        var toQueue = Policy().DecideGiveBack([offShift], offShift, TicketRequirements.None, Monday10Utc, notStarted);
        var started = Policy().DecideGiveBack([absent, Agent(2)], absent, TicketRequirements.None, Monday10Utc,
            Activity(At(TicketActionKind.Assignment, -60), At(TicketActionKind.Action, -30, user: AssigneeUser)));
        var switchedOff = Policy(o => o.RedistributeOnAbsence = false).DecideGiveBack([absent, Agent(2)], absent, TicketRequirements.None, Monday10Utc, notStarted);

        Assert.Equal((true, RoutingPolicy.CauseAbsent, 2), (toAgent2.GiveBack, toAgent2.Cause, toAgent2.Routing!.Agent!.AgentId));
        Assert.Equal((true, RoutingPolicy.CauseOffShift, (AgentCandidate?)null), (toQueue.GiveBack, toQueue.Cause, toQueue.Routing!.Agent));
        Assert.False(started.GiveBack);
        Assert.False(switchedOff.GiveBack);
    }

    [Fact]
    public void DueRelaxations_OnlyThoseReachedAndNotYetRecorded()
    {
        var requirements = TicketRequirements.Create("fr", [], ["sap"]);
        var policy = Policy();

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Empty(policy.DueRelaxations(requirements, Monday10Utc, []));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([RoutingPolicy.RelaxedOptionalSkills], policy.DueRelaxations(requirements, Monday10Utc, []).Select(r => r.Requirement));
        _clock.Advance(TimeSpan.FromMinutes(30));
        var due = policy.DueRelaxations(requirements, Monday10Utc, [RoutingPolicy.RelaxedOptionalSkills]);
        Assert.Equal((RoutingPolicy.RelaxedLanguage, Monday10Utc.AddMinutes(60)), (due.Single().Requirement, due.Single().At));
    }

    [Fact]
    public void PoliciesSwitchedOff_PlainLeastLoaded_AndNoMaintenance()
    {
        var absent = new WorkSchedule(TimeZoneInfo.Utc, [], [new Absence(Monday10Utc, Monday10Utc.AddDays(1))]);
        var agents = new[] { Agent(1, open: 0, schedule: absent), Agent(2, open: 1, skills: "sap") };
        var off = Policy(o => o.Policies.Enabled = false);
        _clock.Advance(TimeSpan.FromHours(5));

        var choice = off.Choose(agents, new RoutingRequest(TicketRequirements.Create("fr", ["sap"], []), Monday10Utc));

        Assert.Equal(1, choice.Agent!.AgentId);
        Assert.Equal(RescueVerdict.Leave, Rescue(off, agents, Activity(At(TicketActionKind.Assignment, 0))).Verdict);
        Assert.False(off.DecideGiveBack(agents, agents[0], TicketRequirements.None, Monday10Utc, Activity()).GiveBack);
        Assert.Empty(off.DueRelaxations(TicketRequirements.Create("fr", [], ["sap"]), Monday10Utc, []));
    }
}
