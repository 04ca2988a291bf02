using System.ComponentModel.DataAnnotations;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Users;

public sealed class CreateUserRequest : IValidatableObject
{
    [Required, RegularExpression(@"^[A-Za-z0-9._@-]{3,64}$", ErrorMessage = "3 to 64 letters, digits or . _ @ -")]
    public string Username { get; set; } = "";

    [StringLength(100), NotBlank]
    public string? DisplayName { get; set; }

    [Required, StringLength(256, MinimumLength = UserRules.MinPasswordLength)]
    public string Password { get; set; } = "";

    [Required]
    public string Role { get; set; } = "";

    /// <summary>For role agent: the agent record this login belongs to.</summary>
    public int? AgentId { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => UserRules.ValidateRole(Role, AgentId);
}

public sealed class UpdateUserRequest : IValidatableObject
{
    [StringLength(100), NotBlank]
    public string? DisplayName { get; set; }

    public string? Role { get; set; }
    public int? AgentId { get; set; }
    public bool? Active { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Role is null ? [] : UserRules.ValidateRole(Role, AgentId);
}

public sealed class ResetPasswordRequest
{
    [Required, StringLength(256, MinimumLength = UserRules.MinPasswordLength)]
    public string Password { get; set; } = "";
}

public sealed record UserResponse(
    int Id, string Username, string DisplayName, string Role, bool Active, int? AgentId, DateTimeOffset? LockoutEnd, DateTimeOffset CreatedAt);

public static class UserRules
{
    public const int MinPasswordLength = 12;

    public static IEnumerable<ValidationResult> ValidateRole(string role, int? agentId)
    {
        if (!Roles.IsKnown(role))
        {
            yield return new ValidationResult($"Unknown role '{role}': use {string.Join(", ", Roles.All)}.", ["Role"]);
        }
        else if (agentId is not null && role != Roles.Agent)
        {
            yield return new ValidationResult("Only users of role agent are linked to an agent record.", ["AgentId"]);
        }
    }
}
