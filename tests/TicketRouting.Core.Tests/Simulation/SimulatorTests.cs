using TicketRouting.Core.Domain;
using TicketRouting.Core.Routing.Policies;
using TicketRouting.Core.Simulation;

namespace TicketRouting.Core.Tests.Simulation;

public sealed class SimulatorTests
{
    // Monday 30 November 2026, midnight UTC.
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static SimulationSettings Settings(int arrivalMinutes = 24 * 60) => new(Start, arrivalMinutes, 24 * 60, new RoutingPolicyOptions());

    private static SimulatedAgent Agent(int id, string languages = "fr en", string skills = "", WorkSchedule? schedule = null) => new(
        id, $"agent {id}", 5,
        new AgentProfile(
            new HashSet<string>(skills.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase),
            new HashSet<string>(languages.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.OrdinalIgnoreCase),
            schedule ?? WorkSchedule.Always));

    private static WorkSchedule NineToFiveUtc() => new(TimeZoneInfo.Utc, [new ShiftWindow(DayOfWeek.Monday, new TimeOnly(9, 0), new TimeOnly(17, 0))], []);

    private static SimulatedArrival Ticket(int minute, string? language = "fr", string? customer = null, double service = 30) =>
        new(minute, TicketPriority.Medium, language, [], customer, service);

    [Fact]
    public void Run_TicketAtNight_LeastLoadedWaitsForTheMorningShift_FullGoesToTheAgentOnShift()
    {
        var agents = new[] { Agent(1, schedule: NineToFiveUtc()), Agent(2) };
        var arrivals = new[] { Ticket(0) };

        var leastLoaded = Simulator.Run(SimulationPolicies.LeastLoaded, agents, arrivals, Settings());
        var full = Simulator.Run(SimulationPolicies.Full, agents, arrivals, Settings());

        Assert.Equal(9 * 60, leastLoaded.WaitMax);
        Assert.Equal(0, full.WaitMax);
        Assert.Equal(1, full.FinishedPerAgent[2]);
    }

    [Fact]
    public void Run_LanguageNobodyOnShiftSpeaks_IsRelaxedAfterTwiceTheTimeout()
    {
        var agents = new[] { Agent(1, languages: "en") };

        var full = Simulator.Run(SimulationPolicies.Full, agents, [Ticket(0, language: "de")], Settings());

        Assert.Equal(60, full.WaitMax);
        Assert.Equal(1, full.Relaxations);
        Assert.Equal(1, full.Finished);
    }

    [Fact]
    public void Run_ShiftEndsBeforeTheTicketStarts_FullGivesItBack()
    {
        // Only agent 1 speaks French; they work 9-17 and spend the day on a long ticket, so the second French ticket
        // is still unstarted at 17:00 when their shift ends: the full policy gives it back to the queue.
        var busyUntilEvening = new SimulatedArrival(9 * 60, TicketPriority.High, "fr", [], null, 8 * 60 + 30);
        var waiting = new SimulatedArrival(9 * 60 + 1, TicketPriority.Low, "fr", [], null, 10);
        var agents = new[] { Agent(1, schedule: NineToFiveUtc()), Agent(2, languages: "de") };

        var full = Simulator.Run(SimulationPolicies.Full, agents, [busyUntilEvening, waiting], Settings());

        Assert.Equal(1, full.Redistributed);
    }

    [Fact]
    public void Run_SameSeed_SameResult_OtherSeed_OtherArrivals()
    {
        var agents = new[] { Agent(1, skills: "sap"), Agent(2, schedule: NineToFiveUtc()), Agent(3, languages: "de en") };
        var one = SyntheticArrivals.Generate(3, 24, ["sap"], seed: 42);
        var again = SyntheticArrivals.Generate(3, 24, ["sap"], seed: 42);
        var other = SyntheticArrivals.Generate(3, 24, ["sap"], seed: 43);

        var first = Simulator.Run(SimulationPolicies.Full, agents, one, Settings());
        var second = Simulator.Run(SimulationPolicies.Full, agents, again, Settings());

        Assert.Equivalent(one, again, strict: true);
        Assert.NotEqual(one.Select(a => a.Minute), other.Select(a => a.Minute));
        Assert.Equivalent(first, second);
    }

    [Fact]
    public void Run_ReturningCustomer_FullPolicyKeepsTheAgent()
    {
        var agents = new[] { Agent(1), Agent(2) };
        var arrivals = new[] { Ticket(0, customer: "claire"), Ticket(60, customer: "claire") };

        var full = Simulator.Run(SimulationPolicies.Full, agents, arrivals, Settings());
        var leastLoaded = Simulator.Run(SimulationPolicies.LeastLoaded, agents, arrivals, Settings());

        Assert.Equal(1, full.StickyHits);
        Assert.Equal(2, full.FinishedPerAgent[1]);
        Assert.Equal(1, leastLoaded.FinishedPerAgent[2]);
    }

    [Theory]
    [InlineData(new[] { 3, 3, 3 }, 0.0)]
    [InlineData(new[] { 0, 0, 3 }, 0.667)]
    [InlineData(new int[0], 0.0)]
    public void Gini_MeasuresHowUnevenlyTicketsAreSpread(int[] counts, double expected)
    {
        Assert.Equal(expected, SimulationStatistics.Gini(counts), 3);
    }
}
