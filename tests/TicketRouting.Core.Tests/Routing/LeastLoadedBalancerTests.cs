using TicketRouting.Core.Routing;

namespace TicketRouting.Core.Tests.Routing;

public sealed class LeastLoadedBalancerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static AgentCandidate Agent(int id, int open, int capacity = 10, bool available = true, DateTimeOffset? last = null) =>
        new(id, $"agent {id}", open, capacity, available, last);

    [Fact]
    public void Choose_DifferentLoads_PicksFewestOpenTickets()
    {
        var choice = LeastLoadedBalancer.Choose([Agent(1, 3), Agent(2, 1), Agent(3, 2)]);

        Assert.Equal(2, choice.Agent!.AgentId);
        Assert.Equal(LeastLoadedBalancer.TieBreakLoad, choice.TieBreak);
    }

    [Fact]
    public void Choose_EqualLoads_PicksLeastRecentlyAssigned()
    {
        var choice = LeastLoadedBalancer.Choose([Agent(1, 2, last: T0.AddMinutes(5)), Agent(2, 2, last: T0), Agent(3, 2, last: T0.AddMinutes(1))]);

        Assert.Equal(2, choice.Agent!.AgentId);
        Assert.Equal(LeastLoadedBalancer.TieBreakLastAssigned, choice.TieBreak);
    }

    [Fact]
    public void Choose_NeverAssigned_CountsAsLeastRecent()
    {
        var choice = LeastLoadedBalancer.Choose([Agent(1, 0, last: T0), Agent(2, 0, last: null)]);

        Assert.Equal(2, choice.Agent!.AgentId);
    }

    [Fact]
    public void Choose_FullTie_PicksLowestId()
    {
        var choice = LeastLoadedBalancer.Choose([Agent(7, 1, last: T0), Agent(4, 1, last: T0), Agent(9, 1, last: T0)]);

        Assert.Equal(4, choice.Agent!.AgentId);
        Assert.Equal(LeastLoadedBalancer.TieBreakLowestId, choice.TieBreak);
    }

    [Fact]
    public void Choose_SkipsUnavailableAndFullAgents_EvenWhenLeastLoaded()
    {
        var choice = LeastLoadedBalancer.Choose([Agent(1, 0, available: false), Agent(2, 5, capacity: 5), Agent(3, 4, capacity: 5)]);

        Assert.Equal(3, choice.Agent!.AgentId);
        Assert.Equal(LeastLoadedBalancer.TieBreakNone, choice.TieBreak);
    }

    [Fact]
    public void Choose_NoEligibleAgent_ReturnsNoneAndKeepsCandidatesForTheRecord()
    {
        var candidates = new[] { Agent(1, 0, available: false), Agent(2, 3, capacity: 3), Agent(3, 0, capacity: 0) };

        var choice = LeastLoadedBalancer.Choose(candidates);

        Assert.Null(choice.Agent);
        Assert.Equal(LeastLoadedBalancer.NoEligibleAgent, choice.TieBreak);
        Assert.Equal(3, choice.Candidates.Count);
    }

    [Fact]
    public void Choose_RepeatedClaims_KeepLoadsWithinOne()
    {
        var agents = Enumerable.Range(1, 5).Select(i => Agent(i, 0, capacity: 100)).ToList();
        var clock = T0;

        for (var n = 0; n < 97; n++)
        {
            var chosen = LeastLoadedBalancer.Choose(agents).Agent!;
            clock = clock.AddSeconds(1);
            agents[agents.IndexOf(chosen)] = chosen with { OpenTickets = chosen.OpenTickets + 1, LastAssignedAt = clock };
            Assert.True(agents.Max(a => a.OpenTickets) - agents.Min(a => a.OpenTickets) <= 1);
        }

        Assert.Equal(97, agents.Sum(a => a.OpenTickets));
    }
}
