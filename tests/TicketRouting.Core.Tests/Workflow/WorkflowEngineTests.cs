using TicketRouting.Core.Workflow;

namespace TicketRouting.Core.Tests.Workflow;

public sealed class WorkflowEngineTests
{
    private static TicketFacts Facts() => new()
    {
        Department = "billing",
        Priority = "low",
        Status = "open",
        Tags = new(StringComparer.OrdinalIgnoreCase) { "vip" },
        CustomerEmail = "Claire@BigCorp.example",
        Subject = "Facture",
        Description = "Le montant prélevé est erroné",
        Confidence = 0.7,
    };

    private static WorkflowRule Rule(string name, WorkflowConditions conditions, bool stop = false, params WorkflowAction[] actions) =>
        new(0, name, ["ticket.status_changed"], conditions, actions, stop);

    [Theory]
    [InlineData("preleve", true)]
    [InlineData("PRÉLEVÉ est", true)]
    [InlineData("prel", false)]
    [InlineData("erronée", false)]
    public void Words_MatchWholeWordsIgnoringCaseAndAccents(string word, bool expected) =>
        Assert.Equal(expected, WorkflowEngine.Matches(new WorkflowConditions { Words = [word] }, Facts()));

    [Theory]
    [InlineData("bigcorp.example", true)]
    [InlineData("@BIGCORP.example", true)]
    [InlineData("corp.example", false)]
    public void CustomerDomain_IsTheWholeDomain(string domain, bool expected) =>
        Assert.Equal(expected, WorkflowEngine.Matches(new WorkflowConditions { CustomerDomains = [domain] }, Facts()));

    [Fact]
    public void Confidence_WithoutARoutingRecord_MatchesNoBound()
    {
        var facts = new TicketFacts { Department = "billing", Priority = "low", Status = "open", Confidence = null };
        Assert.False(WorkflowEngine.Matches(new WorkflowConditions { MinConfidence = 0 }, facts));
        Assert.True(WorkflowEngine.Matches(new WorkflowConditions(), facts));
    }

    [Fact]
    public void Plan_OtherEvents_DoNotRunTheRule()
    {
        var rule = Rule("r", new WorkflowConditions(), false, new WorkflowAction(WorkflowActionTypes.AddTag, "x"));
        Assert.Empty(WorkflowEngine.Plan([rule], "ticket.reassigned", Facts()));
    }

    [Fact]
    public void Plan_LaterRulesSeeEarlierActions_AndStopEndsEvaluation()
    {
        var rules = new[]
        {
            Rule("route", new WorkflowConditions(), false, new WorkflowAction(WorkflowActionTypes.RouteToDepartment, "technical")),
            Rule("technical only", new WorkflowConditions { Departments = ["technical"] }, true, new WorkflowAction(WorkflowActionTypes.SetPriority, "high")),
            Rule("never", new WorkflowConditions(), false, new WorkflowAction(WorkflowActionTypes.AddTag, "never")),
        };

        var plan = WorkflowEngine.Plan(rules, "ticket.status_changed", Facts());

        Assert.Equal(["route", "technical only"], plan.Select(p => p.Rule.Name));
    }
}
