namespace TicketRouting.Data.Entities;

public class Customer
{
    public int Id { get; set; }

    /// <summary>Lower-cased e-mail address: one customer per address.</summary>
    public required string Email { get; set; }
    public string? Name { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Ticket> Tickets { get; set; } = [];
}
