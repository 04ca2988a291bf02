using System.ComponentModel.DataAnnotations;
using TicketRouting.Api.Agents;
using TicketRouting.Api.Infrastructure;
using TicketRouting.Core.Domain;

namespace TicketRouting.Api.Tickets;

public sealed class CreateTicketRequest : IValidatableObject
{
    public const int MaxSubject = 200;
    public const int MaxDescription = 20_000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxSkills = 10;

    [Required, StringLength(MaxSubject), PlainText]
    public string Subject { get; set; } = "";

    [Required, StringLength(MaxDescription), PlainText(MultiLine = true)]
    public string Description { get; set; } = "";

    /// <summary>low, medium (default), high or critical.</summary>
    public string? Priority { get; set; }

    public CustomerInput? Customer { get; set; }

    public List<string>? Tags { get; set; }

    /// <summary>Two-letter code (fr, en, de, es ...); when absent, detected from the text.</summary>
    public string? Language { get; set; }

    /// <summary>Skills the agent must have (never relaxed).</summary>
    public List<string>? Skills { get; set; }

    /// <summary>Skills the agent should have; dropped after <c>Routing:SkillTimeoutMinutes</c> in the queue.</summary>
    public List<string>? OptionalSkills { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Language is not null && !ProfileTags.IsLanguage(Language))
        {
            yield return new ValidationResult($"'{Language}' is not a two-letter language code (fr, en, de, es ...).", [nameof(Language)]);
        }

        foreach (var error in ValidateSkills(Skills, nameof(Skills)).Concat(ValidateSkills(OptionalSkills, nameof(OptionalSkills))))
        {
            yield return error;
        }

        if (Priority is not null && !PriorityNames.TryParse(Priority, out _))
        {
            yield return new ValidationResult($"Unknown priority '{Priority}': use one of {PriorityNames.List}.", [nameof(Priority)]);
        }

        foreach (var error in TagRules.Validate(Tags))
        {
            yield return error;
        }

        if (Customer is not null)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(Customer, new ValidationContext(Customer), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult(result.ErrorMessage, result.MemberNames.Select(m => $"customer.{m}"));
            }
        }
    }

    private static IEnumerable<ValidationResult> ValidateSkills(List<string>? skills, string field)
    {
        if (skills is { Count: > MaxSkills })
        {
            yield return new ValidationResult($"At most {MaxSkills} skills.", [field]);
        }

        foreach (var skill in (skills ?? []).Where(s => !ProfileTags.IsSkill(s)))
        {
            yield return new ValidationResult($"'{skill}' is not a skill tag (letters, digits and '-', up to 40).", [field]);
        }
    }
}

public sealed class CustomerInput
{
    [Required, EmailAddress, StringLength(254)]
    public string Email { get; set; } = "";

    [StringLength(200), PlainText]
    public string? Name { get; set; }
}

public sealed class ReassignTicketRequest : IValidatableObject
{
    public int? AgentId { get; set; }
    public int? DepartmentId { get; set; }

    [Required, StringLength(1000)]
    public string Reason { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AgentId is null && DepartmentId is null)
        {
            yield return new ValidationResult("Give agentId, departmentId, or both.", [nameof(AgentId), nameof(DepartmentId)]);
        }
    }
}

public static class TagRules
{
    public static IEnumerable<ValidationResult> Validate(List<string>? tags)
    {
        if (tags is null)
        {
            yield break;
        }

        if (tags.Count > CreateTicketRequest.MaxTags)
        {
            yield return new ValidationResult($"At most {CreateTicketRequest.MaxTags} tags.", ["Tags"]);
        }

        if (tags.Any(t => string.IsNullOrWhiteSpace(t) || t.Trim().Length > CreateTicketRequest.MaxTagLength))
        {
            yield return new ValidationResult($"Tags are 1 to {CreateTicketRequest.MaxTagLength} characters.", ["Tags"]);
        }
    }

    public static List<string> Normalize(IEnumerable<string>? tags) =>
        tags?.Select(t => t.Trim().ToLowerInvariant()).Distinct().ToList() ?? [];
}
