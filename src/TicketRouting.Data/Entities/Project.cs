namespace TicketRouting.Data.Entities;

/// <summary>A group of tickets (optional on a ticket), with a unique short key such as <c>WEB</c>.</summary>
public class Project
{
    public int Id { get; set; }
    public required string Key { get; set; }
    public required string Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
