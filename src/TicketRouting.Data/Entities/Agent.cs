namespace TicketRouting.Data.Entities;

public class Agent
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public int DepartmentId { get; set; }
    public Department Department { get; set; } = null!;
    public bool Available { get; set; } = true;
    public int Capacity { get; set; } = 25;
    public DateTimeOffset? LastAssignedAt { get; set; }
    public int? UserId { get; set; }
    public User? User { get; set; }
    public List<Ticket> Tickets { get; set; } = [];
}
