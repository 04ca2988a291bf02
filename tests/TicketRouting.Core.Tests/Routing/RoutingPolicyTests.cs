using Microsoft.Extensions.Time.Testing;
using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing;
using TicketRouting.Core.Routing.Policies;

namespace TicketRouting.Core.Tests.Routing;

public sealed class RoutingPolicyTests
{
    // Monday 30 November 2026, 10:00 UTC = 11:00 in Paris.
    private static readonly DateTimeOffset Monday10Utc = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private readonly FakeTimeProvider _clock = new(Monday10Utc);

    private RoutingPolicy Policy(Action<RoutingPolicyOptions>? configure = null)
    {
        var options = new RoutingPolicyOptions { SkillTimeoutMinutes = 30 };
        configure?.Invoke(options);
        return new RoutingPolicy(options, _clock);
    }

    private static AgentCandidate Agent(
        int id, int open = 0, int capacity = 10, string languages = "", string skills = "", WorkSchedule? schedule = null) =>
        new(id, $"agent {id}", open, capacity, true, null)
        {
            Profile = new AgentProfile(Set(skills), Set(languages), schedule ?? WorkSchedule.Always),
        };

    private static HashSet<string> Set(string words) =>
        new(words.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase);

    private static WorkSchedule NineToFive(params Absence[] absences) => new(
        Paris, [.. Enum.GetValues<DayOfWeek>().Where(d => d is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
            .Select(d => new ShiftWindow(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))], absences);

    private static RoutingRequest Ticket(string? language = null, string required = "", string optional = "", DateTimeOffset? queuedSince = null,
        PreviousTicket? previous = null, int? excluded = null) =>
        new(TicketRequirements.Create(language, Set(required), Set(optional)), queuedSince ?? Monday10Utc, previous, excluded);

    [Fact]
    public void Choose_OnlyAgentsWhoSpeakTheLanguageAndHaveTheSkills_EvenIfMoreLoaded()
    {
        var agents = new[] { Agent(1, open: 0, languages: "en"), Agent(2, open: 1, languages: "fr", skills: "sap"), Agent(3, open: 2, languages: "fr en", skills: "sap") };

        var choice = Policy().Choose(agents, Ticket("fr", required: "sap"));

        Assert.Equal(2, choice.Agent!.AgentId);
        Assert.Empty(choice.Relaxations);
    }

    [Fact]
    public void Choose_RequiredSkillNobodyOnShiftHas_WaitsInTheQueueAndIsNeverRelaxed()
    {
        // The SAP expert works in Paris from 9 to 17: on Monday at 18:00 Paris time nobody on shift has the skill.
        _clock.SetUtcNow(Monday10Utc.AddHours(7));
        var agents = new[] { Agent(1, schedule: NineToFive(), skills: "sap"), Agent(2) };

        var now = Policy().Choose(agents, Ticket(required: "sap"));
        _clock.Advance(TimeSpan.FromHours(5));
        var later = Policy().Choose(agents, Ticket(required: "sap", queuedSince: Monday10Utc.AddHours(7)));

        Assert.Null(now.Agent);
        Assert.Equal(LeastLoadedBalancer.NoEligibleAgent, now.Balancer.TieBreak);
        Assert.Null(later.Agent);
        Assert.Empty(later.Relaxations);
        Assert.Equal(Ineligibility.OffShift, RoutingPolicy.Check(agents[0], TicketRequirements.None, _clock.GetUtcNow()));
    }

    [Fact]
    public void Choose_AfterTheSkillTimeout_DropsOptionalSkillsThenTheLanguage_AndRecordsWhen()
    {
        var agents = new[] { Agent(1, languages: "en") };
        var request = Ticket("fr", optional: "sap");

        var before = Policy().Choose(agents, request);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var afterSkills = Policy().Choose(agents, request);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var afterLanguage = Policy().Choose(agents, request);

        Assert.Null(before.Agent);
        Assert.Null(afterSkills.Agent);
        Assert.Equal([new Relaxation(RoutingPolicy.RelaxedOptionalSkills, Monday10Utc.AddMinutes(30))], afterSkills.Relaxations);
        Assert.Equal(1, afterLanguage.Agent!.AgentId);
        Assert.Equal(
            [new Relaxation(RoutingPolicy.RelaxedOptionalSkills, Monday10Utc.AddMinutes(30)), new Relaxation(RoutingPolicy.RelaxedLanguage, Monday10Utc.AddMinutes(60))],
            afterLanguage.Relaxations);
    }

    [Fact]
    public void Choose_LanguageRelaxationSwitchedOff_KeepsWaiting()
    {
        _clock.Advance(TimeSpan.FromHours(3));

        var choice = Policy(o => o.RelaxLanguage = false).Choose([Agent(1, languages: "en")], Ticket("fr"));

        Assert.Null(choice.Agent);
        Assert.Empty(choice.Relaxations);
    }

    [Fact]
    public void Choose_AbsentAgent_GetsNothing()
    {
        var agents = new[] { Agent(1, schedule: NineToFive(new Absence(Monday10Utc.AddDays(-1), Monday10Utc.AddDays(2)))), Agent(2, open: 4) };

        var choice = Policy().Choose(agents, Ticket());

        Assert.Equal(2, choice.Agent!.AgentId);
        Assert.Equal(Ineligibility.Absent, RoutingPolicy.Check(agents[0], TicketRequirements.None, Monday10Utc));
    }

    [Fact]
    public void Choose_ReturningCustomer_GoesToTheLastAgentWithinOneTicketOfTheLeastLoaded()
    {
        var agents = new[] { Agent(1, open: 3), Agent(2, open: 2) };

        var choice = Policy().Choose(agents, Ticket(previous: new PreviousTicket(1, Monday10Utc.AddDays(-3))));

        Assert.Equal(1, choice.Agent!.AgentId);
        Assert.Equal(LeastLoadedBalancer.TieBreakReturningCustomer, choice.Balancer.TieBreak);
    }

    [Theory]
    [InlineData(4, 10, 2, "two tickets more than the least loaded")]
    [InlineData(5, 5, 2, "at capacity")]
    [InlineData(3, 10, 20, "last ticket older than StickyDays")]
    public void Choose_ReturningCustomer_FallsBackToTheNormalRule(int open, int capacity, int daysAgo, string why)
    {
        var agents = new[] { Agent(1, open: open, capacity: capacity), Agent(2, open: 2) };

        var choice = Policy().Choose(agents, Ticket(previous: new PreviousTicket(1, Monday10Utc.AddDays(-daysAgo))));

        Assert.True(choice.Agent!.AgentId == 2, why);
        Assert.NotEqual(LeastLoadedBalancer.TieBreakReturningCustomer, choice.Balancer.TieBreak);
    }

    [Fact]
    public void Choose_ReturningCustomerWhoseAgentIsOverCapacity_GoesToTheLeastLoadedEligibleAgent()
    {
        // Agent 1 holds more than their (lowered) capacity: the preference never overrides the capacity.
        var agents = new[] { Agent(1, open: 6, capacity: 5), Agent(2, open: 5), Agent(3, open: 4) };

        var choice = Policy().Choose(agents, Ticket(previous: new PreviousTicket(1, Monday10Utc.AddDays(-1))));

        Assert.Equal(3, choice.Agent!.AgentId);
        Assert.Equal(Ineligibility.AtCapacity, RoutingPolicy.Check(agents[0], TicketRequirements.None, Monday10Utc));
    }

    [Fact]
    public void Choose_AllPoliciesTogether_EachFiltersItsAgents_ThenTheTimeoutRelaxesOnlyWhatIsOptional()
    {
        var weekendOnly = new WorkSchedule(Paris, [new ShiftWindow(DayOfWeek.Saturday, new TimeOnly(9, 0), new TimeOnly(17, 0))], []);
        var agents = new[]
        {
            Agent(1, languages: "fr", skills: "sap billing", schedule: NineToFive(new Absence(Monday10Utc.AddHours(-1), Monday10Utc.AddDays(1)))),
            Agent(2, languages: "en", skills: "sap billing"),                           // wrong language
            Agent(3, languages: "fr", skills: "sap billing", schedule: weekendOnly),     // off shift
            Agent(4, open: 5, languages: "fr", skills: "sap billing", schedule: NineToFive()),
            Agent(5, languages: "fr", skills: "billing", schedule: NineToFive()),       // no SAP
        };
        var policy = Policy();
        // The returning customer's last agent (1) is absent: the preference does not apply.
        var request = Ticket("fr", required: "billing", optional: "sap", previous: new PreviousTicket(1, Monday10Utc.AddDays(-2)));

        var first = policy.Choose(agents, request);
        _clock.Advance(TimeSpan.FromMinutes(30));
        var later = policy.Choose(agents, request);

        Assert.Equal(4, first.Agent!.AgentId);
        Assert.Empty(first.Relaxations);
        Assert.Equal(5, later.Agent!.AgentId); // the optional skill dropped; the language and the required skill kept
        Assert.Equal([RoutingPolicy.RelaxedOptionalSkills], later.Relaxations.Select(r => r.Requirement));
        Assert.Equal("fr", later.Applied.Language);
        Assert.Equal(["billing"], later.Applied.RequiredSkills);
    }

    [Fact]
    public void Relax_NothingToDrop_KeepsTheSameRequirements()
    {
        var requirements = TicketRequirements.Create(null, ["sap"], []);
        _clock.Advance(TimeSpan.FromHours(5));

        var (applied, relaxed) = Policy().Relax(requirements, Monday10Utc);

        Assert.Same(requirements, applied);
        Assert.Empty(relaxed);
    }

    [Fact]
    public void IsStalled_DefaultsToHalfTheTimeToDue_AndRescuesOnce()
    {
        var policy = Policy();
        var due = Monday10Utc.AddHours(8);

        Assert.False(policy.IsStalled(TicketPriority.High, Monday10Utc, due, rescues: 0));
        _clock.Advance(TimeSpan.FromHours(4));
        Assert.True(policy.IsStalled(TicketPriority.High, Monday10Utc, due, rescues: 0));
        Assert.False(policy.IsStalled(TicketPriority.High, Monday10Utc, due, rescues: 1));
    }

    [Fact]
    public void IsStalled_PerPrioritySetting_WinsOverTheSla()
    {
        var policy = Policy(o => o.StallMinutes[TicketPriority.Critical] = 15);
        _clock.Advance(TimeSpan.FromMinutes(15));

        Assert.True(policy.IsStalled(TicketPriority.Critical, Monday10Utc, Monday10Utc.AddHours(2), rescues: 0));
        Assert.False(policy.IsStalled(TicketPriority.Low, Monday10Utc, Monday10Utc.AddHours(72), rescues: 0));
    }

    [Fact]
    public void Rescue_NoOtherEligibleAgent_LeavesTheTicketWhereItIs()
    {
        // The only other agent does not speak French: the rescue excludes the current assignee and finds nobody.
        var agents = new[] { Agent(1, open: 3, languages: "fr"), Agent(2, open: 0, languages: "en") };

        var choice = Policy().Choose(agents, Ticket("fr", excluded: 1));

        Assert.Null(choice.Agent);
    }

    [Fact]
    public void ShouldGiveBack_WhenTheShiftEnds_OnlyUnstartedTickets()
    {
        var agent = Agent(1, schedule: NineToFive());
        var policy = Policy();

        Assert.False(policy.ShouldGiveBack(agent, started: false));
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero)); // 17:00 in Paris

