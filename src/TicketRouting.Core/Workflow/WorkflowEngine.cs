using TicketRouting.Core.Classification;

namespace TicketRouting.Core.Workflow;

/// <summary>
/// Decides which actions the rules take on one ticket event: rules in order, each applying to the facts as
/// the earlier rules left them, until a matching rule says stop. It runs once per event: the actions it plans
/// do not raise new evaluations, so a rule can never trigger itself (or another rule) in a loop.
/// </summary>
public static class WorkflowEngine
{
    public static List<PlannedAction> Plan(IEnumerable<WorkflowRule> rulesInOrder, string eventType, TicketFacts facts)
    {
        var planned = new List<PlannedAction>();
        foreach (var rule in rulesInOrder)
        {
            if (!rule.Events.Contains(eventType) || !Matches(rule.Conditions, facts))
            {
                continue;
            }

            foreach (var action in rule.Actions)
            {
                planned.Add(new PlannedAction(rule, action));
                Apply(action, facts);
            }

            if (rule.Stop)
            {
                break;
            }
        }

        return planned;
    }

    public static bool Matches(WorkflowConditions c, TicketFacts facts) =>
        AnyOf(c.Departments, facts.Department)
        && AnyOf(c.Priorities, facts.Priority)
        && AnyOf(c.Statuses, facts.Status)
        && (c.Tags is not { Count: > 0 } || c.Tags.Any(facts.Tags.Contains))
        && (c.CustomerDomains is not { Count: > 0 } || c.CustomerDomains.Any(d => HasDomain(facts.CustomerEmail, d)))
        && (c.Words is not { Count: > 0 } || ContainsAnyWord(facts, c.Words))
        && (c.MinConfidence is not { } min || facts.Confidence >= min)
        && (c.MaxConfidence is not { } max || facts.Confidence <= max);

    private static bool AnyOf(IReadOnlyList<string>? values, string actual) =>
        values is not { Count: > 0 } || values.Contains(actual, StringComparer.OrdinalIgnoreCase);

    private static bool HasDomain(string? email, string domain)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return at >= 0 && email![(at + 1)..].Equals(domain.TrimStart('@'), StringComparison.OrdinalIgnoreCase);
    }

    private static bool ContainsAnyWord(TicketFacts facts, IReadOnlyList<string> words)
    {
        var text = $" {string.Join(' ', TextNormalizer.Words($"{facts.Subject} {facts.Description}"))} ";
        return words.Any(w => text.Contains($" {string.Join(' ', TextNormalizer.Words(w))} ", StringComparison.Ordinal));
    }

    private static void Apply(WorkflowAction action, TicketFacts facts)
    {
        switch (action.Type)
        {
            case WorkflowActionTypes.SetPriority:
                facts.Priority = action.Value;
                break;
            case WorkflowActionTypes.AddTag:
                facts.Tags.Add(action.Value);
                break;
            case WorkflowActionTypes.RouteToDepartment:
                facts.Department = action.Value;
                break;
        }
    }
}
