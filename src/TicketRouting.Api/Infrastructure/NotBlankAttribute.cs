using System.ComponentModel.DataAnnotations;

namespace TicketRouting.Api.Infrastructure;

/// <summary>An optional text that, when given, must not be empty or only spaces.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotBlankAttribute() : ValidationAttribute("The {0} field must not be blank when given.")
{
    public override bool IsValid(object? value) => value is not string text || !string.IsNullOrWhiteSpace(text);
}
