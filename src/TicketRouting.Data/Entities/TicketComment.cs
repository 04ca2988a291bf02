namespace TicketRouting.Data.Entities;

public class TicketComment
{
    public long Id { get; set; }
    public int TicketId { get; set; }
    public int? AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public required string AuthorRole { get; set; }
    public required string Body { get; set; }

    /// <summary>Internal notes are never shown to the portal.</summary>
    public bool IsInternal { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
