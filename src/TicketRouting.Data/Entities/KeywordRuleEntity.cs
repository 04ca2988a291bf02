namespace TicketRouting.Data.Entities;

public class KeywordRuleEntity
{
    public int Id { get; set; }
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public required string Term { get; set; }
    public double Weight { get; set; }
}

/// <summary>One replacement of the rule set (who, when, how many rules): the audit of PUT /api/classifier/rules.</summary>
public class RuleSetRevision
{
    public int Id { get; set; }
    public required string Version { get; set; }
    public int RuleCount { get; set; }
    public int? ChangedByUserId { get; set; }
    public string? ChangedByName { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
}