        Assert.True(policy.ShouldGiveBack(agent, started: false));
        Assert.False(policy.ShouldGiveBack(agent, started: true));
        Assert.False(Policy(o => o.RedistributeOnAbsence = false).ShouldGiveBack(agent, started: false));
    }

    [Fact]
    public void IsOnShift_OvernightShift_CoversTheMorningAfter()
    {
        var schedule = new WorkSchedule(Paris, [new ShiftWindow(DayOfWeek.Monday, new TimeOnly(22, 0), new TimeOnly(6, 0))], []);

        Assert.True(schedule.IsOnShift(new DateTimeOffset(2026, 11, 30, 21, 30, 0, TimeSpan.Zero))); // Mon 22:30 Paris
        Assert.True(schedule.IsOnShift(new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero)));    // Tue 05:00 Paris
        Assert.False(schedule.IsOnShift(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero)));   // Tue 07:00 Paris
    }

    [Theory]
    [InlineData("Facture de mars", "Bonjour, ma facture est fausse, j'ai été prélevé deux fois", "fr")]
    [InlineData("Settings crash", "The app crashes with an error when I open the settings", "en")]
    [InlineData("Rechnung", "Hallo, ich habe die Rechnung nicht bekommen, bitte senden Sie sie noch einmal", "de")]
    [InlineData("Factura", "Hola, no puedo descargar mi factura desde la web, gracias", "es")]
    [InlineData("SAP", "ERP-4411", null)]
    public void Detect_GuessesTheLanguageOfTicketText(string subject, string description, string? expected)
    {
        Assert.Equal(expected, LanguageDetector.Detect(subject, description));
    }
}
