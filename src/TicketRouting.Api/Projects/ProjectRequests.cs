using System.ComponentModel.DataAnnotations;
using TicketRouting.Api.Infrastructure;

namespace TicketRouting.Api.Projects;

public sealed class CreateProjectRequest
{
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{1,19}$", ErrorMessage = "2 to 20 letters or digits, starting with a letter.")]
    public string Key { get; set; } = "";

    [Required, StringLength(100), NotBlank]
    public string Name { get; set; } = "";
}

public sealed class RenameProjectRequest
{
    [Required, StringLength(100), NotBlank]
    public string Name { get; set; } = "";
}

/// <summary>Puts a ticket in a project, or takes it out with <c>null</c>.</summary>
public sealed class SetTicketProjectRequest
{
    [StringLength(20)]
    public string? Project { get; set; }
}

public sealed record ProjectResponse(int Id, string Key, string Name, int Tickets, int OpenTickets, DateTimeOffset CreatedAt);

public sealed record ProjectStats(
    string Key, string Name, int Total, Dictionary<string, int> ByStatus, Dictionary<string, int> ByPriority,
    Dictionary<string, int> ByDepartment, int Overdue);
