using TicketRouting.Core.Domain;

namespace TicketRouting.Data.Entities;

public class Ticket
{
    /// <summary>Keys are derived from ids (TSK-1001 is id 1) so they can never disagree.</summary>
    public const int KeyOffset = 1000;
    public const string KeyPrefix = "TSK-";

    public int Id { get; set; }
    public required string Subject { get; set; }
    public required string Description { get; set; }
    public TicketPriority Priority { get; set; } = TicketPriority.Medium;
    public TicketStatus Status { get; set; } = TicketStatus.Open;
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public int? AssigneeId { get; set; }
    public Agent? Assignee { get; set; }
    public int? CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public int? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    public int? ProjectId { get; set; }
    public Project? Project { get; set; }

    /// <summary>The id the ticket had in the system it was imported from (CLI import); a second import skips it.</summary>
    public string? SourceId { get; set; }
    public List<TicketAttachment> Attachments { get; set; } = [];
    public List<TicketTag> Tags { get; set; } = [];
    public RoutingRecord? Routing { get; set; }
    public List<TicketEvent> Events { get; set; } = [];

    public string Key => FormatKey(Id);

    public static string FormatKey(int id) => $"{KeyPrefix}{id + KeyOffset}";

    /// <summary>Accepts "42" (id) or "TSK-1042" (key).</summary>
    public static bool TryParseId(string value, out int id)
    {
        if (value.StartsWith(KeyPrefix, StringComparison.OrdinalIgnoreCase)
            && int.TryParse(value.AsSpan(KeyPrefix.Length), out var number) && number > KeyOffset)
        {
            id = number - KeyOffset;
            return true;
        }

        return int.TryParse(value, out id) && id > 0;
    }
}

public class TicketTag
{
    public int TicketId { get; set; }
    public required string Tag { get; set; }
}
