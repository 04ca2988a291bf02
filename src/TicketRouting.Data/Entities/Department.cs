namespace TicketRouting.Data.Entities;

public class Department
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string NameFr { get; set; }
    public required string NameEn { get; set; }

    /// <summary>
    /// Bumped by every assignment in the department. The UPDATE is the department's lock: it is the first
    /// statement of each claim transaction, so claims in one department serialize across processes.
    /// </summary>
    public long AssignmentVersion { get; set; }

    public List<Agent> Agents { get; set; } = [];
}
