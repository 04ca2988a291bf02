namespace TicketRouting.Data.Entities;

/// <summary>
/// A workflow rule as an admin saved it. Conditions and actions are JSON (the shapes of
/// TicketRouting.Core.Workflow): the rule is always read and applied whole, never queried by its parts.
/// </summary>
public class WorkflowRuleEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Rules run by ascending position, then id.</summary>
    public int Position { get; set; }

    /// <summary>Space-separated trigger events, e.g. "ticket.created ticket.status_changed".</summary>
    public required string Events { get; set; }

    public required string ConditionsJson { get; set; }
    public required string ActionsJson { get; set; }
    public bool Stop { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
