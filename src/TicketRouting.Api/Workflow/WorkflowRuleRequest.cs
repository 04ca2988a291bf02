using System.ComponentModel.DataAnnotations;
using TicketRouting.Api.Tickets;
using TicketRouting.Core.Workflow;
using TicketRouting.Data.Entities;

namespace TicketRouting.Api.Workflow;

public sealed class WorkflowActionRequest
{
    public string? Type { get; set; }
    public string? Value { get; set; }
}

/// <summary>A rule as the admin API takes it. Department slugs and subscription ids are checked against the database by the handler.</summary>
public sealed class WorkflowRuleRequest : IValidatableObject
{
    public const int MaxActions = 10;

    /// <summary>Events a rule can run on: the changes that evaluate rules.</summary>
    public static readonly string[] Triggers = [WebhookEventTypes.Created, WebhookEventTypes.StatusChanged, WebhookEventTypes.Reassigned];

    [Required, StringLength(100, MinimumLength = 1)]
    public string Name { get; set; } = "";

    public int Position { get; set; }

    [Required]
    public List<string> Events { get; set; } = [];

    public WorkflowConditions Conditions { get; set; } = new();

    [Required]
    public List<WorkflowActionRequest> Actions { get; set; } = [];

    public bool Stop { get; set; }
    public bool Active { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Events.Count == 0 || Events.Any(e => !Triggers.Contains(e)))
        {
            yield return new($"Give one or more of {string.Join(", ", Triggers)}.", [nameof(Events)]);
        }

        foreach (var error in ValidateConditions(Conditions ?? new()))
        {
            yield return error;
        }

        if (Actions.Count is 0 or > MaxActions)
        {
            yield return new($"Give 1 to {MaxActions} actions.", [nameof(Actions)]);
        }

        for (var i = 0; i < Actions.Count; i++)
        {
            if (ValidateAction(Actions[i]) is { } message)
            {
                yield return new(message, [$"actions[{i}]"]);
            }
        }
    }

    private static IEnumerable<ValidationResult> ValidateConditions(WorkflowConditions c)
    {
        if (c.Priorities?.Any(p => !PriorityNames.TryParse(p, out _)) == true)
        {
            yield return new($"Priorities are {PriorityNames.List}.", ["conditions.priorities"]);
        }

        if (c.Statuses?.Any(s => !StatusNames.TryParse(s, out _)) == true)
        {
            yield return new($"Statuses are {StatusNames.List}.", ["conditions.statuses"]);
        }

        if (c.Words?.Any(w => string.IsNullOrWhiteSpace(w) || w.Length > 100) == true)
        {
            yield return new("Words are 1 to 100 characters.", ["conditions.words"]);
        }

        if (c.Tags?.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > CreateTicketRequest.MaxTagLength) == true)
        {
            yield return new($"Tags are 1 to {CreateTicketRequest.MaxTagLength} characters.", ["conditions.tags"]);
        }

        if (c.CustomerDomains?.Any(d => !IsDomain(d)) == true)
        {
            yield return new("Customer domains look like example.com.", ["conditions.customerDomains"]);
        }

        if (c.MinConfidence is < 0 or > 1 || c.MaxConfidence is < 0 or > 1 || c.MinConfidence > c.MaxConfidence)
        {
            yield return new("Confidence bounds are between 0 and 1, the minimum not above the maximum.", ["conditions.minConfidence"]);
        }
    }

    private static bool IsDomain(string? domain) =>
        domain is { Length: > 2 and <= 253 } && domain.Contains('.') && !domain.Contains('@')
        && Uri.CheckHostName(domain) == UriHostNameType.Dns;

    private static string? ValidateAction(WorkflowActionRequest action) => action.Type switch
    {
        null => $"Each action needs a type: {string.Join(", ", WorkflowActionTypes.All)}.",
        WorkflowActionTypes.SetPriority when !PriorityNames.TryParse(action.Value ?? "", out _) => $"set_priority takes {PriorityNames.List}.",
        WorkflowActionTypes.AddTag when action.Value is not { Length: > 0 } v || v.Trim().Length is 0 || v.Trim().Length > CreateTicketRequest.MaxTagLength =>
            $"add_tag takes a tag of 1 to {CreateTicketRequest.MaxTagLength} characters.",
        WorkflowActionTypes.RouteToDepartment when string.IsNullOrWhiteSpace(action.Value) => "route_to_department takes a department slug.",
        WorkflowActionTypes.AddNote when action.Value is not { Length: > 0 and <= 2000 } || string.IsNullOrWhiteSpace(action.Value) =>
            "add_note takes a note of 1 to 2000 characters.",
        WorkflowActionTypes.SendWebhook when !int.TryParse(action.Value, out _) => "send_webhook takes a webhook subscription id.",
        _ when !WorkflowActionTypes.All.Contains(action.Type) => $"Unknown action '{action.Type}': use {string.Join(", ", WorkflowActionTypes.All)}.",
        _ => null,
    };
}
