using TicketRouting.Core.Domain;

namespace TicketRouting.Core.Tests.Domain;

public sealed class TicketLifecycleTests
{
    [Theory]
    [InlineData(TicketStatus.Open, TicketStatus.InProgress, true)]
    [InlineData(TicketStatus.Open, TicketStatus.Closed, true)]
    [InlineData(TicketStatus.Open, TicketStatus.Blocked, false)]
    [InlineData(TicketStatus.InProgress, TicketStatus.Blocked, true)]
    [InlineData(TicketStatus.Blocked, TicketStatus.Closed, false)]
    [InlineData(TicketStatus.Closed, TicketStatus.Open, true)]
    [InlineData(TicketStatus.Closed, TicketStatus.Blocked, false)]
    [InlineData(TicketStatus.Open, TicketStatus.Open, false)]
    public void CanMove_FollowsTheDesignTable(TicketStatus from, TicketStatus to, bool allowed) =>
        Assert.Equal(allowed, TicketLifecycle.CanMove(from, to));

    [Fact]
    public void IsOpen_CountsOpenInProgressAndBlockedAsLoad()
    {
        Assert.Equal([TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Blocked],
            Enum.GetValues<TicketStatus>().Where(TicketLifecycle.IsOpen));
    }
}
