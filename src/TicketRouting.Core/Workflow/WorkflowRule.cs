namespace TicketRouting.Core.Workflow;

public static class WorkflowActionTypes
{
    public const string SetPriority = "set_priority";
    public const string AddTag = "add_tag";
    public const string RouteToDepartment = "route_to_department";
    public const string AddNote = "add_note";
    public const string SendWebhook = "send_webhook";

    public static readonly string[] All = [SetPriority, AddTag, RouteToDepartment, AddNote, SendWebhook];
}

/// <summary>
/// What a ticket must look like for a rule to apply. Every given condition must hold; a list matches when any
/// of its values does. Text words and phrases are matched as whole words, ignoring case and accents.
/// </summary>
public sealed record WorkflowConditions
{
    public IReadOnlyList<string>? Departments { get; init; }
    public IReadOnlyList<string>? Priorities { get; init; }
    public IReadOnlyList<string>? Statuses { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public IReadOnlyList<string>? CustomerDomains { get; init; }
    public IReadOnlyList<string>? Words { get; init; }
    public double? MinConfidence { get; init; }
    public double? MaxConfidence { get; init; }
}

/// <summary>One action: <see cref="WorkflowActionTypes"/> with its value (a priority, tag, department slug, note text or subscription id).</summary>
public sealed record WorkflowAction(string Type, string Value);

/// <summary>A rule: on which events, under which conditions, which actions; <c>Stop</c> ends the evaluation after it applies.</summary>
public sealed record WorkflowRule(
    int Id, string Name, IReadOnlyList<string> Events, WorkflowConditions Conditions, IReadOnlyList<WorkflowAction> Actions, bool Stop);

/// <summary>The ticket as the rules see it; the engine updates it as earlier rules' actions apply.</summary>
public sealed class TicketFacts
{
    public required string Department { get; set; }
    public required string Priority { get; set; }
    public required string Status { get; set; }
    public HashSet<string> Tags { get; init; } = new(StringComparer.OrdinalIgnoreCase);
    public string? CustomerEmail { get; init; }
    public string Subject { get; init; } = "";
    public string Description { get; init; } = "";
    public double? Confidence { get; init; }
}

public sealed record PlannedAction(WorkflowRule Rule, WorkflowAction Action);
